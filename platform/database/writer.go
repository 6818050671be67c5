package database

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// writerWait bounds how long a transaction waits for its turn behind the process's other
// SQLite writers before it asks SQLite itself, whose busy_timeout then decides as for a writer
// of another process.
const writerWait = 10 * time.Second

// newWriterTurn returns the turn SQLite's write transactions of one process take, one at a
// time, in the order they asked.
func newWriterTurn() chan struct{} { return make(chan struct{}, 1) }

// takeTurn waits for the write turn of an SQLite database and returns its release; on
// PostgreSQL it returns at once. SQLite has one writer at a time, and a transaction that finds
// the lock taken polls for it with growing sleeps (busy_timeout): behind a consumer applying
// batch after batch it kept losing the race to the consumer's next batch, and 328 offices took
// a minute to create while the directory copy ran (issue 13 §2). Waiting here instead, first
// come first served, bounds the wait by the transactions queued before it.
func (db *DB) takeTurn(ctx context.Context) (func(), error) {
	if db.writer == nil {
		return func() {}, nil
	}
	release := func() { <-db.writer }
	select {
	case db.writer <- struct{}{}:
		return release, nil
	default:
	}
	t := time.NewTimer(writerWait)
	defer t.Stop()
	select {
	case db.writer <- struct{}{}:
		return release, nil
	case <-ctx.Done():
		return nil, fmt.Errorf("waiting for the database's writer: %w", ctx.Err())
	case <-t.C:
		// A writer of this process has held the turn for writerWait: let SQLite's own lock
		// and busy_timeout decide (a transaction nested in another of the same database
		// then fails as busy, as it did before this turn existed).
		return func() {}, nil
	}
}

// ExecContext runs a statement outside a transaction. On SQLite it takes the process's write
// turn first: such a statement is a write transaction of its own (the idempotency keys'
// claims and answers, the outbox relay's marks, the retention's deletes), and left to SQLite's
// busy polling it lost the lock, again and again, to the transactions handing the turn to each
// other (issue 13 §2). On PostgreSQL it is the pool's ExecContext.
func (db *DB) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	release, err := db.takeTurn(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	return db.DB.ExecContext(ctx, query, args...)
}
