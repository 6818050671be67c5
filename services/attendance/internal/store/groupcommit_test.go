package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/testenv"
)

// gcTable is a table of its own for the GroupCommit tests: key and value.
func gcTable(t *testing.T, engine testenv.Engine) *database.DB {
	t.Helper()
	db := testenv.OpenDB(t, engine)
	if _, err := db.ExecContext(context.Background(), `CREATE TABLE gc_items (k TEXT PRIMARY KEY, v INTEGER NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	return db
}

type gcItem struct {
	key string
	v   int
}

// gcWriter inserts a batch in one statement and answers each item with the size of its batch.
// Its hooks let a test hold a batch in its transaction or fail it.
type gcWriter struct {
	entered chan int              // receives a batch's size when its transaction starts, if set
	release chan struct{}         // a batch waits for it inside its transaction, if set
	fail    atomic.Pointer[error] // fail batches with it, if set
	batches atomic.Int64
}

func (w *gcWriter) write(ctx context.Context, tx *database.Tx, items []gcItem) ([]int, error) {
	if w.entered != nil {
		w.entered <- len(items)
	}
	if w.release != nil {
		<-w.release
	}
	args := make([]any, 0, 2*len(items))
	q := `INSERT INTO gc_items (k, v) VALUES `
	for i, it := range items {
		if i > 0 {
			q += ", "
		}
		q += "(" + database.Placeholders(len(args)+1, 2) + ")"
		args = append(args, it.key, it.v)
	}
	if _, err := tx.ExecContext(ctx, q, args...); err != nil {
		return nil, err
	}
	if err := w.fail.Load(); err != nil {
		return nil, *err // after writing: the rollback must undo it
	}
	w.batches.Add(1)
	out := make([]int, len(items))
	for i := range out {
		out[i] = len(items)
	}
	return out, nil
}

func gcCount(t *testing.T, db *database.DB, where string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM gc_items WHERE `+where, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestGroupCommit runs the group commit's contract on each engine.
func TestGroupCommit(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		t.Run("concurrent callers share transactions", func(t *testing.T) { gcConcurrent(t, engine) })
		t.Run("the batch is what arrived meanwhile", func(t *testing.T) { gcBatching(t, engine) })
		t.Run("a failed batch fails all its callers", func(t *testing.T) { gcFailure(t, engine) })
		t.Run("cancellation", func(t *testing.T) { gcCancel(t, engine) })
	})
}

// 200 callers at once: every item is written once, every caller answered after its commit,
// in fewer transactions than callers.
func gcConcurrent(t *testing.T, engine testenv.Engine) {
	db := gcTable(t, engine)
	w := &gcWriter{}
	g := NewGroupCommit(db, GroupOptions{MaxBatch: 50, Transactions: 2}, w.write)
	const callers = 200
	var (
		wg    sync.WaitGroup
		start = make(chan struct{})
		errs  = make([]error, callers)
		sizes = make([]int, callers)
	)
	for i := range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			key := fmt.Sprintf("k%03d", i)
			sizes[i], errs[i] = g.Do(context.Background(), gcItem{key: key, v: i})
			if errs[i] != nil {
				return
			}
			var n int
			if err := db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM gc_items WHERE k = $1`, key).Scan(&n); err != nil || n != 1 {
				errs[i] = fmt.Errorf("%s answered before it was committed: %d rows, %v", key, n, err)
			}
		}()
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("caller %d: %v", i, err)
		}
		if sizes[i] < 1 || sizes[i] > 50 {
			t.Fatalf("caller %d was in a batch of %d; want 1 to 50", i, sizes[i])
		}
	}
	if n := gcCount(t, db, `1 = 1`); n != callers {
		t.Fatalf("%d rows, want %d", n, callers)
	}
	if b := w.batches.Load(); b >= callers || b < callers/50 {
		t.Fatalf("%d transactions for %d callers; want fewer than callers, at least %d", b, callers, callers/50)
	}
	t.Logf("%d callers in %d transactions", callers, w.batches.Load())
}

// While a transaction runs, arrivals queue; when it commits they go together, at most MaxBatch
// to a transaction.
func gcBatching(t *testing.T, engine testenv.Engine) {
	db := gcTable(t, engine)
	w := &gcWriter{entered: make(chan int, 10), release: make(chan struct{})}
	g := NewGroupCommit(db, GroupOptions{MaxBatch: 8, Transactions: 1}, w.write)
	results := make(chan error, 20)
	do := func(key string) {
		_, err := g.Do(context.Background(), gcItem{key: key})
		results <- err
	}
	go do("first")
	if n := <-w.entered; n != 1 {
		t.Fatalf("the first item went alone to a batch of %d", n)
	}
	for i := range 12 {
		go do(fmt.Sprintf("queued-%02d", i))
	}
	waitQueued(t, g, 12)
	w.release <- struct{}{} // the first commits; the 12 queued go in batches of 8 and 4
	if n := <-w.entered; n != 8 {
		t.Fatalf("second batch of %d, want 8 (MaxBatch)", n)
	}
	w.release <- struct{}{}
	if n := <-w.entered; n != 4 {
		t.Fatalf("third batch of %d, want the other 4", n)
	}
	w.release <- struct{}{}
	for range 13 {
		if err := <-results; err != nil {
			t.Fatal(err)
		}
	}
	if n := gcCount(t, db, `1 = 1`); n != 13 {
		t.Fatalf("%d rows, want 13", n)
	}

	// MaxWait: an item finding the committer idle waits for companions.
	w2 := &gcWriter{entered: make(chan int, 10)}
	g2 := NewGroupCommit(db, GroupOptions{MaxBatch: 3, MaxWait: time.Hour}, w2.write)
	var wg sync.WaitGroup
	for i := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := g2.Do(context.Background(), gcItem{key: fmt.Sprintf("waited-%d", i)}); err != nil {
				t.Error(err)
			}
		}()
	}
	if n := <-w2.entered; n != 3 {
		t.Fatalf("after MaxWait's companions a batch of %d, want 3 (full before the wait ended)", n)
	}
	wg.Wait()
}

func waitQueued[T, R any](t *testing.T, g *GroupCommit[T, R], n int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		g.mu.Lock()
		q := len(g.queue)
		g.mu.Unlock()
		if q >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d items queued, want %d", q, n)
		}
		time.Sleep(time.Millisecond)
	}
}

// A batch that fails fails each of its callers with the error and writes nothing; the next
// batch is not affected.
func gcFailure(t *testing.T, engine testenv.Engine) {
	db := gcTable(t, engine)
	w := &gcWriter{entered: make(chan int, 10), release: make(chan struct{})}
	g := NewGroupCommit(db, GroupOptions{MaxBatch: 100}, w.write)
	errDisk := errors.New("disk full")
	results := make(chan error, 20)
	go func() { _, err := g.Do(context.Background(), gcItem{key: "before"}); results <- err }()
	<-w.entered
	for i := range 10 {
		go func() { _, err := g.Do(context.Background(), gcItem{key: fmt.Sprintf("doomed-%d", i)}); results <- err }()
	}
	waitQueued(t, g, 10)
	w.release <- struct{}{}
	if err := <-results; err != nil {
		t.Fatalf("the batch before: %v", err)
	}
	w.fail.Store(&errDisk)
	if n := <-w.entered; n != 10 {
		t.Fatalf("failing batch of %d, want 10", n)
	}
	w.release <- struct{}{}
	for range 10 {
		if err := <-results; !errors.Is(err, errDisk) {
			t.Fatalf("a caller of the failed batch got %v, want %v", err, errDisk)
		}
	}
	if n := gcCount(t, db, `k LIKE 'doomed-%'`); n != 0 {
		t.Fatalf("the failed batch left %d rows", n)
	}
	w.fail.Store(nil)
	w.release = nil
	if _, err := g.Do(context.Background(), gcItem{key: "after"}); err != nil {
		t.Fatalf("the batch after: %v", err)
	}
	if n := gcCount(t, db, `1 = 1`); n != 2 {
		t.Fatalf("%d rows, want 2", n)
	}
}

// A caller that gives up while its item waits takes it out of the queue; one that gives up
// while its batch is being written gets its error at once, and the item is written all the
// same, once.
func gcCancel(t *testing.T, engine testenv.Engine) {
	db := gcTable(t, engine)
	w := &gcWriter{entered: make(chan int, 10), release: make(chan struct{})}
	g := NewGroupCommit(db, GroupOptions{MaxBatch: 100}, w.write)

	inFlight, cancelInFlight := context.WithCancel(context.Background())
	flightDone := make(chan error, 1)
	go func() { _, err := g.Do(inFlight, gcItem{key: "in-flight"}); flightDone <- err }()
	<-w.entered // its transaction has begun
	cancelInFlight()
	if err := <-flightDone; !errors.Is(err, context.Canceled) {
		t.Fatalf("a caller leaving during its transaction got %v, want context.Canceled", err)
	}

	queued, cancelQueued := context.WithCancel(context.Background())
	queuedDone := make(chan error, 1)
	go func() { _, err := g.Do(queued, gcItem{key: "queued"}); queuedDone <- err }()
	kept := make(chan error, 1)
	go func() { _, err := g.Do(context.Background(), gcItem{key: "kept"}); kept <- err }()
	waitQueued(t, g, 2)
	cancelQueued()
	if err := <-queuedDone; !errors.Is(err, context.Canceled) {
		t.Fatalf("a queued caller leaving got %v, want context.Canceled", err)
	}
	if _, err := g.Do(queued, gcItem{key: "late"}); !errors.Is(err, context.Canceled) {
		t.Fatalf("Do with a cancelled context = %v", err)
	}

	w.release <- struct{}{} // the in-flight batch commits
	if n := <-w.entered; n != 1 {
		t.Fatalf("the next batch has %d items; want only the one whose caller stayed", n)
	}
	w.release <- struct{}{}
	if err := <-kept; err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]int{"in-flight": 1, "queued": 0, "kept": 1, "late": 0} {
		if n := gcCount(t, db, `k = $1`, key); n != want {
			t.Errorf("%s: %d rows, want %d", key, n, want)
		}
	}
}
