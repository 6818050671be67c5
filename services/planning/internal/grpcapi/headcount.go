package grpcapi

import (
	"context"
	"strings"

	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
	"github.com/simpeg-id/simpeg/services/planning/internal/app"
)

// GetHeadcount counts the active employees for the dashboards (app.GetHeadcount).
func (s *Server) GetHeadcount(ctx context.Context, req *planningv1.GetHeadcountRequest) (*planningv1.GetHeadcountResponse, error) {
	h, err := s.app.GetHeadcount(ctx, strings.TrimPrefix(req.GetAgency(), "agencies/"))
	if err != nil {
		return nil, err
	}
	out := &planningv1.GetHeadcountResponse{Date: h.Date.String(), Total: int32(h.Total),
		PnsRanks: countsPB(h.PNSRanks), PppkGrades: countsPB(h.PPPKGrades), EmploymentTypes: countsPB(h.Types), PositionKinds: countsPB(h.PositionKinds)}
	for _, a := range h.Agencies {
		out.Agencies = append(out.Agencies, &planningv1.AgencyHeadcount{Agency: a.Agency, DisplayName: a.Name, Total: int32(a.Total),
			Pns: int32(a.PNS), Pppk: int32(a.PPPK), Cpns: int32(a.CPNS)})
	}
	return out, nil
}

func countsPB(list []app.Count) []*planningv1.HeadcountGroup {
	out := make([]*planningv1.HeadcountGroup, len(list))
	for i, c := range list {
		out[i] = &planningv1.HeadcountGroup{Key: c.Key, Count: int32(c.Count)}
	}
	return out
}
