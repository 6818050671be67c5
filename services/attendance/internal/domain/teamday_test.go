package domain_test

import (
	"testing"

	"github.com/simpeg-id/simpeg/services/attendance/internal/domain"
)

// Each closed-day record maps to one state, and a working day without attendance is not yet
// in while it runs.
func TestDayRecordState(t *testing.T) {
	tests := []struct {
		name    string
		rec     domain.DayRecord
		running bool
		want    domain.DayState
	}{
		{"on time", domain.DayRecord{Status: domain.DailyPresent}, true, domain.StatePresent},
		{"late 15 minutes", domain.DayRecord{Status: domain.DailyPresent, Late: true, LateMinutes: 15}, true, domain.StateLate},
		{"late and left early", domain.DayRecord{Status: domain.DailyPresent, Late: true, LateMinutes: 15, EarlyDeparture: true, EarlyMinutes: 30}, false, domain.StateEarlyDeparture},
		{"on leave", domain.DayRecord{Status: domain.DailyOnLeave, LeaveType: "annual"}, true, domain.StateOnLeave},
		{"weekend", domain.DayRecord{Status: domain.DailyHoliday, Reason: domain.DayWeekend}, true, domain.StateHoliday},
		{"rostered off", domain.DayRecord{Status: domain.DailyHoliday, Reason: domain.DayRosterOff}, false, domain.StateHoliday},
		{"not rostered", domain.DayRecord{Status: domain.DailyHoliday, Reason: domain.DayNotRostered}, false, domain.StateNotScheduled},
		{"unknown shift", domain.DayRecord{Status: domain.DailyHoliday, Reason: domain.DayUnknownShift}, false, domain.StateNotScheduled},
		{"no attendance, day running", domain.DayRecord{Status: domain.DailyAbsent}, true, domain.StateNotYetIn},
		{"no attendance, day over", domain.DayRecord{Status: domain.DailyAbsent}, false, domain.StateAbsent},
	}
	for _, tt := range tests {
		if got := tt.rec.State(tt.running); got != tt.want {
			t.Errorf("%s: %s, want %s", tt.name, got, tt.want)
		}
	}
}
