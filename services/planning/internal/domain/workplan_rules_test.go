package domain

import (
	"strings"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/errs"
)

func day(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// content is a plan for 2026 with a JP target (80 % by 31 December), an attendance target
// (95 %), an action and a budget line.
func content() PlanContent {
	return PlanContent{
		Title: "Rencana Kerja Kepegawaian Diskominfo 2026",
		Goals: []Goal{{Key: "kompetensi", Title: "Kompetensi"}, {Key: "disiplin", Title: "Disiplin"}},
		Targets: []Target{
			{Key: "jp-20", Goal: "kompetensi", Title: "Pegawai dengan 20 JP", Kind: TargetJPShare, GoalValue: 80, Due: day("2026-12-31")},
			{Key: "hadir", Goal: "disiplin", Title: "Tingkat kehadiran", Kind: TargetAttendanceRate, GoalValue: 95, Due: day("2026-12-31")},
		},
		Actions:     []Action{{Key: "jadwal", Goal: "kompetensi", Title: "Susun jadwal pelatihan", Owner: "198609262015051001", Due: day("2026-03-31")}},
		BudgetLines: []BudgetLine{{Key: "diklat", Goal: "kompetensi", Description: "Biaya pelatihan teknis", Amount: 150_000_000, Source: "APBD"}},
	}
}

func TestPlanContentCheck(t *testing.T) {
	tests := []struct {
		name   string
		change func(c *PlanContent)
		field  string // "" valid
	}{
		{"valid", func(c *PlanContent) {}, ""},
		{"no goals", func(c *PlanContent) { c.Goals, c.Targets, c.Actions, c.BudgetLines = nil, nil, nil, nil }, "goals"},
		{"short title", func(c *PlanContent) { c.Title = "RK" }, "title"},
		{"bad goal key", func(c *PlanContent) { c.Goals[0].Key = "Kompetensi" }, "goals[0].key"},
		{"duplicate goal key", func(c *PlanContent) { c.Goals[1].Key = "kompetensi" }, "goals[1].key"},
		{"duplicate target key", func(c *PlanContent) { c.Targets[1].Key = "jp-20" }, "targets[1].key"},
		{"unknown goal of a target", func(c *PlanContent) { c.Targets[0].Goal = "teknologi" }, "targets[0].goal"},
		{"unknown goal of an action", func(c *PlanContent) { c.Actions[0].Goal = "teknologi" }, "actions[0].goal"},
		{"unknown goal of a budget line", func(c *PlanContent) { c.BudgetLines[0].Goal = "" }, "budget_lines[0].goal"},
		{"percent above 100", func(c *PlanContent) { c.Targets[0].GoalValue = 101 }, "targets[0].goal_value"},
		{"negative count", func(c *PlanContent) {
			c.Targets[0] = Target{Key: "magang", Goal: "kompetensi", Title: "Magang selesai", Kind: TargetInternshipsCompleted, GoalValue: -1, Due: day("2026-12-31")}
		}, "targets[0].goal_value"},
		{"fractional count", func(c *PlanContent) {
			c.Targets[0] = Target{Key: "magang", Goal: "kompetensi", Title: "Magang selesai", Kind: TargetInternshipsCompleted, GoalValue: 2.5, Due: day("2026-12-31")}
		}, "targets[0].goal_value"},
		{"count above 100 is fine", func(c *PlanContent) {
			c.Targets[0] = Target{Key: "magang", Goal: "kompetensi", Title: "Magang selesai", Kind: TargetInternshipsCompleted, GoalValue: 250, Due: day("2026-12-31")}
		}, ""},
		{"due in another year", func(c *PlanContent) { c.Targets[1].Due = day("2027-01-31") }, "targets[1].due_date"},
		{"no due date", func(c *PlanContent) { c.Targets[1].Due = Date{} }, "targets[1].due_date"},
		{"unknown kind", func(c *PlanContent) { c.Targets[0].Kind = "happiness" }, "targets[0].kind"},
		{"no kind", func(c *PlanContent) { c.Targets[0].Kind = "" }, "targets[0].kind"},
		{"programmes on a JP target", func(c *PlanContent) { c.Targets[0].Programmes = []string{"ict"} }, "targets[0].programmes"},
		{"programme target without programmes", func(c *PlanContent) {
			c.Targets[0] = Target{Key: "tik", Goal: "kompetensi", Title: "Pegawai lulus TIK", Kind: TargetProgrammeParticipants, GoalValue: 40, Due: day("2026-12-31")}
		}, "targets[0].programmes"},
		{"programme named twice", func(c *PlanContent) {
			c.Targets[0] = Target{Key: "tik", Goal: "kompetensi", Title: "Pegawai lulus TIK", Kind: TargetProgrammeParticipants, GoalValue: 40, Due: day("2026-12-31"), Programmes: []string{"ict", "ict"}}
		}, "targets[0].programmes[1]"},
		{"owner not a NIP", func(c *PlanContent) { c.Actions[0].Owner = "budi" }, "actions[0].owner"},
		{"action due in another year", func(c *PlanContent) { c.Actions[0].Due = day("2025-12-31") }, "actions[0].due_date"},
		{"negative budget", func(c *PlanContent) { c.BudgetLines[0].Amount = -5 }, "budget_lines[0].amount"},
		{"budget above 10^15", func(c *PlanContent) { c.BudgetLines[0].Amount = MaxBudget + 1 }, "budget_lines[0].amount"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := content()
			tt.change(&c)
			c.Normalize()
			v := c.Check(2026)
			if tt.field == "" {
				if len(v) > 0 {
					t.Fatalf("Check = %+v, want none", v)
				}
				return
			}
			for _, fv := range v {
				if fv.Field == tt.field {
					return
				}
			}
			t.Fatalf("Check = %+v, want a violation of %s", v, tt.field)
		})
	}
}

func TestProgrammesNormalized(t *testing.T) {
	c := content()
	c.Targets[0] = Target{Key: "tik", Goal: "kompetensi", Title: "Pegawai lulus TIK", Kind: TargetProgrammeParticipants, GoalValue: 40, Due: day("2026-12-31"), Programmes: []string{"programmes/ict-dasar", " keamanan "}}
	c.Normalize()
	if v := c.Check(2026); len(v) > 0 {
		t.Fatalf("Check = %+v", v)
	}
	if got := strings.Join(c.Targets[0].Programmes, ","); got != "ict-dasar,keamanan" {
		t.Errorf("programmes = %s", got)
	}
}

func TestPlanTransitions(t *testing.T) {
	dec := time.Date(2025, 12, 1, 3, 0, 0, 0, time.UTC)
	// 31 Dec 2025 17:30 UTC is 1 Jan 2026 00:30 in Jakarta: the plan's year has begun there.
	newYear := time.Date(2025, 12, 31, 17, 30, 0, 0, time.UTC)
	p, err := NewWorkPlan("p1", "DISKOMINFO", 2026, content(), dec)
	if err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name    string
		do      func() error
		state   PlanState
		version int
		kind    errs.Kind // 0: succeeds
	}{
		{"return a draft", func() error { return p.Return("Kurang rinci", dec) }, PlanDraft, 1, errs.FailedPrecondition},
		{"revise a draft", func() error { return p.Revise("perubahan", dec) }, PlanDraft, 1, errs.FailedPrecondition},
		{"complete an action of a draft", func() error { return p.CompleteAction("jadwal", "", dec) }, PlanDraft, 1, errs.FailedPrecondition},
		{"submit", func() error { return p.Submit(dec) }, PlanSubmitted, 2, 0},
		{"submit twice", func() error { return p.Submit(dec) }, PlanSubmitted, 2, errs.FailedPrecondition},
		{"update when submitted", func() error {
			_, err := p.Update(WorkPlanUpdate{Fields: []string{"title"}, Values: PlanContent{Title: "Judul baru"}}, dec)
			return err
		}, PlanSubmitted, 2, errs.FailedPrecondition},
		{"return without comment", func() error { return p.Return(" ", dec) }, PlanSubmitted, 2, errs.Invalid},
		{"return", func() error { return p.Return("Target disiplin kurang jelas", dec) }, PlanReturned, 3, 0},
		{"update when returned", func() error {
			_, err := p.Update(WorkPlanUpdate{Fields: []string{"title"}, Values: PlanContent{Title: "RKK Diskominfo 2026 (perbaikan)"}}, dec)
			return err
		}, PlanReturned, 4, 0},
		{"unknown mask path", func() error { _, err := p.Update(WorkPlanUpdate{Fields: []string{"agency"}}, dec); return err }, PlanReturned, 4, errs.Invalid},
		{"submit again", func() error { return p.Submit(dec) }, PlanSubmitted, 5, 0},
		{"approve before the year", func() error {
			begun, err := p.Approve("Disetujui", dec)
			if begun {
				t.Error("2026 has not begun on 1 Dec 2025")
			}
			return err
		}, PlanApproved, 6, 0},
		{"start before the year", func() error { return p.Start(dec) }, PlanApproved, 6, errs.FailedPrecondition},
		{"start on 1 January in Jakarta", func() error { return p.Start(newYear) }, PlanInProgress, 7, 0},
		{"complete an unknown action", func() error { return p.CompleteAction("nope", "", newYear) }, PlanInProgress, 7, errs.NotFound},
		{"complete", func() error { return p.CompleteAction("jadwal", "Jadwal terbit", newYear) }, PlanInProgress, 8, 0},
		{"complete twice", func() error { return p.CompleteAction("jadwal", "", newYear) }, PlanInProgress, 8, errs.FailedPrecondition},
		{"revise without reason", func() error { return p.Revise("", newYear) }, PlanInProgress, 8, errs.Invalid},
		{"revise", func() error { return p.Revise("Tambah target SKP", newYear) }, PlanDraft, 9, 0},
		{"close", func() error { return p.Close("", newYear) }, PlanClosed, 10, 0},
		{"close twice", func() error { return p.Close("", newYear) }, PlanClosed, 10, errs.FailedPrecondition},
	}
	for _, s := range steps {
		err := s.do()
		switch {
		case s.kind == 0 && err != nil:
			t.Fatalf("%s: %v", s.name, err)
		case s.kind != 0:
			if e, ok := errs.As(err); !ok || e.Kind != s.kind {
				t.Fatalf("%s: error %v, want kind %d", s.name, err, s.kind)
			}
		}
		if p.State != s.state || p.Version != s.version {
			t.Fatalf("after %s: %s v%d, want %s v%d", s.name, p.State, p.Version, s.state, s.version)
		}
	}
	if p.ApprovedVersion != 6 || p.InForce == nil || p.InForce.Actions[0].Done.IsZero() || p.Actions[0].DoneNote != "Jadwal terbit" {
		t.Errorf("in force: approved v%d, %+v", p.ApprovedVersion, p.InForce)
	}
	if p.Comment != "Disetujui" {
		t.Errorf("comment = %q", p.Comment)
	}
}

func TestUpdateKeepsDoneActions(t *testing.T) {
	now := time.Date(2026, 2, 1, 3, 0, 0, 0, time.UTC)
	p, _ := NewWorkPlan("p1", "DISKOMINFO", 2026, content(), now)
	p.Actions[0].Done, p.Actions[0].DoneNote = now, "selesai"
	c := content()
	c.Actions = append(c.Actions, Action{Key: "sosialisasi", Goal: "disiplin", Title: "Sosialisasi disiplin", Owner: "198609262015051001", Due: day("2026-06-30")})
	changed, err := p.Update(WorkPlanUpdate{Fields: []string{"actions", "title"}, Values: c}, now)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(changed, ",") != "actions" || p.Version != 2 {
		t.Fatalf("changed %v, v%d", changed, p.Version)
	}
	if p.Actions[0].Done != now || p.Actions[0].DoneNote != "selesai" || !p.Actions[1].Done.IsZero() {
		t.Errorf("actions = %+v", p.Actions)
	}
	// The same content again changes nothing: no new version.
	changed, err = p.Update(WorkPlanUpdate{Values: p.PlanContent.Clone()}, now)
	if err != nil || changed != nil || p.Version != 2 {
		t.Fatalf("no-op update: %v %v v%d", changed, err, p.Version)
	}
}

func TestActionStateAndOverdue(t *testing.T) {
	a := Action{Key: "x", Due: day("2026-03-31")}
	for _, tt := range []struct {
		today string
		want  ActionState
	}{{"2026-03-30", ActionOpen}, {"2026-03-31", ActionOpen}, {"2026-04-01", ActionOverdue}} {
		if got := a.State(day(tt.today)); got != tt.want {
			t.Errorf("state on %s = %s, want %s", tt.today, got, tt.want)
		}
	}
	a.Done = time.Date(2026, 4, 2, 0, 0, 0, 0, time.UTC)
	if got := a.State(day("2026-05-01")); got != ActionDone {
		t.Errorf("done action = %s", got)
	}
	// 31 Mar 2026 17:00 UTC is already 1 April in Jakarta.
	if got := PlanDate(time.Date(2026, 3, 31, 17, 0, 0, 0, time.UTC)); got.String() != "2026-04-01" {
		t.Errorf("PlanDate = %s", got)
	}
	p, _ := NewWorkPlan("p1", "DISKOMINFO", 2026, content(), time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC))
	if got := p.Overdue(day("2026-04-01")); len(got) != 0 {
		t.Errorf("a draft's actions are not announced: %+v", got)
	}
	_ = p.Submit(time.Now())
	_, _ = p.Approve("", time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC))
	if got := p.Overdue(day("2026-04-01")); len(got) != 1 || got[0].Key != "jadwal" {
		t.Fatalf("overdue = %+v", got)
	}
	p.MarkOverdue("jadwal")
	if got := p.Overdue(day("2026-04-02")); len(got) != 0 || !p.Actions[0].OverdueNotified {
		t.Errorf("announced twice: %+v", got)
	}
	// Revised with a later due date, it is announced again once that one passes.
	now := time.Date(2026, 4, 2, 0, 0, 0, 0, time.UTC)
	if err := p.Revise("Jadwal mundur", now); err != nil {
		t.Fatal(err)
	}
	c := p.PlanContent.Clone()
	c.Actions[0].Due = day("2026-05-31")
	if _, err := p.Update(WorkPlanUpdate{Fields: []string{"actions"}, Values: c}, now); err != nil {
		t.Fatal(err)
	}
	if p.Actions[0].OverdueNotified {
		t.Error("a new due date is announced anew")
	}
}
