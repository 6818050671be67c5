package app_test

import (
	"context"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/outbox"
	"github.com/simpeg-id/simpeg/platform/testenv"
	"github.com/simpeg-id/simpeg/services/planning/internal/app"
	"github.com/simpeg-id/simpeg/services/planning/internal/domain"
	"github.com/simpeg-id/simpeg/services/planning/internal/events"
	"github.com/simpeg-id/simpeg/services/planning/internal/store"
)

// TestWorkloadAnalysis runs the workload analysis, the position map, the retirement forecast
// and the formasi proposal on every engine over one agency of four units on 27 November 2026:
//
//	kominfo-kadis       JPT pratama (60)      1 holder, born 1967-01-31 → retires 2027-02-01
//	kominfo-prakom      ahli muda (58)        2 holders, one born 1969-03-15 → 2027-04-01
//	kominfo-instruktur  ahli pertama, own 60  1 holder born 1968-01-31 → 2028-02-01 (at 58: 2026)
//	kominfo-pengadm     pelaksana (58)        3 holders: a PPPK born 1969-08-20 → 2027-09-01,
//	                                          born 1970-06-30 → 2028-07-01, 1970-12-31 → 2029-01-01
func TestWorkloadAnalysis(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		db := testenv.OpenDB(t, engine)
		if err := db.Migrate(context.Background(), "planning", store.Migrations()); err != nil {
			t.Fatal(err)
		}
		w := &wlFixture{pend: func() int { n, _ := outbox.Pending(context.Background(), db); return n }}
		w.app = app.New(store.New(db, outbox.New(), events.Encode), func() time.Time { return now })
		w.setup(t)
		testenv.RunSteps(t, []testenv.Step{
			{Name: "workload", Run: w.workload},
			{Name: "position map", Run: w.positionMap},
			{Name: "retirements ahead", Run: w.retirements},
			{Name: "formasi", Run: w.formasi},
		})
	})
}

type wlFixture struct {
	app  *app.App
	pend func() int
}

var (
	wlHRKominfo = testenv.As(context.Background(), auth.RoleAgencyHR, "DISKOMINFO", "hr-kominfo")
	wlHRDinkes  = testenv.As(context.Background(), auth.RoleAgencyHR, "DINKES", "hr-dinkes")
	wlAuditor   = testenv.As(context.Background(), auth.RoleAuditor, "", "bpk-wlAuditor")
)

// The holders of the fixture.
const (
	wlKadis      = "196701311990031001"
	wlPrakomOld  = "196903151995031001"
	wlPrakomNew  = "199009262015051001"
	wlInstruktur = "196801311994031001"
	wlPengadmA   = "197012311998032001"
	wlPengadmB   = "197006301998031002"
	wlPPPK       = "196908202023011001"
)

func (w *wlFixture) setup(t *testing.T) {
	must := func(_ any, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, a := range []domain.Agency{
		{Code: "DISKOMINFO", Name: "Dinas Komunikasi dan Informatika", Kind: domain.KindDinas},
		{Code: "DINKES", Name: "Dinas Kesehatan", Kind: domain.KindDinas},
		{Code: "DISKOMINFO-SEKRE", Name: "Sekretariat", Kind: domain.KindUnit, Parent: "DISKOMINFO"},
		{Code: "DISKOMINFO-APTIKA", Name: "Bidang Aplikasi Informatika", Kind: domain.KindUnit, Parent: "DISKOMINFO"},
		{Code: "DISKOMINFO-APTIKA-S1", Name: "Seksi Pengembangan Aplikasi", Kind: domain.KindUnit, Parent: "DISKOMINFO-APTIKA"},
	} {
		must(w.app.CreateAgency(cityHR, a))
	}
	for _, p := range []domain.Position{
		{ID: "kominfo-kadis", Title: "Kepala Dinas Komunikasi dan Informatika", Kind: domain.PositionStructural, Class: 15, Agency: "DISKOMINFO", Needed: 1, Level: domain.LevelJPTPratama},
		{ID: "kominfo-prakom", Title: "Pranata Komputer Ahli Muda", Kind: domain.PositionFunctional, Class: 9, Agency: "DISKOMINFO", Unit: "DISKOMINFO-APTIKA", Needed: 3, Level: domain.LevelAhliMuda},
		{ID: "kominfo-instruktur", Title: "Instruktur Ahli Pertama", Kind: domain.PositionFunctional, Class: 8, Agency: "DISKOMINFO", Unit: "DISKOMINFO-APTIKA-S1", Needed: 1, Level: domain.LevelAhliPertama, RetirementAge: 60},
		{ID: "kominfo-pengadm", Title: "Pengadministrasi Perkantoran", Kind: domain.PositionExecutor, Class: 5, Agency: "DISKOMINFO", Unit: "DISKOMINFO-SEKRE", Needed: 2, Level: domain.LevelPelaksana},
		{ID: "dinkes-kadis", Title: "Kepala Dinas Kesehatan", Kind: domain.PositionStructural, Class: 15, Agency: "DINKES", Needed: 1, Level: domain.LevelJPTPratama},
	} {
		must(w.app.CreatePosition(cityHR, p))
	}
	for _, e := range []domain.Employee{
		employee(wlKadis, "Arrahman Pane", "DISKOMINFO", "", "kominfo-kadis", ""),
		employee(wlPrakomOld, "Budi Santoso", "DISKOMINFO", "DISKOMINFO-APTIKA", "kominfo-prakom", wlKadis),
		employee(wlPrakomNew, "Rizky Harahap", "DISKOMINFO", "DISKOMINFO-APTIKA", "kominfo-prakom", wlKadis),
		employee(wlInstruktur, "Tua Sinaga", "DISKOMINFO", "DISKOMINFO-APTIKA-S1", "kominfo-instruktur", wlKadis),
		employee(wlPengadmA, "Siti Aminah", "DISKOMINFO", "DISKOMINFO-SEKRE", "kominfo-pengadm", wlKadis),
		employee(wlPengadmB, "Andi Lubis", "DISKOMINFO", "DISKOMINFO-SEKRE", "kominfo-pengadm", wlKadis),
	} {
		must(w.app.CreateEmployee(cityHR, e))
	}
	pppk := domain.Employee{NIP: wlPPPK, Type: domain.PPPK, FullName: "Lestari Nainggolan", Sex: domain.Female, Rank: "V",
		Agency: "DISKOMINFO", Unit: "DISKOMINFO-SEKRE", Position: "kominfo-pengadm", Supervisor: wlKadis}
	pppk.BirthDate, _ = domain.ParseDate("1969-08-20")
	pppk.Appointment, _ = domain.ParseDate("2023-01-01")
	must(w.app.CreateEmployee(cityHR, pppk))
}

// prakomTasks take 1,200 + 1,350 + 487.5 = 3,037.5 h a year: 2.43 people at 1,250 h, so 2.
var prakomTasks = []domain.WorkloadTask{
	{Task: "Memelihara jaringan komputer kantor", OutputUnit: "perangkat", YearlyVolume: 1200, StandardMinutes: 60},
	{Task: "Mengembangkan modul aplikasi layanan", OutputUnit: "modul", YearlyVolume: 900, StandardMinutes: 90},
	{Task: "Menyusun laporan insiden", OutputUnit: "laporan", YearlyVolume: 975, StandardMinutes: 30},
}

func (w *wlFixture) workload(t *testing.T) {
	_, err := w.app.GetPositionWorkload(wlHRKominfo, "kominfo-prakom")
	testenv.WantKind(t, err, errs.NotFound, "")
	before := w.pend()
	got, err := w.app.SetPositionWorkload(wlHRKominfo, "kominfo-prakom", "", prakomTasks)
	if err != nil {
		t.Fatal(err)
	}
	if got.TotalHours() != 3037.5 || math.Abs(got.NeedExact()-2.43) > 1e-9 || got.Need() != 2 || got.Holders != 2 || got.Gap() != 0 || got.Version != 1 {
		t.Errorf("workload = %.1f h, exact %.4f, need %d, holders %d, gap %d, version %d; want 3037.5, 2.43, 2, 2, 0, 1",
			got.TotalHours(), got.NeedExact(), got.Need(), got.Holders, got.Gap(), got.Version)
	}
	if n := w.pend() - before; n != 2 {
		t.Errorf("setting the workload wrote %d events, want 2 (PositionWorkloadSet, PositionUpdated)", n)
	}
	p, err := w.app.GetPosition(cityHR, "kominfo-prakom")
	if err != nil || p.Needed != 2 || !p.NeededFromWorkload || p.Version != 2 {
		t.Errorf("position after the workload = need %d, from workload %v, version %d, %v; want 2, true, 2", p.Needed, p.NeededFromWorkload, p.Version, err)
	}
	// 1,875 h is 1.5 people: 2. The pengadm's three holders are one too many.
	pengadm, err := w.app.SetPositionWorkload(cityHR, "kominfo-pengadm", "", []domain.WorkloadTask{
		{Task: "Mengagendakan surat masuk dan keluar", OutputUnit: "surat", YearlyVolume: 9000, StandardMinutes: 5},
		{Task: "Mengarsipkan dokumen dinas", OutputUnit: "berkas", YearlyVolume: 6000, StandardMinutes: 10},
		{Task: "Menyiapkan bahan rapat", OutputUnit: "paket", YearlyVolume: 250, StandardMinutes: 30},
	})
	if err != nil || pengadm.TotalHours() != 1875 || pengadm.Need() != 2 || pengadm.Holders != 3 || pengadm.Gap() != -1 {
		t.Errorf("pengadm = %.1f h, need %d, holders %d, gap %d, %v; want 1875, 2, 3, -1", pengadm.TotalHours(), pengadm.Need(), pengadm.Holders, pengadm.Gap(), err)
	}
	tests := []struct {
		name  string
		ctx   context.Context
		etag  string
		tasks []domain.WorkloadTask
		kind  errs.Kind
		field string
	}{
		{"a stale etag", wlHRKominfo, "v7", prakomTasks, errs.Conflict, ""},
		{"a task named twice", wlHRKominfo, "v1", append(slices.Clone(prakomTasks), prakomTasks[0]), errs.Invalid, "tasks[3].task"},
		{"agency HR of another agency", wlHRDinkes, "", prakomTasks, errs.PermissionDenied, ""},
		{"an auditor", wlAuditor, "", prakomTasks, errs.PermissionDenied, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := w.pend()
			_, err := w.app.SetPositionWorkload(tt.ctx, "kominfo-prakom", tt.etag, tt.tasks)
			testenv.WantKind(t, err, tt.kind, tt.field)
			if w.pend() != before {
				t.Error("a refused workload wrote events")
			}
		})
	}
	// The same need again: the workload moves to version 2, the position stays at version 2.
	again, err := w.app.SetPositionWorkload(wlHRKominfo, "kominfo-prakom", "v1", prakomTasks[:2])
	if err != nil || again.Version != 2 || again.Need() != 2 {
		t.Fatalf("second workload = version %d need %d, %v", again.Version, again.Need(), err)
	}
	if p, _ := w.app.GetPosition(cityHR, "kominfo-prakom"); p.Version != 2 {
		t.Errorf("position version = %d after a workload with the same need, want 2", p.Version)
	}
	// The need is the workload's: typing one in is refused, naming the field.
	_, err = w.app.UpdatePosition(cityHR, "kominfo-prakom", "", domain.PositionUpdate{Fields: []string{"needed_headcount"}, Values: domain.Position{Needed: 5}})
	testenv.WantKind(t, err, errs.Invalid, "position.needed_headcount")
	read, err := w.app.GetPositionWorkload(wlAuditor, "kominfo-prakom")
	if err != nil || len(read.Tasks) != 2 || read.Tasks[1].YearlyHours() != 1350 || read.Title != "Pranata Komputer Ahli Muda" {
		t.Errorf("wlAuditor's read = %+v, %v", read, err)
	}
	_, err = w.app.GetPositionWorkload(wlHRDinkes, "kominfo-prakom")
	testenv.WantKind(t, err, errs.PermissionDenied, "")
}

func (w *wlFixture) positionMap(t *testing.T) {
	m, err := w.app.GetPositionMap(wlHRKominfo, "DISKOMINFO")
	if err != nil {
		t.Fatal(err)
	}
	var units []string
	for _, u := range m.Units {
		units = append(units, u.Unit)
	}
	if want := []string{"DISKOMINFO", "DISKOMINFO-APTIKA", "DISKOMINFO-APTIKA-S1", "DISKOMINFO-SEKRE"}; !slices.Equal(units, want) {
		t.Errorf("units = %v, want %v", units, want)
	}
	// kadis 1/1, prakom 2/2, instruktur 1/1, pengadm 2/3.
	if m.Need != 6 || m.Holders != 7 || m.Gap() != -1 || m.WithWorkload != 2 || m.WithoutWorkload != 2 || m.Date.String() != "2026-11-27" {
		t.Errorf("map = need %d holders %d gap %d, with %d without %d, %s; want 6, 7, -1, 2, 2, 2026-11-27",
			m.Need, m.Holders, m.Gap(), m.WithWorkload, m.WithoutWorkload, m.Date)
	}
	sekre := m.Units[3]
	if sekre.Name != "Sekretariat" || sekre.Parent != "DISKOMINFO" || sekre.Need != 2 || sekre.Holders != 3 || sekre.Gap() != -1 ||
		len(sekre.Positions) != 1 || !sekre.Positions[0].NeededFromWorkload {
		t.Errorf("sekretariat = %+v", sekre)
	}
	_, err = w.app.GetPositionMap(wlHRKominfo, "DISKOMINFO-APTIKA")
	testenv.WantKind(t, err, errs.Invalid, "agency")
	_, err = w.app.GetPositionMap(wlHRDinkes, "DISKOMINFO")
	testenv.WantKind(t, err, errs.PermissionDenied, "")
	// The agency's head (the employee whose supervisor is outside it) reads it.
	head := testenv.As(context.Background(), auth.RoleSupervisor, "DISKOMINFO", wlKadis)
	if hm, err := w.app.GetPositionMap(head, "DISKOMINFO"); err != nil || hm.Need != 6 {
		t.Errorf("the head's map = %d, %v", hm.Need, err)
	}
}

func (w *wlFixture) retirements(t *testing.T) {
	f, err := w.app.GetRetirementForecast(wlHRKominfo, "", 0)
	if err != nil {
		t.Fatal(err)
	}
	if f.Agency != "DISKOMINFO" || f.FirstYear != 2026 || len(f.Years) != 5 {
		t.Fatalf("forecast = %s from %d, %d years", f.Agency, f.FirstYear, len(f.Years))
	}
	want := []struct {
		year, retiring, emptied int
	}{{2026, 0, 0}, {2027, 3, 1}, {2028, 2, 1}, {2029, 1, 1}, {2030, 0, 0}}
	for i, y := range want {
		got := f.Years[i]
		if got.Year != y.year || got.Retiring != y.retiring || got.PositionsEmptied != y.emptied {
			t.Errorf("year %d is %d: %d retiring, %d emptied; want %d, %d, %d", i, got.Year, got.Retiring, got.PositionsEmptied, y.year, y.retiring, y.emptied)
		}
	}
	y27 := f.Years[1]
	if y27.ByKind["structural"] != 1 || y27.ByKind["functional"] != 1 || y27.ByKind["executor"] != 1 {
		t.Errorf("2027 by kind = %v", y27.ByKind)
	}
	dates := map[string]string{}
	for _, y := range f.Years {
		for _, p := range y.Positions {
			for _, r := range p.Retirees {
				dates[r.NIP] = r.Date.String()
			}
		}
	}
	wantDates := map[string]string{wlKadis: "2027-02-01", wlPrakomOld: "2027-04-01", wlPPPK: "2027-09-01",
		wlInstruktur: "2028-02-01", wlPengadmB: "2028-07-01", wlPengadmA: "2029-01-01"}
	for nip, d := range wantDates {
		if dates[nip] != d {
			t.Errorf("%s retires %q, want %s", nip, dates[nip], d)
		}
	}
	if len(dates) != len(wantDates) {
		t.Errorf("retirees = %v", dates)
	}
	for _, p := range f.Years[3].Positions {
		if p.Position == "kominfo-pengadm" && (p.HoldersNow != 3 || p.HoldersLeft != 0 || !p.Empties) {
			t.Errorf("pengadm in 2029 = %+v; want 3 now, 0 left, emptied", p)
		}
	}
	_, err = w.app.GetRetirementForecast(wlHRKominfo, "", 2025)
	testenv.WantKind(t, err, errs.Invalid, "first_year")
	_, err = w.app.GetRetirementForecast(cityHR, "DISKOMINFO-SEKRE", 0)
	testenv.WantKind(t, err, errs.Invalid, "agency")
	_, err = w.app.GetRetirementForecast(wlHRKominfo, "DINKES", 0)
	testenv.WantKind(t, err, errs.PermissionDenied, "")
	city, err := w.app.GetRetirementForecast(cityHR, "", 2027)
	if err != nil || city.Agency != "" || city.Years[0].Retiring != 3 {
		t.Errorf("city forecast from 2027 = %+v, %v", city.Years[0], err)
	}
}

func (w *wlFixture) formasi(t *testing.T) {
	_, err := w.app.CreateFormasiProposal(wlHRDinkes, "DISKOMINFO", 0)
	testenv.WantKind(t, err, errs.PermissionDenied, "")
	_, err = w.app.CreateFormasiProposal(wlHRKominfo, "DISKOMINFO", 2025)
	testenv.WantKind(t, err, errs.Invalid, "first_year")
	p, err := w.app.CreateFormasiProposal(wlHRKominfo, "DISKOMINFO", 0)
	if err != nil {
		t.Fatal(err)
	}
	if p.FirstYear != 2027 || p.State != domain.FormasiDraft || p.EffectiveHours != 1250 || p.AgencyName != "Dinas Komunikasi dan Informatika" {
		t.Errorf("proposal = %+v", p)
	}
	// Lines by unit: the agency's own kadis, APTIKA's prakom, S1's instruktur, SEKRE's pengadm.
	want := []struct {
		position    string
		ret, prop   []int
		total, need int
	}{
		{"kominfo-kadis", []int{1, 0, 0, 0, 0}, []int{1, 0, 0, 0, 0}, 1, 1},
		{"kominfo-prakom", []int{1, 0, 0, 0, 0}, []int{1, 0, 0, 0, 0}, 1, 2},
		{"kominfo-instruktur", []int{0, 1, 0, 0, 0}, []int{0, 1, 0, 0, 0}, 1, 1},
		{"kominfo-pengadm", []int{1, 1, 1, 0, 0}, []int{1, 1, 1, 0, 0}, 3, 2},
	}
	if len(p.Lines) != len(want) {
		t.Fatalf("lines = %+v", p.Lines)
	}
	for i, l := range want {
		got := p.Lines[i]
		if got.Position != l.position || !slices.Equal(got.Retirements, l.ret) || !slices.Equal(got.Proposed, l.prop) || got.Total != l.total || got.Need != l.need {
			t.Errorf("line %d = %+v; want %+v", i, got, l)
		}
	}
	if !slices.Equal(p.Totals, []int{3, 2, 1, 0, 0}) || p.Total() != 6 {
		t.Errorf("totals = %v (%d), want [3 2 1 0 0] (6)", p.Totals, p.Total())
	}
	read, err := w.app.GetFormasiProposal(wlAuditor, p.ID)
	if err != nil || len(read.Lines) != 4 || !slices.Equal(read.Lines[3].Proposed, []int{1, 1, 1, 0, 0}) {
		t.Errorf("read back = %+v, %v", read, err)
	}
	// The workflow.
	_, err = w.app.ApproveFormasiProposal(cityHR, p.ID, "", "", "")
	testenv.WantKind(t, err, errs.FailedPrecondition, "")
	_, err = w.app.SubmitFormasiProposal(wlHRDinkes, p.ID, "")
	testenv.WantKind(t, err, errs.PermissionDenied, "")
	before := w.pend()
	sub, err := w.app.SubmitFormasiProposal(wlHRKominfo, p.ID, "v1")
	if err != nil || sub.State != domain.FormasiSubmitted || sub.Version != 2 || sub.Submitted.IsZero() {
		t.Fatalf("submit = %+v, %v", sub, err)
	}
	if w.pend()-before != 1 {
		t.Errorf("submitting wrote %d events, want 1", w.pend()-before)
	}
	_, err = w.app.SubmitFormasiProposal(wlHRKominfo, p.ID, "")
	testenv.WantKind(t, err, errs.FailedPrecondition, "")
	_, err = w.app.ApproveFormasiProposal(wlHRKominfo, p.ID, "", "", "")
	testenv.WantKind(t, err, errs.PermissionDenied, "")
	_, err = w.app.ReturnFormasiProposal(cityHR, p.ID, "", "")
	testenv.WantKind(t, err, errs.Invalid, "comment")
	_, err = w.app.ApproveFormasiProposal(cityHR, p.ID, "v1", "", "")
	testenv.WantKind(t, err, errs.Conflict, "")
	ok, err := w.app.ApproveFormasiProposal(cityHR, p.ID, "v2", "Sesuai ABK", "800.1.2/123/BKPSDM/2026")
	if err != nil || ok.State != domain.FormasiApproved || ok.DecidedBy != "bkpsdm-admin" || ok.DecreeNumber != "800.1.2/123/BKPSDM/2026" {
		t.Fatalf("approve = %+v, %v", ok, err)
	}
	_, err = w.app.ReturnFormasiProposal(cityHR, p.ID, "", "terlambat")
	testenv.WantKind(t, err, errs.FailedPrecondition, "")
	// A second proposal, returned.
	second, err := w.app.CreateFormasiProposal(cityHR, "DISKOMINFO", 2028)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.app.SubmitFormasiProposal(cityHR, second.ID, ""); err != nil {
		t.Fatal(err)
	}
	ret, err := w.app.ReturnFormasiProposal(cityHR, second.ID, "", "Bezetting Sekretariat belum dimutakhirkan")
	if err != nil || ret.State != domain.FormasiReturned || ret.Comment == "" {
		t.Fatalf("return = %+v, %v", ret, err)
	}
	list, next, err := w.app.ListFormasiProposals(wlHRKominfo, app.FormasiFilter{})
	if err != nil || next != "" || len(list) != 2 || list[0].ID != second.ID || list[0].AgencyName == "" || len(list[0].Lines) != 0 {
		t.Errorf("list = %+v, %q, %v; want the returned one first, without lines", list, next, err)
	}
	page, next, err := w.app.ListFormasiProposals(cityHR, app.FormasiFilter{PageSize: 1})
	if err != nil || len(page) != 1 || next == "" {
		t.Fatalf("first page = %d, %q, %v", len(page), next, err)
	}
	page2, _, err := w.app.ListFormasiProposals(cityHR, app.FormasiFilter{PageSize: 1, After: next})
	if err != nil || len(page2) != 1 || page2[0].ID != p.ID {
		t.Errorf("second page = %+v, %v", page2, err)
	}
	approved, _, err := w.app.ListFormasiProposals(wlAuditor, app.FormasiFilter{State: domain.FormasiApproved})
	if err != nil || len(approved) != 1 || approved[0].ID != p.ID {
		t.Errorf("approved = %+v, %v", approved, err)
	}
	_, _, err = w.app.ListFormasiProposals(wlHRDinkes, app.FormasiFilter{Agency: "DISKOMINFO"})
	testenv.WantKind(t, err, errs.PermissionDenied, "")
	if mine, _, err := w.app.ListFormasiProposals(wlHRDinkes, app.FormasiFilter{}); err != nil || len(mine) != 0 {
		t.Errorf("Dinkes HR's own list = %d, %v", len(mine), err)
	}
}
