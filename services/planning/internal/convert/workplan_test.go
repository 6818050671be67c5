package convert

import (
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/errs"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
	"github.com/simpeg-id/simpeg/services/planning/internal/app"
	"github.com/simpeg-id/simpeg/services/planning/internal/domain"
)

func TestWorkPlanFromTheWire(t *testing.T) {
	in := &planningv1.WorkPlan{
		Agency: "DISKOMINFO", Year: 2026, Title: "RKK 2026",
		Goals: []*planningv1.Goal{{Key: "tik", Title: "Teknologi"}},
		Targets: []*planningv1.Target{
			{Key: "peserta", Goal: "tik", Title: "Lulus TIK", Kind: planningv1.TargetKind_TARGET_KIND_PROGRAMME_PARTICIPANTS, GoalValue: 40, DueDate: "2026-12-31", Programmes: []string{"programmes/ict"}},
			{Key: "hadir", Goal: "tik", Title: "Kehadiran", Kind: planningv1.TargetKind_TARGET_KIND_ATTENDANCE_RATE, GoalValue: 95, DueDate: "31-12-2026"},
		},
		Actions: []*planningv1.Action{{Key: "a", Goal: "tik", Title: "Jadwal", Owner: "198609262015051001", DueDate: "2026-02-30"}},
	}
	_, err := WorkPlan(in, "work_plan")
	e, ok := errs.As(err)
	if !ok || e.Kind != errs.Invalid || len(e.Violations) != 2 ||
		e.Violations[0].Field != "work_plan.targets[1].due_date" || e.Violations[1].Field != "work_plan.actions[0].due_date" {
		t.Fatalf("error = %v", err)
	}
	in.Targets[1].DueDate, in.Actions[0].DueDate = "2026-12-31", "2026-02-28"
	p, err := WorkPlan(in, "work_plan")
	if err != nil {
		t.Fatal(err)
	}
	if p.Targets[0].Kind != domain.TargetProgrammeParticipants || p.Targets[0].Programmes[0] != "programmes/ict" || p.Actions[0].Due.String() != "2026-02-28" {
		t.Errorf("plan = %+v", p)
	}
}

func TestWorkPlanToTheWire(t *testing.T) {
	due, _ := domain.ParseDate("2026-03-31")
	done := time.Date(2026, 3, 2, 3, 0, 0, 0, time.UTC)
	v := domain.PlanView{
		WorkPlan: domain.WorkPlan{ID: "p1", Agency: "DISKOMINFO", Year: 2026, State: domain.PlanInProgress, Version: 7, ApprovedVersion: 6,
			PlanContent: domain.PlanContent{
				Title: "RKK 2026",
				Targets: []domain.Target{
					{Key: "absen", Kind: domain.TargetUnexcusedAbsenceDays, GoalValue: 10, Due: due, Measure: domain.Measure{Baseline: 2, Value: 4, Expected: 3, Status: domain.StatusAtRisk, At: done}},
					{Key: "tik", Kind: domain.TargetProgrammeParticipants, GoalValue: 40, Due: due, Programmes: []string{"ict"}},
				},
				Actions: []domain.Action{
					{Key: "a", Owner: "198609262015051001", Due: due},
					{Key: "b", Owner: "198609262015051001", Due: due, Done: done, DoneNote: "selesai"},
				},
				BudgetLines: []domain.BudgetLine{{Key: "x", Amount: 1_500_000}, {Key: "y", Amount: 2_000_000}},
			}},
		AgencyName: "Dinas Komunikasi dan Informatika", OwnerNames: map[string]string{"198609262015051001": "Budi Santoso"},
	}
	v.Today, _ = domain.ParseDate("2026-04-01")
	pb := WorkPlanPB(v)
	if pb.GetName() != app.WorkPlanName("p1") || pb.GetEtag() != "v7" || pb.GetBudgetTotal() != 3_500_000 || pb.GetState() != planningv1.WorkPlanState_WORK_PLAN_STATE_IN_PROGRESS {
		t.Errorf("plan = %v", pb)
	}
	abs, tik := pb.GetTargets()[0], pb.GetTargets()[1]
	if abs.GetUnit() != "count" || !abs.GetLowerIsBetter() || abs.GetValue() != 4 || abs.GetStatus() != planningv1.TargetStatus_TARGET_STATUS_AT_RISK || abs.GetMeasureTime() == nil {
		t.Errorf("absence target = %v", abs)
	}
	if tik.GetProgrammes()[0] != "programmes/ict" || tik.GetMeasureTime() != nil || tik.GetStatus() != planningv1.TargetStatus_TARGET_STATUS_UNSPECIFIED {
		t.Errorf("programme target = %v", tik)
	}
	a, b := pb.GetActions()[0], pb.GetActions()[1]
	if a.GetState() != planningv1.ActionState_ACTION_STATE_OVERDUE || a.GetOwnerDisplayName() != "Budi Santoso" || b.GetState() != planningv1.ActionState_ACTION_STATE_DONE || b.GetDoneNote() != "selesai" {
		t.Errorf("actions = %v %v", a, b)
	}
	h := app.WorkPlanHistory{Plan: v, Versions: []domain.WorkPlanVersion{
		{Plan: "p1", Version: 7, State: domain.PlanInProgress, Change: "started"},
		{Plan: "p1", Version: 6, State: domain.PlanApproved, Change: "approved"},
		{Plan: "p1", Version: 5, State: domain.PlanSubmitted, Change: "submitted"},
	}}
	vs := WorkPlanVersionsPB(h)
	if len(vs) != 3 || vs[0].GetWorkPlan().GetApprovedVersion() != 6 || vs[2].GetWorkPlan().GetApprovedVersion() != 0 || vs[2].GetWorkPlan().GetEtag() != "v5" {
		t.Errorf("versions = %v", vs)
	}
}
