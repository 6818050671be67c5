// Package grpcapi is the attendance service's gRPC transport: it turns requests into use-case
// calls and domain values into responses. Errors are mapped to statuses once, by the
// platform's error interceptor; the authorization table is Rules.
package grpcapi

import (
	"context"

	"github.com/simpeg-id/simpeg/platform/audit"
	"github.com/simpeg-id/simpeg/platform/database"
	attendancev1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/attendance/v1"
	"github.com/simpeg-id/simpeg/services/attendance/internal/app"
)

// Server implements attendancev1.AttendanceServiceServer.
type Server struct {
	attendancev1.UnimplementedAttendanceServiceServer
	app *app.App
	db  *database.DB
}

// New returns the transport for a, reading the audit trail from db.
func New(a *app.App, db *database.DB) *Server { return &Server{app: a, db: db} }

// ListAuditRecords reads the audit trail.
func (s *Server) ListAuditRecords(ctx context.Context, req *attendancev1.ListAuditRecordsRequest) (*attendancev1.ListAuditRecordsResponse, error) {
	recs, next, err := audit.List(ctx, s.db, audit.QueryOf(req))
	if err != nil {
		return nil, err
	}
	return &attendancev1.ListAuditRecordsResponse{Records: recs, NextPageToken: next}, nil
}
