package domain_test

import (
	"slices"
	"testing"

	"github.com/simpeg-id/simpeg/services/planning/internal/domain"
)

// TestPositionApplyStandardChanges checks which fields an update of the standard reports: a
// level alone changes competency_standards, a name both it and required_competencies.
func TestPositionApplyStandardChanges(t *testing.T) {
	base := domain.Position{ID: "prakom", Title: "Pranata Komputer Ahli Muda", Kind: domain.PositionFunctional, Class: 9, Agency: "DISKOMINFO", Version: 1,
		Standards: []domain.CompetencyStandard{{Competency: "technical:network-administration", Level: 3}, {Competency: "managerial:teamwork", Level: 2}}}
	tests := []struct {
		name   string
		fields []string
		values domain.Position
		want   []string
	}{
		{"a level", []string{"competency_standards"}, domain.Position{Standards: []domain.CompetencyStandard{
			{Competency: "technical:network-administration", Level: 4}, {Competency: "managerial:teamwork", Level: 2}}},
			[]string{"competency_standards"}},
		{"a name", []string{"competency_standards"}, domain.Position{Standards: []domain.CompetencyStandard{
			{Competency: "technical:data-analysis", Level: 3}, {Competency: "managerial:teamwork", Level: 2}}},
			[]string{"competency_standards", "required_competencies"}},
		{"the order", []string{"competency_standards"}, domain.Position{Standards: []domain.CompetencyStandard{
			{Competency: "managerial:teamwork", Level: 2}, {Competency: "technical:network-administration", Level: 3}}},
			[]string{"competency_standards", "required_competencies"}},
		{"the same names, levels dropped", []string{"required_competencies"}, domain.Position{Names: []string{"technical:network-administration", "managerial:teamwork"}},
			[]string{"competency_standards"}},
		{"nothing", []string{"competency_standards"}, domain.Position{Standards: base.Standards}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := base
			p.Standards = slices.Clone(base.Standards)
			changed, err := p.Apply(domain.PositionUpdate{Fields: tt.fields, Values: tt.values, Agency: diskominfo}, now)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(changed, tt.want) {
				t.Errorf("changed = %v, want %v", changed, tt.want)
			}
			if wantVersion := int64(1 + min(len(tt.want), 1)); p.Version != wantVersion {
				t.Errorf("version = %d, want %d", p.Version, wantVersion)
			}
		})
	}
}
