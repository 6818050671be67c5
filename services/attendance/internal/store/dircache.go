package store

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/services/attendance/internal/app"
	"github.com/simpeg-id/simpeg/services/planning/directory"
)

// DirectoryFresh bounds how stale the directory copy may look to a check-in: an employee is
// answered from memory only while the snapshot was found current within this long; past it the
// check-in reads the database, as before. It is the office cache's bound (officeTTL): a
// transfer, a retirement or a suspension applied by any replica shows within 5 s.
const DirectoryFresh = 5 * time.Second

// directoryCheckEvery is how old a snapshot gets before a check-in starts its re-check in the
// background: half the bound, so that under traffic the snapshot is always found fresh.
const directoryCheckEvery = DirectoryFresh / 2

// directoryOverlap is how far back, before the newest synced_at the snapshot holds, a re-check
// re-reads rows: a transaction that stamped its rows earlier may commit later, and replicas'
// clocks differ a little. The whole-table fingerprint catches anything it still misses.
const directoryOverlap = 30 * time.Second

// DirectoryCache answers a check-in's read of the employee (issue 13 §3: one primary-key read
// per check-in was 12 % of the service's CPU in the morning rush) from an in-memory snapshot of
// the whole directory copy, taken for today's date (directory.Today) with the agency and unit in
// force then. Each employee checks in once or twice a morning, so only a snapshot of everyone
// helps; a per-employee cache would not.
//
// The snapshot is kept current by re-checking the copy's fingerprint — the number of
// employees, the sum of their versions (every applied planning event raises one: the copy
// never goes back to an older version) and the newest synced_at — at most every 2.5 s while
// check-ins come, in the background: when it moved, the rows stamped since the snapshot's
// newest synced_at (less directoryOverlap) are read again, and when the fingerprint still
// differs the whole copy is. An employee is answered from memory only when the snapshot was
// found current less than DirectoryFresh ago and holds them active; an employee it does not
// hold (registered since), or holds as not active, is read from the database, so a new
// registration checks in at once. So a check-in sees a change of the directory within 5 s,
// whichever replica's consumer applied it — the office cache's discipline.
type DirectoryCache struct {
	base  app.Directory
	db    *database.DB
	now   func() time.Time
	snap  atomic.Pointer[dirSnapshot]
	busy  sync.Mutex // one re-check at a time
	async sync.WaitGroup

	loads, checks atomic.Int64 // whole loads and re-checks, for tests
}

// dirSnapshot is the whole copy as of checked.
type dirSnapshot struct {
	date      string    // the day the agencies and units are those of
	from      time.Time // when date begins and ends (directory.Today's day, in WIT)
	until     time.Time
	checked   time.Time
	fp        dirFingerprint
	employees map[string]directory.Employee
	newest    int64 // the newest synced_at held
}

// dirFingerprint changes whenever the copy does.
type dirFingerprint struct {
	count, versions, newest int64
}

// NewDirectoryCache returns the cache of base's copy, kept in db, with the clock now.
func NewDirectoryCache(db *database.DB, base app.Directory, now func() time.Time) *DirectoryCache {
	return &DirectoryCache{base: base, db: db, now: now}
}

var _ app.Directory = (*DirectoryCache)(nil)

// Employee returns employee nip as of today, from the snapshot when it is fresh and holds them
// active, from the database otherwise.
func (c *DirectoryCache) Employee(ctx context.Context, nip string) (directory.Employee, error) {
	now := c.now()
	s := c.snap.Load()
	today := s != nil && !now.Before(s.from) && now.Before(s.until)
	if !today || now.Sub(s.checked) >= directoryCheckEvery {
		c.refreshSoon()
	}
	if today && now.Sub(s.checked) < DirectoryFresh {
		if e, ok := s.employees[nip]; ok && e.Active() {
			return e, nil
		}
	}
	return c.base.Employee(ctx, nip)
}

// IsUnder is base's: the supervisor tree is read where it is asked, not on the check-in path.
func (c *DirectoryCache) IsUnder(ctx context.Context, supervisor, nip string) (bool, error) {
	return c.base.IsUnder(ctx, supervisor, nip)
}

// Wait waits for a re-check running in the background, for tests and shutdown.
func (c *DirectoryCache) Wait() { c.async.Wait() }

// Loads returns how many times the whole copy was read and how many re-checks ran.
func (c *DirectoryCache) Loads() (loads, checks int64) { return c.loads.Load(), c.checks.Load() }

// refreshSoon starts a re-check in the background unless one runs.
func (c *DirectoryCache) refreshSoon() {
	if !c.busy.TryLock() {
		return
	}
	c.async.Add(1)
	go func() {
		defer c.async.Done()
		defer c.busy.Unlock()
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		_ = c.refresh(ctx) // a failed re-check leaves the snapshot to go stale: reads fall back to the database
	}()
}

// Refresh re-checks the snapshot now (waiting for a re-check that runs), for tests.
func (c *DirectoryCache) Refresh(ctx context.Context) error {
	c.busy.Lock()
	defer c.busy.Unlock()
	return c.refresh(ctx)
}

// refresh brings the snapshot up to date; c.busy is held.
func (c *DirectoryCache) refresh(ctx context.Context) error {
	c.checks.Add(1)
	start := c.now() // the snapshot holds every change committed before it
	today := directory.Today(start)
	fp, err := c.fingerprint(ctx)
	if err != nil {
		return err
	}
	old := c.snap.Load()
	if old != nil && old.date == today {
		if old.fp == fp {
			c.snap.Store(&dirSnapshot{date: today, from: old.from, until: old.until, checked: start, fp: fp, employees: old.employees, newest: old.newest})
			return nil
		}
		// Re-read what changed since, into a copy (readers keep the old map meanwhile).
		since := old.newest - directoryOverlap.Microseconds()
		changed, newest, err := c.read(ctx, today, `WHERE e.synced_at >= $2`, since)
		if err != nil {
			return err
		}
		next := make(map[string]directory.Employee, len(old.employees)+len(changed))
		for k, v := range old.employees {
			next[k] = v
		}
		for k, v := range changed {
			next[k] = v
		}
		if held := fingerprintOf(next, max(newest, old.newest)); held == fp {
			c.snap.Store(&dirSnapshot{date: today, from: old.from, until: old.until, checked: start, fp: fp, employees: next, newest: held.newest})
			return nil
		}
	}
	all, newest, err := c.read(ctx, today, "")
	if err != nil {
		return err
	}
	c.loads.Add(1)
	held := fingerprintOf(all, newest)
	if held != fp {
		// Changed while it was read: keep it, unchecked, and re-check at the next check-in.
		from, until := dayOf(start)
		c.snap.Store(&dirSnapshot{date: today, from: from, until: until, checked: start.Add(-DirectoryFresh), fp: held, employees: all, newest: newest})
		return nil
	}
	from, until := dayOf(start)
	c.snap.Store(&dirSnapshot{date: today, from: from, until: until, checked: start, fp: fp, employees: all, newest: newest})
	return nil
}

// dayOf is when the day of t, as directory.Today reckons it (WIT, UTC+9), begins and ends.
func dayOf(t time.Time) (from, until time.Time) {
	wit := t.In(time.FixedZone("WIT", 9*3600))
	y, m, d := wit.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, wit.Location()), time.Date(y, m, d+1, 0, 0, 0, 0, wit.Location())
}

// fingerprint reads the copy's fingerprint.
func (c *DirectoryCache) fingerprint(ctx context.Context) (dirFingerprint, error) {
	var fp dirFingerprint
	err := c.db.QueryRowContext(ctx, `SELECT COUNT(*), CAST(COALESCE(SUM(version), 0) AS BIGINT), CAST(COALESCE(MAX(synced_at), 0) AS BIGINT) FROM directory_employees`).
		Scan(&fp.count, &fp.versions, &fp.newest)
	if err != nil {
		return fp, fmt.Errorf("reading the directory copy's fingerprint: %w", err)
	}
	return fp, nil
}

// fingerprintOf is the fingerprint of a snapshot's employees whose newest synced_at is newest.
func fingerprintOf(m map[string]directory.Employee, newest int64) dirFingerprint {
	fp := dirFingerprint{count: int64(len(m)), newest: newest}
	for _, e := range m {
		fp.versions += e.Version
	}
	return fp
}

// read reads the employees the condition where picks (on e, with $2 the argument given), with
// the agency and unit in force on date, and the newest synced_at among them. The values most
// employees share (agency, unit, rank, position, supervisor, dates, enumerations) are kept
// once.
func (c *DirectoryCache) read(ctx context.Context, date, where string, args ...any) (map[string]directory.Employee, int64, error) {
	rows, err := c.db.QueryContext(ctx, `SELECT e.nip, e.display_name, e.sex, e.birth_date, e.appointment_date, e.employment_type, e.rank,
		COALESCE(p.agency, e.agency), COALESCE(p.unit, e.unit), e.position, e.supervisor, e.status, e.version, e.synced_at
		FROM directory_employees e LEFT JOIN directory_assignments p ON `+directory.PeriodOn(1)+` `+where, append([]any{date}, args...)...)
	if err != nil {
		return nil, 0, fmt.Errorf("reading the directory copy: %w", err)
	}
	defer rows.Close()
	out := map[string]directory.Employee{}
	shared := map[string]string{}
	one := func(s *string) {
		if v, ok := shared[*s]; ok {
			*s = v
		} else {
			shared[*s] = *s
		}
	}
	var newest int64
	for rows.Next() {
		var e directory.Employee
		var synced int64
		if err := rows.Scan(&e.NIP, &e.DisplayName, &e.Sex, &e.BirthDate, &e.AppointmentDate, &e.EmploymentType, &e.Rank,
			&e.Agency, &e.Unit, &e.Position, &e.Supervisor, &e.Status, &e.Version, &synced); err != nil {
			return nil, 0, fmt.Errorf("reading the directory copy: %w", err)
		}
		for _, s := range []*string{&e.Sex, &e.BirthDate, &e.AppointmentDate, &e.EmploymentType, &e.Rank, &e.Agency, &e.Unit, &e.Position, &e.Supervisor, &e.Status} {
			one(s)
		}
		out[e.NIP] = e
		newest = max(newest, synced)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("reading the directory copy: %w", err)
	}
	return out, newest, nil
}
