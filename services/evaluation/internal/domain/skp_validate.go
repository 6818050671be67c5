package domain

// Validation of an SKP's content, split by case: the results as a draft may hold them
// (ValidateSkpDraft), what a proposal needs besides (ValidateSkpComplete), and the appraiser's
// behaviour expectations (ValidateExpectations). Fields are named as in the proto, relative to
// the SKP ("results[1].indicators[0].targets"); the app prefixes "skp.".

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/simpeg-id/simpeg/platform/errs"
)

// skpPartID is the form of a result or indicator id given by the holder: it appears in
// resource names ("skps/{id}/results/{result}", realisations' "{result}.{indicator}.{period}").
var skpPartID = regexp.MustCompile(`^[A-Za-z0-9_-]{1,20}$`)

// skpAspects are the aspects a target may measure.
var skpAspects = []TargetAspect{Quantity, Quality, Time, Cost}

// skpText checks that text has between lo and hi characters.
func skpText(field, text string, lo, hi int) error {
	if n := utf8.RuneCountInString(text); n < lo || n > hi {
		return errs.Invalidf(field, "must have %d to %d characters, has %d", lo, hi, n)
	}
	return nil
}

// skpAddText adds a violation of field to v when text has not lo to hi characters.
func skpAddText(v *errs.Violations, field, text string, lo, hi int) {
	if n := utf8.RuneCountInString(text); n < lo || n > hi {
		v.Add(field, "must have %d to %d characters, has %d", lo, hi, n)
	}
}

// TrimResults returns results with their texts trimmed of surrounding space.
func TrimResults(results []WorkResult) []WorkResult {
	out := make([]WorkResult, len(results))
	for i, r := range results {
		r.ID, r.Text, r.PlanReference = strings.TrimSpace(r.ID), strings.TrimSpace(r.Text), strings.TrimSpace(r.PlanReference)
		inds := make([]Indicator, len(r.Indicators))
		for j, in := range r.Indicators {
			in.ID, in.Text = strings.TrimSpace(in.ID), strings.TrimSpace(in.Text)
			ts := make([]Target, len(in.Targets))
			for k, t := range in.Targets {
				t.Value = strings.TrimSpace(t.Value)
				ts[k] = t
			}
			in.Targets = ts
			inds[j] = in
		}
		r.Indicators = inds
		out[i] = r
	}
	return out
}

// ValidateSkpDraft checks results as an SKP of an agency head (head) or of anyone else may hold
// them while drafted (PermenPANRB 6/2022; the limits are the service's): at most 20 results of
// 3 to 1000 characters with unique ids; at most 10 indicators each, of 3 to 500 characters with
// ids unique in their result; at most 4 targets an indicator, one per aspect, of 1 to 200
// characters. A head's results come from the agency's plan (plan_reference, 3 to 500
// characters, no parent_result); anyone else's cascade from their appraiser's
// (parent_result "skps/{id}/results/{result}", no plan_reference). A draft may be incomplete:
// no results, a result without indicators or parent yet (ValidateSkpComplete is the proposal's
// check).
func ValidateSkpDraft(results []WorkResult, head bool) error {
	var v errs.Violations
	if len(results) > MaxResults {
		v.Add("results", "at most %d work results, has %d", MaxResults, len(results))
	}
	seen := map[string]int{}
	for i, r := range results {
		f := fmt.Sprintf("results[%d]", i)
		skpCheckID(&v, f+".id", r.ID, seen, i)
		skpAddText(&v, f+".text", r.Text, 3, 1000)
		if head {
			skpCheckHead(&v, f, r)
		} else {
			skpCheckCascaded(&v, f, r)
		}
		skpCheckIndicators(&v, f, r.Indicators)
	}
	return v.Err()
}

// skpCheckID checks a given id's form and that no earlier part (at an index other than i) has
// it; an empty id is assigned later.
func skpCheckID(v *errs.Violations, field, id string, seen map[string]int, i int) {
	if id == "" {
		return
	}
	if !skpPartID.MatchString(id) {
		v.Add(field, "must be 1 to 20 letters, digits, '-' or '_', got %q", id)
		return
	}
	if j, dup := seen[id]; dup && j != i {
		v.Add(field, "%q is already the id of item %d", id, j)
		return
	}
	seen[id] = i
}

// skpCheckHead: an agency head's result comes from the agency's plan.
func skpCheckHead(v *errs.Violations, f string, r WorkResult) {
	skpAddText(v, f+".plan_reference", r.PlanReference, 3, 500)
	if r.ParentSkp != "" || r.ParentResult != "" {
		v.Add(f+".parent_result", "an agency head's result comes from the agency's plan (plan_reference), not from another SKP")
	}
}

// skpCheckCascaded: anyone else's result cascades from their appraiser's.
func skpCheckCascaded(v *errs.Violations, f string, r WorkResult) {
	if r.PlanReference != "" {
		v.Add(f+".plan_reference", "only an agency head's result refers to the agency's plan; this one cascades from the appraiser's (parent_result)")
	}
	if (r.ParentSkp != "" || r.ParentResult != "") && (r.ParentResult == "" || !skpPartID.MatchString(r.ParentResult)) {
		v.Add(f+".parent_result", "must look like skps/{id}/results/{result}, got %q", r.ParentSkp+r.ParentResult)
	}
}

// skpCheckIndicators checks a result's indicators and their targets.
func skpCheckIndicators(v *errs.Violations, f string, inds []Indicator) {
	if len(inds) > MaxIndicators {
		v.Add(f+".indicators", "at most %d indicators, has %d", MaxIndicators, len(inds))
	}
	seen := map[string]int{}
	for j, in := range inds {
		g := f + ".indicators[" + strconv.Itoa(j) + "]"
		skpCheckID(v, g+".id", in.ID, seen, j)
		skpAddText(v, g+".text", in.Text, 3, 500)
		skpCheckTargets(v, g, in.Targets)
	}
}

// skpCheckTargets: at most one target per aspect, each 1 to 200 characters.
func skpCheckTargets(v *errs.Violations, g string, ts []Target) {
	if len(ts) > MaxTargets {
		v.Add(g+".targets", "at most %d targets (one per aspect), has %d", MaxTargets, len(ts))
		return
	}
	aspects := map[TargetAspect]bool{}
	for k, t := range ts {
		h := g + ".targets[" + strconv.Itoa(k) + "]"
		switch {
		case !skpValidAspect(t.Aspect):
			v.Add(h+".aspect", "must be quantity, quality, time or cost")
		case aspects[t.Aspect]:
			v.Add(h+".aspect", "%s has a target already: one target per aspect", t.Aspect)
		}
		aspects[t.Aspect] = true
		skpAddText(v, h+".value", t.Value, 1, 200)
	}
}

func skpValidAspect(a TargetAspect) bool {
	for _, x := range skpAspects {
		if a == x {
			return true
		}
	}
	return false
}

// ValidateSkpComplete checks what a proposal needs beyond a valid draft: at least one result,
// each with at least one indicator with at least one target, and every result of an SKP other
// than an agency head's naming the appraiser's result it cascades from.
func ValidateSkpComplete(s Skp) error {
	var v errs.Violations
	if len(s.Results) == 0 {
		v.Add("results", "an SKP is proposed with at least one work result")
	}
	for i, r := range s.Results {
		f := fmt.Sprintf("results[%d]", i)
		if !s.AgencyHead && r.ParentResult == "" {
			v.Add(f+".parent_result", "is required: the result cascades from a result of the appraiser's SKP (intervensi)")
		}
		if len(r.Indicators) == 0 {
			v.Add(f+".indicators", "a work result is proposed with at least one indicator")
		}
		for j, in := range r.Indicators {
			if len(in.Targets) == 0 {
				v.Add(fmt.Sprintf("%s.indicators[%d].targets", f, j), "an indicator is proposed with at least one target")
			}
		}
	}
	return v.Err()
}

// ValidateExpectations checks the appraiser's behaviour expectations: known behaviours, each at
// most once, each expectation at most 1000 characters. The field is "behaviours[i]".
func ValidateExpectations(es []BehaviourExpectation) error {
	var v errs.Violations
	seen := map[Behaviour]bool{}
	for i, e := range es {
		f := fmt.Sprintf("behaviours[%d]", i)
		switch {
		case !e.Behaviour.Valid():
			v.Add(f+".behaviour", "must be one of the seven BerAKHLAK behaviours")
		case seen[e.Behaviour]:
			v.Add(f+".behaviour", "%s is given twice", e.Behaviour)
		}
		seen[e.Behaviour] = true
		skpAddText(&v, f+".expectation", strings.TrimSpace(e.Expectation), 0, MaxExpectationLen)
	}
	return v.Err()
}

// AssignIDs gives every result without an id the next free "r{n}" and every indicator without
// one the next free "i{n}" of its result; ids given are kept. Results are copied.
func AssignIDs(results []WorkResult) []WorkResult {
	out := make([]WorkResult, len(results))
	next := skpNextID("r", len(results), func(i int) string { return results[i].ID })
	for i, r := range results {
		if r.ID == "" {
			r.ID = next()
		}
		inds := make([]Indicator, len(r.Indicators))
		copy(inds, r.Indicators)
		nextInd := skpNextID("i", len(inds), func(j int) string { return inds[j].ID })
		for j := range inds {
			if inds[j].ID == "" {
				inds[j].ID = nextInd()
			}
		}
		r.Indicators = inds
		out[i] = r
	}
	return out
}

// skpNextID returns a generator of prefix+n ids, n from 1, skipping those among the n ids id
// returns.
func skpNextID(prefix string, n int, id func(int) string) func() string {
	taken := map[string]bool{}
	for i := range n {
		taken[id(i)] = true
	}
	k := 0
	return func() string {
		for {
			k++
			if c := prefix + strconv.Itoa(k); !taken[c] {
				taken[c] = true
				return c
			}
		}
	}
}
