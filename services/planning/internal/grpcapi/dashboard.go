package grpcapi

// The HR information system's methods (issue 12 §3): the workforce dashboard as JSON and CSV,
// and the monthly reports.

import (
	"context"
	"strings"

	"google.golang.org/genproto/googleapis/api/httpbody"
	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"

	"github.com/simpeg-id/simpeg/platform/csvexport"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
	"github.com/simpeg-id/simpeg/services/planning/internal/app"
	"github.com/simpeg-id/simpeg/services/planning/internal/convert"
)

// HTMLContentType is the media type of a monthly report's printable page.
const HTMLContentType = "text/html; charset=utf-8"

// GetWorkforceDashboard returns the dashboard of an agency or the city (app.GetWorkforceDashboard).
func (s *Server) GetWorkforceDashboard(ctx context.Context, req *planningv1.GetWorkforceDashboardRequest) (*planningv1.GetWorkforceDashboardResponse, error) {
	d, err := s.app.GetWorkforceDashboard(ctx, strings.TrimPrefix(req.GetAgency(), "agencies/"))
	if err != nil {
		return nil, err
	}
	return &planningv1.GetWorkforceDashboardResponse{Dashboard: convert.DashboardPB(d)}, nil
}

// ExportWorkforceDashboard returns the dashboard as CSV (app.ExportWorkforceDashboard).
func (s *Server) ExportWorkforceDashboard(ctx context.Context, req *planningv1.ExportWorkforceDashboardRequest) (*httpbody.HttpBody, error) {
	agency, data, err := s.app.ExportWorkforceDashboard(ctx, strings.TrimPrefix(req.GetAgency(), "agencies/"))
	if err != nil {
		return nil, err
	}
	scope := agency
	if scope == "" {
		scope = "kota"
	}
	return csvexport.Download(ctx, csvexport.FileName("dashboard-kepegawaian", scope), data), nil
}

// GenerateMonthlyReport generates an agency's report for a month now.
func (s *Server) GenerateMonthlyReport(ctx context.Context, req *planningv1.GenerateMonthlyReportRequest) (*planningv1.GenerateMonthlyReportResponse, error) {
	r, err := s.app.GenerateMonthlyReport(ctx, req.GetAgency(), req.GetMonth())
	if err != nil {
		return nil, err
	}
	return &planningv1.GenerateMonthlyReportResponse{MonthlyReport: convert.ReportInfoPB(r)}, nil
}

// ListMonthlyReports lists the generated reports, newest month first.
func (s *Server) ListMonthlyReports(ctx context.Context, req *planningv1.ListMonthlyReportsRequest) (*planningv1.ListMonthlyReportsResponse, error) {
	list, next, err := s.app.ListMonthlyReports(ctx, strings.TrimPrefix(req.GetAgency(), "agencies/"), int(req.GetPageSize()), req.GetPageToken())
	if err != nil {
		return nil, err
	}
	out := &planningv1.ListMonthlyReportsResponse{NextPageToken: next, MonthlyReports: make([]*planningv1.MonthlyReport, len(list))}
	for i, r := range list {
		out.MonthlyReports[i] = convert.ReportInfoPB(r)
	}
	return out, nil
}

// DownloadMonthlyReport returns a report's CSV file (the default) or its printable HTML page.
func (s *Server) DownloadMonthlyReport(ctx context.Context, req *planningv1.DownloadMonthlyReportRequest) (*httpbody.HttpBody, error) {
	agency, month, err := app.ParseMonthlyReportName(req.GetName())
	if err != nil {
		return nil, err
	}
	r, err := s.app.GetMonthlyReport(ctx, agency, month)
	if err != nil {
		return nil, err
	}
	base := "laporan-bulanan-" + agency + "-" + month.String()
	if req.GetFormat() == "html" {
		// Inline, so a browser shows the page ready to print; the name is kept for saving.
		_ = grpc.SetHeader(ctx, metadata.Pairs("content-disposition", `inline; filename="`+strings.TrimSuffix(csvexport.FileName(base), ".csv")+`.html"`))
		return &httpbody.HttpBody{ContentType: HTMLContentType, Data: r.HTML}, nil
	}
	return csvexport.Download(ctx, csvexport.FileName(base), r.CSV), nil
}
