package convert_test

import (
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/errs"
	trainingv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/training/v1"
	"github.com/simpeg-id/simpeg/services/training/internal/convert"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

func TestAssessmentIn(t *testing.T) {
	tests := []struct {
		name   string
		in     *trainingv1.Assessment
		source domain.AssessmentSource
		field  string // the field an error names; "" for none
	}{
		{"self-assessment", &trainingv1.Assessment{Competency: "technical:data-analysis", Level: 3, Date: "2026-03-01",
			Source: trainingv1.AssessmentSource_ASSESSMENT_SOURCE_SELF_ASSESSMENT}, domain.FromSelfAssessment, ""},
		{"unspecified source: left to the use case", &trainingv1.Assessment{Date: "2026-03-01"}, "", ""},
		{"no date: left to the use case", &trainingv1.Assessment{Source: trainingv1.AssessmentSource_ASSESSMENT_SOURCE_TRAINING}, domain.FromTraining, ""},
		{"a date in another form", &trainingv1.Assessment{Date: "01/03/2026"}, "", "assessment.date"},
		{"nothing sent", nil, "", ""},
	}
	for _, tt := range tests {
		got, err := convert.AssessmentIn(tt.in)
		if tt.field != "" {
			if e, ok := errs.As(err); !ok || e.Kind != errs.Invalid || e.Violations[0].Field != tt.field {
				t.Errorf("%s: %v, want Invalid naming %s", tt.name, err, tt.field)
			}
			continue
		}
		if err != nil || got.Source != tt.source || (tt.in.GetDate() != "" && got.Date.Format(time.DateOnly) != tt.in.GetDate()) {
			t.Errorf("%s: %+v, %v", tt.name, got, err)
		}
	}
}

func TestDevelopmentPlanRoundTrip(t *testing.T) {
	p := domain.DevelopmentPlan{Agency: "DISKOMINFO", Year: 2026, Note: "n", Version: 3, Lines: []domain.PlanLine{
		{Programme: "ict-net", Competency: "technical:network-administration", Seats: 12, Budget: 30_000_000, Note: "a"},
		{Programme: "lead", Seats: 2, Budget: 9_500_000},
	}}
	pb := convert.DevelopmentPlan(p)
	if pb.GetName() != "agencies/DISKOMINFO/developmentPlans/2026" || pb.GetTotalSeats() != 14 || pb.GetTotalBudget() != 39_500_000 ||
		pb.GetEtag() != "v3" || pb.GetLines()[0].GetProgramme() != "programmes/ict-net" {
		t.Errorf("to protobuf: %v", pb)
	}
	back, err := convert.DevelopmentPlanIn(pb)
	if err != nil || back.Agency != p.Agency || back.Year != p.Year || len(back.Lines) != 2 || back.Lines[0] != p.Lines[0] || back.Lines[1] != p.Lines[1] {
		t.Errorf("back: %+v, %v", back, err)
	}
	pb.Lines[1].Programme = "lead"
	_, err = convert.DevelopmentPlanIn(pb)
	if e, ok := errs.As(err); !ok || e.Kind != errs.Invalid || e.Violations[0].Field != "development_plan.lines[1].programme" {
		t.Errorf("a programme without its prefix: %v, want Invalid naming development_plan.lines[1].programme", err)
	}
}

func TestFeedbackSummary(t *testing.T) {
	hidden := convert.FeedbackSummary(domain.Summarize([]domain.Feedback{{Trainer: 5, Material: 5, Usefulness: 5, Text: "x"}}))
	if hidden.GetShown() || hidden.GetResponses() != 1 || hidden.GetTrainer() != 0 || len(hidden.GetComments()) != 0 {
		t.Errorf("one answer: %v, want only the count", hidden)
	}
	f := func(tr, m, u int, text string) domain.Feedback {
		return domain.Feedback{Trainer: tr, Material: m, Usefulness: u, Text: text}
	}
	shown := convert.FeedbackSummary(domain.Summarize([]domain.Feedback{f(5, 4, 3, "a"), f(4, 4, 5, ""), f(3, 5, 4, "b")}))
	if !shown.GetShown() || shown.GetResponses() != 3 || shown.GetTrainer() != 4 || len(shown.GetComments()) != 2 {
		t.Errorf("three answers: %v", shown)
	}
}
