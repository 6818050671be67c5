package grpcapi

import (
	"context"
	"fmt"

	"google.golang.org/genproto/googleapis/api/httpbody"
	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/resource"
	attendancev1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/attendance/v1"
	"github.com/simpeg-id/simpeg/services/attendance/internal/app"
	"github.com/simpeg-id/simpeg/services/attendance/internal/convert"
)

// CloseDay fixes every employee's status for a date, of one agency or of all.
func (s *Server) CloseDay(ctx context.Context, req *attendancev1.CloseDayRequest) (*attendancev1.CloseDayResponse, error) {
	if req.GetDate() == "" {
		return nil, errs.Invalidf("date", "is required")
	}
	date, err := convert.Date(req.GetDate(), "date")
	if err != nil {
		return nil, err
	}
	res, err := s.app.CloseDay(ctx, date, convert.Agency(req.GetAgency()))
	if err != nil {
		return nil, err
	}
	out := &attendancev1.CloseDayResponse{Closed: int32(res.Closed), Absent: int32(res.Absent),
		Crossed: make([]*attendancev1.Sanction, len(res.Crossed))}
	for i, c := range res.Crossed {
		out.Crossed[i] = convert.SanctionPB(c)
	}
	return out, nil
}

// ListDailyStatuses lists an employee's closed days between two dates.
func (s *Server) ListDailyStatuses(ctx context.Context, req *attendancev1.ListDailyStatusesRequest) (*attendancev1.ListDailyStatusesResponse, error) {
	nip, err := resource.NameID(req.GetParent(), "employees/", "", "parent")
	if err != nil {
		return nil, err
	}
	from, err := convert.Date(req.GetStartDate(), "start_date")
	if err != nil {
		return nil, err
	}
	to, err := convert.Date(req.GetEndDate(), "end_date")
	if err != nil {
		return nil, err
	}
	days, err := s.app.ListDailyStatuses(ctx, nip, from, to)
	if err != nil {
		return nil, err
	}
	out := &attendancev1.ListDailyStatusesResponse{DailyStatuses: make([]*attendancev1.DailyStatus, len(days))}
	for i, d := range days {
		out.DailyStatuses[i] = convert.DailyStatusPB(d)
	}
	return out, nil
}

func recapRequest(agencyName, month string) (string, app.Month, error) {
	agency, err := resource.NameID(agencyName, "agencies/", "", "agency")
	if err != nil {
		return "", app.Month{}, err
	}
	m, err := convert.Month(month, "month")
	return agency, m, err
}

// GetMonthlyRecap returns an agency's month, employee by employee.
func (s *Server) GetMonthlyRecap(ctx context.Context, req *attendancev1.GetMonthlyRecapRequest) (*attendancev1.GetMonthlyRecapResponse, error) {
	agency, month, err := recapRequest(req.GetAgency(), req.GetMonth())
	if err != nil {
		return nil, err
	}
	r, err := s.app.GetMonthlyRecap(ctx, agency, month)
	if err != nil {
		return nil, err
	}
	return convert.MonthlyRecapPB(r), nil
}

// ExportMonthlyRecap returns an agency's month as a CSV file; the gateway serves the body as it
// is, with its content type. The file's name goes in the content-disposition response header
// ("attachment; filename=recap-<agency>-<month>.csv"), which the gateway passes on to HTTP
// clients where its header matcher maps it.
func (s *Server) ExportMonthlyRecap(ctx context.Context, req *attendancev1.ExportMonthlyRecapRequest) (*httpbody.HttpBody, error) {
	agency, month, err := recapRequest(req.GetAgency(), req.GetMonth())
	if err != nil {
		return nil, err
	}
	data, err := s.app.ExportMonthlyRecap(ctx, agency, month)
	if err != nil {
		return nil, err
	}
	// Outside a gRPC call (a direct call in tests) there is no stream to set headers on; the
	// file is the same without its name.
	_ = grpc.SetHeader(ctx, metadata.Pairs("content-disposition", fmt.Sprintf(`attachment; filename="recap-%s-%s.csv"`, agency, month)))
	return &httpbody.HttpBody{ContentType: app.RecapCSVContentType, Data: data}, nil
}

// ListDisciplineThresholds lists the employees at a PP 94/2021 threshold in a year.
func (s *Server) ListDisciplineThresholds(ctx context.Context, req *attendancev1.ListDisciplineThresholdsRequest) (*attendancev1.ListDisciplineThresholdsResponse, error) {
	list, err := s.app.ListDisciplineThresholds(ctx, int(req.GetYear()), convert.Agency(req.GetAgency()))
	if err != nil {
		return nil, err
	}
	out := &attendancev1.ListDisciplineThresholdsResponse{Sanctions: make([]*attendancev1.Sanction, len(list))}
	for i, x := range list {
		out.Sanctions[i] = convert.SanctionPB(x)
	}
	return out, nil
}
