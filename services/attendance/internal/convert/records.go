package convert

import (
	"strings"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/pbconv"
	attendancev1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/attendance/v1"
	"github.com/simpeg-id/simpeg/services/attendance/internal/app"
	"github.com/simpeg-id/simpeg/services/attendance/internal/domain"
)

var checkKinds = map[attendancev1.AttendanceKind]domain.CheckKind{
	attendancev1.AttendanceKind_ATTENDANCE_KIND_CHECK_IN:  domain.CheckKindIn,
	attendancev1.AttendanceKind_ATTENDANCE_KIND_CHECK_OUT: domain.CheckKindOut,
}

var checkKindsPB = pbconv.Invert(checkKinds)

var outcomesPB = map[domain.Outcome]attendancev1.AttendanceOutcome{
	domain.OutcomeOnTime:         attendancev1.AttendanceOutcome_ATTENDANCE_OUTCOME_ON_TIME,
	domain.OutcomeLate:           attendancev1.AttendanceOutcome_ATTENDANCE_OUTCOME_LATE,
	domain.OutcomeEarlyDeparture: attendancev1.AttendanceOutcome_ATTENDANCE_OUTCOME_EARLY_DEPARTURE,
	domain.OutcomeNotWorkingDay:  attendancev1.AttendanceOutcome_ATTENDANCE_OUTCOME_NOT_A_WORKING_DAY,
	domain.OutcomeOnLeave:        attendancev1.AttendanceOutcome_ATTENDANCE_OUTCOME_ON_LEAVE,
}

// RecordPB returns the wire form of a stored check-in or check-out, as the API answers it and
// the CheckedIn and CheckedOut events carry it.
func RecordPB(r app.Record) *attendancev1.AttendanceRecord {
	pb := &attendancev1.AttendanceRecord{
		Name:            app.RecordName(r.Employee, r.In.ClientID),
		ClientId:        r.In.ClientID,
		Kind:            checkKindsPB[r.In.Kind],
		Latitude:        r.In.Lat,
		Longitude:       r.In.Lon,
		AccuracyMeters:  r.In.AccuracyMeters,
		DeviceId:        r.In.DeviceID,
		DeviceTime:      pbconv.Timestamp(r.In.DeviceTime),
		Employee:        r.Employee,
		Outcome:         outcomesPB[r.Result.Outcome],
		LateMinutes:     int32(r.Result.LateMinutes),
		EarlyMinutes:    int32(r.Result.EarlyMinutes),
		OutsideGeofence: r.Result.OutsideGeofence,
		DistanceMeters:  r.Result.DistanceMeters,
		LateSynced:      r.Result.LateSynced,
		WorkDate:        r.Result.Date.String(),
		ServerTime:      pbconv.Timestamp(r.Result.ReceivedAt),
	}
	if r.Office != "" {
		pb.Office = app.OfficeName(r.Office)
	}
	return pb
}

// CheckIn reads a check-in or check-out from a RecordAttendance request, and the id of the
// office it names ("" when it names none). Output-only fields are ignored. Errors name the
// fields with the "record." prefix.
func CheckIn(pb *attendancev1.AttendanceRecord) (domain.CheckIn, string, error) {
	var v errs.Violations
	in := domain.CheckIn{
		ClientID:       pb.GetClientId(),
		Lat:            pb.GetLatitude(),
		Lon:            pb.GetLongitude(),
		AccuracyMeters: pb.GetAccuracyMeters(),
		DeviceID:       pb.GetDeviceId(),
	}
	kind, ok := checkKinds[pb.GetKind()]
	if !ok {
		v.Add("record.kind", "must be ATTENDANCE_KIND_CHECK_IN or ATTENDANCE_KIND_CHECK_OUT, got %s", pb.GetKind())
	}
	in.Kind = kind
	switch dt := pb.GetDeviceTime(); {
	case dt == nil:
		v.Add("record.device_time", "is required")
	case dt.CheckValid() != nil:
		v.Add("record.device_time", "must be a valid timestamp: %v", dt.CheckValid())
	default:
		in.DeviceTime = dt.AsTime()
	}
	office := ""
	if name := pb.GetOffice(); name != "" {
		id, found := strings.CutPrefix(name, "offices/")
		if !found || id == "" || strings.Contains(id, "/") {
			v.Add("record.office", "must look like offices/{id}, got %q", name)
		}
		office = id
	}
	if err := v.Err(); err != nil {
		return domain.CheckIn{}, "", err
	}
	return in, office, nil
}
