package bus_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/simpeg-id/simpeg/platform/bus"
	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/outbox"
	"github.com/simpeg-id/simpeg/platform/testenv"
)

var discard = slog.New(slog.DiscardHandler)

var effectsMigration = fstest.MapFS{"00001_effects.sql": {Data: []byte(`-- +goose Up
CREATE TABLE effects (
    event_id TEXT NOT NULL,   -- no key: applying an event twice would show as two rows
    value    TEXT NOT NULL
);
-- +goose Down
DROP TABLE effects;
`)}}

type env struct {
	db     *database.DB
	js     jetstream.JetStream
	prefix string
	stream string
}

func newEnv(t testing.TB, engine testenv.Engine) *env {
	t.Helper()
	ctx := context.Background()
	db := testenv.OpenDB(t, engine)
	if err := db.Migrate(ctx, "bustest", effectsMigration); err != nil {
		t.Fatal(err)
	}
	url := testenv.NATS(t)
	prefix := testenv.Prefix(t, url)
	nc, js, err := bus.Connect(ctx, url, t.Name(), discard)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	e := &env{db: db, js: js, prefix: prefix, stream: outbox.StreamName(prefix, "test")}
	sctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if _, err := bus.EnsureStream(sctx, js, bus.StreamSpec{Name: e.stream, Subjects: []string{prefix + "simpeg.test.>"}}); err != nil {
		t.Fatal(err)
	}
	return e
}

func (e *env) publish(t testing.TB, stream, subject, id, value string) *jetstream.PubAck {
	t.Helper()
	m := nats.NewMsg(e.prefix + subject)
	m.Data = []byte(value)
	m.Header.Set(outbox.HeaderEventType, "simpeg.test.v1.Thing")
	if id != "" {
		m.Header.Set(jetstream.MsgIDHeader, id)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	ack, err := e.js.PublishMsg(ctx, m, jetstream.WithExpectStream(stream))
	if err != nil {
		t.Fatalf("publishing %s: %v", id, err)
	}
	return ack
}

// recorder is a handler that writes an effect row in the handler's transaction and remembers
// every call. fail decides whether a call fails (after writing, so the rollback is tested).
type recorder struct {
	mu    sync.Mutex
	calls []bus.Message
	fail  func(m bus.Message, nth int) bool
}

func (r *recorder) handle(ctx context.Context, tx *database.Tx, m bus.Message) error {
	r.mu.Lock()
	nth := 1
	for _, c := range r.calls {
		if c.ID == m.ID {
			nth++
		}
	}
	r.calls = append(r.calls, m)
	fail := r.fail != nil && r.fail(m, nth)
	r.mu.Unlock()
	if _, err := tx.ExecContext(ctx, `INSERT INTO effects (event_id, value) VALUES ($1, $2)`, m.ID, string(m.Data)); err != nil {
		return err
	}
	if fail {
		return fmt.Errorf("handler failing on delivery %d of %s", nth, m.ID)
	}
	return nil
}

func (r *recorder) callsOf(id string) []bus.Message {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []bus.Message
	for _, c := range r.calls {
		if c.ID == id {
			out = append(out, c)
		}
	}
	return out
}

func (r *recorder) total() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.calls)
}

func (e *env) consume(t *testing.T, spec bus.ConsumerSpec, r *recorder) jetstream.ConsumeContext {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	cc, err := bus.Consume(ctx, e.js, e.db, spec, discard, r.handle)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cancel()
		select {
		case <-cc.Closed():
		case <-time.After(5 * time.Second):
			t.Error("consumer did not stop with its context")
		}
	})
	return cc
}

func (e *env) effects(t testing.TB, id string) int {
	t.Helper()
	var n int
	if err := e.db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM effects WHERE event_id = $1`, id).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func (e *env) count(t testing.TB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := e.db.QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// settled reports whether the consumer has acknowledged (or terminated) every message up to
// the stream's last one.
func (e *env) settled(t testing.TB, stream, durable string) bool {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	s, err := e.js.Stream(ctx, stream)
	if err != nil {
		t.Fatal(err)
	}
	si, err := s.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	c, err := e.js.Consumer(ctx, stream, durable)
	if err != nil {
		t.Fatal(err)
	}
	ci, err := c.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return ci.NumPending == 0 && ci.NumAckPending == 0 && ci.AckFloor.Stream == si.State.LastSeq
}

func eventually(t testing.TB, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", timeout, what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestBus(t *testing.T) {
	for _, engine := range testenv.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			t.Run("applies each event once", func(t *testing.T) { t.Parallel(); testApplyOnce(t, engine) })
			t.Run("failed handler redelivered", func(t *testing.T) { t.Parallel(); testRedelivered(t, engine) })
			t.Run("same event id delivered twice", func(t *testing.T) { t.Parallel(); testSameIDTwice(t, engine) })
			t.Run("consumer recreated", func(t *testing.T) { t.Parallel(); testConsumerRecreated(t, engine) })
			t.Run("poison event terminated", func(t *testing.T) { t.Parallel(); testPoison(t, engine) })
			t.Run("stops with its context", func(t *testing.T) { t.Parallel(); testStopsWithContext(t, engine) })
		})
	}
}

func testApplyOnce(t *testing.T, engine testenv.Engine) {
	e := newEnv(t, engine)
	r := &recorder{}
	const n = 20
	for i := range n {
		e.publish(t, e.stream, "simpeg.test.thing.created", fmt.Sprint("evt-", i), fmt.Sprint("value-", i))
	}
	// A message without Nats-Msg-Id gets an id from its stream sequence.
	noID := e.publish(t, e.stream, "simpeg.test.thing.updated", "", "anonymous")
	e.consume(t, bus.ConsumerSpec{Stream: e.stream, Durable: "apply-once"}, r)
	eventually(t, 10*time.Second, "all events applied", func() bool { return e.settled(t, e.stream, "apply-once") })
	// More events after the consumer started.
	e.publish(t, e.stream, "simpeg.test.thing.created", "evt-late", "value-late")
	eventually(t, 10*time.Second, "the late event", func() bool { return e.settled(t, e.stream, "apply-once") })

	for i := range n {
		id := fmt.Sprint("evt-", i)
		calls := r.callsOf(id)
		if len(calls) != 1 || e.effects(t, id) != 1 {
			t.Fatalf("%s: %d calls, %d effects; want 1 and 1", id, len(calls), e.effects(t, id))
		}
		m := calls[0]
		if m.Subject != e.prefix+"simpeg.test.thing.created" || m.Type != "simpeg.test.v1.Thing" || string(m.Data) != fmt.Sprint("value-", i) || m.Delivered != 1 {
			t.Errorf("%s delivered as %+v", id, m)
		}
	}
	anonID := fmt.Sprintf("%s:%d", e.stream, noID.Sequence)
	if calls := r.callsOf(anonID); len(calls) != 1 || string(calls[0].Data) != "anonymous" {
		t.Errorf("message without id: calls %+v, want one with id %s", calls, anonID)
	}
	if got := r.total(); got != n+2 {
		t.Errorf("handler called %d times, want %d", got, n+2)
	}
	if got := e.count(t, `SELECT COUNT(*) FROM processed_events WHERE consumer = 'apply-once'`); got != n+2 {
		t.Errorf("%d processed events recorded, want %d", got, n+2)
	}
}

func testRedelivered(t *testing.T, engine testenv.Engine) {
	e := newEnv(t, engine)
	r := &recorder{fail: func(_ bus.Message, nth int) bool { return nth == 1 }}
	e.consume(t, bus.ConsumerSpec{Stream: e.stream, Durable: "flaky", MaxDeliver: 5, Backoff: []time.Duration{10 * time.Millisecond}}, r)
	ids := []string{"r-1", "r-2", "r-3"}
	for _, id := range ids {
		e.publish(t, e.stream, "simpeg.test.thing.created", id, id)
	}
	eventually(t, 10*time.Second, "redelivered events applied", func() bool { return e.settled(t, e.stream, "flaky") })
	for _, id := range ids {
		calls := r.callsOf(id)
		if len(calls) != 2 || calls[0].Delivered != 1 || calls[1].Delivered != 2 {
			t.Fatalf("%s: calls %+v, want deliveries 1 and 2", id, calls)
		}
		// The failed attempt's write was rolled back with its transaction.
		if n := e.effects(t, id); n != 1 {
			t.Fatalf("%s applied %d times, want once", id, n)
		}
	}
}

// Two messages with the same Nats-Msg-Id reach the stream once the duplicate window has
// passed; the consumer sees both and applies the event once.
func testSameIDTwice(t *testing.T, engine testenv.Engine) {
	e := newEnv(t, engine)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	stream := outbox.StreamName(e.prefix, "dup")
	if _, err := e.js.CreateStream(ctx, jetstream.StreamConfig{
		Name:       stream,
		Subjects:   []string{e.prefix + "simpeg.dup.>"},
		Storage:    jetstream.FileStorage,
		Duplicates: 100 * time.Millisecond,
	}); err != nil {
		t.Fatal(err)
	}
	first := e.publish(t, stream, "simpeg.dup.thing.created", "id1", "first copy")
	if first.Duplicate {
		t.Fatal("first publish reported as duplicate")
	}
	time.Sleep(200 * time.Millisecond) // let the 100 ms duplicate window pass
	var second *jetstream.PubAck
	eventually(t, 5*time.Second, "the duplicate window to pass", func() bool {
		second = e.publish(t, stream, "simpeg.dup.thing.created", "id1", "second copy")
		return !second.Duplicate
	})
	if second.Sequence == first.Sequence {
		t.Fatal("the second copy was not stored")
	}

	r := &recorder{}
	e.consume(t, bus.ConsumerSpec{Stream: stream, Durable: "dedupe"}, r)
	eventually(t, 10*time.Second, "both copies acknowledged", func() bool { return e.settled(t, stream, "dedupe") })
	if calls := r.callsOf("id1"); len(calls) != 1 || string(calls[0].Data) != "first copy" {
		t.Fatalf("handler calls %+v, want only the first copy", calls)
	}
	if n := e.effects(t, "id1"); n != 1 {
		t.Fatalf("event applied %d times, want once", n)
	}
}

// A consumer whose server-side state is lost (deleted and created again) is redelivered every
// event; the recorded processed events keep the effects single.
func testConsumerRecreated(t *testing.T, engine testenv.Engine) {
	e := newEnv(t, engine)
	for i := range 5 {
		e.publish(t, e.stream, "simpeg.test.thing.created", fmt.Sprint("c-", i), "v")
	}
	r := &recorder{}
	cc := e.consume(t, bus.ConsumerSpec{Stream: e.stream, Durable: "recreated"}, r)
	eventually(t, 10*time.Second, "first consumption", func() bool { return e.settled(t, e.stream, "recreated") })
	cc.Stop()
	<-cc.Closed()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := e.js.DeleteConsumer(ctx, e.stream, "recreated"); err != nil {
		t.Fatal(err)
	}

	again := &recorder{}
	e.consume(t, bus.ConsumerSpec{Stream: e.stream, Durable: "recreated"}, again)
	e.publish(t, e.stream, "simpeg.test.thing.created", "c-new", "v")
	eventually(t, 10*time.Second, "second consumption", func() bool { return e.settled(t, e.stream, "recreated") })
	if r.total() != 5 || again.total() != 1 || len(again.callsOf("c-new")) != 1 {
		t.Fatalf("handler calls: %d then %d (want 5, then only the new event)", r.total(), again.total())
	}
	for i := range 5 {
		if n := e.effects(t, fmt.Sprint("c-", i)); n != 1 {
			t.Fatalf("c-%d applied %d times", i, n)
		}
	}
}

// An event that always fails is delivered MaxDeliver times, then terminated; the events after
// it are not held up.
func testPoison(t *testing.T, engine testenv.Engine) {
	e := newEnv(t, engine)
	r := &recorder{fail: func(m bus.Message, _ int) bool { return m.ID == "poison" }}
	e.consume(t, bus.ConsumerSpec{Stream: e.stream, Durable: "poisoned", MaxDeliver: 3, Backoff: []time.Duration{10 * time.Millisecond, 20 * time.Millisecond}}, r)
	e.publish(t, e.stream, "simpeg.test.thing.created", "poison", "bad")
	e.publish(t, e.stream, "simpeg.test.thing.created", "good", "fine")
	eventually(t, 10*time.Second, "the poison event to be terminated", func() bool { return e.settled(t, e.stream, "poisoned") })
	calls := r.callsOf("poison")
	if len(calls) != 3 {
		t.Fatalf("poison event handled %d times, want MaxDeliver = 3", len(calls))
	}
	for i, c := range calls {
		if c.Delivered != uint64(i+1) {
			t.Errorf("call %d saw delivery %d", i+1, c.Delivered)
		}
	}
	if e.effects(t, "poison") != 0 || e.count(t, `SELECT COUNT(*) FROM processed_events WHERE event_id = 'poison'`) != 0 {
		t.Fatal("the failed event left an effect")
	}
	if len(r.callsOf("good")) != 1 || e.effects(t, "good") != 1 {
		t.Fatal("the event after the poison one was not applied once")
	}
}

// Cancelling Consume's context stops it; events published afterwards wait for the next
// consumer on the same durable instead of being failed (and terminated) by a dead context.
func testStopsWithContext(t *testing.T, engine testenv.Engine) {
	e := newEnv(t, engine)
	spec := bus.ConsumerSpec{Stream: e.stream, Durable: "restarted", MaxDeliver: 2, Backoff: []time.Duration{10 * time.Millisecond}}
	ctx, cancel := context.WithCancel(context.Background())
	old := &recorder{}
	cc, err := bus.Consume(ctx, e.js, e.db, spec, discard, old.handle)
	if err != nil {
		t.Fatal(err)
	}
	e.publish(t, e.stream, "simpeg.test.thing.created", "before", "v")
	eventually(t, 10*time.Second, "the first event", func() bool { return e.settled(t, e.stream, "restarted") })
	cancel()
	select {
	case <-cc.Closed():
	case <-time.After(5 * time.Second):
		t.Fatal("consumer still running after its context was cancelled")
	}
	e.publish(t, e.stream, "simpeg.test.thing.created", "after", "v")

	next := &recorder{}
	e.consume(t, spec, next)
	eventually(t, 10*time.Second, "the event published between consumers", func() bool { return e.settled(t, e.stream, "restarted") })
	if len(old.callsOf("after")) != 0 || len(next.callsOf("after")) != 1 || e.effects(t, "after") != 1 {
		t.Fatalf("event after the stop: %d calls to the stopped consumer, %d to the new one, %d effects",
			len(old.callsOf("after")), len(next.callsOf("after")), e.effects(t, "after"))
	}
}

func TestEnsureStream(t *testing.T) {
	t.Parallel()
	url := testenv.NATS(t)
	prefix := testenv.Prefix(t, url)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	nc, js, err := bus.Connect(ctx, url, "ensure-stream-test", discard)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	spec := bus.StreamSpec{Name: outbox.StreamName(prefix, "planning"), Subjects: []string{prefix + "simpeg.planning.>"}, MaxAge: time.Hour}
	for i := range 2 { // creating, then updating to the same spec
		s, err := bus.EnsureStream(ctx, js, spec)
		if err != nil {
			t.Fatalf("EnsureStream #%d: %v", i+1, err)
		}
		cfg := s.CachedInfo().Config
		if cfg.Duplicates != 2*time.Minute || cfg.Storage != jetstream.FileStorage || cfg.Retention != jetstream.LimitsPolicy ||
			cfg.Replicas != 1 || cfg.MaxAge != time.Hour || len(cfg.Subjects) != 1 || cfg.Subjects[0] != prefix+"simpeg.planning.>" {
			t.Fatalf("stream config = %+v", cfg)
		}
	}
	// Publishing the same id twice within the window stores it once.
	for i := range 2 {
		m := nats.NewMsg(prefix + "simpeg.planning.x")
		m.Header.Set(jetstream.MsgIDHeader, "same")
		ack, err := js.PublishMsg(ctx, m)
		if err != nil {
			t.Fatal(err)
		}
		if ack.Duplicate != (i == 1) || ack.Sequence != 1 {
			t.Fatalf("publish #%d: %+v", i+1, ack)
		}
	}
	// A bad spec is an error, not a panic.
	if _, err := bus.EnsureStream(ctx, js, bus.StreamSpec{Name: "bad name with spaces", Subjects: []string{prefix + "x"}}); err == nil {
		t.Fatal("a stream name with spaces was accepted")
	}
}

func TestEmbedded(t *testing.T) {
	t.Parallel()
	if _, err := bus.StartEmbedded("no-port", t.TempDir()); err == nil {
		t.Fatal("an address without a port was accepted")
	}
	e := testenv.EmbeddedNATS(t, "127.0.0.1:0", t.TempDir())
	nc, err := nats.Connect(e.URL())
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := js.AccountInfo(ctx); err != nil {
		t.Fatalf("embedded server has no JetStream: %v", err)
	}
	e.Shutdown()
	if err := nc.Publish("x", nil); err == nil {
		eventually(t, 5*time.Second, "the client to see the shutdown", func() bool { return !nc.IsConnected() })
	} else if !errors.Is(err, nats.ErrConnectionClosed) && !errors.Is(err, nats.ErrConnectionReconnecting) {
		t.Logf("publish after shutdown: %v", err)
	}
}
