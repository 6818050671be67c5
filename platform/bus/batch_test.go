package bus_test

import (
	"context"
	"fmt"
	"net/url"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/bus"
	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/testenv"
)

// txCounter wraps a recorder and remembers the transaction of every call (kept alive, so no
// two transactions share an address) and the events applied in each.
type txCounter struct {
	r  *recorder
	mu sync.Mutex
	tx map[*database.Tx][]string
	// before, when set, runs before the recorder on every call.
	before func(ctx context.Context, m bus.Message) error
}

func newTxCounter(r *recorder) *txCounter { return &txCounter{r: r, tx: map[*database.Tx][]string{}} }

func (c *txCounter) handle(ctx context.Context, tx *database.Tx, m bus.Message) error {
	c.mu.Lock()
	c.tx[tx] = append(c.tx[tx], m.ID)
	c.mu.Unlock()
	if c.before != nil {
		if err := c.before(ctx, m); err != nil {
			return err
		}
	}
	return c.r.handle(ctx, tx, m)
}

// transactions returns how many transactions the handler ran in and the largest number of
// events one of them held.
func (c *txCounter) transactions() (n, largest int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, ids := range c.tx {
		largest = max(largest, len(ids))
	}
	return len(c.tx), largest
}

// sharedTx reports whether id was handled in a transaction together with another event.
func (c *txCounter) sharedTx(id string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, ids := range c.tx {
		for _, x := range ids {
			if x == id && len(ids) > 1 {
				return true
			}
		}
	}
	return false
}

func (e *env) consumeWith(t *testing.T, spec bus.ConsumerSpec, h bus.Handler) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	cc, err := bus.Consume(ctx, e.js, e.db, spec, discard, h)
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
}

func (e *env) publishN(t *testing.T, prefix string, n int) {
	t.Helper()
	for i := range n {
		e.publish(t, e.stream, "simpeg.test.thing.created", fmt.Sprint(prefix, i), fmt.Sprint("value-", i))
	}
}

// checkOnce fails unless each of the n events prefix0… has exactly one effect and one
// processed_events row under durable.
func (e *env) checkOnce(t *testing.T, durable, prefix string, n int) {
	t.Helper()
	if got := e.count(t, `SELECT COUNT(*) FROM processed_events WHERE consumer = $1`, durable); got != n {
		t.Errorf("%d processed events recorded, want %d", got, n)
	}
	if got := e.count(t, `SELECT COUNT(DISTINCT event_id) FROM effects`); got != n {
		t.Errorf("%d events have effects, want %d", got, n)
	}
	if got := e.count(t, `SELECT COUNT(*) FROM effects`); got != n {
		t.Errorf("%d effects, want %d (one per event)", got, n)
	}
}

// TestBatches: events already waiting are applied together, BatchSize at most per
// transaction, each exactly once, and acknowledged after the commit (issue 8, item 9).
func TestBatches(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		t.Run("5000 events in batches", func(t *testing.T) { t.Parallel(); testBatchedOnce(t, engine) })
		t.Run("poison in the middle of a batch", func(t *testing.T) { t.Parallel(); testBatchPoison(t, engine) })
		t.Run("database cut in the middle of a batch", func(t *testing.T) { t.Parallel(); testBatchCut(t, engine) })
		t.Run("processed batch redelivered", func(t *testing.T) { t.Parallel(); testBatchRedelivered(t, engine) })
		t.Run("optimistic", func(t *testing.T) { t.Parallel(); testOptimistic(t, engine) })
	})
}

// testOptimistic: ConsumerSpec.Optimistic applies waiting events in batches without a
// savepoint each, every event once; a poison event fails its batch, which is applied again
// with savepoints: the others' effects are kept once (their handler may have run twice), the
// poison's never, and the poison is terminated after MaxDeliver rejections.
func testOptimistic(t *testing.T, engine testenv.Engine) {
	e := newEnv(t, engine)
	const n = 2000
	publishPoisoned(t, e, n, "o-")
	r := &recorder{fail: func(m bus.Message, _ int) bool { return m.ID == "poison" }}
	c := newTxCounter(r)
	e.consumeWith(t, bus.ConsumerSpec{Stream: e.stream, Durable: "optimistic", Optimistic: true, MaxDeliver: 3,
		Backoff: []time.Duration{10 * time.Millisecond}}, c.handle)
	eventually(t, 60*time.Second, "the events applied and the poison terminated", func() bool { return e.settled(t, e.stream, "optimistic") })
	txs, largest := c.transactions()
	t.Logf("%s: %d handler calls for %d events in %d transactions, at most %d in one", engine, r.total(), n, txs, largest)
	if txs > n/8 {
		t.Errorf("%d transactions for %d waiting events; want them applied in batches", txs, n)
	}
	// Each delivery of the poison in a batch runs it twice (together, then with savepoints).
	if calls := r.callsOf("poison"); len(calls) < 3 || len(calls) > 6 {
		t.Errorf("poison handled %d times, want MaxDeliver = 3 deliveries, at most two calls each", len(calls))
	}
	if e.effects(t, "poison") != 0 || e.count(t, `SELECT COUNT(*) FROM processed_events WHERE event_id = 'poison'`) != 0 {
		t.Error("the poison event left an effect")
	}
	twice := 0
	for i := range n {
		if i == n/2 {
			continue
		}
		id := fmt.Sprint("o-", i)
		if got := e.effects(t, id); got != 1 {
			t.Fatalf("%s: %d effects, want 1", id, got)
		}
		switch calls := len(r.callsOf(id)); {
		case calls == 2:
			twice++
		case calls != 1:
			t.Fatalf("%s handled %d times; want once, or twice in the batch the poison failed", id, calls)
		}
	}
	if twice == 0 {
		t.Error("no event was handled twice: the poison's batch was not applied again with savepoints")
	}
	if e.count(t, `SELECT COUNT(*) FROM processed_events WHERE consumer = 'optimistic'`) != n-1 {
		t.Errorf("processed events recorded %d times, want %d", e.count(t, `SELECT COUNT(*) FROM processed_events WHERE consumer = 'optimistic'`), n-1)
	}
}

func testBatchedOnce(t *testing.T, engine testenv.Engine) {
	e := newEnv(t, engine)
	const n = 5000
	e.publishN(t, "b-", n)
	c := newTxCounter(&recorder{})
	start := time.Now()
	e.consumeWith(t, bus.ConsumerSpec{Stream: e.stream, Durable: "batched"}, c.handle)
	eventually(t, 60*time.Second, "5000 events applied", func() bool { return e.settled(t, e.stream, "batched") })
	txs, largest := c.transactions()
	t.Logf("%s: %d events in %s, %d transactions, at most %d events in one", engine, n, time.Since(start).Round(time.Millisecond), txs, largest)
	if c.r.total() != n {
		t.Errorf("handler called %d times, want %d", c.r.total(), n)
	}
	e.checkOnce(t, "batched", "b-", n)
	limit := bus.DefaultBatchSize // PostgreSQL's subtransaction cache
	if engine == testenv.SQLite {
		limit = bus.SQLiteBatchSize
	}
	if largest > limit {
		t.Errorf("a transaction held %d events, more than the batch size %d", largest, limit)
	}
	if txs > n/8 {
		t.Errorf("%d transactions for %d waiting events; want them applied in batches (at most %d)", txs, n, n/8)
	}
	// A lone event afterwards is applied at once, alone.
	lone := time.Now()
	e.publish(t, e.stream, "simpeg.test.thing.created", "lone", "v")
	eventually(t, 5*time.Second, "the lone event", func() bool { return e.settled(t, e.stream, "batched") })
	t.Logf("lone event applied within %s", time.Since(lone).Round(time.Millisecond))
	if c.sharedTx("lone") {
		t.Error("the lone event shared a transaction")
	}
}

// A poison event among waiting events: the batch's other events are applied once, each
// handled once; the poison is rolled back alone, redelivered and terminated after MaxDeliver.
func testBatchPoison(t *testing.T, engine testenv.Engine) {
	e := newEnv(t, engine)
	const n = 200
	publishPoisoned(t, e, n, "p-")
	r := &recorder{fail: func(m bus.Message, _ int) bool { return m.ID == "poison" }}
	c := newTxCounter(r)
	e.consumeWith(t, bus.ConsumerSpec{Stream: e.stream, Durable: "batch-poison", MaxDeliver: 3, Backoff: []time.Duration{10 * time.Millisecond}}, c.handle)
	eventually(t, 20*time.Second, "the batch applied and the poison terminated", func() bool { return e.settled(t, e.stream, "batch-poison") })
	if !c.sharedTx("poison") {
		t.Fatal("the poison event was never in a batch with others")
	}
	calls := r.callsOf("poison")
	if len(calls) != 3 {
		t.Fatalf("poison handled %d times, want MaxDeliver = 3", len(calls))
	}
	for i, cl := range calls {
		if cl.Delivered != uint64(i+1) {
			t.Errorf("poison call %d saw delivery %d", i+1, cl.Delivered)
		}
	}
	if e.effects(t, "poison") != 0 || e.count(t, `SELECT COUNT(*) FROM processed_events WHERE event_id = 'poison'`) != 0 {
		t.Fatal("the poison event left an effect")
	}
	for i := range n {
		if i == n/2 {
			continue
		}
		id := fmt.Sprint("p-", i)
		if len(r.callsOf(id)) != 1 || e.effects(t, id) != 1 {
			t.Fatalf("%s: %d calls, %d effects; want 1 and 1", id, len(r.callsOf(id)), e.effects(t, id))
		}
	}
}

// The database goes away while a batch is applied (PostgreSQL: the proxy refuses and closes
// every connection; SQLite, a file: the handler meets connection refused for two seconds):
// nothing of the batch is kept, every event is redelivered without spending an attempt
// (MaxDeliver 1 would terminate any rejected one) and applied once after.
func testBatchCut(t *testing.T, engine testenv.Engine) {
	e := newEnv(t, engine)
	var proxy *testenv.Proxy
	if engine == testenv.Postgres {
		u, err := url.Parse(testenv.DatabaseURL(t, engine))
		if err != nil {
			t.Fatal(err)
		}
		proxy = testenv.NewProxy(t, u.Host)
		u.Host = proxy.Addr()
		db, err := database.Open(context.Background(), u.String())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		if err := db.Migrate(context.Background(), "bustest", effectsMigration); err != nil {
			t.Fatal(err)
		}
		e.db = db
	}
	const n = 1000
	e.publishN(t, "cut-", n)
	var (
		mu     sync.Mutex
		calls  int
		cutEnd time.Time
	)
	c := newTxCounter(&recorder{})
	c.before = func(ctx context.Context, m bus.Message) error {
		mu.Lock()
		defer mu.Unlock()
		calls++
		if calls == n/3 { // in the middle of a batch
			cutEnd = time.Now().Add(2 * time.Second)
			if proxy != nil {
				proxy.Set(testenv.Refuse)
				time.AfterFunc(2*time.Second, func() { proxy.Set(testenv.Pass) })
			}
		}
		if proxy == nil && time.Now().Before(cutEnd) {
			return fmt.Errorf("storing thing: %w", syscall.ECONNREFUSED)
		}
		return nil
	}
	e.consumeWith(t, bus.ConsumerSpec{Stream: e.stream, Durable: "batch-cut", MaxDeliver: 1}, c.handle)
	eventually(t, 60*time.Second, "every event applied after the cut", func() bool { return e.settled(t, e.stream, "batch-cut") })
	mu.Lock()
	t.Logf("%s: %d handler calls for %d events", engine, calls, n)
	mu.Unlock()
	e.checkOnce(t, "batch-cut", "cut-", n)
}

// Every event of applied batches delivered again (the consumer's server state lost): the
// handler is not called and nothing changes.
func testBatchRedelivered(t *testing.T, engine testenv.Engine) {
	e := newEnv(t, engine)
	const n = 500
	e.publishN(t, "again-", n)
	first := &recorder{}
	ctx, cancel := context.WithCancel(context.Background())
	cc, err := bus.Consume(ctx, e.js, e.db, bus.ConsumerSpec{Stream: e.stream, Durable: "batch-again"}, discard, first.handle)
	if err != nil {
		t.Fatal(err)
	}
	eventually(t, 30*time.Second, "first consumption", func() bool { return e.settled(t, e.stream, "batch-again") })
	cancel()
	<-cc.Closed()
	dctx, dcancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer dcancel()
	if err := e.js.DeleteConsumer(dctx, e.stream, "batch-again"); err != nil {
		t.Fatal(err)
	}
	again := newTxCounter(&recorder{})
	e.consumeWith(t, bus.ConsumerSpec{Stream: e.stream, Durable: "batch-again"}, again.handle)
	eventually(t, 30*time.Second, "redelivered batches acknowledged", func() bool { return e.settled(t, e.stream, "batch-again") })
	if first.total() != n || again.r.total() != 0 {
		t.Fatalf("handler calls: %d, then %d on redelivery (want %d, then 0)", first.total(), again.r.total(), n)
	}
	e.checkOnce(t, "batch-again", "again-", n)
}

// BenchmarkConsume applies 2,000 waiting events one transaction each (BatchSize 1, as before
// issue 8) and in batches (the default), side by side on each engine:
//
//	go test ./platform/bus -run '^$' -bench BenchmarkConsume -benchtime 1x
func BenchmarkConsume(b *testing.B) {
	for _, engine := range testenv.Engines(b) {
		for _, size := range []int{1, bus.DefaultBatchSize} {
			b.Run(fmt.Sprintf("%s/batch=%d", engine, size), func(b *testing.B) {
				const n = 2000
				for range b.N {
					b.StopTimer()
					e := newEnv(b, engine)
					for i := range n {
						e.publish(b, e.stream, "simpeg.test.thing.created", fmt.Sprint("e-", i), "v")
					}
					r := &recorder{}
					b.StartTimer()
					ctx, cancel := context.WithCancel(context.Background())
					cc, err := bus.Consume(ctx, e.js, e.db, bus.ConsumerSpec{Stream: e.stream, Durable: "bench", BatchSize: size}, discard, r.handle)
					if err != nil {
						b.Fatal(err)
					}
					eventually(b, 5*time.Minute, "all events applied", func() bool { return e.settled(b, e.stream, "bench") })
					b.StopTimer()
					cancel()
					<-cc.Closed()
				}
				b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*n), "µs/event")
			})
		}
	}
}

// publishPoisoned publishes n thing.created events with ids prefix0 … , the middle one's id
// "poison" (the recorder fails it).
func publishPoisoned(t *testing.T, e *env, n int, prefix string) {
	t.Helper()
	for i := range n {
		id := fmt.Sprint(prefix, i)
		if i == n/2 {
			id = "poison"
		}
		e.publish(t, e.stream, "simpeg.test.thing.created", id, "v")
	}
}
