package app

import (
	"cmp"
	"context"
	"maps"
	"slices"
	"time"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/resource"
	"github.com/simpeg-id/simpeg/services/attendance/internal/domain"
	"github.com/simpeg-id/simpeg/services/planning/directory"
)

// The attendance summary of the dashboards: per agency and day, and per agency over a period,
// how many employees were expected at work, present, late, on leave and absent. Closed days
// come from the daily statuses in one grouped query (store/summary.go); today, while it is not closed, is computed live as a team's
// day is (closing.facts) and marked provisional.

// MaxSummaryDays is how many days, both ends included, an attendance summary covers at most.
const MaxSummaryDays = 92

// SummaryCounts are the counts of a day, or of a period summed over its days (employee-days).
type SummaryCounts struct {
	// Expected are those for whom it was a working day (on leave included); Present those who
	// checked in or out (late and early departures included).
	Expected, Present int
	// Late and EarlyDepartures are present days with a late check-in or an early check-out.
	Late, EarlyDepartures int
	OnLeave, Absent       int
	// NotYetIn is, on a provisional day, those expected who have not checked in while their
	// working day runs.
	NotYetIn int
	// LateMinutes and EarlyMinutes are the minutes late and early of the present days.
	LateMinutes, EarlyMinutes int
}

// Rate is the attendance rate, present ÷ expected; 0 when nobody was expected.
func (c SummaryCounts) Rate() float64 {
	if c.Expected == 0 {
		return 0
	}
	return float64(c.Present) / float64(c.Expected)
}

func (c *SummaryCounts) add(o SummaryCounts) {
	c.Expected += o.Expected
	c.Present += o.Present
	c.Late += o.Late
	c.EarlyDepartures += o.EarlyDepartures
	c.OnLeave += o.OnLeave
	c.Absent += o.Absent
	c.NotYetIn += o.NotYetIn
	c.LateMinutes += o.LateMinutes
	c.EarlyMinutes += o.EarlyMinutes
}

// count adds one employee's day, r, in state s.
func (c *SummaryCounts) count(s domain.DayState, r domain.DayRecord) {
	switch s {
	case domain.StateHoliday, domain.StateNotScheduled:
		return
	case domain.StateOnLeave:
		c.OnLeave++
	case domain.StateNotYetIn:
		c.NotYetIn++
	case domain.StateAbsent:
		c.Absent++
	default:
		c.Present++
		if r.Late {
			c.Late++
			c.LateMinutes += r.LateMinutes
		}
		if r.EarlyDeparture {
			c.EarlyDepartures++
			c.EarlyMinutes += r.EarlyMinutes
		}
	}
	c.Expected++
}

// SummaryDay is one agency's day.
type SummaryDay struct {
	Agency string
	Date   domain.Date
	SummaryCounts
	// Provisional: computed live from today's records, the day not being closed yet.
	Provisional bool
}

// SummaryPeriod is one agency's period (or, with Agency empty, the whole selection's): the sums
// of its days, and the leave days by type.
type SummaryPeriod struct {
	Agency string
	// Name is the agency's name from the directory copy ("" when unknown, and for the totals).
	Name string
	SummaryCounts
	LeaveByType map[string]int
}

// AttendanceSummary is GetAttendanceSummary's answer.
type AttendanceSummary struct {
	// Days are the days with someone expected at work, by agency and date.
	Days []SummaryDay
	// Agencies are the agencies of Days, by code; Totals sums them.
	Agencies []SummaryPeriod
	Totals   SummaryPeriod
	// Unclosed are the dates before today (WIB) in the period on which no day of the selection
	// was closed: they are not counted.
	Unclosed []domain.Date
}

// SummaryQuery selects the closed days of a summary.
type SummaryQuery struct {
	// Agency is the agency the days were closed for; "" for every agency.
	Agency   string
	From, To domain.Date
}

// SummaryReader reads the closed days of a summary; part of Reader.
type SummaryReader interface {
	// SummaryDays sums q's closed days per agency and date, and counts the days on leave per
	// agency and leave type.
	SummaryDays(ctx context.Context, q SummaryQuery) ([]SummaryDay, map[string]map[string]int, error)
	// AgencyNames returns the directory copy's agency names by code.
	AgencyNames(ctx context.Context) (map[string]string, error)
}

// GetAttendanceSummary sums attendance from from to to (at most MaxSummaryDays days) per agency
// and day and per agency over the period: employees expected, present, late (days and
// minutes), early departures, on leave (and the leave days by type), absent, and the attendance
// rate, present ÷ expected. agency narrows it to one agency. Agency HR see their own agency
// (the default); city HR and auditors any, or all (one row set per agency).
func (a *App) GetAttendanceSummary(ctx context.Context, agency string, from, to domain.Date) (AttendanceSummary, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return AttendanceSummary{}, err
	}
	switch {
	case from.IsZero():
		return AttendanceSummary{}, errs.Invalidf("start_date", "is required")
	case to.IsZero():
		return AttendanceSummary{}, errs.Invalidf("end_date", "is required")
	case to.Before(from):
		return AttendanceSummary{}, errs.Invalidf("end_date", "must not be before start_date %s, got %s", from, to)
	case from.DaysUntil(to) >= MaxSummaryDays:
		return AttendanceSummary{}, errs.Invalidf("end_date", "must be at most %d days after start_date %s (a summary covers at most %d days), got %s",
			MaxSummaryDays-1, from, MaxSummaryDays, to)
	}
	switch g.Scope {
	case auth.ScopeAll:
	case auth.ScopeAgency:
		if agency == "" {
			agency = g.Agency
		}
		if err := resource.RequireReach(g, agency); err != nil {
			return AttendanceSummary{}, errs.Deniedf("%s (agency %q) may not see the attendance of agency %q", g.Subject, g.Agency, agency)
		}
	default:
		return AttendanceSummary{}, errs.Deniedf("%s (%s scope) may not see attendance summaries", g.Subject, g.Scope)
	}
	q := SummaryQuery{Agency: agency, From: from, To: to}
	days, leave, err := a.repo.SummaryDays(ctx, q)
	if err != nil {
		return AttendanceSummary{}, err
	}
	type agencyDate struct {
		agency string
		date   domain.Date
	}
	closed := make(map[agencyDate]bool, len(days))
	closedDates := map[domain.Date]bool{}
	for _, d := range days {
		closed[agencyDate{d.Agency, d.Date}] = true
		closedDates[d.Date] = true
	}
	live, err := a.liveSummary(ctx, q, func(agency string, d domain.Date) bool { return closed[agencyDate{agency, d}] })
	if err != nil {
		return AttendanceSummary{}, err
	}
	for _, l := range live {
		days = append(days, l.SummaryDay)
		if len(l.leave) > 0 && leave[l.Agency] == nil {
			leave[l.Agency] = map[string]int{}
		}
		for t, n := range l.leave {
			leave[l.Agency][t] += n
		}
	}
	names, err := a.repo.AgencyNames(ctx)
	if err != nil {
		return AttendanceSummary{}, err
	}
	return summarize(days, leave, names, closedDates, from, to, domain.DateOf(a.now().In(domain.WIB.Location()))), nil
}

// summarize builds the answer from the days (closed and live) and the leave days by agency and
// type.
func summarize(days []SummaryDay, leave map[string]map[string]int, names map[string]string, closedDates map[domain.Date]bool,
	from, to, today domain.Date) AttendanceSummary {
	var out AttendanceSummary
	periods := map[string]*SummaryPeriod{}
	for _, d := range days {
		if d.Expected == 0 {
			continue // a weekend or holiday closed for everyone
		}
		out.Days = append(out.Days, d)
		p := periods[d.Agency]
		if p == nil {
			p = &SummaryPeriod{Agency: d.Agency, Name: names[d.Agency]}
			periods[d.Agency] = p
		}
		p.add(d.SummaryCounts)
	}
	slices.SortFunc(out.Days, func(x, y SummaryDay) int {
		return cmp.Or(cmp.Compare(x.Agency, y.Agency), x.Date.Compare(y.Date))
	})
	for _, code := range slices.Sorted(maps.Keys(periods)) {
		p := *periods[code]
		if n := len(leave[code]); n > 0 {
			p.LeaveByType = make(map[string]int, n)
			for t, k := range leave[code] {
				p.LeaveByType[t] += k
				if out.Totals.LeaveByType == nil {
					out.Totals.LeaveByType = map[string]int{}
				}
				out.Totals.LeaveByType[t] += k
			}
		}
		out.Agencies = append(out.Agencies, p)
		out.Totals.add(p.SummaryCounts)
	}
	for d := from; !d.After(to) && d.Before(today); d = d.AddDays(1) {
		if !closedDates[d] {
			out.Unclosed = append(out.Unclosed, d)
		}
	}
	return out
}

// liveDay is a provisional day of an agency with its leave days by type.
type liveDay struct {
	SummaryDay
	leave map[string]int
}

// liveSummary computes today's days of q's agencies that are not closed: "today" in each
// agency's time zone (its first office's; WIB without one), when it falls in q's period.
func (a *App) liveSummary(ctx context.Context, q SummaryQuery, isClosed func(agency string, d domain.Date) bool) ([]liveDay, error) {
	now := a.now()
	var out []liveDay
	seen := map[domain.Date]bool{}
	zones := map[string]domain.TimeZone{}
	for _, z := range []domain.TimeZone{domain.WIB, domain.WITA, domain.WIT} {
		d := domain.DateOf(now.In(z.Location()))
		if seen[d] || d.Before(q.From) || d.After(q.To) {
			continue
		}
		seen[d] = true
		emps, err := a.repo.ActiveEmployees(ctx, q.Agency, d)
		if err != nil {
			return nil, err
		}
		keep := emps[:0]
		for _, e := range emps {
			zone, known := zones[e.Agency]
			if !known {
				if zone, err = a.agencyZone(ctx, e.Agency); err != nil {
					return nil, err
				}
				zones[e.Agency] = zone
			}
			if domain.DateOf(now.In(zone.Location())) == d && !isClosed(e.Agency, d) {
				keep = append(keep, e)
			}
		}
		days, err := a.liveDays(ctx, d, keep, now)
		if err != nil {
			return nil, err
		}
		out = append(out, days...)
	}
	return out, nil
}

// liveDays counts the day d of emps as of now, per agency.
func (a *App) liveDays(ctx context.Context, d domain.Date, emps []directory.Employee, now time.Time) ([]liveDay, error) {
	if len(emps) == 0 {
		return nil, nil
	}
	cal, err := a.calendar.get(ctx)
	if err != nil {
		return nil, err
	}
	c := &closing{a: a, days: a.repo, cal: cal, date: d, offices: map[string]*Office{}}
	byAgency := map[string]*liveDay{}
	var order []string
	for start := 0; start < len(emps); start += CloseDayBatch {
		facts, err := c.facts(ctx, emps[start:min(start+CloseDayBatch, len(emps))])
		if err != nil {
			return nil, err
		}
		for _, f := range facts {
			l := byAgency[f.emp.Agency]
			if l == nil {
				l = &liveDay{SummaryDay: SummaryDay{Agency: f.emp.Agency, Date: d, Provisional: true}, leave: map[string]int{}}
				byAgency[f.emp.Agency] = l
				order = append(order, f.emp.Agency)
			}
			s := f.rec.State(f.exp.Working && now.Before(f.exp.End))
			l.count(s, f.rec)
			if s == domain.StateOnLeave {
				l.leave[f.rec.LeaveType]++
			}
		}
	}
	out := make([]liveDay, len(order))
	for i, ag := range order {
		out[i] = *byAgency[ag]
	}
	return out, nil
}
