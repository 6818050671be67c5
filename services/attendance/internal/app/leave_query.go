package app

// Reading leave: requests, the annual-leave balance, who is on leave.

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/paging"
	"github.com/simpeg-id/simpeg/platform/resource"
	"github.com/simpeg-id/simpeg/services/attendance/internal/domain"
)

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
