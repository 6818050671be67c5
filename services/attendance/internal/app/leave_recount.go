package app

// Recounting approved leave when a decree changes the calendar (issue 8 item 3; DOMAIN.md,
// Attendance and leave: "A change to the calendar (a new holiday or collective-leave day by
// decree) recounts approved leave that has not yet been taken, returning the days to the
// balance, and says so to the employee"). domain.LeaveRequest.Recount holds the rule; this is
// its use inside the calendar change's own transaction.

import (
	"context"
	"fmt"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/services/attendance/internal/domain"
)

// RecountReader finds the leave a calendar change recounts; part of Reader.
type RecountReader interface {
	// ActiveLeaveOn returns the submitted, awaiting, deferred and approved requests whose
	// period covers date, by employee.
	ActiveLeaveOn(ctx context.Context, date domain.Date) ([]LeaveRequest, error)
}

// recountLeave recounts, inside tx and after changed were stored as holidays, every active
// (submitted, awaiting, deferred or approved) request counted in working days whose period includes one of changed on a day not yet taken
// (today or later in the employee's time zone): the working days between the later of its start
// and today and its end are counted with before (the calendar read in tx before the change) and
// with the calendar now in tx; when fewer remain, the request is shortened by the difference
// (so a later approval spends the right number), approved annual leave returns those days to the ledger of the year it starts in (as far as they were
// taken from it), the request's history records "recounted: <date> became <kind> by decree",
// and a LeaveRecounted event is emitted. It returns the audit entries of the requests and
// ledgers changed. Requests are visited in the order ActiveLeaveOn gives them, each once.
func (a *App) recountLeave(ctx context.Context, tx Tx, g auth.Grant, before domain.Calendar, changed []domain.Holiday) ([]AuditEntry, error) {
	after, err := tx.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	var order []string
	dates := map[string][]domain.Holiday{}
	for _, h := range changed {
		list, err := tx.ActiveLeaveOn(ctx, h.Date)
		if err != nil {
			return nil, err
		}
		for _, r := range list {
			if r.Counting != domain.CountWorkingDays {
				continue
			}
			if _, seen := dates[r.ID]; !seen {
				order = append(order, r.ID)
			}
			dates[r.ID] = append(dates[r.ID], h)
		}
	}
	var audits []AuditEntry
	for _, id := range order {
		entries, err := a.recountRequest(ctx, tx, g, before, after, id, dates[id])
		if err != nil {
			return nil, fmt.Errorf("recounting %s: %w", LeaveRequestName(id), err)
		}
		audits = append(audits, entries...)
	}
	return audits, nil
}

// recountRequest recounts request id for changed (see recountLeave).
func (a *App) recountRequest(ctx context.Context, tx Tx, g auth.Grant, before, after domain.Calendar, id string, changed []domain.Holiday) ([]AuditEntry, error) {
	r, err := tx.GetLeaveRequest(ctx, id) // locked until the calendar change commits
	if err != nil {
		return nil, err
	}
	if !r.State.Active() {
		return nil, nil
	}
	emp, err := a.dir.Employee(ctx, r.EmployeeNIP)
	if err != nil {
		return nil, fmt.Errorf("reading employee %s: %w", r.EmployeeNIP, err)
	}
	ec, err := a.employeeCalendar(ctx, after, emp, r.Start)
	if err != nil {
		return nil, err
	}
	if ec.ShiftWorker { // counted from the rostered shifts of the period, as at submission
		ec.Roster = domain.Roster{}
		roster, err := a.repo.ListRoster(ctx, emp.NIP, r.Start, r.End)
		if err != nil {
			return nil, err
		}
		for _, e := range roster {
			ec.Roster[e.Date] = e.Shift
		}
	}
	today := domain.DateOf(a.now().In(ec.TimeZone.Location()))
	from := r.Start
	if today.After(from) {
		from = today // the days before today are taken
	}
	var untaken []domain.Holiday
	for _, h := range changed {
		if !h.Date.Before(from) && !h.Date.After(r.End) {
			untaken = append(untaken, h)
		}
	}
	if len(untaken) == 0 {
		return nil, nil
	}
	fewer := before.WorkingDaysBetween(ec, from, r.End) - after.WorkingDaysBetween(ec, from, r.End)
	if fewer < 1 {
		return nil, nil // not a working day of this employee before either (a shift, a weekend)
	}
	lc := leaveContext{emp: emp, le: leaveEmployee(emp, a.now()), days: leaveDays{cal: after, ec: ec}, today: today}
	if a.policy.CollectiveLeaveReducesAnnual {
		lc.collective = func(year int) int { return collectiveWorkdays(after, emp.Agency, year) }
	}
	ledger := a.newLeaveLedger(tx, lc)
	var (
		bal  *domain.Balance
		b    *LeaveBalance
		mark int
	)
	if r.Type == domain.LeaveAnnual && r.Spent > 0 {
		if b, err = ledger.year(ctx, r.Start.Year); err != nil {
			return nil, err
		}
		bal, mark = &b.Balance, len(b.Entries)
	}
	ev, err := r.Recount(fewer, untaken, g.Subject, bal, today)
	if err != nil {
		return nil, err
	}
	detail := fmt.Sprintf("%s: %s leave %s, %d working days instead of %d", domain.RecountReason(untaken), r.Type, r.Range(), r.Days, ev.PreviousDays)
	if ev.Entry != nil {
		if err := ledger.save(ctx, b, mark, fmt.Sprintf("returned %d days of %s (%s)", ev.Returned, LeaveRequestName(id), domain.RecountReason(untaken))); err != nil {
			return nil, err
		}
		detail += fmt.Sprintf("; %d days returned to the %d balance", ev.Returned, ev.Entry.Year)
	}
	r.Version++
	r.Updated = a.stamp()
	r.Agency = emp.Agency
	r = storedLeave(r)
	if err := tx.UpdateLeaveRequest(ctx, r); err != nil {
		return nil, err
	}
	if err := tx.Emit(ctx, leaveEvents([]domain.LeaveEvent{ev}, r)...); err != nil {
		return nil, err
	}
	return append(ledger.audits, AuditEntry{Resource: LeaveRequestName(id), Detail: detail}), nil
}
