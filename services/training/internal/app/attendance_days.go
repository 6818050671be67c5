package app

// Attendance per session day (issue 10 §2): HR records, for each day a session is held, who of
// its seat holders was present.

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/resource"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

// SessionDay is one recorded day of a session: the seat holders present and absent
// (enrolment ids, in arrival order), and who recorded it when.
type SessionDay struct {
	Date       string
	Present    []string
	Absent     []string
	RecordedBy string
	Recorded   time.Time
}

// AttendanceTally is one seat holder's attendance over the days recorded so far.
type AttendanceTally struct {
	Enrolment    string
	Employee     string
	EmployeeName string
	Present      int
	Recorded     int
}

// SessionAttendance is a session's recorded days, in date order, and each seat holder's tally,
// in arrival order.
type SessionAttendance struct {
	Session domain.Session
	Days    []SessionDay
	Tallies []AttendanceTally
}

// sessionZone returns the location of a session's time zone.
func sessionZone(s domain.Session) (*time.Location, error) {
	loc, err := time.LoadLocation(s.TimeZone)
	if err != nil {
		return nil, fmt.Errorf("session %s has an unknown time zone %q: %w", s.ID, s.TimeZone, err)
	}
	return loc, nil
}

// sessionForChange reads session id for a change by HR: the caller must reach the agency that
// runs it (city HR any session, agency HR their agency's; the city's own sessions are city
// HR's). A caller without reach gets the same refusal whether the session exists or not.
func (a *App) sessionForChange(ctx context.Context, g auth.Grant, r CatalogueReader, id string) (domain.Session, error) {
	s, err := r.GetSession(ctx, id)
	if errs.IsKind(err, errs.NotFound) {
		return s, resource.ChangeMissing(g, SessionName(id), err)
	}
	if err != nil {
		return s, err
	}
	if err := resource.CheckWrite(g, s.Agency, SessionName(id), "", s.Version); err != nil {
		return s, err
	}
	return s, nil
}

// RecordSessionAttendance records day date of session id: the seat holders named in present
// (enrolment ids) were there, every other seat holder was absent. Recording a day again
// replaces it. The day must be one of the session's dates in its zone and not in the future,
// and the session not cancelled. HR of the session's agency or city HR.
func (a *App) RecordSessionAttendance(ctx context.Context, id, date string, present []string) (SessionDay, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return SessionDay{}, err
	}
	if date == "" {
		return SessionDay{}, errs.Invalidf("date", "is required: the day, YYYY-MM-DD in the session's time zone")
	}
	s, err := a.sessionForChange(ctx, g, a.repo, id)
	if err != nil {
		return SessionDay{}, err
	}
	if s.State == domain.Cancelled {
		return SessionDay{}, errs.Preconditionf("session %s was cancelled: it has no attendance to record", id)
	}
	loc, err := sessionZone(s)
	if err != nil {
		return SessionDay{}, err
	}
	now := a.now()
	if err := domain.CheckSessionDay(s, loc, date, now); err != nil {
		return SessionDay{}, err
	}
	var out SessionDay
	err = a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		seats, err := tx.SessionEnrolments(ctx, id, domain.Enrolled, domain.Passed, domain.Failed, domain.DidNotFinish)
		if err != nil {
			return err
		}
		holders := make([]domain.SeatHolder, len(seats))
		for i, e := range seats {
			holders[i] = domain.SeatHolder{Enrolment: e.ID, Employee: e.Employee}
		}
		marks, err := domain.RollCall(holders, present)
		if err != nil {
			return err
		}
		before, err := tx.SessionDayRecords(ctx, id)
		if err != nil {
			return err
		}
		if err := tx.ReplaceSessionDay(ctx, id, date, marks, g.Subject, now); err != nil {
			return err
		}
		out = SessionDay{Date: date, RecordedBy: g.Subject, Recorded: now}
		for _, m := range marks {
			if m.Present {
				out.Present = append(out.Present, m.Enrolment)
			} else {
				out.Absent = append(out.Absent, m.Enrolment)
			}
		}
		detail := fmt.Sprintf("attendance of %s recorded: %d of %d present", date, len(out.Present), len(marks))
		if n := presentOn(before, date); n >= 0 {
			detail += fmt.Sprintf(" (replacing a record of %d present)", n)
		}
		if len(out.Absent) > 0 {
			detail += "; absent: " + strings.Join(out.Absent, ", ")
		}
		return tx.Audit(ctx, AuditEntry{Resource: SessionName(id), Detail: detail})
	})
	if err != nil {
		return SessionDay{}, err
	}
	return out, nil
}

// presentOn returns how many were recorded present on date, or -1 when the day was not
// recorded.
func presentOn(records []DayRecord, date string) int {
	n, seen := 0, false
	for _, r := range records {
		if r.Date != date {
			continue
		}
		seen = true
		if r.Present {
			n++
		}
	}
	if !seen {
		return -1
	}
	return n
}

// ListSessionAttendance returns session id's recorded days and each seat holder's tally. HR of
// the session's agency, city HR and auditors see everyone; anyone else sees the seat holders
// they may see (an employee their own line, a supervisor their team's, agency HR their
// agency's employees in a session another agency or the city runs) and is refused when that
// is nobody.
func (a *App) ListSessionAttendance(ctx context.Context, id string) (SessionAttendance, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return SessionAttendance{}, err
	}
	s, err := a.repo.GetSession(ctx, id)
	if errs.IsKind(err, errs.NotFound) && g.Scope != auth.ScopeAll {
		return SessionAttendance{}, cannotSeeAttendance(g, id)
	}
	if err != nil {
		return SessionAttendance{}, err
	}
	seats, err := a.repo.SeatHolders(ctx, id)
	if err != nil {
		return SessionAttendance{}, err
	}
	all := g.Reaches(s.Agency)
	visible := make(map[string]bool, len(seats))
	for _, e := range seats {
		if !all {
			err := resource.RequireSees(ctx, g, e.Employee, e.Agency, a.dir.IsUnder)
			if err != nil && !errs.IsKind(err, errs.PermissionDenied) {
				return SessionAttendance{}, err
			}
			if err != nil {
				continue
			}
		}
		visible[e.ID] = true
	}
	if !all && len(visible) == 0 {
		return SessionAttendance{}, cannotSeeAttendance(g, id)
	}
	records, err := a.repo.SessionDayRecords(ctx, id)
	if err != nil {
		return SessionAttendance{}, err
	}
	out := SessionAttendance{Session: s}
	tally := make(map[string]*AttendanceTally, len(seats))
	for _, e := range seats {
		if !visible[e.ID] {
			continue
		}
		out.Tallies = append(out.Tallies, AttendanceTally{Enrolment: e.ID, Employee: e.Employee, EmployeeName: e.EmployeeName})
	}
	for i := range out.Tallies {
		tally[out.Tallies[i].Enrolment] = &out.Tallies[i]
	}
	for _, r := range records {
		t, ok := tally[r.Enrolment]
		if !ok {
			continue
		}
		if len(out.Days) == 0 || out.Days[len(out.Days)-1].Date != r.Date {
			out.Days = append(out.Days, SessionDay{Date: r.Date, RecordedBy: r.RecordedBy, Recorded: r.Recorded})
		}
		d := &out.Days[len(out.Days)-1]
		t.Recorded++
		if r.Present {
			t.Present++
			d.Present = append(d.Present, r.Enrolment)
		} else {
			d.Absent = append(d.Absent, r.Enrolment)
		}
	}
	return out, nil
}

// cannotSeeAttendance is the refusal of a session's attendance; it reads the same whether the
// session exists or not.
func cannotSeeAttendance(g auth.Grant, id string) error {
	return errs.Deniedf("%s (%s scope) may not see the attendance of %s", g.Subject, g.Scope, SessionName(id))
}
