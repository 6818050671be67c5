package outbox_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/outbox"
	"github.com/simpeg-id/simpeg/platform/testenv"
)

// TestAddPrepared writes the events of many calls, each prepared under its own call's trace,
// in one transaction: every event is published once, with its own call's traceparent; a
// rolled-back transaction writes none of them.
func TestAddPrepared(t *testing.T) {
	for _, engine := range testenv.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, engine, testenv.NATS(t))
			tp := sdktrace.NewTracerProvider()
			t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })

			const calls = 30
			want := map[string]string{} // value -> traceparent
			var prepared []outbox.Prepared
			for i := range calls {
				ctx, span := tp.Tracer("outbox-test").Start(context.Background(), "check in")
				sc := span.SpanContext()
				value := fmt.Sprintf("call-%d", i)
				ctxFor := ctx
				if i%3 == 0 {
					ctxFor = context.Background() // an untraced call among traced ones
					want[value] = ""
				} else {
					want[value] = fmt.Sprintf("00-%s-%s-01", sc.TraceID(), sc.SpanID())
				}
				p, err := e.ob.Prepare(ctxFor, outbox.Event{Subject: "simpeg.test.record.created", Msg: wrapperspb.String(value)})
				span.End()
				if err != nil {
					t.Fatal(err)
				}
				if len(p) != 1 || p[0].ID() == "" {
					t.Fatalf("Prepare = %v", p)
				}
				prepared = append(prepared, p...)
			}
			if p, err := e.ob.Prepare(context.Background()); err != nil || p != nil {
				t.Fatalf("Prepare() = %v, %v; want nothing", p, err)
			}

			ctx := context.Background()
			errRollback := errors.New("rolled back")
			if err := e.db.InTx(ctx, func(tx *database.Tx) error {
				if err := e.ob.AddPrepared(ctx, tx, prepared...); err != nil {
					return err
				}
				return errRollback
			}); err != errRollback {
				t.Fatalf("InTx = %v", err)
			}
			if n := e.pending(t); n != 0 {
				t.Fatalf("a rolled-back transaction left %d events", n)
			}
			if err := e.db.InTx(ctx, func(tx *database.Tx) error { return e.ob.AddPrepared(ctx, tx, prepared...) }); err != nil {
				t.Fatalf("AddPrepared: %v", err)
			}
			if n := e.pending(t); n != calls {
				t.Fatalf("%d events pending, want %d", n, calls)
			}
			e.startRelay(t, 0)
			eventually(t, 10*time.Second, "the outbox to drain", func() bool { return e.pending(t) == 0 })
			msgs := e.messages(t)
			ids := e.rows(t)
			if len(msgs) != calls || len(ids) != calls {
				t.Fatalf("%d messages, %d rows; want %d of each", len(msgs), len(ids), calls)
			}
			for _, p := range prepared {
				got := msgs[p.ID()]
				if len(got) != 1 {
					t.Fatalf("event %s is in the stream %d times", p.ID(), len(got))
				}
				var v wrapperspb.StringValue
				if err := proto.Unmarshal(got[0].Data, &v); err != nil {
					t.Fatal(err)
				}
				if ids[v.Value] != p.ID() {
					t.Errorf("%s: row id %s, prepared id %s", v.Value, ids[v.Value], p.ID())
				}
				if tp := got[0].Header.Get("traceparent"); tp != want[v.Value] {
					t.Errorf("%s: traceparent %q, want %q", v.Value, tp, want[v.Value])
				}
			}
		})
	}
}
