package convert

import (
	attendancev1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/attendance/v1"
	"github.com/simpeg-id/simpeg/services/attendance/internal/app"
)

// AttendanceSummaryPB is the wire form of an attendance summary.
func AttendanceSummaryPB(s app.AttendanceSummary) *attendancev1.GetAttendanceSummaryResponse {
	out := &attendancev1.GetAttendanceSummaryResponse{
		Days:     make([]*attendancev1.AttendanceSummaryDay, len(s.Days)),
		Agencies: make([]*attendancev1.AttendanceSummaryPeriod, len(s.Agencies)),
		Totals:   summaryPeriodPB(s.Totals),
	}
	for i, d := range s.Days {
		c := d.SummaryCounts
		out.Days[i] = &attendancev1.AttendanceSummaryDay{Agency: d.Agency, Date: d.Date.String(), Expected: int32(c.Expected),
			Present: int32(c.Present), Late: int32(c.Late), EarlyDepartures: int32(c.EarlyDepartures), OnLeave: int32(c.OnLeave),
			Absent: int32(c.Absent), NotYetIn: int32(c.NotYetIn), LateMinutes: int32(c.LateMinutes), EarlyMinutes: int32(c.EarlyMinutes),
			AttendanceRate: c.Rate(), Provisional: d.Provisional}
	}
	for i, p := range s.Agencies {
		out.Agencies[i] = summaryPeriodPB(p)
	}
	for _, d := range s.Unclosed {
		out.UnclosedDates = append(out.UnclosedDates, d.String())
	}
	return out
}

func summaryPeriodPB(p app.SummaryPeriod) *attendancev1.AttendanceSummaryPeriod {
	c := p.SummaryCounts
	pb := &attendancev1.AttendanceSummaryPeriod{Agency: p.Agency, DisplayName: p.Name, Expected: int32(c.Expected),
		Present: int32(c.Present), Late: int32(c.Late), EarlyDepartures: int32(c.EarlyDepartures), OnLeave: int32(c.OnLeave),
		Absent: int32(c.Absent), NotYetIn: int32(c.NotYetIn), LateMinutes: int32(c.LateMinutes), EarlyMinutes: int32(c.EarlyMinutes),
		AttendanceRate: c.Rate()}
	if len(p.LeaveByType) > 0 {
		pb.LeaveDays = make(map[string]int32, len(p.LeaveByType))
		for t, n := range p.LeaveByType {
			pb.LeaveDays[t] = int32(n)
		}
	}
	return pb
}
