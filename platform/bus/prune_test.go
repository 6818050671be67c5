package bus_test

import (
	"context"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/bus"
	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/testenv"
)

// TestPruneProcessed: the processed event ids recorded before the cutoff are deleted, of every
// consumer; the younger ones stay (they may still be redelivered).
func TestPruneProcessed(t *testing.T) {
	for _, engine := range testenv.Engines(t) {
		for _, tt := range []struct {
			name       string
			old, young int
		}{
			{"20,000 old, 500 young", 20000, 500},
			{"none old", 0, 500},
		} {
			t.Run(string(engine)+"/"+tt.name, func(t *testing.T) {
				db := testenv.OpenDB(t, engine)
				ctx := context.Background()
				if err := db.Migrate(ctx, "test", nil); err != nil {
					t.Fatal(err)
				}
				now := time.Now()
				insert := func(consumer string, n int, at time.Time) {
					if n == 0 {
						return
					}
					if _, err := db.ExecContext(ctx, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1)
						INSERT INTO processed_events (consumer, event_id, processed_at) SELECT $2, 'ev-' || CAST(i AS TEXT), CAST($3 AS BIGINT) + i FROM n`,
						n, consumer, database.Micros(at)); err != nil {
						t.Fatal(err)
					}
				}
				insert("a", tt.old/2, now.Add(-9*24*time.Hour))
				insert("b", tt.old-tt.old/2, now.Add(-8*24*time.Hour-time.Minute))
				insert("young", tt.young, now.Add(-7*24*time.Hour))
				n, err := bus.PruneProcessed(ctx, db, now.Add(-8*24*time.Hour))
				if err != nil {
					t.Fatal(err)
				}
				var left, young int
				if err := db.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN consumer = 'young' THEN 1 ELSE 0 END), 0) FROM processed_events`).Scan(&left, &young); err != nil {
					t.Fatal(err)
				}
				if n != tt.old || left != tt.young || young != tt.young {
					t.Fatalf("deleted %d, left %d (%d young); want %d deleted, %d left", n, left, young, tt.old, tt.young)
				}
			})
		}
	}
}
