package convert

import (
	"github.com/simpeg-id/simpeg/platform/pbconv"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
	"github.com/simpeg-id/simpeg/services/planning/internal/app"
	"github.com/simpeg-id/simpeg/services/planning/internal/domain"
)

// DashboardPB is the wire form of a workforce dashboard.
func DashboardPB(d app.Dashboard) *planningv1.WorkforceDashboard {
	out := &planningv1.WorkforceDashboard{Agency: d.Agency, Date: d.Date.String(), Total: int32(d.Total),
		Need: int32(d.Need), Holders: int32(d.Holders), Gap: int32(d.Gap)}
	for _, b := range d.Breakdowns {
		pb := &planningv1.DashboardBreakdown{Dimension: b.Dimension, Groups: make([]*planningv1.DashboardGroup, len(b.Groups))}
		for i, g := range b.Groups {
			pb.Groups[i] = &planningv1.DashboardGroup{Key: g.Key, Label: g.Label, Count: int32(g.Count)}
		}
		out.Breakdowns = append(out.Breakdowns, pb)
	}
	for _, n := range d.AgencyNeeds {
		out.AgencyNeeds = append(out.AgencyNeeds, &planningv1.AgencyNeeds{Agency: n.Agency, DisplayName: n.Name,
			Need: int32(n.Need), Holders: int32(n.Holders), Gap: int32(n.Gap)})
	}
	for _, y := range d.Retirements {
		out.Retirements = append(out.Retirements, &planningv1.YearCount{Year: int32(y.Year), Count: int32(y.Count)})
	}
	for _, t := range d.Targets {
		out.Targets = append(out.Targets, &planningv1.PlanTargetSummary{WorkPlan: app.WorkPlanName(t.Plan), Agency: t.Agency, Target: TargetPB(t.Target)})
	}
	return out
}

// MonthlyReportPB is the wire form of a report; the sizes are its files'.
func MonthlyReportPB(r domain.MonthlyReport, csvBytes, htmlBytes int64) *planningv1.MonthlyReport {
	return &planningv1.MonthlyReport{Name: app.MonthlyReportName(r.Agency, r.Month), Agency: r.Agency, Month: r.Month.String(),
		GenerateTime: pbconv.Timestamp(r.Generated), GeneratedBy: r.GeneratedBy, CsvBytes: csvBytes, HtmlBytes: htmlBytes,
		CsvSha256: r.CSVSHA256, HtmlSha256: r.HTMLSHA256}
}

// ReportInfoPB is the wire form of a listed report.
func ReportInfoPB(r app.ReportInfo) *planningv1.MonthlyReport {
	return MonthlyReportPB(r.MonthlyReport, r.CSVBytes, r.HTMLBytes)
}
