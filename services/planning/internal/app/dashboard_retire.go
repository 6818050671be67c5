package app

import (
	"github.com/simpeg-id/simpeg/services/planning/internal/domain"
)

// retirementsAhead counts the retirements of each of domain.ForecastYears years from
// firstYear by the retirement forecast's rule (domain.RetirementAgeOf: the position's own
// retirement age, else the policy's age for its level, else domain.DefaultRetirementAge;
// domain.RetirementDate: the first day of the month after the birthday of that age, PP 11/2017
// art. 239 and UU 11/1969 art. 9, so someone born in December retires the next January), the
// figures GetRetirementForecast's years count. It counts from one grouped query (per birth
// month and position level, DimBirth) rather than from the forecast's list of every retiree,
// to keep the whole city's dashboard within its second, and places employees by the
// assignment in force today, as the rest of the dashboard does.
func (a *App) retirementsAhead(rows []DashboardCount, firstYear int) []DashboardYear {
	out := make([]DashboardYear, domain.ForecastYears)
	for i := range out {
		out[i].Year = firstYear + i
	}
	for _, r := range rows {
		if r.Dim != DimBirth {
			continue
		}
		birth, err := domain.ParseDate(r.Key + "-01")
		if err != nil {
			continue
		}
		age := domain.RetirementAgeOf(&domain.Position{Level: r.Level, RetirementAge: r.Age}, a.policy.RetirementAges)
		if i := domain.RetirementDate(birth, age).Year() - firstYear; i >= 0 && i < len(out) {
			out[i].Count += r.Count
		}
	}
	return out
}
