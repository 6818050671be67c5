package app_test

import (
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/services/attendance/internal/domain"
)

// checkInOnLeave: a check-in on a day of approved leave (the colleague's one-day sick notice,
// approved at once, on lvToday) is recorded with the outcome "on leave"; a colleague without
// leave the same morning is late as usual.
func (s *lvSuite) checkInOnLeave(t *testing.T) {
	at := lvToday.Add(-20 * time.Minute) // 07:40 WIB
	tests := []struct {
		name string
		nip  string
		want domain.Outcome
	}{
		{"on sick leave", lvColleague, domain.OutcomeOnLeave},
		{"not on leave", lvNewcomer, domain.OutcomeLate},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, err := s.app.RecordAttendance(employee(tt.nip, "DISKOMINFO"), domain.CheckIn{
				ClientID: "leave-day-" + tt.nip[:8], Kind: domain.CheckKindIn, DeviceTime: at,
				Lat: 3.5952, Lon: 98.6722, AccuracyMeters: 10, DeviceID: "phone-1",
			}, "kominfo-hq")
			if err != nil {
				t.Fatalf("RecordAttendance: %v", err)
			}
			if rec.Result.Outcome != tt.want {
				t.Fatalf("outcome = %s, want %s", rec.Result.Outcome, tt.want)
			}
		})
	}
}
