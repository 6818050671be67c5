package convert

import (
	"fmt"
	"math"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/pbconv"
	"github.com/simpeg-id/simpeg/platform/resource"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
	"github.com/simpeg-id/simpeg/services/planning/internal/app"
	"github.com/simpeg-id/simpeg/services/planning/internal/domain"
)

// The staffing work plan's wire form (workplan.proto).

var planStates = map[planningv1.WorkPlanState]domain.PlanState{
	planningv1.WorkPlanState_WORK_PLAN_STATE_DRAFT:       domain.PlanDraft,
	planningv1.WorkPlanState_WORK_PLAN_STATE_SUBMITTED:   domain.PlanSubmitted,
	planningv1.WorkPlanState_WORK_PLAN_STATE_RETURNED:    domain.PlanReturned,
	planningv1.WorkPlanState_WORK_PLAN_STATE_APPROVED:    domain.PlanApproved,
	planningv1.WorkPlanState_WORK_PLAN_STATE_IN_PROGRESS: domain.PlanInProgress,
	planningv1.WorkPlanState_WORK_PLAN_STATE_CLOSED:      domain.PlanClosed,
}

var targetKinds = map[planningv1.TargetKind]domain.TargetKind{
	planningv1.TargetKind_TARGET_KIND_JP_SHARE:                domain.TargetJPShare,
	planningv1.TargetKind_TARGET_KIND_PROGRAMME_PARTICIPANTS:  domain.TargetProgrammeParticipants,
	planningv1.TargetKind_TARGET_KIND_INTERNSHIPS_COMPLETED:   domain.TargetInternshipsCompleted,
	planningv1.TargetKind_TARGET_KIND_ATTENDANCE_RATE:         domain.TargetAttendanceRate,
	planningv1.TargetKind_TARGET_KIND_UNEXCUSED_ABSENCE_DAYS:  domain.TargetUnexcusedAbsenceDays,
	planningv1.TargetKind_TARGET_KIND_SKP_APPROVED_SHARE:      domain.TargetSkpApprovedShare,
	planningv1.TargetKind_TARGET_KIND_RATINGS_FINALISED_SHARE: domain.TargetRatingsFinalisedShare,
	planningv1.TargetKind_TARGET_KIND_FEEDBACK_SHARE:          domain.TargetFeedbackShare,
	planningv1.TargetKind_TARGET_KIND_FILL_RATE:               domain.TargetFillRate,
}

var targetStatuses = map[planningv1.TargetStatus]domain.TargetStatus{
	planningv1.TargetStatus_TARGET_STATUS_ON_TRACK:  domain.StatusOnTrack,
	planningv1.TargetStatus_TARGET_STATUS_AT_RISK:   domain.StatusAtRisk,
	planningv1.TargetStatus_TARGET_STATUS_OFF_TRACK: domain.StatusOffTrack,
	planningv1.TargetStatus_TARGET_STATUS_ACHIEVED:  domain.StatusAchieved,
}

var actionStates = map[planningv1.ActionState]domain.ActionState{
	planningv1.ActionState_ACTION_STATE_OPEN:    domain.ActionOpen,
	planningv1.ActionState_ACTION_STATE_DONE:    domain.ActionDone,
	planningv1.ActionState_ACTION_STATE_OVERDUE: domain.ActionOverdue,
}

var (
	planStatesPB     = pbconv.Invert(planStates)
	targetKindsPB    = pbconv.Invert(targetKinds)
	targetStatusesPB = pbconv.Invert(targetStatuses)
	actionStatesPB   = pbconv.Invert(actionStates)
)

// PlanState maps a protobuf plan state; unspecified is "".
func PlanState(s planningv1.WorkPlanState) domain.PlanState { return planStates[s] }

// PlanStatePB is the wire form of a plan state.
func PlanStatePB(s domain.PlanState) planningv1.WorkPlanState { return planStatesPB[s] }

// TargetKindPB is the wire form of a target kind.
func TargetKindPB(k domain.TargetKind) planningv1.TargetKind { return targetKindsPB[k] }

// TargetStatusPB is the wire form of a target status; not measured is unspecified.
func TargetStatusPB(s domain.TargetStatus) planningv1.TargetStatus { return targetStatusesPB[s] }

// TargetName is the resource name of a plan's target.
func TargetName(plan, key string) string { return app.WorkPlanName(plan) + "/targets/" + key }

// WorkPlan reads a plan from the wire: agency, year and content; a due date that is not a date
// is a violation naming its field under field ("work_plan.targets[0].due_date").
func WorkPlan(p *planningv1.WorkPlan, field string) (domain.WorkPlan, error) {
	var v errs.Violations
	date := func(f, s string) domain.Date {
		if s == "" {
			return domain.Date{}
		}
		d, err := domain.ParseDate(s)
		if err != nil {
			v.Add(field+"."+f, "%v", err)
		}
		return d
	}
	out := domain.WorkPlan{Agency: p.GetAgency(), Year: int(p.GetYear())}
	out.Title, out.Illustrative = p.GetTitle(), p.GetIllustrative()
	for _, g := range p.GetGoals() {
		out.Goals = append(out.Goals, domain.Goal{Key: g.GetKey(), Title: g.GetTitle(), Description: g.GetDescription()})
	}
	for i, t := range p.GetTargets() {
		kind := targetKinds[t.GetKind()]
		if t.GetKind() != planningv1.TargetKind_TARGET_KIND_UNSPECIFIED && kind == "" {
			v.Add(fmt.Sprintf("%s.targets[%d].kind", field, i), "%d is not a target kind", int32(t.GetKind()))
		}
		out.Targets = append(out.Targets, domain.Target{
			Key: t.GetKey(), Goal: t.GetGoal(), Title: t.GetTitle(), Kind: kind, GoalValue: t.GetGoalValue(),
			Due: date(fmt.Sprintf("targets[%d].due_date", i), t.GetDueDate()), Programmes: t.GetProgrammes(),
		})
	}
	for i, a := range p.GetActions() {
		out.Actions = append(out.Actions, domain.Action{
			Key: a.GetKey(), Goal: a.GetGoal(), Title: a.GetTitle(), Owner: a.GetOwner(),
			Due: date(fmt.Sprintf("actions[%d].due_date", i), a.GetDueDate()),
		})
	}
	for _, b := range p.GetBudgetLines() {
		out.BudgetLines = append(out.BudgetLines, domain.BudgetLine{Key: b.GetKey(), Goal: b.GetGoal(), Description: b.GetDescription(), Amount: b.GetAmount(), Source: b.GetSource()})
	}
	return out, v.Err()
}

// WorkPlanPB is the wire form of a plan as read: its working content, each target in force
// with its measure, each action with its state on v.Today and its owner's name.
func WorkPlanPB(v domain.PlanView) *planningv1.WorkPlan {
	p := v.WorkPlan
	out := &planningv1.WorkPlan{
		Name: app.WorkPlanName(p.ID), Agency: p.Agency, AgencyDisplayName: v.AgencyName, Year: int32(p.Year), Title: p.Title,
		State: planStatesPB[p.State], BudgetTotal: p.BudgetTotal(), Version: int32(p.Version), ApprovedVersion: int32(p.ApprovedVersion),
		Comment: p.Comment, Etag: resource.Etag(int64(p.Version)), CreateTime: pbconv.Timestamp(p.Created),
		UpdateTime: pbconv.Timestamp(p.Updated), ApproveTime: pbconv.Timestamp(p.Approved), Illustrative: p.Illustrative,
	}
	for _, g := range p.Goals {
		out.Goals = append(out.Goals, &planningv1.Goal{Key: g.Key, Title: g.Title, Description: g.Description})
	}
	for _, t := range p.Targets {
		out.Targets = append(out.Targets, TargetPB(t))
	}
	for _, a := range p.Actions {
		out.Actions = append(out.Actions, ActionPB(a, v.Today, v.OwnerNames[a.Owner]))
	}
	for _, b := range p.BudgetLines {
		out.BudgetLines = append(out.BudgetLines, &planningv1.BudgetLine{Key: b.Key, Goal: b.Goal, Description: b.Description, Amount: b.Amount, Source: b.Source})
	}
	return out
}

// TargetPB is the wire form of a target with its measure (zero: not measured).
func TargetPB(t domain.Target) *planningv1.Target {
	unit := "percent"
	if !t.Kind.Percent() {
		unit = "count"
	}
	out := &planningv1.Target{
		Key: t.Key, Goal: t.Goal, Title: t.Title, Kind: targetKindsPB[t.Kind], GoalValue: t.GoalValue, DueDate: t.Due.String(),
		LowerIsBetter: t.Kind.LowerIsBetter(), Unit: unit, Baseline: finite(t.Measure.Baseline), Value: finite(t.Measure.Value),
		Expected: finite(t.Measure.Expected), Status: targetStatusesPB[t.Measure.Status], MeasureTime: pbconv.Timestamp(t.Measure.At),
	}
	for _, id := range t.Programmes {
		out.Programmes = append(out.Programmes, "programmes/"+id)
	}
	return out
}

func finite(f float64) float64 {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0
	}
	return f
}

// ActionPB is the wire form of an action, its state on today.
func ActionPB(a domain.Action, today domain.Date, owner string) *planningv1.Action {
	return &planningv1.Action{
		Key: a.Key, Goal: a.Goal, Title: a.Title, Owner: a.Owner, DueDate: a.Due.String(), State: actionStatesPB[a.State(today)],
		DoneTime: pbconv.Timestamp(a.Done), DoneNote: a.DoneNote, OwnerDisplayName: owner,
	}
}

// WorkPlanVersionsPB is the wire form of a plan's kept versions: each the plan as it was at
// that version (its content, state, etag and the version in force then; no measures, which
// are the plan's now).
func WorkPlanVersionsPB(h app.WorkPlanHistory) []*planningv1.WorkPlanVersion {
	out := make([]*planningv1.WorkPlanVersion, len(h.Versions))
	for i, ver := range h.Versions {
		v := h.Plan
		v.PlanContent = ver.Content
		v.State, v.Version, v.Updated = ver.State, ver.Version, ver.Time
		v.ApprovedVersion = 0
		for _, older := range h.Versions[i:] { // newest first: the first approval at or before ver
			if older.Change == domain.ChangeApproved {
				v.ApprovedVersion = older.Version
				break
			}
		}
		out[i] = &planningv1.WorkPlanVersion{Version: int32(ver.Version), WorkPlan: WorkPlanPB(v), Change: ver.Change, Actor: ver.Actor, CreateTime: pbconv.Timestamp(ver.Time)}
	}
	return out
}
