package app

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/resource"
	"github.com/simpeg-id/simpeg/services/attendance/internal/domain"
	"github.com/simpeg-id/simpeg/services/planning/directory"
)

// Closing days: every employee's status for a date, fixed from the calendar, the check-ins and
// approved leave, and the yearly tally of unexcused absence with its PP 94/2021 thresholds.

// CloseDayBatch is how many employees one transaction of CloseDay closes: the reads for a
// batch are one query each (records, leave, rosters), its writes a few multi-row statements.
const CloseDayBatch = 1000

// MaxDailyStatusRangeDays is how many days after the start date ListDailyStatuses reaches at
// most.
const MaxDailyStatusRangeDays = 366

// DailyStatus is an employee's closed day as it is stored.
type DailyStatus struct {
	Employee string
	// Agency is the employee's agency when the day was closed.
	Agency string
	Date   domain.Date
	Status domain.DailyStatus
	// Reason is the calendar's reason for the day; Holiday the holiday's name, if any.
	Reason  domain.DayReason
	Holiday string
	// LeaveType is the leave taken, with domain.DailyOnLeave.
	LeaveType      string
	Late           bool
	LateMinutes    int
	EarlyDeparture bool
	EarlyMinutes   int
	// Incomplete marks a present day with the check-in or the check-out missing.
	Incomplete bool
}

// EmployeeTally is an employee's stored tally of unexcused absence in a year, with the
// employee's agency when it is read for a report.
type EmployeeTally struct {
	Employee string
	Agency   string
	domain.AbsenceTally
}

// SanctionReport is a discipline threshold an employee reached (or crossed) in a year.
type SanctionReport struct {
	Employee string
	Agency   string
	Year     int
	// Days and LongestRun are the year's unexcused absence days and longest run of consecutive
	// unexcused working days.
	Days, LongestRun int
	// LatenessMinutes is the year's late arrival and early departure minutes; ConvertedDays the
	// days of unexcused absence they count for (Peraturan BKN 6/2022: one per 450 minutes, the
	// policy); TotalDays is Days + ConvertedDays, the number compared with the PP 94/2021
	// thresholds.
	LatenessMinutes, ConvertedDays, TotalDays int
	domain.Sanction
}

// sanctionReport is the report of s reached by employee of agency with tally t, lateness
// converted at perDay minutes.
func sanctionReport(employee, agency string, t domain.AbsenceTally, perDay int, s domain.Sanction) SanctionReport {
	return SanctionReport{Employee: employee, Agency: agency, Year: t.Year, Days: t.Days, LongestRun: t.LongestRun,
		LatenessMinutes: t.LatenessMinutes, ConvertedDays: t.ConvertedDays(perDay), TotalDays: t.Total(perDay), Sanction: s}
}

// CloseResult is what closing a day found.
type CloseResult struct {
	// Closed is how many employees' days were closed; Absent how many of them were absent
	// without excuse.
	Closed, Absent int
	// Crossed are the thresholds this close crossed, by employee.
	Crossed []SanctionReport
}

// DayClosed announces an employee's closed day; AbsenceThresholdCrossed a threshold crossed.
type (
	DayClosed               struct{ Status DailyStatus }
	AbsenceThresholdCrossed struct{ Sanction SanctionReport }
)

func (DayClosed) event()               {}
func (AbsenceThresholdCrossed) event() {}

// DayReader is what closing days and the reports read; part of Reader.
type DayReader interface {
	// ActiveEmployees returns the directory copy's employees serving in agency (every agency
	// when empty) on date, by NIP, each with the agency in force that day: a transfer takes
	// effect on its effective date (issue 8 item 5).
	ActiveEmployees(ctx context.Context, agency string, date domain.Date) ([]directory.Employee, error)
	// RecordsOn returns the records of employees whose working date is date, by employee and
	// device time.
	RecordsOn(ctx context.Context, date domain.Date, employees []string) ([]Record, error)
	// RosterBetween returns the roster entries of employees from from to to.
	RosterBetween(ctx context.Context, employees []string, from, to domain.Date) ([]RosterEntry, error)
	// Rostered returns which of employees have a roster entry from from to to.
	Rostered(ctx context.Context, employees []string, from, to domain.Date) (map[string]bool, error)
	// ListDailyStatuses returns the employee's closed days from from to to, by date.
	ListDailyStatuses(ctx context.Context, employee string, from, to domain.Date) ([]DailyStatus, error)
	// MonthlyRecap sums the closed days of q per employee, by NIP.
	MonthlyRecap(ctx context.Context, q RecapQuery) ([]RecapRow, error)
	// AbsenceTallies returns the tallies of q's year that reach at least q.MinDays days or a
	// run of q.MinRun, with each employee's current agency.
	AbsenceTallies(ctx context.Context, q TallyQuery) ([]EmployeeTally, error)
}

// DayTx is what closing a day writes, inside Repository.Write; part of Tx.
type DayTx interface {
	// LockDayClosing makes closings queue: it returns once no other transaction closing days
	// is running, and holds them off until this one ends.
	LockDayClosing(ctx context.Context) error
	// DailyStatusesOn returns the stored day of each of employees on date, if closed (only Date,
	// Status, LateMinutes and EarlyMinutes are set).
	DailyStatusesOn(ctx context.Context, date domain.Date, employees []string) (map[string]domain.DayRecord, error)
	// PutDailyStatuses stores statuses, replacing those of the same employee and date.
	PutDailyStatuses(ctx context.Context, statuses []DailyStatus) error
	// TalliesOf returns the stored tallies of employees for years year-1 and year.
	TalliesOf(ctx context.Context, employees []string, year int) (map[string]map[int]domain.AbsenceTally, error)
	// YearStatuses returns the closed days of employees in year, each employee's by date (only
	// Date, Status, LateMinutes and EarlyMinutes are set).
	YearStatuses(ctx context.Context, employees []string, year int) (map[string][]domain.DayRecord, error)
	// PutTallies stores tallies, replacing those of the same employee and year.
	PutTallies(ctx context.Context, tallies []EmployeeTally) error
}

// DayName is the resource name of a closed date, for the audit trail.
func DayName(d domain.Date) string { return "dailyStatuses/" + d.String() }

// DailyStatusName is the resource name of an employee's closed day.
func DailyStatusName(employee string, d domain.Date) string {
	return "employees/" + employee + "/dailyStatuses/" + d.String()
}

// today is the latest date anywhere in Indonesia now: the date in WIT, the easternmost zone.
func (a *App) today() domain.Date { return domain.DateOf(a.now().In(domain.WIT.Location())) }

// CloseDay fixes the status of date for every active employee of agency (of every agency when
// agency is empty, which only a city-wide caller may do; agency HR close their own agency's).
// For each employee: the calendar's expectation, the day's first check-in and last check-out
// (records whose working date is date), approved leave, and domain.CloseDay decide the status,
// which is stored with a DayClosed event; the employee's tally of unexcused absence for the
// year is updated in the same transaction, with an AbsenceThresholdCrossed event for each
// threshold crossed.
//
// Closing a date again recomputes it: the status is replaced, and when the date is not after
// the tally's last date (a re-close or a back-filled earlier date) and the status changed, the
// year's tally is recomputed from the stored statuses, so nothing counts twice and a correction
// crosses only thresholds not reached before. A re-close does not recompute the run carried
// into the following year.
//
// Employees are closed CloseDayBatch per transaction; a failure leaves earlier batches closed,
// and closing again completes the day. The audit record of the close is written with the last
// batch. date must not be after today (in WIT, where dates change first).
func (a *App) CloseDay(ctx context.Context, date domain.Date, agency string) (CloseResult, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return CloseResult{}, err
	}
	if date.IsZero() {
		return CloseResult{}, errs.Invalidf("date", "is required")
	}
	if today := a.today(); date.After(today) {
		return CloseResult{}, errs.Invalidf("date", "must not be in the future: %s is after today (%s)", date, today)
	}
	if agency == "" {
		if g.Scope != auth.ScopeAll {
			return CloseResult{}, errs.Deniedf("%s (%s scope) may close a day for their agency only: name the agency", g.Subject, g.Scope)
		}
	} else if err := resource.RequireReach(g, agency); err != nil {
		return CloseResult{}, err
	}
	days := a.repo
	emps, err := days.ActiveEmployees(ctx, agency, date)
	if err != nil {
		return CloseResult{}, err
	}
	cal, err := a.calendar.get(ctx)
	if err != nil {
		return CloseResult{}, err
	}
	scope := agency
	if scope == "" {
		scope = "all agencies"
	}
	audit := AuditEntry{Resource: DayName(date), Detail: fmt.Sprintf("closed %s for %s: %d employees", date, scope, len(emps))}
	c := &closing{a: a, days: days, cal: cal, date: date, offices: map[string]*Office{}}
	if len(emps) > CloseDayBatch {
		// More than one batch: the day's approved leave once for the whole close, rather than
		// once per batch (for more than a few employees the store reads the day's leave anyway).
		if c.leave, err = a.repo.ApprovedLeaveOn(ctx, date, nil); err != nil {
			return CloseResult{}, err
		}
	}
	var res CloseResult
	err = c.pipeline(ctx, emps, func(ctx context.Context, last bool, batch []directory.Employee, statuses []DailyStatus) error {
		var entries []AuditEntry
		if last {
			entries = []AuditEntry{audit}
		}
		absent, crossed, err := c.write(ctx, batch, statuses, entries)
		if err != nil {
			return err
		}
		res.Closed += len(batch)
		res.Absent += absent
		res.Crossed = append(res.Crossed, crossed...)
		return nil
	})
	if err != nil {
		return CloseResult{}, err
	}
	return res, nil
}

// pipeline computes the statuses of emps CloseDayBatch at a time and hands each batch to write
// in order (last set for the final one, which is an empty batch when emps is empty). The next
// batch's reads (records, leave, rosters) run while write stores the one before, so the
// database reads one batch as it writes the other; only the writes are transactions, one at a
// time, in the order of emps. Only pipeline's goroutine computes, so c.offices needs no lock.
func (c *closing) pipeline(ctx context.Context, emps []directory.Employee,
	write func(ctx context.Context, last bool, batch []directory.Employee, statuses []DailyStatus) error) error {
	type computed struct {
		batch    []directory.Employee
		statuses []DailyStatus
		err      error
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	next := make(chan computed, 1)
	go func() {
		defer close(next)
		for start := 0; start == 0 || start < len(emps); start += CloseDayBatch {
			batch := emps[start:min(start+CloseDayBatch, len(emps))]
			statuses, err := c.statuses(ctx, batch)
			select {
			case next <- computed{batch: batch, statuses: statuses, err: err}:
			case <-ctx.Done():
				return
			}
			if err != nil {
				return
			}
		}
	}()
	for start := 0; start == 0 || start < len(emps); start += CloseDayBatch {
		b, ok := <-next
		if !ok {
			return ctx.Err()
		}
		if b.err != nil {
			return b.err
		}
		if err := write(ctx, start+CloseDayBatch >= len(emps), b.batch, b.statuses); err != nil {
			return err
		}
	}
	return nil
}

// closing is one CloseDay call: its date and calendar, and the offices read so far by agency.
type closing struct {
	a       *App
	days    DayReader
	cal     domain.Calendar
	date    domain.Date
	offices map[string]*Office // nil: the agency has none
	// leave is the day's approved leave of every employee, when read once for the whole
	// close; nil: facts reads each batch's.
	leave map[string]domain.LeaveType
}

// write stores statuses, the closed day of emps, and writes audit with them.
func (c *closing) write(ctx context.Context, emps []directory.Employee, statuses []DailyStatus, audit []AuditEntry) (int, []SanctionReport, error) {
	nips := make([]string, len(emps))
	for i, e := range emps {
		nips[i] = e.NIP
	}
	absent := 0
	for _, s := range statuses {
		if s.Status == domain.DailyAbsent {
			absent++
		}
	}
	var crossed []SanctionReport
	err := c.a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		crossed = nil
		dtx := tx
		if err := dtx.LockDayClosing(ctx); err != nil {
			return err
		}
		if len(statuses) > 0 {
			var err error
			if crossed, err = c.store(ctx, dtx, nips, statuses); err != nil {
				return err
			}
			events := make([]Event, 0, len(statuses)+len(crossed))
			for _, s := range statuses {
				events = append(events, DayClosed{Status: s})
			}
			for _, s := range crossed {
				events = append(events, AbsenceThresholdCrossed{Sanction: s})
			}
			if err := tx.Emit(ctx, events...); err != nil {
				return err
			}
		}
		return tx.Audit(ctx, audit...)
	})
	if err != nil {
		return 0, nil, err
	}
	return absent, crossed, nil
}

// statuses computes the closed day of each of emps, reading their records, leave and rosters
// in one query each.
func (c *closing) statuses(ctx context.Context, emps []directory.Employee) ([]DailyStatus, error) {
	facts, err := c.facts(ctx, emps)
	if err != nil {
		return nil, err
	}
	out := make([]DailyStatus, len(facts))
	for i, f := range facts {
		rec := f.rec
		out[i] = DailyStatus{
			Employee: f.emp.NIP, Agency: f.emp.Agency, Date: c.date, Status: rec.Status, Reason: rec.Reason, Holiday: rec.Holiday,
			LeaveType: rec.LeaveType, Late: rec.Late, LateMinutes: rec.LateMinutes,
			EarlyDeparture: rec.EarlyDeparture, EarlyMinutes: rec.EarlyMinutes,
			Incomplete: rec.MissingCheckIn || rec.MissingCheckOut,
		}
	}
	return out, nil
}

// dayFact is one employee's day as closing it computes it: the calendar facts and expectation,
// the first check-in and last check-out (nil when there was none), and domain.CloseDay's record
// of the day, whose Status counts approved leave.
type dayFact struct {
	emp     directory.Employee
	ec      domain.EmployeeCalendar
	exp     domain.Expectation
	in, out *Record
	rec     domain.DayRecord
}

// facts computes the day of each of emps, in their order, reading their records, leave and
// rosters in one query each (per thousand employees): what CloseDay stores and the views of a
// day that is still running (teamday.go) show.
func (c *closing) facts(ctx context.Context, emps []directory.Employee) ([]dayFact, error) {
	if len(emps) == 0 {
		return nil, nil
	}
	nips := make([]string, len(emps))
	for i, e := range emps {
		nips[i] = e.NIP
	}
	ecs, err := c.calendars(ctx, emps)
	if err != nil {
		return nil, err
	}
	recs, err := c.days.RecordsOn(ctx, c.date, nips)
	if err != nil {
		return nil, err
	}
	type checks struct{ in, out *Record }
	byEmployee := make(map[string]*checks, len(emps))
	for i := range recs {
		r := &recs[i]
		ch := byEmployee[r.Employee]
		if ch == nil {
			ch = &checks{}
			byEmployee[r.Employee] = ch
		}
		switch r.In.Kind {
		case domain.CheckKindIn:
			if ch.in == nil { // records come in device-time order: the first check-in
				ch.in = r
			}
		case domain.CheckKindOut:
			ch.out = r // and the last check-out
		}
	}
	leave := c.leave
	if leave == nil {
		if leave, err = c.a.repo.ApprovedLeaveOn(ctx, c.date, nips); err != nil {
			return nil, err
		}
	}
	out := make([]dayFact, len(emps))
	for i, e := range emps {
		f := dayFact{emp: e, ec: ecs[i], exp: c.cal.Expected(ecs[i], c.date)}
		var in, outCheck *domain.Result
		if ch := byEmployee[e.NIP]; ch != nil {
			f.in, f.out = ch.in, ch.out
			if ch.in != nil {
				in = &ch.in.Result
			}
			if ch.out != nil {
				outCheck = &ch.out.Result
			}
		}
		f.rec = domain.CloseDay(f.exp, in, outCheck, string(leave[e.NIP]))
		out[i] = f
	}
	return out, nil
}

// calendars returns the calendar facts of emps on the closing date as App.Expectation builds
// them one by one (the agency's first office and its zone; shift worker when the agency has
// shifts and the employee has roster entries within rosterWindow days; the roster of the
// date and the days around it), with one office read per agency and two roster reads per batch.
func (c *closing) calendars(ctx context.Context, emps []directory.Employee) ([]domain.EmployeeCalendar, error) {
	out := make([]domain.EmployeeCalendar, len(emps))
	var shiftAgencies []string
	for i, e := range emps {
		o, seen := c.offices[e.Agency]
		if !seen {
			list, err := c.a.repo.ListOffices(ctx, e.Agency, "", 1)
			if err != nil {
				return nil, err
			}
			if len(list) > 0 {
				o = &list[0]
			}
			c.offices[e.Agency] = o
		}
		out[i] = domain.EmployeeCalendar{Employee: e.NIP, Agency: e.Agency, TimeZone: domain.WIB}
		if o != nil {
			out[i].Office, out[i].TimeZone = o.ID, domain.TimeZone(o.TimeZone.String())
		}
		if len(c.cal.Agencies[e.Agency].Shifts) > 0 {
			shiftAgencies = append(shiftAgencies, e.NIP)
		}
	}
	if len(shiftAgencies) == 0 {
		return out, nil
	}
	near, err := c.days.RosterBetween(ctx, shiftAgencies, c.date.AddDays(-1), c.date.AddDays(1))
	if err != nil {
		return nil, err
	}
	rosters := map[string]domain.Roster{}
	for _, r := range near {
		if rosters[r.Employee] == nil {
			rosters[r.Employee] = domain.Roster{}
		}
		rosters[r.Employee][r.Date] = r.Shift
	}
	var far []string
	for _, nip := range shiftAgencies {
		if rosters[nip] == nil {
			far = append(far, nip)
		}
	}
	wide := map[string]bool{}
	if len(far) > 0 {
		if wide, err = c.days.Rostered(ctx, far, c.date.AddDays(-rosterWindow), c.date.AddDays(rosterWindow)); err != nil {
			return nil, err
		}
	}
	for i := range out {
		nip := out[i].Employee
		if r, ok := rosters[nip]; ok {
			out[i].ShiftWorker, out[i].Roster = true, r
		} else if wide[nip] {
			out[i].ShiftWorker, out[i].Roster = true, domain.Roster{}
		}
	}
	return out, nil
}

// store writes statuses and updates the employees' tallies, returning the thresholds crossed.
func (c *closing) store(ctx context.Context, tx DayTx, nips []string, statuses []DailyStatus) ([]SanctionReport, error) {
	year := c.date.Year
	before, err := tx.DailyStatusesOn(ctx, c.date, nips)
	if err != nil {
		return nil, err
	}
	if err := tx.PutDailyStatuses(ctx, statuses); err != nil {
		return nil, err
	}
	tallies, err := tx.TalliesOf(ctx, nips, year)
	if err != nil {
		return nil, err
	}
	var (
		put       []EmployeeTally
		crossed   []SanctionReport
		recompute []string
		agencies  = make(map[string]string, len(statuses))
	)
	perDay := c.a.policy.LatenessMinutesPerDay
	report := func(s DailyStatus, t domain.AbsenceTally, cs []domain.Sanction) {
		for _, x := range cs {
			crossed = append(crossed, sanctionReport(s.Employee, s.Agency, t, perDay, x))
		}
	}
	for _, s := range statuses {
		agencies[s.Employee] = s.Agency
		cur, hasCur := tallies[s.Employee][year]
		if hasCur && !c.date.After(cur.Last) {
			if old, closed := before[s.Employee]; !closed || old.Status != s.Status ||
				old.LateMinutes != s.LateMinutes || old.EarlyMinutes != s.EarlyMinutes {
				recompute = append(recompute, s.Employee)
			}
			continue
		}
		start := cur
		if !hasCur {
			start = tallies[s.Employee][year-1] // the run carries over from the year before
		}
		next, cs := start.Add(domain.DayRecord{Date: s.Date, Status: s.Status, LateMinutes: s.LateMinutes, EarlyMinutes: s.EarlyMinutes}, perDay)
		put = append(put, EmployeeTally{Employee: s.Employee, AbsenceTally: next})
		report(s, next, cs)
	}
	if len(recompute) > 0 {
		records, err := tx.YearStatuses(ctx, recompute, year)
		if err != nil {
			return nil, err
		}
		for _, nip := range recompute {
			t := tallies[nip][year-1]
			for _, r := range records[nip] {
				t, _ = t.Add(r, perDay)
			}
			old := tallies[nip][year]
			put = append(put, EmployeeTally{Employee: nip, AbsenceTally: t})
			report(DailyStatus{Employee: nip, Agency: agencies[nip]}, t, domain.Crossed(old.Total(perDay), t.Total(perDay), old.LongestRun, t.LongestRun))
		}
	}
	if err := tx.PutTallies(ctx, put); err != nil {
		return nil, err
	}
	return crossed, nil
}

// ListDailyStatuses returns employee nip's closed days from from to to (both included, at most
// MaxDailyStatusRangeDays apart), by date. The caller must be allowed to see the employee.
func (a *App) ListDailyStatuses(ctx context.Context, nip string, from, to domain.Date) ([]DailyStatus, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return nil, err
	}
	switch {
	case from.IsZero():
		return nil, errs.Invalidf("start_date", "is required")
	case to.IsZero():
		return nil, errs.Invalidf("end_date", "is required")
	case to.Before(from):
		return nil, errs.Invalidf("end_date", "must not be before start_date %s, got %s", from, to)
	case from.DaysUntil(to) > MaxDailyStatusRangeDays:
		return nil, errs.Invalidf("end_date", "must be at most %d days after start_date %s, got %s (%d days)",
			MaxDailyStatusRangeDays, from, to, from.DaysUntil(to))
	}
	if _, err := a.employeeFor(ctx, g, nip); err != nil {
		return nil, err
	}
	days := a.repo
	return days.ListDailyStatuses(ctx, nip, from, to)
}

// sortSanctions orders reports most severe first, then by total days, absent days, longest run
// and employee.
func sortSanctions(list []SanctionReport) {
	slices.SortFunc(list, func(x, y SanctionReport) int {
		switch {
		case x.Level != y.Level:
			return int(y.Level) - int(x.Level)
		case x.TotalDays != y.TotalDays:
			return y.TotalDays - x.TotalDays
		case x.Days != y.Days:
			return y.Days - x.Days
		case x.LongestRun != y.LongestRun:
			return y.LongestRun - x.LongestRun
		}
		return cmp.Compare(x.Employee, y.Employee)
	})
}
