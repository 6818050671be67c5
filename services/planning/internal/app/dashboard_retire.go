package app

import (
	"context"

	"github.com/simpeg-id/simpeg/services/planning/internal/domain"
)

// RetirementRow is the number of active employees born in one month ("YYYY-MM") who hold a
// position of one level and own retirement age (level "" and age 0 without a position or
// without them set).
type RetirementRow struct {
	BirthMonth string
	Level      domain.PositionLevel
	Age        int
	Count      int
}

// RetirementCounter counts the registry for the dashboards' retirements; part of Repository.
type RetirementCounter interface {
	// RetirementRows counts the active employees of agency ("" every agency) per birth month
	// and the level and own retirement age of the position held on day.
	RetirementRows(ctx context.Context, agency string, day domain.Date) ([]RetirementRow, error)
}

// retirementsAhead counts the retirements of each of domain.ForecastYears years from
// firstYear by the retirement forecast's rule (domain.RetirementAgeOf: the position's own
// retirement age, else the policy's age for its level, else domain.DefaultRetirementAge;
// domain.RetirementDate: the first day of the month after the birthday of that age, PP 11/2017
// art. 239 and UU 11/1969 art. 9, so someone born in December retires the next January), the
// figures GetRetirementForecast's years count. It counts from one grouped query (per birth
// month and position level) rather than from the forecast's list of every retiree, to keep the
// whole city's dashboard within its second, and places employees by the assignment in force
// today, as the rest of the dashboard does.
func (a *App) retirementsAhead(ctx context.Context, agency string, firstYear int) ([]DashboardYear, error) {
	rows, err := a.repo.RetirementRows(ctx, agency, jakartaDate(a.now()))
	if err != nil {
		return nil, err
	}
	out := make([]DashboardYear, domain.ForecastYears)
	for i := range out {
		out[i].Year = firstYear + i
	}
	for _, r := range rows {
		birth, err := domain.ParseDate(r.BirthMonth + "-01")
		if err != nil {
			continue
		}
		age := domain.RetirementAgeOf(&domain.Position{Level: r.Level, RetirementAge: r.Age}, a.policy.RetirementAges)
		if i := domain.RetirementDate(birth, age).Year() - firstYear; i >= 0 && i < len(out) {
			out[i].Count += r.Count
		}
	}
	return out, nil
}
