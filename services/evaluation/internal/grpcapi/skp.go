package grpcapi

// The SKP area's handlers: the SKP, its workflow, revisions and parent results, and the cascade
// check of an agency.

import (
	"context"

	evaluationv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/evaluation/v1"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/app"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/convert"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
)

// CreateSkp opens the caller's SKP for a year.
func (s *Server) CreateSkp(ctx context.Context, req *evaluationv1.CreateSkpRequest) (*evaluationv1.CreateSkpResponse, error) {
	out, err := s.app.CreateSkp(ctx, convert.SkpFrom(req.GetSkp(), ""))
	if err != nil {
		return nil, err
	}
	return &evaluationv1.CreateSkpResponse{Skp: convert.Skp(out)}, nil
}

// GetSkp returns one SKP.
func (s *Server) GetSkp(ctx context.Context, req *evaluationv1.GetSkpRequest) (*evaluationv1.GetSkpResponse, error) {
	id, err := app.SkpID(req.GetName(), "name")
	if err != nil {
		return nil, err
	}
	out, err := s.app.GetSkp(ctx, id)
	if err != nil {
		return nil, err
	}
	return &evaluationv1.GetSkpResponse{Skp: convert.Skp(out)}, nil
}

// ListSkps returns the SKPs the caller may see, filtered, in name order.
func (s *Server) ListSkps(ctx context.Context, req *evaluationv1.ListSkpsRequest) (*evaluationv1.ListSkpsResponse, error) {
	f := app.SkpFilter{Year: int(req.GetYear()), Employee: req.GetEmployee(), Appraiser: req.GetAppraiser(), Agency: req.GetAgency(),
		Unit: req.GetUnit(), State: convert.SkpStateFrom(req.GetState()), AgencyHeads: req.GetAgencyHeads()}
	rows, next, err := s.app.ListSkps(ctx, f, int(req.GetPageSize()), req.GetPageToken())
	if err != nil {
		return nil, err
	}
	out := &evaluationv1.ListSkpsResponse{NextPageToken: next}
	for _, r := range rows {
		out.Skps = append(out.Skps, convert.Skp(r))
	}
	return out, nil
}

// UpdateSkp changes a draft or returned SKP.
func (s *Server) UpdateSkp(ctx context.Context, req *evaluationv1.UpdateSkpRequest) (*evaluationv1.UpdateSkpResponse, error) {
	id, err := app.SkpID(req.GetSkp().GetName(), "skp.name")
	if err != nil {
		return nil, err
	}
	out, err := s.app.UpdateSkp(ctx, convert.SkpFrom(req.GetSkp(), id), req.GetSkp().GetEtag(), req.GetUpdateMask().GetPaths())
	if err != nil {
		return nil, err
	}
	return &evaluationv1.UpdateSkpResponse{Skp: convert.Skp(out)}, nil
}

// ProposeSkp sends an SKP to its appraiser.
func (s *Server) ProposeSkp(ctx context.Context, req *evaluationv1.ProposeSkpRequest) (*evaluationv1.ProposeSkpResponse, error) {
	out, err := s.skpStep(ctx, req.GetName(), func(id string) (domain.Skp, error) { return s.app.ProposeSkp(ctx, id, req.GetEtag()) })
	if err != nil {
		return nil, err
	}
	return &evaluationv1.ProposeSkpResponse{Skp: out}, nil
}

// ApproveSkp approves a proposed SKP.
func (s *Server) ApproveSkp(ctx context.Context, req *evaluationv1.ApproveSkpRequest) (*evaluationv1.ApproveSkpResponse, error) {
	out, err := s.skpStep(ctx, req.GetName(), func(id string) (domain.Skp, error) {
		return s.app.ApproveSkp(ctx, id, req.GetEtag(), convert.BehaviourExpectationsFrom(req.GetBehaviours()))
	})
	if err != nil {
		return nil, err
	}
	return &evaluationv1.ApproveSkpResponse{Skp: out}, nil
}

// ReturnSkp returns a proposed SKP with comments.
func (s *Server) ReturnSkp(ctx context.Context, req *evaluationv1.ReturnSkpRequest) (*evaluationv1.ReturnSkpResponse, error) {
	out, err := s.skpStep(ctx, req.GetName(), func(id string) (domain.Skp, error) {
		return s.app.ReturnSkp(ctx, id, req.GetEtag(), req.GetComment())
	})
	if err != nil {
		return nil, err
	}
	return &evaluationv1.ReturnSkpResponse{Skp: out}, nil
}

// ReviseSkp reopens an approved SKP as a draft.
func (s *Server) ReviseSkp(ctx context.Context, req *evaluationv1.ReviseSkpRequest) (*evaluationv1.ReviseSkpResponse, error) {
	out, err := s.skpStep(ctx, req.GetName(), func(id string) (domain.Skp, error) { return s.app.ReviseSkp(ctx, id, req.GetEtag()) })
	if err != nil {
		return nil, err
	}
	return &evaluationv1.ReviseSkpResponse{Skp: out}, nil
}

// CloseSkp closes an SKP before the year's end.
func (s *Server) CloseSkp(ctx context.Context, req *evaluationv1.CloseSkpRequest) (*evaluationv1.CloseSkpResponse, error) {
	out, err := s.skpStep(ctx, req.GetName(), func(id string) (domain.Skp, error) {
		return s.app.CloseSkp(ctx, id, req.GetEtag(), req.GetReason())
	})
	if err != nil {
		return nil, err
	}
	return &evaluationv1.CloseSkpResponse{Skp: out}, nil
}

// skpStep runs a workflow step on the SKP named name and converts the result.
func (s *Server) skpStep(_ context.Context, name string, step func(id string) (domain.Skp, error)) (*evaluationv1.Skp, error) {
	id, err := app.SkpID(name, "name")
	if err != nil {
		return nil, err
	}
	out, err := step(id)
	if err != nil {
		return nil, err
	}
	return convert.Skp(out), nil
}

// ListParentResults returns the results an SKP's results may cascade from.
func (s *Server) ListParentResults(ctx context.Context, req *evaluationv1.ListParentResultsRequest) (*evaluationv1.ListParentResultsResponse, error) {
	id, err := app.SkpID(req.GetParent(), "parent")
	if err != nil {
		return nil, err
	}
	p, err := s.app.ListParentResults(ctx, id)
	if err != nil {
		return nil, err
	}
	return &evaluationv1.ListParentResultsResponse{AppraiserSkp: convert.SkpName(p.Skp), Appraiser: p.Appraiser,
		Results: convert.WorkResults(p.Results)}, nil
}

// ListSkpRevisions returns an SKP's approved revisions, oldest first.
func (s *Server) ListSkpRevisions(ctx context.Context, req *evaluationv1.ListSkpRevisionsRequest) (*evaluationv1.ListSkpRevisionsResponse, error) {
	id, err := app.SkpID(req.GetParent(), "parent")
	if err != nil {
		return nil, err
	}
	revs, err := s.app.ListSkpRevisions(ctx, id)
	if err != nil {
		return nil, err
	}
	out := &evaluationv1.ListSkpRevisionsResponse{}
	for _, r := range revs {
		out.Revisions = append(out.Revisions, convert.SkpRevision(r))
	}
	return out, nil
}

// CheckCascade checks an agency's SKPs for a year.
func (s *Server) CheckCascade(ctx context.Context, req *evaluationv1.CheckCascadeRequest) (*evaluationv1.CheckCascadeResponse, error) {
	rep, err := s.app.CheckCascade(ctx, int(req.GetYear()), req.GetAgency())
	if err != nil {
		return nil, err
	}
	return convert.CascadeReport(rep), nil
}
