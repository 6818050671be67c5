package app

// CheckCascade (issue 11 §1 and §6): every result of an agency's SKPs in force traces to a result
// of its appraiser's SKP in force, up to the agency head's, whose results come from the agency's
// plan. The agency's SKPs are read in one query (and the SKPs of appraisers outside the agency,
// such as the Sekda above the heads of agencies, in one more) and checked in memory.

import (
	"context"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/resource"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
)

// CheckCascade checks agency's SKPs in force for year. Agency HR of that agency, city HR and
// auditors.
func (a *App) CheckCascade(ctx context.Context, year int, agency string) (domain.CascadeReport, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return domain.CascadeReport{}, err
	}
	var v errs.Violations
	if year < minSkpYear || year > maxSkpYear {
		v.Add("year", "must be between %d and %d, got %d", minSkpYear, maxSkpYear, year)
	}
	if agency == "" {
		v.Add("agency", "is required: the agency code")
	}
	if err := v.Err(); err != nil {
		return domain.CascadeReport{}, err
	}
	if g.Scope != auth.ScopeAll && !(g.Scope == auth.ScopeAgency && g.Agency != "" && g.Agency == agency) {
		return domain.CascadeReport{}, errs.Deniedf("%s (agency %q) may not check the cascading of agency %q", g.Subject, g.Agency, agency)
	}
	skps, err := a.repo.AgencySkpsInForce(ctx, year, agency)
	if err != nil {
		return domain.CascadeReport{}, err
	}
	byHolder := make(map[string]domain.Skp, len(skps))
	for _, s := range skps {
		byHolder[s.Employee] = s
	}
	var outside []string
	for _, s := range skps {
		if _, ok := byHolder[s.Appraiser]; !ok && s.Appraiser != "" && !s.AgencyHead {
			outside = append(outside, s.Appraiser)
		}
	}
	if len(outside) > 0 {
		more, err := a.repo.SkpsInForceOf(ctx, year, outside)
		if err != nil {
			return domain.CascadeReport{}, err
		}
		for _, s := range more {
			byHolder[s.Employee] = s
		}
	}
	return domain.CheckCascade(skps, byHolder), nil
}
