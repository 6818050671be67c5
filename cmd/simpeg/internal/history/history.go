// Package history fills an attendance database with a realistic past (issue 13): for every
// active employee of the directory copy and every working day of the range, a check-in and a
// check-out with a skewed lateness distribution, absent days, leave requests through their
// workflow with the annual-leave balances and ledger kept consistent, the closed days (daily
// statuses) and absence tallies that match them, and the audit records and sent outbox rows
// the service would have written — of the outbox, only the rows its retention still keeps
// (Options.OutboxSince): a suite that has run for a year holds a day of sent rows, not a year
// of them deleted. Rows go straight to the tables in multi-row INSERT statements, one SQL code
// path for PostgreSQL and SQLite (not through the API), in two passes: each employee's leave
// (requests, ledger, balances) and absence tallies, a chunk of employees per transaction; then
// the days in date order, a chunk of one day's employees per transaction, so that a day's
// check-ins and closed days lie together in the tables as the service writes them, day after
// day (written employee by employee, a day's rows were spread over a page per employee, and
// closing or reading a day touched 20,000 pages where the service's own year touches a few
// hundred). Everything is derived from the seed, the employee's NIP and the date, so a run is
// deterministic whatever the chunking; ids (client ids, outbox, audit, leave requests) are too,
// and every insert skips rows already present, so --force tops a range up instead of doubling
// it.
package history

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"math"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/simpeg-id/simpeg/platform/database"
)

// WIB is the zone of the demo city (Medan) and of the generated times.
var WIB = time.FixedZone("WIB", 7*3600)

// ErrHasRecords is returned when the range already holds attendance records or closed days
// and Options.Force is not set.
var ErrHasRecords = errors.New("the range already has attendance records or closed days (pass --force to top it up)")

// Options say what to generate.
type Options struct {
	Days           int       // the range: the Days calendar days up to Yesterday (default 365)
	Yesterday      time.Time // the last date of the range (default: yesterday in WIB)
	Seed           int64     // the random seed
	EmployeesLimit int       // 0: every active employee; else the first n by NIP
	Agency         string    // only this agency's employees (its code); empty: every agency
	Batch          int       // rows per INSERT statement (default 500)
	Chunk          int       // employees per transaction (default 1,000)
	Writers        int       // transactions in flight (default 2 on PostgreSQL, 1 on SQLite)
	Force          bool      // write into a range that has records already (skipping rows present)
	// OutboxSince leaves out the sent outbox rows of events committed before it: the ones the
	// relay's retention (SIMPEG_OUTBOX_RETENTION) has deleted by now. Zero: every event's row.
	OutboxSince time.Time
	Progress    io.Writer // progress lines; nil: none
}

// Result counts what a run wrote.
type Result struct {
	Employees, WorkingDays                                  int
	Records, Statuses, Tallies, Leave, Ledger, Balances     int64
	Outbox, Audit                                           int64
	Present, Late, Absent, OnLeave, EarlyDeparture, Missing int64
	Duration                                                time.Duration
}

// Rows is the total of rows written.
func (r Result) Rows() int64 {
	return r.Records + r.Statuses + r.Tallies + r.Leave + r.Ledger + r.Balances + r.Outbox + r.Audit
}

type employee struct {
	nip, agency, supervisor, appointed string
	office                             office
	// Drawn by plan, read by day.
	lateRate float64           // the share of present days the employee arrives late
	onLeave  map[string]string // the dates of the approved leave planned, with its type
}

type office struct {
	id       string
	lat, lon float64
}

type balance struct {
	available, seq int
	version        int64
	found          bool
}

// Generate writes the history into db (an attendance database, migrated).
func Generate(ctx context.Context, db *database.DB, o Options) (Result, error) {
	started := time.Now()
	if o.Days <= 0 {
		o.Days = 365
	}
	if o.Yesterday.IsZero() {
		o.Yesterday = time.Now().In(WIB).AddDate(0, 0, -1)
	}
	if o.Batch <= 0 {
		o.Batch = 500
	}
	if o.Chunk <= 0 {
		o.Chunk = 1000
	}
	if o.Writers <= 0 {
		o.Writers = 1
		if db.Dialect == database.Postgres {
			o.Writers = 2
		}
	}
	last := civil(o.Yesterday)
	first := last.AddDate(0, 0, -(o.Days - 1))
	from, to := day(first), day(last)

	var res Result
	if !o.Force {
		var n int
		if err := db.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM attendance_records WHERE work_date >= $1 AND work_date <= $2 LIMIT 1) a)
			+ (SELECT COUNT(*) FROM (SELECT 1 FROM daily_statuses WHERE date >= $1 AND date <= $2 LIMIT 1) d)`, from, to).Scan(&n); err != nil {
			return res, fmt.Errorf("checking the range: %w", err)
		}
		if n > 0 {
			return res, fmt.Errorf("%s to %s: %w", from, to, ErrHasRecords)
		}
	}
	emps, err := readEmployees(ctx, db, o.Agency, o.EmployeesLimit)
	if err != nil {
		return res, err
	}
	holidays, err := readHolidays(ctx, db, from, to)
	if err != nil {
		return res, err
	}
	var workdays []time.Time
	for d := first; !d.After(last); d = d.AddDate(0, 0, 1) {
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday && !holidays[day(d)] {
			workdays = append(workdays, d)
		}
	}
	res.Employees, res.WorkingDays = len(emps), len(workdays)
	taken, asked, err := readLeave(ctx, db, from, to)
	if err != nil {
		return res, err
	}
	years := map[int]bool{}
	for _, d := range workdays {
		years[d.Year()] = true
	}
	balances, err := readBalances(ctx, db, years)
	if err != nil {
		return res, err
	}
	g := &gen{o: o, db: db, workdays: workdays, taken: taken, balances: balances}
	if o.Force {
		g.asked = asked
	}
	if o.Progress != nil {
		fmt.Fprintf(o.Progress, "history: %d employees × %d working days (%s to %s, %d holidays off) on %s %s\n",
			len(emps), len(workdays), from, to, len(holidays), db.Dialect, db.Target)
	}

	// First pass: each employee's leave and tallies (and the draws the days need).
	err = g.run(ctx, "leave and tallies", len(emps), &res, func(i int) (*chunk, int64) {
		c := &chunk{}
		for j := range emps[i:min(i+o.Chunk, len(emps))] {
			g.plan(c, &emps[i+j])
		}
		return c, 0
	}, o.Chunk)
	if err != nil {
		return res, err
	}
	// Second pass: the days in date order, each day's employees a chunk at a time.
	perDay := (len(emps) + o.Chunk - 1) / o.Chunk
	err = g.run(ctx, "days", len(workdays)*perDay, &res, func(u int) (*chunk, int64) {
		d := workdays[u/perDay]
		i := (u % perDay) * o.Chunk
		c := &chunk{}
		ds := day(d)
		for j := range emps[i:min(i+o.Chunk, len(emps))] {
			e := &emps[i+j]
			if e.appointed == "" || ds >= e.appointed {
				g.day(c, e, d)
			}
		}
		return c, int64(min(o.Chunk, len(emps)-i))
	}, 1)
	if err != nil {
		return res, err
	}
	// One audit record per closed date, as the city-wide close writes.
	var audits [][]any
	for _, d := range workdays {
		t := at(d, 23, 30)
		audits = append(audits, []any{uuidString(uuid7(t, g.hash("close", day(d)))), micros(t), "day-closer", "city-hr", "",
			"/simpeg.attendance.v1.AttendanceService/CloseDay", "dailyStatuses/" + day(d), "", "", "",
			fmt.Sprintf("closed %s for all agencies: %d employees", day(d), len(emps))})
	}
	if err := db.InTx(ctx, func(tx *database.Tx) error {
		return insert(ctx, tx, auditSQL, 11, o.Batch, audits)
	}); err != nil {
		return res, err
	}
	res.Audit += int64(len(audits))
	written := time.Since(started)
	if o.Progress != nil {
		fmt.Fprintf(o.Progress, "history: written in %s: %d rows (%d records, %d daily statuses, %d leave requests, %d outbox, %d audit), %.0f rows/s\n",
			written.Round(time.Millisecond), res.Rows(), res.Records, res.Statuses, res.Leave, res.Outbox, res.Audit,
			float64(res.Rows())/written.Seconds())
	}
	if err := g.analyze(ctx); err != nil {
		return res, err
	}
	res.Duration = time.Since(started)
	if o.Progress != nil {
		fmt.Fprintf(o.Progress, "history: done in %s (vacuum and statistics %s)\n", res.Duration.Round(time.Millisecond),
			(res.Duration - written).Round(time.Millisecond))
	}
	return res, nil
}

// historyTables are the tables Generate writes.
var historyTables = []string{"attendance_records", "daily_statuses", "absence_tallies", "leave_requests", "leave_ledger",
	"leave_balances", "outbox", "audit_records"}

// analyze leaves the tables as a service's would be after a year (docs/operations.md, "ANALYZE
// after a bulk load"): on PostgreSQL VACUUM (ANALYZE), so that the planner knows their sizes
// (before it, a year of records had no statistics where autovacuum is off or behind, and was
// planned as empty) and the visibility map lets the covering indexes answer without visiting
// the table; on SQLite ANALYZE.
func (g *gen) analyze(ctx context.Context) error {
	started := time.Now()
	if g.o.Progress != nil {
		fmt.Fprintf(g.o.Progress, "history: vacuuming and analysing %s\n", strings.Join(historyTables, ", "))
	}
	q := "ANALYZE"
	if g.db.Dialect == database.Postgres {
		q = "VACUUM (ANALYZE) " + strings.Join(historyTables, ", ")
	}
	if _, err := g.db.ExecContext(ctx, q); err != nil {
		return fmt.Errorf("%s after the history: %w", strings.Fields(q)[0], err)
	}
	if g.o.Progress != nil {
		fmt.Fprintf(g.o.Progress, "history: vacuumed and analysed in %s\n", time.Since(started).Round(time.Millisecond))
	}
	return nil
}

func (r *Result) add(c Result) {
	r.Records += c.Records
	r.Statuses += c.Statuses
	r.Tallies += c.Tallies
	r.Leave += c.Leave
	r.Ledger += c.Ledger
	r.Balances += c.Balances
	r.Outbox += c.Outbox
	r.Audit += c.Audit
	r.Present += c.Present
	r.Late += c.Late
	r.Absent += c.Absent
	r.OnLeave += c.OnLeave
	r.EarlyDeparture += c.EarlyDeparture
	r.Missing += c.Missing
}

// gen builds and writes chunks.
type gen struct {
	o        Options
	db       *database.DB
	workdays []time.Time
	taken    map[string]map[string]string
	asked    map[string]bool // with Force: employees who get no leave planned
	balances map[byYear]balance
}

// run builds units 0 … n−1 in order (build returns the unit's rows and its employee-days) and
// writes each in its own transaction, Options.Writers at a time, adding their counts to res; it
// prints progress every 5 s. step is how many units a call to build covers (build is called
// for 0, step, 2·step, …).
func (g *gen) run(ctx context.Context, pass string, n int, res *Result, build func(int) (*chunk, int64), step int) error {
	started := time.Now()
	units := make(chan int)
	errc := make(chan error, g.o.Writers)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var done, employeeDays atomic.Int64
	stop := make(chan struct{})
	defer close(stop)
	if g.o.Progress != nil {
		go func() {
			t := time.NewTicker(5 * time.Second)
			defer t.Stop()
			for {
				select {
				case <-stop:
					return
				case <-t.C:
					mu.Lock()
					rows := res.Rows()
					mu.Unlock()
					fmt.Fprintf(g.o.Progress, "history: %s %5.1f %%, %d employee-days, %d rows in all, %.0f employee-days/s\n",
						pass, 100*float64(done.Load())/math.Max(1, float64(n)), employeeDays.Load(), rows,
						float64(employeeDays.Load())/time.Since(started).Seconds())
				}
			}
		}()
	}
	for range g.o.Writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for u := range units {
				c, days := build(u)
				if err := g.write(ctx, c); err != nil {
					errc <- err
					for range units {
					}
					return
				}
				mu.Lock()
				res.add(c.counts)
				mu.Unlock()
				done.Add(int64(min(step, n-u)))
				employeeDays.Add(days)
			}
		}()
	}
	var err error
send:
	for u := 0; u < n; u += step {
		select {
		case units <- u:
		case err = <-errc:
			break send
		case <-ctx.Done():
			err = ctx.Err()
			break send
		}
	}
	close(units)
	wg.Wait()
	if err == nil {
		select {
		case err = <-errc:
		default:
		}
	}
	return err
}

// hash is a deterministic 64-bit hash of the seed and parts.
func (g *gen) hash(parts ...string) uint64 {
	h := fnv.New64a()
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], uint64(g.o.Seed))
	h.Write(b[:])
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return h.Sum64()
}
