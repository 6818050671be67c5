package domain

import (
	"strings"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/errs"
)

// result is a complete cascaded work result with one indicator and one target.
func result(id, parentSkp, parentResult string) WorkResult {
	return WorkResult{ID: id, Text: "Aplikasi layanan publik terintegrasi", ParentSkp: parentSkp, ParentResult: parentResult,
		Indicators: []Indicator{{ID: "i1", Text: "Jumlah aplikasi terintegrasi", Targets: []Target{{Quantity, "4 aplikasi"}}}}}
}

// wantField fails unless err is an Invalid error naming field.
func wantField(t *testing.T, err error, field string) {
	t.Helper()
	e, ok := errs.As(err)
	if !ok || e.Kind != errs.Invalid {
		t.Fatalf("error = %v, want Invalid naming %s", err, field)
	}
	for _, v := range e.Violations {
		if v.Field == field {
			return
		}
	}
	t.Fatalf("error %v does not name %s", err, field)
}

// TestValidateSkpDraft checks each rule of a draft's results with its limits (PermenPANRB
// 6/2022 for the cascading and the plan reference; the service's limits for the rest).
func TestValidateSkpDraft(t *testing.T) {
	long := func(n int) string { return strings.Repeat("x", n) }
	tests := []struct {
		name  string
		head  bool
		edit  func(rs []WorkResult) []WorkResult
		field string // "" for valid
	}{
		{"complete", false, func(rs []WorkResult) []WorkResult { return rs }, ""},
		{"no results in a draft", false, func([]WorkResult) []WorkResult { return nil }, ""},
		{"no parent yet in a draft", false, func(rs []WorkResult) []WorkResult { rs[0].ParentSkp, rs[0].ParentResult = "", ""; return rs }, ""},
		{"21 results", false, func(rs []WorkResult) []WorkResult {
			for len(rs) < 21 {
				rs = append(rs, result("", "2026-x-1", "r1"))
			}
			return rs
		}, "results"},
		{"text of 2", false, func(rs []WorkResult) []WorkResult { rs[0].Text = "ab"; return rs }, "results[0].text"},
		{"text of 1000", false, func(rs []WorkResult) []WorkResult { rs[0].Text = long(1000); return rs }, ""},
		{"text of 1001", false, func(rs []WorkResult) []WorkResult { rs[0].Text = long(1001); return rs }, "results[0].text"},
		{"duplicate result id", false, func(rs []WorkResult) []WorkResult {
			return append(rs, result("r1", "2026-x-1", "r1"))
		}, "results[1].id"},
		{"result id with a dot", false, func(rs []WorkResult) []WorkResult { rs[0].ID = "r.1"; return rs }, "results[0].id"},
		{"11 indicators", false, func(rs []WorkResult) []WorkResult {
			for len(rs[0].Indicators) < 11 {
				rs[0].Indicators = append(rs[0].Indicators, Indicator{Text: "Indikator", Targets: []Target{{Time, "12 bulan"}}})
			}
			return rs
		}, "results[0].indicators"},
		{"indicator text of 501", false, func(rs []WorkResult) []WorkResult { rs[0].Indicators[0].Text = long(501); return rs }, "results[0].indicators[0].text"},
		{"duplicate indicator id", false, func(rs []WorkResult) []WorkResult {
			rs[0].Indicators = append(rs[0].Indicators, rs[0].Indicators[0])
			return rs
		}, "results[0].indicators[1].id"},
		{"5 targets", false, func(rs []WorkResult) []WorkResult {
			rs[0].Indicators[0].Targets = []Target{{Quantity, "1"}, {Quality, "2"}, {Time, "3"}, {Cost, "4"}, {Cost, "5"}}
			return rs
		}, "results[0].indicators[0].targets"},
		{"4 targets", false, func(rs []WorkResult) []WorkResult {
			rs[0].Indicators[0].Targets = []Target{{Quantity, "1"}, {Quality, "2"}, {Time, "3"}, {Cost, "4"}}
			return rs
		}, ""},
		{"two targets of one aspect", false, func(rs []WorkResult) []WorkResult {
			rs[0].Indicators[0].Targets = []Target{{Quantity, "1"}, {Quantity, "2"}}
			return rs
		}, "results[0].indicators[0].targets[1].aspect"},
		{"unknown aspect", false, func(rs []WorkResult) []WorkResult { rs[0].Indicators[0].Targets[0].Aspect = "speed"; return rs }, "results[0].indicators[0].targets[0].aspect"},
		{"empty target", false, func(rs []WorkResult) []WorkResult { rs[0].Indicators[0].Targets[0].Value = ""; return rs }, "results[0].indicators[0].targets[0].value"},
		{"target of 201", false, func(rs []WorkResult) []WorkResult { rs[0].Indicators[0].Targets[0].Value = long(201); return rs }, "results[0].indicators[0].targets[0].value"},
		{"bad parent", false, func(rs []WorkResult) []WorkResult {
			rs[0].ParentSkp, rs[0].ParentResult = SplitParent("skp/2026/r1")
			return rs
		}, "results[0].parent_result"},
		{"plan reference of a non-head", false, func(rs []WorkResult) []WorkResult { rs[0].PlanReference = "Renstra 2025-2029 sasaran 1"; return rs }, "results[0].plan_reference"},
		{"head without plan reference", true, func(rs []WorkResult) []WorkResult { rs[0].ParentSkp, rs[0].ParentResult = "", ""; return rs }, "results[0].plan_reference"},
		{"head with a parent", true, func(rs []WorkResult) []WorkResult { rs[0].PlanReference = "Renstra 2025-2029 sasaran 1"; return rs }, "results[0].parent_result"},
		{"head from the plan", true, func(rs []WorkResult) []WorkResult {
			rs[0].ParentSkp, rs[0].ParentResult, rs[0].PlanReference = "", "", "Renstra 2025-2029 sasaran 1"
			return rs
		}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidateSkpDraft(tt.edit([]WorkResult{result("r1", "2026-197001011995031001-1", "r2")}), tt.head)
			if tt.field == "" {
				if err != nil {
					t.Fatalf("valid results refused: %v", err)
				}
				return
			}
			wantField(t, err, tt.field)
		})
	}
}

// TestSplitParent reads parent_result names.
func TestSplitParent(t *testing.T) {
	tests := []struct{ name, skp, result string }{
		{"skps/2026-1970-1/results/r2", "2026-1970-1", "r2"},
		{"", "", ""},
		{"skps/2026-1970-1", "skps/2026-1970-1", ""},
		{"skps//results/r2", "skps//results/r2", ""},
		{"skps/a/b/results/r2", "skps/a/b/results/r2", ""},
	}
	for _, tt := range tests {
		if s, r := SplitParent(tt.name); s != tt.skp || r != tt.result {
			t.Errorf("SplitParent(%q) = %q, %q; want %q, %q", tt.name, s, r, tt.skp, tt.result)
		}
		if tt.result != "" && ParentName(tt.skp, tt.result) != tt.name {
			t.Errorf("ParentName(%q, %q) = %q", tt.skp, tt.result, ParentName(tt.skp, tt.result))
		}
	}
}

// TestAssignIDs keeps given ids and gives the others the next free ones.
func TestAssignIDs(t *testing.T) {
	rs := AssignIDs([]WorkResult{
		{Text: "a", Indicators: []Indicator{{Text: "x"}, {ID: "i1", Text: "y"}}},
		{ID: "r1", Text: "b"},
		{Text: "c"},
	})
	got := []string{rs[0].ID, rs[1].ID, rs[2].ID, rs[0].Indicators[0].ID, rs[0].Indicators[1].ID}
	want := []string{"r2", "r1", "r3", "i2", "i1"}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("ids = %v, want %v", got, want)
		}
	}
}

// TestSkpWorkflow walks the transitions and refuses each from a wrong state.
func TestSkpWorkflow(t *testing.T) {
	now := time.Date(2026, 2, 1, 1, 0, 0, 0, time.UTC)
	s := Skp{ID: "2026-1-1", Employee: "1", Year: 2026, State: SkpDraft, StartDate: "2026-01-01", EndDate: "2026-12-31",
		Results: []WorkResult{result("r1", "2026-2-1", "r1")}, Behaviours: NewBehaviours(), Version: 1}
	if _, err := s.Approve(nil, now); !errs.IsKind(err, errs.FailedPrecondition) {
		t.Fatalf("approving a draft: %v", err)
	}
	incomplete := s
	incomplete.Results = []WorkResult{{ID: "r1", Text: "Hasil", ParentSkp: "2026-2-1", ParentResult: "r1", Indicators: []Indicator{{ID: "i1", Text: "Indikator"}}}}
	_, err := incomplete.Propose(now)
	wantField(t, err, "results[0].indicators[0].targets")
	noParent := s
	noParent.Results = []WorkResult{result("r1", "", "")}
	_, err = noParent.Propose(now)
	wantField(t, err, "results[0].parent_result")
	p, err := s.Propose(now)
	if err != nil || p.State != SkpProposed || p.Version != 2 {
		t.Fatalf("propose: %+v, %v", p, err)
	}
	_, err = p.Return("ok", now)
	wantField(t, err, "comment")
	r, err := p.Return("Target kuantitas terlalu rendah", now)
	if err != nil || r.State != SkpReturned || r.ReturnComment != "Target kuantitas terlalu rendah" {
		t.Fatalf("return: %+v, %v", r, err)
	}
	p, _ = r.Propose(now)
	_, err = p.Approve([]BehaviourExpectation{{Kompeten, "a"}, {Kompeten, "b"}}, now)
	wantField(t, err, "behaviours[1].behaviour")
	_, err = p.Approve([]BehaviourExpectation{{Kompeten, strings.Repeat("x", 1001)}}, now)
	wantField(t, err, "behaviours[0].expectation")
	a, err := p.Approve([]BehaviourExpectation{{Kompeten, "Menguasai integrasi API"}}, now)
	if err != nil || a.State != SkpApproved || !a.Approved || a.Revision != 1 || len(a.Behaviours) != 7 || a.Behaviours[2].Expectation != "Menguasai integrasi API" {
		t.Fatalf("approve: %+v, %v", a, err)
	}
	d, err := a.Revise(now)
	if err != nil || d.State != SkpDraft || !d.Approved || !d.InForce() {
		t.Fatalf("revise: %+v, %v", d, err)
	}
	p, _ = d.Propose(now)
	a2, err := p.Approve([]BehaviourExpectation{{Loyal, "Menjaga rahasia jabatan"}}, now)
	if err != nil || a2.Revision != 2 || a2.Behaviours[2].Expectation != "Menguasai integrasi API" || a2.Behaviours[4].Expectation == "" {
		t.Fatalf("second approval: %+v, %v", a2, err)
	}
	c, err := a2.Close("Pensiun per 1 Juni", "2026-05-31", now)
	if err != nil || c.State != SkpClosed || c.EndDate != "2026-05-31" || c.InForce() {
		t.Fatalf("close: %+v, %v", c, err)
	}
	if _, err := c.Close("lagi", "2026-06-01", now); !errs.IsKind(err, errs.FailedPrecondition) {
		t.Fatalf("closing twice: %v", err)
	}
	_, err = a2.Close("x", "2026-05-31", now)
	wantField(t, err, "reason")
}

// TestContinue closes an SKP for a new appraiser and opens the next one.
func TestContinue(t *testing.T) {
	now := time.Date(2026, 7, 1, 1, 0, 0, 0, time.UTC)
	s := Skp{ID: "2026-9-1", Employee: "9", Year: 2026, Seq: 1, Agency: "DISKOMINFO", Appraiser: "5", State: SkpApproved, Approved: true,
		StartDate: "2026-01-01", EndDate: "2026-12-31", Results: []WorkResult{result("r1", "2026-5-1", "r3")}, FunctionalLevel: AhliMuda,
		Latest: true, Version: 4}
	tests := []struct {
		h      SkpHolder
		reason string
	}{
		{SkpHolder{Agency: "DISKOMINFO", Appraiser: "5"}, ""},
		{SkpHolder{Agency: "DINKES", Appraiser: "7"}, "transferred to DINKES"},
		{SkpHolder{Agency: "DISKOMINFO", Appraiser: "6"}, "new supervisor 6"},
		{SkpHolder{Agency: "DISKOMINFO"}, "no supervisor: now heads the agency"},
	}
	for _, tt := range tests {
		if got := s.MoveReason(tt.h); got != tt.reason {
			t.Errorf("MoveReason(%+v) = %q, want %q", tt.h, got, tt.reason)
		}
	}
	closed, next := s.Continue(SkpHolder{Name: "Andi", Agency: "DINKES", Unit: "DINKES", Appraiser: "7", AppraiserName: "Kadis"}, "transferred to DINKES", "2026-07-01", now)
	if closed.State != SkpClosed || closed.EndDate != "2026-06-30" || closed.Latest || closed.Version != 5 || closed.ClosedReason != "transferred to DINKES" {
		t.Fatalf("closed: %+v", closed)
	}
	if next.ID != "2026-9-2" || next.Seq != 2 || next.State != SkpDraft || next.Approved || next.StartDate != "2026-07-01" ||
		next.EndDate != "2026-12-31" || next.Previous != "2026-9-1" || !next.Latest || next.Agency != "DINKES" || next.Appraiser != "7" ||
		next.Results[0].ParentSkp != "" || next.Results[0].ParentResult != "" || next.FunctionalLevel != AhliMuda || len(next.Behaviours) != 7 {
		t.Fatalf("next: %+v", next)
	}
	if s.Results[0].ParentResult != "r3" {
		t.Fatal("Continue changed the closed SKP's results")
	}
}
