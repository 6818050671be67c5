package domain

import (
	"strings"
	"testing"
)

// tree is a small agency: the head (plan references), a kabid cascading from the head, two
// staff cascading from the kabid.
func tree() []Skp {
	head := Skp{ID: "2026-h-1", Employee: "h", Year: 2026, AgencyHead: true, State: SkpApproved, Approved: true,
		Results: []WorkResult{{ID: "r1", PlanReference: "Renstra sasaran 1"}, {ID: "r2", PlanReference: "Renstra sasaran 2"}}}
	kabid := Skp{ID: "2026-k-1", Employee: "k", Appraiser: "h", Year: 2026, State: SkpApproved, Approved: true,
		Results: []WorkResult{{ID: "r1", ParentSkp: "2026-h-1", ParentResult: "r1"}, {ID: "r2", ParentSkp: "2026-h-1", ParentResult: "r2"}}}
	s1 := Skp{ID: "2026-s1-1", Employee: "s1", Appraiser: "k", Year: 2026, State: SkpApproved, Approved: true,
		Results: []WorkResult{{ID: "r1", ParentSkp: "2026-k-1", ParentResult: "r1"}}}
	s2 := Skp{ID: "2026-s2-1", Employee: "s2", Appraiser: "k", Year: 2026, State: SkpDraft, Approved: true,
		Results: []WorkResult{{ID: "r1", ParentSkp: "2026-k-1", ParentResult: "r2"}}}
	return []Skp{head, kabid, s1, s2}
}

func byHolder(skps []Skp) map[string]Skp {
	m := map[string]Skp{}
	for _, s := range skps {
		if s.InForce() {
			m[s.Employee] = s
		}
	}
	return m
}

// TestCheckCascade finds each kind of break in an agency's tree.
func TestCheckCascade(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(ts []Skp) []Skp
		breaks []string // "skp/result: reason fragment"
	}{
		{"whole", func(ts []Skp) []Skp { return ts }, nil},
		{"missing parent result", func(ts []Skp) []Skp { ts[2].Results[0].ParentResult = "r4"; return ts },
			[]string{"2026-s1-1/r1: the appraiser's SKP skps/2026-k-1 has no result r4"}},
		{"appraiser without SKP in force", func(ts []Skp) []Skp { ts[1].State = SkpClosed; return ts },
			[]string{"2026-s1-1/: the appraiser k has no approved SKP for 2026", "2026-s2-1/: the appraiser k has no approved SKP for 2026"}},
		{"parent of another SKP", func(ts []Skp) []Skp { ts[3].Results[0].ParentSkp = "2026-k-0"; return ts },
			[]string{"2026-s2-1/r1: the result cascades from skps/2026-k-0, which is not the appraiser's SKP in force (skps/2026-k-1)"}},
		{"head without plan", func(ts []Skp) []Skp { ts[0].Results[1].PlanReference = ""; return ts },
			[]string{"2026-h-1/r2: an agency head's result needs the plan target"}},
		{"not in force is not checked", func(ts []Skp) []Skp { ts[3].Approved = false; ts[3].Results[0].ParentResult = "r9"; return ts }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := tt.edit(tree())
			rep := CheckCascade(ts, byHolder(ts))
			var got []string
			for _, b := range rep.Breaks {
				got = append(got, b.Skp+"/"+b.Result+": "+b.Reason)
			}
			if len(got) != len(tt.breaks) {
				t.Fatalf("breaks = %q, want %q", got, tt.breaks)
			}
			for i := range got {
				if !strings.HasPrefix(got[i], tt.breaks[i]) {
					t.Errorf("break %d = %q, want %q", i, got[i], tt.breaks[i])
				}
			}
		})
	}
	rep := CheckCascade(tree(), byHolder(tree()))
	if rep.SkpsChecked != 4 || rep.ResultsChecked != 6 {
		t.Fatalf("checked %d SKPs and %d results, want 4 and 6", rep.SkpsChecked, rep.ResultsChecked)
	}
}

// TestDependants names the results a revision may not drop and who cascades from them.
func TestDependants(t *testing.T) {
	ts := tree()
	kabid := ts[1]
	deps := Dependants(kabid, kabid.Results[:1], ts)
	if len(deps) != 1 || len(deps["r2"]) != 1 || deps["r2"][0] != "2026-s2-1" {
		t.Fatalf("dropping r2: %v", deps)
	}
	if deps := Dependants(kabid, kabid.Results, ts); len(deps) != 0 {
		t.Fatalf("keeping both: %v", deps)
	}
}
