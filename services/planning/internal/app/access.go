package app

import (
	"context"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/resource"
)

// Who sees the staffing analysis and the work plans (issue 12 §5): agency HR their agency's
// (and draft it); city HR all (and approve); the agency's head their agency's; auditors all,
// read only; employees nothing of it beyond their own record (which the registry serves).
//
// The head of an agency is not a role of the token: it is the active employee of the agency
// whose direct supervisor is outside it (or who has none) — the Kepala Dinas, whose supervisor
// is the city secretary, and the city secretary of the Sekretariat Daerah. A supervisor token
// reaches the analysis only when the registry says its holder heads the agency.

// HeadReader finds the agency an employee heads; part of Repository.
type HeadReader interface {
	// AgencyHeaded returns the agency nip heads: nip is an active employee of it whose
	// supervisor is empty or an employee of another agency. "" when nip heads none.
	AgencyHeaded(ctx context.Context, nip string) (string, error)
}

// Reach is how far a caller sees the staffing analysis and plans.
type Reach struct {
	// All: every agency and the city plan (city HR, auditors).
	All bool
	// Agency: the one agency seen otherwise (agency HR, an agency head).
	Agency string
	// Writer: the caller drafts plans and workloads of what it reaches (agency HR, city HR).
	Writer bool
	// CityHR: the caller approves (city HR).
	CityHR bool
}

// reach returns how far the caller of ctx sees the analysis and plans; a caller who sees
// nothing of it is denied.
func (a *App) reach(ctx context.Context) (Reach, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return Reach{}, err
	}
	switch {
	case g.Has(auth.RoleCityHR) && g.Scope == auth.ScopeAll:
		return Reach{All: true, Writer: true, CityHR: true}, nil
	case g.Has(auth.RoleAgencyHR) && g.Scope >= auth.ScopeAgency && g.Agency != "":
		return Reach{Agency: g.Agency, Writer: true}, nil
	case g.Has(auth.RoleAuditor) && g.Scope == auth.ScopeAll:
		return Reach{All: true}, nil
	case g.Has(auth.RoleService) && g.Scope == auth.ScopeAll:
		return Reach{All: true}, nil
	}
	if g.Has(auth.RoleSupervisor) || g.Has(auth.RoleEmployee) {
		agency, err := a.repo.AgencyHeaded(ctx, g.Subject)
		if err != nil {
			return Reach{}, err
		}
		if agency != "" {
			return Reach{Agency: agency}, nil
		}
	}
	return Reach{}, errs.Deniedf("%s (%s) may not see the staffing analysis or plans: they are for HR, agency heads and auditors", g.Subject, g.RoleNames())
}

// Sees reports whether r reaches agency ("" is the city as a whole: the city plan and the
// city's figures, which every reader of the analysis sees).
func (r Reach) Sees(agency string) bool { return r.All || agency == "" || agency == r.Agency }

// Writes reports whether r may draft for agency ("" the city plan: city HR only).
func (r Reach) Writes(agency string) bool {
	if !r.Writer {
		return false
	}
	return r.CityHR || (agency != "" && agency == r.Agency)
}

// requireSees returns the reach of ctx's caller if it reaches agency, and a denial naming
// the agency otherwise.
func (a *App) requireSees(ctx context.Context, agency string) (Reach, error) {
	r, err := a.reach(ctx)
	if err != nil {
		return r, err
	}
	if !r.Sees(agency) {
		return r, errs.Deniedf("the caller reaches agency %q only, not %q", r.Agency, agency)
	}
	return r, nil
}

// requireWrites returns the reach of ctx's caller if it may draft for agency.
func (a *App) requireWrites(ctx context.Context, agency string) (Reach, error) {
	r, err := a.reach(ctx)
	if err != nil {
		return r, err
	}
	if !r.Writes(agency) {
		if agency == "" {
			return r, errs.Deniedf("only city HR drafts the city's plan")
		}
		return r, errs.Deniedf("only HR of agency %q or city HR may change its workload and plans", agency)
	}
	return r, nil
}
