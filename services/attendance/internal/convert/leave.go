package convert

import (
	"fmt"
	"strings"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/pbconv"
	"github.com/simpeg-id/simpeg/platform/resource"
	attendancev1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/attendance/v1"
	"github.com/simpeg-id/simpeg/services/attendance/internal/app"
	"github.com/simpeg-id/simpeg/services/attendance/internal/domain"
)

var leaveTypes = map[attendancev1.LeaveType]domain.LeaveType{
	attendancev1.LeaveType_LEAVE_TYPE_ANNUAL:            domain.LeaveAnnual,
	attendancev1.LeaveType_LEAVE_TYPE_LONG:              domain.LeaveLong,
	attendancev1.LeaveType_LEAVE_TYPE_SICK:              domain.LeaveSick,
	attendancev1.LeaveType_LEAVE_TYPE_MATERNITY:         domain.LeaveMaternity,
	attendancev1.LeaveType_LEAVE_TYPE_IMPORTANT_REASONS: domain.LeaveImportantReasons,
	attendancev1.LeaveType_LEAVE_TYPE_COLLECTIVE:        domain.LeaveCollective,
	attendancev1.LeaveType_LEAVE_TYPE_UNPAID:            domain.LeaveUnpaid,
}

var leaveStates = map[attendancev1.LeaveState]domain.LeaveState{
	attendancev1.LeaveState_LEAVE_STATE_SUBMITTED:                domain.RequestSubmitted,
	attendancev1.LeaveState_LEAVE_STATE_AWAITING_SECOND_APPROVAL: domain.RequestAwaitingSecondApproval,
	attendancev1.LeaveState_LEAVE_STATE_DEFERRED:                 domain.RequestDeferred,
	attendancev1.LeaveState_LEAVE_STATE_APPROVED:                 domain.RequestApproved,
	attendancev1.LeaveState_LEAVE_STATE_REJECTED:                 domain.RequestRejected,
	attendancev1.LeaveState_LEAVE_STATE_CANCELLED:                domain.RequestCancelled,
}

var (
	leaveTypesPB  = pbconv.Invert(leaveTypes)
	leaveStatesPB = pbconv.Invert(leaveStates)
)

// LeaveType maps a protobuf leave type; unspecified (and unknown) is "".
func LeaveType(t attendancev1.LeaveType) domain.LeaveType { return leaveTypes[t] }

// LeaveTypePB is the wire form of t.
func LeaveTypePB(t domain.LeaveType) attendancev1.LeaveType { return leaveTypesPB[t] }

// LeaveState maps a protobuf leave state; unspecified (and unknown) is "", no filter.
func LeaveState(s attendancev1.LeaveState) domain.LeaveState { return leaveStates[s] }

// LeaveStatePB is the wire form of s.
func LeaveStatePB(s domain.LeaveState) attendancev1.LeaveState { return leaveStatesPB[s] }

// LeaveRequestPB returns the wire form of a stored leave request, as the API answers it and the
// leave events carry it.
func LeaveRequestPB(r app.LeaveRequest) *attendancev1.LeaveRequest {
	pb := &attendancev1.LeaveRequest{
		Name:                app.LeaveRequestName(r.ID),
		Employee:            r.EmployeeNIP,
		Type:                LeaveTypePB(r.Type),
		StartDate:           r.Start.String(),
		EndDate:             r.End.String(),
		Reason:              r.Reason,
		ChildNumber:         int32(r.ChildNumber),
		Extension:           r.Extension,
		State:               LeaveStatePB(r.State),
		Days:                int32(r.Days),
		Counting:            string(r.Counting),
		NeedsSecondApproval: r.NeedsSecondApproval,
		Supervisor:          r.Supervisor,
		SpentDays:           int32(r.Spent),
		Etag:                resource.Etag(r.Version),
		CreateTime:          pbconv.Timestamp(r.Created),
		UpdateTime:          pbconv.Timestamp(r.Updated),
	}
	for _, a := range r.Attachments {
		pb.Attachments = append(pb.Attachments, &attendancev1.LeaveAttachment{Kind: string(a.Kind), Reference: a.Ref})
	}
	for _, d := range r.Decisions {
		pb.Decisions = append(pb.Decisions, &attendancev1.LeaveDecision{Actor: d.By, Action: d.Action, Reason: d.Reason, Date: d.On.String(),
			Role: d.Role, DecreeNumber: d.Decree})
	}
	return pb
}

// LeaveRequestIn reads the request of a CreateLeaveRequest; output-only fields are ignored.
// Errors name the fields with the "leave_request." prefix.
func LeaveRequestIn(pb *attendancev1.LeaveRequest) (domain.LeaveRequest, error) {
	var v errs.Violations
	r := domain.LeaveRequest{
		EmployeeNIP: strings.TrimSpace(pb.GetEmployee()),
		Reason:      pb.GetReason(),
		ChildNumber: int(pb.GetChildNumber()),
		Extension:   pb.GetExtension(),
	}
	switch t := pb.GetType(); {
	case t == attendancev1.LeaveType_LEAVE_TYPE_UNSPECIFIED:
		v.Add("leave_request.type", "is required: one of annual, long, sick, maternity, important_reasons, unpaid")
	case LeaveType(t) == "":
		v.Add("leave_request.type", "unknown leave type %d", t)
	default:
		r.Type = LeaveType(t)
	}
	for _, f := range []struct {
		name, value string
		dst         *domain.Date
	}{{"leave_request.start_date", pb.GetStartDate(), &r.Start}, {"leave_request.end_date", pb.GetEndDate(), &r.End}} {
		if f.value == "" {
			continue // the leave rules say it is required
		}
		d, err := domain.ParseDate(f.value)
		if err != nil {
			v.Add(f.name, "%v", err)
			continue
		}
		*f.dst = d
	}
	for i, a := range pb.GetAttachments() {
		if a == nil {
			v.Add(fmt.Sprintf("leave_request.attachments[%d]", i), "is empty")
			continue
		}
		r.Attachments = append(r.Attachments, domain.Attachment{Kind: domain.AttachmentKind(strings.TrimSpace(a.GetKind())), Ref: strings.TrimSpace(a.GetReference())})
	}
	return r, v.Err()
}

// DateRangeIn reads the optional new dates of a deferral; an empty date is the zero date, which
// the workflow reports as required.
func DateRangeIn(start, end string) (domain.DateRange, error) {
	var (
		r domain.DateRange
		v errs.Violations
	)
	for _, f := range []struct {
		name, value string
		dst         *domain.Date
	}{{"start_date", start, &r.Start}, {"end_date", end, &r.End}} {
		if f.value == "" {
			continue
		}
		d, err := domain.ParseDate(f.value)
		if err != nil {
			v.Add(f.name, "%v", err)
			continue
		}
		*f.dst = d
	}
	return r, v.Err()
}

// LeaveBalancePB returns the wire form of an annual-leave balance.
func LeaveBalancePB(b app.LeaveBalance) *attendancev1.LeaveBalance {
	s := b.Summary()
	pb := &attendancev1.LeaveBalance{
		Name:          app.LeaveBalanceName(b.Employee, b.Year),
		Employee:      b.Employee,
		Year:          int32(b.Year),
		Available:     int32(b.Available()),
		Granted:       int32(s.Granted),
		CarriedOver:   int32(s.Carried),
		Taken:         int32(s.Used),
		LongLeaveYear: b.LongLeave,
	}
	for _, e := range b.Entries {
		le := &attendancev1.LeaveLedgerEntry{Kind: string(e.Kind), Days: int32(e.Days), Note: e.Note}
		if e.RequestID != "" {
			le.LeaveRequest = app.LeaveRequestName(e.RequestID)
		}
		pb.Entries = append(pb.Entries, le)
	}
	return pb
}
