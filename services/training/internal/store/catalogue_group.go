package store

// Group commit of the units of work that contend for one row: the admissions into one session
// (app.CatalogueWriter.WriteGrouped). Each admission holds the session's row from the claim of
// its arrival number to its commit, so one at a time would pay one commit (one WAL flush on
// PostgreSQL, one fsync on SQLite) each; written together, the callers that queued while the
// previous transaction ran share one.

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/unitofwork"
	"github.com/simpeg-id/simpeg/services/training/internal/app"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

const (
	// maxGroup is the most calls one transaction writes. Each call's savepoint that writes is
	// a subtransaction, and PostgreSQL keeps up to 64 of a transaction's in shared memory: past
	// that every other session's snapshot overflows to pg_subtrans while the group runs. On
	// the 2-core benchmark machine 64 opened a course as fast as 200 (about 670 and 620
	// enrolments/s).
	maxGroup = 64
	// groupTimeout bounds one group's transaction, retries included. The callers' contexts
	// never bound it: one caller giving up must not roll back the others' writes.
	groupTimeout = 30 * time.Second
)

// Call states.
const (
	callQueued    int32 = iota
	callTaken           // in a group being written
	callCancelled       // its caller left before a group took it
)

// groups queues the WriteGrouped calls of each key; a key is in the map while a goroutine
// writes its groups, one transaction at a time.
type groups struct {
	mu     sync.Mutex
	queues map[string][]*groupCall
}

// groupCall is one caller's unit of work waiting for, or in, a group.
type groupCall struct {
	ctx   context.Context
	order string
	fn    func(ctx context.Context, tx app.Tx) error
	state atomic.Int32
	done  chan struct{}
	err   error
}

// WriteGrouped runs fn as Write does, in a transaction shared with the other calls naming
// the same key that queued while the previous transaction of that key ran (at most maxGroup;
// a call that finds the key idle starts at once, alone). The calls of a group run one after
// the other in order of their order argument (callers put the key of the first row they lock
// there, so that two groups lock those rows in one order), each in a savepoint of its own with
// its own events and audit records, which are prepared from its caller's context (actor,
// request, trace, Idempotency-Key). A call whose fn fails with a caller's error (an errs.Error
// other than Unavailable) is rolled back to its savepoint and its caller gets the error; any
// other failure fails the whole group, and database.DB.InTx runs a group that lost a race
// again from the start, every fn with it. Every caller returns only once its group's
// transaction has committed or failed.
//
// A caller whose context ends while its call still waits in the queue takes the call out: it
// is not written. Once its group is being written, the call's fate is the group's: the caller
// gets its context's error at once, and the call commits with the others or not at all.
func (s *Store) WriteGrouped(ctx context.Context, key, order string, fn func(ctx context.Context, tx app.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c := &groupCall{ctx: ctx, order: order, fn: fn, done: make(chan struct{})}
	g := &s.groups
	g.mu.Lock()
	if g.queues == nil {
		g.queues = map[string][]*groupCall{}
	}
	q, running := g.queues[key]
	g.queues[key] = append(q, c)
	g.mu.Unlock()
	if !running {
		go s.writeGroups(key)
	}
	select {
	case <-c.done:
		return c.err
	case <-ctx.Done():
		if c.state.CompareAndSwap(callQueued, callCancelled) {
			return ctx.Err() // never written: the group that finds it skips it
		}
		select {
		case <-c.done:
			return c.err
		default:
			return ctx.Err()
		}
	}
}

// writeGroups writes the groups of key until its queue is empty, then forgets the key.
func (s *Store) writeGroups(key string) {
	g := &s.groups
	for {
		g.mu.Lock()
		q := g.queues[key]
		var group []*groupCall
		n := 0
		for _, c := range q {
			if len(group) == maxGroup {
				break
			}
			n++
			if c.state.CompareAndSwap(callQueued, callTaken) {
				group = append(group, c)
			}
		}
		if n == len(q) && len(group) == 0 {
			delete(g.queues, key)
			g.mu.Unlock()
			return
		}
		g.queues[key] = q[n:]
		g.mu.Unlock()
		if len(group) > 0 {
			s.writeGroup(group)
		}
	}
}

// writeGroup writes the calls of group in one transaction and answers their callers.
func (s *Store) writeGroup(group []*groupCall) {
	slices.SortStableFunc(group, func(a, b *groupCall) int { return strings.Compare(a.order, b.order) })
	ctx, cancel := context.WithTimeout(context.Background(), groupTimeout)
	defer cancel()
	failed := make([]error, len(group))
	err := s.db.InTx(ctx, func(tx *database.Tx) error {
		prepared := make([]unitofwork.Prepared, 0, len(group))
		for i, c := range group {
			failed[i] = nil
			cctx := callContext{Context: ctx, values: c.ctx}
			p, err := s.writeCall(cctx, tx, c, len(group) > 1)
			if err != nil {
				if !callerError(err) || len(group) == 1 {
					return err
				}
				failed[i] = err
				continue
			}
			prepared = append(prepared, p)
		}
		return s.uow.WritePrepared(ctx, tx, prepared...)
	})
	for i, c := range group {
		c.err = failed[i]
		if err != nil {
			c.err = err
		}
		close(c.done)
	}
}

// writeCall runs one call's fn in tx, inside a savepoint when it shares tx with others, and
// prepares its events and audit records. A caller's error rolls the savepoint back.
func (s *Store) writeCall(ctx context.Context, tx *database.Tx, c *groupCall, savepoint bool) (unitofwork.Prepared, error) {
	b := &unitofwork.Batch[domain.Event]{}
	if !savepoint {
		if err := c.fn(ctx, newTxn(tx, b)); err != nil {
			return unitofwork.Prepared{}, err
		}
		return s.uow.Prepare(ctx, b)
	}
	if _, err := tx.ExecContext(ctx, `SAVEPOINT grouped_call`); err != nil {
		return unitofwork.Prepared{}, fmt.Errorf("starting a grouped call: %w", err)
	}
	if err := c.fn(ctx, newTxn(tx, b)); err != nil {
		if !callerError(err) {
			return unitofwork.Prepared{}, err
		}
		if _, rerr := tx.ExecContext(ctx, `ROLLBACK TO SAVEPOINT grouped_call`); rerr != nil {
			return unitofwork.Prepared{}, fmt.Errorf("rolling back a grouped call: %w", rerr)
		}
		if _, rerr := tx.ExecContext(ctx, `RELEASE SAVEPOINT grouped_call`); rerr != nil {
			return unitofwork.Prepared{}, fmt.Errorf("ending a grouped call: %w", rerr)
		}
		return unitofwork.Prepared{}, err
	}
	if _, err := tx.ExecContext(ctx, `RELEASE SAVEPOINT grouped_call`); err != nil {
		return unitofwork.Prepared{}, fmt.Errorf("ending a grouped call: %w", err)
	}
	return s.uow.Prepare(ctx, b)
}

// callerError reports whether err is the caller's to act on (a refusal of the request), so
// that only its call fails; anything else fails the group.
func callerError(err error) bool {
	e, ok := errs.As(err)
	return ok && e.Kind != errs.Unavailable
}

// callContext is a call's context inside its group: the caller's values (grant, request
// metadata, trace, Idempotency-Key claim) with the group's deadline and cancellation.
type callContext struct {
	context.Context                 // the group's
	values          context.Context // the caller's
}

// Value returns the caller's value for key.
func (c callContext) Value(key any) any { return c.values.Value(key) }
