package outbox

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/simpeg-id/simpeg/platform/database"
)

// Autovacuum are the per-table autovacuum settings TuneAutovacuum gives the platform's churning
// tables on PostgreSQL. Every outbox row is inserted, updated once (sent) and deleted a day
// later; processed_events is inserted and deleted in batches. PostgreSQL's defaults vacuum a
// table once a fifth of it is dead (autovacuum_vacuum_scale_factor 0.2): over a year of history
// that is 2 M dead outbox rows whose index entries the relay's read and the health check's
// count wade through (issue 13: the relay's ceiling 1,250 events/s unvacuumed, 3,700/s after
// VACUUM). At 1 % (plus 1,000 rows) a vacuum comes every few thousand events on a day-sized
// outbox and stays short; the insert thresholds keep the visibility map current for the
// index-only count of the backlog.
var Autovacuum = []struct{ Table, Options string }{
	{"outbox", "autovacuum_vacuum_scale_factor=0.01,autovacuum_vacuum_threshold=1000,autovacuum_vacuum_insert_scale_factor=0.01,autovacuum_analyze_scale_factor=0.02"},
	{"processed_events", "autovacuum_vacuum_scale_factor=0.01,autovacuum_vacuum_threshold=1000,autovacuum_vacuum_insert_scale_factor=0.05,autovacuum_analyze_scale_factor=0.05"},
}

// TuneAutovacuum sets Autovacuum on PostgreSQL (nothing on SQLite). A table that has them
// already is not altered, so a restart takes no lock; ALTER TABLE … SET takes a SHARE UPDATE
// EXCLUSIVE lock, which reads and writes do not wait for.
func TuneAutovacuum(ctx context.Context, db *database.DB) error {
	if db.Dialect != database.Postgres {
		return nil
	}
	for _, a := range Autovacuum {
		var have string
		if err := db.QueryRowContext(ctx, `SELECT COALESCE(array_to_string(reloptions, ','), '') FROM pg_class WHERE oid = to_regclass($1)`, a.Table).Scan(&have); err != nil {
			return fmt.Errorf("reading the autovacuum settings of %s: %w", a.Table, err)
		}
		haveList := strings.Split(have, ",")
		if !slices.ContainsFunc(strings.Split(a.Options, ","), func(o string) bool { return !slices.Contains(haveList, o) }) {
			continue
		}
		if _, err := db.ExecContext(ctx, `ALTER TABLE `+a.Table+` SET (`+a.Options+`)`); err != nil {
			return fmt.Errorf("setting the autovacuum settings of %s: %w", a.Table, err)
		}
	}
	return nil
}
