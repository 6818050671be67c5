package events

import (
	"github.com/simpeg-id/simpeg/platform/outbox"
	evaluationv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/evaluation/v1"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/app"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/convert"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
)

// SubjectFeedbackGiven is the subject of every entry of a feedback thread: feedback, replies and
// dialogues.
const SubjectFeedbackGiven = "simpeg.evaluation.feedback.given"

// encodeFeedback encodes the feedback area's events. Realisations and peer input announce
// nothing: a peer form is for its rater alone.
func encodeFeedback(e domain.Event) (outbox.Event, bool, error) {
	if e, ok := e.(domain.FeedbackGiven); ok {
		return outbox.Event{Subject: SubjectFeedbackGiven, Msg: &evaluationv1.FeedbackGiven{Skp: app.SkpName(e.Feedback.Skp),
			Employee: e.Employee, Agency: e.Agency, Feedback: convert.Feedback(e.Feedback)}}, true, nil
	}
	return outbox.Event{}, false, nil
}
