package app

// Enrolment into a session: a nomination by HR, or the employee's own request.

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/resource"
	"github.com/simpeg-id/simpeg/services/planning/directory"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

// CreateEnrolment asks for a seat for employee nip (the caller when empty) in session
// (issue 10 §2). The employee asking for themselves makes a request (state requested) that
// their supervisor, anyone above them or their agency's HR approves (ApproveEnrolment). HR
// (agency HR for their agency's employees, city HR for anyone) asking for someone else
// nominates: the enrolment is admitted at once, to a seat while one is free and to the
// waitlist after, with the session's next arrival number. Nobody else may enrol another.
//
// Only an active employee is enrolled, in a scheduled session that has not started, and never
// into a session overlapping one they already hold (requested, enrolled or waitlisted). A
// session recorded after it was held (domain.Session.Held) takes HR's nominations only, after
// its start, to a seat and never to the waitlist (domain.Session.CheckAdmission). The
// transaction first locks the employee's enrolments and checks them for overlap; only then
// does it lock the session's row, with the statement that claims the arrival number
// (ClaimArrival), and holds it until it commits, so seats are never given beyond the capacity
// and arrival numbers follow the order of the commits while the row is held for the seat, the
// enrolment's row, the event and the audit record alone. Concurrent enrolments into one
// session commit together (Repository.WriteGrouped), each refused alone when it must be.
// (UpdateSession, moving a session, locks in the other order; the rare deadlock between the
// two is detected by PostgreSQL and the loser retried.)
func (a *App) CreateEnrolment(ctx context.Context, session, nip string) (domain.Enrolment, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return domain.Enrolment{}, err
	}
	if nip == "" {
		nip = g.Subject
	}
	if session == "" {
		return domain.Enrolment{}, errs.Invalidf("enrolment.session", "must name the session")
	}
	emp, err := a.catalogueEmployee(ctx, g, nip)
	if err != nil {
		return domain.Enrolment{}, err
	}
	origin := domain.SelfRequest
	if nip != g.Subject {
		if !g.Reaches(emp.Agency) {
			return domain.Enrolment{}, errs.Deniedf("%s may not enrol employee %s: HR of the employee's agency nominates; a supervisor approves the employee's own request", g.Subject, nip)
		}
		origin = domain.Nominated
	}
	if err := requireActive(emp); err != nil {
		return domain.Enrolment{}, err
	}
	id, err := uuid.NewV7()
	if err != nil {
		return domain.Enrolment{}, err
	}
	// The session as it stands, read before the transaction: the employee's enrolments are
	// checked against its times under the employee's lock, before the session's row is locked,
	// so the session is held only for handing out the seat.
	pre, err := a.repo.GetSessionUncounted(ctx, session)
	if errs.IsKind(err, errs.NotFound) {
		return domain.Enrolment{}, errs.Invalidf("enrolment.session", "session %q does not exist", session)
	}
	if err != nil {
		return domain.Enrolment{}, err
	}
	if pre.Held && origin == domain.SelfRequest { // refused before taking any lock
		return domain.Enrolment{}, pre.CheckAdmission(origin, a.now())
	}
	var out domain.Enrolment
	// Enrolments into one session share transactions when they come at once (a popular
	// course's opening): each holds the session's row to its commit, so alone they would queue
	// for it one commit at a time. They lock their employees in NIP order.
	err = a.repo.WriteGrouped(ctx, SessionName(session), nip, func(ctx context.Context, tx Tx) error {
		if err := tx.LockEnrolmentEmployee(ctx, nip); err != nil {
			return err
		}
		held, err := tx.LiveEnrolments(ctx, nip)
		if err != nil {
			return err
		}
		for _, h := range held {
			if h.Session == pre.ID {
				return errs.Existsf("employee %s already has enrolment %s (%s) in session %s", nip, h.ID, h.State, pre.ID)
			}
		}
		if err := domain.CheckOverlap(pre, heldSessions(held)); err != nil {
			return prefixFields("enrolment", err)
		}
		s, err := tx.ClaimArrival(ctx, session, origin == domain.Nominated)
		if err != nil {
			return err
		}
		if !s.Start.Equal(pre.Start) || !s.End.Equal(pre.End) { // moved meanwhile
			if err := domain.CheckOverlap(s, heldSessions(held)); err != nil {
				return prefixFields("enrolment", err)
			}
		}
		now := a.now()
		if err := s.CheckAdmission(origin, now); err != nil {
			return err
		}
		e := domain.Enrolment{ID: id.String(), Session: s.ID, Employee: nip, Agency: emp.Agency, Start: s.Start, End: s.End,
			RequestedBy: g.Subject, Version: 1, Created: now, Updated: now,
			EmployeeName: emp.DisplayName, ProgrammeTitle: pre.ProgrammeTitle}
		if origin == domain.Nominated {
			e = s.Nominate(e)
			e.DecidedBy = g.Subject
		} else {
			e = s.Request(e)
		}
		if err := tx.InsertEnrolment(ctx, e); err != nil {
			return err
		}
		switch e.State {
		case domain.Enrolled: // the seat; the arrival number was claimed already
			if err := tx.SaveSessionCounters(ctx, s); err != nil {
				return err
			}
		case domain.Waitlisted:
			if e.WaitlistPosition, err = tx.WaitlistLength(ctx, s.ID); err != nil {
				return err
			}
		}
		var (
			ev     domain.Event = domain.EnrolmentRequested{Enrolment: e}
			detail              = fmt.Sprintf("requested by the employee for %s, awaiting the supervisor's approval", SessionName(s.ID))
		)
		if origin == domain.Nominated {
			ev, detail = domain.Admitted(e), fmt.Sprintf("nominated by %s into %s: %s", g.Subject, SessionName(s.ID), admission(e))
		}
		out = e
		if err := tx.Emit(ctx, ev); err != nil {
			return err
		}
		return tx.Audit(ctx, AuditEntry{Resource: EnrolmentName(e.ID), Detail: detail})
	})
	if err != nil {
		return domain.Enrolment{}, err
	}
	return out, nil
}

// admission describes where an admitted enrolment stands, for the audit trail.
func admission(e domain.Enrolment) string {
	if e.State == domain.Enrolled {
		return fmt.Sprintf("seat taken (arrival %d)", e.Arrival)
	}
	return fmt.Sprintf("waitlisted (arrival %d)", e.Arrival)
}

// catalogueEmployee returns the directory's employee nip if the caller may see them; a caller
// who may not gets the same PermissionDenied whether nip exists or not (resource.SeesMissing).
func (a *App) catalogueEmployee(ctx context.Context, g auth.Grant, nip string) (directory.Employee, error) {
	e, err := a.dir.Employee(ctx, nip)
	if errors.Is(err, directory.ErrNotFound) {
		return e, resource.SeesMissing(g, nip, errs.NotFoundf("employee %s is not in the directory", nip))
	}
	if err != nil {
		return e, err
	}
	return e, resource.RequireSees(ctx, g, nip, e.Agency, a.dir.IsUnder)
}

// requireActive refuses an employee who does not serve in the city now (retired, moved away):
// training is for serving employees.
func requireActive(e directory.Employee) error {
	if e.Active() {
		return nil
	}
	err := errs.New(errs.FailedPrecondition, "employee %s is %s, not active in the city; only active employees are enrolled", e.NIP, e.Status).WithReason(domain.ReasonEmployeeNotActive)
	err.Violations = []errs.FieldViolation{{Field: "enrolment.employee", Description: "is not an active employee"}}
	return err
}
