package domain

import (
	"errors"
	"fmt"
	"math"
	"strings"
)

// Policy is the deployment's evaluation policy.
type Policy struct {
	// Cadence is the periodic evaluation's default cadence for a new year (PermenPANRB 6/2022:
	// quarterly; monthly allowed).
	Cadence Cadence
	// ObjectionDays is how many calendar days after finalisation the holder may object (PP
	// 30/2019 art. 59: 14 days from receiving the rating).
	ObjectionDays int
	// RatingDueDays is how many days after a period's end its rating is due, for a year that
	// does not set its own; the service's default (14), not a regulation's figure.
	RatingDueDays int
	// Bounds are the distribution rules per organisation predicate (DistributionBounds).
	Bounds map[OrganisationPredicate][]Bound
}

// DefaultPolicy is the policy with the documented defaults.
func DefaultPolicy() Policy {
	return Policy{Cadence: Quarterly, ObjectionDays: 14, RatingDueDays: 14, Bounds: DistributionBounds()}
}

// Validate reports a policy that cannot work.
func (p Policy) Validate() error {
	var errList []error
	if p.Cadence != Quarterly && p.Cadence != Monthly {
		errList = append(errList, fmt.Errorf("cadence %q: want quarterly or monthly", p.Cadence))
	}
	if p.ObjectionDays < 1 || p.ObjectionDays > 90 {
		errList = append(errList, fmt.Errorf("objection days %d: want 1 to 90", p.ObjectionDays))
	}
	if p.RatingDueDays < 0 || p.RatingDueDays > 90 {
		errList = append(errList, fmt.Errorf("rating due days %d: want 0 to 90", p.RatingDueDays))
	}
	for _, o := range OrganisationPredicates() {
		for i, b := range p.Bounds[o] {
			if err := b.Validate(); err != nil {
				errList = append(errList, fmt.Errorf("bound %d of %s: %w", i+1, o, err))
			}
		}
	}
	return errors.Join(errList...)
}

// Bound is one rule of the distribution policy: of an agency's rated population (its employees
// with an approved SKP that year), at most (AtMost) or at least Percent per cent — and for an
// at-least rule never fewer than MinCount — may hold one of Predicates.
type Bound struct {
	Predicates []Predicate `json:"predicates"`
	AtMost     bool        `json:"at_most"`
	Percent    int         `json:"percent"`
	MinCount   int         `json:"min_count,omitempty"`
}

// Validate reports a rule that cannot work.
func (b Bound) Validate() error {
	if len(b.Predicates) == 0 {
		return errors.New("names no predicate")
	}
	for _, p := range b.Predicates {
		if !p.Valid() {
			return fmt.Errorf("predicate %q is not one of %v", p, Predicates())
		}
	}
	if b.Percent < 0 || b.Percent > 100 {
		return fmt.Errorf("percent %d: want 0 to 100", b.Percent)
	}
	if b.MinCount < 0 || (b.AtMost && b.MinCount > 0) {
		return fmt.Errorf("min count %d: only an at-least rule has one, 0 or more", b.MinCount)
	}
	return nil
}

// Limit is the rule as a count of population: an at-most rule rounds down (the share is never
// exceeded), an at-least rule rounds up and is never below MinCount nor above the population.
func (b Bound) Limit(population int) int {
	exact := float64(b.Percent) * float64(population) / 100
	if b.AtMost {
		return int(math.Floor(exact + 1e-9))
	}
	n := max(int(math.Ceil(exact-1e-9)), b.MinCount)
	return min(n, population)
}

// Counts reports whether p is one of the rule's predicates.
func (b Bound) Counts(p Predicate) bool {
	for _, q := range b.Predicates {
		if q == p {
			return true
		}
	}
	return false
}

// Describe is the rule in words, e.g. "at most 70 % Sangat Baik or Baik".
func (b Bound) Describe() string {
	names := make([]string, len(b.Predicates))
	for i, p := range b.Predicates {
		names[i] = p.Label()
	}
	what := strings.Join(names, " or ")
	if b.AtMost {
		return fmt.Sprintf("at most %d %% %s", b.Percent, what)
	}
	if b.Percent == 0 {
		return fmt.Sprintf("at least %d %s", b.MinCount, what)
	}
	return fmt.Sprintf("at least %d %% %s", b.Percent, what)
}

// DistributionBounds are the default rules per organisation predicate, from the guide to the
// distribution of employees' predicates in the annex of PermenPANRB 6/2022 (as summarised in
// public material, e.g. naikpangkat.com's summary of the evaluation stages), with DOMAIN.md's
// reading of the Baik row ("at most 70 % Baik or better"):
//
//	Istimewa        at most 70 % Sangat Baik
//	Baik            at most 70 % Sangat Baik or Baik; at least 1 Butuh Perbaikan or Kurang
//	Butuh Perbaikan at least 60 % Butuh Perbaikan; at most 10 % Sangat Baik
//	Kurang          at least 60 % Kurang; at least 10 % Butuh Perbaikan; at most 10 % Sangat Baik
//	Sangat Kurang   at least 60 % Sangat Kurang; at least 10 % Kurang or Butuh Perbaikan;
//	                no Sangat Baik (at most 0 %)
//
// The guide's "must have" for a Baik agency ("harus ada pegawai dengan predikat Butuh
// Perbaikan dan/atau Kurang") is the at-least-1 rule. It is *policy*: a deployment may replace
// the table (SIMPEG_EVALUATION_DISTRIBUTION_FILE).
func DistributionBounds() map[OrganisationPredicate][]Bound {
	return map[OrganisationPredicate][]Bound{
		OrgIstimewa: {
			{Predicates: []Predicate{SangatBaik}, AtMost: true, Percent: 70},
		},
		OrgBaik: {
			{Predicates: []Predicate{SangatBaik, Baik}, AtMost: true, Percent: 70},
			{Predicates: []Predicate{ButuhPerbaikan, Kurang}, Percent: 0, MinCount: 1},
		},
		OrgButuhPerbaikan: {
			{Predicates: []Predicate{ButuhPerbaikan}, Percent: 60},
			{Predicates: []Predicate{SangatBaik}, AtMost: true, Percent: 10},
		},
		OrgKurang: {
			{Predicates: []Predicate{Kurang}, Percent: 60},
			{Predicates: []Predicate{ButuhPerbaikan}, Percent: 10},
			{Predicates: []Predicate{SangatBaik}, AtMost: true, Percent: 10},
		},
		OrgSangatKurang: {
			{Predicates: []Predicate{SangatKurang}, Percent: 60},
			{Predicates: []Predicate{Kurang, ButuhPerbaikan}, Percent: 10},
			{Predicates: []Predicate{SangatBaik}, AtMost: true, Percent: 0},
		},
	}
}
