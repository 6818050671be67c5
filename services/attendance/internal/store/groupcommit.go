package store

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"github.com/simpeg-id/simpeg/platform/database"
)

// GroupOptions bound the batches of a GroupCommit.
type GroupOptions struct {
	// MaxBatch is the most items one transaction writes; 500 when zero.
	MaxBatch int
	// MaxWait is how long an item that finds no transaction running waits for others to join
	// it before its transaction starts; 0 starts it at once. Items that arrive while a
	// transaction runs never wait for this: they form the next batch, which starts as soon as a
	// transaction finishes.
	MaxWait time.Duration
	// Transactions is how many batches may be in flight at once; 1 when zero. More than one
	// lets the database write one batch while it flushes another's commit to disk (PostgreSQL);
	// on SQLite, whose writers queue anyway, keep 1.
	Transactions int
	// Timeout bounds one batch's transaction, retries included; 30 s when zero. The callers'
	// contexts never bound it: one caller giving up must not roll back the others' writes.
	Timeout time.Duration
}

// GroupCommit writes items handed to it by concurrent callers in shared transactions: classic
// group commit. A batch is whatever arrived while the previous transaction ran (at most
// MaxBatch items); write stores a batch in one transaction and returns one result per item, in
// order; every caller learns its item's result only once that transaction has committed, and a
// batch that fails fails each of its callers with the error, so nothing is acknowledged that is
// not durable.
//
// A caller whose context ends while its item still waits in the queue takes the item out: it is
// not written. Once its batch is being written, the item's fate is the batch's: the caller gets
// its context's error at once, and the item is committed or not with the others, never
// partially and never twice. A caller that retries (with the same idempotency key) finds it.
type GroupCommit[T, R any] struct {
	db    *database.DB
	write func(ctx context.Context, tx *database.Tx, items []T) ([]R, error)
	opts  GroupOptions

	mu       sync.Mutex
	queue    []*groupItem[T, R]
	inFlight int
	timer    *time.Timer // armed while the first item of an idle committer waits MaxWait
}

// Item states.
const (
	itemQueued    int32 = iota
	itemTaken           // in a batch being written
	itemCancelled       // its caller left before a batch took it
)

type groupItem[T, R any] struct {
	item  T
	state atomic.Int32
	done  chan struct{}
	res   R
	err   error
}

// NewGroupCommit returns a GroupCommit writing batches to db with write, which must have no
// effects outside tx: the transaction may be retried (database.DB.InTx).
func NewGroupCommit[T, R any](db *database.DB, opts GroupOptions, write func(ctx context.Context, tx *database.Tx, items []T) ([]R, error)) *GroupCommit[T, R] {
	if opts.MaxBatch <= 0 {
		opts.MaxBatch = 500
	}
	if opts.Transactions <= 0 {
		opts.Transactions = 1
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 30 * time.Second
	}
	return &GroupCommit[T, R]{db: db, write: write, opts: opts}
}

// Do writes item in the next batch and returns its result once the batch has committed.
func (g *GroupCommit[T, R]) Do(ctx context.Context, item T) (R, error) {
	var zero R
	if err := ctx.Err(); err != nil {
		return zero, err
	}
	it := &groupItem[T, R]{item: item, done: make(chan struct{})}
	g.mu.Lock()
	g.queue = append(g.queue, it)
	g.schedule()
	g.mu.Unlock()
	select {
	case <-it.done:
		return it.res, it.err
	case <-ctx.Done():
		if it.state.CompareAndSwap(itemQueued, itemCancelled) {
			return zero, ctx.Err() // never written: the batch that finds it skips it
		}
		// Its batch is being written and decides for it; the caller stops waiting unless the
		// answer is already there.
		select {
		case <-it.done:
			return it.res, it.err
		default:
			return zero, ctx.Err()
		}
	}
}

// schedule starts a batch if one may start now. g.mu is held.
func (g *GroupCommit[T, R]) schedule() {
	for len(g.queue) > 0 && g.inFlight < g.opts.Transactions {
		if g.opts.MaxWait > 0 && g.inFlight == 0 && len(g.queue) < g.opts.MaxBatch {
			// Idle: give the first item's companions MaxWait to arrive.
			if g.timer == nil {
				g.timer = time.AfterFunc(g.opts.MaxWait, g.wake)
			}
			return
		}
		if !g.start() {
			return
		}
	}
}

// wake ends an idle committer's wait for companions.
func (g *GroupCommit[T, R]) wake() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.timer = nil
	if g.inFlight < g.opts.Transactions {
		g.start()
	}
	g.schedule()
}

// start takes up to MaxBatch waiting items and writes them in a transaction of their own; it
// reports whether there were any. g.mu is held.
func (g *GroupCommit[T, R]) start() bool {
	if g.timer != nil {
		g.timer.Stop()
		g.timer = nil
	}
	batch := make([]*groupItem[T, R], 0, min(len(g.queue), g.opts.MaxBatch))
	n := 0
	for _, it := range g.queue {
		if len(batch) == g.opts.MaxBatch {
			break
		}
		n++
		if it.state.CompareAndSwap(itemQueued, itemTaken) {
			batch = append(batch, it)
		}
	}
	rest := copy(g.queue, g.queue[n:])
	clear(g.queue[rest:])
	g.queue = g.queue[:rest]
	if len(batch) == 0 {
		return false
	}
	g.inFlight++
	go g.commit(batch)
	return true
}

// commit writes batch in one transaction, answers its callers and starts the next batch.
func (g *GroupCommit[T, R]) commit(batch []*groupItem[T, R]) {
	items := make([]T, len(batch))
	for i, it := range batch {
		items[i] = it.item
	}
	ctx, cancel := context.WithTimeout(context.Background(), g.opts.Timeout)
	var results []R
	err := g.db.InTx(ctx, func(tx *database.Tx) error {
		var err error
		results, err = g.write(ctx, tx, items)
		if err == nil && len(results) != len(items) {
			err = errors.New("group commit: the batch's writer returned a result count unlike its item count")
		}
		return err
	})
	cancel()
	for i, it := range batch {
		if err != nil {
			it.err = err
		} else {
			it.res = results[i]
		}
		close(it.done)
	}
	g.mu.Lock()
	g.inFlight--
	// Whatever arrived meanwhile goes now, without waiting for companions.
	for len(g.queue) > 0 && g.inFlight < g.opts.Transactions && g.start() {
	}
	g.mu.Unlock()
}
