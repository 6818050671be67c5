package app

// The decisions on a stored leave request: approval, rejection, deferral, cancellation. Each
// runs through changeLeave.

import (
	"context"
	"fmt"
	"strings"

	"github.com/simpeg-id/simpeg/platform/resource"
	"github.com/simpeg-id/simpeg/services/attendance/internal/domain"
)

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
		return tx.Audit(ctx, append(c.ledger.audits, AuditEntry{Resource: LeaveRequestName(id), Detail: detail})...)
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
//
// For a top official (no supervisor in the directory) the approval is the PPK's, recorded by
// city HR with the decree's number (decree; required then, refused otherwise), and is final.
func (a *App) ApproveLeaveRequest(ctx context.Context, id, decree string) (LeaveRequest, error) {
	return a.changeLeave(ctx, id, nil, func(ctx context.Context, c *leaveChange) (domain.LeaveEvent, string, error) {
		c.actor.Decree = decree
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
		detail := "approved by " + c.actor.NIP + ppkRecord(r.Decisions[len(r.Decisions)-1]) + ": " + leaveSummary(r.LeaveRequest)
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
// submitted or deferred request, agency HR's of one awaiting the second approval; for a top
// official, the PPK's, recorded by city HR with the decree's number (decree).
func (a *App) RejectLeaveRequest(ctx context.Context, id, reason, decree string) (LeaveRequest, error) {
	return a.changeLeave(ctx, id, nil, func(ctx context.Context, c *leaveChange) (domain.LeaveEvent, string, error) {
		c.actor.Decree = decree
		ev, err := c.req.Reject(c.lc.le, c.actor, reason, c.lc.today)
		if err != nil {
			return nil, "", err
		}
		ppk := ppkRecord(c.req.Decisions[len(c.req.Decisions)-1])
		return ev, fmt.Sprintf("rejected by %s%s: %s; reason: %s", c.actor.NIP, ppk, leaveSummary(c.req.LeaveRequest), c.req.RejectionReason), nil
	})
}

// DeferLeaveRequest records the direct supervisor's deferral of a submitted annual or long
// leave to the dates to, for reason. The new dates are checked as a request would be (the
// balance of their year for annual leave, and no overlap with the employee's other requests);
// the days are taken only at the approval. For a top official the deferral is the PPK's,
// recorded by city HR with the decree's number (decree).
func (a *App) DeferLeaveRequest(ctx context.Context, id string, to domain.DateRange, reason, decree string) (LeaveRequest, error) {
	var extra []domain.DateRange
	if !to.Start.IsZero() && !to.End.IsZero() && !to.End.Before(to.Start) {
		extra = append(extra, to)
	}
	return a.changeLeave(ctx, id, extra, func(ctx context.Context, c *leaveChange) (domain.LeaveEvent, string, error) {
		c.actor.Decree = decree
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
		ppk := ppkRecord(c.req.Decisions[len(c.req.Decisions)-1])
		return ev, fmt.Sprintf("deferred by %s%s from %s: %s; reason: %s", c.actor.NIP, ppk, from, leaveSummary(c.req.LeaveRequest), strings.TrimSpace(reason)), nil
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
