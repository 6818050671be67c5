package grpcapi

// The rating area's handlers: performance years, organisation ratings and the distribution,
// period and annual ratings, objections.

import (
	"context"

	evaluationv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/evaluation/v1"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/app"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/convert"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
)

// CreatePeriod opens a performance year.
func (s *Server) CreatePeriod(ctx context.Context, req *evaluationv1.CreatePeriodRequest) (*evaluationv1.CreatePeriodResponse, error) {
	p, err := s.app.CreatePeriod(ctx, convert.PeriodFrom(req.GetPeriod()))
	if err != nil {
		return nil, err
	}
	return &evaluationv1.CreatePeriodResponse{Period: convert.Period(p)}, nil
}

// GetPeriod returns a performance year.
func (s *Server) GetPeriod(ctx context.Context, req *evaluationv1.GetPeriodRequest) (*evaluationv1.GetPeriodResponse, error) {
	year, err := domain.ParsePeriodName(req.GetName(), "name")
	if err != nil {
		return nil, err
	}
	p, err := s.app.GetPeriod(ctx, year)
	if err != nil {
		return nil, err
	}
	return &evaluationv1.GetPeriodResponse{Period: convert.Period(p)}, nil
}

// ListPeriods returns the performance years, newest first.
func (s *Server) ListPeriods(ctx context.Context, _ *evaluationv1.ListPeriodsRequest) (*evaluationv1.ListPeriodsResponse, error) {
	ps, err := s.app.ListPeriods(ctx)
	if err != nil {
		return nil, err
	}
	out := &evaluationv1.ListPeriodsResponse{}
	for _, p := range ps {
		out.Periods = append(out.Periods, convert.Period(p))
	}
	return out, nil
}

// UpdatePeriod changes a year's cadence or due dates.
func (s *Server) UpdatePeriod(ctx context.Context, req *evaluationv1.UpdatePeriodRequest) (*evaluationv1.UpdatePeriodResponse, error) {
	year, err := domain.ParsePeriodName(req.GetPeriod().GetName(), "period.name")
	if err != nil {
		return nil, err
	}
	p, err := s.app.UpdatePeriod(ctx, year, req.GetPeriod().GetEtag(),
		domain.PeriodUpdate{Fields: req.GetUpdateMask().GetPaths(), Values: convert.PeriodFrom(req.GetPeriod())})
	if err != nil {
		return nil, err
	}
	return &evaluationv1.UpdatePeriodResponse{Period: convert.Period(p)}, nil
}

// SetOrganisationRating sets an agency's predicate for a year.
func (s *Server) SetOrganisationRating(ctx context.Context, req *evaluationv1.SetOrganisationRatingRequest) (*evaluationv1.SetOrganisationRatingResponse, error) {
	o, err := s.app.SetOrganisationRating(ctx, convert.OrganisationRatingFrom(req.GetOrganisationRating()), req.GetOrganisationRating().GetEtag())
	if err != nil {
		return nil, err
	}
	return &evaluationv1.SetOrganisationRatingResponse{OrganisationRating: convert.OrganisationRating(o)}, nil
}

// ListOrganisationRatings returns a year's organisation ratings.
func (s *Server) ListOrganisationRatings(ctx context.Context, req *evaluationv1.ListOrganisationRatingsRequest) (*evaluationv1.ListOrganisationRatingsResponse, error) {
	year, err := domain.ParsePeriodName(req.GetParent(), "parent")
	if err != nil {
		return nil, err
	}
	os, err := s.app.ListOrganisationRatings(ctx, year)
	if err != nil {
		return nil, err
	}
	out := &evaluationv1.ListOrganisationRatingsResponse{}
	for _, o := range os {
		out.OrganisationRatings = append(out.OrganisationRatings, convert.OrganisationRating(o))
	}
	return out, nil
}

// GetDistribution returns an agency's live distribution against its bounds, with its units.
func (s *Server) GetDistribution(ctx context.Context, req *evaluationv1.GetDistributionRequest) (*evaluationv1.GetDistributionResponse, error) {
	whole, units, err := s.app.GetDistribution(ctx, int(req.GetYear()), req.GetAgency())
	if err != nil {
		return nil, err
	}
	out := &evaluationv1.GetDistributionResponse{Distribution: convert.Distribution(whole)}
	for _, u := range units {
		out.Units = append(out.Units, convert.Distribution(u))
	}
	return out, nil
}

// RatePeriod rates an SKP for a period.
func (s *Server) RatePeriod(ctx context.Context, req *evaluationv1.RatePeriodRequest) (*evaluationv1.RatePeriodResponse, error) {
	id, err := app.SkpID(req.GetSkp(), "skp")
	if err != nil {
		return nil, err
	}
	p, err := s.app.RatePeriod(ctx, id, req.GetPeriod(), convert.RatingFrom(req.GetRating()), req.GetEtag())
	if err != nil {
		return nil, err
	}
	return &evaluationv1.RatePeriodResponse{PeriodRating: convert.PeriodRating(p)}, nil
}

// ListPeriodRatings returns an SKP's periodic ratings.
func (s *Server) ListPeriodRatings(ctx context.Context, req *evaluationv1.ListPeriodRatingsRequest) (*evaluationv1.ListPeriodRatingsResponse, error) {
	id, err := app.SkpID(req.GetParent(), "parent")
	if err != nil {
		return nil, err
	}
	ps, err := s.app.ListPeriodRatings(ctx, id)
	if err != nil {
		return nil, err
	}
	out := &evaluationv1.ListPeriodRatingsResponse{}
	for _, p := range ps {
		out.PeriodRatings = append(out.PeriodRatings, convert.PeriodRating(p))
	}
	return out, nil
}

// FinaliseAnnualRating finalises an SKP's annual rating.
func (s *Server) FinaliseAnnualRating(ctx context.Context, req *evaluationv1.FinaliseAnnualRatingRequest) (*evaluationv1.FinaliseAnnualRatingResponse, error) {
	id, err := app.SkpID(req.GetSkp(), "skp")
	if err != nil {
		return nil, err
	}
	r, err := s.app.FinaliseAnnualRating(ctx, id, convert.RatingFrom(req.GetRating()))
	if err != nil {
		return nil, err
	}
	return &evaluationv1.FinaliseAnnualRatingResponse{AnnualRating: convert.AnnualRating(r)}, nil
}

// GetAnnualRating returns an SKP's annual rating.
func (s *Server) GetAnnualRating(ctx context.Context, req *evaluationv1.GetAnnualRatingRequest) (*evaluationv1.GetAnnualRatingResponse, error) {
	id, err := app.AnnualRatingID(req.GetName(), "name")
	if err != nil {
		return nil, err
	}
	r, err := s.app.GetAnnualRating(ctx, id)
	if err != nil {
		return nil, err
	}
	return &evaluationv1.GetAnnualRatingResponse{AnnualRating: convert.AnnualRating(r)}, nil
}

// AcknowledgeAnnualRating records the holder's acceptance of their annual rating.
func (s *Server) AcknowledgeAnnualRating(ctx context.Context, req *evaluationv1.AcknowledgeAnnualRatingRequest) (*evaluationv1.AcknowledgeAnnualRatingResponse, error) {
	id, err := app.AnnualRatingID(req.GetName(), "name")
	if err != nil {
		return nil, err
	}
	r, err := s.app.AcknowledgeAnnualRating(ctx, id)
	if err != nil {
		return nil, err
	}
	return &evaluationv1.AcknowledgeAnnualRatingResponse{AnnualRating: convert.AnnualRating(r)}, nil
}

// FileObjection files the holder's objection to their annual rating.
func (s *Server) FileObjection(ctx context.Context, req *evaluationv1.FileObjectionRequest) (*evaluationv1.FileObjectionResponse, error) {
	id, err := app.AnnualRatingID(req.GetName(), "name")
	if err != nil {
		return nil, err
	}
	r, err := s.app.FileObjection(ctx, id, req.GetReason())
	if err != nil {
		return nil, err
	}
	return &evaluationv1.FileObjectionResponse{AnnualRating: convert.AnnualRating(r)}, nil
}

// DecideObjection upholds or changes an objected annual rating.
func (s *Server) DecideObjection(ctx context.Context, req *evaluationv1.DecideObjectionRequest) (*evaluationv1.DecideObjectionResponse, error) {
	id, err := app.AnnualRatingID(req.GetName(), "name")
	if err != nil {
		return nil, err
	}
	r, err := s.app.DecideObjection(ctx, id, domain.Decision{Change: req.GetChange(), Rating: convert.RatingFrom(req.GetRating()), Reason: req.GetReason()})
	if err != nil {
		return nil, err
	}
	return &evaluationv1.DecideObjectionResponse{AnnualRating: convert.AnnualRating(r)}, nil
}
