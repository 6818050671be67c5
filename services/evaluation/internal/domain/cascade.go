package domain

// Cascading (intervensi, PermenPANRB 6/2022): every work result of an SKP cascades from a result
// of the appraiser's SKP in force for the same year, up to the agency head's, whose results come
// from the agency's plan (Renstra / Perjanjian Kinerja). Trace checks one SKP against its
// appraiser's; CheckCascade checks an agency's whole tree in memory.

import (
	"fmt"
	"slices"
	"sort"
)

// CascadeBreak is a result (or a whole SKP, Result "") that does not trace to its parent.
type CascadeBreak struct {
	Skp    string // the SKP's id
	Result string // the result's id; "" when the whole SKP is the problem
	Index  int    // the result's index in the SKP; -1 with Result ""
	Reason string
}

// Trace checks that every result of s traces: an agency head's to the agency's plan (a
// plan_reference), anyone else's to a result of parent, their appraiser's SKP in force for the
// year (found false when the appraiser has none). A missing parent SKP is one break for the whole
// SKP.
func Trace(s Skp, parent Skp, found bool) []CascadeBreak {
	var out []CascadeBreak
	if s.AgencyHead {
		for i, r := range s.Results {
			if r.PlanReference == "" {
				out = append(out, CascadeBreak{s.ID, r.ID, i, "an agency head's result needs the plan target it comes from (plan_reference)"})
			}
		}
		return out
	}
	if !found || parent.Employee != s.Appraiser || parent.Year != s.Year || !parent.InForce() {
		return []CascadeBreak{{s.ID, "", -1, fmt.Sprintf("the appraiser %s has no approved SKP for %d", s.Appraiser, s.Year)}}
	}
	for i, r := range s.Results {
		switch {
		case r.ParentResult == "":
			out = append(out, CascadeBreak{s.ID, r.ID, i, fmt.Sprintf("the result cascades from no result of the appraiser's SKP skps/%s", parent.ID)})
		case r.ParentSkp != parent.ID:
			out = append(out, CascadeBreak{s.ID, r.ID, i, fmt.Sprintf("the result cascades from skps/%s, which is not the appraiser's SKP in force (skps/%s)", r.ParentSkp, parent.ID)})
		default:
			if _, ok := parent.Result(r.ParentResult); !ok {
				out = append(out, CascadeBreak{s.ID, r.ID, i, fmt.Sprintf("the appraiser's SKP skps/%s has no result %s", parent.ID, r.ParentResult)})
			}
		}
	}
	return out
}

// Dependants returns, for each result id of s that results would no longer have, the SKPs in
// force (among children, SKPs of the holder's appraisees) that cascade from it, sorted: a
// revision may not remove a result others cascade from.
func Dependants(s Skp, results []WorkResult, children []Skp) map[string][]string {
	kept := map[string]bool{}
	for _, r := range results {
		kept[r.ID] = true
	}
	out := map[string][]string{}
	for _, c := range children {
		if !c.InForce() || c.ID == s.ID {
			continue
		}
		for _, r := range c.Results {
			if r.ParentSkp == s.ID && !kept[r.ParentResult] && !slices.Contains(out[r.ParentResult], c.ID) {
				out[r.ParentResult] = append(out[r.ParentResult], c.ID)
			}
		}
	}
	for _, ids := range out {
		sort.Strings(ids)
	}
	return out
}

// CascadeReport is what checking an agency's tree found.
type CascadeReport struct {
	SkpsChecked    int
	ResultsChecked int
	Breaks         []CascadeBreak // in SKP id order, then result order
}

// CheckCascade traces every SKP in force among skps (an agency's for a year) to its appraiser's
// SKP in force, found in byHolder (the SKPs in force of the year by holder, the agency's and
// those of appraisers outside it).
func CheckCascade(skps []Skp, byHolder map[string]Skp) CascadeReport {
	var rep CascadeReport
	sorted := make([]Skp, 0, len(skps))
	for _, s := range skps {
		if s.InForce() {
			sorted = append(sorted, s)
		}
	}
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].ID < sorted[j].ID })
	for _, s := range sorted {
		rep.SkpsChecked++
		rep.ResultsChecked += len(s.Results)
		parent, found := byHolder[s.Appraiser]
		if s.AgencyHead {
			found = false
		}
		rep.Breaks = append(rep.Breaks, Trace(s, parent, found)...)
	}
	return rep
}
