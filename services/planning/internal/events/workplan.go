package events

import (
	"github.com/simpeg-id/simpeg/platform/outbox"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
	"github.com/simpeg-id/simpeg/services/planning/internal/app"
	"github.com/simpeg-id/simpeg/services/planning/internal/convert"
	"github.com/simpeg-id/simpeg/services/planning/internal/domain"
)

// The work plans' subjects.
const (
	// SubjectWorkPlanPrefix + the version's change ("created", "updated", "submitted",
	// "returned", "approved", "started", "revised", "closed", "action_completed"): WorkPlanChanged.
	SubjectWorkPlanPrefix = "simpeg.planning.work_plan."
	// SubjectActionOverdue: ActionOverdue, once per action.
	SubjectActionOverdue = "simpeg.planning.action.overdue"
)

func workPlanChanged(e domain.WorkPlanChanged) outbox.Event {
	return outbox.Event{Subject: SubjectWorkPlanPrefix + e.Change, Msg: &planningv1.WorkPlanChanged{WorkPlan: convert.WorkPlanPB(e.Plan), Change: e.Change}}
}

func actionOverdue(e domain.PlanActionOverdue) outbox.Event {
	return outbox.Event{Subject: SubjectActionOverdue, Msg: &planningv1.ActionOverdue{
		WorkPlan: app.WorkPlanName(e.Plan.ID), Agency: e.Plan.Agency, Action: convert.ActionPB(e.Action, e.Plan.Today, e.Plan.OwnerNames[e.Action.Owner]),
	}}
}
