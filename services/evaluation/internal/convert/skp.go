package convert

import (
	"strconv"

	"github.com/simpeg-id/simpeg/platform/resource"
	evaluationv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/evaluation/v1"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
)

var aspects = []pair[domain.TargetAspect, evaluationv1.TargetAspect]{
	{domain.Quantity, evaluationv1.TargetAspect_TARGET_ASPECT_QUANTITY},
	{domain.Quality, evaluationv1.TargetAspect_TARGET_ASPECT_QUALITY},
	{domain.Time, evaluationv1.TargetAspect_TARGET_ASPECT_TIME},
	{domain.Cost, evaluationv1.TargetAspect_TARGET_ASPECT_COST},
}

// SkpName is the resource name of SKP id, "skps/{id}"; "" for "".
func SkpName(id string) string {
	if id == "" {
		return ""
	}
	return "skps/" + id
}

// Skp converts an SKP.
func Skp(s domain.Skp) *evaluationv1.Skp {
	out := &evaluationv1.Skp{
		Name: SkpName(s.ID), Employee: s.Employee, EmployeeName: s.EmployeeName, Year: int32(s.Year), Agency: s.Agency,
		Unit: s.Unit, Position: s.Position, Appraiser: s.Appraiser, AppraiserName: s.AppraiserName, AgencyHead: s.AgencyHead,
		State: SkpState(s.State), StartDate: s.StartDate, EndDate: s.EndDate, Results: WorkResults(s.Results),
		FunctionalLevel: FunctionalLevel(s.FunctionalLevel), Revision: int32(s.Revision), ReturnComment: s.ReturnComment,
		ClosedReason: s.ClosedReason, Previous: SkpName(s.Previous), Etag: resource.Etag(s.Version),
		CreateTime: Time(s.Created), UpdateTime: Time(s.Updated),
		AnnualState: toProto(annualStates, s.AnnualState), AnnualPredicate: Predicate(s.AnnualPredicate),
	}
	for _, b := range s.Behaviours {
		out.Behaviours = append(out.Behaviours, &evaluationv1.BehaviourExpectation{Behaviour: Behaviour(b.Behaviour), Expectation: b.Expectation})
	}
	return out
}

// WorkResults converts work results, each parent as "skps/{id}/results/{result}".
func WorkResults(rs []domain.WorkResult) []*evaluationv1.WorkResult {
	out := make([]*evaluationv1.WorkResult, 0, len(rs))
	for _, r := range rs {
		w := &evaluationv1.WorkResult{Id: r.ID, Text: r.Text, ParentResult: domain.ParentName(r.ParentSkp, r.ParentResult),
			PlanReference: r.PlanReference}
		for _, in := range r.Indicators {
			i := &evaluationv1.Indicator{Id: in.ID, Text: in.Text}
			for _, t := range in.Targets {
				i.Targets = append(i.Targets, &evaluationv1.Target{Aspect: toProto(aspects, t.Aspect), Value: t.Value})
			}
			w.Indicators = append(w.Indicators, i)
		}
		out = append(out, w)
	}
	return out
}

// SkpFrom converts the fields of an SKP a caller sends: employee, year, results and functional
// level (and the id of its name, when it has one).
func SkpFrom(s *evaluationv1.Skp, id string) domain.Skp {
	return domain.Skp{ID: id, Employee: s.GetEmployee(), Year: int(s.GetYear()), Results: WorkResultsFrom(s.GetResults()),
		FunctionalLevel: FunctionalLevelFrom(s.GetFunctionalLevel())}
}

// WorkResultsFrom converts work results; a parent_result that is not of the form
// "skps/{id}/results/{result}" is kept whole for validation to report (domain.SplitParent).
func WorkResultsFrom(rs []*evaluationv1.WorkResult) []domain.WorkResult {
	out := make([]domain.WorkResult, 0, len(rs))
	for _, r := range rs {
		skp, result := domain.SplitParent(r.GetParentResult())
		w := domain.WorkResult{ID: r.GetId(), Text: r.GetText(), ParentSkp: skp, ParentResult: result, PlanReference: r.GetPlanReference()}
		for _, in := range r.GetIndicators() {
			i := domain.Indicator{ID: in.GetId(), Text: in.GetText()}
			for _, t := range in.GetTargets() {
				i.Targets = append(i.Targets, domain.Target{Aspect: fromProto(aspects, t.GetAspect()), Value: t.GetValue()})
			}
			w.Indicators = append(w.Indicators, i)
		}
		out = append(out, w)
	}
	return out
}

// BehaviourExpectationsFrom converts the appraiser's expectations.
func BehaviourExpectationsFrom(bs []*evaluationv1.BehaviourExpectation) []domain.BehaviourExpectation {
	out := make([]domain.BehaviourExpectation, 0, len(bs))
	for _, b := range bs {
		out = append(out, domain.BehaviourExpectation{Behaviour: BehaviourFrom(b.GetBehaviour()), Expectation: b.GetExpectation()})
	}
	return out
}

// SkpRevision converts an approved revision.
func SkpRevision(r domain.SkpRevision) *evaluationv1.SkpRevision {
	return &evaluationv1.SkpRevision{Name: SkpName(r.Skp.ID) + "/revisions/" + strconv.Itoa(r.Revision), Revision: int32(r.Revision),
		Skp: Skp(r.Skp), ApprovedBy: r.ApprovedBy, ApproveTime: Time(r.Approved)}
}

// CascadeReport converts what an agency's cascade check found.
func CascadeReport(r domain.CascadeReport) *evaluationv1.CheckCascadeResponse {
	out := &evaluationv1.CheckCascadeResponse{SkpsChecked: int32(r.SkpsChecked), ResultsChecked: int32(r.ResultsChecked)}
	for _, b := range r.Breaks {
		out.Breaks = append(out.Breaks, &evaluationv1.CascadeBreak{Skp: SkpName(b.Skp), ResultId: b.Result, Reason: b.Reason})
	}
	return out
}
