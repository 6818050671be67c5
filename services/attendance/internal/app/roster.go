package app

// Shifts and rosters, and the expected day that check-ins, leave and reports all rest on.

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/resource"
	"github.com/simpeg-id/simpeg/services/attendance/internal/domain"
	"github.com/simpeg-id/simpeg/services/planning/directory"
)

// MaxRosterSpan is the most days ListRoster covers (end date minus start date).
const MaxRosterSpan = 366

// rosterWindow is how many days around a date an employee of an agency with shifts must have
// roster entries to count as a shift worker on that date. Rosters are planned a month or so
// ahead; an employee with none in two months either way works the weekly schedule (one who moved
// from shifts to office work stops being a shift worker once the old roster is that far back).
const rosterWindow = 62

// ShiftName is the resource name of an agency's shift.
func ShiftName(agency, code string) string { return "agencies/" + agency + "/shifts/" + code }

// RosterName is the resource name of an employee's roster.
func RosterName(employee string) string { return "employees/" + employee + "/roster" }

// CreateShift adds a shift pattern to an agency. Agency HR may add to their own agency only.
func (a *App) CreateShift(ctx context.Context, s ShiftRecord) (ShiftRecord, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return s, err
	}
	if err := resource.RequireReach(g, s.Agency); err != nil {
		return s, err
	}
	if strings.TrimSpace(s.Agency) == "" {
		return s, errs.Invalidf("parent", "is required")
	}
	// The domain checks shifts as part of a calendar; name the fields as the request does.
	cal := domain.Calendar{Agencies: map[string]domain.AgencyHours{s.Agency: {Shifts: map[string]domain.Shift{s.Code: s.Shift}}}}
	if err := cal.Validate(); err != nil {
		prefix := fmt.Sprintf("agencies[%s].shifts[%s].", s.Agency, s.Code)
		rename := fieldMap(map[string]string{"duration": "work_minutes", "break": "break_minutes"})
		return s, renamed("shift", err, func(f string) string { return rename(strings.TrimPrefix(f, prefix)) })
	}
	err = a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		if err := tx.InsertShift(ctx, s); err != nil {
			return err
		}
		return tx.Audit(ctx, AuditEntry{Resource: ShiftName(s.Agency, s.Code), Detail: fmt.Sprintf("created: %s-%s (%d min work, %d min break)",
			domain.FormatClock(s.Start), domain.FormatClock(s.Start+s.Span()), s.Duration, s.Break)})
	})
	if err != nil {
		return s, err
	}
	a.calendar.invalidate()
	return s, nil
}

// ListShifts returns an agency's shifts by code.
func (a *App) ListShifts(ctx context.Context, agency string) ([]ShiftRecord, error) {
	return a.repo.ListShifts(ctx, agency)
}

// SetRoster stores roster entries, replacing those of the same employee and date. Every entry
// is checked first: the employee must be in the directory and active, in an agency the caller
// reaches, and the shift must be one of that agency's or domain.RosterOff. It returns how many
// entries were stored.
func (a *App) SetRoster(ctx context.Context, entries []RosterEntry) (int, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return 0, err
	}
	if len(entries) == 0 {
		return 0, errs.Invalidf("entries", "at least one entry is required")
	}
	employees := map[string]directory.Employee{}
	var v errs.Violations
	seen := map[RosterEntry]int{}
	for i, e := range entries {
		p := fmt.Sprintf("entries[%d]", i)
		if j, dup := seen[RosterEntry{Employee: e.Employee, Date: e.Date}]; dup {
			v.Add(p+".date", "entries[%d] already sets employee %s on %s", j, e.Employee, e.Date)
			continue
		}
		seen[RosterEntry{Employee: e.Employee, Date: e.Date}] = i
		if e.Date.IsZero() {
			v.Add(p+".date", "is required")
		}
		if _, ok := employees[e.Employee]; ok {
			continue
		}
		emp, err := a.dir.Employee(ctx, e.Employee)
		if errors.Is(err, directory.ErrNotFound) {
			v.Add(p+".employee", "employee %s is not in the directory", e.Employee)
			continue
		}
		if err != nil {
			return 0, err
		}
		if err := resource.RequireReach(g, emp.Agency); err != nil {
			return 0, err
		}
		if !emp.Active() {
			v.Add(p+".employee", "employee %s is %s, not active", e.Employee, emp.Status)
			continue
		}
		employees[e.Employee] = emp
	}
	if err := v.Err(); err != nil {
		return 0, err
	}
	err = a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		var v errs.Violations
		shifts := map[string]map[string]bool{}
		for i, e := range entries {
			agency := employees[e.Employee].Agency
			if shifts[agency] == nil {
				list, err := tx.ListShifts(ctx, agency)
				if err != nil {
					return err
				}
				shifts[agency] = map[string]bool{}
				for _, s := range list {
					shifts[agency][s.Code] = true
				}
			}
			if e.Shift != domain.RosterOff && !shifts[agency][e.Shift] {
				v.Add(fmt.Sprintf("entries[%d].shift", i), "must be %q or a shift of agency %s, got %q", domain.RosterOff, agency, e.Shift)
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		if err := tx.PutRoster(ctx, entries); err != nil {
			return err
		}
		byEmployee := map[string][]string{}
		var order []string
		for _, e := range entries {
			if byEmployee[e.Employee] == nil {
				order = append(order, e.Employee)
			}
			byEmployee[e.Employee] = append(byEmployee[e.Employee], e.Date.String()+" "+e.Shift)
		}
		audits := make([]AuditEntry, len(order))
		for i, nip := range order {
			audits[i] = AuditEntry{Resource: RosterName(nip), Detail: "set: " + strings.Join(byEmployee[nip], ", ")}
		}
		return tx.Audit(ctx, audits...)
	})
	if err != nil {
		return 0, err
	}
	return len(entries), nil
}

// ListRoster returns an employee's roster from from to to, by date, if the caller may see the
// employee.
func (a *App) ListRoster(ctx context.Context, nip string, from, to domain.Date) ([]RosterEntry, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return nil, err
	}
	if to.Before(from) {
		return nil, errs.Invalidf("end_date", "must not be before start_date (%s), got %s", from, to)
	}
	if from.DaysUntil(to) > MaxRosterSpan {
		return nil, errs.Invalidf("end_date", "must be at most %d days after start_date (%s), got %s", MaxRosterSpan, from, to)
	}
	if _, err := a.employeeFor(ctx, g, nip); err != nil {
		return nil, err
	}
	return a.repo.ListRoster(ctx, nip, from, to)
}

// GetExpectedDay says whether d is a working day for employee nip and when work starts and
// ends, if the caller may see the employee. It returns the employee's calendar facts too (the
// time zone the times are in).
func (a *App) GetExpectedDay(ctx context.Context, nip string, d domain.Date) (domain.Expectation, domain.EmployeeCalendar, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return domain.Expectation{}, domain.EmployeeCalendar{}, err
	}
	emp, err := a.employeeFor(ctx, g, nip)
	if err != nil {
		return domain.Expectation{}, domain.EmployeeCalendar{}, err
	}
	return a.Expectation(ctx, emp, d)
}

// Expectation builds emp's calendar around date d and returns what the calendar expects of them
// on d, with no authorization check (the caller has done it). The EmployeeCalendar has:
//   - Agency: the employee's agency, whose hours apply;
//   - Office and TimeZone: the agency's first office by id and its zone; no office and WIB when
//     the agency has none;
//   - ShiftWorker: the agency has shifts and the employee has roster entries within two months
//     of d;
//   - Roster: the entries of d-1, d and d+1, so that Calendar.ExpectedAt can weigh a night
//     shift begun the day before.
//
// The calendar used is the cached one; callers that need it (for ExpectedAt) read it with
// a.calendar.get.
func (a *App) Expectation(ctx context.Context, emp directory.Employee, d domain.Date) (domain.Expectation, domain.EmployeeCalendar, error) {
	cal, err := a.calendar.get(ctx)
	if err != nil {
		return domain.Expectation{}, domain.EmployeeCalendar{}, err
	}
	ec, err := a.employeeCalendar(ctx, cal, emp, d)
	if err != nil {
		return domain.Expectation{}, domain.EmployeeCalendar{}, err
	}
	return cal.Expected(ec, d), ec, nil
}

func (a *App) employeeCalendar(ctx context.Context, cal domain.Calendar, emp directory.Employee, d domain.Date) (domain.EmployeeCalendar, error) {
	ec := domain.EmployeeCalendar{Employee: emp.NIP, Agency: emp.Agency, TimeZone: domain.WIB}
	offices, err := a.repo.ListOffices(ctx, emp.Agency, "", 1)
	if err != nil {
		return ec, err
	}
	if len(offices) > 0 {
		ec.Office, ec.TimeZone = offices[0].ID, domain.TimeZone(offices[0].TimeZone.String())
	}
	if len(cal.Agencies[emp.Agency].Shifts) == 0 {
		return ec, nil
	}
	near, err := a.repo.ListRoster(ctx, emp.NIP, d.AddDays(-1), d.AddDays(1))
	if err != nil {
		return ec, err
	}
	if len(near) == 0 {
		wide, err := a.repo.ListRoster(ctx, emp.NIP, d.AddDays(-rosterWindow), d.AddDays(rosterWindow))
		if err != nil {
			return ec, err
		}
		if len(wide) == 0 {
			return ec, nil
		}
	}
	ec.ShiftWorker = true
	ec.Roster = make(domain.Roster, len(near))
	for _, e := range near {
		ec.Roster[e.Date] = e.Shift
	}
	return ec, nil
}
