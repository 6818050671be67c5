package grpcapi

// The feedback area's handlers: realisation and evidence, feedback threads and dialogues, peer
// input.

import (
	"context"

	evaluationv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/evaluation/v1"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/app"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/convert"
)

// RecordRealisation records or replaces a realisation with its evidence.
func (s *Server) RecordRealisation(ctx context.Context, req *evaluationv1.RecordRealisationRequest) (*evaluationv1.RecordRealisationResponse, error) {
	id, err := app.SkpID(req.GetParent(), "parent")
	if err != nil {
		return nil, err
	}
	r, err := s.app.RecordRealisation(ctx, id, convert.RealisationFrom(req.GetRealisation()), req.GetRealisation().GetEtag())
	if err != nil {
		return nil, err
	}
	return &evaluationv1.RecordRealisationResponse{Realisation: convert.Realisation(r)}, nil
}

// ListRealisations returns an SKP's realisations.
func (s *Server) ListRealisations(ctx context.Context, req *evaluationv1.ListRealisationsRequest) (*evaluationv1.ListRealisationsResponse, error) {
	id, err := app.SkpID(req.GetParent(), "parent")
	if err != nil {
		return nil, err
	}
	rs, err := s.app.ListRealisations(ctx, id, req.GetPeriod())
	if err != nil {
		return nil, err
	}
	out := &evaluationv1.ListRealisationsResponse{Realisations: make([]*evaluationv1.Realisation, len(rs))}
	for i, r := range rs {
		out.Realisations[i] = convert.Realisation(r)
	}
	return out, nil
}

// GiveFeedback adds a supervisor's feedback.
func (s *Server) GiveFeedback(ctx context.Context, req *evaluationv1.GiveFeedbackRequest) (*evaluationv1.GiveFeedbackResponse, error) {
	id, err := app.SkpID(req.GetParent(), "parent")
	if err != nil {
		return nil, err
	}
	f, err := s.app.GiveFeedback(ctx, id, convert.FeedbackFrom(req.GetFeedback()))
	if err != nil {
		return nil, err
	}
	return &evaluationv1.GiveFeedbackResponse{Feedback: convert.Feedback(f)}, nil
}

// ReplyToFeedback adds the holder's reply.
func (s *Server) ReplyToFeedback(ctx context.Context, req *evaluationv1.ReplyToFeedbackRequest) (*evaluationv1.ReplyToFeedbackResponse, error) {
	skp, id, err := app.FeedbackID(req.GetName(), "name")
	if err != nil {
		return nil, err
	}
	f, err := s.app.ReplyToFeedback(ctx, skp, id, req.GetText())
	if err != nil {
		return nil, err
	}
	return &evaluationv1.ReplyToFeedbackResponse{Feedback: convert.Feedback(f)}, nil
}

// RecordDialogue records a performance dialogue.
func (s *Server) RecordDialogue(ctx context.Context, req *evaluationv1.RecordDialogueRequest) (*evaluationv1.RecordDialogueResponse, error) {
	id, err := app.SkpID(req.GetParent(), "parent")
	if err != nil {
		return nil, err
	}
	f, err := s.app.RecordDialogue(ctx, id, convert.FeedbackFrom(req.GetFeedback()))
	if err != nil {
		return nil, err
	}
	return &evaluationv1.RecordDialogueResponse{Feedback: convert.Feedback(f)}, nil
}

// ListFeedback returns an SKP's feedback thread.
func (s *Server) ListFeedback(ctx context.Context, req *evaluationv1.ListFeedbackRequest) (*evaluationv1.ListFeedbackResponse, error) {
	id, err := app.SkpID(req.GetParent(), "parent")
	if err != nil {
		return nil, err
	}
	fs, err := s.app.ListFeedback(ctx, id, req.GetPeriod())
	if err != nil {
		return nil, err
	}
	return &evaluationv1.ListFeedbackResponse{Feedback: convert.FeedbackList(fs)}, nil
}

// RequestPeerInput asks colleagues for peer input.
func (s *Server) RequestPeerInput(ctx context.Context, req *evaluationv1.RequestPeerInputRequest) (*evaluationv1.RequestPeerInputResponse, error) {
	id, err := app.SkpID(req.GetSkp(), "skp")
	if err != nil {
		return nil, err
	}
	fs, err := s.app.RequestPeerInput(ctx, id, req.GetPeriod(), req.GetRaters())
	if err != nil {
		return nil, err
	}
	return &evaluationv1.RequestPeerInputResponse{PeerForms: convert.PeerForms(fs)}, nil
}

// ListPeerForms returns the caller's own peer forms.
func (s *Server) ListPeerForms(ctx context.Context, req *evaluationv1.ListPeerFormsRequest) (*evaluationv1.ListPeerFormsResponse, error) {
	fs, err := s.app.ListPeerForms(ctx, convert.PeerFormStateFrom(req.GetState()))
	if err != nil {
		return nil, err
	}
	return &evaluationv1.ListPeerFormsResponse{PeerForms: convert.PeerForms(fs)}, nil
}

// SubmitPeerForm submits the caller's peer form.
func (s *Server) SubmitPeerForm(ctx context.Context, req *evaluationv1.SubmitPeerFormRequest) (*evaluationv1.SubmitPeerFormResponse, error) {
	id, err := app.PeerFormID(req.GetName(), "name")
	if err != nil {
		return nil, err
	}
	f, err := s.app.SubmitPeerForm(ctx, id, convert.BehaviourScoresFrom(req.GetScores()), req.GetComment())
	if err != nil {
		return nil, err
	}
	return &evaluationv1.SubmitPeerFormResponse{PeerForm: convert.PeerForm(f)}, nil
}

// GetPeerSummary returns the aggregate of an SKP's peer input in a period.
func (s *Server) GetPeerSummary(ctx context.Context, req *evaluationv1.GetPeerSummaryRequest) (*evaluationv1.GetPeerSummaryResponse, error) {
	id, err := app.SkpID(req.GetSkp(), "skp")
	if err != nil {
		return nil, err
	}
	sum, err := s.app.GetPeerSummary(ctx, id, req.GetPeriod())
	if err != nil {
		return nil, err
	}
	return &evaluationv1.GetPeerSummaryResponse{Summary: convert.PeerSummary(sum)}, nil
}
