package domain

import (
	"strconv"
	"time"
)

// Credit points (angka kredit) of functional-position holders, PermenPANRB 1/2023 as DOMAIN.md
// summarises it: a year's credit points are the level's coefficient × the annual predicate's
// percentage, pro rata by the months the SKP covers.

// Millipoints are credit points in thousandths: the reports give credit points to three
// decimals, and counting in thousandths keeps the sums exact (a total is the sum of its lines as
// printed).
type Millipoints int64

// String is the value with three decimals, e.g. "12.500".
func (m Millipoints) String() string { return strconv.FormatFloat(m.Float(), 'f', 3, 64) }

// Float is the value in credit points.
func (m Millipoints) Float() float64 { return float64(m) / 1000 }

// CreditMonths is the number of whole months, 1 to 12, an SKP running from start to end
// (YYYY-MM-DD, inclusive) covers in year: a month counts when the SKP covers its 15th day. Two
// SKPs one after the other (a transfer or a new appraiser mid-year) thus never count one month
// twice and add up to 12 for a whole year, and a month counts for the SKP that covers at least
// about half of it. An SKP covering no 15th day (shorter than a month) counts 1, the least the
// report shows; a range that cannot be read counts 0.
func CreditMonths(year int, start, end string) int {
	from, err1 := time.Parse(time.DateOnly, start)
	to, err2 := time.Parse(time.DateOnly, end)
	if err1 != nil || err2 != nil || to.Before(from) {
		return 0
	}
	n := 0
	for m := time.January; m <= time.December; m++ {
		mid := time.Date(year, m, 15, 0, 0, 0, 0, time.UTC)
		if !mid.Before(from) && !mid.After(to) {
			n++
		}
	}
	return max(n, 1)
}

// CreditPoints is what an SKP of a holder at level with annual predicate p earns for months
// months (PermenPANRB 1/2023): coefficient × percent / 100 × months / 12, rounded half up to
// thousandths. Ahli Pertama rated Baik for a whole year earns 12.500, Sangat Baik 18.750; a level
// or predicate that earns nothing (not functional, no predicate) is 0.
func CreditPoints(level FunctionalLevel, p Predicate, months int) Millipoints {
	// The coefficients are multiples of 0.25, so the coefficient in thousandths is exact.
	coef := int64(level.Coefficient()*1000 + 0.5)
	num := coef * int64(p.CreditPercent()) * int64(months) // thousandths × 100 × 12
	const den = 100 * 12
	return Millipoints((2*num + den) / (2 * den))
}
