// Package grpcapi is the training service's gRPC transport: it turns requests into use-case
// calls and domain values into responses, one file per area. Errors are mapped to statuses once,
// by the platform's error interceptor; the authorization table is Rules.
package grpcapi

import (
	"context"

	"github.com/simpeg-id/simpeg/platform/audit"
	"github.com/simpeg-id/simpeg/platform/database"
	trainingv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/training/v1"
	"github.com/simpeg-id/simpeg/services/training/internal/app"
)

// Server implements trainingv1.TrainingServiceServer.
type Server struct {
	trainingv1.UnimplementedTrainingServiceServer
	app *app.App
	db  *database.DB
}

// New returns the transport for a, reading the audit trail from db.
func New(a *app.App, db *database.DB) *Server { return &Server{app: a, db: db} }

// ListAuditRecords reads the audit trail.
func (s *Server) ListAuditRecords(ctx context.Context, req *trainingv1.ListAuditRecordsRequest) (*trainingv1.ListAuditRecordsResponse, error) {
	recs, next, err := audit.List(ctx, s.db, audit.QueryOf(req))
	if err != nil {
		return nil, err
	}
	return &trainingv1.ListAuditRecordsResponse{Records: recs, NextPageToken: next}, nil
}
