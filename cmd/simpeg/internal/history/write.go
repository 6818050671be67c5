package history

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/simpeg-id/simpeg/platform/database"
)

// chunk is the rows of one transaction.
type chunk struct {
	records, statuses, tallies, leave, ledger, balances, outbox, audit [][]any
	counts                                                             Result
}

const (
	recordSQL = `INSERT INTO attendance_records (employee, client_id, kind, device_time, server_time, latitude, longitude,
		accuracy_meters, device_id, office, work_date, outcome, late_minutes, early_minutes, outside_geofence, distance_meters,
		late_synced) VALUES %s ON CONFLICT (employee, client_id) DO NOTHING`
	statusSQL = `INSERT INTO daily_statuses (employee, date, month, agency, status, reason, holiday, leave_type, late,
		late_minutes, early_departure, early_minutes, incomplete) VALUES %s ON CONFLICT (employee, date) DO NOTHING`
	tallySQL = `INSERT INTO absence_tallies (employee, year, days, run, longest_run, last_date, lateness_minutes)
		VALUES %s ON CONFLICT (employee, year) DO NOTHING`
	// With Force the tallies are replaced: a top-up over a shorter range must not leave that
	// range's tally (a re-close of a day then found thresholds "crossed" by the whole year).
	tallyForceSQL = `INSERT INTO absence_tallies (employee, year, days, run, longest_run, last_date, lateness_minutes)
		VALUES %s ON CONFLICT (employee, year) DO UPDATE SET days = excluded.days, run = excluded.run,
		longest_run = excluded.longest_run, last_date = excluded.last_date, lateness_minutes = excluded.lateness_minutes`
	leaveSQL = `INSERT INTO leave_requests (id, employee, agency, type, start_date, end_date, state, days, counting,
		needs_second_approval, spent, supervisor, payload, version, create_time, update_time) VALUES %s ON CONFLICT (id) DO NOTHING`
	ledgerSQL = `INSERT INTO leave_ledger (employee, year, seq, kind, days, request_id, note, create_time)
		VALUES %s ON CONFLICT (employee, year, seq) DO NOTHING`
	balanceSQL = `INSERT INTO leave_balances (employee, year, available, long_leave, carry_done, collective_counted, version,
		update_time) VALUES %s ON CONFLICT (employee, year) DO UPDATE SET available = excluded.available,
		version = excluded.version, update_time = excluded.update_time`
	outboxSQL = `INSERT INTO outbox (id, subject, event_type, payload, headers, created_at, sent_at) VALUES %s ON CONFLICT (id) DO NOTHING`
	auditSQL  = `INSERT INTO audit_records (id, time, actor, actor_roles, actor_agency, action, resource, request_id, peer,
		trace_id, detail) VALUES %s ON CONFLICT (id) DO NOTHING`
)

func (g *gen) write(ctx context.Context, c *chunk) error {
	tallies := tallySQL
	if g.o.Force {
		tallies = tallyForceSQL
	}
	return g.db.InTx(ctx, func(tx *database.Tx) error {
		if g.db.Dialect == database.SQLite {
			// A page cache of 1 GiB on the connection (the default is 2 MiB): the indexes by
			// month, date and outbox id take rows all over the year, so each chunk touches pages
			// everywhere in them. The statement journal of each multi-row INSERT in memory, not
			// in a temporary file (it was 15 % of the run in write calls).
			for _, p := range []string{`PRAGMA cache_size = -1048576`, `PRAGMA temp_store = MEMORY`} {
				if _, err := tx.ExecContext(ctx, p); err != nil {
					return err
				}
			}
		}
		// Balances before the ledger rows that reference them.
		for _, t := range []struct {
			sql  string
			cols int
			rows [][]any
		}{
			{recordSQL, 17, c.records}, {statusSQL, 13, c.statuses}, {tallies, 7, c.tallies}, {leaveSQL, 16, c.leave},
			{balanceSQL, 8, c.balances}, {ledgerSQL, 8, c.ledger}, {outboxSQL, 7, c.outbox}, {auditSQL, 11, c.audit},
		} {
			if err := insert(ctx, tx, t.sql, t.cols, g.o.Batch, t.rows); err != nil {
				return err
			}
		}
		return nil
	})
}

// insert writes rows, batch rows per statement. The statement of a full batch is prepared
// once per call (SQLite parses a 500-row INSERT in a noticeable share of the time; pgx caches
// its statements by text already).
func insert(ctx context.Context, tx *database.Tx, sqlFmt string, cols, batch int, rows [][]any) error {
	batch = min(batch, 30000/cols)
	var full *sql.Stmt
	defer func() {
		if full != nil {
			full.Close()
		}
	}()
	for len(rows) > 0 {
		n := min(batch, len(rows))
		args := make([]any, 0, n*cols)
		for _, r := range rows[:n] {
			args = append(args, r...)
		}
		var err error
		if n == batch && len(rows) > batch {
			if full == nil {
				if full, err = tx.PrepareContext(ctx, fmt.Sprintf(sqlFmt, database.Values(1, n, cols))); err != nil {
					return fmt.Errorf("%s: %w", strings.Fields(sqlFmt)[2], err)
				}
			}
			_, err = full.ExecContext(ctx, args...)
		} else {
			_, err = tx.ExecContext(ctx, fmt.Sprintf(sqlFmt, database.Values(1, n, cols)), args...)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", strings.Fields(sqlFmt)[2], err)
		}
		rows = rows[n:]
	}
	return nil
}
