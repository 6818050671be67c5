package database_test

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

// TestWriterTurns: on SQLite, InTx's transactions take turns in the order they asked. A
// writer that finds a loop of back-to-back transactions holding the lock gets its turn after
// the one running (SQLite's own busy wait polls with growing sleeps and can keep losing the
// race); the turn is given back when a transaction fails, panics or commits (before its
// after-commit hooks, which may write again); a caller whose context ends stops waiting.
func TestWriterTurns(t *testing.T) {
	db := migrated(t, testenv.SQLite)
	ctx := context.Background()
	insert := func(ctx context.Context, id string) error {
		return db.InTx(ctx, func(tx *database.Tx) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO things (id, code, n) VALUES ($1, $1, 1)`, id)
			return err
		})
	}

	// busyLoop runs back-to-back 5 ms transactions (a copy applying batches) until stop
	// returns; it reports how many it ran.
	busyLoop := func(prefix string) (stop func() int64) {
		done := make(chan struct{})
		var loops atomic.Int64
		var wg sync.WaitGroup
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-done:
					return
				default:
				}
				if err := db.InTx(ctx, func(tx *database.Tx) error {
					_, err := tx.ExecContext(ctx, `INSERT INTO things (id, code, n) VALUES ($1, $1, 1)`, fmt.Sprint(prefix, i))
					time.Sleep(5 * time.Millisecond) // a batch being applied
					return err
				}); err != nil {
					t.Error(err)
					return
				}
				loops.Add(1)
			}
		})
		return func() int64 { close(done); wg.Wait(); return loops.Load() }
	}
	for _, c := range []struct {
		name  string
		write func(i int) error
	}{
		{"a writer behind a busy loop", func(i int) error { return insert(ctx, fmt.Sprint("writer-", i)) }},
		{"a statement outside a transaction behind a busy loop", func(i int) error {
			_, err := db.ExecContext(ctx, `INSERT INTO things (id, code, n) VALUES ($1, $1, 1)`, fmt.Sprint("autocommit-", i))
			return err
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			stop := busyLoop(c.name + "-loop-")
			var slowest time.Duration
			for i := range 20 {
				start := time.Now()
				if err := c.write(i); err != nil {
					stop()
					t.Fatal(err)
				}
				slowest = max(slowest, time.Since(start))
			}
			t.Logf("20 writes beside %d looping transactions, the slowest in %s", stop(), slowest)
			if slowest > time.Second {
				t.Errorf("a write waited %s behind 5 ms transactions; want its turn after the one running", slowest)
			}
		})
	}

	t.Run("the turn is given back", func(t *testing.T) {
		errStop := errors.New("stop")
		if err := db.InTx(ctx, func(tx *database.Tx) error { return errStop }); !errors.Is(err, errStop) {
			t.Fatalf("InTx = %v", err)
		}
		func() {
			defer func() { _ = recover() }()
			_ = db.InTx(ctx, func(tx *database.Tx) error { panic("boom") })
		}()
		hookDone := make(chan error, 1)
		if err := db.InTx(ctx, func(tx *database.Tx) error {
			tx.AfterCommit(func() {
				cctx, cancel := context.WithTimeout(ctx, 2*time.Second)
				defer cancel()
				hookDone <- insert(cctx, "from-hook")
			})
			_, err := tx.ExecContext(ctx, `INSERT INTO things (id, code, n) VALUES ('hooked', 'hooked', 1)`)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if err := <-hookDone; err != nil {
			t.Errorf("a write in an after-commit hook: %v", err)
		}
		cctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		defer cancel()
		if err := insert(cctx, "after"); err != nil {
			t.Errorf("a write after a failed, a panicking and a hooked transaction: %v", err)
		}
	})

	t.Run("a caller whose context ends stops waiting", func(t *testing.T) {
		held := make(chan struct{})
		free := make(chan struct{})
		var wg sync.WaitGroup
		wg.Go(func() {
			_ = db.InTx(ctx, func(tx *database.Tx) error {
				close(held)
				<-free
				return nil
			})
		})
		<-held
		cctx, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
		defer cancel()
		err := insert(cctx, "impatient")
		close(free)
		wg.Wait()
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("waiting with a deadline: %v, want context.DeadlineExceeded", err)
		}
	})
}
