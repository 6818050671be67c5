package app

// Submitting a leave request.

import (
	"context"
	"strings"

	"github.com/google/uuid"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/resource"
	"github.com/simpeg-id/simpeg/services/attendance/internal/domain"
)

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
		r, evs := domain.SubmitBy(in, le, asm, leaveSubmitter(g, in.EmployeeNIP), lc.today)
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
		return tx.Audit(ctx, append(l.audits, AuditEntry{Resource: LeaveRequestName(r.ID), Detail: detail})...)
	})
	if err != nil {
		return LeaveRequest{}, err
	}
	return out, nil
}
