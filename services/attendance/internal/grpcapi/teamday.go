package grpcapi

import (
	"context"

	"github.com/simpeg-id/simpeg/platform/errs"
	attendancev1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/attendance/v1"
	"github.com/simpeg-id/simpeg/services/attendance/internal/app"
	"github.com/simpeg-id/simpeg/services/attendance/internal/convert"
)

// ListTeamDay shows how a team's day stands (app.ListTeamDay).
func (s *Server) ListTeamDay(ctx context.Context, req *attendancev1.ListTeamDayRequest) (*attendancev1.ListTeamDayResponse, error) {
	o := app.TeamDayOptions{Agency: convert.Agency(req.GetAgency()), Supervisor: req.GetSupervisor(), Indirect: req.GetIndirect(),
		PageSize: int(req.GetPageSize()), PageToken: req.GetPageToken()}
	if req.GetDate() != "" {
		d, err := convert.Date(req.GetDate(), "date")
		if err != nil {
			return nil, err
		}
		o.Date = d
	}
	if o.State = convert.DayState(req.GetState()); o.State == "" && req.GetState() != attendancev1.TeamDayState_TEAM_DAY_STATE_UNSPECIFIED {
		return nil, errs.Invalidf("state", "unknown team-day state %d", req.GetState())
	}
	d, err := s.app.ListTeamDay(ctx, o)
	if err != nil {
		return nil, err
	}
	return convert.TeamDayPB(d), nil
}

// GetAttendanceSummary sums attendance for the dashboards (app.GetAttendanceSummary).
func (s *Server) GetAttendanceSummary(ctx context.Context, req *attendancev1.GetAttendanceSummaryRequest) (*attendancev1.GetAttendanceSummaryResponse, error) {
	switch {
	case req.GetStartDate() == "":
		return nil, errs.Invalidf("start_date", "is required")
	case req.GetEndDate() == "":
		return nil, errs.Invalidf("end_date", "is required")
	}
	from, err := convert.Date(req.GetStartDate(), "start_date")
	if err != nil {
		return nil, err
	}
	to, err := convert.Date(req.GetEndDate(), "end_date")
	if err != nil {
		return nil, err
	}
	sum, err := s.app.GetAttendanceSummary(ctx, convert.Agency(req.GetAgency()), from, to)
	if err != nil {
		return nil, err
	}
	return convert.AttendanceSummaryPB(sum), nil
}
