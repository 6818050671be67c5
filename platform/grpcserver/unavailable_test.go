package grpcserver_test

import (
	"errors"
	"fmt"
	"syscall"
	"testing"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/grpcserver"
)

// TestStatusUnavailable: a database failure is UNAVAILABLE with a RetryInfo, never Internal; a
// caller's mistake keeps its kind.
func TestStatusUnavailable(t *testing.T) {
	for _, c := range []struct {
		name      string
		err       error
		code      codes.Code
		retryInfo bool
	}{
		{"refused connection", fmt.Errorf("claiming idempotency key: %w", syscall.ECONNREFUSED), codes.Unavailable, true},
		{"reset connection", fmt.Errorf("reading employee: %w", syscall.ECONNRESET), codes.Unavailable, true},
		{"other failure", errors.New("boom"), codes.Internal, false},
		{"caller's mistake", errs.Invalidf("nip", "must be 18 digits"), codes.InvalidArgument, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			st, _ := grpcserver.Status(c.err)
			if st.Code() != c.code {
				t.Fatalf("code %s, want %s", st.Code(), c.code)
			}
			found := false
			for _, d := range st.Details() {
				if ri, ok := d.(*errdetails.RetryInfo); ok && ri.GetRetryDelay().AsDuration() == grpcserver.UnavailableRetryDelay {
					found = true
				}
			}
			if found != c.retryInfo {
				t.Fatalf("RetryInfo present %v, want %v: %v", found, c.retryInfo, st.Details())
			}
		})
	}
}
