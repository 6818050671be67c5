package convert

import (
	"strings"

	"github.com/simpeg-id/simpeg/platform/errs"
	attendancev1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/attendance/v1"
	"github.com/simpeg-id/simpeg/services/attendance/internal/app"
	"github.com/simpeg-id/simpeg/services/attendance/internal/domain"
)

var dayStatusesPB = map[domain.DailyStatus]attendancev1.DayStatus{
	domain.DailyPresent: attendancev1.DayStatus_DAY_STATUS_PRESENT,
	domain.DailyOnLeave: attendancev1.DayStatus_DAY_STATUS_ON_LEAVE,
	domain.DailyHoliday: attendancev1.DayStatus_DAY_STATUS_HOLIDAY,
	domain.DailyAbsent:  attendancev1.DayStatus_DAY_STATUS_ABSENT,
}

// DayStatusPB is the wire form of a daily status.
func DayStatusPB(s domain.DailyStatus) attendancev1.DayStatus { return dayStatusesPB[s] }

// DailyStatusPB is the wire form of a closed day, as ListDailyStatuses answers it and the
// DayClosed event carries it. Its reason is the holiday's name on a holiday that has one, the
// calendar's reason otherwise (regular, ramadan, shift, weekend, roster_off, ...).
func DailyStatusPB(s app.DailyStatus) *attendancev1.DailyStatus {
	reason := string(s.Reason)
	if s.Status == domain.DailyHoliday && s.Holiday != "" {
		reason = s.Holiday
	}
	return &attendancev1.DailyStatus{
		Employee:       s.Employee,
		Date:           s.Date.String(),
		Status:         DayStatusPB(s.Status),
		Reason:         reason,
		LeaveType:      s.LeaveType,
		Late:           s.Late,
		LateMinutes:    int32(s.LateMinutes),
		EarlyDeparture: s.EarlyDeparture,
		EarlyMinutes:   int32(s.EarlyMinutes),
		Incomplete:     s.Incomplete,
	}
}

// SanctionPB is the wire form of a threshold reached; its code is the domain's code in lower
// case ("written_reprimand"), its display name the regulation's Indonesian name.
func SanctionPB(s app.SanctionReport) *attendancev1.Sanction {
	return &attendancev1.Sanction{
		Employee:        s.Employee,
		Agency:          s.Agency,
		Code:            strings.ToLower(s.Code),
		DisplayName:     s.Name,
		Days:            int32(s.Days),
		LongestRun:      int32(s.LongestRun),
		Year:            int32(s.Year),
		LatenessMinutes: int32(s.LatenessMinutes),
		ConvertedDays:   int32(s.ConvertedDays),
		TotalDays:       int32(s.TotalDays),
	}
}

// RecapRowPB is the wire form of a recap row.
func RecapRowPB(r app.RecapRow) *attendancev1.MonthlyRecapRow {
	pb := &attendancev1.MonthlyRecapRow{
		Employee:          r.Employee,
		DisplayName:       r.Name,
		WorkingDays:       int32(r.WorkingDays),
		PresentDays:       int32(r.PresentDays),
		LateDays:          int32(r.LateDays),
		LateMinutes:       int32(r.LateMinutes),
		EarlyDepartures:   int32(r.EarlyDepartures),
		EarlyMinutes:      int32(r.EarlyMinutes),
		UnexcusedAbsences: int32(r.UnexcusedAbsences),
	}
	if len(r.LeaveByType) > 0 {
		pb.LeaveDays = make(map[string]int32, len(r.LeaveByType))
		for t, n := range r.LeaveByType {
			pb.LeaveDays[t] = int32(n)
		}
	}
	return pb
}

// MonthlyRecapPB is the wire form of a month's recap.
func MonthlyRecapPB(r app.MonthlyRecap) *attendancev1.GetMonthlyRecapResponse {
	out := &attendancev1.GetMonthlyRecapResponse{Rows: make([]*attendancev1.MonthlyRecapRow, len(r.Rows)), Totals: RecapRowPB(r.Totals)}
	for i, x := range r.Rows {
		out.Rows[i] = RecapRowPB(x)
	}
	return out
}

// Month reads a "YYYY-MM" month; field is its path in the request, for the error.
func Month(s, field string) (app.Month, error) {
	m, err := app.ParseMonth(s)
	if err != nil {
		return m, errs.Invalidf(field, "%v", err)
	}
	return m, nil
}

// Agency reads an agency given as "agencies/{code}" or as the bare code; "" stays "".
func Agency(s string) string { return strings.TrimPrefix(s, "agencies/") }
