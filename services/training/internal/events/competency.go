package events

import (
	"github.com/simpeg-id/simpeg/platform/outbox"
	trainingv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/training/v1"
	"github.com/simpeg-id/simpeg/services/training/internal/convert"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

// SubjectDevelopmentPlanUpdated is the subject of an agency's development plan created or
// changed.
const SubjectDevelopmentPlanUpdated = "simpeg.training.development_plan.updated"

// encodeCompetency encodes the competency area's events.
func encodeCompetency(e domain.Event) (outbox.Event, bool, error) {
	switch e := e.(type) {
	case domain.DevelopmentPlanUpdated:
		return outbox.Event{Subject: SubjectDevelopmentPlanUpdated,
			Msg: &trainingv1.DevelopmentPlanUpdated{DevelopmentPlan: convert.DevelopmentPlan(e.Plan)}}, true, nil
	}
	return outbox.Event{}, false, nil
}
