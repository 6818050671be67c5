package domain_test

import (
	"testing"

	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
)

func TestSubPeriods(t *testing.T) {
	tests := []struct {
		name    string
		cadence domain.Cadence
		count   int
		first   domain.SubPeriod
		last    domain.SubPeriod
	}{
		{"quarterly", domain.Quarterly, 4,
			domain.SubPeriod{ID: "q1", Start: "2026-01-01", End: "2026-03-31", RatingDueDate: "2026-04-14"},
			domain.SubPeriod{ID: "q4", Start: "2026-10-01", End: "2026-12-31", RatingDueDate: "2027-01-14"}},
		{"monthly", domain.Monthly, 12,
			domain.SubPeriod{ID: "m01", Start: "2026-01-01", End: "2026-01-31", RatingDueDate: "2026-02-14"},
			domain.SubPeriod{ID: "m12", Start: "2026-12-01", End: "2026-12-31", RatingDueDate: "2027-01-14"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := domain.SubPeriods(2026, tt.cadence, 14)
			if len(got) != tt.count || got[0] != tt.first || got[len(got)-1] != tt.last {
				t.Fatalf("got %d periods, first %+v, last %+v", len(got), got[0], got[len(got)-1])
			}
		})
	}
	if feb := domain.SubPeriods(2028, domain.Monthly, 0)[1]; feb.End != "2028-02-29" {
		t.Fatalf("February of a leap year ends %s", feb.End)
	}
	p := domain.Period{Year: 2026, Cadence: domain.Quarterly, RatingDueDays: 14}
	if s, ok := p.SubPeriodOn("2026-05-15"); !ok || s.ID != "q2" {
		t.Fatalf("15 May is in %+v, %v", s, ok)
	}
	if _, ok := p.SubPeriodOn("2027-01-01"); ok {
		t.Fatal("2027 is not in 2026")
	}
}

// The matrix of DOMAIN.md, cell by cell.
func TestPredicateOf(t *testing.T) {
	a, m, b := domain.Above, domain.Meets, domain.Below
	tests := []struct {
		results, behaviour domain.Expectation
		want               domain.Predicate
	}{
		{a, a, domain.SangatBaik}, {a, m, domain.Baik}, {a, b, domain.Kurang},
		{m, a, domain.Baik}, {m, m, domain.Baik}, {m, b, domain.Kurang},
		{b, a, domain.ButuhPerbaikan}, {b, m, domain.ButuhPerbaikan}, {b, b, domain.SangatKurang},
		{"", m, ""}, {m, "great", ""},
	}
	for _, tt := range tests {
		if got := domain.PredicateOf(tt.results, tt.behaviour); got != tt.want {
			t.Errorf("results %s, behaviour %s: %q, want %q", tt.results, tt.behaviour, got, tt.want)
		}
	}
}

// The credit points of DOMAIN.md: Ahli Pertama rated Baik earns 12.5, Sangat Baik 18.75.
func TestCreditPoints(t *testing.T) {
	tests := []struct {
		level domain.FunctionalLevel
		p     domain.Predicate
		want  float64
	}{
		{domain.AhliPertama, domain.Baik, 12.5},
		{domain.AhliPertama, domain.SangatBaik, 18.75},
		{domain.Pemula, domain.SangatKurang, 0.9375},
		{domain.AhliUtama, domain.ButuhPerbaikan, 37.5},
		{domain.Penyelia, domain.Kurang, 12.5},
	}
	for _, tt := range tests {
		if got := tt.level.Coefficient() * float64(tt.p.CreditPercent()) / 100; got != tt.want {
			t.Errorf("%s %s: %v, want %v", tt.level, tt.p, got, tt.want)
		}
	}
}

// The bounds' limits: at most rounds down, at least rounds up and never below its minimum.
func TestBoundLimit(t *testing.T) {
	b := domain.DistributionBounds()
	tests := []struct {
		bound      domain.Bound
		population int
		want       int
	}{
		{b[domain.OrgBaik][0], 10, 7},
		{b[domain.OrgBaik][0], 3, 2},
		{b[domain.OrgBaik][1], 10, 1},
		{b[domain.OrgBaik][1], 0, 0},
		{b[domain.OrgButuhPerbaikan][0], 10, 6},
		{b[domain.OrgButuhPerbaikan][0], 11, 7},
		{b[domain.OrgIstimewa][0], 1, 0},
		{b[domain.OrgSangatKurang][2], 100, 0},
	}
	for _, tt := range tests {
		if got := tt.bound.Limit(tt.population); got != tt.want {
			t.Errorf("%s of %d: %d, want %d", tt.bound.Describe(), tt.population, got, tt.want)
		}
	}
	if err := domain.DefaultPolicy().Validate(); err != nil {
		t.Fatal(err)
	}
}
