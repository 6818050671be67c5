package app

import (
	"cmp"
	"context"
	"slices"

	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
)

// CreditLine is the credit points one SKP earns.
type CreditLine struct {
	CreditSkp
	Coefficient float64
	Percent     int
	Months      int
	Points      domain.Millipoints
}

// CreditTotal is one employee's credit points for a year.
type CreditTotal struct {
	Employee, EmployeeName, Agency string
	Points                         domain.Millipoints
}

// CreditReport is the credit point report of a year.
type CreditReport struct {
	Year   int
	Lines  []CreditLine // by agency, NIP and start date
	Totals []CreditTotal
}

// GetCreditPointReport returns one line per SKP of year held by a functional-position holder
// (its functional level set) with a final annual rating, the predicate in force (after an
// objection's decision; a rating whose objection is still open is left out until decided):
// coefficient × percent / 100 × months / 12 to three decimals (domain.CreditPoints), months as
// domain.CreditMonths counts them (PermenPANRB 1/2023). Totals are per employee, the sum of
// their lines, under the agency of their last SKP, by agency and NIP. employee narrows to one
// NIP.
func (a *App) GetCreditPointReport(ctx context.Context, year int, agency, employee string) (CreditReport, error) {
	agency, err := reportScope(ctx, year, agency)
	if err != nil {
		return CreditReport{}, err
	}
	skps, err := a.repo.ReportCredits(ctx, CreditQuery{Year: year, Agency: agency, Employee: employee})
	if err != nil {
		return CreditReport{}, err
	}
	out := CreditReport{Year: year, Lines: make([]CreditLine, 0, len(skps))}
	totals := map[string]*CreditTotal{}
	for _, s := range skps {
		months := domain.CreditMonths(year, s.Start, s.End)
		l := CreditLine{CreditSkp: s, Coefficient: s.Level.Coefficient(), Percent: s.Predicate.CreditPercent(), Months: months,
			Points: domain.CreditPoints(s.Level, s.Predicate, months)}
		out.Lines = append(out.Lines, l)
		t := totals[s.Employee]
		if t == nil {
			t = &CreditTotal{Employee: s.Employee}
			totals[s.Employee] = t
		}
		t.EmployeeName, t.Agency = s.EmployeeName, s.Agency // the last SKP's, by start date
		t.Points += l.Points
	}
	slices.SortStableFunc(out.Lines, func(x, y CreditLine) int {
		return cmp.Or(cmp.Compare(x.Agency, y.Agency), cmp.Compare(x.Employee, y.Employee), cmp.Compare(x.Start, y.Start))
	})
	for _, t := range totals {
		out.Totals = append(out.Totals, *t)
	}
	slices.SortFunc(out.Totals, func(x, y CreditTotal) int {
		return cmp.Or(cmp.Compare(x.Agency, y.Agency), cmp.Compare(x.Employee, y.Employee))
	})
	return out, nil
}
