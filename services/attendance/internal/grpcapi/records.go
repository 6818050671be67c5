package grpcapi

import (
	"context"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/resource"
	attendancev1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/attendance/v1"
	"github.com/simpeg-id/simpeg/services/attendance/internal/convert"
)

// RecordAttendance records the caller's check-in or check-out, or answers a re-upload with the
// record stored the first time.
func (s *Server) RecordAttendance(ctx context.Context, req *attendancev1.RecordAttendanceRequest) (*attendancev1.RecordAttendanceResponse, error) {
	if req.GetRecord() == nil {
		return nil, errs.Invalidf("record", "is required")
	}
	in, office, err := convert.CheckIn(req.GetRecord())
	if err != nil {
		return nil, err
	}
	r, err := s.app.RecordAttendance(ctx, in, office)
	if err != nil {
		return nil, err
	}
	return &attendancev1.RecordAttendanceResponse{Record: convert.RecordPB(r)}, nil
}

// ListAttendanceRecords lists an employee's check-ins and check-outs between two working dates.
func (s *Server) ListAttendanceRecords(ctx context.Context, req *attendancev1.ListAttendanceRecordsRequest) (*attendancev1.ListAttendanceRecordsResponse, error) {
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
	recs, err := s.app.ListAttendanceRecords(ctx, nip, from, to)
	if err != nil {
		return nil, err
	}
	out := &attendancev1.ListAttendanceRecordsResponse{Records: make([]*attendancev1.AttendanceRecord, len(recs))}
	for i, r := range recs {
		out.Records[i] = convert.RecordPB(r)
	}
	return out, nil
}
