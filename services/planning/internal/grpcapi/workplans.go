package grpcapi

import (
	"context"

	"github.com/simpeg-id/simpeg/platform/resource"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
	"github.com/simpeg-id/simpeg/services/planning/internal/app"
	"github.com/simpeg-id/simpeg/services/planning/internal/convert"
	"github.com/simpeg-id/simpeg/services/planning/internal/domain"
)

// The staffing work plans' methods (issue 12 §2): thin, the rules are app's and domain's.

func planID(name, field string) (string, error) {
	return resource.NameID(name, "workPlans/", "", field)
}

// CreateWorkPlan creates a draft plan.
func (s *Server) CreateWorkPlan(ctx context.Context, req *planningv1.CreateWorkPlanRequest) (*planningv1.CreateWorkPlanResponse, error) {
	in, err := convert.WorkPlan(req.GetWorkPlan(), "work_plan")
	if err != nil {
		return nil, err
	}
	p, err := s.app.CreateWorkPlan(ctx, in)
	if err != nil {
		return nil, err
	}
	return &planningv1.CreateWorkPlanResponse{WorkPlan: convert.WorkPlanPB(p)}, nil
}

// GetWorkPlan reads a plan with its targets as measured now.
func (s *Server) GetWorkPlan(ctx context.Context, req *planningv1.GetWorkPlanRequest) (*planningv1.GetWorkPlanResponse, error) {
	id, err := planID(req.GetName(), "name")
	if err != nil {
		return nil, err
	}
	p, err := s.app.GetWorkPlan(ctx, id)
	if err != nil {
		return nil, err
	}
	return &planningv1.GetWorkPlanResponse{WorkPlan: convert.WorkPlanPB(p)}, nil
}

// ListWorkPlans lists plans by agency, year and state.
func (s *Server) ListWorkPlans(ctx context.Context, req *planningv1.ListWorkPlansRequest) (*planningv1.ListWorkPlansResponse, error) {
	f := app.WorkPlanFilter{Agency: req.GetAgency(), Year: int(req.GetYear()), PageSize: int(req.GetPageSize()), After: req.GetPageToken()}
	if st := convert.PlanState(req.GetState()); st != "" {
		f.States = []domain.PlanState{st}
	}
	ps, next, err := s.app.ListWorkPlans(ctx, f)
	if err != nil {
		return nil, err
	}
	out := &planningv1.ListWorkPlansResponse{NextPageToken: next, WorkPlans: make([]*planningv1.WorkPlan, len(ps))}
	for i, p := range ps {
		out.WorkPlans[i] = convert.WorkPlanPB(p)
	}
	return out, nil
}

// UpdateWorkPlan changes a draft or returned plan by field mask.
func (s *Server) UpdateWorkPlan(ctx context.Context, req *planningv1.UpdateWorkPlanRequest) (*planningv1.UpdateWorkPlanResponse, error) {
	id, err := planID(req.GetWorkPlan().GetName(), "work_plan.name")
	if err != nil {
		return nil, err
	}
	values, err := convert.WorkPlan(req.GetWorkPlan(), "work_plan")
	if err != nil {
		return nil, err
	}
	u := domain.WorkPlanUpdate{Fields: mask(req.GetUpdateMask(), domain.PlanFields()), Values: values.PlanContent}
	p, err := s.app.UpdateWorkPlan(ctx, id, req.GetWorkPlan().GetEtag(), u)
	if err != nil {
		return nil, err
	}
	return &planningv1.UpdateWorkPlanResponse{WorkPlan: convert.WorkPlanPB(p)}, nil
}

// SubmitWorkPlan submits a plan to city HR.
func (s *Server) SubmitWorkPlan(ctx context.Context, req *planningv1.SubmitWorkPlanRequest) (*planningv1.SubmitWorkPlanResponse, error) {
	id, err := planID(req.GetName(), "name")
	if err != nil {
		return nil, err
	}
	p, err := s.app.SubmitWorkPlan(ctx, id, req.GetEtag())
	if err != nil {
		return nil, err
	}
	return &planningv1.SubmitWorkPlanResponse{WorkPlan: convert.WorkPlanPB(p)}, nil
}

// ApproveWorkPlan approves a submitted plan.
func (s *Server) ApproveWorkPlan(ctx context.Context, req *planningv1.ApproveWorkPlanRequest) (*planningv1.ApproveWorkPlanResponse, error) {
	id, err := planID(req.GetName(), "name")
	if err != nil {
		return nil, err
	}
	p, err := s.app.ApproveWorkPlan(ctx, id, req.GetEtag(), req.GetComment())
	if err != nil {
		return nil, err
	}
	return &planningv1.ApproveWorkPlanResponse{WorkPlan: convert.WorkPlanPB(p)}, nil
}

// ReturnWorkPlan returns a submitted plan with a comment.
func (s *Server) ReturnWorkPlan(ctx context.Context, req *planningv1.ReturnWorkPlanRequest) (*planningv1.ReturnWorkPlanResponse, error) {
	id, err := planID(req.GetName(), "name")
	if err != nil {
		return nil, err
	}
	p, err := s.app.ReturnWorkPlan(ctx, id, req.GetEtag(), req.GetComment())
	if err != nil {
		return nil, err
	}
	return &planningv1.ReturnWorkPlanResponse{WorkPlan: convert.WorkPlanPB(p)}, nil
}

// ReviseWorkPlan opens an approved or running plan for change.
func (s *Server) ReviseWorkPlan(ctx context.Context, req *planningv1.ReviseWorkPlanRequest) (*planningv1.ReviseWorkPlanResponse, error) {
	id, err := planID(req.GetName(), "name")
	if err != nil {
		return nil, err
	}
	p, err := s.app.ReviseWorkPlan(ctx, id, req.GetEtag(), req.GetReason())
	if err != nil {
		return nil, err
	}
	return &planningv1.ReviseWorkPlanResponse{WorkPlan: convert.WorkPlanPB(p)}, nil
}

// CloseWorkPlan closes a plan.
func (s *Server) CloseWorkPlan(ctx context.Context, req *planningv1.CloseWorkPlanRequest) (*planningv1.CloseWorkPlanResponse, error) {
	id, err := planID(req.GetName(), "name")
	if err != nil {
		return nil, err
	}
	p, err := s.app.CloseWorkPlan(ctx, id, req.GetEtag(), req.GetComment())
	if err != nil {
		return nil, err
	}
	return &planningv1.CloseWorkPlanResponse{WorkPlan: convert.WorkPlanPB(p)}, nil
}

// CompleteWorkPlanAction marks an action done.
func (s *Server) CompleteWorkPlanAction(ctx context.Context, req *planningv1.CompleteWorkPlanActionRequest) (*planningv1.CompleteWorkPlanActionResponse, error) {
	id, err := planID(req.GetWorkPlan(), "work_plan")
	if err != nil {
		return nil, err
	}
	p, err := s.app.CompleteWorkPlanAction(ctx, id, req.GetAction(), req.GetNote())
	if err != nil {
		return nil, err
	}
	return &planningv1.CompleteWorkPlanActionResponse{WorkPlan: convert.WorkPlanPB(p)}, nil
}

// ListWorkPlanVersions lists a plan's kept versions, newest first.
func (s *Server) ListWorkPlanVersions(ctx context.Context, req *planningv1.ListWorkPlanVersionsRequest) (*planningv1.ListWorkPlanVersionsResponse, error) {
	id, err := planID(req.GetName(), "name")
	if err != nil {
		return nil, err
	}
	h, err := s.app.ListWorkPlanVersions(ctx, id)
	if err != nil {
		return nil, err
	}
	return &planningv1.ListWorkPlanVersionsResponse{Versions: convert.WorkPlanVersionsPB(h)}, nil
}
