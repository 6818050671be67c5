package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/testenv"
	"github.com/simpeg-id/simpeg/services/planning/nip"
)

// planningE2E is the newcomer's staffing story's cast: Diskominfo with its Aptika unit, its
// head (a JPT pratama who reaches 60 next year), a Pranata Komputer Ahli Pertama who reaches 58
// in two years, two executors and a third colleague; Diskominfo's HR drafts, city HR approves.
type planningE2E struct {
	s                         *suite
	cityHR, agencyHR          string
	wib                       *time.Location
	now                       time.Time
	year                      int
	head, analyst, clerk      string
	clerk2, trainee           string
	headRetires               string // the head's retirement date
	plan, proposal            string
	programme, session, enrol string
}

// planningAgency is the cast's agency.
const planningAgency = "DISKOMINFO"

// TestPlanningEndToEnd is issue 12's "Done when" through the gateway over HTTP, on both suites
// (SQLite with the embedded NATS; PostgreSQL with the external NATS): Diskominfo's HR enters the
// workload of two positions and sees their need and gap (one short, one over) and the position
// map's totals; the five-year retirement view shows the head retiring next year and the analyst
// the year after, as JSON and CSV; the formasi proposal's CSV has the layout's header and the
// analyst's line with its numbers, and city HR approves it; HR drafts a plan with a JP target,
// an attendance target and an ICT programme target due today, city HR approves it; then —
// without touching the plan — an employee is enrolled in a session and passes it (20 JP) and
// checks in, and within seconds the JP share reads 20 % (one of the five PNS) — the plan's watch
// (the live page's stream) pushes it — and the attendance rate moves; the programme target, its path missed, turns at risk; the evidence of the JP
// target names the jp.credited event; the agency's monthly report downloads as CSV and HTML.
// The monitor re-measures every second for the suite (SIMPEG_PLANNING_REMEASURE_INTERVAL=1s).
func TestPlanningEndToEnd(t *testing.T) {
	t.Setenv("SIMPEG_PLANNING_REMEASURE_INTERVAL", "1s")
	t.Setenv("SIMPEG_PLANNING_MONITOR_INTERVAL", "200ms")
	for _, engine := range testenv.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			began := time.Now()
			e := newPlanningE2E(t, startSuite(t, engine))
			t.Logf("%s: the suite and the cast ready in %s", engine, time.Since(began).Round(time.Millisecond))
			steps := []struct {
				name string
				run  func(t *testing.T)
			}{
				{"workload for two positions gives their need and gap", e.workload},
				{"the five-year retirement view, as JSON and CSV", e.retirements},
				{"the formasi proposal as CSV, approved by city HR", e.formasi},
				{"an agency plan with a JP, an attendance and a programme target, approved by city HR", e.createPlan},
				{"training completed and a check-in move the targets within seconds", e.targetsMove},
				{"a target turns at risk when its path is missed", e.atRisk},
				{"the JP target's evidence names the jp.credited event", e.evidence},
				{"the agency's monthly report as CSV and HTML", e.monthlyReport},
			}
			for _, st := range steps {
				start := time.Now()
				if !t.Run(st.name, st.run) {
					t.Fatalf("%s failed; the steps after it build on it", st.name)
				}
				t.Logf("%s: %q took %s", engine, st.name, time.Since(start).Round(time.Millisecond))
			}
			t.Logf("%s: the staffing story took %s", engine, time.Since(began).Round(time.Millisecond))
		})
	}
}

// newPlanningE2E registers the agency, its unit and positions, and the cast, and waits for the
// attendance and training directory copies to know them.
func newPlanningE2E(t *testing.T, s *suite) *planningE2E {
	t.Helper()
	wib := time.FixedZone("WIB", 7*3600)
	now := time.Now().In(wib)
	y := now.Year()
	e := &planningE2E{s: s, cityHR: s.token(t, auth.RoleCityHR, "", "bkpsdm"), agencyHR: s.token(t, auth.RoleAgencyHR, planningAgency, "hr-diskominfo"),
		wib: wib, now: now, year: y}
	// The head reaches 60 (a JPT's retirement age) in March next year; the analyst 58 (an Ahli
	// Pertama's) in May the year after.
	headBirth := time.Date(y+1-60, time.March, 10, 0, 0, 0, 0, time.UTC)
	analystBirth := time.Date(y+2-58, time.May, 20, 0, 0, 0, 0, time.UTC)
	e.headRetires = fmt.Sprintf("%04d-04-01", y+1)
	type person struct {
		nip   *string
		birth time.Time
		sex   nip.Sex
	}
	cast := []person{
		{&e.head, headBirth, nip.Male}, {&e.analyst, analystBirth, nip.Female},
		{&e.clerk, time.Date(1985, 6, 1, 0, 0, 0, 0, time.UTC), nip.Male}, {&e.clerk2, time.Date(1991, 8, 17, 0, 0, 0, 0, time.UTC), nip.Female},
		{&e.trainee, time.Date(1993, 2, 11, 0, 0, 0, 0, time.UTC), nip.Female},
	}
	for _, p := range cast {
		*p.nip = nip.Format(p.birth, max(p.birth.Year()+25, 2000), time.March, p.sex, 1)
	}
	for _, a := range []map[string]any{
		{"code": planningAgency, "displayName": "Dinas Komunikasi dan Informatika", "kind": "AGENCY_KIND_DINAS"},
		{"code": "DISKOMINFO-APTIKA", "displayName": "Bidang Aplikasi Informatika", "kind": "AGENCY_KIND_UNIT", "parent": planningAgency},
	} {
		s.do(t, "POST", "/v1/agencies", e.cityHR, a).want(t, 200)
	}
	for id, p := range map[string]map[string]any{
		"diskominfo-kepala": {"title": "Kepala Dinas Komunikasi dan Informatika", "kind": "POSITION_KIND_STRUCTURAL", "class": 14,
			"agency": planningAgency, "level": "POSITION_LEVEL_JPT_PRATAMA", "neededHeadcount": 1},
		"diskominfo-aptika-pranata-komputer-ap": {"title": "Pranata Komputer Ahli Pertama", "kind": "POSITION_KIND_FUNCTIONAL", "class": 8,
			"agency": planningAgency, "unit": "DISKOMINFO-APTIKA", "level": "POSITION_LEVEL_AHLI_PERTAMA", "neededHeadcount": 1},
		"diskominfo-aptika-pengelola-layanan": {"title": "Pengelola Layanan Operasional", "kind": "POSITION_KIND_EXECUTOR", "class": 7,
			"agency": planningAgency, "unit": "DISKOMINFO-APTIKA", "level": "POSITION_LEVEL_PELAKSANA", "neededHeadcount": 3},
	} {
		s.do(t, "POST", "/v1/positions?positionId="+id, e.cityHR, p).want(t, 200)
	}
	for _, emp := range []map[string]any{
		{"nip": e.head, "fullName": "Arrahman Pane", "employmentType": "EMPLOYMENT_TYPE_PNS", "rank": "IV/c", "agency": planningAgency,
			"position": "diskominfo-kepala", "birthDate": headBirth.Format(time.DateOnly), "education": "EDUCATION_S2"},
		{"nip": e.analyst, "fullName": "Sri Wahyuni", "employmentType": "EMPLOYMENT_TYPE_PNS", "rank": "III/b", "agency": planningAgency, "unit": "DISKOMINFO-APTIKA",
			"position": "diskominfo-aptika-pranata-komputer-ap", "supervisor": e.head, "birthDate": analystBirth.Format(time.DateOnly), "education": "EDUCATION_S1"},
		{"nip": e.clerk, "fullName": "Joko Susilo", "employmentType": "EMPLOYMENT_TYPE_PNS", "rank": "III/a", "agency": planningAgency, "unit": "DISKOMINFO-APTIKA",
			"position": "diskominfo-aptika-pengelola-layanan", "supervisor": e.head, "birthDate": "1985-06-01", "education": "EDUCATION_D3"},
		{"nip": e.clerk2, "fullName": "Nadia Putri", "employmentType": "EMPLOYMENT_TYPE_PNS", "rank": "III/a", "agency": planningAgency, "unit": "DISKOMINFO-APTIKA",
			"position": "diskominfo-aptika-pengelola-layanan", "supervisor": e.head, "birthDate": "1991-08-17", "education": "EDUCATION_S1"},
		{"nip": e.trainee, "fullName": "Rina Siregar", "employmentType": "EMPLOYMENT_TYPE_PNS", "rank": "III/a", "agency": planningAgency, "unit": "DISKOMINFO-APTIKA",
			"supervisor": e.head, "birthDate": "1993-02-11", "education": "EDUCATION_S1"},
	} {
		s.do(t, "POST", "/v1/employees", e.cityHR, emp).want(t, 200)
	}
	deadline := time.Now().Add(15 * time.Second)
	today := now.Format(time.DateOnly)
	for _, path := range []string{"/v1/jpLedger?employee=" + e.trainee, "/v1/employees/" + e.trainee + "/expectedDays/" + today} {
		for s.do(t, "GET", path, e.cityHR, nil).status != http.StatusOK {
			if time.Now().After(deadline) {
				t.Fatalf("%s: the directory copy does not know %s after 15 s", path, e.trainee)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	return e
}

// num reads a JSON number (or a number in a string, as int64 fields are) at key of m; 0 when
// absent (protojson leaves zero values out).
func num(m map[string]any, key string) float64 {
	switch v := m[key].(type) {
	case float64:
		return v
	case string:
		var f float64
		fmt.Sscan(v, &f)
		return f
	}
	return 0
}

// workload sets two positions' workloads: the analyst's tasks take 3,000 hours (need 2.4 → 2,
// one holder: gap 1), the executors' 850 hours (need 0.68 → 1, two holders: gap −1).
func (e *planningE2E) workload(t *testing.T) {
	tests := []struct {
		position           string
		tasks              []map[string]any
		hours, exact       float64
		need, holders, gap float64
	}{
		{"diskominfo-aptika-pranata-komputer-ap", []map[string]any{
			{"task": "Memelihara jaringan komputer kantor", "outputUnit": "kegiatan", "yearlyVolume": 250, "standardMinutes": 180},
			{"task": "Menangani gangguan perangkat pengguna", "outputUnit": "tiket", "yearlyVolume": 3000, "standardMinutes": 45},
		}, 3000, 2.4, 2, 1, 1},
		{"diskominfo-aptika-pengelola-layanan", []map[string]any{
			{"task": "Memproses permohonan layanan", "outputUnit": "permohonan", "yearlyVolume": 1200, "standardMinutes": 30},
			{"task": "Menyusun laporan kinerja layanan", "outputUnit": "laporan", "yearlyVolume": 100, "standardMinutes": 150},
		}, 850, 0.68, 1, 2, -1},
	}
	for _, tt := range tests {
		r := e.s.do(t, "PUT", "/v1/positions/"+tt.position+"/workload", e.agencyHR, map[string]any{"tasks": tt.tasks}).want(t, 200)
		w, _ := r.body["workload"].(map[string]any)
		if num(w, "totalHours") != tt.hours || num(w, "needExact") != tt.exact || num(w, "need") != tt.need || num(w, "holders") != tt.holders ||
			num(w, "gap") != tt.gap || num(w, "effectiveHours") != 1250 {
			t.Errorf("%s: %s; want %.0f h, exact %.2f, need %.0f, %.0f holders, gap %.0f at 1,250 h", tt.position, r.raw, tt.hours, tt.exact, tt.need, tt.holders, tt.gap)
		}
		got := e.s.do(t, "GET", "/v1/positions/"+tt.position+"/workload", e.agencyHR, nil).want(t, 200)
		if g, _ := got.body["workload"].(map[string]any); num(g, "need") != tt.need || num(g, "gap") != tt.gap {
			t.Errorf("%s read back: %s", tt.position, got.raw)
		}
		pos := e.s.do(t, "GET", "/v1/positions/"+tt.position, e.cityHR, nil).want(t, 200)
		if num(pos.body, "neededHeadcount") != tt.need || pos.body["neededFromWorkload"] != true {
			t.Errorf("the position %s: %s; want needed headcount %.0f from the workload", tt.position, pos.raw, tt.need)
		}
	}
	// Another agency's HR may not set it.
	other := e.s.token(t, auth.RoleAgencyHR, "DINKES", "hr-dinkes")
	e.s.do(t, "PUT", "/v1/positions/diskominfo-kepala/workload", other, map[string]any{"tasks": tests[0].tasks}).want(t, http.StatusForbidden)

	// The position map: the head's typed need 1 (1 holder), the analyst's 2 (1), the executors' 1 (2).
	m := e.s.do(t, "GET", "/v1/agencies/"+planningAgency+"/positionMap", e.agencyHR, nil).want(t, 200)
	pm, _ := m.body["positionMap"].(map[string]any)
	if num(pm, "need") != 4 || num(pm, "holders") != 4 || num(pm, "gap") != 0 || num(pm, "positionsWithWorkload") != 2 || num(pm, "positionsWithoutWorkload") != 1 {
		t.Errorf("the position map: %s; want need 4, holders 4, gap 0, two positions with a workload and one without", m.raw)
	}
	c := e.s.do(t, "GET", "/v1/agencies/"+planningAgency+"/positionMap:csv", e.agencyHR, nil).want(t, 200)
	if !strings.HasPrefix(c.header.Get("Content-Type"), "text/csv") || !bytes.Contains(c.raw, []byte("diskominfo-aptika-pranata-komputer-ap")) {
		t.Errorf("the position map's CSV: %s %.300s", c.header.Get("Content-Type"), c.raw)
	}
}

// readCSV parses a CSV answer.
func readCSV(t *testing.T, r reply) [][]string {
	t.Helper()
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
		t.Fatalf("content type %q, want text/csv; %.300s", ct, r.raw)
	}
	cr := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(r.raw, []byte("\ufeff"))))
	cr.FieldsPerRecord = -1
	cr.Comment = 0
	rows, err := cr.ReadAll()
	if err != nil {
		t.Fatalf("the CSV does not parse: %v\n%s", err, r.raw)
	}
	return rows
}

// retirements reads the five years ahead: the head leaves next year (1 April), the analyst the
// year after, emptying both positions.
func (e *planningE2E) retirements(t *testing.T) {
	r := e.s.do(t, "GET", "/v1/retirementForecast?agency="+planningAgency, e.agencyHR, nil).want(t, 200)
	years, _ := r.body["years"].([]any)
	if len(years) != 5 {
		t.Fatalf("the forecast: %s; want five years", r.raw)
	}
	retiring := map[float64]float64{}
	for _, y := range years {
		ym, _ := y.(map[string]any)
		retiring[num(ym, "year")] = num(ym, "retiring")
	}
	y := float64(e.year)
	if retiring[y] != 0 || retiring[y+1] != 1 || retiring[y+2] != 1 || retiring[y+3] != 0 {
		t.Errorf("retiring per year %v; want the head in %d and the analyst in %d; %s", retiring, e.year+1, e.year+2, r.raw)
	}
	if !strings.Contains(string(r.raw), e.headRetires) || !strings.Contains(string(r.raw), `"empties":true`) {
		t.Errorf("the forecast lacks the head's retirement on %s or an emptied position: %s", e.headRetires, r.raw)
	}
	rows := readCSV(t, e.s.do(t, "GET", "/v1/retirementForecast:csv?agency="+planningAgency, e.agencyHR, nil).want(t, 200))
	found := false
	for _, row := range rows {
		line := strings.Join(row, "|")
		if strings.Contains(line, e.head) && strings.Contains(line, e.headRetires) && strings.Contains(line, "60") {
			found = true
		}
	}
	if len(rows) < 3 || !found {
		t.Errorf("the retirement CSV %q; want a header and the head's row (age 60, %s)", rows, e.headRetires)
	}
}

// formasi creates next year's proposal: the analyst's position needs 2, has 1 and loses its
// holder in the proposal's second year — 1 proposed in the first year (the gap) and 1 in the
// second; the CSV's header block and the analyst's line; submitted by HR, approved by city HR.
func (e *planningE2E) formasi(t *testing.T) {
	first := e.year + 1
	r := e.s.do(t, "POST", "/v1/formasiProposals", e.agencyHR, map[string]any{"agency": planningAgency, "firstYear": first}).want(t, 200)
	fp, _ := r.body["formasiProposal"].(map[string]any)
	e.proposal, _ = fp["name"].(string)
	if !strings.HasPrefix(e.proposal, "formasiProposals/") || fp["state"] != "FORMASI_STATE_DRAFT" {
		t.Fatalf("the proposal: %s", r.raw)
	}
	// The analyst (Ahli Pertama, need 2, 1 holder) retires in the proposal's second year: 1
	// proposed in the first year (the gap), 1 in the second. The head retires in the first year.
	var analyst map[string]any
	for _, l := range fp["lines"].([]any) {
		lm, _ := l.(map[string]any)
		if lm["position"] == "positions/diskominfo-aptika-pranata-komputer-ap" {
			analyst = lm
		}
	}
	if analyst == nil || num(analyst, "need") != 2 || num(analyst, "holders") != 1 || fmt.Sprint(analyst["proposed"]) != "[1 1 0 0 0]" || num(analyst, "total") != 2 {
		t.Errorf("the analyst's line %v; want need 2, 1 holder, proposed [1 1 0 0 0], total 2", analyst)
	}
	rows := readCSV(t, e.s.do(t, "GET", "/v1/"+e.proposal+":csv", e.agencyHR, nil).want(t, 200))
	header, line, agency := -1, -1, false
	for i, row := range rows {
		joined := strings.Join(row, "|")
		if header < 0 && strings.HasPrefix(joined, "Instansi|Dinas Komunikasi dan Informatika") {
			agency = true
		}
		if header < 0 && strings.Contains(joined, "Nama Jabatan") {
			header = i
		}
		if strings.Contains(joined, "Pranata Komputer Ahli Pertama") {
			line = i
		}
	}
	if header < 0 || line < 0 || !agency {
		t.Fatalf("the proposal's CSV %q; want the header block (Instansi …), the column header (Nama Jabatan …) and the analyst's row", rows)
	}
	col := map[string]int{}
	for i, h := range rows[header] {
		col[h] = i
	}
	cell := func(name string) string {
		if i, ok := col[name]; ok && i < len(rows[line]) {
			return rows[line][i]
		}
		return "?"
	}
	if cell("Kebutuhan (ABK)") != "2" || cell("Bezetting") != "1" || cell("Selisih") != "1" || cell("Jumlah") != "2" ||
		cell(fmt.Sprintf("Usulan %d", first)) != "1" || cell(fmt.Sprintf("Pensiun %d", first+1)) != "1" {
		t.Errorf("the analyst's CSV row %q under %q; want Kebutuhan 2, Bezetting 1, Selisih 1, Usulan %d 1, Pensiun %d 1, Jumlah 2", rows[line], rows[header], first, first+1)
	}
	e.s.do(t, "POST", "/v1/"+e.proposal+":submit", e.agencyHR, map[string]any{}).want(t, 200)
	e.s.do(t, "POST", "/v1/"+e.proposal+":approve", e.agencyHR, map[string]any{}).want(t, http.StatusForbidden)
	ok := e.s.do(t, "POST", "/v1/"+e.proposal+":approve", e.cityHR, map[string]any{"decreeNumber": "800/123/BKPSDM"}).want(t, 200)
	if ap, _ := ok.body["formasiProposal"].(map[string]any); ap["state"] != "FORMASI_STATE_APPROVED" {
		t.Errorf("approved: %s", ok.raw)
	}
}

// createPlan drafts this year's plan as Diskominfo's HR and has city HR approve it: the JP share
// to 80 % and the attendance rate to 95 % by the year's end, all SKPs approved by then, and 500
// employees through an SPBE programme by today.
func (e *planningE2E) createPlan(t *testing.T) {
	today := e.now.Format(time.DateOnly)
	end := fmt.Sprintf("%d-12-31", e.year)
	plan := map[string]any{
		"agency": planningAgency, "year": e.year, "title": fmt.Sprintf("Rencana Kerja Kepegawaian Diskominfo %d", e.year),
		"goals": []map[string]any{
			{"key": "kompetensi", "title": "Kompetensi", "description": "Setiap ASN 20 JP setahun."},
			{"key": "kolaborasi", "title": "Kolaborasi"},
			{"key": "evaluasi", "title": "Evaluasi yang transparan"},
			{"key": "teknologi", "title": "Teknologi"},
		},
		"targets": []map[string]any{
			{"key": "jp-20", "goal": "kompetensi", "title": "Pegawai dengan sedikitnya 20 JP", "kind": "TARGET_KIND_JP_SHARE", "goalValue": 80, "dueDate": end},
			{"key": "kehadiran", "goal": "kolaborasi", "title": "Tingkat kehadiran", "kind": "TARGET_KIND_ATTENDANCE_RATE", "goalValue": 95, "dueDate": end},
			{"key": "skp", "goal": "evaluasi", "title": "SKP disetujui", "kind": "TARGET_KIND_SKP_APPROVED_SHARE", "goalValue": 100, "dueDate": end},
			// Due today and far from its goal: its path outruns it within seconds.
			{"key": "spbe", "goal": "teknologi", "title": "Pegawai lulus pelatihan SPBE", "kind": "TARGET_KIND_PROGRAMME_PARTICIPANTS", "goalValue": 500,
				"dueDate": today, "programmes": []string{"programmes/tik-spbe-lanjutan"}},
		},
		"actions": []map[string]any{
			{"key": "akp", "goal": "kompetensi", "title": "Menyusun analisis kebutuhan pelatihan", "owner": e.head, "dueDate": end},
		},
		"budgetLines": []map[string]any{
			{"key": "diklat", "goal": "kompetensi", "description": "Pelatihan teknis TIK", "amount": "45000000", "source": "APBD"},
		},
	}
	r := e.s.do(t, "POST", "/v1/workPlans", e.agencyHR, plan).want(t, 200)
	wp, _ := r.body["workPlan"].(map[string]any)
	e.plan, _ = wp["name"].(string)
	if !strings.HasPrefix(e.plan, "workPlans/") || wp["state"] != "WORK_PLAN_STATE_DRAFT" || num(wp, "budgetTotal") != 45000000 {
		t.Fatalf("the draft: %s", r.raw)
	}
	// One plan per agency and year.
	e.s.do(t, "POST", "/v1/workPlans", e.agencyHR, plan).want(t, http.StatusConflict)
	sub := e.s.do(t, "POST", "/v1/"+e.plan+":submit", e.agencyHR, map[string]any{"etag": wp["etag"]}).want(t, 200)
	sp, _ := sub.body["workPlan"].(map[string]any)
	e.s.do(t, "POST", "/v1/"+e.plan+":approve", e.agencyHR, map[string]any{"etag": sp["etag"]}).want(t, http.StatusForbidden)
	ok := e.s.do(t, "POST", "/v1/"+e.plan+":approve", e.cityHR, map[string]any{"etag": sp["etag"], "comment": "Disetujui."}).want(t, 200)
	ap, _ := ok.body["workPlan"].(map[string]any)
	if ap["state"] != "WORK_PLAN_STATE_IN_PROGRESS" || num(ap, "approvedVersion") < 1 {
		t.Fatalf("approved: %s; want in progress (its year has begun) with an approved version", ok.raw)
	}
}

// target returns the plan's target key as read now through GetWorkPlan.
func (e *planningE2E) target(t *testing.T, key string) map[string]any {
	t.Helper()
	r := e.s.do(t, "GET", "/v1/"+e.plan, e.agencyHR, nil).want(t, 200)
	wp, _ := r.body["workPlan"].(map[string]any)
	targets, _ := wp["targets"].([]any)
	for _, tg := range targets {
		if m, _ := tg.(map[string]any); m["key"] == key {
			return m
		}
	}
	t.Fatalf("the plan has no target %s: %s", key, r.raw)
	return nil
}

// waitTarget polls the plan until ok holds for the target key, for up to 15 seconds.
func (e *planningE2E) waitTarget(t *testing.T, key, want string, ok func(m map[string]any) bool) map[string]any {
	t.Helper()
	start := time.Now()
	var m map[string]any
	for deadline := start.Add(15 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		if m = e.target(t, key); ok(m) {
			t.Logf("%s: %s after %s (value %v, status %v)", key, want, time.Since(start).Round(time.Millisecond), m["value"], m["status"])
			return m
		}
		if time.Now().After(deadline) {
			t.Fatalf("the target %s is %v after 15 s; want %s", key, m, want)
		}
	}
}

// targetsMove enrols the trainee in a 20-JP session and passes them, and checks them in at the
// office, touching nothing of the plan: the JP share reaches 20 % (one of the agency's five PNS
// has 20 JP) and the attendance rate rises above 0.
func (e *planningE2E) targetsMove(t *testing.T) {
	measured := e.waitTarget(t, "jp-20", "measured", func(m map[string]any) bool { return m["measureTime"] != nil })
	if num(measured, "value") != 0 {
		t.Fatalf("the JP share before any training: %v; want 0", measured)
	}
	watch := e.watch(t)
	p := e.s.do(t, "POST", "/v1/programmes?programmeId=tik-keamanan-siber", e.cityHR, map[string]any{
		"title": "Keamanan Siber ASN", "competencyType": "COMPETENCY_TYPE_TECHNICAL", "form": "PROGRAMME_FORM_CLASSROOM", "minutes": 900,
		"provider": "BKPSDM Kota Medan", "providerKind": "PROVIDER_KIND_CITY_TRAINING_UNIT", "certificate": true,
	}).want(t, 200)
	e.programme, _ = p.body["name"].(string)
	start := time.Now().Add(time.Hour).Truncate(time.Minute).UTC()
	sess := e.s.do(t, "POST", "/v1/sessions", e.cityHR, map[string]any{
		"programme": e.programme, "startTime": start.Format(time.RFC3339), "endTime": start.Add(3 * time.Hour).Format(time.RFC3339),
		"timeZone": "Asia/Jakarta", "place": "Laboratorium Komputer Diskominfo", "capacity": 5,
	}).want(t, 200)
	e.session, _ = sess.body["name"].(string)
	en := e.s.do(t, "POST", "/v1/enrolments", e.cityHR, map[string]any{"session": e.session, "employee": e.trainee}).want(t, 200)
	e.enrol, _ = en.body["name"].(string)
	// The session, filled, is moved to begin in two seconds (outcomes wait for the start).
	begin := time.Now().Add(2 * time.Second).UTC()
	e.s.do(t, "PATCH", "/v1/"+e.session+"?updateMask=startTime,endTime", e.cityHR, map[string]any{
		"startTime": begin.Format(time.RFC3339Nano), "endTime": begin.Add(3 * time.Second).Format(time.RFC3339Nano)}).want(t, 200)
	time.Sleep(time.Until(begin.Add(100 * time.Millisecond)))
	e.s.do(t, "POST", "/v1/"+e.session+"/days", e.cityHR, map[string]any{"date": begin.In(e.wib).Format(time.DateOnly), "present": []string{e.enrol}}).want(t, 200)
	e.s.do(t, "POST", "/v1/"+e.enrol+":complete", e.cityHR, map[string]any{"outcome": "ENROLMENT_STATE_PASSED", "score": 90}).want(t, 200)
	completed := time.Now()
	e.s.do(t, "POST", "/v1/"+e.session+":complete", e.cityHR, map[string]any{}).want(t, 200)

	// Five active PNS, one with 20 JP: 20 %.
	jp := e.waitTarget(t, "jp-20", "20 % (one of five PNS with 20 JP)", func(m map[string]any) bool { return num(m, "value") == 20 })
	t.Logf("the JP share moved %s after the completion", time.Since(completed).Round(time.Millisecond))
	// The plan's watch (the live page's stream) pushed the change: a "target" message with 20 %.
	for deadline := time.After(15 * time.Second); ; {
		select {
		case msg, ok := <-watch:
			if !ok {
				t.Fatal("the watch ended before it pushed the JP share's change")
			}
			if msg.change == "target" && msg.jp == 20 {
				t.Logf("the watch pushed the JP share's change %s after the completion", time.Since(completed).Round(time.Millisecond))
			} else {
				continue
			}
		case <-deadline:
			t.Fatal("the watch pushed no change of the JP share within 15 s")
		}
		break
	}
	if num(jp, "goalValue") != 80 || jp["unit"] != "percent" {
		t.Errorf("the JP target: %v", jp)
	}

	e.s.do(t, "POST", "/v1/offices?officeId=kominfo", e.cityHR, map[string]any{"displayName": "Kantor Dinas Kominfo", "agency": planningAgency,
		"latitude": 3.590, "longitude": 98.678, "timeZone": "TIME_ZONE_WIB"}).want(t, 200)
	e.s.do(t, "POST", "/v1/attendanceRecords", e.s.token(t, auth.RoleEmployee, planningAgency, e.trainee), map[string]any{
		"clientId": "planning-e2e-0001", "kind": "ATTENDANCE_KIND_CHECK_IN", "deviceTime": time.Now().UTC().Format(time.RFC3339Nano),
		"latitude": 3.5902, "longitude": 98.6781, "accuracyMeters": 15, "deviceId": "test-device"}).want(t, 200)
	checked := time.Now()
	e.waitTarget(t, "kehadiran", "above 0 after the check-in", func(m map[string]any) bool { return num(m, "value") > 0 })
	t.Logf("the attendance rate moved %s after the check-in", time.Since(checked).Round(time.Millisecond))
}

// watchMsg is one message of the plan's watch: its change and the JP share it carries.
type watchMsg struct {
	change string
	jp     float64
}

// watch opens the plan's watch through the gateway (a stream of JSON lines, one per message,
// each {"result": WatchWorkPlanResponse}) and returns its messages; the first is the snapshot.
// The stream is closed when t ends.
func (e *planningE2E) watch(t *testing.T) <-chan watchMsg {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, err := http.NewRequestWithContext(ctx, "GET", e.s.base+"/v1/"+e.plan+":watch", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+e.agencyHR)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		t.Fatalf("the watch: %s", resp.Status)
	}
	out := make(chan watchMsg, 64)
	go func() {
		defer close(out)
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 0, 64<<10), 4<<20)
		for sc.Scan() {
			var line struct {
				Result struct {
					Change   string
					WorkPlan struct {
						Targets []struct {
							Key   string
							Value float64
						}
					}
				}
			}
			if json.Unmarshal(sc.Bytes(), &line) != nil {
				continue
			}
			m := watchMsg{change: line.Result.Change}
			for _, tg := range line.Result.WorkPlan.Targets {
				if tg.Key == "jp-20" {
					m.jp = tg.Value
				}
			}
			select {
			case out <- m:
			default: // the test reads only until it sees what it waits for
			}
		}
	}()
	select {
	case first := <-out:
		if first.change != "snapshot" {
			t.Fatalf("the watch's first message is %q; want the snapshot", first.change)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the watch sent no snapshot within 5 s")
	}
	return out
}

// atRisk waits for the SPBE target — 500 participants due by the end of today, nobody through
// the programme — to fall behind its path (expected = 500 × the share of the time from the
// approval to the day's end gone by, at least 0.1 after some 9 s) and turn at risk: the
// shortfall is within the margin, 10 % of the distance to the goal. Off track instead is
// accepted only in the day's last quarter hour (WIB), when the path runs faster than that.
func (e *planningE2E) atRisk(t *testing.T) {
	m := e.waitTarget(t, "spbe", "at risk", func(m map[string]any) bool {
		return m["status"] == "TARGET_STATUS_AT_RISK" || m["status"] == "TARGET_STATUS_OFF_TRACK"
	})
	now := time.Now().In(e.wib)
	dayEnd := time.Date(now.Year(), now.Month(), now.Day()+1, 0, 0, 0, 0, e.wib)
	if m["status"] != "TARGET_STATUS_AT_RISK" && dayEnd.Sub(now) > 15*time.Minute {
		t.Errorf("the SPBE target: %v; want at risk", m)
	}
	if num(m, "value") != 0 || num(m, "expected") <= 0 {
		t.Errorf("the SPBE target: %v; want value 0 behind a positive expected value", m)
	}
}

// evidence lists what is behind the JP target: the trainee's jp.credited event.
func (e *planningE2E) evidence(t *testing.T) {
	r := e.s.do(t, "GET", "/v1/"+e.plan+"/targets/jp-20/evidence", e.agencyHR, nil).want(t, 200)
	list, _ := r.body["evidence"].([]any)
	found := false
	for _, ev := range list {
		m, _ := ev.(map[string]any)
		if strings.Contains(fmt.Sprint(m["subject"]), "jp.credited") && m["employee"] == e.trainee {
			found = true
		}
	}
	if !found {
		t.Errorf("the JP target's evidence %s; want the trainee's jp.credited", r.raw)
	}
	pr := e.s.do(t, "GET", "/v1/"+e.plan+"/targets/jp-20/progress", e.agencyHR, nil).want(t, 200)
	prog, _ := pr.body["progress"].(map[string]any)
	if points, _ := prog["points"].([]any); len(points) == 0 || !strings.Contains(string(pr.raw), e.now.Format("2006-01")) {
		t.Errorf("the JP target's progress %s; want this month's point", pr.raw)
	}
}

// monthlyReport generates this month's report of the agency and downloads it as CSV and HTML.
func (e *planningE2E) monthlyReport(t *testing.T) {
	month := e.now.Format("2006-01")
	r := e.s.do(t, "POST", "/v1/monthlyReports", e.agencyHR, map[string]any{"agency": planningAgency, "month": month}).want(t, 200)
	rep, _ := r.body["monthlyReport"].(map[string]any)
	name, _ := rep["name"].(string)
	if name != "monthlyReports/"+planningAgency+"-"+month || num(rep, "csvBytes") == 0 || num(rep, "htmlBytes") == 0 {
		t.Fatalf("the report: %s", r.raw)
	}
	c := e.s.do(t, "GET", "/v1/"+name+":download", e.agencyHR, nil).want(t, 200)
	rows := readCSV(t, c)
	text := string(c.raw)
	if len(rows) < 3 || !strings.Contains(text, "Pegawai dengan sedikitnya 20 JP") {
		t.Errorf("the report's CSV: %.600s; want the plan's JP target among its rows", text)
	}
	h := e.s.do(t, "GET", "/v1/"+name+":download?"+url.Values{"format": {"html"}}.Encode(), e.agencyHR, nil).want(t, 200)
	if ct := h.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") || !bytes.Contains(h.raw, []byte("Dinas Komunikasi dan Informatika")) ||
		!bytes.Contains(h.raw, []byte("Tingkat kehadiran")) {
		t.Errorf("the report's HTML: %s %.600s; want the agency and its targets", ct, h.raw)
	}
	// Another agency's HR does not read it.
	e.s.do(t, "GET", "/v1/"+name+":download", e.s.token(t, auth.RoleAgencyHR, "DINKES", "hr-dinkes"), nil).want(t, http.StatusForbidden)
}
