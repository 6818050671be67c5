package app

import (
	"context"
	"errors"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/resource"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
)

// Who may see and act on an SKP, shared by every area (issue 11 §4): the holder their own and
// everything about them; a supervisor the SKPs of their direct and indirect subordinates (and
// the ones they appraise); agency HR their agency's; city HR and auditors all. Nobody sees a
// colleague's SKP: a caller who may not see one is told so whether or not it exists, so names
// cannot be probed.

// SkpName is the resource name of SKP id.
func SkpName(id string) string { return "skps/" + id }

// SkpID returns the id of the SKP name ("skps/{id}"), or an Invalid error naming field.
func SkpID(name, field string) (string, error) { return resource.NameID(name, "skps/", "", field) }

// readSkp returns SKP id for a caller allowed to see it, with the caller's grant.
func (a *App) readSkp(ctx context.Context, id string) (domain.Skp, auth.Grant, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return domain.Skp{}, g, err
	}
	s, err := a.repo.Skp(ctx, id)
	if errs.IsKind(err, errs.NotFound) {
		if g.Scope == auth.ScopeAll {
			return s, g, err
		}
		return s, g, cannotSeeSkp(g, id)
	}
	if err != nil {
		return s, g, err
	}
	if err := a.requireSeesSkp(ctx, g, s); err != nil {
		return s, g, err
	}
	return s, g, nil
}

// requireSeesSkp refuses a caller whose grant does not reach SKP s.
func (a *App) requireSeesSkp(ctx context.Context, g auth.Grant, s domain.Skp) error {
	ok, err := a.seesSkp(ctx, g, s)
	if err != nil {
		return err
	}
	if !ok {
		return cannotSeeSkp(g, s.ID)
	}
	return nil
}

// seesSkp reports whether grant g reaches SKP s.
func (a *App) seesSkp(ctx context.Context, g auth.Grant, s domain.Skp) (bool, error) {
	switch g.Scope {
	case auth.ScopeAll:
		return true, nil
	case auth.ScopeAgency:
		return g.Agency != "" && g.Agency == s.Agency, nil
	case auth.ScopeSubordinates:
		if s.Employee == g.Subject || s.Appraiser == g.Subject {
			return true, nil
		}
		under, err := a.dir.IsUnder(ctx, g.Subject, s.Employee)
		if err != nil {
			return false, err
		}
		return under, nil
	case auth.ScopeSelf:
		return s.Employee == g.Subject, nil
	}
	return false, nil
}

// cannotSeeSkp is the refusal of a caller who may not see SKP id; it reads the same whether the
// SKP exists or not.
func cannotSeeSkp(g auth.Grant, id string) error {
	return errs.Deniedf("%s (%s scope) may not see %s", g.Subject, g.Scope, SkpName(id))
}

// requireHolder refuses anyone but the SKP's holder.
func requireHolder(g auth.Grant, s domain.Skp) error {
	if g.Subject != s.Employee {
		return errs.Deniedf("only the holder of %s (%s) may do this; the caller is %s", SkpName(s.ID), s.Employee, g.Subject)
	}
	return nil
}

// requireAppraiser refuses anyone but the SKP's appraiser: its holder's direct supervisor, or
// city HR for an agency head's (who has no supervisor in the directory).
func requireAppraiser(g auth.Grant, s domain.Skp) error {
	if s.AgencyHead {
		if g.Has(auth.RoleCityHR) && g.Scope == auth.ScopeAll {
			return nil
		}
		return errs.Deniedf("%s heads their agency: only city HR appraises it; the caller is %s", SkpName(s.ID), g.Subject)
	}
	if g.Subject != s.Appraiser {
		return errs.Deniedf("only the appraiser of %s (%s) may do this; the caller is %s", SkpName(s.ID), s.Appraiser, g.Subject)
	}
	return nil
}

// employee returns employee nip from the directory; one it does not know is an Invalid error
// naming field, a directory failure is wrapped.
func (a *App) employee(ctx context.Context, nip, field string) (directoryEmployee, error) {
	e, err := a.dir.Employee(ctx, nip)
	if errors.Is(err, errDirectoryNotFound) {
		return e, errs.Invalidf(field, "employee %q is not in the directory", nip)
	}
	if err != nil {
		return e, err
	}
	return e, nil
}
