package grpcapi

// The reports' methods: the JP ledger and list, participation, the development plan's
// realisation and the Latsar status, as JSON and CSV.

import (
	"context"
	"fmt"

	"google.golang.org/genproto/googleapis/api/httpbody"

	"github.com/simpeg-id/simpeg/platform/csvexport"
	trainingv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/training/v1"
	"github.com/simpeg-id/simpeg/services/training/internal/app"
	"github.com/simpeg-id/simpeg/services/training/internal/convert"
)

// fileName returns base, "-" and each part that is set, and ".csv": the agency ("city" when
// none; a character other than a letter, digit, "-" or "_" becomes "_", so that what a caller
// typed cannot break the header) and the year when the caller gave one.
func fileName(base, agency string, year int32) string {
	if agency == "" {
		agency = "city"
	}
	y := ""
	if year != 0 {
		y = fmt.Sprint(year)
	}
	return csvexport.FileName(base, agency, y)
}

// GetJPLedger returns an employee's JP ledger of a year.
func (s *Server) GetJPLedger(ctx context.Context, req *trainingv1.GetJPLedgerRequest) (*trainingv1.GetJPLedgerResponse, error) {
	l, err := s.app.GetJPLedger(ctx, req.GetEmployee(), int(req.GetYear()))
	if err != nil {
		return nil, err
	}
	return convert.JPLedger(l), nil
}

// ListEmployeeJP returns a page of an agency's JP list with its totals.
func (s *Server) ListEmployeeJP(ctx context.Context, req *trainingv1.ListEmployeeJPRequest) (*trainingv1.ListEmployeeJPResponse, error) {
	l, err := s.app.ListEmployeeJP(ctx, app.EmployeeJPQuery{Agency: req.GetAgency(), Year: int(req.GetYear()), OnlyShort: req.GetOnlyShort(),
		PageSize: int(req.GetPageSize()), PageToken: req.GetPageToken()})
	if err != nil {
		return nil, err
	}
	return convert.EmployeeJPList(l), nil
}

// ExportEmployeeJP returns the whole JP list as CSV.
func (s *Server) ExportEmployeeJP(ctx context.Context, req *trainingv1.ExportEmployeeJPRequest) (*httpbody.HttpBody, error) {
	data, err := s.app.ExportEmployeeJP(ctx, req.GetAgency(), int(req.GetYear()), req.GetOnlyShort())
	if err != nil {
		return nil, err
	}
	return csvexport.Download(ctx, fileName("employee-jp", req.GetAgency(), req.GetYear()), data), nil
}

// GetParticipationReport returns participation and completion per programme and provider.
func (s *Server) GetParticipationReport(ctx context.Context, req *trainingv1.GetParticipationReportRequest) (*trainingv1.GetParticipationReportResponse, error) {
	r, err := s.app.GetParticipationReport(ctx, int(req.GetYear()), req.GetAgency())
	if err != nil {
		return nil, err
	}
	return convert.ParticipationReport(r), nil
}

// ExportParticipationReport returns the participation report as CSV.
func (s *Server) ExportParticipationReport(ctx context.Context, req *trainingv1.ExportParticipationReportRequest) (*httpbody.HttpBody, error) {
	data, err := s.app.ExportParticipationReport(ctx, int(req.GetYear()), req.GetAgency())
	if err != nil {
		return nil, err
	}
	return csvexport.Download(ctx, fileName("participation", req.GetAgency(), req.GetYear()), data), nil
}

// GetPlanRealisation returns an agency's development plan against its realisation.
func (s *Server) GetPlanRealisation(ctx context.Context, req *trainingv1.GetPlanRealisationRequest) (*trainingv1.GetPlanRealisationResponse, error) {
	agency, year, err := app.ParseDevelopmentPlanName(req.GetPlan(), "plan")
	if err != nil {
		return nil, err
	}
	r, err := s.app.GetPlanRealisation(ctx, agency, year)
	if err != nil {
		return nil, err
	}
	return convert.PlanRealisation(r), nil
}

// ExportPlanRealisation returns the plan's realisation as CSV.
func (s *Server) ExportPlanRealisation(ctx context.Context, req *trainingv1.ExportPlanRealisationRequest) (*httpbody.HttpBody, error) {
	agency, year, err := app.ParseDevelopmentPlanName(req.GetPlan(), "plan")
	if err != nil {
		return nil, err
	}
	data, err := s.app.ExportPlanRealisation(ctx, agency, year)
	if err != nil {
		return nil, err
	}
	return csvexport.Download(ctx, fileName("plan-realisation", agency, int32(year)), data), nil
}

// ListLatsarStatus returns the CPNS of an agency with their Latsar state.
func (s *Server) ListLatsarStatus(ctx context.Context, req *trainingv1.ListLatsarStatusRequest) (*trainingv1.ListLatsarStatusResponse, error) {
	list, err := s.app.ListLatsarStatus(ctx, req.GetAgency(), req.GetOnlyFlagged())
	if err != nil {
		return nil, err
	}
	return convert.LatsarStatuses(list), nil
}
