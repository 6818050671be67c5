package app_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
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

// The dashboard's small city: 18:00 UTC on 26 November 2026 is 01:00 on the 27th in Medan, so
// the dashboard's date is 2026-11-27 and the ages are counted on it (an employee born on 27
// November 2000 is 26 there, though still 25 in UTC).
var dashClock = time.Date(2026, 11, 26, 18, 0, 0, 0, time.UTC)

const (
	dashSekda    = "197005011990031001" // SETDA, 56, IV/e, S2; level jpt_madya: retires at 60, 1 June 2030
	dashKadis    = "197503102000031002" // DISKOMINFO head, 51, IV/c, S2
	dashPrakom1  = "200011272020032003" // DISKOMINFO-APTIKA, 26 on the dashboard's date (25 in UTC), III/a, S1
	dashPrakom2  = "200011282020031004" // DISKOMINFO-APTIKA, 25 (26 tomorrow), II/c, D3
	dashStaf     = "196511271990032005" // DISKOMINFO without unit, 61 today, II/a, SMA
	dashPPPK     = "202301012023010006" // DISKOMINFO-APTIKA, PPPK IX, born 1965-11-28: 60, education not recorded
	dashKadinkes = "196812151995032007" // DINKES head, 57, IV/b, S2: 58 in December 2026, retires 1 January 2027
	dashDokter   = "199801312026031008" // DINKES, CPNS, 28, III/b, S1
	dashRetiree  = "196601011990031009" // DINKES, retired: not counted
)

// dashCity builds the small city on every engine and returns the use cases, the database and
// the clock (a pointer the steps may move).
func dashCity(t *testing.T, engine testenv.Engine) (*app.App, *database.DB, *time.Time) {
	t.Helper()
	ctx := context.Background()
	db := testenv.OpenDB(t, engine)
	if err := db.Migrate(ctx, "planning", store.Migrations()); err != nil {
		t.Fatal(err)
	}
	clock := dashClock
	a := app.New(store.New(db, outbox.New(), events.Encode), func() time.Time { return clock })
	hr := testenv.As(ctx, auth.RoleCityHR, "", "bkpsdm-admin")
	must := func(_ any, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, ag := range []domain.Agency{
		{Code: "SETDA", Name: "Sekretariat Daerah", Kind: domain.KindSecretariat},
		{Code: "DISKOMINFO", Name: "Dinas Komunikasi dan Informatika", Kind: domain.KindDinas},
		{Code: "DINKES", Name: "Dinas Kesehatan", Kind: domain.KindDinas},
		{Code: "DISKOMINFO-APTIKA", Name: "Bidang Aplikasi Informatika", Kind: domain.KindUnit, Parent: "DISKOMINFO"},
	} {
		must(a.CreateAgency(hr, ag))
	}
	for _, p := range []domain.Position{
		{ID: "setda-sekda", Title: "Sekretaris Daerah", Kind: domain.PositionStructural, Class: 17, Agency: "SETDA", Needed: 1},
		{ID: "kominfo-kadis", Title: "Kepala Dinas Komunikasi dan Informatika", Kind: domain.PositionStructural, Class: 15, Agency: "DISKOMINFO", Needed: 1},
		{ID: "kominfo-prakom", Title: "Pranata Komputer Ahli Pertama", Kind: domain.PositionFunctional, Class: 8, Agency: "DISKOMINFO", Unit: "DISKOMINFO-APTIKA", Needed: 6},
		{ID: "kominfo-staf", Title: "Pengadministrasi Umum", Kind: domain.PositionExecutor, Class: 5, Agency: "DISKOMINFO", Needed: 3},
		{ID: "dinkes-kadis", Title: "Kepala Dinas Kesehatan", Kind: domain.PositionStructural, Class: 15, Agency: "DINKES", Needed: 1},
		{ID: "dinkes-dokter", Title: "Dokter Ahli Pertama", Kind: domain.PositionFunctional, Class: 9, Agency: "DINKES", Needed: 4},
	} {
		must(a.CreatePosition(hr, p))
	}
	// The Sekda's position is senior leadership (JPT madya): retirement at 60 (PP 11/2017 art. 239).
	if _, err := db.ExecContext(ctx, `UPDATE positions SET level = 'jpt_madya' WHERE id = 'setda-sekda'`); err != nil {
		t.Fatal(err)
	}
	emp := func(nip, name string, typ domain.EmploymentType, rank, agency, unit, position, sup string, edu domain.Education) domain.Employee {
		return domain.Employee{NIP: nip, FullName: name, Type: typ, Rank: rank, Agency: agency, Unit: unit, Position: position, Supervisor: sup, Education: edu}
	}
	pppk := emp(dashPPPK, "Lestari Nainggolan", domain.PPPK, "IX", "DISKOMINFO", "DISKOMINFO-APTIKA", "", dashKadis, "")
	pppk.Sex = domain.Female
	pppk.BirthDate, _ = domain.ParseDate("1965-11-28")
	pppk.Appointment, _ = domain.ParseDate("2023-01-01")
	for _, e := range []domain.Employee{
		emp(dashSekda, "Wiriya Alrahman", domain.PNS, "IV/e", "SETDA", "", "setda-sekda", "", domain.EducationS2),
		emp(dashKadis, "Arrahman Pane", domain.PNS, "IV/c", "DISKOMINFO", "", "kominfo-kadis", dashSekda, domain.EducationS2),
		emp(dashPrakom1, "Siti Aminah", domain.PNS, "III/a", "DISKOMINFO", "DISKOMINFO-APTIKA", "kominfo-prakom", dashKadis, domain.EducationS1),
		emp(dashPrakom2, "Budi Santoso", domain.PNS, "II/c", "DISKOMINFO", "DISKOMINFO-APTIKA", "kominfo-prakom", dashKadis, domain.EducationD3),
		emp(dashStaf, "Rosmawati Hutapea", domain.PNS, "II/a", "DISKOMINFO", "", "kominfo-staf", dashKadis, domain.EducationSMA),
		pppk,
		emp(dashKadinkes, "dr. Rina Siregar", domain.PNS, "IV/b", "DINKES", "", "dinkes-kadis", dashSekda, domain.EducationS2),
		emp(dashDokter, "dr. Andi Lubis", domain.CPNS, "III/b", "DINKES", "", "dinkes-dokter", dashKadinkes, domain.EducationS1),
		emp(dashRetiree, "Tua Sinaga", domain.PNS, "IV/a", "DINKES", "", "dinkes-dokter", dashKadinkes, domain.EducationS1),
	} {
		must(a.CreateEmployee(hr, e))
	}
	clock = dashClock.Add(24 * time.Hour)
	must(a.RetireEmployee(hr, dashRetiree, "", domain.Date{Time: time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)}, "BUP"))
	clock = dashClock
	return a, db, &clock
}

// dashPlans stores plans as the workflow and the monitoring leave them: DISKOMINFO's plan in
// progress with two targets (one dropped), the city plan approved, DINKES's closed, SETDA's a
// draft, and DISKOMINFO's plan of last year.
func dashPlans(t *testing.T, db *database.DB) {
	t.Helper()
	ctx := context.Background()
	content := func(title string, targets ...domain.Target) string {
		c := domain.PlanContent{Title: title, Goals: []domain.Goal{{Key: "kompetensi", Title: "Kompetensi"}}, Targets: targets, Illustrative: true}
		b, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	jp := domain.Target{Key: "jp-20", Goal: "kompetensi", Title: "80% pegawai mencapai 20 JP", Kind: domain.TargetJPShare, GoalValue: 80}
	att := domain.Target{Key: "hadir", Goal: "kompetensi", Title: "Kehadiran 95%", Kind: domain.TargetAttendanceRate, GoalValue: 95}
	fill := domain.Target{Key: "isi", Goal: "kompetensi", Title: "Jabatan terisi 90%", Kind: domain.TargetFillRate, GoalValue: 90}
	plans := []struct {
		id, agency string
		year       int
		state      domain.PlanState
		inForce    string
	}{
		{"p-kominfo", "DISKOMINFO", 2026, domain.PlanInProgress, content("Rencana Diskominfo 2026", jp, att)},
		{"p-kota", "", 2026, domain.PlanApproved, content("Rencana Kota 2026", fill)},
		{"p-dinkes", "DINKES", 2026, domain.PlanClosed, content("Rencana Dinkes 2026", jp)},
		{"p-setda", "SETDA", 2026, domain.PlanDraft, ""},
		{"p-kominfo-2025", "DISKOMINFO", 2025, domain.PlanInProgress, content("Rencana Diskominfo 2025", jp)},
	}
	for _, p := range plans {
		if _, err := db.ExecContext(ctx, `INSERT INTO work_plans (id, agency, year, state, content, in_force, version, approved_version, comment,
				create_time, update_time, approve_time) VALUES ($1, $2, $3, $4, $5, $6, 3, 3, '', 0, 0, 0)`,
			p.id, p.agency, p.year, string(p.state), content("x"), p.inForce); err != nil {
			t.Fatal(err)
		}
	}
	targets := []struct {
		plan, key, agency string
		kind              domain.TargetKind
		goal              float64
		active            int
		value, expected   float64
		status            domain.TargetStatus
	}{
		{"p-kominfo", "jp-20", "DISKOMINFO", domain.TargetJPShare, 80, 1, 50, 72.5, domain.StatusOffTrack},
		{"p-kominfo", "hadir", "DISKOMINFO", domain.TargetAttendanceRate, 95, 1, 96.2, 95, domain.StatusOnTrack},
		{"p-kominfo", "lama", "DISKOMINFO", domain.TargetJPShare, 50, 0, 10, 10, domain.StatusOnTrack},
		{"p-kota", "isi", "", domain.TargetFillRate, 90, 1, 43.8, 60, domain.StatusAtRisk},
		{"p-dinkes", "jp-20", "DINKES", domain.TargetJPShare, 80, 0, 20, 70, domain.StatusOffTrack},
		{"p-kominfo-2025", "jp-20", "DISKOMINFO", domain.TargetJPShare, 80, 1, 85, 80, domain.StatusAchieved},
	}
	for _, x := range targets {
		if _, err := db.ExecContext(ctx, `INSERT INTO plan_targets (plan_id, target_key, agency, year, kind, goal_value, due_date, programmes,
				start_time, active, baseline, value, expected, status, measure_time) VALUES ($1, $2, $3, 2026, $4, $5, '2026-12-31', '[]', 0, $6, 0, $7, $8, $9, $10)`,
			x.plan, x.key, x.agency, string(x.kind), x.goal, x.active, x.value, x.expected, string(x.status), database.Micros(dashClock)); err != nil {
			t.Fatal(err)
		}
	}
}

// TestWorkforceDashboard counts the small city by every dimension on every engine, with the
// age bands at their boundaries, the needs, the retirements ahead and the targets in force,
// and checks who sees which dashboard.
func TestWorkforceDashboard(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		a, db, _ := dashCity(t, engine)
		dashPlans(t, db)
		ctx := context.Background()
		city, err := a.GetWorkforceDashboard(testenv.As(ctx, auth.RoleAuditor, "", "inspektorat"), "")
		if err != nil {
			t.Fatal(err)
		}
		if city.Date.String() != "2026-11-27" || city.Total != 8 || city.Agency != "" {
			t.Fatalf("city dashboard: date %s, total %d, agency %q; want 2026-11-27, 8, city", city.Date, city.Total, city.Agency)
		}
		want := map[string]string{
			app.DimAgency:         "DINKES=2 DISKOMINFO=5 SETDA=1",
			app.DimUnit:           "DINKES=2 DISKOMINFO=2 DISKOMINFO-APTIKA=3 SETDA=1",
			app.DimRank:           "II/a=1 II/c=1 III/a=1 III/b=1 IV/b=1 IV/c=1 IV/e=1 IX=1",
			app.DimPositionKind:   "structural=3 functional=3 executor=1 none=1",
			app.DimEmploymentType: "pns=6 cpns=1 pppk=1",
			app.DimSex:            "male=4 female=4",
			app.DimAgeBand:        "<=25=1 26-30=2 31-35=0 36-40=0 41-45=0 46-50=0 51-55=1 56-60=3 >60=1",
			app.DimEducation:      "sd=0 smp=0 sma=1 d1=0 d2=0 d3=1 d4=0 s1=2 s2=3 s3=0 unknown=1",
		}
		checkBreakdowns(t, city, want)
		labels := map[string]string{}
		for _, b := range city.Breakdowns {
			for _, g := range b.Groups {
				labels[b.Dimension+" "+g.Key] = g.Label
			}
		}
		for k, v := range map[string]string{"sex female": "Perempuan", "sex male": "Laki-laki", "education unknown": "Tidak diketahui",
			"education s1": "S1", "education d3": "D-III", "unit DISKOMINFO-APTIKA": "Bidang Aplikasi Informatika",
			"agency DINKES": "Dinas Kesehatan", "position_kind executor": "Pelaksana", "age_band >60": "> 60 tahun",
			"rank IX": "Golongan IX (PPPK)", "rank III/a": "Golongan III/a"} {
			if labels[k] != v {
				t.Errorf("label of %s = %q, want %q", k, labels[k], v)
			}
		}
		if city.Need != 16 || city.Holders != 7 || city.Gap != 9 {
			t.Errorf("city need/holders/gap = %d/%d/%d, want 16/7/9", city.Need, city.Holders, city.Gap)
		}
		wantNeeds := []app.DashboardNeeds{
			{Agency: "DINKES", Name: "Dinas Kesehatan", Need: 5, Holders: 2, Gap: 3},
			{Agency: "DISKOMINFO", Name: "Dinas Komunikasi dan Informatika", Need: 10, Holders: 4, Gap: 6},
			{Agency: "SETDA", Name: "Sekretariat Daerah", Need: 1, Holders: 1, Gap: 0},
		}
		if !reflect.DeepEqual(city.AgencyNeeds, wantNeeds) {
			t.Errorf("agency needs = %+v\nwant %+v", city.AgencyNeeds, wantNeeds)
		}
		// The head of Dinkes (born December 1968, 58 in December 2026) retires on 1 January
		// 2027; the Sekda (JPT madya, 60) on 1 June 2030; the others are past or beyond.
		wantRet := []app.DashboardYear{{2026, 0}, {2027, 1}, {2028, 0}, {2029, 0}, {2030, 1}}
		if !reflect.DeepEqual(city.Retirements, wantRet) {
			t.Errorf("retirements = %v, want %v", city.Retirements, wantRet)
		}
		fc, err := a.GetRetirementForecast(cityHR, "", 2026)
		if err != nil {
			t.Fatal(err)
		}
		for i, y := range fc.Years {
			if y.Year != city.Retirements[i].Year || y.Retiring != city.Retirements[i].Count {
				t.Errorf("the forecast's %d: %d retiring; the dashboard's %+v", y.Year, y.Retiring, city.Retirements[i])
			}
		}
		if got := targetKeys(city.Targets); got != ":isi=43.8/at_risk DISKOMINFO:hadir=96.2/on_track DISKOMINFO:jp-20=50/off_track" {
			t.Errorf("city targets = %s", got)
		}
		for _, tg := range city.Targets {
			if tg.Target.Key == "jp-20" && (tg.Target.Title != "80% pegawai mencapai 20 JP" || tg.Plan != "p-kominfo" || tg.Target.GoalValue != 80 || tg.Target.Due.String() != "2026-12-31") {
				t.Errorf("JP target = %+v", tg)
			}
		}

		// Agency HR sees its agency by default; the head of Diskominfo (a supervisor whose own
		// supervisor is in SETDA) sees it too.
		hrKominfo := testenv.As(ctx, auth.RoleAgencyHR, "DISKOMINFO", "hr-kominfo")
		for name, c := range map[string]context.Context{
			"agency HR": hrKominfo,
			"head":      testenv.As(ctx, auth.RoleSupervisor, "DISKOMINFO", dashKadis),
		} {
			d, err := a.GetWorkforceDashboard(c, "")
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if d.Agency != "DISKOMINFO" || d.Total != 5 || d.Need != 10 || d.Holders != 4 || len(d.AgencyNeeds) != 1 {
				t.Errorf("%s: dashboard of %q, total %d, need %d, holders %d, %d agency lines", name, d.Agency, d.Total, d.Need, d.Holders, len(d.AgencyNeeds))
			}
			checkBreakdowns(t, d, map[string]string{
				app.DimUnit:    "DISKOMINFO=2 DISKOMINFO-APTIKA=3",
				app.DimAgeBand: "<=25=1 26-30=1 31-35=0 36-40=0 41-45=0 46-50=0 51-55=1 56-60=1 >60=1",
			})
			if got := targetKeys(d.Targets); got != ":isi=43.8/at_risk DISKOMINFO:hadir=96.2/on_track DISKOMINFO:jp-20=50/off_track" {
				t.Errorf("%s: targets = %s", name, got)
			}
			if !reflect.DeepEqual(d.Retirements, []app.DashboardYear{{2026, 0}, {2027, 0}, {2028, 0}, {2029, 0}, {2030, 0}}) {
				t.Errorf("%s: retirements = %v", name, d.Retirements)
			}
		}
		dinkes, err := a.GetWorkforceDashboard(cityHR, "DINKES")
		if err != nil || dinkes.Total != 2 || targetKeys(dinkes.Targets) != ":isi=43.8/at_risk" || dinkes.Retirements[1].Count != 1 {
			t.Errorf("city HR's DINKES dashboard: total %d, targets %s, retirements %v, %v", dinkes.Total, targetKeys(dinkes.Targets), dinkes.Retirements, err)
		}
		denied := []struct {
			name   string
			ctx    context.Context
			agency string
			kind   errs.Kind
		}{
			{"agency HR of another agency", hrKominfo, "DINKES", errs.PermissionDenied},
			{"agency head of another agency", testenv.As(ctx, auth.RoleSupervisor, "DISKOMINFO", dashKadis), "SETDA", errs.PermissionDenied},
			{"employee", testenv.As(ctx, auth.RoleEmployee, "DISKOMINFO", dashPrakom1), "", errs.PermissionDenied},
			{"supervisor who heads nothing", testenv.As(ctx, auth.RoleSupervisor, "DISKOMINFO", dashPrakom2), "DISKOMINFO", errs.PermissionDenied},
			{"unit", cityHR, "DISKOMINFO-APTIKA", errs.Invalid},
			{"unknown agency", cityHR, "NOPE", errs.NotFound},
		}
		for _, tt := range denied {
			t.Run(tt.name, func(t *testing.T) {
				_, err := a.GetWorkforceDashboard(tt.ctx, tt.agency)
				testenv.WantKind(t, err, tt.kind, "")
				_, _, err = a.ExportWorkforceDashboard(tt.ctx, tt.agency)
				testenv.WantKind(t, err, tt.kind, "")
			})
		}

		// The CSV holds the same figures.
		agency, data, err := a.ExportWorkforceDashboard(hrKominfo, "")
		if err != nil || agency != "DISKOMINFO" {
			t.Fatalf("ExportWorkforceDashboard = %q, %v", agency, err)
		}
		rows, err := csv.NewReader(strings.NewReader(string(data))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(rows[0], app.DashboardCSVHeader) {
			t.Errorf("header = %v", rows[0])
		}
		got := map[string][]string{}
		for _, r := range rows[1:] {
			got[r[0]+" "+r[2]] = r
		}
		for key, want := range map[string][]string{
			"total ":                  {"total", "DISKOMINFO", "", "Pegawai aktif pada 2026-11-27", "5", "", "", "", "", "", "", ""},
			"sex female":              {"sex", "DISKOMINFO", "female", "Perempuan", "3", "", "", "", "", "", "", ""},
			"age_band <=25":           {"age_band", "DISKOMINFO", "<=25", "≤ 25 tahun", "1", "", "", "", "", "", "", ""},
			"education unknown":       {"education", "DISKOMINFO", "unknown", "Tidak diketahui", "1", "", "", "", "", "", "", ""},
			"needs DISKOMINFO":        {"needs", "DISKOMINFO", "DISKOMINFO", "Dinas Komunikasi dan Informatika", "", "10", "4", "6", "", "", "", ""},
			"retirements 2027":        {"retirements", "DISKOMINFO", "2027", "Pensiun 2027", "0", "", "", "", "", "", "", ""},
			"targets p-kominfo/jp-20": {"targets", "DISKOMINFO", "p-kominfo/jp-20", "80% pegawai mencapai 20 JP", "", "", "", "", "80", "50", "72.5", "off_track"},
			"targets p-kota/isi":      {"targets", "", "p-kota/isi", "Jabatan terisi 90%", "", "", "", "", "90", "43.8", "60", "at_risk"},
		} {
			if !reflect.DeepEqual(got[key], want) {
				t.Errorf("CSV row %s = %q\nwant %q", key, got[key], want)
			}
		}
		// header, total, 1 agency, 2 units, 5 ranks, 4 kinds, 3 types, 2 sexes, 9 bands, 11
		// levels of education, 1 needs line, 5 years, 3 targets
		if n := len(rows); n != 1+1+1+2+5+4+3+2+9+11+1+5+3 {
			t.Errorf("CSV has %d rows", n)
		}
	})
}

func checkBreakdowns(t *testing.T, d app.Dashboard, want map[string]string) {
	t.Helper()
	for _, b := range d.Breakdowns {
		w, ok := want[b.Dimension]
		if !ok {
			continue
		}
		var parts []string
		for _, g := range b.Groups {
			parts = append(parts, fmt.Sprintf("%s=%d", g.Key, g.Count))
		}
		if got := strings.Join(parts, " "); got != w {
			t.Errorf("%s: %s\n want %s", b.Dimension, got, w)
		}
	}
}

func targetKeys(ts []app.DashboardTarget) string {
	var parts []string
	for _, t := range ts {
		parts = append(parts, fmt.Sprintf("%s:%s=%v/%s", t.Agency, t.Target.Key, t.Target.Measure.Value, t.Target.Measure.Status))
	}
	return strings.Join(parts, " ")
}
