package csvexport

import (
	"context"
	"fmt"
	"strings"

	"google.golang.org/genproto/googleapis/api/httpbody"
	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"
)

// ContentType is the media type of the suite's CSV downloads.
const ContentType = "text/csv; charset=utf-8"

// Download returns data as a CSV file for an RPC answering google.api.HttpBody: the gateway
// sends it with ContentType, and with the content-disposition response header set here naming
// filename (FileName makes one that cannot break the header).
func Download(ctx context.Context, filename string, data []byte) *httpbody.HttpBody {
	// Outside a gRPC call (a direct call in tests) there is no stream to set headers on.
	_ = grpc.SetHeader(ctx, metadata.Pairs("content-disposition", fmt.Sprintf(`attachment; filename="%s"`, filename)))
	return &httpbody.HttpBody{ContentType: ContentType, Data: data}
}

// FileName joins the parts that are not empty with "-" and adds ".csv"; a character other than
// an ASCII letter, a digit, "-" or "_" becomes "_", so that what a caller typed (an agency code,
// say) cannot break the content-disposition header.
func FileName(parts ...string) string {
	kept := make([]string, 0, len(parts))
	for _, p := range parts {
		if p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Map(func(r rune) rune {
		if r == '-' || r == '_' || (r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') {
			return r
		}
		return '_'
	}, strings.Join(kept, "-")) + ".csv"
}
