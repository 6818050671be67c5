package app

import (
	"context"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/services/planning/internal/domain"
)

// RetirementForecast is GetRetirementForecast's answer: the five years from FirstYear.
type RetirementForecast struct {
	Agency    string // "" for the city
	FirstYear int
	Years     []domain.RetirementYear
}

// GetRetirementForecast returns the retirements ahead of agency ("" for every agency: city HR,
// auditors and services; agency HR and agency heads get their own agency by default and no
// other) for five years from firstYear (this year in Medan when 0; a past year is refused):
// per year the active employees whose retirement date (domain.RetirementDate at the age of
// domain.RetirementAgeOf) falls in it, by position, with the positions that empty.
func (a *App) GetRetirementForecast(ctx context.Context, agency string, firstYear int) (RetirementForecast, error) {
	r, err := a.reach(ctx)
	if err != nil {
		return RetirementForecast{}, err
	}
	if agency == "" && !r.All {
		agency = r.Agency
	}
	if agency != "" && !r.Sees(agency) {
		return RetirementForecast{}, errs.Deniedf("the caller reaches agency %q only, not %q", r.Agency, agency)
	}
	thisYear := domain.YearInMedan(a.now())
	if firstYear == 0 {
		firstYear = thisYear
	}
	if err := domain.CheckFirstYear(firstYear, thisYear, "a forecast"); err != nil {
		return RetirementForecast{}, err
	}
	if agency != "" {
		ag, err := a.repo.GetAgency(ctx, agency)
		if err != nil {
			return RetirementForecast{}, err
		}
		if ag.Parent != "" {
			return RetirementForecast{}, errs.Invalidf("agency", "%q is a unit of %s; the forecast is of a top-level agency or the city", agency, ag.Root)
		}
	}
	years, err := a.forecast(ctx, agency, firstYear)
	if err != nil {
		return RetirementForecast{}, err
	}
	return RetirementForecast{Agency: agency, FirstYear: firstYear, Years: years}, nil
}

// forecast computes the retirements of agency's active employees ("" every agency).
func (a *App) forecast(ctx context.Context, agency string, firstYear int) ([]domain.RetirementYear, error) {
	es, err := a.repo.ActiveStaff(ctx, agency)
	if err != nil {
		return nil, err
	}
	ids := map[string]bool{}
	for _, e := range es {
		if e.Position != "" {
			ids[e.Position] = true
		}
	}
	list := make([]string, 0, len(ids))
	for id := range ids {
		list = append(list, id)
	}
	positions := map[string]*domain.Position{}
	if len(list) > 0 {
		if positions, err = a.repo.Positions(ctx, list...); err != nil {
			return nil, err
		}
	}
	return domain.ForecastRetirements(firstYear, es, positions, a.policy.RetirementAges), nil
}
