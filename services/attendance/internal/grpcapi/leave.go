package grpcapi

import (
	"context"
	"strconv"
	"strings"

	"google.golang.org/protobuf/proto"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/resource"
	attendancev1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/attendance/v1"
	"github.com/simpeg-id/simpeg/services/attendance/internal/app"
	"github.com/simpeg-id/simpeg/services/attendance/internal/convert"
	"github.com/simpeg-id/simpeg/services/attendance/internal/domain"
)

func leaveRequestID(name string) (string, error) {
	return resource.NameID(name, "leaveRequests/", "", "name")
}

// CreateLeaveRequest submits a leave request, or with validate_only checks it and writes nothing.
func (s *Server) CreateLeaveRequest(ctx context.Context, req *attendancev1.CreateLeaveRequestRequest) (*attendancev1.CreateLeaveRequestResponse, error) {
	if req.GetLeaveRequest() == nil {
		return nil, errs.Invalidf("leave_request", "is required")
	}
	in, err := convert.LeaveRequestIn(req.GetLeaveRequest())
	if err != nil {
		return nil, err
	}
	sub, err := s.app.SubmitLeave(ctx, in, req.GetValidateOnly())
	if err != nil {
		return nil, err
	}
	resp := &attendancev1.CreateLeaveRequestResponse{LeaveRequest: convert.LeaveRequestPB(sub.Request)}
	if req.GetValidateOnly() {
		// Not stored: no name, version or times to show.
		lr := resp.GetLeaveRequest()
		lr.Name, lr.Etag, lr.CreateTime, lr.UpdateTime = "", "", nil, nil
	}
	if a := sub.Annual; a != nil {
		resp.AnnualDaysAvailable = proto.Int32(int32(a.Available))
		resp.AnnualDaysPending = proto.Int32(int32(a.Pending))
		resp.AnnualDaysAfter = proto.Int32(int32(a.After))
	}
	return resp, nil
}

// GetLeaveRequest returns one leave request.
func (s *Server) GetLeaveRequest(ctx context.Context, req *attendancev1.GetLeaveRequestRequest) (*attendancev1.GetLeaveRequestResponse, error) {
	id, err := leaveRequestID(req.GetName())
	if err != nil {
		return nil, err
	}
	r, err := s.app.GetLeaveRequest(ctx, id)
	if err != nil {
		return nil, err
	}
	return &attendancev1.GetLeaveRequestResponse{LeaveRequest: convert.LeaveRequestPB(r)}, nil
}

// ListLeaveRequests lists the leave requests the caller may see, newest first.
func (s *Server) ListLeaveRequests(ctx context.Context, req *attendancev1.ListLeaveRequestsRequest) (*attendancev1.ListLeaveRequestsResponse, error) {
	state := convert.LeaveState(req.GetState())
	if state == "" && req.GetState() != attendancev1.LeaveState_LEAVE_STATE_UNSPECIFIED {
		return nil, errs.Invalidf("state", "unknown leave state %d", req.GetState())
	}
	list, next, err := s.app.ListLeaveRequests(ctx, app.LeaveListOptions{
		Employee:   strings.TrimSpace(req.GetEmployee()),
		State:      state,
		AwaitingMe: req.GetAwaitingMe(),
		PageSize:   int(req.GetPageSize()),
		PageToken:  req.GetPageToken(),
	})
	if err != nil {
		return nil, err
	}
	return &attendancev1.ListLeaveRequestsResponse{LeaveRequests: leaveRequestsPB(list), NextPageToken: next}, nil
}

func leaveRequestsPB(list []app.LeaveRequest) []*attendancev1.LeaveRequest {
	out := make([]*attendancev1.LeaveRequest, len(list))
	for i, r := range list {
		out[i] = convert.LeaveRequestPB(r)
	}
	return out
}

// ApproveLeaveRequest approves a leave request.
func (s *Server) ApproveLeaveRequest(ctx context.Context, req *attendancev1.ApproveLeaveRequestRequest) (*attendancev1.ApproveLeaveRequestResponse, error) {
	id, err := leaveRequestID(req.GetName())
	if err != nil {
		return nil, err
	}
	r, err := s.app.ApproveLeaveRequest(ctx, id, req.GetDecreeNumber())
	if err != nil {
		return nil, err
	}
	return &attendancev1.ApproveLeaveRequestResponse{LeaveRequest: convert.LeaveRequestPB(r)}, nil
}

// RejectLeaveRequest rejects a leave request with a reason.
func (s *Server) RejectLeaveRequest(ctx context.Context, req *attendancev1.RejectLeaveRequestRequest) (*attendancev1.RejectLeaveRequestResponse, error) {
	id, err := leaveRequestID(req.GetName())
	if err != nil {
		return nil, err
	}
	r, err := s.app.RejectLeaveRequest(ctx, id, req.GetReason(), req.GetDecreeNumber())
	if err != nil {
		return nil, err
	}
	return &attendancev1.RejectLeaveRequestResponse{LeaveRequest: convert.LeaveRequestPB(r)}, nil
}

// DeferLeaveRequest moves a leave request to new dates.
func (s *Server) DeferLeaveRequest(ctx context.Context, req *attendancev1.DeferLeaveRequestRequest) (*attendancev1.DeferLeaveRequestResponse, error) {
	id, err := leaveRequestID(req.GetName())
	if err != nil {
		return nil, err
	}
	to, err := convert.DateRangeIn(req.GetStartDate(), req.GetEndDate())
	if err != nil {
		return nil, err
	}
	r, err := s.app.DeferLeaveRequest(ctx, id, to, req.GetReason(), req.GetDecreeNumber())
	if err != nil {
		return nil, err
	}
	return &attendancev1.DeferLeaveRequestResponse{LeaveRequest: convert.LeaveRequestPB(r)}, nil
}

// CancelLeaveRequest cancels a leave request before it starts.
func (s *Server) CancelLeaveRequest(ctx context.Context, req *attendancev1.CancelLeaveRequestRequest) (*attendancev1.CancelLeaveRequestResponse, error) {
	id, err := leaveRequestID(req.GetName())
	if err != nil {
		return nil, err
	}
	r, err := s.app.CancelLeaveRequest(ctx, id)
	if err != nil {
		return nil, err
	}
	return &attendancev1.CancelLeaveRequestResponse{LeaveRequest: convert.LeaveRequestPB(r)}, nil
}

// GetLeaveBalance returns an employee's annual-leave ledger for a year.
func (s *Server) GetLeaveBalance(ctx context.Context, req *attendancev1.GetLeaveBalanceRequest) (*attendancev1.GetLeaveBalanceResponse, error) {
	rest, ok := strings.CutPrefix(req.GetName(), "employees/")
	nip, yearText, ok2 := strings.Cut(rest, "/leaveBalances/")
	year, err := strconv.Atoi(yearText)
	if !ok || !ok2 || nip == "" || strings.Contains(nip, "/") || err != nil || len(yearText) != 4 {
		return nil, errs.Invalidf("name", "must look like employees/{nip}/leaveBalances/{year}, got %q", req.GetName())
	}
	b, err := s.app.GetLeaveBalance(ctx, nip, year)
	if err != nil {
		return nil, err
	}
	return &attendancev1.GetLeaveBalanceResponse{LeaveBalance: convert.LeaveBalancePB(b)}, nil
}

// ImportOpeningBalances stores the go-live opening balances (app.ImportOpeningBalances).
func (s *Server) ImportOpeningBalances(ctx context.Context, req *attendancev1.ImportOpeningBalancesRequest) (*attendancev1.ImportOpeningBalancesResponse, error) {
	rows := make([]domain.OpeningBalance, len(req.GetRows()))
	for i, r := range req.GetRows() {
		rows[i] = domain.OpeningBalance{Employee: r.GetEmployee(), Year: int(r.GetYear()), Unused: int(r.GetUnusedDays()), Source: r.GetSource()}
	}
	res, err := s.app.ImportOpeningBalances(ctx, rows, req.GetValidateOnly())
	if err != nil {
		return nil, err
	}
	return &attendancev1.ImportOpeningBalancesResponse{Written: int32(res.Written), Unchanged: int32(res.Unchanged)}, nil
}

// ImportApprovedLeave stores the leave approved before go-live (app.ImportApprovedLeave).
func (s *Server) ImportApprovedLeave(ctx context.Context, req *attendancev1.ImportApprovedLeaveRequest) (*attendancev1.ImportApprovedLeaveResponse, error) {
	rows := make([]app.ApprovedLeaveRow, len(req.GetRows()))
	for i, r := range req.GetRows() {
		rows[i] = app.ApprovedLeaveRow{Reference: r.GetReference(), Employee: r.GetEmployee(), Type: r.GetType(), Start: r.GetStartDate(),
			End: r.GetEndDate(), ApprovedBy: r.GetApprovedBy(), Note: r.GetNote()}
	}
	res, err := s.app.ImportApprovedLeave(ctx, rows, req.GetValidateOnly())
	if err != nil {
		return nil, err
	}
	return &attendancev1.ImportApprovedLeaveResponse{Written: int32(res.Written), Unchanged: int32(res.Unchanged)}, nil
}

// ListOnLeave returns who is on approved leave on a date.
func (s *Server) ListOnLeave(ctx context.Context, req *attendancev1.ListOnLeaveRequest) (*attendancev1.ListOnLeaveResponse, error) {
	var date domain.Date
	if req.GetDate() != "" {
		d, err := convert.Date(req.GetDate(), "date")
		if err != nil {
			return nil, err
		}
		date = d
	}
	list, err := s.app.ListOnLeave(ctx, date, strings.TrimPrefix(req.GetAgency(), "agencies/"))
	if err != nil {
		return nil, err
	}
	return &attendancev1.ListOnLeaveResponse{LeaveRequests: leaveRequestsPB(list)}, nil
}
