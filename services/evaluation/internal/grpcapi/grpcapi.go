// Package grpcapi is the evaluation service's gRPC transport: it turns requests into use-case
// calls and domain values into responses, one file per area. Errors are mapped to statuses once,
// by the platform's error interceptor; the authorization table is Rules.
package grpcapi

import (
	"context"

	"github.com/simpeg-id/simpeg/platform/audit"
	"github.com/simpeg-id/simpeg/platform/database"
	evaluationv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/evaluation/v1"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/app"
)

// Server implements evaluationv1.EvaluationServiceServer.
type Server struct {
	evaluationv1.UnimplementedEvaluationServiceServer
	app *app.App
	db  *database.DB
}

// New returns the transport for a, reading the audit trail from db.
func New(a *app.App, db *database.DB) *Server { return &Server{app: a, db: db} }

// ListAuditRecords reads the audit trail.
func (s *Server) ListAuditRecords(ctx context.Context, req *evaluationv1.ListAuditRecordsRequest) (*evaluationv1.ListAuditRecordsResponse, error) {
	recs, next, err := audit.List(ctx, s.db, audit.QueryOf(req))
	if err != nil {
		return nil, err
	}
	return &evaluationv1.ListAuditRecordsResponse{Records: recs, NextPageToken: next}, nil
}
