package app_test

import (
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/testenv"
	"github.com/simpeg-id/simpeg/services/planning/internal/app"
	"github.com/simpeg-id/simpeg/services/planning/internal/domain"
)

// TestMonthlyReports generates November 2026's reports of the small city on every engine with
// fact rows as the monitoring writes them, and checks each figure, the stored files, the
// schedule (once per agency and month), the list and who may do what.
func TestMonthlyReports(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		a, db, clock := dashCity(t, engine)
		dashPlans(t, db)
		ctx := context.Background()
		hr := testenv.As(ctx, auth.RoleCityHR, "", "bkpsdm-admin")
		// The staff member moves from Diskominfo to the Setda from 28 November.
		*clock = dashClock.Add(6 * time.Hour)
		if _, err := a.TransferEmployee(hr, dashStaf, "", domain.Transfer{Agency: "SETDA", Supervisor: dashSekda,
			Effective: domain.Date{Time: time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)}, Reason: "mutasi"}); err != nil {
			t.Fatal(err)
		}
		reportFacts(t, db)
		// 2 December 2026, 08:00 in Medan: last month is November.
		*clock = time.Date(2026, 12, 2, 1, 0, 0, 0, time.UTC)
		pending := func() int {
			var n int
			if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM outbox WHERE subject = 'simpeg.planning.monthly_report.generated'`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		hrKominfo := testenv.As(ctx, auth.RoleAgencyHR, "DISKOMINFO", "hr-kominfo")
		rep, err := a.GenerateMonthlyReport(hrKominfo, "DISKOMINFO", "")
		if err != nil {
			t.Fatal(err)
		}
		if rep.Month.String() != "2026-11" || rep.GeneratedBy != "hr-kominfo" || rep.CSVBytes != int64(len(rep.CSV)) || pending() != 1 {
			t.Fatalf("report %s by %s, %d bytes, %d events", rep.Month, rep.GeneratedBy, rep.CSVBytes, pending())
		}
		rows, err := csv.NewReader(strings.NewReader(string(rep.CSV))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(rows[0], app.ReportCSVHeader) {
			t.Errorf("header = %v", rows[0])
		}
		got := map[string][]string{}
		for _, r := range rows[1:] {
			got[r[0]+" "+r[1]] = r
		}
		for key, want := range map[string][]string{
			"report illustrative":                       {"report", "illustrative", "Data ilustratif", "ya"},
			"report as_of":                              {"report", "as_of", "Data sampai", "2026-11-30"},
			"plan state":                                {"plan", "state", "Status rencana", "in_progress"},
			"target jp-20":                              {"target", "jp-20", "80% pegawai mencapai 20 JP", "50", "80", "72.5", "off_track", "45"},
			"target hadir":                              {"target", "hadir", "Kehadiran 95%", "96.2", "95", "95", "on_track", ""},
			"action selesai":                            {"action", "selesai", "Menyusun jadwal pelatihan", "done", "2026-11-15"},
			"action terlambat":                          {"action", "terlambat", "Mendata kebutuhan pelatihan", "overdue", "2026-11-20"},
			"action terlambat-juga":                     {"action", "terlambat-juga", "Mengirim peserta", "overdue", "2026-11-25"},
			"action nanti":                              {"action", "nanti", "Evaluasi", "open", "2026-12-15"},
			"actions done":                              {"actions", "done", "Tindakan selesai", "1"},
			"actions overdue":                           {"actions", "overdue", "Tindakan terlambat", "2"},
			"headcount start":                           {"headcount", "start", "Pegawai pada awal bulan", "0"},
			"headcount joined_new":                      {"headcount", "joined_new", "Pegawai baru", "5"},
			"headcount transferred_out":                 {"headcount", "transferred_out", "Pindah keluar", "1"},
			"headcount retired":                         {"headcount", "retired", "Pensiun", "0"},
			"headcount end":                             {"headcount", "end", "Pegawai pada akhir bulan", "4"},
			"jp month":                                  {"jp", "month", "JP bulan ini", "20"},
			"jp year_to_date":                           {"jp", "year_to_date", "JP sejak awal tahun", "30"},
			"jp employees_20jp":                         {"jp", "employees_20jp", "Pegawai dengan ≥ 20 JP", "1"},
			"jp share_20jp":                             {"jp", "share_20jp", "Persentase pegawai dengan ≥ 20 JP", "25"},
			"attendance present":                        {"attendance", "present", "Hari hadir", "3"},
			"attendance absent":                         {"attendance", "absent", "Hari tidak hadir tanpa keterangan", "1"},
			"attendance on_leave":                       {"attendance", "on_leave", "Hari cuti", "1"},
			"attendance rate":                           {"attendance", "rate", "Tingkat kehadiran (%)", "75"},
			"evaluation skp_approved_month":             {"evaluation", "skp_approved_month", "SKP disetujui bulan ini", "2"},
			"evaluation skp_approved_year_to_date":      {"evaluation", "skp_approved_year_to_date", "SKP disetujui sejak awal tahun", "3"},
			"evaluation ratings_finalised_month":        {"evaluation", "ratings_finalised_month", "Penilaian tahunan final bulan ini", "0"},
			"evaluation ratings_finalised_year_to_date": {"evaluation", "ratings_finalised_year_to_date", "Penilaian tahunan final sejak awal tahun", "1"},
			"evaluation feedback_month":                 {"evaluation", "feedback_month", "Umpan balik bulan ini", "2"},
			"evaluation feedback_year_to_date":          {"evaluation", "feedback_year_to_date", "Umpan balik sejak awal tahun", "3"},
		} {
			for len(want) < len(app.ReportCSVHeader) {
				want = append(want, "")
			}
			if !reflect.DeepEqual(got[key], want) {
				t.Errorf("CSV row %s = %q\nwant %q", key, got[key], want)
			}
		}
		html := string(rep.HTML)
		for _, want := range []string{"Data ilustratif", "Dinas Komunikasi dan Informatika", "November 2026", "@media print", "size: A4",
			"Tertinggal", "75 %", "25 %", `lang="id"`, "Arrahman Pane (" + dashKadis + ")"} {
			if !strings.Contains(html, want) {
				t.Errorf("the page lacks %q", want)
			}
		}
		for _, external := range []string{"src=", "href=", "http://", "https://", "@import"} {
			if strings.Contains(html, external) {
				t.Errorf("the page refers to something outside it: %q", external)
			}
		}
		stored, err := a.GetMonthlyReport(testenv.As(ctx, auth.RoleSupervisor, "DISKOMINFO", dashKadis), "DISKOMINFO", rep.Month)
		if err != nil || string(stored.CSV) != string(rep.CSV) || string(stored.HTML) != html || stored.CSVSHA256 != hexSHA(rep.CSV) || stored.HTMLSHA256 != hexSHA(rep.HTML) {
			t.Fatalf("stored report differs (%v)", err)
		}

		// Setda: the staff member came in; Dinkes: one retired.
		for _, tt := range []struct{ agency, want string }{
			{"SETDA", "start=0 joined_new=1 transferred_in=1 transferred_out=0 retired=0 end=2"},
			{"DINKES", "start=0 joined_new=3 transferred_in=0 transferred_out=0 retired=1 end=2"},
		} {
			r, err := a.GenerateMonthlyReport(hr, tt.agency, "2026-11")
			if err != nil {
				t.Fatal(err)
			}
			if got := headcountRows(t, r.CSV); got != tt.want {
				t.Errorf("%s headcount: %s, want %s", tt.agency, got, tt.want)
			}
		}
		// The schedule finds November reported for every agency; for October it would not,
		// but it only ever generates last month's.
		if n, err := a.GenerateDueReports(ctx); err != nil || n != 0 {
			t.Errorf("GenerateDueReports = %d, %v; want 0 (all reported)", n, err)
		}
		*clock = time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC) // 07:00 on 1 January in Medan
		events := pending()
		if n, err := a.GenerateDueReports(ctx); err != nil || n != 3 {
			t.Errorf("GenerateDueReports = %d, %v; want 3 (December of each agency)", n, err)
		}
		if n, err := a.GenerateDueReports(ctx); err != nil || n != 0 {
			t.Errorf("GenerateDueReports again = %d, %v; want 0", n, err)
		}
		if d := pending() - events; d != 3 {
			t.Errorf("the schedule published %d events, want 3", d)
		}
		dec, err := a.GetMonthlyReport(hr, "DINKES", domain.Month{Year: 2026, Month: time.December})
		if err != nil || dec.GeneratedBy != domain.ReportBySchedule {
			t.Errorf("December's DINKES report by %q, %v", dec.GeneratedBy, err)
		}
		var audits int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_records WHERE resource LIKE 'monthlyReports/%'`).Scan(&audits); err != nil || audits != 6 {
			t.Errorf("%d audit records of reports, want 6 (%v)", audits, err)
		}
		// Generating again replaces.
		again, err := a.GenerateMonthlyReport(hr, "DINKES", "2026-12")
		if err != nil || again.GeneratedBy != "bkpsdm-admin" {
			t.Fatalf("regenerate: by %q, %v", again.GeneratedBy, err)
		}

		// The list: newest month first, then by agency, paged; agency HR sees its own.
		var names []string
		token := ""
		for range 10 {
			page, next, err := a.ListMonthlyReports(testenv.As(ctx, auth.RoleAuditor, "", "inspektorat"), "", 2, token)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range page {
				names = append(names, app.MonthlyReportName(r.Agency, r.Month))
				if r.CSVBytes == 0 || r.HTMLBytes == 0 || r.CSV != nil {
					t.Errorf("listed %s with sizes %d/%d and files", r.Agency, r.CSVBytes, r.HTMLBytes)
				}
			}
			if token = next; token == "" {
				break
			}
		}
		want := "monthlyReports/DINKES-2026-12 monthlyReports/DISKOMINFO-2026-12 monthlyReports/SETDA-2026-12 " +
			"monthlyReports/DINKES-2026-11 monthlyReports/DISKOMINFO-2026-11 monthlyReports/SETDA-2026-11"
		if got := strings.Join(names, " "); got != want {
			t.Errorf("list = %s\nwant %s", got, want)
		}
		own, _, err := a.ListMonthlyReports(hrKominfo, "", 0, "")
		if err != nil || len(own) != 2 || own[0].Agency != "DISKOMINFO" || own[1].Agency != "DISKOMINFO" {
			t.Errorf("agency HR's list = %d reports, %v", len(own), err)
		}

		for _, tt := range []struct {
			name          string
			ctx           context.Context
			agency, month string
			kind          errs.Kind
			field         string
		}{
			{"month ahead", hr, "DINKES", "2027-02", errs.Invalid, "month"},
			{"bad month", hr, "DINKES", "2026-13", errs.Invalid, "month"},
			{"unit", hr, "DISKOMINFO-APTIKA", "", errs.Invalid, "agency"},
			{"unknown agency", hr, "NOPE", "", errs.NotFound, ""},
			{"agency HR of another agency", hrKominfo, "DINKES", "", errs.PermissionDenied, ""},
			{"auditor", testenv.As(ctx, auth.RoleAuditor, "", "inspektorat"), "DINKES", "", errs.PermissionDenied, ""},
			{"agency head", testenv.As(ctx, auth.RoleSupervisor, "DISKOMINFO", dashKadis), "DISKOMINFO", "", errs.PermissionDenied, ""},
		} {
			t.Run(tt.name, func(t *testing.T) {
				_, err := a.GenerateMonthlyReport(tt.ctx, tt.agency, tt.month)
				testenv.WantKind(t, err, tt.kind, tt.field)
			})
		}
		if _, err := a.GenerateMonthlyReport(hr, "DINKES", "2027-01"); err != nil {
			t.Errorf("the month under way: %v", err)
		}
		_, err = a.GetMonthlyReport(hrKominfo, "DINKES", domain.Month{Year: 2026, Month: time.November})
		testenv.WantKind(t, err, errs.PermissionDenied, "")
		_, err = a.GetMonthlyReport(hr, "DINKES", domain.Month{Year: 2026, Month: time.September})
		testenv.WantKind(t, err, errs.NotFound, "")
		_, _, err = a.ListMonthlyReports(hrKominfo, "DINKES", 0, "")
		testenv.WantKind(t, err, errs.PermissionDenied, "")
		_, _, err = a.ListMonthlyReports(testenv.As(ctx, auth.RoleEmployee, "DISKOMINFO", dashPrakom1), "", 0, "")
		testenv.WantKind(t, err, errs.PermissionDenied, "")
	})
}

func hexSHA(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// headcountRows returns the headcount section of a report's CSV as "key=value …".
func headcountRows(t *testing.T, data []byte) string {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(string(data))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var parts []string
	for _, r := range rows {
		if r[0] == "headcount" {
			parts = append(parts, r[1]+"="+r[3])
		}
	}
	return strings.Join(parts, " ")
}

// reportFacts writes what the monitoring would have recorded for Diskominfo (and one row of
// the Setda, which Diskominfo's report must not count), with times at the month's edges in
// Medan, and the plan's actions and the JP target's November point.
func reportFacts(t *testing.T, db *database.DB) {
	t.Helper()
	ctx := context.Background()
	at := func(s string) int64 {
		tm, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return database.Micros(tm)
	}
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	for _, r := range []struct {
		ref, employee, agency string
		jp                    int
		occur                 string
	}{
		{"e1", dashPrakom1, "DISKOMINFO", 10, "2026-10-05T03:00:00Z"},
		{"e2", dashPrakom1, "DISKOMINFO", 12, "2026-10-31T17:30:00Z"}, // 1 November, 00:30 in Medan
		{"e3", dashPrakom2, "DISKOMINFO", 8, "2026-11-20T02:00:00Z"},
		{"e4", dashStaf, "DISKOMINFO", 5, "2026-11-30T20:00:00Z"},  // 1 December in Medan
		{"e5", dashKadis, "DISKOMINFO", 0, "2026-11-15T02:00:00Z"}, // reversed
		{"e6", dashSekda, "SETDA", 40, "2026-11-10T02:00:00Z"},
	} {
		exec(`INSERT INTO plan_fact_jp (reference, employee, agency, year, jp, source, programme, title, event_id, subject, occur_time, record_time)
			VALUES ($1, $2, $3, 2026, $4, 'session', '', 'Pelatihan', 'ev', 'simpeg.training.jp.credited', $5, $5)`, r.ref, r.employee, r.agency, r.jp, at(r.occur))
	}
	for _, d := range []struct{ employee, day, status string }{
		{dashPrakom1, "2026-11-02", "present"}, {dashPrakom1, "2026-11-03", "present"}, {dashPrakom1, "2026-11-27", "checked_in"},
		{dashPrakom1, "2026-11-04", "absent"}, {dashPrakom1, "2026-11-05", "on_leave"}, {dashPrakom1, "2026-11-06", "holiday"},
		{dashPrakom2, "2026-10-31", "present"}, {dashPrakom2, "2026-12-01", "present"},
	} {
		exec(`INSERT INTO plan_fact_days (employee, day, agency, status, event_id, subject, occur_time, record_time)
			VALUES ($1, $2, 'DISKOMINFO', $3, 'ev', 'simpeg.attendance.day.closed', 0, 0)`, d.employee, d.day, d.status)
	}
	for _, s := range []struct {
		skp               string
		approve, finalise int64
	}{
		{"s1", at("2026-11-03T02:00:00Z"), 0},
		{"s2", at("2026-11-29T02:00:00Z"), 0},
		{"s3", at("2026-03-01T02:00:00Z"), at("2026-01-20T02:00:00Z")},
		{"s4", 0, 0},
	} {
		exec(`INSERT INTO plan_fact_skps (skp, employee, agency, year, approve_time, finalise_time, predicate, event_id, subject, occur_time, record_time)
			VALUES ($1, $2, 'DISKOMINFO', 2026, $3, $4, '', 'ev', 'simpeg.evaluation.skp.approved', 0, 0)`, s.skp, dashPrakom1, s.approve, s.finalise)
	}
	for i, day := range []string{"2026-11-03", "2026-11-28", "2026-07-01", "2026-12-01"} {
		exec(`INSERT INTO plan_fact_feedback (feedback, skp, employee, agency, year, day, event_id, subject, occur_time, record_time)
			VALUES ($1, 's1', $2, 'DISKOMINFO', 2026, $3, 'ev', 'simpeg.evaluation.feedback.given', 0, 0)`, "f"+string(rune('a'+i)), dashPrakom1, day)
	}
	exec(`INSERT INTO plan_target_points (plan_id, target_key, month, value, expected, status) VALUES ('p-kominfo', 'jp-20', '2026-11', 45, 70, 'off_track')`)
	exec(`INSERT INTO plan_target_points (plan_id, target_key, month, value, expected, status) VALUES ('p-kominfo', 'jp-20', '2026-10', 30, 60, 'off_track')`)
	var c domain.PlanContent
	var inForce string
	if err := db.QueryRowContext(ctx, `SELECT in_force FROM work_plans WHERE id = 'p-kominfo'`).Scan(&inForce); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(inForce), &c); err != nil {
		t.Fatal(err)
	}
	date := func(s string) domain.Date { d, _ := domain.ParseDate(s); return d }
	c.Actions = []domain.Action{
		{Key: "selesai", Goal: "kompetensi", Title: "Menyusun jadwal pelatihan", Owner: dashKadis, Due: date("2026-11-15"), Done: time.Date(2026, 11, 10, 3, 0, 0, 0, time.UTC)},
		{Key: "terlambat", Goal: "kompetensi", Title: "Mendata kebutuhan pelatihan", Owner: dashKadis, Due: date("2026-11-20")},
		{Key: "terlambat-juga", Goal: "kompetensi", Title: "Mengirim peserta", Owner: dashKadis, Due: date("2026-11-25"), Done: time.Date(2026, 12, 1, 3, 0, 0, 0, time.UTC)},
		{Key: "nanti", Goal: "kompetensi", Title: "Evaluasi", Owner: dashKadis, Due: date("2026-12-15")},
	}
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	exec(`UPDATE work_plans SET in_force = $1 WHERE id = 'p-kominfo'`, string(b))
}
