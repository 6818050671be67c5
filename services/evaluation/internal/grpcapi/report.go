package grpcapi

// The reports' methods (issue 11 §4): SKP completion, the predicate distribution, feedback
// activity and credit points, as JSON and CSV.

import (
	"context"
	"fmt"

	"google.golang.org/genproto/googleapis/api/httpbody"

	"github.com/simpeg-id/simpeg/platform/csvexport"
	evaluationv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/evaluation/v1"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/convert"
)

// GetSkpCompletionReport returns the SKP completion figures and a page of the lines.
func (s *Server) GetSkpCompletionReport(ctx context.Context, req *evaluationv1.GetSkpCompletionReportRequest) (*evaluationv1.GetSkpCompletionReportResponse, error) {
	r, err := s.app.GetSkpCompletionReport(ctx, int(req.GetYear()), req.GetAgency(), int(req.GetPageSize()), req.GetPageToken())
	if err != nil {
		return nil, err
	}
	return convert.SkpCompletionReport(r), nil
}

// ExportSkpCompletionReport returns every completion line as CSV.
func (s *Server) ExportSkpCompletionReport(ctx context.Context, req *evaluationv1.ExportSkpCompletionReportRequest) (*httpbody.HttpBody, error) {
	data, err := s.app.ExportSkpCompletionReport(ctx, int(req.GetYear()), req.GetAgency())
	if err != nil {
		return nil, err
	}
	return csvexport.Download(ctx, reportFile("skp-completion", req.GetAgency(), req.GetYear()), data), nil
}

// GetPredicateDistributionReport returns the spread of annual predicates per agency.
func (s *Server) GetPredicateDistributionReport(ctx context.Context, req *evaluationv1.GetPredicateDistributionReportRequest) (*evaluationv1.GetPredicateDistributionReportResponse, error) {
	r, err := s.app.GetPredicateDistributionReport(ctx, int(req.GetYear()), req.GetAgency(), req.GetByUnit())
	if err != nil {
		return nil, err
	}
	return convert.PredicateDistributionReport(r), nil
}

// ExportPredicateDistributionReport returns the distribution report as CSV.
func (s *Server) ExportPredicateDistributionReport(ctx context.Context, req *evaluationv1.ExportPredicateDistributionReportRequest) (*httpbody.HttpBody, error) {
	data, err := s.app.ExportPredicateDistributionReport(ctx, int(req.GetYear()), req.GetAgency(), req.GetByUnit())
	if err != nil {
		return nil, err
	}
	return csvexport.Download(ctx, reportFile("predicate-distribution", req.GetAgency(), req.GetYear()), data), nil
}

// GetFeedbackActivityReport returns the feedback activity per appraiser in a period.
func (s *Server) GetFeedbackActivityReport(ctx context.Context, req *evaluationv1.GetFeedbackActivityReportRequest) (*evaluationv1.GetFeedbackActivityReportResponse, error) {
	r, err := s.app.GetFeedbackActivityReport(ctx, int(req.GetYear()), req.GetPeriod(), req.GetAgency())
	if err != nil {
		return nil, err
	}
	return convert.FeedbackActivityReport(r), nil
}

// ExportFeedbackActivityReport returns the feedback activity report as CSV.
func (s *Server) ExportFeedbackActivityReport(ctx context.Context, req *evaluationv1.ExportFeedbackActivityReportRequest) (*httpbody.HttpBody, error) {
	data, err := s.app.ExportFeedbackActivityReport(ctx, int(req.GetYear()), req.GetPeriod(), req.GetAgency())
	if err != nil {
		return nil, err
	}
	var more []string
	if req.GetPeriod() != "" {
		more = append(more, req.GetPeriod())
	}
	return csvexport.Download(ctx, reportFile("feedback-activity", req.GetAgency(), req.GetYear(), more...), data), nil
}

// GetCreditPointReport returns the credit points of the year's functional-position holders.
func (s *Server) GetCreditPointReport(ctx context.Context, req *evaluationv1.GetCreditPointReportRequest) (*evaluationv1.GetCreditPointReportResponse, error) {
	r, err := s.app.GetCreditPointReport(ctx, int(req.GetYear()), req.GetAgency(), req.GetEmployee())
	if err != nil {
		return nil, err
	}
	return convert.CreditPointReport(r), nil
}

// ExportCreditPointReport returns the credit point report as CSV.
func (s *Server) ExportCreditPointReport(ctx context.Context, req *evaluationv1.ExportCreditPointReportRequest) (*httpbody.HttpBody, error) {
	data, err := s.app.ExportCreditPointReport(ctx, int(req.GetYear()), req.GetAgency())
	if err != nil {
		return nil, err
	}
	return csvexport.Download(ctx, reportFile("credit-points", req.GetAgency(), req.GetYear()), data), nil
}

// reportFile names a report's download: base, the agency ("city" when none), the year and, when
// set, more.
func reportFile(base, agency string, year int32, more ...string) string {
	if agency == "" {
		agency = "city"
	}
	return csvexport.FileName(append([]string{base, agency, fmt.Sprint(year)}, more...)...)
}
