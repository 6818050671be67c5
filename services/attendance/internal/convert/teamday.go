package convert

import (
	"github.com/simpeg-id/simpeg/platform/pbconv"
	attendancev1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/attendance/v1"
	"github.com/simpeg-id/simpeg/services/attendance/internal/app"
	"github.com/simpeg-id/simpeg/services/attendance/internal/domain"
)

var dayStates = map[attendancev1.TeamDayState]domain.DayState{
	attendancev1.TeamDayState_TEAM_DAY_STATE_PRESENT:         domain.StatePresent,
	attendancev1.TeamDayState_TEAM_DAY_STATE_LATE:            domain.StateLate,
	attendancev1.TeamDayState_TEAM_DAY_STATE_EARLY_DEPARTURE: domain.StateEarlyDeparture,
	attendancev1.TeamDayState_TEAM_DAY_STATE_ON_LEAVE:        domain.StateOnLeave,
	attendancev1.TeamDayState_TEAM_DAY_STATE_HOLIDAY:         domain.StateHoliday,
	attendancev1.TeamDayState_TEAM_DAY_STATE_NOT_YET_IN:      domain.StateNotYetIn,
	attendancev1.TeamDayState_TEAM_DAY_STATE_ABSENT:          domain.StateAbsent,
	attendancev1.TeamDayState_TEAM_DAY_STATE_NOT_SCHEDULED:   domain.StateNotScheduled,
}

var dayStatesPB = pbconv.Invert(dayStates)

// DayState maps a protobuf team-day state; unspecified (and unknown) is "", no filter.
func DayState(s attendancev1.TeamDayState) domain.DayState { return dayStates[s] }

// DayStatePB is the wire form of s.
func DayStatePB(s domain.DayState) attendancev1.TeamDayState { return dayStatesPB[s] }

// TeamDayEntryPB is the wire form of one employee's day.
func TeamDayEntryPB(e app.TeamDayEntry) *attendancev1.TeamDayEntry {
	m, r, exp := e.Member, e.Record, e.Expected
	pb := &attendancev1.TeamDayEntry{
		Employee: m.NIP, DisplayName: m.DisplayName, Agency: m.Agency, Unit: m.Unit, UnitName: m.UnitName, Position: m.Position,
		Date: exp.Date.String(), State: DayStatePB(e.State), LeaveType: LeaveTypePB(domain.LeaveType(r.LeaveType)),
		Reason: string(r.Reason), Holiday: r.Holiday, StartTime: pbconv.Timestamp(exp.Start), EndTime: pbconv.Timestamp(exp.End),
		Shift: exp.Shift, TimeZone: TimeZonePB(e.TimeZone), LateMinutes: int32(r.LateMinutes), EarlyMinutes: int32(r.EarlyMinutes),
		Closed: e.Closed,
	}
	if c := e.CheckIn; c != nil {
		pb.CheckInTime, pb.CheckInOffice, pb.CheckInOutsideGeofence = pbconv.Timestamp(c.Result.AttendanceTime), officeName(c.Office), c.Result.OutsideGeofence
	}
	if c := e.CheckOut; c != nil {
		pb.CheckOutTime, pb.CheckOutOffice, pb.CheckOutOutsideGeofence = pbconv.Timestamp(c.Result.AttendanceTime), officeName(c.Office), c.Result.OutsideGeofence
	}
	return pb
}

// TeamDayPB is the wire form of a page of a team's day.
func TeamDayPB(d app.TeamDay) *attendancev1.ListTeamDayResponse {
	out := &attendancev1.ListTeamDayResponse{Date: d.Date.String(), NextPageToken: d.Next, Entries: make([]*attendancev1.TeamDayEntry, len(d.Entries)),
		Counts: &attendancev1.TeamDayCounts{
			Present: int32(d.Counts[domain.StatePresent]), Late: int32(d.Counts[domain.StateLate]),
			EarlyDeparture: int32(d.Counts[domain.StateEarlyDeparture]), OnLeave: int32(d.Counts[domain.StateOnLeave]),
			Holiday: int32(d.Counts[domain.StateHoliday]), NotYetIn: int32(d.Counts[domain.StateNotYetIn]),
			Absent: int32(d.Counts[domain.StateAbsent]), NotScheduled: int32(d.Counts[domain.StateNotScheduled]), Total: int32(d.Total),
		}}
	for i, e := range d.Entries {
		out.Entries[i] = TeamDayEntryPB(e)
	}
	return out
}

// officeName is the resource name of an office id; "" stays "".
func officeName(id string) string {
	if id == "" {
		return ""
	}
	return app.OfficeName(id)
}
