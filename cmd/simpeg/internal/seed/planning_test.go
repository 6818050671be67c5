package seed

import (
	"reflect"
	"strings"
	"testing"
	"time"

	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
)

// TestPositionLevelsAndEducation checks the levels the data set gives its positions (every one
// has one; agency heads are JPT pratama but the camat, administrators; the functional rungs map
// to their levels; teachers retire at 60) and the education of its employees (every one has
// one; mostly S1).
func TestPositionLevelsAndEducation(t *testing.T) {
	d := Generate(2026)
	levels := map[planningv1.PositionLevel]int{}
	teachers := 0
	for _, p := range d.Positions {
		lv := p.GetLevel()
		levels[lv]++
		id, title := p.GetId(), p.GetTitle()
		var want planningv1.PositionLevel
		switch {
		case p.GetKind() == planningv1.PositionKind_POSITION_KIND_EXECUTOR:
			want = planningv1.PositionLevel_POSITION_LEVEL_PELAKSANA
		case p.GetKind() == planningv1.PositionKind_POSITION_KIND_STRUCTURAL && p.GetUnit() == "" && strings.HasPrefix(title, "Camat "):
			want = planningv1.PositionLevel_POSITION_LEVEL_ADMINISTRATOR
		case p.GetKind() == planningv1.PositionKind_POSITION_KIND_STRUCTURAL && p.GetUnit() == "":
			want = planningv1.PositionLevel_POSITION_LEVEL_JPT_PRATAMA
		case strings.HasPrefix(title, "Kepala Seksi") || strings.HasPrefix(title, "Lurah "):
			want = planningv1.PositionLevel_POSITION_LEVEL_PENGAWAS
		case strings.HasPrefix(title, "Kepala Bidang") || strings.HasPrefix(title, "Sekretaris "):
			want = planningv1.PositionLevel_POSITION_LEVEL_ADMINISTRATOR
		case strings.HasSuffix(title, " Ahli Pertama"):
			want = planningv1.PositionLevel_POSITION_LEVEL_AHLI_PERTAMA
		case strings.HasSuffix(title, " Ahli Muda"):
			want = planningv1.PositionLevel_POSITION_LEVEL_AHLI_MUDA
		case strings.HasSuffix(title, " Ahli Madya"):
			want = planningv1.PositionLevel_POSITION_LEVEL_AHLI_MADYA
		case strings.HasSuffix(title, " Terampil"):
			want = planningv1.PositionLevel_POSITION_LEVEL_TERAMPIL
		case strings.HasSuffix(title, " Mahir"):
			want = planningv1.PositionLevel_POSITION_LEVEL_MAHIR
		case strings.HasSuffix(title, " Penyelia"):
			want = planningv1.PositionLevel_POSITION_LEVEL_PENYELIA
		default:
			want = lv // unit heads of other names: checked by class below
			if cls := p.GetClass(); (cls >= 11) != (lv == planningv1.PositionLevel_POSITION_LEVEL_ADMINISTRATOR) {
				t.Errorf("%s (%s, class %d): level %s", id, title, cls, lv)
			}
		}
		if lv != want || lv == planningv1.PositionLevel_POSITION_LEVEL_UNSPECIFIED {
			t.Errorf("%s (%s): level %s, want %s", id, title, lv, want)
		}
		isTeacher := strings.HasPrefix(title, "Guru ") || strings.HasPrefix(title, "Pengawas Sekolah")
		if isTeacher {
			teachers++
		}
		if age := p.GetRetirementAge(); (isTeacher && age != 60) || (!isTeacher && age != 0) {
			t.Errorf("%s (%s): retirement age %d", id, title, age)
		}
	}
	if teachers < 10 || levels[planningv1.PositionLevel_POSITION_LEVEL_JPT_PRATAMA] != 19 {
		t.Errorf("levels %v, %d teachers' positions; want the 19 city agencies' heads JPT pratama and teachers", levels, teachers)
	}

	edu := map[planningv1.Education]int{}
	for _, e := range d.Employees {
		edu[e.GetEducation()]++
	}
	n := len(d.Employees)
	if edu[planningv1.Education_EDUCATION_UNSPECIFIED] != 0 || edu[planningv1.Education_EDUCATION_S1]*2 < n ||
		edu[planningv1.Education_EDUCATION_S3] == 0 || edu[planningv1.Education_EDUCATION_S3]*100 > n ||
		edu[planningv1.Education_EDUCATION_D3] == 0 || edu[planningv1.Education_EDUCATION_SMA] == 0 || edu[planningv1.Education_EDUCATION_S2] == 0 {
		t.Errorf("education %v of %d; want every one recorded, mostly S1, some SMA/D3/S2, few S3", edu, n)
	}
	t.Logf("levels %v; education %v", levels, edu)
}

// TestWorkloadTasks checks the demo's workload of every position: two to six named tasks inside
// the API's bounds whose need at 1,250 hours is the position's seeded needed headcount, gaps
// against the holders both ways, the same tasks on every call.
func TestWorkloadTasks(t *testing.T) {
	d := Generate(2026)
	holders := map[string]int{}
	for _, e := range d.Employees {
		holders[e.GetPosition()]++
	}
	short, over, even := 0, 0, 0
	for _, p := range d.Positions {
		tasks := WorkloadTasks(d.Seed, p)
		if len(tasks) < 2 || len(tasks) > 6 {
			t.Fatalf("%s: %d tasks", p.GetId(), len(tasks))
		}
		seen := map[string]bool{}
		for _, tk := range tasks {
			if seen[tk.GetTask()] || len(tk.GetTask()) < 3 || tk.GetOutputUnit() == "" ||
				tk.GetYearlyVolume() < 1 || tk.GetYearlyVolume() > 10_000_000 || tk.GetStandardMinutes() < 1 || tk.GetStandardMinutes() > 100_000 {
				t.Fatalf("%s: task %v out of bounds or named twice", p.GetId(), tk)
			}
			seen[tk.GetTask()] = true
		}
		exact, need := WorkloadNeed(tasks, DemoEffectiveHours)
		if need != int(p.GetNeededHeadcount()) {
			t.Errorf("%s: exact need %.3f rounds to %d, want the seeded %d", p.GetId(), exact, need, p.GetNeededHeadcount())
		}
		switch gap := need - holders[p.GetId()]; {
		case gap > 0:
			short++
		case gap < 0:
			over++
		default:
			even++
		}
		if again := WorkloadTasks(d.Seed, p); !reflect.DeepEqual(again, tasks) {
			t.Fatalf("%s: tasks differ between calls", p.GetId())
		}
	}
	if short < 50 || over < 50 {
		t.Errorf("gaps: %d positions short, %d over, %d even; want both ways", short, over, even)
	}
	t.Logf("%d positions: %d short of their need, %d over it, %d even", len(d.Positions), short, over, even)

	// A worked example: tasks of 1,250 h and 1,875 h need 1 and 2 (1.5 rounds up).
	one := []*planningv1.WorkloadTask{{YearlyVolume: 1250, StandardMinutes: 60}}
	half := []*planningv1.WorkloadTask{{YearlyVolume: 1875, StandardMinutes: 60}}
	if _, n := WorkloadNeed(one, 1250); n != 1 {
		t.Errorf("1,250 h: need %d, want 1", n)
	}
	if _, n := WorkloadNeed(half, 1250); n != 2 {
		t.Errorf("1,875 h: need %d, want 2", n)
	}
}

// TestDemoWorkPlans checks the plans the demo builds: the four goals, the targets due inside the
// year and not before the day the demo is loaded, the actions owned by the agency's heads,
// every plan illustrative, the budget in whole rupiah millions; the city plan counts
// internships, the agencies' the positions filled.
func TestDemoWorkPlans(t *testing.T) {
	d := Generate(2026)
	p := &planningLoader{loader: &loader{d: d}, now: time.Date(2026, time.December, 5, 10, 0, 0, 0, wib)}
	plans := p.demoPlans()
	if len(plans) != 41 {
		t.Fatalf("%d plans; want the city's and 40 agencies'", len(plans))
	}
	states := map[planningv1.WorkPlanState]int{}
	for i, dp := range plans {
		wp := dp.plan
		states[dp.want]++
		if (i == 0) != (wp.GetAgency() == "") || !wp.GetIllustrative() || wp.GetYear() != 2026 || len(wp.GetGoals()) != 4 || len(wp.GetTargets()) != 6 ||
			len(wp.GetActions()) != 7 || len(wp.GetBudgetLines()) != 4 || !strings.Contains(wp.GetTitle(), "(ilustrasi)") {
			t.Fatalf("plan %d: %v", i, wp)
		}
		for _, tg := range wp.GetTargets() {
			if tg.GetDueDate() < "2026-12-05" || tg.GetDueDate() > "2026-12-31" {
				t.Errorf("%s %s: due %s; want between today and the year's end", wp.GetAgency(), tg.GetKey(), tg.GetDueDate())
			}
		}
		kinds := map[planningv1.TargetKind]bool{}
		for _, tg := range wp.GetTargets() {
			kinds[tg.GetKind()] = true
		}
		if !kinds[planningv1.TargetKind_TARGET_KIND_JP_SHARE] || !kinds[planningv1.TargetKind_TARGET_KIND_ATTENDANCE_RATE] ||
			kinds[planningv1.TargetKind_TARGET_KIND_INTERNSHIPS_COMPLETED] != (i == 0) || kinds[planningv1.TargetKind_TARGET_KIND_FILL_RATE] == (i == 0) {
			t.Errorf("plan %d (%s): target kinds %v", i, wp.GetAgency(), kinds)
		}
		for _, a := range wp.GetActions() {
			if len(a.GetOwner()) != 18 || !strings.HasPrefix(a.GetDueDate(), "2026-") {
				t.Errorf("%s %s: owner %q due %s", wp.GetAgency(), a.GetKey(), a.GetOwner(), a.GetDueDate())
			}
		}
		for _, b := range wp.GetBudgetLines() {
			if b.GetAmount() <= 0 || b.GetAmount()%1_000_000 != 0 {
				t.Errorf("%s %s: amount %d", wp.GetAgency(), b.GetKey(), b.GetAmount())
			}
		}
	}
	if states[planningv1.WorkPlanState_WORK_PLAN_STATE_APPROVED] != 39 || states[planningv1.WorkPlanState_WORK_PLAN_STATE_DRAFT] != 1 ||
		states[planningv1.WorkPlanState_WORK_PLAN_STATE_SUBMITTED] != 1 {
		t.Errorf("states wanted %v; want 39 approved, one draft, one submitted", states)
	}
	// Early in the year the targets keep their own dates: SKPs by 31 January.
	early := DemoWorkPlan(2026, "BKPSDM", "Badan Kepegawaian", 2027, time.Date(2027, time.January, 3, 9, 0, 0, 0, wib), planOwners{"x"}, 150)
	for _, tg := range early.GetTargets() {
		if tg.GetKey() == "skp-disetujui" && tg.GetDueDate() != "2027-01-31" {
			t.Errorf("SKP target due %s in January; want 2027-01-31", tg.GetDueDate())
		}
	}
}
