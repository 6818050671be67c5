package outbox_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/simpeg-id/simpeg/platform/bus"
	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/outbox"
	"github.com/simpeg-id/simpeg/platform/testenv"
)

func TestMain(m *testing.M) {
	// The services install the W3C propagator at start; Add reads the global one.
	otel.SetTextMapPropagator(propagation.TraceContext{})
	os.Exit(m.Run())
}

var discard = slog.New(slog.DiscardHandler)

// env is one test's database, outbox, stream and connection.
type env struct {
	db     *database.DB
	ob     *outbox.Outbox
	js     jetstream.JetStream
	nc     *nats.Conn
	prefix string
	stream jetstream.Stream
}

func newEnv(t testing.TB, engine testenv.Engine, natsURL string) *env {
	t.Helper()
	ctx := context.Background()
	db := testenv.OpenDB(t, engine)
	if err := db.Migrate(ctx, "test", nil); err != nil {
		t.Fatal(err)
	}
	prefix := testenv.Prefix(t, natsURL)
	nc, js, err := bus.Connect(ctx, natsURL, t.Name(), discard)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	sctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	s, err := bus.EnsureStream(sctx, js, bus.StreamSpec{Name: outbox.StreamName(prefix, "test"), Subjects: []string{prefix + "simpeg.test.>"}})
	if err != nil {
		t.Fatal(err)
	}
	return &env{db: db, ob: outbox.New(), js: js, nc: nc, prefix: prefix, stream: s}
}

// startRelay runs a relay until the test ends.
func (e *env) startRelay(t *testing.T, batch int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	// A full read every 2 s instead of 30: testLateCommit waits for one.
	r := &outbox.Relay{Outbox: e.ob, DB: e.db, JS: e.js, Log: discard, SubjectPrefix: e.prefix, BatchSize: batch, Poll: 50 * time.Millisecond,
		FullReadEvery: 2 * time.Second}
	go func() { done <- r.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("relay: %v", err)
			}
		case <-time.After(15 * time.Second):
			t.Error("relay did not stop")
		}
	})
}

// add writes one event per value, all in one transaction.
func (e *env) add(t *testing.T, ctx context.Context, subject string, values ...string) {
	t.Helper()
	events := make([]outbox.Event, len(values))
	for i, v := range values {
		events[i] = outbox.Event{Subject: subject, Msg: wrapperspb.String(v)}
	}
	if err := e.db.InTx(ctx, func(tx *database.Tx) error { return e.ob.Add(ctx, tx, events...) }); err != nil {
		t.Fatalf("adding events: %v", err)
	}
}

func (e *env) pending(t *testing.T) int {
	t.Helper()
	n, err := outbox.Pending(context.Background(), e.db)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// rows returns the outbox rows' ids by payload value.
func (e *env) rows(t *testing.T) map[string]string {
	t.Helper()
	rows, err := e.db.QueryContext(context.Background(), `SELECT id, payload FROM outbox`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var id string
		var payload []byte
		if err := rows.Scan(&id, &payload); err != nil {
			t.Fatal(err)
		}
		var v wrapperspb.StringValue
		if err := proto.Unmarshal(payload, &v); err != nil {
			t.Fatal(err)
		}
		out[v.Value] = id
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// messages reads every message of the stream, by Nats-Msg-Id.
func (e *env) messages(t *testing.T) map[string][]*jetstream.RawStreamMsg {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	info, err := e.stream.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]*jetstream.RawStreamMsg{}
	if info.State.Msgs == 0 {
		return out
	}
	for seq := info.State.FirstSeq; seq <= info.State.LastSeq; seq++ {
		m, err := e.stream.GetMsg(ctx, seq)
		if errors.Is(err, jetstream.ErrMsgNotFound) {
			continue
		}
		if err != nil {
			t.Fatalf("reading message %d: %v", seq, err)
		}
		id := m.Header.Get(jetstream.MsgIDHeader)
		out[id] = append(out[id], m)
	}
	return out
}

func (e *env) streamCount(t testing.TB) uint64 {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	info, err := e.stream.Info(ctx)
	if err != nil {
		return 0
	}
	return info.State.Msgs
}

// eventually polls cond until it holds or the deadline passes.
func eventually(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", timeout, what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func values(prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%s-%d", prefix, i)
	}
	return out
}

func TestOutbox(t *testing.T) {
	for _, engine := range testenv.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			t.Run("relay", func(t *testing.T) { t.Parallel(); testRelay(t, engine) })
			t.Run("outage", func(t *testing.T) { t.Parallel(); testOutage(t, engine) })
			t.Run("late commit", func(t *testing.T) { t.Parallel(); testLateCommit(t, engine, false) })
			t.Run("commit later than the window", func(t *testing.T) { t.Parallel(); testLateCommit(t, engine, true) })
			t.Run("duplicate publish", func(t *testing.T) { t.Parallel(); testDuplicatePublish(t, engine) })
			t.Run("rollback writes nothing", func(t *testing.T) { t.Parallel(); testRollback(t, engine) })
		})
	}
}

func testRelay(t *testing.T, engine testenv.Engine) {
	e := newEnv(t, engine, testenv.NATS(t))
	tp := sdktrace.NewTracerProvider()
	t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	tctx, span := tp.Tracer("outbox-test").Start(context.Background(), "create employee")
	sc := span.SpanContext()

	// Written before the relay starts: they wait in the table.
	e.add(t, tctx, "simpeg.test.employee.created", "traced-0", "traced-1")
	span.End()
	e.add(t, context.Background(), "simpeg.test.employee.updated", "plain-0")
	// More than one INSERT chunk (500) and more than one relay batch.
	bulk := values("bulk", 620)
	e.add(t, context.Background(), "simpeg.test.employee.imported", bulk...)
	if n := e.pending(t); n != 623 {
		t.Fatalf("pending before the relay runs = %d, want 623", n)
	}

	e.startRelay(t, 200)
	eventually(t, 20*time.Second, "the outbox to drain", func() bool { return e.pending(t) == 0 })
	// Written while the relay runs: the commit kicks it.
	e.add(t, context.Background(), "simpeg.test.employee.deleted", "late-0")
	eventually(t, 10*time.Second, "the kicked event", func() bool { return e.pending(t) == 0 })

	ids := e.rows(t)
	msgs := e.messages(t)
	if len(ids) != 624 || len(msgs) != 624 {
		t.Fatalf("%d rows, %d distinct messages; want 624 of each", len(ids), len(msgs))
	}
	subjects := map[string]string{"traced": "simpeg.test.employee.created", "plain": "simpeg.test.employee.updated", "bulk": "simpeg.test.employee.imported", "late": "simpeg.test.employee.deleted"}
	for value, id := range ids {
		got := msgs[id]
		if len(got) != 1 {
			t.Fatalf("event %s (%s) is in the stream %d times", id, value, len(got))
		}
		m := got[0]
		kind := value[:strings.LastIndex(value, "-")]
		if m.Subject != e.prefix+subjects[kind] {
			t.Errorf("%s published on %q, want %q", value, m.Subject, e.prefix+subjects[kind])
		}
		if et := m.Header.Get(outbox.HeaderEventType); et != "google.protobuf.StringValue" {
			t.Errorf("%s: %s = %q", value, outbox.HeaderEventType, et)
		}
		var v wrapperspb.StringValue
		if err := proto.Unmarshal(m.Data, &v); err != nil || v.Value != value {
			t.Errorf("message %s carries %q (%v), want %q", id, v.Value, err, value)
		}
		tp := m.Header.Get("traceparent")
		if kind == "traced" {
			want := fmt.Sprintf("00-%s-%s-01", sc.TraceID(), sc.SpanID())
			if tp != want {
				t.Errorf("%s: traceparent = %q, want %q", value, tp, want)
			}
		} else if tp != "" {
			t.Errorf("%s: untraced event has traceparent %q", value, tp)
		}
	}
	var unsent, badTimes int
	if err := e.db.QueryRowContext(context.Background(), `SELECT
		COALESCE(SUM(CASE WHEN sent_at IS NULL THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN sent_at < created_at THEN 1 ELSE 0 END), 0) FROM outbox`).Scan(&unsent, &badTimes); err != nil {
		t.Fatal(err)
	}
	if unsent != 0 || badTimes != 0 {
		t.Fatalf("%d rows unsent, %d sent before they were created", unsent, badTimes)
	}
}

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// While NATS is down writes go on; when it is back every event arrives exactly once.
func testOutage(t *testing.T, engine testenv.Engine) {
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(freePort(t)))
	dir := t.TempDir()
	first := testenv.EmbeddedNATS(t, addr, dir)
	e := newEnv(t, engine, first.URL())
	e.startRelay(t, 0)

	e.add(t, context.Background(), "simpeg.test.thing.created", "before")
	eventually(t, 10*time.Second, "the first event", func() bool { return e.pending(t) == 0 })

	first.Shutdown()
	eventually(t, 10*time.Second, "the client to notice the outage", func() bool { return !e.nc.IsConnected() })

	const n = 200
	for i := range n {
		// Each in its own transaction, as requests would; none may fail.
		if err := e.db.InTx(context.Background(), func(tx *database.Tx) error {
			return e.ob.Add(context.Background(), tx, outbox.Event{Subject: "simpeg.test.thing.created", Msg: wrapperspb.String(fmt.Sprint("during-", i))})
		}); err != nil {
			t.Fatalf("write %d during the outage: %v", i, err)
		}
	}
	if p := e.pending(t); p != n {
		t.Fatalf("pending during the outage = %d, want %d", p, n)
	}

	testenv.EmbeddedNATS(t, addr, dir)
	eventually(t, 25*time.Second, "the outbox to drain after the outage", func() bool { return e.pending(t) == 0 })

	ids := e.rows(t)
	msgs := e.messages(t)
	if len(ids) != n+1 {
		t.Fatalf("%d outbox rows, want %d", len(ids), n+1)
	}
	for value, id := range ids {
		if c := len(msgs[id]); c != 1 {
			t.Errorf("event %s (%s) is in the stream %d times, want once", id, value, c)
		}
	}
	if len(msgs) != n+1 || e.streamCount(t) != n+1 {
		t.Fatalf("stream holds %d messages with %d distinct ids, want %d", e.streamCount(t), len(msgs), n+1)
	}
}

// A transaction that commits after a later one was published is published too: the relay
// reads "not yet sent", not "newer than the last one sent". Within the relay's window
// (outbox.DefaultWindow) the next round reads it; beyond (beyondWindow: its created_at a minute
// behind) the next full read does.
func testLateCommit(t *testing.T, engine testenv.Engine, beyondWindow bool) {
	e := newEnv(t, engine, testenv.NATS(t))
	e.startRelay(t, 0)
	ctx := context.Background()

	if engine == testenv.Postgres && !beyondWindow {
		added := make(chan struct{})
		commit := make(chan struct{})
		errA := make(chan error, 1)
		go func() {
			errA <- e.db.InTx(ctx, func(tx *database.Tx) error {
				if err := e.ob.Add(ctx, tx, outbox.Event{Subject: "simpeg.test.thing.created", Msg: wrapperspb.String("A")}); err != nil {
					return err
				}
				close(added)
				<-commit
				return nil
			})
		}()
		<-added
		e.add(t, ctx, "simpeg.test.thing.created", "B")
		// The relay marks B sent only after JetStream acked it, so wait for both. A row of A's
		// visible before its commit would keep pending above zero (or be published).
		eventually(t, 10*time.Second, "B to be published and marked sent while A is invisible", func() bool {
			return e.streamCount(t) == 1 && e.pending(t) == 0
		})
		close(commit)
		if err := <-errA; err != nil {
			t.Fatal(err)
		}
	} else {
		// SQLite takes the write lock at BEGIN, so two writers cannot interleave; the same
		// situation arises when a row's created_at is older than a row already sent, which a
		// slow transaction produces. Reproduce it with A's clock behind.
		e.add(t, ctx, "simpeg.test.thing.created", "B")
		eventually(t, 10*time.Second, "B to be published", func() bool { return e.streamCount(t) == 1 })
		slow := outbox.New()
		outbox.SetClock(slow, func() time.Time { return time.Now().Add(-time.Minute) })
		if err := e.db.InTx(ctx, func(tx *database.Tx) error {
			return slow.Add(ctx, tx, outbox.Event{Subject: "simpeg.test.thing.created", Msg: wrapperspb.String("A")})
		}); err != nil {
			t.Fatal(err)
		}
	}

	// A sorts before B, which was already sent: a high-water-mark relay would skip it.
	var first string
	if err := e.db.QueryRowContext(ctx, `SELECT payload FROM outbox ORDER BY created_at, id LIMIT 1`).Scan(&first); err != nil {
		t.Fatal(err)
	}
	var v wrapperspb.StringValue
	if err := proto.Unmarshal([]byte(first), &v); err != nil || v.Value != "A" {
		t.Fatalf("the late row does not sort first (%q, %v); the test does not test anything", v.Value, err)
	}

	eventually(t, 10*time.Second, "A to be published", func() bool { return e.streamCount(t) == 2 })
	eventually(t, 10*time.Second, "A to be marked sent", func() bool { return e.pending(t) == 0 })
	ids := e.rows(t)
	msgs := e.messages(t)
	for _, val := range []string{"A", "B"} {
		if len(msgs[ids[val]]) != 1 {
			t.Fatalf("event %s is in the stream %d times", val, len(msgs[ids[val]]))
		}
	}
}

// Publishing an event again (a crash between JetStream's ack and marking the row) leaves one
// message in the stream, and the row ends up sent.
func testDuplicatePublish(t *testing.T, engine testenv.Engine) {
	e := newEnv(t, engine, testenv.NATS(t))
	e.startRelay(t, 0)
	ctx := context.Background()
	e.add(t, ctx, "simpeg.test.thing.created", values("dup", 5)...)
	eventually(t, 10*time.Second, "the events to be published", func() bool { return e.pending(t) == 0 })
	id := e.rows(t)["dup-2"]
	var sentBefore int64
	if err := e.db.QueryRowContext(ctx, `SELECT sent_at FROM outbox WHERE id = $1`, id).Scan(&sentBefore); err != nil {
		t.Fatal(err)
	}

	if _, err := e.db.ExecContext(ctx, `UPDATE outbox SET sent_at = NULL WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
	e.ob.Kick()
	eventually(t, 10*time.Second, "the row to be sent again", func() bool { return e.pending(t) == 0 })
	var sentAfter int64
	if err := e.db.QueryRowContext(ctx, `SELECT sent_at FROM outbox WHERE id = $1`, id).Scan(&sentAfter); err != nil {
		t.Fatal(err)
	}
	if sentAfter <= sentBefore {
		t.Fatalf("sent_at %d → %d: the relay did not publish the row again", sentBefore, sentAfter)
	}
	msgs := e.messages(t)
	if len(msgs[id]) != 1 || len(msgs) != 5 || e.streamCount(t) != 5 {
		t.Fatalf("after republishing: %d copies of %s, %d distinct, %d messages; want 1, 5, 5", len(msgs[id]), id, len(msgs), e.streamCount(t))
	}
}

// Events of a transaction that rolls back are never written, so never published.
func testRollback(t *testing.T, engine testenv.Engine) {
	e := newEnv(t, engine, testenv.NATS(t))
	ctx := context.Background()
	errBoom := errors.New("boom")
	err := e.db.InTx(ctx, func(tx *database.Tx) error {
		if err := e.ob.Add(ctx, tx, outbox.Event{Subject: "simpeg.test.thing.created", Msg: wrapperspb.String("rolled back")}); err != nil {
			return err
		}
		return errBoom
	})
	if !errors.Is(err, errBoom) {
		t.Fatal(err)
	}
	if err := e.db.InTx(ctx, func(tx *database.Tx) error { return e.ob.Add(ctx, tx) }); err != nil {
		t.Fatalf("adding no events: %v", err)
	}
	if n := e.pending(t); n != 0 {
		t.Fatalf("pending = %d after a rollback and an empty Add", n)
	}
	// The relay publishes nothing; a marker written afterwards proves it ran.
	e.startRelay(t, 0)
	e.add(t, ctx, "simpeg.test.thing.created", "marker")
	eventually(t, 10*time.Second, "the marker", func() bool { return e.pending(t) == 0 })
	if n := e.streamCount(t); n != 1 {
		t.Fatalf("stream holds %d messages, want only the marker", n)
	}
}

func TestStreamName(t *testing.T) {
	t.Parallel()
	tests := []struct{ prefix, service, want string }{
		{"", "planning", "SIMPEG_PLANNING"},
		{"t1a2b.", "planning", "T1A2B_SIMPEG_PLANNING"},
		{"dev.team-a.", "test", "DEV_TEAM_A_SIMPEG_TEST"},
		{"x.*.>", "a", "X_____SIMPEG_A"},
	}
	for _, tc := range tests {
		if got := outbox.StreamName(tc.prefix, tc.service); got != tc.want {
			t.Errorf("StreamName(%q, %q) = %q, want %q", tc.prefix, tc.service, got, tc.want)
		}
	}
}
