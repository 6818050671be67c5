package events

import (
	"github.com/simpeg-id/simpeg/platform/outbox"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
	"github.com/simpeg-id/simpeg/services/planning/internal/app"
	"github.com/simpeg-id/simpeg/services/planning/internal/convert"
	"github.com/simpeg-id/simpeg/services/planning/internal/domain"
)

// The monitoring's subjects (package monitor publishes them through the outbox).
const (
	// SubjectTargetProgressed: a target measured at a new value.
	SubjectTargetProgressed = "simpeg.planning.target.progressed"
	// SubjectTargetStatusChanged: a target's status changed (e.g. to at risk or off track).
	SubjectTargetStatusChanged = "simpeg.planning.target.status_changed"
)

// targetEvent encodes domain.TargetProgressed or domain.TargetStatusChanged.
func targetEvent(e domain.Event) outbox.Event {
	switch e := e.(type) {
	case domain.TargetProgressed:
		return outbox.Event{Subject: SubjectTargetProgressed, Msg: &planningv1.TargetProgressed{
			WorkPlan: app.WorkPlanName(e.Plan), Agency: e.Agency, Target: convert.TargetPB(e.Target), PreviousValue: e.Previous,
		}}
	case domain.TargetStatusChanged:
		return outbox.Event{Subject: SubjectTargetStatusChanged, Msg: &planningv1.TargetStatusChanged{
			WorkPlan: app.WorkPlanName(e.Plan), Agency: e.Agency, Target: convert.TargetPB(e.Target), PreviousStatus: convert.TargetStatusPB(e.Previous),
		}}
	}
	return outbox.Event{}
}
