package convert

// The competency area's values: assessments, profiles, development needs and plans, feedback.

import (
	"fmt"
	"time"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/pbconv"
	"github.com/simpeg-id/simpeg/platform/resource"
	trainingv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/training/v1"
	"github.com/simpeg-id/simpeg/services/training/internal/app"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

var assessmentSources = map[trainingv1.AssessmentSource]domain.AssessmentSource{
	trainingv1.AssessmentSource_ASSESSMENT_SOURCE_ASSESSMENT:      domain.FromAssessment,
	trainingv1.AssessmentSource_ASSESSMENT_SOURCE_TRAINING:        domain.FromTraining,
	trainingv1.AssessmentSource_ASSESSMENT_SOURCE_SELF_ASSESSMENT: domain.FromSelfAssessment,
}

var assessmentSourcesPB = pbconv.Invert(assessmentSources)

// Assessment returns the protobuf form of a.
func Assessment(a domain.Assessment) *trainingv1.Assessment {
	return &trainingv1.Assessment{Name: app.AssessmentName(a.ID), Employee: a.Employee, Competency: a.Competency, Level: int32(a.Level),
		Date: a.Date.Format(time.DateOnly), Source: assessmentSourcesPB[a.Source], Verified: a.Counts(), Note: a.Note,
		RecordedBy: a.RecordedBy, Etag: resource.Etag(a.Version), CreateTime: pbconv.Timestamp(a.Created)}
}

// AssessmentIn returns the assessment a caller sent; an unspecified source becomes "" (refused
// by the use case, naming assessment.source). A date that is not "YYYY-MM-DD" is an Invalid
// error naming assessment.date.
func AssessmentIn(in *trainingv1.Assessment) (domain.Assessment, error) {
	a := domain.Assessment{Employee: in.GetEmployee(), Competency: in.GetCompetency(), Level: int(in.GetLevel()),
		Source: assessmentSources[in.GetSource()], Note: in.GetNote()}
	if in.GetDate() != "" {
		d, err := time.Parse(time.DateOnly, in.GetDate())
		if err != nil {
			return a, errs.Invalidf("assessment.date", "must be a date YYYY-MM-DD, got %q", in.GetDate())
		}
		a.Date = d
	}
	return a, nil
}

// CompetencyProfile returns the protobuf form of p.
func CompetencyProfile(p app.CompetencyProfile) *trainingv1.GetCompetencyProfileResponse {
	out := &trainingv1.GetCompetencyProfileResponse{Employee: p.Employee.NIP, EmployeeName: p.Employee.DisplayName, Position: p.Employee.Position}
	for _, s := range p.Standards {
		out.Standards = append(out.Standards, &trainingv1.CompetencyStandard{Competency: s.Competency, Level: int32(s.Level)})
	}
	for _, a := range p.Assessments {
		out.Assessments = append(out.Assessments, Assessment(a))
	}
	out.Gaps = competencyGaps(p.Gaps)
	for _, r := range p.Performance {
		out.PerformanceGaps = append(out.PerformanceGaps, performanceGap(r))
	}
	return out
}

func competencyGaps(gaps []app.CompetencyGap) []*trainingv1.CompetencyGap {
	out := make([]*trainingv1.CompetencyGap, len(gaps))
	for i, g := range gaps {
		out[i] = &trainingv1.CompetencyGap{Competency: g.Competency, Required: int32(g.Required), Assessed: int32(g.Assessed),
			Gap: int32(g.Gap.Gap), Programmes: programmeNames(g.Programmes)}
	}
	return out
}

func performanceGap(p domain.Performance) *trainingv1.PerformanceGap {
	return &trainingv1.PerformanceGap{Year: int32(p.Year), Predicate: string(p.Predicate), Source: p.Source}
}

// programmeNames returns the resource names of programme ids.
func programmeNames(ids []string) []string {
	if len(ids) == 0 {
		return nil
	}
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = "programmes/" + id
	}
	return out
}

// DevelopmentNeeds returns the protobuf form of a page of needs.
func DevelopmentNeeds(n app.DevelopmentNeeds) *trainingv1.ListDevelopmentNeedsResponse {
	out := &trainingv1.ListDevelopmentNeedsResponse{NextPageToken: n.Next}
	for _, e := range n.Employees {
		d := &trainingv1.DevelopmentNeed{Employee: e.Employee, EmployeeName: e.Name, Position: e.Position, Gaps: competencyGaps(e.Gaps)}
		if e.Performance != nil {
			d.PerformanceGap = performanceGap(*e.Performance)
		}
		out.Needs = append(out.Needs, d)
	}
	for _, c := range n.Competencies {
		out.Competencies = append(out.Competencies, &trainingv1.CompetencyNeed{Competency: c.Competency, Employees: int32(c.Employees),
			TotalGap: int32(c.TotalGap), Programmes: programmeNames(c.Programmes)})
	}
	return out
}

// DevelopmentPlan returns the protobuf form of p.
func DevelopmentPlan(p domain.DevelopmentPlan) *trainingv1.DevelopmentPlan {
	out := &trainingv1.DevelopmentPlan{Name: app.DevelopmentPlanName(p.Agency, p.Year), Agency: p.Agency, Year: int32(p.Year), Note: p.Note,
		TotalSeats: int32(p.Seats()), TotalBudget: p.Budget(), Etag: resource.Etag(p.Version),
		CreateTime: pbconv.Timestamp(p.Created), UpdateTime: pbconv.Timestamp(p.Updated)}
	for _, l := range p.Lines {
		out.Lines = append(out.Lines, &trainingv1.DevelopmentPlanLine{Programme: "programmes/" + l.Programme, Competency: l.Competency,
			Seats: int32(l.Seats), Budget: l.Budget, Note: l.Note})
	}
	return out
}

// DevelopmentPlanIn returns the plan a caller sent. A line's programme must be
// "programmes/{id}"; otherwise the error names development_plan.lines[i].programme.
func DevelopmentPlanIn(in *trainingv1.DevelopmentPlan) (domain.DevelopmentPlan, error) {
	p := domain.DevelopmentPlan{Agency: in.GetAgency(), Year: int(in.GetYear()), Note: in.GetNote()}
	var v errs.Violations
	for i, l := range in.GetLines() {
		id, err := resource.NameID(l.GetProgramme(), "programmes/", "", "programme")
		if err != nil {
			v.Add(fmt.Sprintf("development_plan.lines[%d].programme", i), "must look like programmes/{id}, got %q", l.GetProgramme())
		}
		p.Lines = append(p.Lines, domain.PlanLine{Programme: id, Competency: l.GetCompetency(), Seats: int(l.GetSeats()), Budget: l.GetBudget(), Note: l.GetNote()})
	}
	return p, v.Err()
}

// FeedbackSummary returns the protobuf form of s.
func FeedbackSummary(s domain.FeedbackSummary) *trainingv1.FeedbackSummary {
	return &trainingv1.FeedbackSummary{Responses: int32(s.Count), Shown: !s.Hidden, Trainer: s.Trainer, Material: s.Material,
		Usefulness: s.Usefulness, Comments: s.Texts}
}
