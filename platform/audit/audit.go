// Package audit records who changed what, when and from where, in the same transaction as the
// change, and reads the trail back for auditors.
package audit

import (
	"context"
	"encoding/base64"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"go.opentelemetry.io/otel/trace"
	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/peer"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/errs"
	auditv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/audit/v1"
)

// Entry is one audited change: the resource changed and what changed.
type Entry struct{ Resource, Detail string }

// Record writes audit records in tx for changes made by the call in ctx, taking the actor,
// action, request id, peer and trace id from the call's context.
func Record(ctx context.Context, tx *database.Tx, now time.Time, entries ...Entry) error {
	if len(entries) == 0 {
		return nil
	}
	g, _ := auth.GrantFrom(ctx)
	actor := g.Subject
	if actor == "" {
		actor = "system"
	}
	action, _ := grpc.Method(ctx)
	if action == "" {
		action = "internal"
	}
	var requestID, from string
	if md, ok := metadata.FromIncomingContext(ctx); ok {
		if v := md.Get("x-request-id"); len(v) > 0 {
			requestID = v[0]
		}
		if v := md.Get("x-forwarded-for"); len(v) > 0 {
			from = v[0]
		}
	}
	if from == "" {
		if p, ok := peer.FromContext(ctx); ok && p.Addr != nil {
			from = p.Addr.String()
		}
	}
	var traceID string
	if sc := trace.SpanContextFromContext(ctx); sc.IsValid() {
		traceID = sc.TraceID().String()
	}
	const cols, chunk = 11, 500
	for len(entries) > 0 {
		n := min(chunk, len(entries))
		args := make([]any, 0, n*cols)
		var q strings.Builder
		q.WriteString(`INSERT INTO audit_records
		(id, time, actor, actor_roles, actor_agency, action, resource, request_id, peer, trace_id, detail) VALUES `)
		for i, e := range entries[:n] {
			id, err := uuid.NewV7()
			if err != nil {
				return fmt.Errorf("generating audit id: %w", err)
			}
			if i > 0 {
				q.WriteString(", ")
			}
			q.WriteString("(" + database.Placeholders(len(args)+1, cols) + ")")
			args = append(args, id.String(), database.Micros(now), actor, g.RoleNames(), g.Agency, action, e.Resource, requestID, from, traceID, e.Detail)
		}
		if _, err := tx.ExecContext(ctx, q.String(), args...); err != nil {
			return fmt.Errorf("writing audit records: %w", err)
		}
		entries = entries[n:]
	}
	return nil
}

// Query filters the audit trail.
type Query struct {
	Resource  string
	Actor     string
	PageSize  int
	PageToken string
}

// List returns audit records newest first, and the token of the next page.
func List(ctx context.Context, db *database.DB, q Query) ([]*auditv1.AuditRecord, string, error) {
	size := q.PageSize
	if size <= 0 {
		size = 100
	}
	sqlText := `SELECT id, time, actor, actor_roles, actor_agency, action, resource, request_id, peer, trace_id, detail
		FROM audit_records WHERE 1=1`
	var args []any
	if q.Resource != "" {
		args = append(args, q.Resource)
		sqlText += fmt.Sprintf(" AND resource = $%d", len(args))
	}
	if q.Actor != "" {
		args = append(args, q.Actor)
		sqlText += fmt.Sprintf(" AND actor = $%d", len(args))
	}
	if q.PageToken != "" {
		after, err := base64.RawURLEncoding.DecodeString(q.PageToken)
		if err != nil {
			return nil, "", errs.Invalidf("page_token", "not a token this API returned")
		}
		args = append(args, string(after))
		sqlText += fmt.Sprintf(" AND id < $%d", len(args))
	}
	args = append(args, size+1)
	sqlText += fmt.Sprintf(" ORDER BY id DESC LIMIT $%d", len(args))
	rows, err := db.QueryContext(ctx, sqlText, args...)
	if err != nil {
		return nil, "", fmt.Errorf("querying audit records: %w", err)
	}
	defer rows.Close()
	var out []*auditv1.AuditRecord
	for rows.Next() {
		var r auditv1.AuditRecord
		var ts int64
		var roles string
		if err := rows.Scan(&r.Id, &ts, &r.Actor, &roles, &r.ActorAgency, &r.Action, &r.Resource, &r.RequestId, &r.Peer, &r.TraceId, &r.Detail); err != nil {
			return nil, "", fmt.Errorf("scanning audit record: %w", err)
		}
		r.Time = timestamppb.New(database.FromMicros(ts))
		if roles != "" {
			r.ActorRoles = strings.Split(roles, ",")
		}
		out = append(out, &r)
	}
	if err := rows.Err(); err != nil {
		return nil, "", fmt.Errorf("reading audit records: %w", err)
	}
	var next string
	if len(out) > size {
		out = out[:size]
		next = base64.RawURLEncoding.EncodeToString([]byte(out[size-1].Id))
	}
	return out, next, nil
}
