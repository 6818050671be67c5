package audit_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"testing"
	"time"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/peer"

	"github.com/simpeg-id/simpeg/platform/audit"
	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/testenv"
)

// stream names the gRPC method of a fake call.
type stream struct{ method string }

func (s stream) Method() string                  { return s.method }
func (s stream) SetHeader(metadata.MD) error     { return nil }
func (s stream) SendHeader(metadata.MD) error    { return nil }
func (s stream) SetTrailer(md metadata.MD) error { return nil }

// call is the context of one authenticated API call.
type call struct {
	ctx                                    context.Context
	actor, roles, agency, request, traceID string
	from                                   string
}

func newCall(t *testing.T, tp *sdktrace.TracerProvider, i int) call {
	t.Helper()
	c := call{actor: fmt.Sprintf("19860926201505%04d", i), roles: "employee", agency: fmt.Sprintf("AGENCY-%d", i%3),
		request: fmt.Sprintf("req-%d", i), from: fmt.Sprintf("10.0.0.%d:4%04d", i, i)}
	ctx := auth.WithGrant(context.Background(), auth.Grant{Principal: auth.Principal{Subject: c.actor, Roles: []auth.Role{auth.RoleEmployee}, Agency: c.agency}})
	ctx = grpc.NewContextWithServerTransportStream(ctx, stream{method: "/simpeg.attendance.v1.AttendanceService/RecordAttendance"})
	ctx = metadata.NewIncomingContext(ctx, metadata.Pairs("x-request-id", c.request))
	addr, err := net.ResolveTCPAddr("tcp", c.from)
	if err != nil {
		t.Fatal(err)
	}
	ctx = peer.NewContext(ctx, &peer.Peer{Addr: addr})
	ctx, span := tp.Tracer("audit-test").Start(ctx, "check in")
	span.End()
	c.traceID = span.SpanContext().TraceID().String()
	c.ctx = ctx
	return c
}

// TestRecordPrepared writes the audit records of many calls in one statement: each keeps its
// own call's actor, roles, agency, action, request id, peer and trace id.
func TestRecordPrepared(t *testing.T) {
	for _, engine := range testenv.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			db := testenv.OpenDB(t, engine)
			if err := db.Migrate(ctx, "test", nil); err != nil {
				t.Fatal(err)
			}
			tp := sdktrace.NewTracerProvider()
			t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
			const calls = 20
			var (
				prepared []audit.Prepared
				byRes    = map[string]call{}
			)
			for i := range calls {
				c := newCall(t, tp, i)
				res := fmt.Sprintf("employees/%s/attendanceRecords/c-%d", c.actor, i)
				byRes[res] = c
				p, err := audit.Prepare(c.ctx, audit.Entry{Resource: res, Detail: "check-in " + c.request})
				if err != nil {
					t.Fatal(err)
				}
				prepared = append(prepared, p...)
			}
			if p, err := audit.Prepare(ctx); err != nil || p != nil {
				t.Fatalf("Prepare() = %v, %v; want nothing", p, err)
			}
			now := time.Date(2026, 11, 27, 0, 30, 0, 0, time.UTC)
			errRollback := errors.New("rolled back")
			if err := db.InTx(ctx, func(tx *database.Tx) error {
				if err := audit.RecordPrepared(ctx, tx, now, prepared...); err != nil {
					return err
				}
				return errRollback
			}); !errors.Is(err, errRollback) {
				t.Fatalf("InTx = %v", err)
			}
			if recs, _, err := audit.List(ctx, db, audit.Query{PageSize: 100}); err != nil || len(recs) != 0 {
				t.Fatalf("after a rollback: %d records, %v", len(recs), err)
			}
			// The context of the writing transaction is none of the calls'.
			if err := db.InTx(ctx, func(tx *database.Tx) error { return audit.RecordPrepared(ctx, tx, now, prepared...) }); err != nil {
				t.Fatalf("RecordPrepared: %v", err)
			}
			recs, _, err := audit.List(ctx, db, audit.Query{PageSize: 100})
			if err != nil {
				t.Fatal(err)
			}
			if len(recs) != calls {
				t.Fatalf("%d records, want %d", len(recs), calls)
			}
			for _, r := range recs {
				c, ok := byRes[r.GetResource()]
				if !ok {
					t.Fatalf("unexpected record %v", r)
				}
				if r.GetActor() != c.actor || r.GetActorAgency() != c.agency || len(r.GetActorRoles()) != 1 || r.GetActorRoles()[0] != c.roles ||
					r.GetRequestId() != c.request || r.GetPeer() != c.from || r.GetTraceId() != c.traceID ||
					r.GetAction() != "/simpeg.attendance.v1.AttendanceService/RecordAttendance" || r.GetDetail() != "check-in "+c.request {
					t.Errorf("record %v\ndoes not carry its call %+v", r, c)
				}
				if !r.GetTime().AsTime().Equal(now) {
					t.Errorf("time %v, want %v", r.GetTime().AsTime(), now)
				}
			}
		})
	}
}

// TestRecord keeps Record's behaviour: one call's context for all its entries; a call without
// a grant or a method is the system's, internal.
func TestRecord(t *testing.T) {
	ctx := context.Background()
	db := testenv.OpenDB(t, testenv.SQLite)
	if err := db.Migrate(ctx, "test", nil); err != nil {
		t.Fatal(err)
	}
	tp := sdktrace.NewTracerProvider()
	t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	c := newCall(t, tp, 7)
	now := time.Date(2026, 11, 27, 1, 0, 0, 0, time.UTC)
	if err := db.InTx(ctx, func(tx *database.Tx) error {
		if err := audit.Record(c.ctx, tx, now, audit.Entry{Resource: "offices/a", Detail: "created"}, audit.Entry{Resource: "offices/b", Detail: "created"}); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Entry{Resource: "offices/c", Detail: "nightly"})
	}); err != nil {
		t.Fatal(err)
	}
	for res, want := range map[string][2]string{"offices/a": {c.actor, "/simpeg.attendance.v1.AttendanceService/RecordAttendance"},
		"offices/b": {c.actor, "/simpeg.attendance.v1.AttendanceService/RecordAttendance"}, "offices/c": {"system", "internal"}} {
		recs, _, err := audit.List(ctx, db, audit.Query{Resource: res})
		if err != nil || len(recs) != 1 {
			t.Fatalf("%s: %d records, %v", res, len(recs), err)
		}
		if recs[0].GetActor() != want[0] || recs[0].GetAction() != want[1] {
			t.Errorf("%s: actor %q action %q, want %q %q", res, recs[0].GetActor(), recs[0].GetAction(), want[0], want[1])
		}
	}
}
