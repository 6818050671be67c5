package app

// The decisions on an enrolment: approval and rejection of a request, withdrawal before the
// start. Each runs through changeEnrolment.

import (
	"context"
	"fmt"
	"time"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/resource"
	"github.com/simpeg-id/simpeg/services/planning/directory"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

// enrolmentChange is one decision on a stored enrolment, inside its transaction: the session
// (locked, its counters to move) and the enrolment (locked).
type enrolmentChange struct {
	tx      Tx
	g       auth.Grant
	emp     directory.Employee
	session *domain.Session
	now     time.Time
}

// decision is what a change did: the enrolment after it, and what it announces and audits
// besides the enrolment's own event and audit detail.
type decision struct {
	enrolment domain.Enrolment
	event     domain.Event
	detail    string
	more      promotion
}

// changeEnrolment applies change to enrolment id: it reads the enrolment and its employee
// outside the transaction and checks the caller with allowed, then locks the session and the
// enrolment (the order CreateEnrolment locks in), checks etag, and stores what change returns
// with the session's counters, the events and the audit records.
func (a *App) changeEnrolment(ctx context.Context, id, etag string,
	allowed func(g auth.Grant, e domain.Enrolment, emp directory.Employee) error,
	change func(ctx context.Context, c *enrolmentChange, e domain.Enrolment) (decision, error)) (domain.Enrolment, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return domain.Enrolment{}, err
	}
	cur, err := a.repo.GetEnrolment(ctx, id)
	if errs.IsKind(err, errs.NotFound) {
		return domain.Enrolment{}, resource.ChangeMissing(g, EnrolmentName(id), err)
	}
	if err != nil {
		return domain.Enrolment{}, err
	}
	emp, err := a.catalogueEmployee(ctx, g, cur.Employee)
	if err != nil {
		return domain.Enrolment{}, err
	}
	if err := allowed(g, cur, emp); err != nil {
		return domain.Enrolment{}, err
	}
	var out domain.Enrolment
	err = a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		s, err := tx.GetSession(ctx, cur.Session)
		if err != nil {
			return err
		}
		e, err := tx.GetEnrolment(ctx, id)
		if err != nil {
			return err
		}
		if err := resource.CheckEtag(EnrolmentName(id), etag, e.Version); err != nil {
			return err
		}
		c := &enrolmentChange{tx: tx, g: g, emp: emp, session: &s, now: a.now()}
		d, err := change(ctx, c, e)
		if err != nil {
			return err
		}
		next := d.enrolment
		next.DecidedBy, next.Updated, next.ProgrammeTitle = g.Subject, c.now, s.ProgrammeTitle
		if next.State != domain.Waitlisted {
			next.WaitlistPosition = 0
		}
		if err := tx.UpdateEnrolment(ctx, next); err != nil {
			return err
		}
		if err := tx.SaveSessionCounters(ctx, s); err != nil {
			return err
		}
		out = next
		ev := d.event
		switch x := ev.(type) { // the announced enrolment is the stored one
		case domain.EnrolmentApproved:
			x.Enrolment = next
			ev = x
		case domain.EnrolmentWaitlisted:
			x.Enrolment = next
			ev = x
		case domain.EnrolmentRejected:
			x.Enrolment = next
			ev = x
		case domain.EnrolmentWithdrawn:
			x.Enrolment = next
			ev = x
		}
		if err := tx.Emit(ctx, append([]domain.Event{ev}, d.more.events...)...); err != nil {
			return err
		}
		return tx.Audit(ctx, append([]AuditEntry{{Resource: EnrolmentName(id), Detail: d.detail}}, d.more.audits...)...)
	})
	if err != nil {
		return domain.Enrolment{}, err
	}
	return out, nil
}

// decider refuses an approval or rejection of e by the employee themselves: their supervisors
// (anyone above them), their agency's HR and city HR decide (the grant's reach, checked by
// catalogueEmployee).
func decider(g auth.Grant, e domain.Enrolment, _ directory.Employee) error {
	if g.Subject == e.Employee {
		return errs.Deniedf("%s may not decide their own enrolment request: their supervisor or HR does", g.Subject)
	}
	return nil
}

// ApproveEnrolment approves a requested enrolment, if etag (when given) is current: it gets
// the session's next arrival number and a seat while one is free, the waitlist after. The
// employee must still be active and the session still open (not started, not cancelled).
func (a *App) ApproveEnrolment(ctx context.Context, id, etag string) (domain.Enrolment, error) {
	return a.changeEnrolment(ctx, id, etag, decider, func(ctx context.Context, c *enrolmentChange, e domain.Enrolment) (decision, error) {
		if err := requireActive(c.emp); err != nil {
			return decision{}, err
		}
		if e.State == domain.Requested {
			if err := c.session.CheckEnrolable(c.now); err != nil {
				return decision{}, err
			}
		}
		next, err := c.session.ApproveRequest(e)
		if err != nil {
			return decision{}, stateError(err)
		}
		if next.State == domain.Waitlisted {
			next.WaitlistPosition = c.session.Waitlisted
		}
		return decision{enrolment: next, event: domain.Admitted(next),
			detail: fmt.Sprintf("approved by %s: %s", c.g.Subject, admission(next))}, nil
	})
}

// RejectEnrolment refuses a requested enrolment for reason (required), if etag (when given) is
// current.
func (a *App) RejectEnrolment(ctx context.Context, id, etag, reason string) (domain.Enrolment, error) {
	return a.changeEnrolment(ctx, id, etag, decider, func(ctx context.Context, c *enrolmentChange, e domain.Enrolment) (decision, error) {
		next, err := c.session.RejectRequest(e, reason)
		if err != nil {
			return decision{}, stateError(err)
		}
		return decision{enrolment: next, event: domain.EnrolmentRejected{Enrolment: next},
			detail: fmt.Sprintf("rejected by %s; reason: %s", c.g.Subject, next.Reason)}, nil
	})
}

// WithdrawEnrolment takes an enrolment out of its session before the start, for reason
// (optional), if etag (when given) is current: by the employee, anyone above them, their
// agency's HR or city HR. A seat given up goes to the head of the waitlist in the same
// transaction (issue 10 §2: the waitlist moves up automatically).
func (a *App) WithdrawEnrolment(ctx context.Context, id, etag, reason string) (domain.Enrolment, error) {
	anyone := func(auth.Grant, domain.Enrolment, directory.Employee) error { return nil }
	return a.changeEnrolment(ctx, id, etag, anyone, func(ctx context.Context, c *enrolmentChange, e domain.Enrolment) (decision, error) {
		was := e.State
		next, freed, err := c.session.WithdrawFrom(e, reason, c.now)
		if err != nil {
			return decision{}, stateError(err)
		}
		d := decision{enrolment: next, event: domain.EnrolmentWithdrawn{Enrolment: next},
			detail: fmt.Sprintf("withdrawn by %s (was %s)", c.g.Subject, was)}
		if next.Reason != "" {
			d.detail += "; reason: " + next.Reason
		}
		if freed {
			if d.more, err = a.promote(ctx, c.tx, c.session, c.g.Subject, c.now, "seat freed by "+EnrolmentName(e.ID)); err != nil {
				return decision{}, err
			}
		}
		return d, nil
	})
}

// stateError gives the domain's FailedPrecondition errors about an enrolment's state their
// stable reason; other errors pass unchanged.
func stateError(err error) error {
	e, ok := errs.As(err)
	if !ok || e.Kind != errs.FailedPrecondition || e.Reason != "" {
		return err
	}
	out := *e
	out.Reason = domain.ReasonEnrolmentState
	return &out
}
