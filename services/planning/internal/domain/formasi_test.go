package domain_test

import (
	"slices"
	"testing"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/services/planning/internal/domain"
)

// TestFormasiLines: the first year proposes the gap plus its retirements, later years their
// retirements; a position with too many holders proposes no negative gap.
func TestFormasiLines(t *testing.T) {
	positions := []domain.Position{
		{ID: "prakom", Title: "Pranata Komputer Ahli Muda", Kind: domain.PositionFunctional, Class: 9, Unit: "APTIKA", Needed: 6, Current: 2},
		{ID: "kadis", Title: "Kepala Dinas", Kind: domain.PositionStructural, Class: 15, Needed: 1, Current: 1},
		{ID: "staf", Title: "Pengadministrasi Umum", Kind: domain.PositionExecutor, Class: 5, Needed: 2, Current: 4},
		{ID: "empty", Title: "Analis Kebijakan", Kind: domain.PositionFunctional, Class: 9},
	}
	ret := map[string][]int{"prakom": {1, 0, 2, 0, 0}, "kadis": {0, 0, 0, 1, 0}, "staf": {1, 1, 0, 0, 0}}
	lines, totals := domain.FormasiLines(positions, ret)
	if len(lines) != 3 {
		t.Fatalf("lines = %+v; want 3 (no line for a position with nothing)", lines)
	}
	// In unit order: the agency's own positions ("" unit) by class, then APTIKA.
	if lines[0].Position != "kadis" || lines[1].Position != "staf" || lines[2].Position != "prakom" {
		t.Errorf("order = %s, %s, %s", lines[0].Position, lines[1].Position, lines[2].Position)
	}
	want := map[string]struct {
		proposed []int
		total    int
	}{
		"prakom": {[]int{5, 0, 2, 0, 0}, 7}, // gap 4 + 1 retirement, then 2 in the third year
		"kadis":  {[]int{0, 0, 0, 1, 0}, 1},
		"staf":   {[]int{1, 1, 0, 0, 0}, 2}, // two too many: no gap, but the retirements are replaced
	}
	for _, l := range lines {
		w := want[l.Position]
		if !slices.Equal(l.Proposed, w.proposed) || l.Total != w.total {
			t.Errorf("%s: proposed %v total %d; want %v, %d", l.Position, l.Proposed, l.Total, w.proposed, w.total)
		}
	}
	if !slices.Equal(totals, []int{6, 1, 2, 1, 0}) {
		t.Errorf("totals = %v, want [6 1 2 1 0]", totals)
	}
}

// TestFormasiWorkflow: draft → submitted → approved | returned, and nothing else.
func TestFormasiWorkflow(t *testing.T) {
	p := domain.FormasiProposal{ID: "f1", State: domain.FormasiDraft, Version: 1}
	if err := p.Approve("bkpsdm", "", "", now); !errs.IsKind(err, errs.FailedPrecondition) {
		t.Errorf("approving a draft: %v", err)
	}
	if err := p.Submit(now); err != nil || p.State != domain.FormasiSubmitted || p.Version != 2 {
		t.Fatalf("submit: %v, %+v", err, p)
	}
	if err := p.Submit(now); !errs.IsKind(err, errs.FailedPrecondition) {
		t.Errorf("submitting twice: %v", err)
	}
	returned := p
	err := returned.Return("bkpsdm", "", now)
	field(t, err, "comment")
	if err := returned.Return("bkpsdm", "Bezetting belum dimutakhirkan", now); err != nil || returned.State != domain.FormasiReturned || returned.DecidedBy != "bkpsdm" {
		t.Fatalf("return: %v, %+v", err, returned)
	}
	if err := returned.Submit(now); !errs.IsKind(err, errs.FailedPrecondition) {
		t.Errorf("submitting a returned proposal: %v", err)
	}
	if err := p.Approve("bkpsdm", "", "800/123/BKPSDM/2026", now); err != nil || p.State != domain.FormasiApproved || p.DecreeNumber != "800/123/BKPSDM/2026" || p.Version != 3 {
		t.Fatalf("approve: %v, %+v", err, p)
	}
	if err := p.Return("bkpsdm", "terlambat", now); !errs.IsKind(err, errs.FailedPrecondition) {
		t.Errorf("returning an approved proposal: %v", err)
	}
	if err := domain.CheckFirstYear(2025, 2026, "a forecast"); !errs.IsKind(err, errs.Invalid) {
		t.Errorf("a past first year: %v", err)
	}
	if err := domain.CheckFirstYear(2026, 2026, "a forecast"); err != nil {
		t.Errorf("this year: %v", err)
	}
}
