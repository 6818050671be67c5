package events

import (
	"github.com/simpeg-id/simpeg/platform/outbox"
	attendancev1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/attendance/v1"
	"github.com/simpeg-id/simpeg/services/attendance/internal/app"
	"github.com/simpeg-id/simpeg/services/attendance/internal/convert"
)

// The subjects of closed days.
const (
	// SubjectDayClosed carries one employee's closed day (DayClosed); closing a date for the
	// city publishes one per employee.
	SubjectDayClosed = "simpeg.attendance.day.closed"
	// SubjectAbsenceThresholdCrossed carries a PP 94/2021 threshold an employee's unexcused
	// absence crossed (AbsenceThresholdCrossed), once per threshold and year.
	SubjectAbsenceThresholdCrossed = "simpeg.attendance.absence.threshold_crossed"
)

func init() { encoders = append(encoders, encodeDays) }

func encodeDays(e app.Event) (outbox.Event, bool) {
	switch e := e.(type) {
	case app.DayClosed:
		return outbox.Event{Subject: SubjectDayClosed, Msg: &attendancev1.DayClosed{DailyStatus: convert.DailyStatusPB(e.Status)}}, true
	case app.AbsenceThresholdCrossed:
		return outbox.Event{Subject: SubjectAbsenceThresholdCrossed,
			Msg: &attendancev1.AbsenceThresholdCrossed{Sanction: convert.SanctionPB(e.Sanction)}}, true
	}
	return outbox.Event{}, false
}
