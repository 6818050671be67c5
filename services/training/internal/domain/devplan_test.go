package domain_test

import (
	"slices"
	"testing"

	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

func TestValidatePlan(t *testing.T) {
	progs := map[string]domain.PlannedProgramme{
		"ict-net":  {ID: "ict-net", Competencies: []string{"technical:network-administration"}},
		"own":      {ID: "own", Agency: "DISKOMINFO"},
		"dinkes":   {ID: "dinkes", Agency: "DINKES"},
		"retired":  {ID: "retired", Retired: true},
		"ict-data": {ID: "ict-data", Competencies: []string{"technical:data-analysis"}},
	}
	good := func() domain.DevelopmentPlan {
		return domain.DevelopmentPlan{Agency: "DISKOMINFO", Year: 2026, Lines: []domain.PlanLine{
			{Programme: "ict-net", Competency: "technical:network-administration", Seats: 10, Budget: 25_000_000},
			{Programme: "own", Seats: 1, Budget: 0},
		}}
	}
	tests := []struct {
		name  string
		edit  func(*domain.DevelopmentPlan)
		field string
	}{
		{"good", func(*domain.DevelopmentPlan) {}, ""},
		{"no lines", func(p *domain.DevelopmentPlan) { p.Lines = nil }, ""},
		{"year", func(p *domain.DevelopmentPlan) { p.Year = 1999 }, "year"},
		{"unknown programme", func(p *domain.DevelopmentPlan) { p.Lines[1].Programme = "nope" }, "lines[1].programme"},
		{"empty programme", func(p *domain.DevelopmentPlan) { p.Lines[1].Programme = "" }, "lines[1].programme"},
		{"another agency's programme", func(p *domain.DevelopmentPlan) { p.Lines[1].Programme = "dinkes" }, "lines[1].programme"},
		{"retired programme", func(p *domain.DevelopmentPlan) { p.Lines[1].Programme = "retired" }, "lines[1].programme"},
		{"duplicate programme", func(p *domain.DevelopmentPlan) { p.Lines[1].Programme = "ict-net" }, "lines[1].programme"},
		{"zero seats", func(p *domain.DevelopmentPlan) { p.Lines[0].Seats = 0 }, "lines[0].seats"},
		{"negative budget", func(p *domain.DevelopmentPlan) { p.Lines[0].Budget = -1 }, "lines[0].budget"},
		{"competency the programme does not build", func(p *domain.DevelopmentPlan) { p.Lines[0].Competency = "technical:data-analysis" }, "lines[0].competency"},
		{"malformed competency", func(p *domain.DevelopmentPlan) { p.Lines[0].Competency = "jaringan" }, "lines[0].competency"},
		{"too many lines", func(p *domain.DevelopmentPlan) { p.Lines = make([]domain.PlanLine, domain.MaxPlanLines+1) }, "lines"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := good()
			tt.edit(&p)
			wantField(t, domain.ValidatePlan(p, progs), tt.field)
		})
	}
	if p := good(); p.Seats() != 11 || p.Budget() != 25_000_000 {
		t.Errorf("totals %d seats, Rp %d; want 11, Rp 25,000,000", p.Seats(), p.Budget())
	}
}

func TestAggregateNeeds(t *testing.T) {
	net, data := "technical:network-administration", "technical:data-analysis"
	emps := []domain.EmployeeNeeds{
		{Employee: "A", Gaps: []domain.Gap{{net, 3, 0, 3}, {data, 2, 1, 1}}},
		{Employee: "B", Gaps: []domain.Gap{{net, 3, 2, 1}}},
		{Employee: "C", Gaps: []domain.Gap{{data, 2, 0, 2}}},
		{Employee: "D"},
	}
	got := domain.AggregateNeeds(emps, map[string][]string{net: {"p2", "p1"}})
	want := []domain.CompetencyNeed{
		{Competency: net, Employees: 2, TotalGap: 4, Programmes: []string{"p1", "p2"}},
		{Competency: data, Employees: 2, TotalGap: 3},
	}
	if len(got) != len(want) {
		t.Fatalf("needs %+v, want %+v", got, want)
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.Competency != w.Competency || g.Employees != w.Employees || g.TotalGap != w.TotalGap || !slices.Equal(g.Programmes, w.Programmes) {
			t.Errorf("need %d = %+v, want %+v", i, g, w)
		}
	}
}
