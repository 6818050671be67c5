package app

import (
	"context"
	"strconv"

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

// retirementYears is the number of years of the dashboards' retirements ahead.
const retirementYears = 5

// retirementsAhead counts the retirements of each of retirementYears years from
// firstYear, by the rule of the retirement forecast (domain/retirement.go): the position's own
// retirement age, else the policy's age for its level, else domain.DefaultRetirementAge; the
// retirement date the first day of the month after the birthday of that age (PP 11/2017 art.
// 239; UU 11/1969 art. 9), so someone born in December retires the next January. It counts
// from one grouped query (per birth month and position level), not from the forecast's list
// of every retiree, to keep the whole city's dashboard within its second.
func (a *App) retirementsAhead(ctx context.Context, agency string, firstYear int) ([]DashboardYear, error) {
	rows, err := a.repo.RetirementRows(ctx, agency, jakartaDate(a.now()))
	if err != nil {
		return nil, err
	}
	out := make([]DashboardYear, retirementYears)
	for i := range out {
		out[i].Year = firstYear + i
	}
	for _, r := range rows {
		if len(r.BirthMonth) != 7 {
			continue
		}
		y, err1 := strconv.Atoi(r.BirthMonth[:4])
		m, err2 := strconv.Atoi(r.BirthMonth[5:])
		if err1 != nil || err2 != nil {
			continue
		}
		year := y + a.retirementAge(r.Level, r.Age)
		if m == 12 {
			year++ // the first day of the next month is in the next year
		}
		if i := year - firstYear; i >= 0 && i < len(out) {
			out[i].Count += r.Count
		}
	}
	return out, nil
}

// retirementAge is the retirement age of a position of level with its own age own (0 unset).
func (a *App) retirementAge(level domain.PositionLevel, own int) int {
	if own > 0 {
		return own
	}
	if age, ok := a.policy.RetirementAges[level]; ok && level != domain.PositionLevelNotSet && age > 0 {
		return age
	}
	return domain.DefaultRetirementAge
}
