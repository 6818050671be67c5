package app

// Submitting a leave request.

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/resource"
	"github.com/simpeg-id/simpeg/services/attendance/internal/domain"
)

// CreateLeaveRequest submits a leave request for the employee in.EmployeeNIP (the caller when
// empty; HR for an employee of their reach): SubmitLeave without validating only, for callers
// that need the stored request alone.
func (a *App) CreateLeaveRequest(ctx context.Context, in domain.LeaveRequest) (LeaveRequest, error) {
	s, err := a.SubmitLeave(ctx, in, false)
	return s.Request, err
}

// LeaveSubmission is what SubmitLeave answers: the request as stored (validating only, as it
// would be stored), and for annual leave what it does to its year's balance.
type LeaveSubmission struct {
	Request LeaveRequest
	// Annual is set for annual leave only.
	Annual *AnnualEffect
}

// AnnualEffect is an annual-leave request's effect on the balance of the year it is taken from.
type AnnualEffect struct {
	Year int
	// Available is the year's balance before the request, as the ledger stands.
	Available int
	// Pending is the days of the employee's other annual-leave requests of the year awaiting a
	// decision; the ledger takes them when they are approved.
	Pending int
	// After is Available less the request's days.
	After int
}

// SubmitLeave submits a leave request for the employee in.EmployeeNIP (the caller when empty;
// HR for an employee of their reach). The domain checks eligibility, length, documents and,
// for annual leave, the balance of the year it starts in; a request sharing a day with another
// active request of the employee is refused. Working days come from the employee's calendar.
// One working day of sick leave is a notice, recorded approved at once. An attachment naming an
// uploaded document ("documents/{id}") must name one for the employee or uploaded by the caller
// (documents.go); the request is recorded on it. Errors name the request's fields with the
// "leave_request." prefix.
//
// With validateOnly the same transaction runs every check and every write (a ledger year
// opened on the way included) and is then rolled back: nothing is stored, published or
// audited, and the answer is the request as it would be stored, without its id, version and
// times.
func (a *App) SubmitLeave(ctx context.Context, in domain.LeaveRequest, validateOnly bool) (LeaveSubmission, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return LeaveSubmission{}, err
	}
	if in.EmployeeNIP == "" {
		in.EmployeeNIP = g.Subject
	}
	emp, err := a.employeeFor(ctx, g, in.EmployeeNIP)
	if err != nil {
		return LeaveSubmission{}, err
	}
	if !emp.Active() {
		return LeaveSubmission{}, errs.New(errs.FailedPrecondition, "employee %s is %s, not active in the city; only active employees take leave", emp.NIP, emp.Status).WithReason(ReasonNotActive)
	}
	id, err := uuid.NewV7()
	if err != nil {
		return LeaveSubmission{}, err
	}
	in.ID = id.String()
	in.Reason = strings.TrimSpace(in.Reason)
	lc, err := a.leaveContextOf(ctx, emp, leaveSpans(in)...)
	if err != nil {
		return LeaveSubmission{}, err
	}
	var out LeaveSubmission
	err = a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		out = LeaveSubmission{}
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
		docs, err := attachedDocuments(ctx, tx, in, g.Subject)
		if err != nil {
			return err
		}
		if in.Type == domain.LeaveAnnual {
			if out.Annual, err = annualEffect(ctx, tx, emp.NIP, in.ID, bal, asm.CountsAgainstAnnual); err != nil {
				return err
			}
		}
		r, evs := domain.SubmitBy(in, le, asm, leaveSubmitter(g, in.EmployeeNIP), lc.today)
		now := a.stamp()
		out.Request = storedLeave(LeaveRequest{LeaveRequest: r, Agency: emp.Agency, Version: 1, Created: now, Updated: now})
		if err := tx.InsertLeaveRequest(ctx, out.Request); err != nil {
			return err
		}
		if err := tx.AttachDocuments(ctx, docs, r.ID); err != nil {
			return err
		}
		if err := tx.Emit(ctx, leaveEvents(evs, out.Request)...); err != nil {
			return err
		}
		detail := "submitted: " + leaveSummary(r)
		if r.NoticeOnly {
			detail = "noticed (approved at once): " + leaveSummary(r)
		}
		if g.Subject != r.EmployeeNIP {
			detail += " for the employee by " + g.Subject
		}
		if err := tx.Audit(ctx, append(l.audits, AuditEntry{Resource: LeaveRequestName(r.ID), Detail: detail})...); err != nil {
			return err
		}
		if validateOnly {
			return errValidated
		}
		return nil
	})
	if validateOnly && errors.Is(err, errValidated) {
		out.Request.ID, out.Request.Version, out.Request.Created, out.Request.Updated = "", 0, time.Time{}, time.Time{}
		return out, nil
	}
	if err != nil {
		return LeaveSubmission{}, err
	}
	return out, nil
}

// annualEffect is what annual leave of days, of the employee's request id, does to bal, the
// balance of its year: with the days of the employee's other annual requests of that year that
// await a decision.
func annualEffect(ctx context.Context, tx Tx, nip, id string, bal domain.Balance, days int) (*AnnualEffect, error) {
	year := domain.DateRange{Start: domain.Date{Year: bal.Year, Month: time.January, Day: 1}, End: domain.Date{Year: bal.Year, Month: time.December, Day: 31}}
	list, err := tx.EmployeeLeave(ctx, nip, year.Start, year.End)
	if err != nil {
		return nil, err
	}
	e := &AnnualEffect{Year: bal.Year, Available: bal.Available()}
	for _, r := range list {
		switch r.State {
		case domain.RequestSubmitted, domain.RequestDeferred, domain.RequestAwaitingSecondApproval:
			if r.Type == domain.LeaveAnnual && r.ID != id && r.Start.Year == bal.Year {
				e.Pending += r.Days
			}
		}
	}
	e.After = max(e.Available-days, 0)
	return e, nil
}
