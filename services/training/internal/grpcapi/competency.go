package grpcapi

// The competency area's methods: assessments and profiles, development needs and plans,
// feedback.

import (
	"context"

	"github.com/simpeg-id/simpeg/platform/resource"
	trainingv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/training/v1"
	"github.com/simpeg-id/simpeg/services/training/internal/app"
	"github.com/simpeg-id/simpeg/services/training/internal/convert"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

// RecordAssessment records an assessed level of a competency.
func (s *Server) RecordAssessment(ctx context.Context, req *trainingv1.RecordAssessmentRequest) (*trainingv1.RecordAssessmentResponse, error) {
	in, err := convert.AssessmentIn(req.GetAssessment())
	if err != nil {
		return nil, err
	}
	a, err := s.app.RecordAssessment(ctx, in)
	if err != nil {
		return nil, err
	}
	return &trainingv1.RecordAssessmentResponse{Assessment: convert.Assessment(a)}, nil
}

// VerifyAssessment marks a self-assessment verified.
func (s *Server) VerifyAssessment(ctx context.Context, req *trainingv1.VerifyAssessmentRequest) (*trainingv1.VerifyAssessmentResponse, error) {
	id, err := resource.NameID(req.GetName(), "assessments/", "", "name")
	if err != nil {
		return nil, err
	}
	a, err := s.app.VerifyAssessment(ctx, id, req.GetEtag())
	if err != nil {
		return nil, err
	}
	return &trainingv1.VerifyAssessmentResponse{Assessment: convert.Assessment(a)}, nil
}

// GetCompetencyProfile returns an employee's competency profile.
func (s *Server) GetCompetencyProfile(ctx context.Context, req *trainingv1.GetCompetencyProfileRequest) (*trainingv1.GetCompetencyProfileResponse, error) {
	p, err := s.app.GetCompetencyProfile(ctx, req.GetEmployee())
	if err != nil {
		return nil, err
	}
	return convert.CompetencyProfile(p), nil
}

// ListDevelopmentNeeds returns a page of an agency's development needs.
func (s *Server) ListDevelopmentNeeds(ctx context.Context, req *trainingv1.ListDevelopmentNeedsRequest) (*trainingv1.ListDevelopmentNeedsResponse, error) {
	n, err := s.app.ListDevelopmentNeeds(ctx, req.GetAgency(), int(req.GetYear()), int(req.GetPageSize()), req.GetPageToken())
	if err != nil {
		return nil, err
	}
	return convert.DevelopmentNeeds(n), nil
}

// CreateDevelopmentPlan creates an agency's plan for a year.
func (s *Server) CreateDevelopmentPlan(ctx context.Context, req *trainingv1.CreateDevelopmentPlanRequest) (*trainingv1.CreateDevelopmentPlanResponse, error) {
	in, err := convert.DevelopmentPlanIn(req.GetDevelopmentPlan())
	if err != nil {
		return nil, err
	}
	p, err := s.app.CreateDevelopmentPlan(ctx, in)
	if err != nil {
		return nil, err
	}
	return &trainingv1.CreateDevelopmentPlanResponse{DevelopmentPlan: convert.DevelopmentPlan(p)}, nil
}

// GetDevelopmentPlan returns an agency's plan for a year.
func (s *Server) GetDevelopmentPlan(ctx context.Context, req *trainingv1.GetDevelopmentPlanRequest) (*trainingv1.GetDevelopmentPlanResponse, error) {
	agency, year, err := app.ParseDevelopmentPlanName(req.GetName(), "name")
	if err != nil {
		return nil, err
	}
	p, err := s.app.GetDevelopmentPlan(ctx, agency, year)
	if err != nil {
		return nil, err
	}
	return &trainingv1.GetDevelopmentPlanResponse{DevelopmentPlan: convert.DevelopmentPlan(p)}, nil
}

// UpdateDevelopmentPlan changes the lines or the note of a plan.
func (s *Server) UpdateDevelopmentPlan(ctx context.Context, req *trainingv1.UpdateDevelopmentPlanRequest) (*trainingv1.UpdateDevelopmentPlanResponse, error) {
	agency, year, err := app.ParseDevelopmentPlanName(req.GetDevelopmentPlan().GetName(), "development_plan.name")
	if err != nil {
		return nil, err
	}
	values, err := convert.DevelopmentPlanIn(req.GetDevelopmentPlan())
	if err != nil {
		return nil, err
	}
	p, err := s.app.UpdateDevelopmentPlan(ctx, agency, year, req.GetDevelopmentPlan().GetEtag(), req.GetUpdateMask().GetPaths(), values)
	if err != nil {
		return nil, err
	}
	return &trainingv1.UpdateDevelopmentPlanResponse{DevelopmentPlan: convert.DevelopmentPlan(p)}, nil
}

// SubmitFeedback records the caller's rating of a session they attended.
func (s *Server) SubmitFeedback(ctx context.Context, req *trainingv1.SubmitFeedbackRequest) (*trainingv1.SubmitFeedbackResponse, error) {
	id, err := resource.NameID(req.GetSession(), "sessions/", "", "session")
	if err != nil {
		return nil, err
	}
	n, err := s.app.SubmitFeedback(ctx, id, domain.Feedback{Trainer: int(req.GetTrainer()), Material: int(req.GetMaterial()),
		Usefulness: int(req.GetUsefulness()), Text: req.GetComment()})
	if err != nil {
		return nil, err
	}
	return &trainingv1.SubmitFeedbackResponse{Responses: int32(n)}, nil
}

// GetSessionFeedback returns a session's feedback summary.
func (s *Server) GetSessionFeedback(ctx context.Context, req *trainingv1.GetSessionFeedbackRequest) (*trainingv1.GetSessionFeedbackResponse, error) {
	id, err := resource.NameID(req.GetSession(), "sessions/", "", "session")
	if err != nil {
		return nil, err
	}
	sum, err := s.app.GetSessionFeedback(ctx, id)
	if err != nil {
		return nil, err
	}
	return &trainingv1.GetSessionFeedbackResponse{Summary: convert.FeedbackSummary(sum)}, nil
}

// GetProviderFeedback returns the feedback summary over a provider's sessions of a year.
func (s *Server) GetProviderFeedback(ctx context.Context, req *trainingv1.GetProviderFeedbackRequest) (*trainingv1.GetProviderFeedbackResponse, error) {
	f, err := s.app.GetProviderFeedback(ctx, req.GetProvider(), int(req.GetYear()))
	if err != nil {
		return nil, err
	}
	return &trainingv1.GetProviderFeedbackResponse{Summary: convert.FeedbackSummary(f.Summary), Sessions: int32(f.Sessions)}, nil
}
