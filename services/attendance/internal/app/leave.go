package app

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/paging"
	"github.com/simpeg-id/simpeg/platform/resource"
	"github.com/simpeg-id/simpeg/services/attendance/internal/domain"
	"github.com/simpeg-id/simpeg/services/planning/directory"
	"github.com/simpeg-id/simpeg/services/planning/nip"
)

// Leave: requests for the ASN leave types and their workflow (domain/leave.go, workflow.go),
// and the annual-leave ledger (domain/ledger.go).
//
// The ledger of an employee's year is opened the first time something needs it (a request for
// annual or long leave starting that year, an approval, GetLeaveBalance): its opening entries
// are domain.OpeningEntries of the years before, themselves opened first when the employee has
// an earlier year (a year nobody touched still grants its 12 days and carries them on). The
// carry-over into a year is computed only once the year before is over: a year opened ahead
// (a request in December for January) opens with its grant, and gets its carry-over the first
// time it is used on or after 1 January. An employee's ledger starts with the first year the
// service opens for them; nothing carries into that one.
//
// Every change runs in one transaction: the request row is locked, then the balance row of the
// year it spends from, so two approvals at the same instant queue and the second sees the first
// one's entry (store/leave.go). Everything the transaction needs from elsewhere (the directory,
// the calendar, the roster) is read before it begins.

// Page sizes of ListLeaveRequests.
const (
	DefaultLeavePageSize = 100
	MaxLeavePageSize     = 1000
)

// leaveRosterSpanDays bounds the roster a shift worker's leave is counted from (the request's
// days, and for long leave the span it may last): two years.
const leaveRosterSpanDays = 2 * 366

// LeaveRequest is a stored leave request.
type LeaveRequest struct {
	domain.LeaveRequest
	// Agency is the employee's agency at the request's last change.
	Agency  string
	Version int64
	Created time.Time
	Updated time.Time
}

// LeaveBalance is an employee's annual-leave ledger for a year as it is stored: the domain's
// Balance (the entries, in order, and the long-leave flag) with what the service keeps beside.
type LeaveBalance struct {
	Employee string
	domain.Balance
	// CarryDone: the carry-over from the year before has been computed (that year was over, or
	// the employee's ledger starts with this year).
	CarryDone bool
	// CollectiveCounted is how many collective leave days of the year have been weighed against
	// the balance (policy CollectiveLeaveReducesAnnual).
	CollectiveCounted int
	Version           int64
	Updated           time.Time
}

// LeaveQuery selects leave requests; the set filters are combined with AND.
type LeaveQuery struct {
	Employee string
	State    domain.LeaveState
	Agency   string
	// Related keeps the requests of this employee and those whose supervisor at submission
	// was them.
	Related string
	// AwaitingSupervisor keeps the submitted and deferred requests whose supervisor at
	// submission is this NIP; AwaitingAgency those of this agency awaiting the second approval.
	// With both set, a request matching either is kept.
	AwaitingSupervisor string
	AwaitingAgency     string
	// After continues a list: only requests after this one, newest first.
	After *LeaveCursor
	Limit int
}

// LeaveCursor is a position in a list of leave requests, newest first.
type LeaveCursor struct {
	Created time.Time
	ID      string
}

// LeaveListOptions are ListLeaveRequests' filters and page.
type LeaveListOptions struct {
	Employee   string
	State      domain.LeaveState
	AwaitingMe bool
	PageSize   int
	PageToken  string
}

// LeaveChanged announces a change of a leave request: Change is the domain's event (its
// Subject names the topic, under simpeg.attendance) and Request the request as it reports it.
type LeaveChanged struct {
	Change  domain.LeaveEvent
	Request LeaveRequest
}

func (LeaveChanged) event() {}

// LeaveReader reads leave requests and the annual-leave ledger; part of Reader. Inside a
// transaction GetLeaveRequest and GetLeaveBalance lock what they read.
type LeaveReader interface {
	GetLeaveRequest(ctx context.Context, id string) (LeaveRequest, error)
	// ListLeaveRequests returns up to q.Limit requests, newest first.
	ListLeaveRequests(ctx context.Context, q LeaveQuery) ([]LeaveRequest, error)
	// EmployeeLeave returns the employee's requests in any state whose period meets from to to
	// (either bound zero: unbounded on that side), by start date.
	EmployeeLeave(ctx context.Context, employee string, from, to domain.Date) ([]LeaveRequest, error)
	// OnLeave returns the approved requests covering date, of agency when it is set, by
	// employee.
	OnLeave(ctx context.Context, date domain.Date, agency string) ([]LeaveRequest, error)
	// GetLeaveBalance returns the employee's ledger of year, if it is opened.
	GetLeaveBalance(ctx context.Context, employee string, year int) (LeaveBalance, bool, error)
	// LeaveBalanceYears returns the years the employee's ledger has, in order.
	LeaveBalanceYears(ctx context.Context, employee string) ([]int, error)
}

// LeaveTx is what leave changes write, inside Repository.Write; part of Tx.
type LeaveTx interface {
	// LockLeaveEmployee makes the employee's submissions and deferrals queue, so that two
	// requests at the same instant are checked for overlap one after the other.
	LockLeaveEmployee(ctx context.Context, employee string) error
	InsertLeaveRequest(ctx context.Context, r LeaveRequest) error
	// UpdateLeaveRequest stores r if the stored version is still r.Version-1.
	UpdateLeaveRequest(ctx context.Context, r LeaveRequest) error
	// InsertLeaveBalance opens a year's ledger with b's entries. When another transaction
	// opened it first, the store has the whole transaction retried.
	InsertLeaveBalance(ctx context.Context, b LeaveBalance) error
	// UpdateLeaveBalance stores b if the stored version is still b.Version-1, appending
	// b.Entries[from:] to the ledger and keeping the balance equal to it.
	UpdateLeaveBalance(ctx context.Context, b LeaveBalance, from int) error
}

// LeaveRequestName is the resource name of a leave request.
func LeaveRequestName(id string) string { return "leaveRequests/" + id }

// LeaveBalanceName is the resource name of an employee's annual-leave balance for a year.
func LeaveBalanceName(employee string, year int) string {
	return "employees/" + employee + "/leaveBalances/" + strconv.Itoa(year)
}

// leavePolicy is the deployment's leave policy, from its attendance policy.
func (a *App) leavePolicy() domain.LeavePolicy {
	return domain.LeavePolicy{
		SecondApprovalForLongLeave:   a.policy.SecondApprovalForLongLeave,
		CollectiveLeaveReducesAnnual: a.policy.CollectiveLeaveReducesAnnual,
	}
}

// leaveEmployee is what the leave rules know of e: the directory's appointment date when it has
// one (otherwise the domain reads the NIP's), the current supervisor and agency, and the sex
// from the directory, or from the NIP when the directory does not say.
func leaveEmployee(e directory.Employee, now time.Time) domain.LeaveEmployee {
	le := domain.LeaveEmployee{NIP: e.NIP, Agency: e.Agency, Supervisor: e.Supervisor}
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

// leaveActor is the caller as the workflow sees them.
func leaveActor(g auth.Grant) domain.LeaveActor {
	return domain.LeaveActor{NIP: g.Subject, Agency: g.Agency, AgencyHR: g.Has(auth.RoleAgencyHR)}
}

// storedLeave returns r as the store gives it back, so that a change's answer equals a later
// read: empty lists are nil.
func storedLeave(r LeaveRequest) LeaveRequest {
	if len(r.Attachments) == 0 {
		r.Attachments = nil
	}
	if len(r.Decisions) == 0 {
		r.Decisions = nil
	}
	return r
}

// leaveEvents wraps the domain's events with the stored request. The supervisor's approval of a
// long type (domain.LeaveAwaitingSecondApproval) is audited but not published: events.proto has
// no message for it.
func leaveEvents(evs []domain.LeaveEvent, stored LeaveRequest) []Event {
	out := make([]Event, 0, len(evs))
	for _, ev := range evs {
		r := stored
		switch e := ev.(type) {
		case domain.LeaveRequested:
			r.LeaveRequest = e.Request
		case domain.LeaveApproved:
			r.LeaveRequest = e.Request
		case domain.LeaveRejected:
			r.LeaveRequest = e.Request
		case domain.LeaveDeferred:
			r.LeaveRequest = e.Request
		case domain.LeaveCancelled:
			r.LeaveRequest = e.Request
		default:
			continue
		}
		out = append(out, LeaveChanged{Change: ev, Request: storedLeave(r)})
	}
	return out
}

// leaveSummary says in a few words what a request asks, for the audit trail.
func leaveSummary(r domain.LeaveRequest) string {
	unit := "day"
	if r.Counting == domain.CountWorkingDays {
		unit = "working day"
	}
	if r.Days != 1 {
		unit += "s"
	}
	return fmt.Sprintf("%s leave %s, %d %s", r.Type, r.Range(), r.Days, unit)
}

// ---- the ledger ----

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
	l.audits = append(l.audits, AuditEntry{LeaveBalanceName(l.nip(), y), fmt.Sprintf("opened: %s; available %d", strings.Join(notes, "; "), b.Available())})
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
	l.audits = append(l.audits, AuditEntry{LeaveBalanceName(l.nip(), b.Year), fmt.Sprintf("%s; available %d", note, b.Available())})
	return nil
}

// ---- use cases ----

// CreateLeaveRequest submits a leave request for the employee in.EmployeeNIP (the caller when
// empty; HR for an employee of their reach). The domain checks eligibility, length, documents
// and, for annual leave, the balance of the year it starts in; a request sharing a day with
// another active request of the employee is refused. Working days come from the employee's
// calendar. One working day of sick leave is a notice, recorded approved at once. Errors name
// the request's fields with the "leave_request." prefix.
func (a *App) CreateLeaveRequest(ctx context.Context, in domain.LeaveRequest) (LeaveRequest, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return LeaveRequest{}, err
	}
	if in.EmployeeNIP == "" {
		in.EmployeeNIP = g.Subject
	}
	emp, err := a.employeeFor(ctx, g, in.EmployeeNIP)
	if err != nil {
		return LeaveRequest{}, err
	}
	if !emp.Active() {
		return LeaveRequest{}, errs.New(errs.FailedPrecondition, "employee %s is %s, not active in the city; only active employees take leave", emp.NIP, emp.Status).WithReason(ReasonNotActive)
	}
	id, err := uuid.NewV7()
	if err != nil {
		return LeaveRequest{}, err
	}
	in.ID = id.String()
	in.Reason = strings.TrimSpace(in.Reason)
	lc, err := a.leaveContextOf(ctx, emp, leaveSpans(in)...)
	if err != nil {
		return LeaveRequest{}, err
	}
	var out LeaveRequest
	err = a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		if err := tx.LockLeaveEmployee(ctx, emp.NIP); err != nil {
			return err
		}
		l := a.newLeaveLedger(tx, lc)
		le := lc.le
		if le.LongLeaveYears, err = l.longLeaveYears(ctx, nil); err != nil {
			return err
		}
		bal, err := l.balanceFor(ctx, in, "leave_request.start_date")
		if err != nil {
			return err
		}
		asm, err := domain.ValidateRequest(in, le, lc.days.count, lc.today, bal, a.leavePolicy())
		if err != nil {
			return errs.Prefix("leave_request", err)
		}
		others, err := tx.EmployeeLeave(ctx, emp.NIP, in.Start, in.End)
		if err != nil {
			return err
		}
		if err := domain.CheckOverlap(in, leaveDomain(others)); err != nil {
			return errs.Prefix("leave_request", err)
		}
		r, evs := domain.Submit(in, le, asm, lc.today)
		now := a.stamp()
		out = storedLeave(LeaveRequest{LeaveRequest: r, Agency: emp.Agency, Version: 1, Created: now, Updated: now})
		if err := tx.InsertLeaveRequest(ctx, out); err != nil {
			return err
		}
		if err := tx.Emit(ctx, leaveEvents(evs, out)...); err != nil {
			return err
		}
		detail := "submitted: " + leaveSummary(r)
		if r.NoticeOnly {
			detail = "noticed (approved at once): " + leaveSummary(r)
		}
		if g.Subject != r.EmployeeNIP {
			detail += " for the employee by " + g.Subject
		}
		return tx.Audit(ctx, append(l.audits, AuditEntry{LeaveRequestName(r.ID), detail})...)
	})
	if err != nil {
		return LeaveRequest{}, err
	}
	return out, nil
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

func leaveDomain(list []LeaveRequest) []domain.LeaveRequest {
	out := make([]domain.LeaveRequest, len(list))
	for i, r := range list {
		out[i] = r.LeaveRequest
	}
	return out
}

// GetLeaveRequest returns a leave request if the caller may see its employee.
func (a *App) GetLeaveRequest(ctx context.Context, id string) (LeaveRequest, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return LeaveRequest{}, err
	}
	r, err := a.repo.GetLeaveRequest(ctx, id)
	if err != nil {
		return LeaveRequest{}, err
	}
	if _, err := a.employeeFor(ctx, g, r.EmployeeNIP); err != nil {
		return LeaveRequest{}, err
	}
	return r, nil
}

// ListLeaveRequests lists the requests the caller may see, newest first: an employee their own,
// a supervisor their own and those they were the supervisor of at submission (any subordinate's
// with o.Employee), agency HR their agency's, city HR and auditors all. o.AwaitingMe keeps the
// requests waiting for the caller: submitted or deferred ones whose supervisor they are, and
// for agency HR their agency's awaiting the second approval.
func (a *App) ListLeaveRequests(ctx context.Context, o LeaveListOptions) ([]LeaveRequest, string, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return nil, "", err
	}
	q := LeaveQuery{Employee: o.Employee, State: o.State}
	if q.After, err = decodeLeaveCursor(o.PageToken); err != nil {
		return nil, "", err
	}
	switch g.Scope {
	case auth.ScopeAll:
	case auth.ScopeAgency:
		if g.Agency == "" {
			return nil, "", errs.Deniedf("%s has agency scope but no agency", g.Subject)
		}
		q.Agency = g.Agency
	case auth.ScopeSubordinates:
		if o.Employee == "" && !o.AwaitingMe {
			q.Related = g.Subject
		}
	case auth.ScopeSelf:
		if o.AwaitingMe {
			return nil, "", nil // an employee decides no one's leave
		}
		q.Employee = g.Subject
	default:
		return nil, "", errs.Deniedf("%s may not list leave requests", g.Subject)
	}
	if o.Employee != "" {
		if _, err := a.employeeFor(ctx, g, o.Employee); err != nil {
			return nil, "", err
		}
	}
	if o.AwaitingMe {
		q.AwaitingSupervisor = g.Subject
		if g.Has(auth.RoleAgencyHR) && g.Agency != "" {
			q.AwaitingAgency = g.Agency
		}
	}
	size := resource.PageSize(o.PageSize, DefaultLeavePageSize, MaxLeavePageSize)
	q.Limit = size + 1
	out, err := a.repo.ListLeaveRequests(ctx, q)
	if err != nil {
		return nil, "", err
	}
	page, next := resource.Page(out, size, func(r LeaveRequest) string {
		return strconv.FormatInt(r.Created.UnixMicro(), 10) + "/" + r.ID
	})
	return page, next, nil
}

func decodeLeaveCursor(tok string) (*LeaveCursor, error) {
	key, err := paging.Key(tok)
	if err != nil || key == "" {
		return nil, err
	}
	us, id, ok := strings.Cut(key, "/")
	n, perr := strconv.ParseInt(us, 10, 64)
	if !ok || perr != nil || id == "" {
		return nil, errs.Invalidf("page_token", "is not a token this API returned")
	}
	return &LeaveCursor{Created: time.UnixMicro(n).UTC(), ID: id}, nil
}

// leaveChange is one decision on a stored request, inside its transaction.
type leaveChange struct {
	tx     Tx
	ledger *leaveLedger
	req    *LeaveRequest
	lc     leaveContext
	actor  domain.LeaveActor
}

// changeLeave applies change to request id: it reads the request and its employee (whom the
// caller must be allowed to see) and the calendar outside the transaction, then locks the
// request and runs change, which returns the domain's event and the audit detail; the request
// is stored with the event and the audit records of the request and of the ledger. extra are
// the periods beyond the request's own whose roster the change counts (a deferral's new dates).
func (a *App) changeLeave(ctx context.Context, id string, extra []domain.DateRange, change func(ctx context.Context, c *leaveChange) (domain.LeaveEvent, string, error)) (LeaveRequest, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return LeaveRequest{}, err
	}
	cur, err := a.repo.GetLeaveRequest(ctx, id)
	if err != nil {
		return LeaveRequest{}, err
	}
	emp, err := a.employeeFor(ctx, g, cur.EmployeeNIP)
	if err != nil {
		return LeaveRequest{}, err
	}
	lc, err := a.leaveContextOf(ctx, emp, append(leaveSpans(cur.LeaveRequest), extra...)...)
	if err != nil {
		return LeaveRequest{}, err
	}
	var out LeaveRequest
	err = a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		r, err := tx.GetLeaveRequest(ctx, id)
		if err != nil {
			return err
		}
		c := &leaveChange{tx: tx, ledger: a.newLeaveLedger(tx, lc), req: &r, lc: lc, actor: leaveActor(g)}
		ev, detail, err := change(ctx, c)
		if err != nil {
			return err
		}
		r.Version++
		r.Updated = a.stamp()
		r.Agency = emp.Agency
		r = storedLeave(r)
		if err := tx.UpdateLeaveRequest(ctx, r); err != nil {
			return err
		}
		if err := tx.Emit(ctx, leaveEvents([]domain.LeaveEvent{ev}, r)...); err != nil {
			return err
		}
		out = r
		return tx.Audit(ctx, append(c.ledger.audits, AuditEntry{LeaveRequestName(id), detail})...)
	})
	if err != nil {
		return LeaveRequest{}, err
	}
	return out, nil
}

// ApproveLeaveRequest records the caller's approval: the direct supervisor's of a submitted or
// deferred request, then, for the long types under the policy, the second approval of an HR
// administrator of the employee's agency. The final approval of annual leave takes its days
// from the ledger of the year it starts in; when the balance does not hold them the approval
// fails (FailedPrecondition, reason INSUFFICIENT_LEAVE_BALANCE) and nothing changes. The
// final approval of long leave leaves no annual leave in its year.
func (a *App) ApproveLeaveRequest(ctx context.Context, id string) (LeaveRequest, error) {
	return a.changeLeave(ctx, id, nil, func(ctx context.Context, c *leaveChange) (domain.LeaveEvent, string, error) {
		r := c.req
		var (
			bal  *domain.Balance
			b    *LeaveBalance
			from int
		)
		if r.Type == domain.LeaveAnnual {
			var err error
			if b, err = c.ledger.year(ctx, r.Start.Year); err != nil {
				return nil, "", err
			}
			bal, from = &b.Balance, len(b.Entries)
		}
		ev, entry, err := r.Approve(c.lc.le, c.actor, bal, c.lc.today)
		if err != nil {
			return nil, "", err
		}
		detail := "approved by " + c.actor.NIP + ": " + leaveSummary(r.LeaveRequest)
		if _, first := ev.(domain.LeaveAwaitingSecondApproval); first {
			detail = "approved by the supervisor " + c.actor.NIP + ", awaiting the second approval by agency HR: " + leaveSummary(r.LeaveRequest)
		} else if r.SecondApprovedBy != "" {
			detail = "second approval by " + c.actor.NIP + ": " + leaveSummary(r.LeaveRequest)
		}
		if entry != nil {
			if err := c.ledger.save(ctx, b, from, fmt.Sprintf("taken %d days for %s", entry.Days, LeaveRequestName(r.ID))); err != nil {
				return nil, "", err
			}
			detail += fmt.Sprintf("; %d days taken from the %d balance", entry.Days, entry.Year)
		}
		if r.Type == domain.LeaveLong && r.State == domain.RequestApproved {
			if err := c.ledger.syncLongLeave(ctx, r.Start.Year, r.LeaveRequest); err != nil {
				return nil, "", err
			}
		}
		return ev, detail, nil
	})
}

// RejectLeaveRequest records the caller's rejection, with a reason: the direct supervisor's of a
// submitted or deferred request, agency HR's of one awaiting the second approval.
func (a *App) RejectLeaveRequest(ctx context.Context, id, reason string) (LeaveRequest, error) {
	return a.changeLeave(ctx, id, nil, func(ctx context.Context, c *leaveChange) (domain.LeaveEvent, string, error) {
		ev, err := c.req.Reject(c.lc.le, c.actor, reason, c.lc.today)
		if err != nil {
			return nil, "", err
		}
		return ev, fmt.Sprintf("rejected by %s: %s; reason: %s", c.actor.NIP, leaveSummary(c.req.LeaveRequest), c.req.RejectionReason), nil
	})
}

// DeferLeaveRequest records the direct supervisor's deferral of a submitted annual or long
// leave to the dates to, for reason. The new dates are checked as a request would be (the
// balance of their year for annual leave, and no overlap with the employee's other requests);
// the days are taken only at the approval.
func (a *App) DeferLeaveRequest(ctx context.Context, id string, to domain.DateRange, reason string) (LeaveRequest, error) {
	var extra []domain.DateRange
	if !to.Start.IsZero() && !to.End.IsZero() && !to.End.Before(to.Start) {
		extra = append(extra, to)
	}
	return a.changeLeave(ctx, id, extra, func(ctx context.Context, c *leaveChange) (domain.LeaveEvent, string, error) {
		// The workflow's own checks (state, supervisor, type, dates, reason) first, on a copy.
		probe := c.req.LeaveRequest
		if _, err := probe.Defer(c.lc.le, c.actor, to, domain.Assessment{}, reason, c.lc.today); err != nil {
			return nil, "", err
		}
		if err := c.tx.LockLeaveEmployee(ctx, c.req.EmployeeNIP); err != nil {
			return nil, "", err
		}
		moved := c.req.LeaveRequest
		moved.Start, moved.End = to.Start, to.End
		le := c.lc.le
		var err error
		if le.LongLeaveYears, err = c.ledger.longLeaveYears(ctx, nil); err != nil {
			return nil, "", err
		}
		bal, err := c.ledger.balanceFor(ctx, moved, "start_date")
		if err != nil {
			return nil, "", err
		}
		asm, err := domain.ValidateRequest(moved, le, c.lc.days.count, c.lc.today, bal, c.ledger.a.leavePolicy())
		if err != nil {
			return nil, "", err
		}
		others, err := c.tx.EmployeeLeave(ctx, moved.EmployeeNIP, moved.Start, moved.End)
		if err != nil {
			return nil, "", err
		}
		if err := domain.CheckOverlap(moved, leaveDomain(others)); err != nil {
			return nil, "", err
		}
		from := c.req.Range()
		ev, err := c.req.Defer(c.lc.le, c.actor, to, asm, reason, c.lc.today)
		if err != nil {
			return nil, "", err
		}
		return ev, fmt.Sprintf("deferred by %s from %s: %s; reason: %s", c.actor.NIP, from, leaveSummary(c.req.LeaveRequest), strings.TrimSpace(reason)), nil
	})
}

// CancelLeaveRequest records the employee's cancellation of their request before its first day;
// annual-leave days it took return to the ledger, and a cancelled long leave gives its year's
// annual leave back.
func (a *App) CancelLeaveRequest(ctx context.Context, id string) (LeaveRequest, error) {
	return a.changeLeave(ctx, id, nil, func(ctx context.Context, c *leaveChange) (domain.LeaveEvent, string, error) {
		r := c.req
		var (
			bal  *domain.Balance
			b    *LeaveBalance
			from int
		)
		if r.Spent > 0 {
			var err error
			if b, err = c.ledger.year(ctx, r.Start.Year); err != nil {
				return nil, "", err
			}
			bal, from = &b.Balance, len(b.Entries)
		}
		approvedLong := r.Type == domain.LeaveLong && r.State == domain.RequestApproved
		ev, entry, err := r.Cancel(c.actor, bal, c.lc.today)
		if err != nil {
			return nil, "", err
		}
		detail := "cancelled by " + c.actor.NIP + ": " + leaveSummary(r.LeaveRequest)
		if entry != nil {
			if err := c.ledger.save(ctx, b, from, fmt.Sprintf("returned %d days of %s", entry.Days, LeaveRequestName(r.ID))); err != nil {
				return nil, "", err
			}
			detail += fmt.Sprintf("; %d days returned to the %d balance", entry.Days, entry.Year)
		}
		if approvedLong {
			if err := c.ledger.syncLongLeave(ctx, r.Start.Year, r.LeaveRequest); err != nil {
				return nil, "", err
			}
		}
		return ev, detail, nil
	})
}

// GetLeaveBalance returns employee nip's annual-leave ledger for year, if the caller may see the
// employee. The year is opened when it is not yet (its grant and the carry-over computed from
// the years before), and completed when its carry-over has come due; nothing is typed in. The
// ledger reaches from the first year the service opened for the employee (this year when none)
// to next year.
func (a *App) GetLeaveBalance(ctx context.Context, nip string, year int) (LeaveBalance, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return LeaveBalance{}, err
	}
	emp, err := a.employeeFor(ctx, g, nip)
	if err != nil {
		return LeaveBalance{}, err
	}
	lc, err := a.leaveContextOf(ctx, emp)
	if err != nil {
		return LeaveBalance{}, err
	}
	years, err := a.repo.LeaveBalanceYears(ctx, nip)
	if err != nil {
		return LeaveBalance{}, err
	}
	first := lc.today.Year
	if len(years) > 0 && years[0] < first {
		first = years[0]
	}
	switch {
	case year > lc.today.Year+1:
		return LeaveBalance{}, errs.Invalidf("name", "year %d is too far ahead: balances open at most a year ahead (%d)", year, lc.today.Year+1)
	case year < first:
		return LeaveBalance{}, errs.NotFoundf("employee %s has no annual-leave ledger for %d: the service keeps it from %d", nip, year, first)
	}
	b, found, err := a.repo.GetLeaveBalance(ctx, nip, year)
	if err != nil {
		return LeaveBalance{}, err
	}
	if found && (b.CarryDone || lc.today.Year < year) && (lc.collective == nil || lc.collective(year) <= b.CollectiveCounted) {
		return b, nil
	}
	err = a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		l := a.newLeaveLedger(tx, lc)
		opened, err := l.year(ctx, year)
		if err != nil {
			return err
		}
		b = *opened
		return tx.Audit(ctx, l.audits...)
	})
	if err != nil {
		return LeaveBalance{}, err
	}
	return b, nil
}

// ListOnLeave returns the approved requests covering date, by employee: of agency (required for
// and defaulting to agency HR's own), of everyone for city-wide callers when agency is empty,
// of the caller and their subordinates for a supervisor.
func (a *App) ListOnLeave(ctx context.Context, date domain.Date, agency string) ([]LeaveRequest, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return nil, err
	}
	if date.IsZero() {
		date = domain.DateOf(a.now().In(domain.WIB.Location()))
	}
	switch g.Scope {
	case auth.ScopeAll, auth.ScopeSubordinates:
	case auth.ScopeAgency:
		if agency == "" {
			agency = g.Agency
		}
		if err := resource.RequireReach(g, agency); err != nil {
			return nil, errs.Deniedf("%s (agency %q) may not see who is on leave in agency %q", g.Subject, g.Agency, agency)
		}
	default:
		return nil, errs.Deniedf("%s (%s scope) may not list who is on leave", g.Subject, g.Scope)
	}
	list, err := a.repo.OnLeave(ctx, date, agency)
	if err != nil {
		return nil, err
	}
	if g.Scope != auth.ScopeSubordinates {
		return list, nil
	}
	out := list[:0]
	under := map[string]bool{}
	for _, r := range list {
		ok, known := under[r.EmployeeNIP]
		if !known {
			ok = r.EmployeeNIP == g.Subject
			if !ok {
				if ok, err = a.dir.IsUnder(ctx, g.Subject, r.EmployeeNIP); err != nil {
					return nil, err
				}
			}
			under[r.EmployeeNIP] = ok
		}
		if ok {
			out = append(out, r)
		}
	}
	return out, nil
}

// leaveOn reports whether employee nip is on approved leave on d, and of which type, so that a
// check-in that day says "on leave" (Expectation.WithLeave).
func (a *App) leaveOn(ctx context.Context, nip string, d domain.Date) (domain.LeaveType, bool, error) {
	m, err := a.repo.ApprovedLeaveOn(ctx, d, []string{nip})
	if err != nil {
		return "", false, err
	}
	t, ok := m[nip]
	return t, ok, nil
}
