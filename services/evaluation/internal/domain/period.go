package domain

import (
	"fmt"
	"time"
)

// SubPeriods returns the periods of year for cadence, in order: q1 … q4 (quarterly) or m01 …
// m12 (monthly), each with its first and last day and the day its rating is due (dueDays after
// its last day). An unknown cadence returns none.
func SubPeriods(year int, cadence Cadence, dueDays int) []SubPeriod {
	months, prefix, width := 0, "", 0
	switch cadence {
	case Quarterly:
		months, prefix, width = 3, "q", 1
	case Monthly:
		months, prefix, width = 1, "m", 2
	default:
		return nil
	}
	var out []SubPeriod
	for i := 0; i < 12/months; i++ {
		start := time.Date(year, time.Month(1+i*months), 1, 0, 0, 0, 0, time.UTC)
		end := start.AddDate(0, months, -1)
		out = append(out, SubPeriod{
			ID:            fmt.Sprintf("%s%0*d", prefix, width, i+1),
			Start:         start.Format(time.DateOnly),
			End:           end.Format(time.DateOnly),
			RatingDueDate: end.AddDate(0, 0, dueDays).Format(time.DateOnly),
		})
	}
	return out
}

// SubPeriods returns the year's periods by its cadence and due days.
func (p Period) SubPeriods() []SubPeriod { return SubPeriods(p.Year, p.Cadence, p.RatingDueDays) }

// SubPeriod returns the year's period id, and whether there is one.
func (p Period) SubPeriod(id string) (SubPeriod, bool) {
	for _, s := range p.SubPeriods() {
		if s.ID == id {
			return s, true
		}
	}
	return SubPeriod{}, false
}

// SubPeriodOn returns the year's period that date (YYYY-MM-DD) falls in, and whether it falls
// in the year.
func (p Period) SubPeriodOn(date string) (SubPeriod, bool) {
	for _, s := range p.SubPeriods() {
		if s.Start <= date && date <= s.End {
			return s, true
		}
	}
	return SubPeriod{}, false
}
