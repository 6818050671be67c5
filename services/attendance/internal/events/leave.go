package events

import (
	"github.com/simpeg-id/simpeg/platform/outbox"
	attendancev1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/attendance/v1"
	"github.com/simpeg-id/simpeg/services/attendance/internal/app"
	"github.com/simpeg-id/simpeg/services/attendance/internal/convert"
	"github.com/simpeg-id/simpeg/services/attendance/internal/domain"
)

// The subjects of leave requests' events ("simpeg.attendance." and the domain event's
// Subject).
const (
	SubjectLeaveRequested = "simpeg.attendance.leave.requested"
	SubjectLeaveApproved  = "simpeg.attendance.leave.approved"
	SubjectLeaveRejected  = "simpeg.attendance.leave.rejected"
	SubjectLeaveDeferred  = "simpeg.attendance.leave.deferred"
	SubjectLeaveCancelled = "simpeg.attendance.leave.cancelled"
	// SubjectLeaveRecounted carries approved leave shortened by a calendar change by decree.
	SubjectLeaveRecounted = "simpeg.attendance.leave.recounted"
)

func init() { encoders = append(encoders, encodeLeave) }

func encodeLeave(e app.Event) (outbox.Event, bool) {
	c, ok := e.(app.LeaveChanged)
	if !ok {
		return outbox.Event{}, false
	}
	r := convert.LeaveRequestPB(c.Request)
	switch c.Change.(type) {
	case domain.LeaveRequested:
		return outbox.Event{Subject: SubjectLeaveRequested, Msg: &attendancev1.LeaveRequested{LeaveRequest: r}}, true
	case domain.LeaveApproved:
		return outbox.Event{Subject: SubjectLeaveApproved, Msg: &attendancev1.LeaveApproved{LeaveRequest: r}}, true
	case domain.LeaveRejected:
		return outbox.Event{Subject: SubjectLeaveRejected, Msg: &attendancev1.LeaveRejected{LeaveRequest: r}}, true
	case domain.LeaveDeferred:
		return outbox.Event{Subject: SubjectLeaveDeferred, Msg: &attendancev1.LeaveDeferred{LeaveRequest: r}}, true
	case domain.LeaveCancelled:
		return outbox.Event{Subject: SubjectLeaveCancelled, Msg: &attendancev1.LeaveCancelled{LeaveRequest: r}}, true
	case domain.LeaveRecounted:
		ev := c.Change.(domain.LeaveRecounted)
		dates := make([]string, len(ev.Dates))
		for i, d := range ev.Dates {
			dates[i] = d.String()
		}
		return outbox.Event{Subject: SubjectLeaveRecounted, Msg: &attendancev1.LeaveRecounted{LeaveRequest: r, Dates: dates,
			PreviousDays: int32(ev.PreviousDays), ReturnedDays: int32(ev.Returned)}}, true
	}
	return outbox.Event{}, false
}
