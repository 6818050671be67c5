package app

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/simpeg-id/simpeg/platform/resource"
	"github.com/simpeg-id/simpeg/services/planning/directory"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

// The Latsar flag (issue 10 §2): a CPNS must complete the basic training (Pelatihan Dasar CPNS)
// within the one-year probation that starts on their TMT CPNS (PP 11/2017 art. 34–37 as
// amended by PP 17/2020; Peraturan LAN 1/2021 on Pelatihan Dasar CPNS); one who has not is
// flagged (domain.Latsar). A Latsar is a passed enrolment in a programme marked latsar; it is
// completed on the date its session ends, in the session's zone.

// LatsarStatus is where one CPNS stands with Latsar.
type LatsarStatus struct {
	Employee        string
	Name            string
	Agency          string
	AppointmentDate string // TMT CPNS, "YYYY-MM-DD"
	Deadline        string // one year after it, "" when the appointment date is unknown
	State           domain.LatsarState
	// Completed is the passed Latsar that ended first, if any (even one completed late).
	Completed *LatsarSession
}

// LatsarSession is a completed Latsar of a CPNS.
type LatsarSession struct {
	Enrolment string
	Session   string
	Programme string
	Title     string
	EndDate   string // in the session's zone, "YYYY-MM-DD"
}

// latsarOrder is how urgent a Latsar state is, for sorting.
var latsarOrder = map[domain.LatsarState]int{
	domain.LatsarFlagged: 0, domain.LatsarNoAppointment: 1, domain.LatsarDue: 2, domain.LatsarDone: 3,
}

// ListLatsarStatus lists the active CPNS of agency ("" for the whole city, city-wide callers)
// with their Latsar state, deadline and completed Latsar, only the flagged ones when
// onlyFlagged: flagged first, then those whose appointment date is unknown, then due, then
// done; by deadline, then NIP within each. "Today" is the directory's (directory.Today). City HR and auditors see any agency, agency HR their own,
// a supervisor themselves and those below them, an employee themselves.
func (a *App) ListLatsarStatus(ctx context.Context, agency string, onlyFlagged bool) ([]LatsarStatus, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return nil, err
	}
	scope, err := reportScope(g, agency)
	if err != nil {
		return nil, err
	}
	rows, err := a.repo.LatsarRows(ctx, LatsarQuery{ReportScope: scope})
	if err != nil {
		return nil, err
	}
	today, err := time.Parse(time.DateOnly, directory.Today(a.now()))
	if err != nil {
		return nil, err
	}
	var out []LatsarStatus
	index := map[string]int{}
	for _, r := range rows {
		i, ok := index[r.Employee]
		if !ok {
			i = len(out)
			index[r.Employee] = i
			out = append(out, LatsarStatus{Employee: r.Employee, Name: r.Name, Agency: r.Agency, AppointmentDate: r.AppointmentDate})
		}
		if r.Enrolment == "" || r.State != domain.Passed {
			continue
		}
		loc, err := time.LoadLocation(r.TimeZone)
		if err != nil {
			return nil, fmt.Errorf("session %s's time zone %q: %w", r.Session, r.TimeZone, err)
		}
		s := &LatsarSession{Enrolment: r.Enrolment, Session: r.Session, Programme: r.Programme, Title: r.Title,
			EndDate: r.End.In(loc).Format(time.DateOnly)}
		if st := &out[i]; st.Completed == nil || s.EndDate < st.Completed.EndDate {
			st.Completed = s
		}
	}
	for i := range out {
		st := &out[i]
		appointed, err := time.Parse(time.DateOnly, st.AppointmentDate)
		if err != nil {
			st.State = domain.LatsarNoAppointment
			continue
		}
		var completed time.Time
		if st.Completed != nil {
			completed, _ = time.Parse(time.DateOnly, st.Completed.EndDate)
		}
		state, deadline := domain.Latsar(appointed, completed, today)
		st.State, st.Deadline = state, deadline.Format(time.DateOnly)
	}
	if onlyFlagged {
		out = slices.DeleteFunc(out, func(s LatsarStatus) bool { return s.State != domain.LatsarFlagged })
	}
	slices.SortFunc(out, func(x, y LatsarStatus) int {
		return cmp.Or(cmp.Compare(latsarOrder[x.State], latsarOrder[y.State]), cmp.Compare(x.Deadline, y.Deadline),
			cmp.Compare(x.Employee, y.Employee))
	})
	return out, nil
}
