package domain

// The agency's distribution bound (issue 11 §3; PermenPANRB 6/2022's annex, DistributionBounds):
// the organisation predicate city HR sets for an agency and year bounds the spread of its
// employees' annual predicates. The population is the agency's employees whose latest SKP of
// the year has been approved; the counts are the annual predicates of those latest SKPs.

import (
	"fmt"
	"strings"
	"time"

	"github.com/simpeg-id/simpeg/platform/errs"
)

// ReasonDistributionBound is the reason of a refusal by the distribution bound.
const ReasonDistributionBound = "DISTRIBUTION_BOUND"

// OrganisationRatingSet announces an agency's predicate for a year set or changed by city HR.
type OrganisationRatingSet struct {
	event
	Rating OrganisationRating
}

// Label is the organisation predicate as the regulation writes it ("Butuh Perbaikan").
func (o OrganisationPredicate) Label() string {
	switch o {
	case OrgIstimewa:
		return "Istimewa"
	case OrgBaik:
		return "Baik"
	case OrgButuhPerbaikan:
		return "Butuh Perbaikan"
	case OrgKurang:
		return "Kurang"
	case OrgSangatKurang:
		return "Sangat Kurang"
	}
	return string(o)
}

// MaxOrganisationNote is the longest note of an organisation rating, in characters.
const MaxOrganisationNote = 2000

// NewOrganisationRating validates city HR's rating in, set by by at now over the stored one
// (nil when there is none), and returns it with its version bumped. Violations name the
// rating's fields (predicate, note).
func NewOrganisationRating(in OrganisationRating, stored *OrganisationRating, by string, now time.Time) (OrganisationRating, error) {
	var v errs.Violations
	if !in.Predicate.Valid() {
		v.Add("predicate", "must be one of %v, got %q", OrganisationPredicates(), in.Predicate)
	}
	if n := len([]rune(in.Note)); n > MaxOrganisationNote {
		v.Add("note", "must be at most %d characters, got %d", MaxOrganisationNote, n)
	}
	if err := v.Err(); err != nil {
		return OrganisationRating{}, err
	}
	out := OrganisationRating{Year: in.Year, Agency: in.Agency, Predicate: in.Predicate, Note: strings.TrimSpace(in.Note),
		SetBy: by, Version: 1, Updated: now}
	if stored != nil {
		out.Version = stored.Version + 1
	}
	return out, nil
}

// Tally is an agency's (or a unit's) population and annual predicates for a year.
type Tally struct {
	// Population is the employees whose latest SKP of the year has been approved.
	Population int
	// Counts are the annual predicates of those latest SKPs.
	Counts map[Predicate]int
}

// Rated is how many of the population have an annual predicate.
func (t Tally) Rated() int {
	n := 0
	for _, c := range t.Counts {
		n += c
	}
	return n
}

// Add returns t with other's population and counts added.
func (t Tally) Add(other Tally) Tally {
	out := Tally{Population: t.Population + other.Population, Counts: map[Predicate]int{}}
	for p, c := range t.Counts {
		out.Counts[p] += c
	}
	for p, c := range other.Counts {
		out.Counts[p] += c
	}
	return out
}

// with returns t after an annual predicate changes from from ("" for a new one) to to.
func (t Tally) with(from, to Predicate) Tally {
	out := t.Add(Tally{})
	if from != "" {
		out.Counts[from]--
	}
	out.Counts[to]++
	return out
}

// count is how many of t hold one of b's predicates.
func (t Tally) count(b Bound) int {
	n := 0
	for _, p := range b.Predicates {
		n += t.Counts[p]
	}
	return n
}

// BoundStatus is one rule of the bound against a tally.
type BoundStatus struct {
	Bound   Bound
	Limit   int // Bound.Limit of the population
	Current int // how many hold its predicates
	// Satisfied: an at-most rule while Current ≤ Limit; an at-least rule while the employees
	// not yet rated can still bring Current to Limit.
	Satisfied bool
}

// slack is how far the rule is from breaking: negative when it is broken.
func (s BoundStatus) slack(t Tally) int {
	if s.Bound.AtMost {
		return s.Limit - s.Current
	}
	return (t.Population - t.Rated()) - max(0, s.Limit-s.Current)
}

// Statuses returns each rule of bounds against t.
func Statuses(bounds []Bound, t Tally) []BoundStatus {
	out := make([]BoundStatus, len(bounds))
	for i, b := range bounds {
		s := BoundStatus{Bound: b, Limit: b.Limit(t.Population), Current: t.count(b)}
		s.Satisfied = s.slack(t) >= 0
		out[i] = s
	}
	return out
}

// shortfall is how many more of the employees not yet rated the at-least rules need together,
// and how many are not yet rated.
func shortfall(st []BoundStatus, t Tally) (need, unrated int) {
	for _, s := range st {
		if !s.Bound.AtMost {
			need += max(0, s.Limit-s.Current)
		}
	}
	return need, t.Population - t.Rated()
}

// Bounded is an agency's year as the bound sees it.
type Bounded struct {
	Agency       string
	Year         int
	Organisation OrganisationPredicate // "" when city HR has not set it
	Bounds       []Bound               // the policy's rules for Organisation
	Tally        Tally                 // the agency's population and annual predicates now
}

// requireOrganisation refuses when city HR has not set the agency's predicate for the year.
func (b Bounded) requireOrganisation() error {
	if b.Organisation == "" {
		return errs.New(errs.FailedPrecondition, "city HR has not set %s's organisation predicate for %d: no annual rating of the agency can be finalised until it does",
			b.Agency, b.Year).WithReason(ReasonDistributionBound)
	}
	return nil
}

// CheckChange checks that an annual predicate of the agency may change from from ("" for a
// finalisation) to to: after it every at-most rule holds and the employees not yet rated can
// still meet every at-least rule, each alone and all together (PermenPANRB 6/2022's annex). A
// rule already broken before the change (the population shrank, say) refuses only a change
// that takes it further from holding, so a change that does not worsen it is not held hostage.
// A refusal is a FailedPrecondition error with reason DISTRIBUTION_BOUND naming the agency and
// its organisation predicate, the rule, its limit out of the population, the current count and
// what would satisfy it.
func (b Bounded) CheckChange(from, to Predicate) error {
	if err := b.requireOrganisation(); err != nil {
		return err
	}
	after := b.Tally.with(from, to)
	before, now := Statuses(b.Bounds, b.Tally), Statuses(b.Bounds, after)
	for i, s := range now {
		if s.slack(after) < 0 && s.slack(after) < before[i].slack(b.Tally) {
			return b.refuse(s, after, to)
		}
	}
	needBefore, unratedBefore := shortfall(before, b.Tally)
	need, unrated := shortfall(now, after)
	if need > unrated && need-unrated > needBefore-unratedBefore {
		return errs.New(errs.FailedPrecondition, "%s together need %d more of the %d employees of %s not yet rated, and %d remain after this %s. %s",
			b.atLeastRules(), need, b.Tally.Population, b.Agency, unrated, to.Label(), b.satisfy(b.atLeastPredicates()),
		).WithReason(ReasonDistributionBound)
	}
	return nil
}

// CheckAll checks the tally as it stands against the bounds, for a change of the organisation
// predicate: every at-most rule holds, and the employees not yet rated can still meet every
// at-least rule, alone and together. A refusal names the first rule broken.
func (b Bounded) CheckAll() error {
	st := Statuses(b.Bounds, b.Tally)
	for _, s := range st {
		if !s.Satisfied {
			return errs.New(errs.FailedPrecondition, "%s's organisation predicate %s for %d would break its rule %s (%d of the %d employees with an approved SKP): %s",
				b.Agency, b.Organisation.Label(), b.Year, s.Bound.Describe(), s.Limit, b.Tally.Population, b.stands(s),
			).WithReason(ReasonDistributionBound)
		}
	}
	if need, unrated := shortfall(st, b.Tally); need > unrated {
		return errs.New(errs.FailedPrecondition, "%s's organisation predicate %s for %d would break its rules %s: together they need %d more annual predicates and only %d of the %d employees are not yet rated",
			b.Agency, b.Organisation.Label(), b.Year, b.atLeastRules(), need, unrated, b.Tally.Population).WithReason(ReasonDistributionBound)
	}
	return nil
}

// refuse is the refusal of a change to to that breaks rule s.
func (b Bounded) refuse(s BoundStatus, after Tally, to Predicate) error {
	head := fmt.Sprintf("%s's organisation predicate for %d is %s, which allows %s: %d of the %d employees with an approved SKP",
		b.Agency, b.Year, b.Organisation.Label(), s.Bound.Describe(), s.Limit, b.Tally.Population)
	if s.Bound.AtMost {
		var others []Predicate
		for _, p := range Predicates() {
			if !s.Bound.Counts(p) {
				others = append(others, p)
			}
		}
		return errs.New(errs.FailedPrecondition, "%s; %d already hold it, and this %s would make %d. %s",
			head, s.Current-1, to.Label(), s.Current, b.satisfy(others)).WithReason(ReasonDistributionBound)
	}
	unrated := after.Population - after.Rated()
	return errs.New(errs.FailedPrecondition, "%s; %d hold it now, so %d more are needed and only %d employees would remain unrated after this %s. %s",
		head, s.Current, s.Limit-s.Current, unrated, to.Label(), b.satisfy(s.Bound.Predicates)).WithReason(ReasonDistributionBound)
}

// stands describes where rule s stands against the tally, for CheckAll.
func (b Bounded) stands(s BoundStatus) string {
	if s.Bound.AtMost {
		return fmt.Sprintf("%d already hold %s", s.Current, predicateLabels(s.Bound.Predicates))
	}
	return fmt.Sprintf("%d hold %s and only %d are not yet rated", s.Current, predicateLabels(s.Bound.Predicates), b.Tally.Population-b.Tally.Rated())
}

// satisfy says what would satisfy the bound: another predicate for this employee, or city HR
// reviewing the agency's predicate.
func (b Bounded) satisfy(ps []Predicate) string {
	return fmt.Sprintf("Rate this employee %s — or city HR may review %s's organisation predicate.", predicateLabels(ps), b.Agency)
}

// atLeastRules names the at-least rules.
func (b Bounded) atLeastRules() string {
	var out []string
	for _, r := range b.Bounds {
		if !r.AtMost {
			out = append(out, r.Describe())
		}
	}
	return strings.Join(out, " and ")
}

// atLeastPredicates are the predicates some at-least rule counts.
func (b Bounded) atLeastPredicates() []Predicate {
	var out []Predicate
	for _, p := range Predicates() {
		for _, r := range b.Bounds {
			if !r.AtMost && r.Counts(p) {
				out = append(out, p)
				break
			}
		}
	}
	return out
}

// labels lists predicates in words: "Butuh Perbaikan, Kurang or Sangat Kurang".
func predicateLabels(ps []Predicate) string {
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = p.Label()
	}
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}
