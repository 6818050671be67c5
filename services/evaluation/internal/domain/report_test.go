package domain_test

import (
	"testing"

	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
)

func TestStageOf(t *testing.T) {
	tests := []struct {
		state    domain.SkpState
		approved bool
		want     domain.Stage
	}{
		{domain.SkpDraft, false, domain.StageDraft},
		{domain.SkpReturned, false, domain.StageDraft},
		{domain.SkpProposed, false, domain.StageProposed},
		{domain.SkpApproved, true, domain.StageApproved},
		{domain.SkpDraft, true, domain.StageApproved},    // a change drafted after approval
		{domain.SkpProposed, true, domain.StageApproved}, // a change proposed after approval
		{domain.SkpClosed, true, domain.StageApproved},
		{domain.SkpClosed, false, domain.StageDraft},
	}
	for _, tt := range tests {
		if got := domain.StageOf(tt.state, tt.approved); got != tt.want {
			t.Errorf("%s (approved %v): %s, want %s", tt.state, tt.approved, got, tt.want)
		}
	}
}

func TestOverdueAndReportPeriods(t *testing.T) {
	p := domain.Period{Year: 2026, Cadence: domain.Quarterly, RatingDueDays: 14}
	tests := []struct {
		today   string
		overdue []string
		report  string
	}{
		{"2025-12-01", nil, "q1"},
		{"2026-04-14", nil, "q2"}, // q1's rating is due today: not yet overdue
		{"2026-04-15", []string{"q1"}, "q2"},
		{"2026-11-27", []string{"q1", "q2", "q3"}, "q4"},
		{"2027-01-15", []string{"q1", "q2", "q3", "q4"}, "q4"},
	}
	for _, tt := range tests {
		var got []string
		for _, s := range domain.OverduePeriods(p, tt.today) {
			got = append(got, s.ID)
		}
		if len(got) != len(tt.overdue) || (len(got) > 0 && got[len(got)-1] != tt.overdue[len(tt.overdue)-1]) {
			t.Errorf("%s: overdue %v, want %v", tt.today, got, tt.overdue)
		}
		if r := domain.ReportPeriod(p, tt.today); r.ID != tt.report {
			t.Errorf("%s: report period %s, want %s", tt.today, r.ID, tt.report)
		}
	}
}
