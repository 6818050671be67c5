package app

// What a leave change reads before its transaction begins: the employee as the leave rules
// see them, the calendar and roster their working days are counted from, and today in their
// time zone.

import (
	"context"
	"time"

	"github.com/simpeg-id/simpeg/services/attendance/internal/domain"
	"github.com/simpeg-id/simpeg/services/planning/directory"
	"github.com/simpeg-id/simpeg/services/planning/nip"
)

// leaveRosterSpanDays bounds the roster a shift worker's leave is counted from (the request's
// days, and for long leave the span it may last): two years.
const leaveRosterSpanDays = 2 * 366

// leavePolicy is the deployment's leave policy, from its attendance policy.
func (a *App) leavePolicy() domain.LeavePolicy {
	return domain.LeavePolicy{
		SecondApprovalForLongLeave:   a.policy.SecondApprovalForLongLeave,
		SecondApprovalTypes:          a.policy.SecondApprovalTypes,
		CollectiveLeaveReducesAnnual: a.policy.CollectiveLeaveReducesAnnual,
	}
}

// leaveEmployee is what the leave rules know of e: the directory's appointment date when it has
// one (otherwise the domain reads the NIP's), the current supervisor and agency, whether they
// are PPPK (the directory's employment type, as planning's enum name: "pppk"), and the sex
// from the directory, or from the NIP when the directory does not say.
func leaveEmployee(e directory.Employee, now time.Time) domain.LeaveEmployee {
	le := domain.LeaveEmployee{NIP: e.NIP, Agency: e.Agency, Supervisor: e.Supervisor, PPPK: e.EmploymentType == "pppk"}
	if d, err := domain.ParseDate(e.AppointmentDate); err == nil {
		le.Appointment = d
	}
	switch e.Sex {
	case "female":
		le.Female = true
	case "male":
	default:
		if n, err := nip.Parse(e.NIP, now); err == nil {
			le.Female = n.Sex == nip.Female
		}
	}
	return le
}

// leaveDays counts an employee's working days the way leave is counted: the calendar's, and
// for a shift worker the rostered shifts of the roster read beforehand.
type leaveDays struct {
	cal domain.Calendar
	ec  domain.EmployeeCalendar
}

func (c leaveDays) count(from, to domain.Date) int { return c.cal.WorkingDaysBetween(c.ec, from, to) }

// leaveContext is what a leave change needs from outside its transaction.
type leaveContext struct {
	emp   directory.Employee
	le    domain.LeaveEmployee
	days  leaveDays
	today domain.Date
	// collective returns the collective leave days of a year that fall on the employee's
	// agency's working weekdays; nil when the policy does not take them from annual leave.
	collective func(year int) int
}

// leaveContextOf reads the calendar and, for a shift worker, the roster of spans, and fixes
// today in the employee's time zone.
func (a *App) leaveContextOf(ctx context.Context, emp directory.Employee, spans ...domain.DateRange) (leaveContext, error) {
	lc := leaveContext{emp: emp, le: leaveEmployee(emp, a.now())}
	cal, err := a.calendar.get(ctx)
	if err != nil {
		return lc, err
	}
	ref := domain.DateOf(a.now().In(domain.WIB.Location()))
	if len(spans) > 0 {
		ref = spans[0].Start
	}
	ec, err := a.employeeCalendar(ctx, cal, emp, ref)
	if err != nil {
		return lc, err
	}
	if ec.ShiftWorker {
		ec.Roster = domain.Roster{}
		for _, s := range spans {
			entries, err := a.repo.ListRoster(ctx, emp.NIP, s.Start, s.End)
			if err != nil {
				return lc, err
			}
			for _, e := range entries {
				ec.Roster[e.Date] = e.Shift
			}
		}
	}
	lc.days = leaveDays{cal: cal, ec: ec}
	lc.today = domain.DateOf(a.now().In(ec.TimeZone.Location()))
	if a.policy.CollectiveLeaveReducesAnnual {
		agency := emp.Agency
		lc.collective = func(year int) int { return collectiveWorkdays(cal, agency, year) }
	}
	return lc, nil
}

// collectiveWorkdays counts the collective leave days of year that the agency's weekly schedule
// would have worked: the days collective leave takes from those who do not work them.
func collectiveWorkdays(cal domain.Calendar, agency string, year int) int {
	var collective, others []domain.Holiday
	for _, h := range cal.Holidays.Year(year) {
		if h.Kind == domain.CollectiveLeave {
			collective = append(collective, h)
		} else {
			others = append(others, h)
		}
	}
	if len(collective) == 0 {
		return 0
	}
	without, err := cal.Holidays.ReplaceYear(year, others)
	if err != nil {
		return 0 // the stored holidays are valid; a set built from them is too
	}
	c := cal
	c.Holidays = without
	ec := domain.EmployeeCalendar{Agency: agency}
	n := 0
	for _, h := range collective {
		if c.Expected(ec, h.Date).Working {
			n++
		}
	}
	return n
}

// leaveSpans returns the periods whose roster counting r may need: its days and, for long leave
// and the working-day types with a length limit, the whole span it may last.
func leaveSpans(r domain.LeaveRequest) []domain.DateRange {
	if r.Start.IsZero() || r.End.IsZero() || r.End.Before(r.Start) {
		return nil
	}
	end := r.End
	if rule, ok := domain.LeaveRuleOf(r.Type); ok && rule.MaxMonths > 0 && (rule.Counting == domain.CountWorkingDays || r.Type == domain.LeaveLong) {
		if last := domain.LeaveSpanEnd(r.Start, rule.MaxMonths); last.After(end) {
			end = last
		}
	}
	if limit := r.Start.AddDays(leaveRosterSpanDays); end.After(limit) {
		end = limit
	}
	return []domain.DateRange{{Start: r.Start, End: end}}
}
