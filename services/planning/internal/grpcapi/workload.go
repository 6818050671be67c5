package grpcapi

import (
	"context"

	"google.golang.org/genproto/googleapis/api/httpbody"

	"github.com/simpeg-id/simpeg/platform/csvexport"
	"github.com/simpeg-id/simpeg/platform/resource"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
	"github.com/simpeg-id/simpeg/services/planning/internal/app"
	"github.com/simpeg-id/simpeg/services/planning/internal/convert"
)

// The workload analysis, the position map, the retirement forecast and the formasi proposals
// (issue 12 §1); the CSV files are laid out in workload_csv.go.

// SetPositionWorkload sets a position's workload analysis (app.SetPositionWorkload).
func (s *Server) SetPositionWorkload(ctx context.Context, req *planningv1.SetPositionWorkloadRequest) (*planningv1.SetPositionWorkloadResponse, error) {
	id, err := resource.NameID(req.GetPosition(), "positions/", "", "position")
	if err != nil {
		return nil, err
	}
	w, err := s.app.SetPositionWorkload(ctx, id, req.GetEtag(), convert.WorkloadTasks(req.GetTasks()))
	if err != nil {
		return nil, err
	}
	return &planningv1.SetPositionWorkloadResponse{Workload: convert.PositionWorkloadPB(w)}, nil
}

// GetPositionWorkload reads a position's workload analysis.
func (s *Server) GetPositionWorkload(ctx context.Context, req *planningv1.GetPositionWorkloadRequest) (*planningv1.GetPositionWorkloadResponse, error) {
	id, err := resource.NameID(req.GetPosition(), "positions/", "", "position")
	if err != nil {
		return nil, err
	}
	w, err := s.app.GetPositionWorkload(ctx, id)
	if err != nil {
		return nil, err
	}
	return &planningv1.GetPositionWorkloadResponse{Workload: convert.PositionWorkloadPB(w)}, nil
}

// GetPositionMap returns an agency's position map.
func (s *Server) GetPositionMap(ctx context.Context, req *planningv1.GetPositionMapRequest) (*planningv1.GetPositionMapResponse, error) {
	m, err := s.app.GetPositionMap(ctx, req.GetAgency())
	if err != nil {
		return nil, err
	}
	return &planningv1.GetPositionMapResponse{PositionMap: convert.PositionMapPB(m)}, nil
}

// ExportPositionMap returns the position map as CSV, one row per position.
func (s *Server) ExportPositionMap(ctx context.Context, req *planningv1.ExportPositionMapRequest) (*httpbody.HttpBody, error) {
	m, err := s.app.GetPositionMap(ctx, req.GetAgency())
	if err != nil {
		return nil, err
	}
	data, err := positionMapCSV(m)
	if err != nil {
		return nil, err
	}
	return csvexport.Download(ctx, csvexport.FileName("peta-jabatan", m.Agency, m.Date.String()), data), nil
}

// GetRetirementForecast returns the retirements ahead.
func (s *Server) GetRetirementForecast(ctx context.Context, req *planningv1.GetRetirementForecastRequest) (*planningv1.GetRetirementForecastResponse, error) {
	f, err := s.app.GetRetirementForecast(ctx, req.GetAgency(), int(req.GetFirstYear()))
	if err != nil {
		return nil, err
	}
	return &planningv1.GetRetirementForecastResponse{Agency: f.Agency, Years: convert.RetirementYearsPB(f.Years)}, nil
}

// ExportRetirementForecast returns the retirements ahead as CSV, one row per retiree.
func (s *Server) ExportRetirementForecast(ctx context.Context, req *planningv1.ExportRetirementForecastRequest) (*httpbody.HttpBody, error) {
	f, err := s.app.GetRetirementForecast(ctx, req.GetAgency(), int(req.GetFirstYear()))
	if err != nil {
		return nil, err
	}
	data, err := retirementCSV(f)
	if err != nil {
		return nil, err
	}
	scope := f.Agency
	if scope == "" {
		scope = "kota"
	}
	return csvexport.Download(ctx, csvexport.FileName("pensiun", scope, wlInt(f.FirstYear)), data), nil
}

// CreateFormasiProposal computes an agency's formasi proposal as a draft.
func (s *Server) CreateFormasiProposal(ctx context.Context, req *planningv1.CreateFormasiProposalRequest) (*planningv1.CreateFormasiProposalResponse, error) {
	p, err := s.app.CreateFormasiProposal(ctx, req.GetAgency(), int(req.GetFirstYear()))
	if err != nil {
		return nil, err
	}
	return &planningv1.CreateFormasiProposalResponse{FormasiProposal: convert.FormasiProposalPB(p, true)}, nil
}

func formasiID(name string) (string, error) {
	return resource.NameID(name, "formasiProposals/", "", "name")
}

// GetFormasiProposal reads a proposal.
func (s *Server) GetFormasiProposal(ctx context.Context, req *planningv1.GetFormasiProposalRequest) (*planningv1.GetFormasiProposalResponse, error) {
	id, err := formasiID(req.GetName())
	if err != nil {
		return nil, err
	}
	p, err := s.app.GetFormasiProposal(ctx, id)
	if err != nil {
		return nil, err
	}
	return &planningv1.GetFormasiProposalResponse{FormasiProposal: convert.FormasiProposalPB(p, true)}, nil
}

// ListFormasiProposals lists proposals newest first, without their lines.
func (s *Server) ListFormasiProposals(ctx context.Context, req *planningv1.ListFormasiProposalsRequest) (*planningv1.ListFormasiProposalsResponse, error) {
	ps, next, err := s.app.ListFormasiProposals(ctx, app.FormasiFilter{Agency: req.GetAgency(), State: convert.FormasiState(req.GetState()),
		PageSize: int(req.GetPageSize()), After: req.GetPageToken()})
	if err != nil {
		return nil, err
	}
	out := &planningv1.ListFormasiProposalsResponse{NextPageToken: next}
	for _, p := range ps {
		out.FormasiProposals = append(out.FormasiProposals, convert.FormasiProposalPB(p, false))
	}
	return out, nil
}

// SubmitFormasiProposal submits a draft to city HR.
func (s *Server) SubmitFormasiProposal(ctx context.Context, req *planningv1.SubmitFormasiProposalRequest) (*planningv1.SubmitFormasiProposalResponse, error) {
	id, err := formasiID(req.GetName())
	if err != nil {
		return nil, err
	}
	p, err := s.app.SubmitFormasiProposal(ctx, id, req.GetEtag())
	if err != nil {
		return nil, err
	}
	return &planningv1.SubmitFormasiProposalResponse{FormasiProposal: convert.FormasiProposalPB(p, true)}, nil
}

// ApproveFormasiProposal approves a submitted proposal.
func (s *Server) ApproveFormasiProposal(ctx context.Context, req *planningv1.ApproveFormasiProposalRequest) (*planningv1.ApproveFormasiProposalResponse, error) {
	id, err := formasiID(req.GetName())
	if err != nil {
		return nil, err
	}
	p, err := s.app.ApproveFormasiProposal(ctx, id, req.GetEtag(), req.GetComment(), req.GetDecreeNumber())
	if err != nil {
		return nil, err
	}
	return &planningv1.ApproveFormasiProposalResponse{FormasiProposal: convert.FormasiProposalPB(p, true)}, nil
}

// ReturnFormasiProposal returns a submitted proposal with a comment.
func (s *Server) ReturnFormasiProposal(ctx context.Context, req *planningv1.ReturnFormasiProposalRequest) (*planningv1.ReturnFormasiProposalResponse, error) {
	id, err := formasiID(req.GetName())
	if err != nil {
		return nil, err
	}
	p, err := s.app.ReturnFormasiProposal(ctx, id, req.GetEtag(), req.GetComment())
	if err != nil {
		return nil, err
	}
	return &planningv1.ReturnFormasiProposalResponse{FormasiProposal: convert.FormasiProposalPB(p, true)}, nil
}

// ExportFormasiProposal returns a proposal as CSV in the layout a city HR office hands on.
func (s *Server) ExportFormasiProposal(ctx context.Context, req *planningv1.ExportFormasiProposalRequest) (*httpbody.HttpBody, error) {
	id, err := formasiID(req.GetName())
	if err != nil {
		return nil, err
	}
	p, err := s.app.GetFormasiProposal(ctx, id)
	if err != nil {
		return nil, err
	}
	units, err := s.app.UnitNames(ctx, p.Agency)
	if err != nil {
		return nil, err
	}
	data, err := formasiCSV(p, units)
	if err != nil {
		return nil, err
	}
	return csvexport.Download(ctx, csvexport.FileName("usulan-formasi", p.Agency, wlInt(p.FirstYear)), data), nil
}
