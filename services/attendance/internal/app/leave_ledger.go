package app

// The annual-leave ledger of one employee, opened and changed inside a leave change's
// transaction (see the comment at the top of leave.go).

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/services/attendance/internal/domain"
)

// leaveLedger opens and changes one employee's annual-leave ledger inside one transaction. The
// years it loads are locked until the transaction ends.
type leaveLedger struct {
	a      *App
	tx     Tx
	lc     leaveContext
	open   map[int]*LeaveBalance
	audits []AuditEntry
}

func (a *App) newLeaveLedger(tx Tx, lc leaveContext) *leaveLedger {
	return &leaveLedger{a: a, tx: tx, lc: lc, open: map[int]*LeaveBalance{}}
}

func (l *leaveLedger) nip() string { return l.lc.emp.NIP }

// year returns the ledger of y, opening it, or completing it with a carry-over now due or
// collective leave now known, as needed.
func (l *leaveLedger) year(ctx context.Context, y int) (*LeaveBalance, error) {
	if b, ok := l.open[y]; ok {
		return b, nil
	}
	b, found, err := l.tx.GetLeaveBalance(ctx, l.nip(), y)
	if err != nil {
		return nil, err
	}
	if !found {
		return l.create(ctx, y)
	}
	from := len(b.Entries)
	var notes []string
	if !b.CarryDone && l.lc.today.Year >= y {
		history, err := l.history(ctx, y)
		if err != nil {
			return nil, err
		}
		appt, err := domain.AppointmentDate(l.lc.le, l.lc.today)
		if err != nil {
			return nil, err
		}
		for _, e := range domain.OpeningEntries(y, history, appt) {
			if e.Kind == domain.EntryCarryOver {
				b.Entries = append(b.Entries, e)
				notes = append(notes, fmt.Sprintf("carried over %d days (%s)", e.Days, e.Note))
			}
		}
		b.CarryDone = true
		if len(notes) == 0 {
			notes = append(notes, fmt.Sprintf("nothing carried over from %d", y-1))
		}
	}
	if note, ok := l.weighCollective(&b); ok {
		notes = append(notes, note)
	}
	if len(notes) > 0 {
		if err := l.save(ctx, &b, from, strings.Join(notes, "; ")); err != nil {
			return nil, err
		}
	}
	l.open[y] = &b
	return &b, nil
}

// create opens the ledger of y from the years before.
func (l *leaveLedger) create(ctx context.Context, y int) (*LeaveBalance, error) {
	history, err := l.history(ctx, y)
	if err != nil {
		return nil, err
	}
	appt, err := domain.AppointmentDate(l.lc.le, l.lc.today)
	if err != nil {
		return nil, err
	}
	longYears, err := l.longLeaveYears(ctx, nil)
	if err != nil {
		return nil, err
	}
	b := LeaveBalance{
		Employee:  l.nip(),
		Balance:   domain.Balance{Year: y, LongLeave: slices.Contains(longYears, y)},
		CarryDone: len(history) == 0 || l.lc.today.Year >= y,
		Version:   1,
		Updated:   l.a.stamp(),
	}
	var notes []string
	for _, e := range domain.OpeningEntries(y, history, appt) {
		if e.Kind == domain.EntryCarryOver && !b.CarryDone {
			continue // y-1 is not over: its carry-over is computed once it is
		}
		b.Entries = append(b.Entries, e)
		notes = append(notes, fmt.Sprintf("%s %d days (%s)", e.Kind, e.Days, e.Note))
	}
	if len(notes) == 0 {
		notes = append(notes, fmt.Sprintf("no annual leave granted: employee appointed %s has less than %d year of service by %d-12-31", appt, domain.AnnualMinYears, y))
	}
	if !b.CarryDone {
		notes = append(notes, fmt.Sprintf("the carry-over from %d is computed once that year is over", y-1))
	}
	if note, ok := l.weighCollective(&b); ok {
		notes = append(notes, note)
	}
	if err := l.tx.InsertLeaveBalance(ctx, b); err != nil {
		return nil, err
	}
	l.audits = append(l.audits, AuditEntry{Resource: LeaveBalanceName(l.nip(), y), Detail: fmt.Sprintf("opened: %s; available %d", strings.Join(notes, "; "), b.Available())})
	l.open[y] = &b
	return &b, nil
}

// history returns the summaries of the employee's years before y, bringing y-1 up to date (and
// opening it and the years between when the employee has an earlier year); nil when the
// employee's ledger starts with y.
func (l *leaveLedger) history(ctx context.Context, y int) ([]domain.YearSummary, error) {
	years, err := l.tx.LeaveBalanceYears(ctx, l.nip())
	if err != nil {
		return nil, err
	}
	if len(years) == 0 || years[0] >= y {
		return nil, nil
	}
	deferred, err := l.deferredOut(ctx)
	if err != nil {
		return nil, err
	}
	var out []domain.YearSummary
	for yy := years[0]; yy < y; yy++ {
		b, err := l.year(ctx, yy)
		if err != nil {
			return nil, err
		}
		s := b.Summary()
		s.Deferred = deferred[yy]
		out = append(out, s)
	}
	return out, nil
}

// deferredOut returns, by year, the annual leave days the supervisor deferred out of that year
// into the next (deferred requests not rejected).
func (l *leaveLedger) deferredOut(ctx context.Context) (map[int]int, error) {
	all, err := l.tx.EmployeeLeave(ctx, l.nip(), domain.Date{}, domain.Date{})
	if err != nil {
		return nil, err
	}
	out := map[int]int{}
	for _, r := range all {
		if r.Type == domain.LeaveAnnual && r.Deferrals > 0 && r.State != domain.RequestRejected &&
			r.DeferredFrom.Start.Year == r.Start.Year-1 {
			out[r.DeferredFrom.Start.Year] += r.Days
		}
	}
	return out, nil
}

// longLeaveYears returns the years in which the employee's approved long leaves start, with
// override standing for the stored request of its id (a change not yet written).
func (l *leaveLedger) longLeaveYears(ctx context.Context, override *domain.LeaveRequest) ([]int, error) {
	all, err := l.tx.EmployeeLeave(ctx, l.nip(), domain.Date{}, domain.Date{})
	if err != nil {
		return nil, err
	}
	var years []int
	seen := false
	add := func(r domain.LeaveRequest) {
		if r.Type == domain.LeaveLong && r.State == domain.RequestApproved && !slices.Contains(years, r.Start.Year) {
			years = append(years, r.Start.Year)
		}
	}
	for _, r := range all {
		if override != nil && r.ID == override.ID {
			add(*override)
			seen = true
			continue
		}
		add(r.LeaveRequest)
	}
	if override != nil && !seen {
		add(*override)
	}
	slices.Sort(years)
	return years, nil
}

// syncLongLeave sets the long-leave flag of y's ledger, if it is opened, from the employee's
// approved long leaves (with r's change): no annual leave in a year with long leave.
func (l *leaveLedger) syncLongLeave(ctx context.Context, y int, r domain.LeaveRequest) error {
	if _, ok := l.open[y]; !ok {
		if _, found, err := l.tx.GetLeaveBalance(ctx, l.nip(), y); err != nil || !found {
			return err
		}
	}
	b, err := l.year(ctx, y)
	if err != nil {
		return err
	}
	years, err := l.longLeaveYears(ctx, &r)
	if err != nil {
		return err
	}
	want := slices.Contains(years, y)
	if b.LongLeave == want {
		return nil
	}
	b.LongLeave = want
	note := fmt.Sprintf("long leave %s approved: no annual leave in %d", LeaveRequestName(r.ID), y)
	if !want {
		note = fmt.Sprintf("long leave %s cancelled: annual leave available again in %d", LeaveRequestName(r.ID), y)
	}
	return l.save(ctx, b, len(b.Entries), note)
}

// weighCollective takes from b the collective leave days of its year not weighed yet, when the
// policy says so; at most what is available, so the balance stays non-negative.
func (l *leaveLedger) weighCollective(b *LeaveBalance) (string, bool) {
	if l.lc.collective == nil {
		return "", false
	}
	due := l.lc.collective(b.Year)
	if due <= b.CollectiveCounted {
		return "", false
	}
	n := due - b.CollectiveCounted
	b.CollectiveCounted = due
	e, ok := b.DeductCollective(n, l.a.leavePolicy(), fmt.Sprintf("collective leave (cuti bersama) %d: %d days", b.Year, n))
	if !ok {
		return fmt.Sprintf("%d collective leave days weighed, none deducted (no balance)", n), true
	}
	return fmt.Sprintf("%d collective leave days deducted (%d weighed)", e.Days, n), true
}

// save stores b with the entries from from on, and audits note.
func (l *leaveLedger) save(ctx context.Context, b *LeaveBalance, from int, note string) error {
	b.Version++
	b.Updated = l.a.stamp()
	if err := l.tx.UpdateLeaveBalance(ctx, *b, from); err != nil {
		return err
	}
	l.audits = append(l.audits, AuditEntry{Resource: LeaveBalanceName(l.nip(), b.Year), Detail: fmt.Sprintf("%s; available %d", note, b.Available())})
	return nil
}

// balanceFor returns the annual-leave balance ValidateRequest weighs r against: the ledger of
// the year r starts in for annual and long leave (opened as needed), an empty one otherwise.
// A ledger opens at most a year ahead, so annual leave starting later is refused (on field),
// and long leave starting later is weighed against an empty year, in which nobody can have
// taken annual leave yet.
func (l *leaveLedger) balanceFor(ctx context.Context, r domain.LeaveRequest, field string) (domain.Balance, error) {
	on := r.Start
	if on.IsZero() {
		on = l.lc.today
	}
	if r.Type != domain.LeaveAnnual && r.Type != domain.LeaveLong {
		return domain.Balance{Year: on.Year}, nil
	}
	if on.Year > l.lc.today.Year+1 {
		if r.Type == domain.LeaveAnnual {
			return domain.Balance{}, errs.Invalidf(field, "%s is in %d; annual leave is taken from a year's balance, which opens at most a year ahead (%d)", on, on.Year, l.lc.today.Year+1)
		}
		return domain.Balance{Year: on.Year}, nil
	}
	b, err := l.year(ctx, on.Year)
	if err != nil {
		return domain.Balance{}, err
	}
	return b.Balance, nil
}
