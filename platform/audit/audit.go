// Package audit records who changed what, when and from where, in the same transaction as the
// change, and reads the trail back for auditors.
package audit

import (
	"context"
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
	"github.com/simpeg-id/simpeg/platform/paging"
	auditv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/audit/v1"
)

// Entry is one audited change: the resource changed and what changed.
type Entry struct{ Resource, Detail string }

// Record writes audit records in tx for changes made by the call in ctx, taking the actor,
// action, request id, peer and trace id from the call's context.
func Record(ctx context.Context, tx *database.Tx, now time.Time, entries ...Entry) error {
	prepared, err := Prepare(ctx, entries...)
	if err != nil {
		return err
	}
	return RecordPrepared(ctx, tx, now, prepared...)
}

// Prepared is an audit record whose call (actor, action, request id, peer, trace id) has been
// taken from that call's context, so that it can be written later, in one statement with the
// records of other calls (the group commit of check-ins does).
type Prepared struct {
	id                                                     string
	actor, roles, agency, action, requestID, from, traceID string
	entry                                                  Entry
}

// Prepare takes the call's actor, action, request id, peer and trace id from ctx for each
// entry, and gives each an id.
func Prepare(ctx context.Context, entries ...Entry) ([]Prepared, error) {
	if len(entries) == 0 {
		return nil, nil
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
	out := make([]Prepared, len(entries))
	for i, e := range entries {
		id, err := uuid.NewV7()
		if err != nil {
			return nil, fmt.Errorf("generating audit id: %w", err)
		}
		out[i] = Prepared{id: id.String(), actor: actor, roles: g.RoleNames(), agency: g.Agency, action: action,
			requestID: requestID, from: from, traceID: traceID, entry: e}
	}
	return out, nil
}

// RecordPrepared writes prepared audit records in tx, stamped now, in one statement per few
// hundred records.
func RecordPrepared(ctx context.Context, tx *database.Tx, now time.Time, records ...Prepared) error {
	const cols = 11
	at := database.Micros(now)
	err := database.Chunks(records, database.DefaultBatch, func(part []Prepared) error {
		args := make([]any, 0, len(part)*cols)
		for _, r := range part {
			args = append(args, r.id, at, r.actor, r.roles, r.agency, r.action, r.entry.Resource, r.requestID, r.from, r.traceID, r.entry.Detail)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO audit_records
		(id, time, actor, actor_roles, actor_agency, action, resource, request_id, peer, trace_id, detail) VALUES `+
			database.Values(1, len(part), cols), args...)
		return err
	})
	if err != nil {
		return fmt.Errorf("writing audit records: %w", err)
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
		after, err := paging.Key(q.PageToken)
		if err != nil {
			return nil, "", err
		}
		args = append(args, after)
		sqlText += fmt.Sprintf(" AND id < $%d", len(args))
	}
	args = append(args, size+1)
	sqlText += fmt.Sprintf(" ORDER BY id DESC LIMIT $%d", len(args))
	out, err := database.Query(ctx, db, scanRecord, sqlText, args...)
	if err != nil {
		return nil, "", fmt.Errorf("reading audit records: %w", err)
	}
	var next string
	if len(out) > size {
		out = out[:size]
		next = paging.Token(out[size-1].Id)
	}
	return out, next, nil
}

func scanRecord(sc database.Scanner) (*auditv1.AuditRecord, error) {
	var (
		r     auditv1.AuditRecord
		ts    int64
		roles string
	)
	if err := sc.Scan(&r.Id, &ts, &r.Actor, &roles, &r.ActorAgency, &r.Action, &r.Resource, &r.RequestId, &r.Peer, &r.TraceId, &r.Detail); err != nil {
		return nil, err
	}
	r.Time = timestamppb.New(database.FromMicros(ts))
	if roles != "" {
		r.ActorRoles = strings.Split(roles, ",")
	}
	return &r, nil
}
