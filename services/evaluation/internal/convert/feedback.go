package convert

// The feedback area's shapes: realisations with evidence, feedback threads, peer forms and the
// peer summary.

import (
	"github.com/simpeg-id/simpeg/platform/resource"
	evaluationv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/evaluation/v1"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/app"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
)

// Realisation converts a realisation.
func Realisation(r domain.Realisation) *evaluationv1.Realisation {
	ev := make([]*evaluationv1.Evidence, len(r.Evidence))
	for i, e := range r.Evidence {
		ev[i] = &evaluationv1.Evidence{Title: e.Title, Uri: e.URI}
	}
	return &evaluationv1.Realisation{Name: app.RealisationName(r), ResultId: r.ResultID, IndicatorId: r.IndicatorID,
		Period: r.Period, Value: r.Value, Evidence: ev, Etag: resource.Etag(r.Version), UpdateTime: Time(r.Updated)}
}

// RealisationFrom converts a proto realisation; its name, etag and time are not read.
func RealisationFrom(r *evaluationv1.Realisation) domain.Realisation {
	var ev []domain.Evidence
	for _, e := range r.GetEvidence() {
		ev = append(ev, domain.Evidence{Title: e.GetTitle(), URI: e.GetUri()})
	}
	return domain.Realisation{ResultID: r.GetResultId(), IndicatorID: r.GetIndicatorId(), Period: r.GetPeriod(),
		Value: r.GetValue(), Evidence: ev}
}

var feedbackKinds = []pair[domain.FeedbackKind, evaluationv1.FeedbackKind]{
	{domain.KindFeedback, evaluationv1.FeedbackKind_FEEDBACK_KIND_FEEDBACK},
	{domain.KindReply, evaluationv1.FeedbackKind_FEEDBACK_KIND_REPLY},
	{domain.KindDialogue, evaluationv1.FeedbackKind_FEEDBACK_KIND_DIALOGUE},
}

// Feedback converts an entry of a feedback thread.
func Feedback(f domain.Feedback) *evaluationv1.Feedback {
	out := &evaluationv1.Feedback{Name: app.FeedbackName(f.Skp, f.ID), Kind: toProto(feedbackKinds, f.Kind), Author: f.Author,
		AuthorName: f.AuthorName, ResultId: f.ResultID, Behaviour: Behaviour(f.Behaviour), Text: f.Text,
		DialogueDate: f.DialogueDate, AgreedActions: f.AgreedActions, Period: f.Period, CreateTime: Time(f.Created)}
	if f.ReplyTo != "" {
		out.ReplyTo = app.FeedbackName(f.Skp, f.ReplyTo)
	}
	return out
}

// FeedbackList converts entries.
func FeedbackList(fs []domain.Feedback) []*evaluationv1.Feedback {
	out := make([]*evaluationv1.Feedback, len(fs))
	for i, f := range fs {
		out[i] = Feedback(f)
	}
	return out
}

// FeedbackFrom converts a proto entry's inputs: result_id, behaviour, text, dialogue_date and
// agreed_actions; the rest is set by the service.
func FeedbackFrom(f *evaluationv1.Feedback) domain.Feedback {
	return domain.Feedback{ResultID: f.GetResultId(), Behaviour: BehaviourFrom(f.GetBehaviour()), Text: f.GetText(),
		DialogueDate: f.GetDialogueDate(), AgreedActions: f.GetAgreedActions()}
}

var peerFormStates = []pair[domain.PeerFormState, evaluationv1.PeerFormState]{
	{domain.PeerPending, evaluationv1.PeerFormState_PEER_FORM_STATE_PENDING},
	{domain.PeerSubmitted, evaluationv1.PeerFormState_PEER_FORM_STATE_SUBMITTED},
}

// PeerFormStateFrom converts a proto form state; unspecified is "".
func PeerFormStateFrom(s evaluationv1.PeerFormState) domain.PeerFormState {
	return fromProto(peerFormStates, s)
}

// PeerForm converts a form, for its rater.
func PeerForm(f domain.PeerForm) *evaluationv1.PeerForm {
	scores := make([]*evaluationv1.BehaviourScore, len(f.Scores))
	for i, s := range f.Scores {
		scores[i] = &evaluationv1.BehaviourScore{Behaviour: Behaviour(s.Behaviour), Score: int32(s.Score)}
	}
	return &evaluationv1.PeerForm{Name: app.PeerFormName(f.ID), Skp: app.SkpName(f.Skp), EmployeeName: f.EmployeeName, Period: f.Period,
		Rater: f.Rater, State: toProto(peerFormStates, f.State), Scores: scores, Comment: f.Comment,
		CreateTime: Time(f.Created), SubmitTime: Time(f.Submitted)}
}

// PeerForms converts forms.
func PeerForms(fs []domain.PeerForm) []*evaluationv1.PeerForm {
	out := make([]*evaluationv1.PeerForm, len(fs))
	for i, f := range fs {
		out[i] = PeerForm(f)
	}
	return out
}

// BehaviourScoresFrom converts a rater's proto scores.
func BehaviourScoresFrom(scores []*evaluationv1.BehaviourScore) []domain.BehaviourScore {
	out := make([]domain.BehaviourScore, len(scores))
	for i, s := range scores {
		out[i] = domain.BehaviourScore{Behaviour: BehaviourFrom(s.GetBehaviour()), Score: int(s.GetScore())}
	}
	return out
}

// PeerSummary converts the aggregate of peer input: the counts, and the averages when shown.
func PeerSummary(s domain.PeerSummary) *evaluationv1.PeerSummary {
	out := &evaluationv1.PeerSummary{Skp: app.SkpName(s.Skp), Period: s.Period, Asked: int32(s.Asked),
		Respondents: int32(s.Respondents), Shown: s.Shown}
	for _, a := range s.Averages {
		out.Averages = append(out.Averages, &evaluationv1.BehaviourAverage{Behaviour: Behaviour(a.Behaviour), Average: a.Average})
	}
	return out
}
