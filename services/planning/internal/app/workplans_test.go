package app_test

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/outbox"
	"github.com/simpeg-id/simpeg/platform/testenv"
	"github.com/simpeg-id/simpeg/services/planning/internal/app"
	"github.com/simpeg-id/simpeg/services/planning/internal/domain"
	"github.com/simpeg-id/simpeg/services/planning/internal/events"
	"github.com/simpeg-id/simpeg/services/planning/internal/store"
)

// TestWorkPlans runs the staffing work plan's workflow over the real store on every engine:
// Diskominfo's 2026 plan with a JP target (80 % by 31 December) and an attendance target
// (95 %), drafted by agency HR in November 2025, returned, approved, revised and approved
// again, started and swept on 1 January 2026, its action announced overdue once, completed by
// its owner and closed by city HR.
func TestWorkPlans(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		db := testenv.OpenDB(t, engine)
		if err := db.Migrate(context.Background(), "planning", store.Migrations()); err != nil {
			t.Fatalf("migrating: %v", err)
		}
		f := &planFixture{db: db, clock: time.Date(2025, 11, 27, 2, 0, 0, 0, time.UTC)}
		repo := store.New(db, outbox.New(), events.Encode)
		clock := func() time.Time { return f.clock }
		f.app = app.New(repo, clock)
		f.attendanceOnly = app.New(repo, clock, app.WithSources("attendance"))
		testenv.RunSteps(t, []testenv.Step{
			{Name: "registry", Run: f.registry},
			{Name: "create", Run: f.create},
			{Name: "refused content", Run: f.refused},
			{Name: "who reads", Run: f.readers},
			{Name: "return and approve", Run: f.returnAndApprove},
			{Name: "revise keeps in force", Run: f.revise},
			{Name: "sweep", Run: f.sweep},
			{Name: "complete action", Run: f.complete},
			{Name: "close", Run: f.close},
			{Name: "versions", Run: f.versions},
			{Name: "city plan and approval in the year", Run: f.cityPlan},
		})
	})
}

type planFixture struct {
	db             *database.DB
	app            *app.App
	attendanceOnly *app.App
	clock          time.Time
	id             string
}

var (
	hrKominfo = testenv.As(context.Background(), auth.RoleAgencyHR, "DISKOMINFO", "hr-kominfo")
	hrDinkes  = testenv.As(context.Background(), auth.RoleAgencyHR, "DINKES", "hr-dinkes")
	auditor   = testenv.As(context.Background(), auth.RoleAuditor, "", "inspektorat")
	headKadis = testenv.As(context.Background(), auth.RoleSupervisor, "DISKOMINFO", kadis)
	asPrakom  = testenv.As(context.Background(), auth.RoleEmployee, "DISKOMINFO", prakom)
	asPrakom2 = testenv.As(context.Background(), auth.RoleEmployee, "DISKOMINFO", prakom2)
)

func (f *planFixture) registry(t *testing.T) {
	for _, a := range []domain.Agency{
		{Code: "SETDA", Name: "Sekretariat Daerah", Kind: domain.KindSecretariat},
		{Code: "DISKOMINFO", Name: "Dinas Komunikasi dan Informatika", Kind: domain.KindDinas},
		{Code: "DINKES", Name: "Dinas Kesehatan", Kind: domain.KindDinas},
		{Code: "DISKOMINFO-APTIKA", Name: "Bidang Aplikasi Informatika", Kind: domain.KindUnit, Parent: "DISKOMINFO"},
	} {
		if _, err := f.app.CreateAgency(cityHR, a); err != nil {
			t.Fatalf("CreateAgency(%s): %v", a.Code, err)
		}
	}
	for _, e := range []domain.Employee{
		employee(sekda, "Wiriya Alrahman", "SETDA", "", "", ""),
		employee(kadis, "Arrahman Pane", "DISKOMINFO", "", "", sekda),
		employee(prakom, "Budi Santoso", "DISKOMINFO", "DISKOMINFO-APTIKA", "", kadis),
		employee(prakom2, "Siti Aminah", "DISKOMINFO", "DISKOMINFO-APTIKA", "", prakom),
		employee(dokter, "Rina Siregar", "DINKES", "", "", sekda),
	} {
		if _, err := f.app.CreateEmployee(cityHR, e); err != nil {
			t.Fatalf("CreateEmployee(%s): %v", e.NIP, err)
		}
	}
}

// kominfoPlan is Diskominfo's 2026 plan: a JP target of 80 % and an attendance target of 95 %
// by 31 December, an action owned by Budi Santoso due 31 March, two budget lines.
func kominfoPlan() domain.WorkPlan {
	return domain.WorkPlan{Agency: "DISKOMINFO", Year: 2026, PlanContent: domain.PlanContent{
		Title: "Rencana Kerja Kepegawaian Diskominfo 2026",
		Goals: []domain.Goal{{Key: "kompetensi", Title: "Kompetensi"}, {Key: "disiplin", Title: "Disiplin"}},
		Targets: []domain.Target{
			{Key: "jp-20", Goal: "kompetensi", Title: "Pegawai dengan 20 JP", Kind: domain.TargetJPShare, GoalValue: 80, Due: date("2026-12-31")},
			{Key: "hadir", Goal: "disiplin", Title: "Tingkat kehadiran", Kind: domain.TargetAttendanceRate, GoalValue: 95, Due: date("2026-12-31")},
		},
		Actions: []domain.Action{{Key: "jadwal", Goal: "kompetensi", Title: "Susun jadwal pelatihan", Owner: prakom, Due: date("2026-03-31")}},
		BudgetLines: []domain.BudgetLine{
			{Key: "diklat", Goal: "kompetensi", Description: "Biaya pelatihan teknis", Amount: 150_000_000, Source: "APBD"},
			{Key: "absensi", Goal: "disiplin", Description: "Perangkat presensi", Amount: 25_500_000, Source: "APBD"},
		},
	}}
}

func (f *planFixture) create(t *testing.T) {
	p, err := f.app.CreateWorkPlan(hrKominfo, kominfoPlan())
	if err != nil {
		t.Fatal(err)
	}
	f.id = p.ID
	if p.State != domain.PlanDraft || p.Version != 1 || p.AgencyName != "Dinas Komunikasi dan Informatika" || p.BudgetTotal() != 175_500_000 {
		t.Fatalf("created %s v%d %q budget %d", p.State, p.Version, p.AgencyName, p.BudgetTotal())
	}
	if p.OwnerNames[prakom] != "Budi Santoso" || p.Actions[0].State(p.Today) != domain.ActionOpen {
		t.Errorf("owner %q, action %s", p.OwnerNames[prakom], p.Actions[0].State(p.Today))
	}
	_, err = f.app.CreateWorkPlan(cityHR, kominfoPlan())
	if e := testenv.WantKind(t, err, errs.AlreadyExists, ""); !strings.Contains(e.Message, "DISKOMINFO") || !strings.Contains(e.Message, "2026") {
		t.Errorf("duplicate plan: %v", e)
	}
	if n := f.count(t, `SELECT COUNT(*) FROM outbox WHERE subject = 'simpeg.planning.work_plan.created'`); n != 1 {
		t.Errorf("created events = %d", n)
	}
}

func (f *planFixture) refused(t *testing.T) {
	tests := []struct {
		name   string
		app    *app.App
		ctx    context.Context
		change func(p *domain.WorkPlan)
		kind   errs.Kind
		field  string
	}{
		{"unknown goal", f.app, hrKominfo, func(p *domain.WorkPlan) { p.Targets[0].Goal = "teknologi" }, errs.Invalid, "work_plan.targets[0].goal"},
		{"duplicate target keys", f.app, hrKominfo, func(p *domain.WorkPlan) { p.Targets[1].Key = "jp-20" }, errs.Invalid, "work_plan.targets[1].key"},
		{"percent above 100", f.app, hrKominfo, func(p *domain.WorkPlan) { p.Targets[1].GoalValue = 120 }, errs.Invalid, "work_plan.targets[1].goal_value"},
		{"owner of another agency", f.app, hrKominfo, func(p *domain.WorkPlan) { p.Actions[0].Owner = dokter }, errs.Invalid, "work_plan.actions[0].owner"},
		{"owner not registered", f.app, hrKominfo, func(p *domain.WorkPlan) { p.Actions[0].Owner = "199912312020121001" }, errs.Invalid, "work_plan.actions[0].owner"},
		{"unit for agency", f.app, cityHR, func(p *domain.WorkPlan) { p.Agency = "DISKOMINFO-APTIKA" }, errs.Invalid, "work_plan.agency"},
		{"unknown agency", f.app, cityHR, func(p *domain.WorkPlan) { p.Agency = "NOPE" }, errs.Invalid, "work_plan.agency"},
		{"training not reached", f.attendanceOnly, hrKominfo, func(p *domain.WorkPlan) {
			p.Year = 2027
			p.Targets[0].Due = date("2027-12-31")
			p.Targets[1].Due = date("2027-12-31")
			p.Actions = nil
		}, errs.Invalid, "work_plan.targets[0].kind"},
		{"agency HR of another agency", f.app, hrDinkes, func(p *domain.WorkPlan) { p.Year = 2027 }, errs.PermissionDenied, ""},
		{"agency HR drafting the city plan", f.app, hrKominfo, func(p *domain.WorkPlan) { p.Agency = "" }, errs.PermissionDenied, ""},
		{"auditor", f.app, auditor, func(p *domain.WorkPlan) { p.Year = 2027 }, errs.PermissionDenied, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := kominfoPlan()
			tt.change(&p)
			_, err := tt.app.CreateWorkPlan(tt.ctx, p)
			e := testenv.WantKind(t, err, tt.kind, tt.field)
			if tt.name == "training not reached" && !strings.Contains(e.Message, "training service, which this deployment does not reach (SIMPEG_TRAINING_ADDR)") {
				t.Errorf("message = %s", e.Message)
			}
		})
	}
	// The attendance target alone is fine where only attendance is reached.
	p := kominfoPlan()
	p.Year, p.Targets, p.Actions = 2027, p.Targets[1:], nil
	p.Targets[0].Due = date("2027-06-30")
	if _, err := f.attendanceOnly.CreateWorkPlan(hrKominfo, p); err != nil {
		t.Errorf("attendance-only plan: %v", err)
	}
	// A plan drafted while training was reached is not approved once it is not.
	p = kominfoPlan()
	p.Agency = "DINKES"
	p.Actions = nil
	got, err := f.app.CreateWorkPlan(hrDinkes, p)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.app.SubmitWorkPlan(hrDinkes, got.ID, ""); err != nil {
		t.Fatal(err)
	}
	_, err = f.attendanceOnly.ApproveWorkPlan(cityHR, got.ID, "", "")
	if e := testenv.WantKind(t, err, errs.FailedPrecondition, ""); !strings.Contains(e.Message, "targets[0].kind: jp_share is measured by the training service") {
		t.Errorf("approval without training: %s", e.Message)
	}
	// A plan that does not exist: not found for whoever reads plans, denied to who reads none.
	_, err = f.app.GetWorkPlan(cityHR, "0193a0c0-0000-7000-8000-000000000000")
	testenv.WantKind(t, err, errs.NotFound, "")
	_, err = f.app.GetWorkPlan(asPrakom, "0193a0c0-0000-7000-8000-000000000000")
	testenv.WantKind(t, err, errs.PermissionDenied, "")
}

func (f *planFixture) readers(t *testing.T) {
	for name, ctx := range map[string]context.Context{"agency HR": hrKominfo, "agency head": headKadis, "auditor": auditor, "city HR": cityHR} {
		if p, err := f.app.GetWorkPlan(ctx, f.id); err != nil || p.Title != "Rencana Kerja Kepegawaian Diskominfo 2026" {
			t.Errorf("%s reads: %v", name, err)
		}
	}
	for name, ctx := range map[string]context.Context{"employee (not head)": asPrakom, "agency HR of another agency": hrDinkes} {
		_, err := f.app.GetWorkPlan(ctx, f.id)
		testenv.WantKind(t, err, errs.PermissionDenied, "")
		_ = name
	}
	// Diskominfo's head sees its two plans (2026 and 2027); Dinkes HR sees none of them.
	if ps, _, err := f.app.ListWorkPlans(headKadis, app.WorkPlanFilter{}); err != nil || len(ps) != 2 {
		t.Errorf("head lists %d plans, %v; want 2", len(ps), err)
	}
	if ps, _, err := f.app.ListWorkPlans(hrDinkes, app.WorkPlanFilter{}); err != nil || len(ps) != 1 || ps[0].Agency != "DINKES" {
		t.Errorf("Dinkes HR lists %d plans, %v; want its own only", len(ps), err)
	}
	_, _, err := f.app.ListWorkPlans(hrDinkes, app.WorkPlanFilter{Agency: "DISKOMINFO"})
	testenv.WantKind(t, err, errs.PermissionDenied, "")
	if ps, _, err := f.app.ListWorkPlans(auditor, app.WorkPlanFilter{Year: 2026, States: []domain.PlanState{domain.PlanDraft}}); err != nil || len(ps) != 1 {
		t.Errorf("auditor lists %d 2026 drafts, %v; want 1", len(ps), err)
	}
	// Paging: two plans a page over the three.
	first, next, err := f.app.ListWorkPlans(cityHR, app.WorkPlanFilter{PageSize: 2})
	if err != nil || len(first) != 2 || next == "" {
		t.Fatalf("first page %d %q %v", len(first), next, err)
	}
	second, next, err := f.app.ListWorkPlans(cityHR, app.WorkPlanFilter{PageSize: 2, After: next})
	if err != nil || len(second) != 1 || next != "" || second[0].ID == first[0].ID || second[0].ID == first[1].ID {
		t.Errorf("second page %d %q %v", len(second), next, err)
	}
	_, err = f.app.UpdateWorkPlan(auditor, f.id, "", domain.WorkPlanUpdate{Fields: []string{"title"}, Values: domain.PlanContent{Title: "Judul lain"}})
	testenv.WantKind(t, err, errs.PermissionDenied, "")
	_, err = f.app.SubmitWorkPlan(headKadis, f.id, "")
	testenv.WantKind(t, err, errs.PermissionDenied, "")
}

func (f *planFixture) returnAndApprove(t *testing.T) {
	_, err := f.app.UpdateWorkPlan(hrKominfo, f.id, "v7", domain.WorkPlanUpdate{Fields: []string{"title"}, Values: domain.PlanContent{Title: "RKK Diskominfo 2026"}})
	testenv.WantKind(t, err, errs.Conflict, "")
	_, err = f.app.UpdateWorkPlan(hrKominfo, f.id, "v1", domain.WorkPlanUpdate{Fields: []string{"agency"}})
	testenv.WantKind(t, err, errs.Invalid, "work_plan.update_mask")
	p, err := f.app.UpdateWorkPlan(hrKominfo, f.id, "v1", domain.WorkPlanUpdate{Fields: []string{"title"}, Values: domain.PlanContent{Title: "RKK Diskominfo 2026"}})
	if err != nil || p.Version != 2 || p.Title != "RKK Diskominfo 2026" {
		t.Fatalf("update: v%d %q %v", p.Version, p.Title, err)
	}
	steps := []struct {
		name    string
		do      func() (domain.PlanView, error)
		kind    errs.Kind
		state   domain.PlanState
		version int
	}{
		{"approve a draft", func() (domain.PlanView, error) { return f.app.ApproveWorkPlan(cityHR, f.id, "", "") }, errs.FailedPrecondition, "", 0},
		{"return a draft", func() (domain.PlanView, error) { return f.app.ReturnWorkPlan(cityHR, f.id, "", "Kurang rinci") }, errs.FailedPrecondition, "", 0},
		{"submit", func() (domain.PlanView, error) { return f.app.SubmitWorkPlan(hrKominfo, f.id, "v2") }, 0, domain.PlanSubmitted, 3},
		{"update when submitted", func() (domain.PlanView, error) {
			return f.app.UpdateWorkPlan(hrKominfo, f.id, "", domain.WorkPlanUpdate{Fields: []string{"title"}, Values: domain.PlanContent{Title: "RKK lain"}})
		}, errs.FailedPrecondition, "", 0},
		{"agency HR approves", func() (domain.PlanView, error) { return f.app.ApproveWorkPlan(hrKominfo, f.id, "", "") }, errs.PermissionDenied, "", 0},
		{"return without comment", func() (domain.PlanView, error) { return f.app.ReturnWorkPlan(cityHR, f.id, "", "") }, errs.Invalid, "", 0},
		{"return", func() (domain.PlanView, error) {
			return f.app.ReturnWorkPlan(cityHR, f.id, "v3", "Target disiplin kurang jelas")
		}, 0, domain.PlanReturned, 4},
		{"submit again", func() (domain.PlanView, error) { return f.app.SubmitWorkPlan(hrKominfo, f.id, "v4") }, 0, domain.PlanSubmitted, 5},
		{"approve with a stale etag", func() (domain.PlanView, error) { return f.app.ApproveWorkPlan(cityHR, f.id, "v4", "") }, errs.Conflict, "", 0},
		{"approve before 2026", func() (domain.PlanView, error) { return f.app.ApproveWorkPlan(cityHR, f.id, "v5", "Disetujui") }, 0, domain.PlanApproved, 6},
		{"update when approved", func() (domain.PlanView, error) {
			return f.app.UpdateWorkPlan(hrKominfo, f.id, "", domain.WorkPlanUpdate{Fields: []string{"title"}, Values: domain.PlanContent{Title: "RKK lain"}})
		}, errs.FailedPrecondition, "", 0},
	}
	for _, s := range steps {
		p, err := s.do()
		if s.kind != 0 {
			e := testenv.WantKind(t, err, s.kind, "")
			if s.kind == errs.FailedPrecondition && !strings.Contains(e.Message, "is ") {
				t.Errorf("%s: %s does not say where the plan stands", s.name, e.Message)
			}
			continue
		}
		if err != nil || p.State != s.state || p.Version != s.version {
			t.Fatalf("%s: %s v%d, %v; want %s v%d", s.name, p.State, p.Version, err, s.state, s.version)
		}
	}
	p, _ = f.app.GetWorkPlan(cityHR, f.id)
	if p.ApprovedVersion != 6 || p.InForce == nil || p.Comment != "Disetujui" || p.Approved != f.clock {
		t.Errorf("approved: v%d in force %v comment %q at %v", p.ApprovedVersion, p.InForce != nil, p.Comment, p.Approved)
	}
	rows := f.targets(t)
	want := map[string]string{
		"jp-20": "DISKOMINFO 2026 jp_share 80 2026-12-31 [] start=" + micros(f.clock) + " active=1 measured=0",
		"hadir": "DISKOMINFO 2026 attendance_rate 95 2026-12-31 [] start=" + micros(f.clock) + " active=1 measured=0",
	}
	if len(rows) != 2 || rows["jp-20"] != want["jp-20"] || rows["hadir"] != want["hadir"] {
		t.Fatalf("plan_targets = %v\nwant %v", rows, want)
	}
	// The monitoring measures the JP target (what helper "monitor" does): the plan shows it.
	f.exec(t, `UPDATE plan_targets SET baseline = 10, value = 42.5, expected = 50, status = 'at_risk', measure_time = $1 WHERE target_key = 'jp-20'`, database.Micros(f.clock.Add(time.Minute)))
	p, _ = f.app.GetWorkPlan(auditor, f.id)
	if m := p.Targets[0].Measure; m.Value != 42.5 || m.Baseline != 10 || m.Expected != 50 || m.Status != domain.StatusAtRisk || !m.At.Equal(f.clock.Add(time.Minute)) {
		t.Errorf("measure = %+v", m)
	}
}

func (f *planFixture) revise(t *testing.T) {
	_, err := f.app.ReviseWorkPlan(hrKominfo, f.id, "", "")
	testenv.WantKind(t, err, errs.Invalid, "reason")
	p, err := f.app.ReviseWorkPlan(hrKominfo, f.id, "v6", "Tambah target SKP")
	if err != nil || p.State != domain.PlanDraft || p.Version != 7 || p.ApprovedVersion != 6 || p.InForce == nil {
		t.Fatalf("revise: %s v%d approved v%d, %v", p.State, p.Version, p.ApprovedVersion, err)
	}
	if p.Targets[0].Measure.Value != 42.5 {
		t.Errorf("in force and measured while revised: %+v", p.Targets[0].Measure)
	}
	c := kominfoPlan().PlanContent
	c.Targets = []domain.Target{
		{Key: "jp-20", Goal: "kompetensi", Title: "Pegawai dengan 20 JP", Kind: domain.TargetJPShare, GoalValue: 85, Due: date("2026-12-31")},
		{Key: "skp", Goal: "disiplin", Title: "SKP disetujui", Kind: domain.TargetSkpApprovedShare, GoalValue: 100, Due: date("2026-01-31")},
	}
	p, err = f.app.UpdateWorkPlan(hrKominfo, f.id, "v7", domain.WorkPlanUpdate{Fields: []string{"targets"}, Values: c})
	if err != nil || p.Version != 8 {
		t.Fatalf("update targets: v%d %v", p.Version, err)
	}
	if p.Targets[1].Measure.At.IsZero() == false {
		t.Errorf("a target not in force has no measure: %+v", p.Targets[1].Measure)
	}
	if _, err := f.app.SubmitWorkPlan(hrKominfo, f.id, "v8"); err != nil {
		t.Fatal(err)
	}
	f.clock = f.clock.Add(24 * time.Hour)
	p, err = f.app.ApproveWorkPlan(cityHR, f.id, "v9", "Revisi disetujui")
	if err != nil || p.State != domain.PlanApproved || p.ApprovedVersion != 10 {
		t.Fatalf("approve revision: %s approved v%d, %v", p.State, p.ApprovedVersion, err)
	}
	rows := f.targets(t)
	start := micros(f.clock.Add(-24 * time.Hour))
	want := map[string]string{
		// Kept: its measure and the start of its path; its goal is the new one.
		"jp-20": "DISKOMINFO 2026 jp_share 85 2026-12-31 [] start=" + start + " active=1 measured=1",
		// Dropped: frozen.
		"hadir": "DISKOMINFO 2026 attendance_rate 95 2026-12-31 [] start=" + start + " active=0 measured=0",
		// New: measured from this approval.
		"skp": "DISKOMINFO 2026 skp_approved_share 100 2026-01-31 [] start=" + micros(f.clock) + " active=1 measured=0",
	}
	for k, w := range want {
		if rows[k] != w {
			t.Errorf("plan_targets %s = %q, want %q", k, rows[k], w)
		}
	}
	if v := f.value(t, "jp-20"); v != 42.5 {
		t.Errorf("kept value = %v", v)
	}
}

func (f *planFixture) sweep(t *testing.T) {
	n, err := f.app.SweepPlans(context.Background())
	if err != nil || n != 0 {
		t.Fatalf("sweep in 2025: %d, %v", n, err)
	}
	// 31 Dec 2025 17:30 UTC is 00:30 on 1 January 2026 in Medan.
	f.clock = time.Date(2025, 12, 31, 17, 30, 0, 0, time.UTC)
	for i, want := range []int{1, 0} {
		n, err := f.app.SweepPlans(context.Background())
		if err != nil || n != want {
			t.Fatalf("sweep %d on 1 January: %d, %v; want %d", i+1, n, err, want)
		}
	}
	p, _ := f.app.GetWorkPlan(cityHR, f.id)
	if p.State != domain.PlanInProgress || p.Version != 11 || p.ApprovedVersion != 10 {
		t.Fatalf("after the sweep: %s v%d approved v%d", p.State, p.Version, p.ApprovedVersion)
	}
	// 1 April: the action due 31 March is overdue, announced once over two sweeps.
	f.clock = time.Date(2026, 4, 1, 1, 0, 0, 0, time.UTC)
	for i, want := range []int{1, 0} {
		n, err := f.app.SweepPlans(context.Background())
		if err != nil || n != want {
			t.Fatalf("sweep %d on 1 April: %d, %v; want %d", i+1, n, err, want)
		}
	}
	if n := f.count(t, `SELECT COUNT(*) FROM outbox WHERE subject = 'simpeg.planning.action.overdue'`); n != 1 {
		t.Errorf("ActionOverdue events = %d, want 1", n)
	}
	if n := f.count(t, `SELECT COUNT(*) FROM outbox WHERE subject = 'simpeg.planning.work_plan.started'`); n != 1 {
		t.Errorf("started events = %d, want 1", n)
	}
	if n := f.count(t, `SELECT COUNT(*) FROM audit_records WHERE actor = 'system' AND resource = 'workPlans/`+f.id+`'`); n != 2 {
		t.Errorf("system audit records = %d, want 2 (started, overdue)", n)
	}
	p, _ = f.app.GetWorkPlan(cityHR, f.id)
	if p.Version != 11 || p.Actions[0].State(p.Today) != domain.ActionOverdue || !p.InForce.Actions[0].OverdueNotified {
		t.Errorf("overdue: v%d %s %+v", p.Version, p.Actions[0].State(p.Today), p.InForce.Actions[0])
	}
}

func (f *planFixture) complete(t *testing.T) {
	for name, ctx := range map[string]context.Context{"another employee": asPrakom2, "HR of another agency": hrDinkes, "auditor": auditor} {
		_, err := f.app.CompleteWorkPlanAction(ctx, f.id, "jadwal", "")
		if e, ok := errs.As(err); !ok || e.Kind != errs.PermissionDenied {
			t.Errorf("%s: %v", name, err)
		}
	}
	_, err := f.app.CompleteWorkPlanAction(hrKominfo, f.id, "nope", "")
	testenv.WantKind(t, err, errs.NotFound, "")
	p, err := f.app.CompleteWorkPlanAction(asPrakom, f.id, "jadwal", "Jadwal pelatihan 2026 terbit")
	if err != nil || p.Version != 12 || p.Actions[0].State(p.Today) != domain.ActionDone || p.Actions[0].DoneNote != "Jadwal pelatihan 2026 terbit" {
		t.Fatalf("owner completes: v%d %+v %v", p.Version, p.Actions, err)
	}
	_, err = f.app.CompleteWorkPlanAction(hrKominfo, f.id, "jadwal", "")
	testenv.WantKind(t, err, errs.FailedPrecondition, "")
}

func (f *planFixture) close(t *testing.T) {
	_, err := f.app.CloseWorkPlan(hrKominfo, f.id, "", "")
	testenv.WantKind(t, err, errs.FailedPrecondition, "")
	_, err = f.app.CloseWorkPlan(auditor, f.id, "", "")
	testenv.WantKind(t, err, errs.PermissionDenied, "")
	p, err := f.app.CloseWorkPlan(cityHR, f.id, "v12", "Ditutup lebih awal")
	if err != nil || p.State != domain.PlanClosed || p.Version != 13 {
		t.Fatalf("close: %s v%d %v", p.State, p.Version, err)
	}
	if n := f.count(t, `SELECT COUNT(*) FROM plan_targets WHERE plan_id = '`+f.id+`' AND active = 1`); n != 0 {
		t.Errorf("active targets after close = %d", n)
	}
	if p.Targets[0].Measure.Value != 42.5 {
		t.Errorf("frozen measure = %+v", p.Targets[0].Measure)
	}
	_, err = f.app.CloseWorkPlan(cityHR, f.id, "", "")
	testenv.WantKind(t, err, errs.FailedPrecondition, "")
}

func (f *planFixture) versions(t *testing.T) {
	_, err := f.app.ListWorkPlanVersions(asPrakom, f.id)
	testenv.WantKind(t, err, errs.PermissionDenied, "")
	h, err := f.app.ListWorkPlanVersions(headKadis, f.id)
	if err != nil {
		t.Fatal(err)
	}
	var changes []string
	for _, v := range h.Versions {
		changes = append(changes, v.Change)
	}
	want := "closed action_completed started approved submitted updated revised approved submitted returned submitted updated created"
	if got := strings.Join(changes, " "); got != want {
		t.Fatalf("changes = %s\nwant %s", got, want)
	}
	last, first := h.Versions[0], h.Versions[len(h.Versions)-1]
	if first.Version != 1 || first.Content.Title != "Rencana Kerja Kepegawaian Diskominfo 2026" || first.Actor != "hr-kominfo" || first.State != domain.PlanDraft {
		t.Errorf("version 1 = %+v", first)
	}
	if last.Version != 13 || last.Actor != "bkpsdm-admin" || len(last.Content.Targets) != 2 || last.Content.Targets[1].Key != "skp" {
		t.Errorf("version 13 = %+v", last)
	}
	if h.Versions[2].Actor != "system" || h.Versions[1].Actor != prakom {
		t.Errorf("actors: started by %s, action completed by %s", h.Versions[2].Actor, h.Versions[1].Actor)
	}
}

func (f *planFixture) cityPlan(t *testing.T) {
	// It is 1 April 2026: approving a 2026 plan starts it at once (two versions, two events).
	in := kominfoPlan()
	in.Agency, in.Title = "", "Rencana Kerja Kepegawaian Kota Medan 2026"
	in.Actions[0].Owner = dokter // any agency's employee for the city plan
	in.Actions[0].Due = date("2026-09-30")
	p, err := f.app.CreateWorkPlan(cityHR, in)
	if err != nil || p.AgencyName != domain.CityPlanName {
		t.Fatalf("city plan: %q %v", p.AgencyName, err)
	}
	_, err = f.app.UpdateWorkPlan(hrKominfo, p.ID, "", domain.WorkPlanUpdate{Fields: []string{"title"}, Values: domain.PlanContent{Title: "Judul lain"}})
	testenv.WantKind(t, err, errs.PermissionDenied, "")
	if ps, _, err := f.app.ListWorkPlans(hrDinkes, app.WorkPlanFilter{Agency: "-"}); err != nil || len(ps) != 1 || ps[0].ID != p.ID {
		t.Errorf("Dinkes HR lists the city plans: %d, %v", len(ps), err)
	}
	if _, err := f.app.SubmitWorkPlan(cityHR, p.ID, ""); err != nil {
		t.Fatal(err)
	}
	p, err = f.app.ApproveWorkPlan(cityHR, p.ID, "", "")
	if err != nil || p.State != domain.PlanInProgress || p.Version != 4 || p.ApprovedVersion != 3 {
		t.Fatalf("approve in the year: %s v%d approved v%d, %v", p.State, p.Version, p.ApprovedVersion, err)
	}
	if n := f.count(t, `SELECT COUNT(*) FROM plan_targets WHERE plan_id = '`+p.ID+`' AND agency = '' AND active = 1`); n != 2 {
		t.Errorf("city plan targets = %d", n)
	}
	if n := f.count(t, `SELECT COUNT(*) FROM outbox WHERE subject = 'simpeg.planning.work_plan.started'`); n != 2 {
		t.Errorf("started events = %d, want 2", n)
	}
	h, _ := f.app.ListWorkPlanVersions(auditor, p.ID)
	if len(h.Versions) != 4 || h.Versions[0].Change != "started" || h.Versions[1].Change != "approved" {
		t.Errorf("versions = %+v", h.Versions)
	}
	// 1 October: its action due 30 September is overdue. Two replicas sweeping at once announce
	// it once between them.
	f.clock = time.Date(2026, 10, 1, 1, 0, 0, 0, time.UTC)
	var wg sync.WaitGroup
	results := make([]int, 2)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n, err := f.app.SweepPlans(context.Background())
			if err != nil {
				t.Errorf("sweep %d: %v", i, err)
			}
			results[i] = n
		}()
	}
	wg.Wait()
	if results[0]+results[1] != 1 {
		t.Errorf("concurrent sweeps changed %v, want 1 in all", results)
	}
	if n := f.count(t, `SELECT COUNT(*) FROM outbox WHERE subject = 'simpeg.planning.action.overdue'`); n != 2 {
		t.Errorf("ActionOverdue events = %d, want 2 (one a plan)", n)
	}
}

func micros(t time.Time) string { return strconv.FormatInt(database.Micros(t), 10) }

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func ftoa(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func (f *planFixture) targets(t *testing.T) map[string]string {
	t.Helper()
	rows, err := f.db.QueryContext(context.Background(), `SELECT target_key, agency, year, kind, goal_value, due_date, programmes, start_time, active, measure_time
		FROM plan_targets WHERE plan_id = $1`, f.id)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	err = database.Each(rows, func(sc database.Scanner) error {
		var key, agency, kind, due, progs string
		var year, active int
		var goal float64
		var start, measured int64
		if err := sc.Scan(&key, &agency, &year, &kind, &goal, &due, &progs, &start, &active, &measured); err != nil {
			return err
		}
		m := 0
		if measured != 0 {
			m = 1
		}
		out[key] = strings.Join([]string{agency, itoa(int64(year)), kind, ftoa(goal), due, progs, "start=" + itoa(start), "active=" + itoa(int64(active)), "measured=" + itoa(int64(m))}, " ")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func (f *planFixture) value(t *testing.T, key string) float64 {
	t.Helper()
	var v float64
	if err := f.db.QueryRowContext(context.Background(), `SELECT value FROM plan_targets WHERE plan_id = $1 AND target_key = $2`, f.id, key).Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

func (f *planFixture) count(t *testing.T, q string) int {
	t.Helper()
	var n int
	if err := f.db.QueryRowContext(context.Background(), q).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

func (f *planFixture) exec(t *testing.T, q string, args ...any) {
	t.Helper()
	if _, err := f.db.ExecContext(context.Background(), q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}
