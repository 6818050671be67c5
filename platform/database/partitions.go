package database

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// The audit trail on PostgreSQL is partitioned by month of its UUIDv7 id
// (migrations/00005_audit_partitions.sql explains the choice). Partitions are named
// audit_records_yYYYYmMM after their calendar month in UTC; audit_records_default takes what
// has no month: ids that are not UUIDv7s, and a month whose partition was not made in time.
// EnsureAuditPartitions keeps it that way; Migrate runs it on every start, and a running
// service's housekeeping every 10 minutes (platform/service).

const (
	auditTable   = "audit_records"
	auditDefault = "audit_records_default"
	// AuditMonthsAhead is how many months after the current one have their audit partition
	// made by Migrate and the services' housekeeping, so that a month's partition exists long
	// before its first row even if the housekeeping cannot run for a while.
	AuditMonthsAhead = 6
	// partitionLockID is the advisory lock that serializes partition maintenance between
	// replicas (any fixed key other than goose's migration lock).
	partitionLockID int64 = 0x73696d7065670002
	// partitionLockTimeout bounds how long maintenance waits for the table's lock: creating a
	// partition takes an exclusive lock on audit_records, and while it waits the service's
	// writing transactions queue behind it.
	partitionLockTimeout = "5s"
)

// uuidv7Pattern matches the text form of a UUIDv7 up to its version digit.
const uuidv7Pattern = `^[0-9a-f]{8}-[0-9a-f]{4}-7`

// earliestAuditMonth is the first month that gets a partition of its own: a stray UUIDv7 with
// a timestamp before it (UUIDv7 dates from 2022) stays in the default partition rather than
// making partitions for every month since.
var earliestAuditMonth = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)

// PartitionReport is what EnsureAuditPartitions did.
type PartitionReport struct {
	Created []string // partitions made, oldest first
	Moved   int64    // rows moved out of the default partition into them
}

// monthOf returns the first instant of t's calendar month in UTC.
func monthOf(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}

// auditBound is the lowest text a UUIDv7 made at t or later can have: the 48-bit unix
// millisecond timestamp (RFC 9562 §5.7) as the first 12 hex digits, with the dash after 8.
func auditBound(t time.Time) string {
	h := fmt.Sprintf("%012x", uint64(t.UnixMilli())&(1<<48-1))
	return h[:8] + "-" + h[8:]
}

// auditPartition is the name of month m's partition.
func auditPartition(m time.Time) string {
	return fmt.Sprintf("%s_y%04dm%02d", auditTable, m.Year(), int(m.Month()))
}

// EnsureAuditPartitions makes the monthly partitions of audit_records from the month of from
// to the month of to (UTC) that do not exist, and moves the UUIDv7 rows of the default
// partition into their months' partitions, making those too. One replica at a time does it
// (an advisory lock); it waits at most 5 s for the table's lock and then gives up with an
// error for which IsLockTimeout is true, changing nothing. On SQLite, and on a PostgreSQL
// audit_records that is not partitioned, it does nothing.
func (db *DB) EnsureAuditPartitions(ctx context.Context, from, to time.Time) (PartitionReport, error) {
	var rep PartitionReport
	if db.Dialect != Postgres {
		return rep, nil
	}
	err := db.InTx(ctx, func(tx *Tx) error {
		rep = PartitionReport{}
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, partitionLockID); err != nil {
			return fmt.Errorf("taking the partition lock: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `SET LOCAL lock_timeout = '`+partitionLockTimeout+`'`); err != nil {
			return fmt.Errorf("setting the lock timeout: %w", err)
		}
		var kind string
		err := tx.QueryRowContext(ctx, `SELECT COALESCE((SELECT relkind::text FROM pg_class WHERE oid = to_regclass($1)), '')`, auditTable).Scan(&kind)
		if err != nil {
			return fmt.Errorf("reading the kind of %s: %w", auditTable, err)
		}
		if kind != "p" {
			return nil
		}
		existing, err := Query(ctx, tx, func(sc Scanner) (string, error) {
			var name string
			return name, sc.Scan(&name)
		}, `SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = to_regclass($1)`, auditTable)
		if err != nil {
			return fmt.Errorf("listing the partitions of %s: %w", auditTable, err)
		}
		hasDefault := slices.Contains(existing, auditDefault)
		var stray []time.Time
		if hasDefault {
			stray, err = Query(ctx, tx, func(sc Scanner) (time.Time, error) {
				var ms int64
				err := sc.Scan(&ms)
				return monthOf(time.UnixMilli(ms)), err
			}, `SELECT DISTINCT ('x' || lpad(translate(left(id, 13), '-', ''), 16, '0'))::bit(64)::bigint / 1000 / 86400 * 86400000
				FROM `+auditDefault+` WHERE id ~ '`+uuidv7Pattern+`'`)
			if err != nil {
				return fmt.Errorf("reading the months of %s: %w", auditDefault, err)
			}
		}
		// The months wanted: from..to, and the default partition's within a sane range.
		wanted := map[time.Time]bool{}
		for m := monthOf(from); !m.After(monthOf(to)); m = m.AddDate(0, 1, 0) {
			wanted[m] = true
		}
		limit := monthOf(to).AddDate(1, 0, 0)
		moving := map[time.Time]bool{}
		for _, m := range stray {
			if !m.Before(earliestAuditMonth) && !m.After(limit) {
				wanted[m], moving[m] = true, true
			}
		}
		var months []time.Time
		for m := range wanted {
			if !slices.Contains(existing, auditPartition(m)) {
				months = append(months, m)
			}
		}
		if len(months) == 0 {
			return nil
		}
		slices.SortFunc(months, func(a, b time.Time) int { return a.Compare(b) })
		detach := len(moving) > 0
		if detach {
			// A partition cannot be made while the default partition holds rows of its range.
			if _, err := tx.ExecContext(ctx, `ALTER TABLE `+auditTable+` DETACH PARTITION `+auditDefault); err != nil {
				return fmt.Errorf("detaching %s: %w", auditDefault, err)
			}
		}
		for _, m := range months {
			name := auditPartition(m)
			_, err := tx.ExecContext(ctx, fmt.Sprintf(`CREATE TABLE %s PARTITION OF %s FOR VALUES FROM ('%s') TO ('%s')`,
				name, auditTable, auditBound(m), auditBound(m.AddDate(0, 1, 0))))
			if err != nil {
				return fmt.Errorf("creating partition %s: %w", name, err)
			}
			rep.Created = append(rep.Created, name)
			if !moving[m] {
				continue
			}
			res, err := tx.ExecContext(ctx, `WITH moved AS (DELETE FROM `+auditDefault+` WHERE id >= $1 AND id < $2 RETURNING *)
				INSERT INTO `+auditTable+` (id, time, actor, actor_roles, actor_agency, action, resource, request_id, peer, trace_id, detail)
				SELECT id, time, actor, actor_roles, actor_agency, action, resource, request_id, peer, trace_id, detail FROM moved`,
				auditBound(m), auditBound(m.AddDate(0, 1, 0)))
			if err != nil {
				return fmt.Errorf("moving the rows of %s out of %s: %w", name, auditDefault, err)
			}
			n, err := res.RowsAffected()
			if err != nil {
				return fmt.Errorf("counting the rows moved into %s: %w", name, err)
			}
			rep.Moved += n
		}
		if detach {
			if _, err := tx.ExecContext(ctx, `ALTER TABLE `+auditTable+` ATTACH PARTITION `+auditDefault+` DEFAULT`); err != nil {
				return fmt.Errorf("attaching %s again: %w", auditDefault, err)
			}
		}
		return nil
	})
	if err != nil {
		return PartitionReport{}, fmt.Errorf("ensuring the audit partitions: %w", err)
	}
	return rep, nil
}

// IsLockTimeout reports whether err is PostgreSQL's lock_not_available (55P03): a statement
// gave up waiting for a lock at its lock_timeout.
func IsLockTimeout(err error) bool {
	var pg *pgconn.PgError
	return errors.As(err, &pg) && pg.Code == "55P03"
}
