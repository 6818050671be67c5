package history_test

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/cmd/simpeg/internal/history"
	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/testenv"
	"github.com/simpeg-id/simpeg/services/attendance"
)

// yesterday is a Friday: the 29 days up to it hold 21 weekdays, one of them a holiday.
var yesterday = time.Date(2026, 3, 27, 12, 0, 0, 0, history.WIB)

const holiday = "2026-03-19"

// fixture migrates a fresh database and gives it 50 active employees in two agencies (and two
// retired ones), an office, a holiday and one approved leave request from before.
func fixture(t *testing.T, engine testenv.Engine) *database.DB {
	t.Helper()
	ctx := context.Background()
	db := testenv.OpenDB(t, engine)
	own, more := attendance.Migrations()
	if err := db.Migrate(ctx, attendance.Name, own); err != nil {
		t.Fatal(err)
	}
	for _, name := range slices.Sorted(maps.Keys(more)) {
		if err := db.Migrate(ctx, name, more[name]); err != nil {
			t.Fatal(err)
		}
	}
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	for i := range 52 {
		agency, status := "dinas-a", "active"
		if i%2 == 1 {
			agency = "dinas-b"
		}
		if i >= 50 {
			status = "retired"
		}
		supervisor := ""
		if i >= 2 {
			supervisor = nip(i % 2)
		}
		exec(`INSERT INTO directory_employees (nip, display_name, sex, birth_date, appointment_date, employment_type, rank, agency,
			unit, position, supervisor, status, version, synced_at) VALUES ($1, $2, 'F', '1980-01-01', '2010-03-01', 'pns', 'III/a',
			$3, $3, 'staf', $4, $5, 1, 0)`, nip(i), fmt.Sprintf("Pegawai %d", i), agency, supervisor, status)
	}
	exec(`INSERT INTO offices (id, display_name, agency, unit, latitude, longitude, radius_meters, time_zone, geofence_policy,
		version, create_time, update_time) VALUES ('kantor-a', 'Kantor A', 'dinas-a', 'dinas-a', 3.59, 98.67, 0, 'WIB', 'flag', 1, 0, 0)`)
	exec(`INSERT INTO holidays (date, display_name, kind) VALUES ($1, 'Hari Raya Nyepi', 'national')`, holiday)
	exec(`INSERT INTO leave_requests (id, employee, agency, type, start_date, end_date, state, days, counting,
		needs_second_approval, spent, supervisor, payload, version, create_time, update_time)
		VALUES ('before-1', $1, 'dinas-a', 'sick', '2026-03-10', '2026-03-11', 'approved', 2, 'working_days', 0, 0, $2, '{}', 2, 0, 0)`,
		nip(4), nip(0))
	return db
}

func nip(i int) string { return fmt.Sprintf("1980010120100320%02d", i) }

func generate(t *testing.T, db *database.DB, o history.Options) history.Result {
	t.Helper()
	o.Days, o.Yesterday, o.Batch = 29, yesterday, 97
	res, err := history.Generate(context.Background(), db, o)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func count(t *testing.T, db *database.DB, q string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := db.QueryRowContext(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// digest sums the rows of every table the generator writes, in key order.
func digest(t *testing.T, db *database.DB) string {
	t.Helper()
	h := sha256.New()
	for _, q := range []string{
		`SELECT employee, client_id, kind, device_time, server_time, latitude, longitude, office, work_date, outcome, late_minutes, early_minutes FROM attendance_records ORDER BY employee, client_id`,
		`SELECT employee, date, status, leave_type, late_minutes, early_minutes, incomplete FROM daily_statuses ORDER BY employee, date`,
		`SELECT id, employee, type, start_date, end_date, state, spent, payload FROM leave_requests ORDER BY id`,
		`SELECT id, subject, payload, created_at, sent_at FROM outbox ORDER BY id`,
		`SELECT id, actor, resource, detail FROM audit_records ORDER BY id`,
		`SELECT employee, year, available, version FROM leave_balances ORDER BY employee, year`,
	} {
		rows, err := db.QueryContext(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintln(h, vals...)
		}
		if err := rows.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

func TestGenerate(t *testing.T) {
	for _, engine := range testenv.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			db := fixture(t, engine)
			res := generate(t, db, history.Options{Seed: 7})
			if res.Employees != 50 || res.WorkingDays != 20 {
				t.Fatalf("%d employees × %d working days, want 50 × 20", res.Employees, res.WorkingDays)
			}
			// Every working day closed for every active employee, nothing else.
			if n := count(t, db, `SELECT COUNT(*) FROM daily_statuses`); n != 1000 || res.Statuses != 1000 {
				t.Errorf("%d daily statuses (result %d), want 1,000", n, res.Statuses)
			}
			if n := count(t, db, `SELECT COUNT(*) FROM (SELECT date FROM daily_statuses GROUP BY date HAVING COUNT(*) = 50) d`); n != 20 {
				t.Errorf("%d dates with 50 statuses, want 20", n)
			}
			if n := count(t, db, `SELECT COUNT(*) FROM daily_statuses WHERE date = $1 OR employee = $2`, holiday, nip(50)); n != 0 {
				t.Errorf("%d statuses on the holiday or of a retired employee", n)
			}
			// Records: a check-in and a check-out per present day, less the missing check-outs.
			present := count(t, db, `SELECT COUNT(*) FROM daily_statuses WHERE status = 'present'`)
			incomplete := count(t, db, `SELECT COUNT(*) FROM daily_statuses WHERE status = 'present' AND incomplete = 1`)
			records := count(t, db, `SELECT COUNT(*) FROM attendance_records`)
			if records != 2*present-incomplete || records != res.Records {
				t.Errorf("%d records (result %d), want 2 × %d present days − %d incomplete", records, res.Records, present, incomplete)
			}
			if n := count(t, db, `SELECT COUNT(*) FROM attendance_records r JOIN daily_statuses d ON d.employee = r.employee
				AND d.date = r.work_date WHERE d.status <> 'present'`); n != 0 {
				t.Errorf("%d records on days not present", n)
			}
			if a, b := count(t, db, `SELECT COALESCE(SUM(late_minutes + early_minutes), 0) FROM attendance_records`),
				count(t, db, `SELECT COALESCE(SUM(late_minutes + early_minutes), 0) FROM daily_statuses`); a != b || a == 0 {
				t.Errorf("lateness: records %d minutes, statuses %d", a, b)
			}
			if a, b := count(t, db, `SELECT SUM(lateness_minutes) FROM absence_tallies`),
				count(t, db, `SELECT SUM(late_minutes + early_minutes) FROM daily_statuses`); a != b {
				t.Errorf("tallies hold %d minutes of lateness, statuses %d", a, b)
			}
			if a, b := count(t, db, `SELECT SUM(days) FROM absence_tallies`), count(t, db, `SELECT COUNT(*) FROM daily_statuses WHERE status = 'absent'`); a != b {
				t.Errorf("tallies hold %d absent days, statuses %d", a, b)
			}
			// The lateness distribution: most on time, a tail late by minutes, few absent.
			late := count(t, db, `SELECT COUNT(*) FROM daily_statuses WHERE late = 1`)
			absent := count(t, db, `SELECT COUNT(*) FROM daily_statuses WHERE status = 'absent'`)
			if share := float64(late) / float64(present); share < 0.03 || share > 0.35 {
				t.Errorf("late on %.1f %% of present days, want 3 %% to 35 %%", 100*share)
			}
			if long := count(t, db, `SELECT COUNT(*) FROM daily_statuses WHERE late_minutes > 30`); long*4 > late {
				t.Errorf("%d of %d late arrivals are over 30 minutes: the tail is too heavy", long, late)
			}
			if share := float64(absent) / 1000; share > 0.05 {
				t.Errorf("absent on %.1f %% of days", 100*share)
			}
			// Leave: the days on leave are the approved requests' (the one from before included),
			// and each balance is its ledger's sum.
			onLeave := count(t, db, `SELECT COUNT(*) FROM daily_statuses WHERE status = 'on_leave'`)
			if onLeave == 0 || onLeave != count(t, db, `SELECT SUM(days) FROM leave_requests WHERE state = 'approved'`) {
				t.Errorf("%d days on leave, approved requests hold %d", onLeave, count(t, db, `SELECT SUM(days) FROM leave_requests WHERE state = 'approved'`))
			}
			if n := count(t, db, `SELECT COUNT(*) FROM leave_requests WHERE state IN ('rejected', 'cancelled')`); n == 0 {
				t.Log("no rejected or cancelled request among 50 employees × 20 days")
			}
			if n := count(t, db, `SELECT COUNT(*) FROM leave_balances b WHERE b.available <> (SELECT
				SUM(CASE WHEN l.kind = 'taken' THEN -l.days ELSE l.days END) FROM leave_ledger l WHERE l.employee = b.employee AND l.year = b.year)`); n != 0 {
				t.Errorf("%d balances differ from their ledger", n)
			}
			if n := count(t, db, `SELECT COUNT(*) FROM leave_balances b WHERE b.available <> 12 - (SELECT COALESCE(SUM(r.spent), 0)
				FROM leave_requests r WHERE r.employee = b.employee AND r.state = 'approved' AND r.type = 'annual')`); n != 0 {
				t.Errorf("%d balances differ from 12 less the approved annual leave", n)
			}
			// Outbox: an event per record, closed day and leave step, all sent; audit per record,
			// leave step, balance change and closed date.
			leave := count(t, db, `SELECT COUNT(*) FROM leave_requests WHERE id <> 'before-1'`)
			if n := count(t, db, `SELECT COUNT(*) FROM outbox WHERE sent_at IS NOT NULL`); n != records+1000+2*leave || n != res.Outbox {
				t.Errorf("%d sent outbox rows (result %d), want %d", n, res.Outbox, records+1000+2*leave)
			}
			if n := count(t, db, `SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL`); n != 0 {
				t.Errorf("%d unsent outbox rows", n)
			}
			taken := count(t, db, `SELECT COUNT(*) FROM leave_ledger WHERE kind = 'taken'`)
			if n := count(t, db, `SELECT COUNT(*) FROM audit_records`); n != records+2*leave+taken+20 || n != res.Audit {
				t.Errorf("%d audit records (result %d), want %d", n, res.Audit, records+2*leave+taken+20)
			}
			// The tables are left analysed, as after a year of autovacuum: the planner knows
			// their sizes.
			stats := `SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl IN ('attendance_records', 'daily_statuses')`
			if engine != testenv.SQLite {
				stats = `SELECT COUNT(*) FROM pg_class WHERE relname IN ('attendance_records', 'daily_statuses') AND reltuples > 0`
			}
			if n := count(t, db, stats); n < 2 {
				t.Errorf("%d of attendance_records and daily_statuses have statistics, want both", n)
			}
			// A second run is refused; with force it adds nothing.
			sum := digest(t, db)
			_, err := history.Generate(context.Background(), db, history.Options{Days: 29, Yesterday: yesterday, Seed: 7})
			if !errors.Is(err, history.ErrHasRecords) {
				t.Fatalf("second run: %v, want ErrHasRecords", err)
			}
			generate(t, db, history.Options{Seed: 7, Force: true})
			if digest(t, db) != sum {
				t.Error("a forced second run changed the rows")
			}
			if engine != testenv.SQLite {
				return
			}
			// Deterministic: the same seed in other chunks gives the same rows, another seed others.
			again := fixture(t, engine)
			generate(t, again, history.Options{Seed: 7, Chunk: 7, Writers: 3})
			if digest(t, again) != sum {
				t.Error("the same seed gave other rows")
			}
			other := fixture(t, engine)
			generate(t, other, history.Options{Seed: 8})
			if digest(t, other) == sum {
				t.Error("another seed gave the same rows")
			}
		})
	}
}

// TestGenerateDayByDay: the days are written in date order, a day's rows together, as the
// service writes them; and only the sent outbox rows the retention keeps are written.
func TestGenerateDayByDay(t *testing.T) {
	for _, engine := range testenv.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			db := fixture(t, engine)
			all := fixture(t, engine)
			since := time.Date(2026, 3, 27, 12, 0, 0, 0, history.WIB) // yesterday's noon
			res := generate(t, db, history.Options{Seed: 7, Writers: 1, Chunk: 9, OutboxSince: since})
			full := generate(t, all, history.Options{Seed: 7, Writers: 1, Chunk: 9})
			// The physical order of the rows: SQLite's rowid, PostgreSQL's ctid.
			order := "rowid"
			if engine != testenv.SQLite {
				order = "ctid"
			}
			for _, q := range []struct{ table, date string }{{"attendance_records", "work_date"}, {"daily_statuses", "date"}} {
				if n := count(t, db, fmt.Sprintf(`SELECT COUNT(*) FROM (SELECT %s AS d, LAG(%s) OVER (ORDER BY %s) AS prev FROM %s) x
					WHERE d < prev`, q.date, q.date, order, q.table)); n != 0 {
					t.Errorf("%s: %d rows stored after a later day's", q.table, n)
				}
			}
			// The retention's window: no row sent before it, the ones after it all there.
			sinceMicros := since.UnixMicro()
			if n := count(t, db, `SELECT COUNT(*) FROM outbox WHERE sent_at < $1`, sinceMicros); n != 0 {
				t.Errorf("%d outbox rows sent before the retention's window", n)
			}
			kept := count(t, db, `SELECT COUNT(*) FROM outbox`)
			if want := count(t, all, `SELECT COUNT(*) FROM outbox WHERE sent_at >= $1`, sinceMicros); kept != want || kept != res.Outbox || kept == 0 {
				t.Errorf("%d outbox rows (result %d), want the %d of the full history sent since %s", kept, res.Outbox, want, since)
			}
			if full.Outbox <= res.Outbox*10 {
				t.Errorf("full history %d outbox rows, windowed %d: the window kept too much", full.Outbox, res.Outbox)
			}
			// Everything else is the same rows.
			for _, table := range []string{"attendance_records", "daily_statuses", "leave_requests", "audit_records", "absence_tallies"} {
				if a, b := count(t, db, `SELECT COUNT(*) FROM `+table), count(t, all, `SELECT COUNT(*) FROM `+table); a != b {
					t.Errorf("%s: %d rows with the window, %d without", table, a, b)
				}
			}
		})
	}
}
