package domain

// Periodic and annual ratings (issue 11 §3; PermenPANRB 6/2022): at each period's end the
// appraiser rates results and behaviour above, meets or below expectations with reasons, and
// the predicate follows the matrix (PredicateOf), never typed; the annual rating follows the
// same matrix and is finalised once, against the agency's distribution bound.

import (
	"fmt"
	"strings"
	"time"

	"github.com/simpeg-id/simpeg/platform/errs"
)

// The lengths of a rating's reasons, in characters.
const (
	MinRatingReason = 3
	MaxRatingReason = 4000
)

// PeriodRated announces an SKP rated (or re-rated) for a period.
type PeriodRated struct {
	event
	Skp    Skp
	Rating PeriodRating
}

// AnnualRatingFinalised announces an annual rating finalised by the appraiser; training keeps
// a predicate below Baik as a performance gap.
type AnnualRatingFinalised struct {
	event
	Rating AnnualRating
}

// NewRating validates r and returns it with its predicate from the matrix (whatever predicate
// was sent is ignored). Violations name the rating's fields (results, results_reason,
// behaviour, behaviour_reason).
func NewRating(r Rating) (Rating, error) {
	var v errs.Violations
	if !r.Results.Valid() {
		v.Add("results", "must be above, meets or below expectations, got %q", r.Results)
	}
	if !r.Behaviour.Valid() {
		v.Add("behaviour", "must be above, meets or below expectations, got %q", r.Behaviour)
	}
	r.ResultsReason, r.BehaviourReason = strings.TrimSpace(r.ResultsReason), strings.TrimSpace(r.BehaviourReason)
	checkRatingReason(&v, "results_reason", r.ResultsReason)
	checkRatingReason(&v, "behaviour_reason", r.BehaviourReason)
	if err := v.Err(); err != nil {
		return Rating{}, err
	}
	r.Predicate = PredicateOf(r.Results, r.Behaviour)
	return r, nil
}

// checkRatingReason adds a violation of field to v unless reason is MinRatingReason to MaxRatingReason
// characters.
func checkRatingReason(v *errs.Violations, field, reason string) {
	if n := len([]rune(reason)); n < MinRatingReason || n > MaxRatingReason {
		v.Add(field, "must be %d to %d characters, got %d", MinRatingReason, MaxRatingReason, n)
	}
}

// CheckPeriodRateable checks that SKP s may be rated for its year's period sub today (WIB,
// YYYY-MM-DD): the SKP has been approved (a closed one for the periods it covered), the period
// has ended and it overlaps the SKP's dates.
func CheckPeriodRateable(s Skp, sub SubPeriod, today string) error {
	if !s.Approved {
		return errs.Preconditionf("SKP %s has not been approved (it is %s): only an approved SKP is rated", s.ID, s.State)
	}
	if today <= sub.End {
		return errs.Preconditionf("period %s of %d ends on %s: it may be rated from the day after", sub.ID, s.Year, sub.End)
	}
	start, end := s.dates()
	if sub.End < start || end < sub.Start {
		return errs.Preconditionf("SKP %s runs from %s to %s, outside period %s (%s to %s)", s.ID, start, end, sub.ID, sub.Start, sub.End)
	}
	return nil
}

// dates are the SKP's first and last day, the year's bounds when not set.
func (s Skp) dates() (start, end string) {
	start, end = s.StartDate, s.EndDate
	if start == "" {
		start = fmt.Sprintf("%04d-01-01", s.Year)
	}
	if end == "" {
		end = fmt.Sprintf("%04d-12-31", s.Year)
	}
	return start, end
}

// RatePeriod returns the rating r of SKP s for period by by at now, over the stored one
// (nil for a first rating) whose version it bumps. r must be valid (NewRating).
func RatePeriod(s Skp, period string, r Rating, stored *PeriodRating, by string, now time.Time) PeriodRating {
	out := PeriodRating{Skp: s.ID, Period: period, Rating: r, RatedBy: by, Version: 1, Rated: now}
	if stored != nil {
		out.Version = stored.Version + 1
	}
	return out
}

// AnnualFrom is the first day of a year on which its annual ratings may be finalised: 1
// December. PermenPANRB 6/2022 has the annual evaluation at the year's end; the service opens
// it in the year's last month so that appraisers finish before the new year, a service choice.
func AnnualFrom(year int) string { return fmt.Sprintf("%04d-12-01", year) }

// CheckFinalisable checks that SKP s's annual rating may be finalised today (WIB): the SKP has
// been approved, and it is 1 December of its year or later (AnnualFrom) — or, for an SKP closed
// before the year's end, the day after its last day or later.
func CheckFinalisable(s Skp, today string) error {
	if !s.Approved {
		return errs.Preconditionf("SKP %s has not been approved (it is %s): only an approved SKP is rated", s.ID, s.State)
	}
	_, end := s.dates()
	if today >= AnnualFrom(s.Year) || (s.State == SkpClosed && today > end) {
		return nil
	}
	if s.State == SkpClosed {
		return errs.Preconditionf("SKP %s runs until %s: its annual rating may be finalised from the day after", s.ID, end)
	}
	return errs.Preconditionf("the annual ratings of %d may be finalised from %s; today is %s", s.Year, AnnualFrom(s.Year), today)
}

// FinaliseAnnual returns SKP s's annual rating r finalised by by at now, with the objection
// deadline objectionDays after today (WIB) and its first history step. r must be valid
// (NewRating).
func FinaliseAnnual(s Skp, r Rating, by, today string, objectionDays int, now time.Time) AnnualRating {
	return AnnualRating{
		Skp: s.ID, Employee: s.Employee, Year: s.Year, Agency: s.Agency, Unit: s.Unit, Rating: r,
		State: AnnualFinalised, RatedBy: by, Finalised: now, ObjectionDeadline: ratingPlusDays(today, objectionDays),
		Counted: s.Latest, Version: 1,
		History: []RatingStep{{Action: "finalised", Actor: by, Predicate: r.Predicate, Note: ratingReasons(r), Time: now}},
	}
}

// reasons joins a rating's two reasons for the history.
func ratingReasons(r Rating) string {
	return "results " + string(r.Results) + ": " + r.ResultsReason + "; behaviour " + string(r.Behaviour) + ": " + r.BehaviourReason
}

// ratingPlusDays returns date (YYYY-MM-DD) plus n days.
func ratingPlusDays(date string, n int) string {
	d, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return date
	}
	return d.AddDate(0, 0, n).Format(time.DateOnly)
}
