// Package history fills an attendance database with a realistic past (issue 13): for every
// active employee of the directory copy and every working day of the range, a check-in and a
// check-out with a skewed lateness distribution, absent days, leave requests through their
// workflow with the annual-leave balances and ledger kept consistent, the closed days (daily
// statuses) and absence tallies that match them, and the audit records and sent outbox rows
// the service would have written. Rows go straight to the tables in multi-row INSERT
// statements, one SQL code path for PostgreSQL and SQLite (not through the API), a chunk of
// employees per transaction. Everything is derived from the seed and the employee's NIP, so a
// run is deterministic whatever the chunking; ids (client ids, outbox, audit, leave requests)
// are too, and every insert skips rows already present, so --force tops a range up instead of
// doubling it.
package history

import (
	"context"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"math"
	"math/rand/v2"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/simpeg-id/simpeg/platform/database"
	attendancev1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/attendance/v1"
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
	Chunk          int       // employees per transaction (default 50)
	Writers        int       // transactions in flight (default 2 on PostgreSQL, 1 on SQLite)
	Force          bool      // write into a range that has records already (skipping rows present)
	Progress       io.Writer // progress lines; nil: none
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
		o.Chunk = 50
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

	chunks := make(chan []employee)
	errc := make(chan error, o.Writers)
	var wg sync.WaitGroup
	var done atomic.Int64
	var mu sync.Mutex
	expected := int64(len(emps)) * int64(len(workdays))
	stopProgress := make(chan struct{})
	if o.Progress != nil {
		go func() {
			t := time.NewTicker(5 * time.Second)
			defer t.Stop()
			for {
				select {
				case <-stopProgress:
					return
				case <-t.C:
					mu.Lock()
					rows := res.Rows()
					mu.Unlock()
					el := time.Since(started).Seconds()
					fmt.Fprintf(o.Progress, "history: %5.1f %% of employee-days, %d rows, %.0f rows/s\n",
						100*float64(done.Load())/math.Max(1, float64(expected)), rows, float64(rows)/el)
				}
			}
		}()
	}
	for range o.Writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range chunks {
				b := g.build(c)
				if err := g.write(ctx, b); err != nil {
					errc <- err
					for range chunks {
					}
					return
				}
				mu.Lock()
				res.add(b.counts)
				mu.Unlock()
				done.Add(int64(len(c)) * int64(len(workdays)))
			}
		}()
	}
	for i := 0; i < len(emps); i += o.Chunk {
		select {
		case chunks <- emps[i:min(i+o.Chunk, len(emps))]:
		case err := <-errc:
			close(chunks)
			wg.Wait()
			close(stopProgress)
			return res, err
		case <-ctx.Done():
			close(chunks)
			wg.Wait()
			close(stopProgress)
			return res, ctx.Err()
		}
	}
	close(chunks)
	wg.Wait()
	close(stopProgress)
	select {
	case err := <-errc:
		return res, err
	default:
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
	res.Duration = time.Since(started)
	if o.Progress != nil {
		fmt.Fprintf(o.Progress, "history: done in %s: %d rows (%d records, %d daily statuses, %d leave requests, %d outbox, %d audit), %.0f rows/s\n",
			res.Duration.Round(time.Millisecond), res.Rows(), res.Records, res.Statuses, res.Leave, res.Outbox, res.Audit,
			float64(res.Rows())/res.Duration.Seconds())
	}
	return res, nil
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

func readEmployees(ctx context.Context, db *database.DB, agency string, limit int) ([]employee, error) {
	offices := map[string]office{}
	err := database.QueryEach(ctx, db, func(sc database.Scanner) error {
		var agency string
		var of office
		if err := sc.Scan(&of.id, &agency, &of.lat, &of.lon); err != nil {
			return err
		}
		if _, ok := offices[agency]; !ok {
			offices[agency] = of
		}
		return nil
	}, `SELECT id, agency, latitude, longitude FROM offices ORDER BY agency, id`)
	if err != nil {
		return nil, fmt.Errorf("reading offices: %w", err)
	}
	q := `SELECT e.nip, e.agency, e.supervisor, e.appointment_date, COALESCE(a.root, '') FROM directory_employees e
		LEFT JOIN directory_agencies a ON a.code = e.agency WHERE e.status = 'active' AND (e.agency = $1 OR $1 = '') ORDER BY e.nip`
	if limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", limit)
	}
	var emps []employee
	err = database.QueryEach(ctx, db, func(sc database.Scanner) error {
		var e employee
		var root string
		if err := sc.Scan(&e.nip, &e.agency, &e.supervisor, &e.appointed, &root); err != nil {
			return err
		}
		of, ok := offices[e.agency]
		if !ok {
			of, ok = offices[root]
		}
		if !ok {
			of = office{lat: 3.5952, lon: 98.6722} // Medan's city hall, no office
		}
		e.office = of
		emps = append(emps, e)
		return nil
	}, q, agency)
	if err != nil {
		return nil, fmt.Errorf("reading the directory copy: %w", err)
	}
	if len(emps) == 0 {
		return nil, errors.New("the directory copy has no active employee: seed the registry first (simpeg seed --demo --no-history)")
	}
	return emps, nil
}

func readHolidays(ctx context.Context, db *database.DB, from, to string) (map[string]bool, error) {
	out := map[string]bool{}
	err := database.QueryEach(ctx, db, func(sc database.Scanner) error {
		var d string
		if err := sc.Scan(&d); err != nil {
			return err
		}
		out[d] = true
		return nil
	}, `SELECT date FROM holidays WHERE date >= $1 AND date <= $2`, from, to)
	if err != nil {
		return nil, fmt.Errorf("reading holidays: %w", err)
	}
	return out, nil
}

// readLeave returns the employee-days already covered by leave in the range (requests that are
// not rejected or cancelled): the generator neither writes check-ins on them nor asks for
// leave that overlaps them; their closed day is on leave.
//
// asked holds the employees with any request in the range, whatever its state: a forced run
// plans no leave for them, so that it adds nothing to the leave a first run wrote.
func readLeave(ctx context.Context, db *database.DB, from, to string) (taken map[string]map[string]string, asked map[string]bool, err error) {
	out := map[string]map[string]string{}
	asked = map[string]bool{}
	err = database.QueryEach(ctx, db, func(sc database.Scanner) error {
		var nip, typ, start, end, state string
		if err := sc.Scan(&nip, &typ, &start, &end, &state); err != nil {
			return err
		}
		asked[nip] = true
		if state == "rejected" || state == "cancelled" {
			return nil
		}
		s, err1 := time.ParseInLocation(time.DateOnly, start, WIB)
		e, err2 := time.ParseInLocation(time.DateOnly, end, WIB)
		if err1 != nil || err2 != nil {
			return nil
		}
		if out[nip] == nil {
			out[nip] = map[string]string{}
		}
		for d := s; !d.After(e); d = d.AddDate(0, 0, 1) {
			out[nip][day(d)] = typ
		}
		return nil
	}, `SELECT employee, type, start_date, end_date, state FROM leave_requests
		WHERE end_date >= $1 AND start_date <= $2`, from, to)
	if err != nil {
		return nil, nil, fmt.Errorf("reading leave requests: %w", err)
	}
	return out, asked, nil
}

type byYear struct {
	nip  string
	year int
}

func readBalances(ctx context.Context, db *database.DB, years map[int]bool) (map[byYear]balance, error) {
	out := map[byYear]balance{}
	for y := range years {
		err := database.QueryEach(ctx, db, func(sc database.Scanner) error {
			var k byYear
			var b balance
			if err := sc.Scan(&k.nip, &k.year, &b.available, &b.version, &b.seq); err != nil {
				return err
			}
			b.found = true
			out[k] = b
			return nil
		}, `SELECT b.employee, b.year, b.available, b.version, COALESCE((SELECT MAX(l.seq) FROM leave_ledger l
			WHERE l.employee = b.employee AND l.year = b.year), 0) FROM leave_balances b WHERE b.year = $1`, y)
		if err != nil {
			return nil, fmt.Errorf("reading leave balances: %w", err)
		}
	}
	return out, nil
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

// The lateness model (per working day of an employee not on leave): an absent day with 1.5 %
// (a late-arrival-prone employee's profile raises lateness, not absence); otherwise arrival
// before the start with the employee's punctuality, late by an exponential tail of mean 12
// minutes (capped at 4 hours) with the employee's late rate (3 % to 30 %, mean about 12 %), a
// departure before the end with 4 %, a missing check-out with 0.5 %.
const (
	absentRate  = 0.015
	earlyRate   = 0.04
	missingRate = 0.005
	lateMean    = 12.0
)

// Leave per employee and year, as a share of employees: annual leave 70 % (one or two requests
// of 1 to 3 working days), sick leave 15 % (1 or 2 days), a rejected annual request 4 %, a
// cancelled one 3 %.
func (g *gen) build(emps []employee) *chunk {
	c := &chunk{}
	for _, e := range emps {
		g.employee(c, e)
	}
	return c
}

type leaveReq struct {
	id, typ, state string
	days           []time.Time
	submitted      time.Time
}

func (g *gen) employee(c *chunk, e employee) {
	rng := rand.New(rand.NewPCG(g.hash(e.nip), uint64(g.o.Seed)))
	lateRate := 0.03 + 0.27*math.Pow(rng.Float64(), 3) // most punctual, a few habitually late
	taken := g.taken[e.nip]
	var days []time.Time
	for _, d := range g.workdays {
		if e.appointed != "" && day(d) < e.appointed {
			continue
		}
		days = append(days, d)
	}
	// Leave, planned first so that the days are known.
	onLeave := map[string]string{}
	var reqs []leaveReq
	byYearDays := map[int][]time.Time{}
	for _, d := range days {
		byYearDays[d.Year()] = append(byYearDays[d.Year()], d)
	}
	years := make([]int, 0, len(byYearDays))
	for y := range byYearDays {
		years = append(years, y)
	}
	sort.Ints(years)
	annualTaken := map[int][]int{} // request index per year
	for _, y := range years {
		if g.asked[e.nip] {
			break
		}
		yd := byYearDays[y]
		k := byYear{e.nip, y}
		avail := 12
		if b, ok := g.balances[k]; ok {
			avail = b.available
		}
		plan := func(typ string, n int, state string) {
			if len(yd) < n+1 {
				return
			}
			i := rng.IntN(len(yd) - n + 1)
			span := yd[i : i+n]
			for _, d := range span {
				if _, busy := onLeave[day(d)]; busy {
					return
				}
				if _, busy := taken[day(d)]; busy {
					return
				}
			}
			if typ == "annual" && state == "approved" {
				if avail < n {
					return
				}
				avail -= n
			}
			r := leaveReq{typ: typ, state: state, days: append([]time.Time(nil), span...)}
			r.id = uuidString(uuid7(at(span[0], 0, 0).AddDate(0, 0, -7), g.hash("leave", e.nip, day(span[0]), typ)))
			r.submitted = at(span[0], 9, rng.IntN(120)).AddDate(0, 0, -(3 + rng.IntN(10)))
			if state == "approved" {
				for _, d := range span {
					onLeave[day(d)] = typ
				}
				if typ == "annual" {
					annualTaken[y] = append(annualTaken[y], len(reqs))
				}
			}
			reqs = append(reqs, r)
		}
		// Scale the chances to the share of the year the range covers.
		share := math.Min(1, float64(len(yd))/245)
		if rng.Float64() < 0.7*share {
			for range 1 + rng.IntN(2) {
				plan("annual", 1+rng.IntN(3), "approved")
			}
		}
		if rng.Float64() < 0.15*share {
			plan("sick", 1+rng.IntN(2), "approved")
		}
		if rng.Float64() < 0.04*share {
			plan("annual", 1+rng.IntN(3), "rejected")
		}
		if rng.Float64() < 0.03*share {
			plan("annual", 1+rng.IntN(3), "cancelled")
		}
	}
	g.leave(c, e, reqs, annualTaken)

	// The days.
	type tally struct {
		days, run, longest int
		last               string
		lateness           int64
	}
	tallies := map[int]*tally{}
	for _, d := range days {
		ds := day(d)
		// Each day draws from its own source, so a day's outcome does not depend on the leave
		// planned or the days before it (a forced run writes the same day again).
		rng := rand.New(rand.NewPCG(g.hash("day", e.nip, ds), uint64(g.o.Seed)))
		t := tallies[d.Year()]
		if t == nil {
			t = &tally{}
			tallies[d.Year()] = t
		}
		t.last = ds
		status, leaveType := "present", ""
		if typ, ok := taken[ds]; ok {
			status, leaveType = "on_leave", typ
		} else if typ, ok := onLeave[ds]; ok {
			status, leaveType = "on_leave", typ
		} else if rng.Float64() < absentRate {
			status = "absent"
		}
		var late, early, incomplete int
		switch status {
		case "absent":
			c.counts.Absent++
			t.days++
			t.run++
			t.longest = max(t.longest, t.run)
		case "on_leave":
			c.counts.OnLeave++
			t.run = 0 // leave interrupts a run of unexcused days
		case "present":
			t.run = 0
			c.counts.Present++
			startMin, endMin := 7*60+30, 16*60
			if d.Weekday() == time.Friday {
				endMin = 16*60 + 30
			}
			arrive := startMin - 5 - int(rng.ExpFloat64()*12) // most a little early
			if rng.Float64() < lateRate {
				late = 1 + min(int(rng.ExpFloat64()*lateMean), 240)
				arrive = startMin + late
				c.counts.Late++
			}
			leave := endMin + int(rng.ExpFloat64()*15)
			if rng.Float64() < earlyRate {
				early = 1 + min(int(rng.ExpFloat64()*20), 180)
				leave = endMin - early
				c.counts.EarlyDeparture++
			}
			g.record(c, e, d, "in", arrive, late, 0, rng)
			if rng.Float64() < missingRate {
				incomplete, early = 1, 0
				c.counts.Missing++
			} else {
				g.record(c, e, d, "out", leave, 0, early, rng)
			}
			t.lateness += int64(late + early)
		}
		lateFlag, earlyFlag := boolInt(late > 0), boolInt(early > 0)
		c.statuses = append(c.statuses, []any{e.nip, ds, ds[:7], e.agency, status, "regular", "", leaveType,
			lateFlag, late, earlyFlag, early, incomplete})
		c.counts.Statuses++
		closed := at(d, 23, 30)
		ev := &attendancev1.DayClosed{DailyStatus: &attendancev1.DailyStatus{Employee: e.nip, Date: ds, Status: dayStatus(status),
			Reason: "regular", LeaveType: leaveType, Late: late > 0, LateMinutes: int32(late), EarlyDeparture: early > 0,
			EarlyMinutes: int32(early), Incomplete: incomplete == 1}}
		g.outbox(c, closed, g.hash("closed", e.nip, ds), "simpeg.attendance.day.closed", ev)
	}
	for _, y := range years {
		t := tallies[y]
		if t == nil {
			continue
		}
		c.tallies = append(c.tallies, []any{e.nip, y, t.days, t.run, t.longest, t.last, t.lateness})
		c.counts.Tallies++
	}
}

func dayStatus(s string) attendancev1.DayStatus {
	switch s {
	case "present":
		return attendancev1.DayStatus_DAY_STATUS_PRESENT
	case "on_leave":
		return attendancev1.DayStatus_DAY_STATUS_ON_LEAVE
	}
	return attendancev1.DayStatus(attendancev1.DayStatus_value["DAY_STATUS_ABSENT"])
}

// record appends a check-in or check-out at minute m of day d.
func (g *gen) record(c *chunk, e employee, d time.Time, kind string, m, late, early int, rng *rand.Rand) {
	// Seconds into the minute; an early departure's before it, so that the service's whole
	// minutes of lateness and early departure (truncated) are the ones written.
	sec := time.Duration(rng.IntN(60)) * time.Second
	if early > 0 {
		sec = -sec
	}
	t := at(d, 0, m).Add(sec)
	server := t.Add(time.Duration(200+rng.IntN(1500)) * time.Millisecond)
	clientID := uuidString(uuid4(g.hash("record", e.nip, day(d), kind)))
	lat := e.office.lat + (rng.Float64()-0.5)*0.0008
	lon := e.office.lon + (rng.Float64()-0.5)*0.0008
	dist := math.Hypot(lat-e.office.lat, lon-e.office.lon) * 111_000
	outcome := "on_time"
	switch {
	case late > 0:
		outcome = "late"
	case early > 0:
		outcome = "early_departure"
	}
	acc := 5 + rng.Float64()*25
	device := "android-" + e.nip[len(e.nip)-6:]
	c.records = append(c.records, []any{e.nip, clientID, kind, micros(t), micros(server), lat, lon, acc, device, e.office.id,
		day(d), outcome, late, early, 0, dist, 0})
	c.counts.Records++
	pbKind := attendancev1.AttendanceKind_ATTENDANCE_KIND_CHECK_IN
	subject := "simpeg.attendance.attendance.checked_in"
	var msg proto.Message
	rec := &attendancev1.AttendanceRecord{Name: "employees/" + e.nip + "/attendanceRecords/" + clientID, ClientId: clientID,
		Kind: pbKind, Latitude: lat, Longitude: lon, AccuracyMeters: acc, DeviceId: device, DeviceTime: timestamppb.New(t),
		Employee: e.nip, Outcome: attendancev1.AttendanceOutcome(attendancev1.AttendanceOutcome_value["ATTENDANCE_OUTCOME_"+strings.ToUpper(outcome)]),
		LateMinutes: int32(late), EarlyMinutes: int32(early), DistanceMeters: dist, WorkDate: day(d), ServerTime: timestamppb.New(server)}
	if e.office.id != "" {
		rec.Office = "offices/" + e.office.id
	}
	if kind == "out" {
		rec.Kind = attendancev1.AttendanceKind_ATTENDANCE_KIND_CHECK_OUT
		subject = "simpeg.attendance.attendance.checked_out"
		msg = &attendancev1.CheckedOut{Record: rec}
	} else {
		msg = &attendancev1.CheckedIn{Record: rec}
	}
	g.outbox(c, server, g.hash("ev", e.nip, clientID), subject, msg)
	g.audit(c, server, g.hash("au", e.nip, clientID), e, "/simpeg.attendance.v1.AttendanceService/RecordAttendance",
		"employees/"+e.nip+"/attendanceRecords/"+clientID, fmt.Sprintf("%s %s at %s: %s", kind, day(d), t.Format("15:04"), outcome))
}

func (g *gen) outbox(c *chunk, t time.Time, h uint64, subject string, msg proto.Message) {
	payload, err := proto.Marshal(msg)
	if err != nil {
		panic(err) // the generated messages always marshal
	}
	id := uuid7(t, h)
	trace := fmt.Sprintf(`{"traceparent":"00-%016x%016x-%016x-01"}`, h, h^0x9e3779b97f4a7c15, h>>1)
	c.outbox = append(c.outbox, []any{uuidString(id), subject, string(proto.MessageName(msg)), payload, trace, micros(t),
		micros(t.Add(40 * time.Millisecond))})
	c.counts.Outbox++
}

func (g *gen) audit(c *chunk, t time.Time, h uint64, e employee, action, resource, detail string) {
	c.audit = append(c.audit, []any{uuidString(uuid7(t, h)), micros(t), e.nip, "employee", e.agency, action, resource,
		fmt.Sprintf("%016x", h), "10.0.0.1", fmt.Sprintf("%016x%016x", h, h>>3), detail})
	c.counts.Audit++
}

func leaveType(t string) attendancev1.LeaveType {
	return attendancev1.LeaveType(attendancev1.LeaveType_value["LEAVE_TYPE_"+strings.ToUpper(t)])
}

func leaveState(s string) attendancev1.LeaveState {
	return attendancev1.LeaveState(attendancev1.LeaveState_value["LEAVE_STATE_"+strings.ToUpper(s)])
}

// leave writes the requests with their events and audit, and the annual-leave ledger and
// balances of the years the approved annual leave is taken from.
func (g *gen) leave(c *chunk, e employee, reqs []leaveReq, annual map[int][]int) {
	approver := e.supervisor
	if approver == "" {
		approver = "agency-hr"
	}
	for _, r := range reqs {
		start, end := r.days[0], r.days[len(r.days)-1]
		n := len(r.days)
		spent := 0
		if r.typ == "annual" && r.state == "approved" {
			spent = n
		}
		decided := r.submitted.Add(time.Duration(2+len(r.id)%20) * time.Hour)
		p := map[string]any{"reason": "keperluan keluarga", "submitted_on": day(r.submitted)}
		if r.typ == "sick" {
			p["reason"] = "sakit"
		}
		decisions := []map[string]string{}
		var action string
		switch r.state {
		case "approved":
			p["approved_by"] = approver
			decisions = append(decisions, map[string]string{"action": "approved", "by": approver, "role": "supervisor", "on": day(decided)})
			action = "ApproveLeaveRequest"
		case "rejected":
			p["rejection_reason"] = "kebutuhan dinas"
			decisions = append(decisions, map[string]string{"action": "rejected", "by": approver, "role": "supervisor", "on": day(decided), "reason": "kebutuhan dinas"})
			action = "RejectLeaveRequest"
		case "cancelled":
			decisions = append(decisions, map[string]string{"action": "cancelled", "by": e.nip, "on": day(decided)})
			action = "CancelLeaveRequest"
		}
		p["decisions"] = decisions
		payload, _ := json.Marshal(p)
		c.leave = append(c.leave, []any{r.id, e.nip, e.agency, r.typ, day(start), day(end), r.state, n, "working_days", 0, spent,
			e.supervisor, string(payload), 2, micros(r.submitted), micros(decided)})
		c.counts.Leave++
		pb := &attendancev1.LeaveRequest{Name: "leaveRequests/" + r.id, Employee: e.nip, Type: leaveType(r.typ), StartDate: day(start),
			EndDate: day(end), Reason: p["reason"].(string), State: leaveState("submitted"), Days: int32(n), Counting: "working_days",
			Supervisor: e.supervisor, CreateTime: timestamppb.New(r.submitted), UpdateTime: timestamppb.New(r.submitted)}
		g.outbox(c, r.submitted, g.hash("lr", r.id), "simpeg.attendance.leave.requested", &attendancev1.LeaveRequested{LeaveRequest: pb})
		g.audit(c, r.submitted, g.hash("lra", r.id), e, "/simpeg.attendance.v1.AttendanceService/CreateLeaveRequest",
			"leaveRequests/"+r.id, fmt.Sprintf("requested %s leave %s to %s (%d days)", r.typ, day(start), day(end), n))
		pb2 := proto.Clone(pb).(*attendancev1.LeaveRequest)
		pb2.State, pb2.SpentDays, pb2.UpdateTime = leaveState(r.state), int32(spent), timestamppb.New(decided)
		var msg proto.Message
		subject := "simpeg.attendance.leave." + r.state
		switch r.state {
		case "approved":
			msg = &attendancev1.LeaveApproved{LeaveRequest: pb2}
		case "rejected":
			msg = &attendancev1.LeaveRejected{LeaveRequest: pb2}
		default:
			msg = &attendancev1.LeaveCancelled{LeaveRequest: pb2}
		}
		g.outbox(c, decided, g.hash("ld", r.id), subject, msg)
		actor := e
		if r.state != "cancelled" {
			actor = employee{nip: approver, agency: e.agency}
		}
		g.audit(c, decided, g.hash("lda", r.id), actor, "/simpeg.attendance.v1.AttendanceService/"+action,
			"leaveRequests/"+r.id, fmt.Sprintf("%s: %s leave %s to %s", r.state, r.typ, day(start), day(end)))
	}
	years := make([]int, 0, len(annual))
	for y := range annual {
		years = append(years, y)
	}
	sort.Ints(years)
	for _, y := range years {
		k := byYear{e.nip, y}
		b, found := g.balances[k]
		first := reqs[annual[y][0]].submitted
		if !found {
			b = balance{available: 12}
			c.ledger = append(c.ledger, []any{e.nip, y, 1, "grant", 12, "", fmt.Sprintf("annual leave %d", y), micros(first.Add(-time.Hour))})
			c.counts.Ledger++
			b.seq = 1
		}
		var updated time.Time
		for _, i := range annual[y] {
			r := reqs[i]
			b.seq++
			b.available -= len(r.days)
			updated = r.submitted.Add(time.Duration(2+len(r.id)%20) * time.Hour)
			c.ledger = append(c.ledger, []any{e.nip, y, b.seq, "taken", len(r.days), r.id, "annual leave approved", micros(updated)})
			c.counts.Ledger++
			g.audit(c, updated, g.hash("bal", r.id), employee{nip: approver, agency: e.agency}, "/simpeg.attendance.v1.AttendanceService/ApproveLeaveRequest",
				fmt.Sprintf("employees/%s/leaveBalances/%d", e.nip, y), fmt.Sprintf("taken %d days for leaveRequests/%s; available %d", len(r.days), r.id, b.available))
		}
		b.version++
		c.balances = append(c.balances, []any{e.nip, y, b.available, 0, 0, 0, b.version, micros(updated)})
		c.counts.Balances++
	}
}

// civil returns t's date at midnight WIB.
func civil(t time.Time) time.Time {
	t = t.In(WIB)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, WIB)
}

func day(t time.Time) string { return t.Format(time.DateOnly) }

func at(d time.Time, h, m int) time.Time {
	return time.Date(d.Year(), d.Month(), d.Day(), h, m, 0, 0, WIB)
}

func micros(t time.Time) int64 { return t.UnixMicro() }

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// uuid7 is a time-ordered UUIDv7 of t whose random bits come from h.
func uuid7(t time.Time, h uint64) [16]byte {
	var u [16]byte
	ms := uint64(t.UnixMilli())
	u[0], u[1], u[2], u[3], u[4], u[5] = byte(ms>>40), byte(ms>>32), byte(ms>>24), byte(ms>>16), byte(ms>>8), byte(ms)
	binary.BigEndian.PutUint64(u[8:], h)
	u[6] = 0x70 | byte(h>>60)&0x0f
	u[7] = byte(h >> 52)
	u[8] = 0x80 | u[8]&0x3f
	return u
}

// uuid4 is a random-looking UUIDv4 from h, as a phone's client id.
func uuid4(h uint64) [16]byte {
	var u [16]byte
	binary.BigEndian.PutUint64(u[:8], h)
	binary.BigEndian.PutUint64(u[8:], h*0x9e3779b97f4a7c15^0x5bd1e995)
	u[6] = 0x40 | u[6]&0x0f
	u[8] = 0x80 | u[8]&0x3f
	return u
}

func uuidString(u [16]byte) string {
	var b [36]byte
	hex.Encode(b[0:8], u[0:4])
	b[8] = '-'
	hex.Encode(b[9:13], u[4:6])
	b[13] = '-'
	hex.Encode(b[14:18], u[6:8])
	b[18] = '-'
	hex.Encode(b[19:23], u[8:10])
	b[23] = '-'
	hex.Encode(b[24:], u[10:])
	return string(b[:])
}
