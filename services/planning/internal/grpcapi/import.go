package grpcapi

import (
	"context"
	"fmt"

	"github.com/simpeg-id/simpeg/platform/errs"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
	"github.com/simpeg-id/simpeg/services/planning/internal/app"
	"github.com/simpeg-id/simpeg/services/planning/internal/convert"
)

// ImportEmployees registers the employees of a go-live import with their past postings; a
// bad row fails the whole call with every bad field named as requests[i].<field>.
func (s *Server) ImportEmployees(ctx context.Context, req *planningv1.ImportEmployeesRequest) (*planningv1.ImportEmployeesResponse, error) {
	var v errs.Violations
	rows := make([]app.ImportRow, len(req.GetRequests()))
	for i, r := range req.GetRequests() {
		row, err := convert.ImportRow(r, fmt.Sprintf("requests[%d]", i))
		if e, ok := errs.As(err); ok {
			v = append(v, e.Violations...)
		} else if err != nil {
			return nil, err
		}
		rows[i] = row
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	res, err := s.app.ImportEmployees(ctx, rows, req.GetValidateOnly(), req.GetImportNips())
	if err != nil {
		return nil, err
	}
	out := &planningv1.ImportEmployeesResponse{Created: int32(len(res.Created)), Unchanged: int32(res.Unchanged)}
	if !req.GetValidateOnly() {
		for _, e := range res.Created {
			out.Employees = append(out.Employees, convert.EmployeePB(e))
		}
	}
	return out, nil
}
