package app

import (
	"context"
	"sort"
	"time"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/paging"
	"github.com/simpeg-id/simpeg/platform/resource"
	"github.com/simpeg-id/simpeg/services/attendance/internal/domain"
	"github.com/simpeg-id/simpeg/services/planning/directory"
)

// A team's day: the supervisor's "team today" and agency HR's today, computed live from the
// day's check-ins, approved leave, the calendar and the roster exactly as closing the day
// computes it (closing.facts), with the stored status where the day was closed already.

// Page sizes of ListTeamDay.
const (
	DefaultTeamDayPageSize = 100
	MaxTeamDayPageSize     = 1000
)

// TeamMember is an employee of a team as the directory copy knows them on a date, with the
// name of their unit.
type TeamMember struct {
	directory.Employee
	UnitName string
}

// TeamMemberQuery selects the employees of a team's day; the set filters are combined with AND.
type TeamMemberQuery struct {
	// Date: the employees serving that day, with the agency and unit in force.
	Date domain.Date
	// Agency keeps the employees of that agency.
	Agency string
	// Supervisor keeps their direct reports, or with Indirect everyone below them.
	Supervisor string
	Indirect   bool
}

// TeamReader reads what a team's day needs; part of Reader.
type TeamReader interface {
	// TeamMembers returns q's employees by NIP.
	TeamMembers(ctx context.Context, q TeamMemberQuery) ([]TeamMember, error)
	// ClosedDaysOn returns the closed day of each of employees on date that has one.
	ClosedDaysOn(ctx context.Context, date domain.Date, employees []string) (map[string]DailyStatus, error)
}

// TeamDayOptions are ListTeamDay's selection and page.
type TeamDayOptions struct {
	// Date is the day; zero means today in the time zone of the selection's agency (the
	// agency's first office; WIB when it has none).
	Date domain.Date
	// Agency is an agency code: required for city-wide callers unless Supervisor is given,
	// agency HR's own by default (and at most).
	Agency string
	// Supervisor is a NIP whose direct reports (with Indirect, everyone below them) are the
	// team; a supervisor's own by default.
	Supervisor string
	Indirect   bool
	// State keeps the entries in that state; the counts are of the whole selection.
	State     domain.DayState
	PageSize  int
	PageToken string
}

// TeamDayEntry is one employee's day.
type TeamDayEntry struct {
	Member TeamMember
	State  domain.DayState
	// Closed: the day was closed, and State, Record's status, flags and minutes are the stored
	// ones; the check-in and check-out are the day's records either way.
	Closed   bool
	TimeZone domain.TimeZone
	Expected domain.Expectation
	Record   domain.DayRecord
	// CheckIn and CheckOut are the first check-in and last check-out of the day, nil if none.
	CheckIn, CheckOut *Record
}

// TeamDay is a page of a team's day with the counts of the whole selection.
type TeamDay struct {
	Date    domain.Date
	Entries []TeamDayEntry
	// Counts are the entries of the whole selection (not only the page) per state; Total is
	// their sum.
	Counts map[domain.DayState]int
	Total  int
	Next   string
}

// ListTeamDay returns how the day of a team stands: every employee of the selection with their
// state (present, late, early departure, on leave with its type, holiday, not yet in before the
// end of their working day, absent after it, not scheduled), their check-in and check-out with
// the offices, minutes late and early, and whether they checked in outside the geofence; and the
// counts per state of the whole selection. Reach: a supervisor sees their direct reports (or,
// naming one of them as supervisor, theirs; with indirect everyone below); agency HR their
// agency; city HR and auditors any agency, which they must name (or a supervisor). Entries are
// in NIP order.
func (a *App) ListTeamDay(ctx context.Context, o TeamDayOptions) (TeamDay, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return TeamDay{}, err
	}
	after, err := paging.Key(o.PageToken)
	if err != nil {
		return TeamDay{}, err
	}
	q, zoneAgency, err := a.teamScope(ctx, g, o)
	if err != nil {
		return TeamDay{}, err
	}
	now := a.now()
	if q.Date = o.Date; q.Date.IsZero() {
		zone, err := a.agencyZone(ctx, zoneAgency)
		if err != nil {
			return TeamDay{}, err
		}
		q.Date = domain.DateOf(now.In(zone.Location()))
	}
	members, err := a.repo.TeamMembers(ctx, q)
	if err != nil {
		return TeamDay{}, err
	}
	entries, err := a.teamDay(ctx, q.Date, members, now)
	if err != nil {
		return TeamDay{}, err
	}
	out := TeamDay{Date: q.Date, Counts: map[domain.DayState]int{}, Total: len(entries)}
	size := resource.PageSize(o.PageSize, DefaultTeamDayPageSize, MaxTeamDayPageSize)
	for _, e := range entries {
		out.Counts[e.State]++
		if (o.State != "" && e.State != o.State) || e.Member.NIP <= after {
			continue
		}
		if len(out.Entries) == size {
			out.Next = paging.Token(out.Entries[size-1].Member.NIP)
			continue
		}
		out.Entries = append(out.Entries, e)
	}
	return out, nil
}

// teamScope narrows o to what g may see, and returns the agency whose time zone fixes the
// default date: the one selected, or the supervisor's.
func (a *App) teamScope(ctx context.Context, g auth.Grant, o TeamDayOptions) (TeamMemberQuery, string, error) {
	q := TeamMemberQuery{Agency: o.Agency, Supervisor: o.Supervisor, Indirect: o.Indirect}
	switch g.Scope {
	case auth.ScopeAll:
		if q.Agency == "" && q.Supervisor == "" {
			return q, "", errs.Invalidf("agency", "is required: name the agency (or a supervisor) whose day to show")
		}
	case auth.ScopeAgency:
		if q.Agency == "" {
			q.Agency = g.Agency
		}
		if err := resource.RequireReach(g, q.Agency); err != nil {
			return q, "", errs.Deniedf("%s (agency %q) may not see the day of agency %q", g.Subject, g.Agency, q.Agency)
		}
	case auth.ScopeSubordinates:
		if q.Supervisor == "" {
			q.Supervisor = g.Subject
		}
	default:
		return q, "", errs.Deniedf("%s (%s scope) may not see a team's day", g.Subject, g.Scope)
	}
	zone := q.Agency
	if q.Supervisor != "" {
		sup, err := a.employeeFor(ctx, g, q.Supervisor)
		if err != nil {
			return q, "", err
		}
		if zone == "" {
			zone = sup.Agency
		}
	}
	return q, zone, nil
}

// agencyZone is the time zone of agency: its first office's, WIB when it has none (or agency is
// empty).
func (a *App) agencyZone(ctx context.Context, agency string) (domain.TimeZone, error) {
	if agency == "" {
		return domain.WIB, nil
	}
	list, err := a.repo.ListOffices(ctx, agency, "", 1)
	if err != nil || len(list) == 0 {
		return domain.WIB, err
	}
	return domain.TimeZone(list[0].TimeZone.String()), nil
}

// teamDay computes the day of members on date as of now.
func (a *App) teamDay(ctx context.Context, date domain.Date, members []TeamMember, now time.Time) ([]TeamDayEntry, error) {
	cal, err := a.calendar.get(ctx)
	if err != nil {
		return nil, err
	}
	emps := make([]directory.Employee, len(members))
	nips := make([]string, len(members))
	for i, m := range members {
		emps[i], nips[i] = m.Employee, m.NIP
	}
	c := &closing{a: a, days: a.repo, cal: cal, date: date, offices: map[string]*Office{}}
	facts, err := c.facts(ctx, emps)
	if err != nil {
		return nil, err
	}
	closed, err := a.repo.ClosedDaysOn(ctx, date, nips)
	if err != nil {
		return nil, err
	}
	out := make([]TeamDayEntry, len(facts))
	for i, f := range facts {
		e := TeamDayEntry{Member: members[i], TimeZone: f.ec.TimeZone, Expected: f.exp, Record: f.rec, CheckIn: f.in, CheckOut: f.out}
		if s, ok := closed[f.emp.NIP]; ok {
			e.Closed = true
			e.Record.Status, e.Record.Reason, e.Record.Holiday, e.Record.LeaveType = s.Status, s.Reason, s.Holiday, s.LeaveType
			e.Record.Late, e.Record.LateMinutes, e.Record.EarlyDeparture, e.Record.EarlyMinutes = s.Late, s.LateMinutes, s.EarlyDeparture, s.EarlyMinutes
		}
		running := !e.Closed && f.exp.Working && now.Before(f.exp.End)
		e.State = e.Record.State(running)
		out[i] = e
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Member.NIP < out[j].Member.NIP })
	return out, nil
}
