package outbox

import (
	"context"
	"fmt"
	"time"

	"github.com/simpeg-id/simpeg/platform/database"
)

// Pruning deletes old rows of a high-volume housekeeping table (the outbox's sent rows, the
// consumers' processed event ids) in bounded batches: each batch is its own short statement
// over the table's time index, so no statement holds locks or a snapshot for long, and a
// pause between batches leaves the database to live traffic. Issue 13: one DELETE of a year's
// 10.4 M sent outbox rows ran into the relay's 10 s timeout and rolled back every minute,
// holding back vacuum all the while.
type Pruning struct {
	// Table is the table, Time its time column (unix microseconds) with an index on it, and
	// Where an extra condition the index is partial on ("sent_at IS NOT NULL"), or "".
	Table, Time, Where string
	// Batch is the most rows one statement deletes; DefaultPruneBatch when zero.
	Batch int
	// Pause is the wait between two batches; DefaultPrunePause when zero.
	Pause time.Duration
	// StatementTimeout bounds each statement; 10 s when zero.
	StatementTimeout time.Duration
}

// DefaultPruneBatch and DefaultPrunePause: 5,000 rows take PostgreSQL ~20–60 ms to delete
// (docs/benchmarks.md, "Issue #13: the event path"), so with a 20 ms pause a prune uses at most
// a half to three quarters of one connection and of the write path, yet deletes a year's 10 M
// rows in minutes.
const (
	DefaultPruneBatch = 5000
	DefaultPrunePause = 20 * time.Millisecond
)

// Delete deletes the rows whose time is before cutoff, in batches, oldest first, until a
// batch comes back short (nothing older left) or ctx ends. It returns how many rows it
// deleted. On PostgreSQL each batch locks its rows with SKIP LOCKED, so replicas pruning at the
// same time delete different rows instead of waiting on each other; on SQLite there is one
// writer. Each batch starts at the newest time the previous one deleted, so it does not wade
// again through the index entries of rows already deleted but not yet vacuumed.
func (p Pruning) Delete(ctx context.Context, db *database.DB, cutoff time.Time) (int, error) {
	batch, pause, timeout := p.Batch, p.Pause, p.StatementTimeout
	if batch <= 0 {
		batch = DefaultPruneBatch
	}
	if pause <= 0 {
		pause = DefaultPrunePause
	}
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	cond := p.Time + " >= $1 AND " + p.Time + " < $2"
	if p.Where != "" {
		cond = p.Where + " AND " + cond
	}
	var q string
	if db.Dialect == database.Postgres {
		q = `DELETE FROM ` + p.Table + ` WHERE ctid = ANY(ARRAY(SELECT ctid FROM ` + p.Table + ` WHERE ` + cond +
			` ORDER BY ` + p.Time + ` LIMIT $3 FOR UPDATE SKIP LOCKED)) RETURNING ` + p.Time
	} else {
		q = `DELETE FROM ` + p.Table + ` WHERE rowid IN (SELECT rowid FROM ` + p.Table + ` WHERE ` + cond +
			` ORDER BY ` + p.Time + ` LIMIT $3) RETURNING ` + p.Time
	}
	end := database.Micros(cutoff)
	from := int64(0)
	total := 0
	for {
		n, newest, err := p.deleteBatch(ctx, db, q, from, end, batch, timeout)
		total += n
		if err != nil {
			return total, err
		}
		if n < batch {
			return total, nil
		}
		from = newest
		t := time.NewTimer(pause)
		select {
		case <-ctx.Done():
			t.Stop()
			return total, nil
		case <-t.C:
		}
	}
}

// deleteBatch runs one batch and returns how many rows it deleted and the newest time among them.
func (p Pruning) deleteBatch(ctx context.Context, db *database.DB, q string, from, end int64, batch int, timeout time.Duration) (int, int64, error) {
	sctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	n, newest := 0, from
	err := database.QueryEach(sctx, db, func(sc database.Scanner) error {
		var t int64
		if err := sc.Scan(&t); err != nil {
			return err
		}
		n++
		newest = max(newest, t)
		return nil
	}, q, from, end, batch)
	if err != nil {
		return 0, from, fmt.Errorf("deleting old rows of %s: %w", p.Table, err)
	}
	return n, newest, nil
}

// SentRows is the pruning of the outbox's sent rows, over the index outbox_sent.
var SentRows = Pruning{Table: "outbox", Time: "sent_at", Where: "sent_at IS NOT NULL"}

// DeleteSent deletes the outbox rows sent before cutoff (see Pruning.Delete).
func DeleteSent(ctx context.Context, db *database.DB, cutoff time.Time) (int, error) {
	return SentRows.Delete(ctx, db, cutoff)
}
