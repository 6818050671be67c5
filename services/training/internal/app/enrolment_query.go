package app

// Reading enrolments: one, or lists by session, employee, agency, or awaiting the caller.

import (
	"context"
	"errors"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/resource"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

// GetEnrolment reads an enrolment: for whoever may see its employee (the employee, anyone above
// them, their agency's HR, city HR and auditors) and for HR of the agency running its session.
func (a *App) GetEnrolment(ctx context.Context, id string) (domain.Enrolment, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return domain.Enrolment{}, err
	}
	e, err := a.repo.GetEnrolment(ctx, id)
	if errs.IsKind(err, errs.NotFound) && g.Scope != auth.ScopeAll {
		return domain.Enrolment{}, errs.Deniedf("%s (%s scope) may not see %s", g.Subject, g.Scope, EnrolmentName(id))
	}
	if err != nil {
		return domain.Enrolment{}, err
	}
	if g.Scope == auth.ScopeAgency && g.Agency != "" {
		if s, err := a.repo.GetSession(ctx, e.Session); err == nil && s.Agency == g.Agency {
			return e, nil
		}
	}
	if _, err := a.catalogueEmployee(ctx, g, e.Employee); err != nil {
		var de *errs.Error
		if errors.As(err, &de) && de.Kind == errs.PermissionDenied {
			return domain.Enrolment{}, errs.Deniedf("%s (%s scope) may not see %s", g.Subject, g.Scope, EnrolmentName(id))
		}
		return domain.Enrolment{}, err
	}
	return e, nil
}

// EnrolmentListOptions filter and page ListEnrolments. Give one of Session, Employee, Agency or
// AwaitingMe; none lists what the caller may see.
type EnrolmentListOptions struct {
	Session  string
	Employee string
	Agency   string
	// AwaitingMe keeps the requests awaiting the caller's decision: their subordinates' (at any
	// depth) for a supervisor, their agency's for agency HR, all for city HR.
	AwaitingMe bool
	States     []domain.EnrolmentState
	PageSize   int
	PageToken  string
}

// ListEnrolments lists the enrolments the caller may see: of a session in arrival order (the
// requests awaiting approval first, then the queue), of an employee newest session first, of
// an agency's employees, or the requests awaiting the caller. Each caller sees what their
// grant reaches: an employee their own, a supervisor theirs and their subordinates', agency HR
// their agency's employees' and every participant of a session their agency runs, city HR and
// auditors all.
func (a *App) ListEnrolments(ctx context.Context, o EnrolmentListOptions) ([]domain.Enrolment, string, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return nil, "", err
	}
	for i, st := range o.States {
		if !knownEnrolmentState(st) {
			return nil, "", errs.Invalidf("states", "states[%d] %q is not an enrolment state", i, st)
		}
	}
	after, err := decodeCursor(o.PageToken)
	if err != nil {
		return nil, "", err
	}
	size := resource.PageSize(o.PageSize, DefaultCataloguePageSize, MaxCataloguePageSize)
	f := EnrolmentFilter{Session: o.Session, Employee: o.Employee, Agency: o.Agency, States: o.States, After: after, Limit: size + 1}
	narrow := true // to what the grant reaches
	if o.Session != "" {
		s, err := a.repo.GetSession(ctx, o.Session)
		if err != nil {
			return nil, "", err
		}
		narrow = !g.Reaches(s.Agency)
	}
	if o.Employee != "" {
		if _, err := a.catalogueEmployee(ctx, g, o.Employee); err != nil {
			return nil, "", err
		}
		narrow = false
		f.Newest = o.Session == ""
	}
	if o.AwaitingMe {
		f.States = []domain.EnrolmentState{domain.Requested}
		f.NotEmployee = g.Subject // nobody decides their own request
		narrow = true
	}
	if narrow {
		switch g.Scope {
		case auth.ScopeAll:
		case auth.ScopeAgency:
			if g.Agency == "" {
				return nil, "", errs.Deniedf("%s has agency scope but no agency", g.Subject)
			}
			if f.Agency != "" && f.Agency != g.Agency {
				return nil, "", errs.Deniedf("%s (agency %q) may not see the enrolments of agency %q", g.Subject, g.Agency, f.Agency)
			}
			f.Agency = g.Agency
		case auth.ScopeSubordinates:
			f.Under = g.Subject
		case auth.ScopeSelf:
			if o.AwaitingMe {
				return nil, "", nil // an employee decides no one's request
			}
			f.Employee = g.Subject
		default:
			return nil, "", errs.Deniedf("%s may not list enrolments", g.Subject)
		}
	}
	out, err := a.repo.ListEnrolments(ctx, f)
	if err != nil {
		return nil, "", err
	}
	page, next := resource.Page(out, size, func(e domain.Enrolment) string { return cursorKey(e.Start, e.Arrival, e.ID) })
	return page, next, nil
}

// knownEnrolmentState reports whether s is one of the enrolment states.
func knownEnrolmentState(s domain.EnrolmentState) bool {
	switch s {
	case domain.Requested, domain.Enrolled, domain.Waitlisted, domain.Rejected, domain.Withdrawn,
		domain.Passed, domain.Failed, domain.DidNotFinish:
		return true
	}
	return false
}
