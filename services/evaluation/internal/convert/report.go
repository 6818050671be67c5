package convert

import (
	evaluationv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/evaluation/v1"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/app"
)

// The reports' answers (issue 11 §4); the distribution's rows are the rating area's Distribution.

// SkpCompletionReport converts the SKP completion report.
func SkpCompletionReport(r app.CompletionReport) *evaluationv1.GetSkpCompletionReportResponse {
	out := &evaluationv1.GetSkpCompletionReportResponse{NextPageToken: r.NextPageToken, AsOf: r.AsOf,
		Agencies: make([]*evaluationv1.SkpCompletionRow, len(r.Agencies)), Lines: make([]*evaluationv1.SkpCompletionLine, len(r.Lines))}
	for i, a := range r.Agencies {
		out.Agencies[i] = &evaluationv1.SkpCompletionRow{Agency: a.Agency, Employees: int32(a.Employees), WithoutSkp: int32(a.WithoutSkp),
			Draft: int32(a.Draft), Proposed: int32(a.Proposed), Approved: int32(a.Approved), RatingsOverdue: int32(a.RatingsOverdue),
			AnnualFinalised: int32(a.AnnualFinalised)}
	}
	for i, l := range r.Lines {
		skp := ""
		if l.Skp != "" {
			skp = app.SkpName(l.Skp)
		}
		out.Lines[i] = &evaluationv1.SkpCompletionLine{Agency: l.Agency, Employee: l.Employee, EmployeeName: l.EmployeeName,
			Issue: string(l.Issue), Skp: skp, State: SkpState(l.State), Appraiser: l.Appraiser, Period: l.Period, DueDate: l.DueDate}
	}
	return out
}

// PredicateDistributionReport converts the predicate distribution report.
func PredicateDistributionReport(r app.DistributionReport) *evaluationv1.GetPredicateDistributionReportResponse {
	out := &evaluationv1.GetPredicateDistributionReportResponse{City: Distribution(r.City),
		Distributions: make([]*evaluationv1.Distribution, len(r.Rows))}
	for i, d := range r.Rows {
		out.Distributions[i] = Distribution(d)
	}
	return out
}

// FeedbackActivityReport converts the feedback activity report.
func FeedbackActivityReport(r app.FeedbackActivityReport) *evaluationv1.GetFeedbackActivityReportResponse {
	out := &evaluationv1.GetFeedbackActivityReportResponse{Period: r.Period.ID, Rows: make([]*evaluationv1.FeedbackActivityRow, len(r.Rows))}
	for i, f := range r.Rows {
		out.Rows[i] = &evaluationv1.FeedbackActivityRow{Agency: f.Agency, Appraiser: f.Appraiser, AppraiserName: f.AppraiserName,
			Skps: int32(f.SKPs), Feedback: int32(f.Feedback), Dialogues: int32(f.Dialogues), SkpsWithoutFeedback: int32(f.SKPsWithout)}
	}
	return out
}

// CreditPointReport converts the credit point report; credit points are to three decimals.
func CreditPointReport(r app.CreditReport) *evaluationv1.GetCreditPointReportResponse {
	out := &evaluationv1.GetCreditPointReportResponse{Lines: make([]*evaluationv1.CreditPointLine, len(r.Lines)),
		Totals: make([]*evaluationv1.CreditPointTotal, len(r.Totals))}
	for i, l := range r.Lines {
		out.Lines[i] = &evaluationv1.CreditPointLine{Agency: l.Agency, Employee: l.Employee, EmployeeName: l.EmployeeName,
			Skp: app.SkpName(l.Skp), Level: FunctionalLevel(l.Level), Coefficient: l.Coefficient, Predicate: Predicate(l.Predicate),
			Percent: int32(l.Percent), Months: int32(l.Months), CreditPoints: l.Points.Float()}
	}
	for i, t := range r.Totals {
		out.Totals[i] = &evaluationv1.CreditPointTotal{Employee: t.Employee, EmployeeName: t.EmployeeName, Agency: t.Agency,
			CreditPoints: t.Points.Float()}
	}
	return out
}
