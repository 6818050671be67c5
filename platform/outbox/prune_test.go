package outbox_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/outbox"
	"github.com/simpeg-id/simpeg/platform/testenv"
)

// insertRows writes n outbox rows named prefix-1…n, created at created, sent at sent (unsent
// when sent is zero), one microsecond apart, in one statement.
func insertRows(t *testing.T, db *database.DB, prefix string, n int, created, sent time.Time) {
	t.Helper()
	if n == 0 {
		return
	}
	var sentAt any // NULL
	if !sent.IsZero() {
		sentAt = database.Micros(sent)
	}
	_, err := db.ExecContext(context.Background(), `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1)
		INSERT INTO outbox (id, subject, event_type, payload, headers, created_at, sent_at)
		SELECT $2 || CAST(i AS TEXT), 'simpeg.test.thing.created', 'google.protobuf.StringValue', $3, '{}', CAST($4 AS BIGINT) + i,
			CAST($5 AS BIGINT) + i FROM n`,
		n, prefix+"-", []byte{0x0a, 0x01, 'x'}, database.Micros(created), sentAt)
	if err != nil {
		t.Fatalf("inserting %s rows: %v", prefix, err)
	}
}

func countWhere(t *testing.T, db *database.DB, prefix string) int {
	t.Helper()
	var n int
	if err := db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM outbox WHERE id LIKE $1`, prefix+"-%").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestDeleteSent: the rows sent before the cutoff are deleted, in batches, by one pruner or by
// two replicas at once; the unsent (however old) and the younger sent rows stay.
func TestDeleteSent(t *testing.T) {
	for _, engine := range testenv.Engines(t) {
		for _, tt := range []struct {
			name     string
			pruners  int
			batch    int
			old      int // sent two days ago
			young    int // sent an hour ago
			unsent   int // created three days ago, never sent
			retained time.Duration
		}{
			{"one pruner, batches of 3000", 1, 3000, 20000, 300, 200, 24 * time.Hour},
			{"two replicas at once", 2, 2500, 20000, 300, 200, 24 * time.Hour},
			{"a batch exactly full", 1, 1000, 3000, 10, 10, 24 * time.Hour},
			{"nothing old enough", 1, 3000, 0, 300, 200, 24 * time.Hour},
		} {
			t.Run(string(engine)+"/"+tt.name, func(t *testing.T) {
				db := testenv.OpenDB(t, engine)
				ctx := context.Background()
				if err := db.Migrate(ctx, "test", nil); err != nil {
					t.Fatal(err)
				}
				now := time.Now()
				insertRows(t, db, "old", tt.old, now.Add(-49*time.Hour), now.Add(-48*time.Hour))
				insertRows(t, db, "young", tt.young, now.Add(-2*time.Hour), now.Add(-time.Hour))
				insertRows(t, db, "unsent", tt.unsent, now.Add(-72*time.Hour), time.Time{})
				p := outbox.SentRows
				p.Batch, p.Pause = tt.batch, time.Millisecond
				var (
					wg    sync.WaitGroup
					mu    sync.Mutex
					total int
				)
				for range tt.pruners {
					wg.Add(1)
					go func() {
						defer wg.Done()
						n, err := p.Delete(ctx, db, now.Add(-tt.retained))
						if err != nil {
							t.Error(err)
						}
						mu.Lock()
						total += n
						mu.Unlock()
					}()
				}
				wg.Wait()
				if total != tt.old {
					t.Errorf("deleted %d rows, want %d", total, tt.old)
				}
				for _, c := range []struct {
					prefix string
					want   int
				}{{"old", 0}, {"young", tt.young}, {"unsent", tt.unsent}} {
					if got := countWhere(t, db, c.prefix); got != c.want {
						t.Errorf("%s rows left: %d, want %d", c.prefix, got, c.want)
					}
				}
			})
		}
	}
}

// TestRelayPrunes: a running relay deletes the rows sent before its retention at start.
func TestRelayPrunes(t *testing.T) {
	for _, engine := range testenv.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			e := newEnv(t, engine, testenv.NATS(t))
			now := time.Now()
			insertRows(t, e.db, "old", 12000, now.Add(-4*time.Hour), now.Add(-3*time.Hour))
			insertRows(t, e.db, "young", 100, now.Add(-time.Hour), now.Add(-30*time.Minute))
			ctx, cancel := context.WithCancel(context.Background())
			r := &outbox.Relay{Outbox: e.ob, DB: e.db, JS: e.js, Log: discard, SubjectPrefix: e.prefix, Retention: 2 * time.Hour}
			done := make(chan error, 1)
			go func() { done <- r.Run(ctx) }()
			eventually(t, 20*time.Second, "the old sent rows to be deleted", func() bool { return countWhere(t, e.db, "old") == 0 })
			cancel()
			if err := <-done; err != nil {
				t.Fatal(err)
			}
			if n := countWhere(t, e.db, "young"); n != 100 {
				t.Fatalf("%d young sent rows left, want 100", n)
			}
		})
	}
}

// TestTuneAutovacuum: on PostgreSQL the outbox and processed_events get their autovacuum
// settings, and a second run changes nothing; on SQLite it does nothing.
func TestTuneAutovacuum(t *testing.T) {
	for _, engine := range testenv.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			db := testenv.OpenDB(t, engine)
			ctx := context.Background()
			if err := db.Migrate(ctx, "test", nil); err != nil {
				t.Fatal(err)
			}
			for range 2 {
				if err := outbox.TuneAutovacuum(ctx, db); err != nil {
					t.Fatal(err)
				}
			}
			if engine != testenv.Postgres {
				return
			}
			for _, a := range outbox.Autovacuum {
				var have string
				if err := db.QueryRowContext(ctx, `SELECT array_to_string(reloptions, ',') FROM pg_class WHERE oid = to_regclass($1)`, a.Table).Scan(&have); err != nil {
					t.Fatal(err)
				}
				if have != a.Options {
					t.Errorf("%s: reloptions %q, want %q", a.Table, have, a.Options)
				}
			}
		})
	}
}
