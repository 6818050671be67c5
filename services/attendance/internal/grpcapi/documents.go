package grpcapi

import (
	"context"

	"google.golang.org/genproto/googleapis/api/httpbody"
	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/pbconv"
	"github.com/simpeg-id/simpeg/platform/resource"
	attendancev1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/attendance/v1"
	"github.com/simpeg-id/simpeg/services/attendance/internal/app"
	"github.com/simpeg-id/simpeg/services/attendance/internal/domain"
)

// UploadDocument stores a supporting document for leave (app.UploadDocument).
func (s *Server) UploadDocument(ctx context.Context, req *attendancev1.UploadDocumentRequest) (*attendancev1.UploadDocumentResponse, error) {
	in := req.GetDocument()
	if in == nil {
		return nil, errs.Invalidf("document", "is required")
	}
	d, err := s.app.UploadDocument(ctx, domain.DocumentUpload{FileName: in.GetFileName(), Declared: in.GetContentType(), Content: in.GetContent()},
		in.GetEmployee())
	if err != nil {
		return nil, err
	}
	return &attendancev1.UploadDocumentResponse{Document: documentPB(d)}, nil
}

// GetDocument returns a document's content (app.GetDocument); the gateway serves the body as it
// is, with its media type, and the content-disposition response header names the file.
func (s *Server) GetDocument(ctx context.Context, req *attendancev1.GetDocumentRequest) (*httpbody.HttpBody, error) {
	id, err := resource.NameID(req.GetName(), app.DocumentPrefix, "", "name")
	if err != nil {
		return nil, err
	}
	d, err := s.app.GetDocument(ctx, id)
	if err != nil {
		return nil, err
	}
	// Outside a gRPC call (a direct call in tests) there is no stream to set headers on.
	_ = grpc.SetHeader(ctx, metadata.Pairs("content-disposition", domain.ContentDisposition(d.FileName)))
	return &httpbody.HttpBody{ContentType: d.ContentType, Data: d.Content}, nil
}

func documentPB(d app.Document) *attendancev1.Document {
	pb := &attendancev1.Document{Name: app.DocumentName(d.ID), FileName: d.FileName, ContentType: d.ContentType, Employee: d.Employee,
		Uploader: d.Uploader, SizeBytes: d.Size, Sha256: d.SHA256, CreateTime: pbconv.Timestamp(d.Created)}
	if d.LeaveRequest != "" {
		pb.LeaveRequest = app.LeaveRequestName(d.LeaveRequest)
	}
	return pb
}
