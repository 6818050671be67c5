package app_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"strings"
	"testing"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/testenv"
	"github.com/simpeg-id/simpeg/services/training/internal/app"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

// TestListEmployeeJP: the agency's active employees with their JP of 2026, most short first, with
// totals over all of them; each caller sees only the rows of their reach.
func TestListEmployeeJP(t *testing.T) {
	// DISKOMINFO in 2026: kabid earned 6 (short 14), staff1 32 + 6 projected (short 0), staff2
	// 20 projected (short 20 now, 0 projected); the head (did not finish), the three CPNS and
	// the PPPK have nothing (short 20). The retired employee's 20 JP are on no list.
	kominfo := []string{
		kominfoHead + " 0+0 short 20/20", staff2 + " 0+20 short 20/0", pppkStaff + " 0+0 short 20/20",
		cpnsDone + " 0+0 short 20/20", cpnsLate + " 0+0 short 20/20", cpnsNoDate + " 0+0 short 20/20",
		kabid + " 6+0 short 14/14", staff1 + " 32+6 short 0/0",
	}
	kominfoTotals := app.JPTotals{Employees: 8, ShortNow: 7, ShortProjected: 6, EarnedJP: 38, ProjectedJP: 26, ShortJP: 134, ProjectedShortJP: 114}
	city := []string{
		kominfoHead + " 0+0 short 20/20", dinkesHead + " 0+0 short 20/20", staff2 + " 0+20 short 20/0", pppkStaff + " 0+0 short 20/20",
		cpnsDone + " 0+0 short 20/20", cpnsLate + " 0+0 short 20/20", cpnsNew + " 0+0 short 20/20", cpnsNoDate + " 0+0 short 20/20",
		kabid + " 6+0 short 14/14", nurse + " 20+0 short 0/0", staff1 + " 32+6 short 0/0",
	}
	under := []string{
		staff2 + " 0+20 short 20/0", pppkStaff + " 0+0 short 20/20", cpnsDone + " 0+0 short 20/20", cpnsLate + " 0+0 short 20/20",
		cpnsNoDate + " 0+0 short 20/20", kabid + " 6+0 short 14/14", staff1 + " 32+6 short 0/0",
	}
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := ledgerSuite(t, engine)
		tests := []struct {
			name   string
			ctx    context.Context
			q      app.EmployeeJPQuery
			rows   []string
			totals *app.JPTotals
			kind   errs.Kind // 0: allowed
			field  string
		}{
			{"city HR, DISKOMINFO", cityHR, app.EmployeeJPQuery{Agency: "DISKOMINFO", Year: 2026}, kominfo, &kominfoTotals, 0, ""},
			{"only short: totals still count everyone", cityHR, app.EmployeeJPQuery{Agency: "DISKOMINFO", Year: 2026, OnlyShort: true},
				kominfo[:7], &kominfoTotals, 0, ""},
			{"agency HR, own agency by default", kominfoHR, app.EmployeeJPQuery{Year: 2026}, kominfo, &kominfoTotals, 0, ""},
			{"agency HR, another agency", dinkesHR, app.EmployeeJPQuery{Agency: "DISKOMINFO", Year: 2026}, nil, nil, errs.PermissionDenied, ""},
			{"city HR, the whole city", cityHR, app.EmployeeJPQuery{Year: 2026}, city, nil, 0, ""},
			{"auditor, the whole city", auditor, app.EmployeeJPQuery{Year: 2026}, city, nil, 0, ""},
			{"supervisor: themselves and below", supervisor(kabid, "DISKOMINFO"), app.EmployeeJPQuery{Year: 2026}, under, nil, 0, ""},
			{"employee: own row", employee(staff1, "DISKOMINFO"), app.EmployeeJPQuery{Year: 2026}, []string{staff1 + " 32+6 short 0/0"}, nil, 0, ""},
			{"2027: staff1's 18", cityHR, app.EmployeeJPQuery{Agency: "DISKOMINFO", Year: 2027, OnlyShort: true},
				[]string{kominfo[0], kabid + " 0+0 short 20/20", staff2 + " 0+0 short 20/20", pppkStaff + " 0+0 short 20/20",
					cpnsDone + " 0+0 short 20/20", cpnsLate + " 0+0 short 20/20", cpnsNoDate + " 0+0 short 20/20", staff1 + " 18+0 short 2/2"}, nil, 0, ""},
			{"bad year", cityHR, app.EmployeeJPQuery{Year: 1990}, nil, nil, errs.Invalid, "year"},
			{"bad page token", cityHR, app.EmployeeJPQuery{Year: 2026, PageToken: "!!"}, nil, nil, errs.Invalid, "page_token"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				l, err := s.app.ListEmployeeJP(tt.ctx, tt.q)
				if tt.kind != 0 {
					testenv.WantKind(t, err, tt.kind, tt.field)
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				if got := jpRows(l.Rows); strings.Join(got, "\n") != strings.Join(tt.rows, "\n") {
					t.Errorf("rows\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.rows, "\n"))
				}
				if tt.totals != nil && l.Totals != *tt.totals {
					t.Errorf("totals %+v, want %+v", l.Totals, *tt.totals)
				}
				if l.NextPageToken != "" {
					t.Errorf("next page %q on a list of %d", l.NextPageToken, len(l.Rows))
				}
			})
		}
	})
}

// jpRows shows rows as "<nip> <earned>+<projected> short <now>/<projected>".
func jpRows(rows []app.EmployeeJPRow) []string {
	var out []string
	for _, r := range rows {
		out = append(out, fmt.Sprintf("%s %d+%d short %d/%d", r.Employee, r.Earned, r.Projected, r.Short(), r.ProjectedShort()))
	}
	return out
}

// TestListEmployeeJPPages: pages of 3 follow each other without gaps or repeats, each with the
// totals of the whole list.
func TestListEmployeeJPPages(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := ledgerSuite(t, engine)
		all, err := s.app.ListEmployeeJP(cityHR, app.EmployeeJPQuery{Year: 2026})
		if err != nil {
			t.Fatal(err)
		}
		var paged []app.EmployeeJPRow
		token, pages := "", 0
		for {
			l, err := s.app.ListEmployeeJP(cityHR, app.EmployeeJPQuery{Year: 2026, PageSize: 3, PageToken: token})
			if err != nil {
				t.Fatal(err)
			}
			pages++
			if l.Totals != all.Totals || len(l.Rows) > 3 {
				t.Fatalf("page %d: %d rows, totals %+v", pages, len(l.Rows), l.Totals)
			}
			paged = append(paged, l.Rows...)
			if token = l.NextPageToken; token == "" {
				break
			}
		}
		if pages != 4 || fmt.Sprint(jpRows(paged)) != fmt.Sprint(jpRows(all.Rows)) {
			t.Errorf("%d pages:\n%v\nwant\n%v", pages, jpRows(paged), jpRows(all.Rows))
		}
	})
}

// readCSV parses an export, failing t when it is not CSV.
func readCSV(t *testing.T, b []byte) [][]string {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatalf("export is not CSV: %v\n%s", err, b)
	}
	return recs
}

// TestExportEmployeeJP: the CSV is the list, every page of it, and a TOTAL row.
func TestExportEmployeeJP(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := ledgerSuite(t, engine)
		b, err := s.app.ExportEmployeeJP(kominfoHR, "", 2026, false)
		if err != nil {
			t.Fatal(err)
		}
		recs := readCSV(t, b)
		if len(recs) != 10 {
			t.Fatalf("%d records, want header + 8 + TOTAL:\n%s", len(recs), b)
		}
		wantRows := map[int]string{
			0: "employee,display_name,agency,employment_type,earned_jp,projected_jp,short_jp,projected_short_jp",
			1: kominfoHead + ",Kepala Dinas Kominfo,DISKOMINFO,pns,0,0,20,20",
			3: pppkStaff + ",Gita PPPK,DISKOMINFO,pppk,0,0,20,20",
			8: staff1 + ",Andi Pranata,DISKOMINFO,pns,32,6,0,0",
			9: "TOTAL,8 employees; 7 short now; 6 short at projected year end,,,38,26,134,114",
		}
		for i, want := range wantRows {
			if got := strings.Join(recs[i], ","); got != want {
				t.Errorf("record %d: %s\nwant %s", i, got, want)
			}
		}
		_, err = s.app.ExportEmployeeJP(dinkesHR, "DISKOMINFO", 2026, false)
		testenv.WantKind(t, err, errs.PermissionDenied, "")
	})
}

// TestParticipationReport: per programme and provider, the year's sessions that were not
// cancelled, their seats and where their enrolments stand; for an agency, its employees'.
func TestParticipationReport(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := ledgerSuite(t, engine)
		// A cancelled session of 2026 counts nowhere.
		seedCatalogue(t, s.db, nil, []sess{{id: "s-cancel", programme: "p-class", zone: "Asia/Jakarta",
			start: at("2026-06-01", 8, 0), end: at("2026-06-03", 16, 0), capacity: 40, cancelled: true}},
			[]enrol{{"e-c", "s-cancel", nurse, "DINKES", domain.Withdrawn}})
		p := func(sessions, capacity, enrolled, waitlisted, passed, failed, dnf, jp int, cost int64) domain.Participation {
			return domain.Participation{Sessions: sessions, Capacity: capacity, Enrolled: enrolled, Waitlisted: waitlisted,
				Passed: passed, Failed: failed, DidNotFinish: dnf, JPDelivered: jp, Cost: cost}
		}
		tests := []struct {
			name       string
			ctx        context.Context
			agency     string
			programmes map[string]domain.Participation
			providers  map[string]domain.Participation
			kind       errs.Kind
		}{
			{"city", cityHR, "", map[string]domain.Participation{
				// s-mar and s-nov: passed staff1, nurse and the retired, staff2 failed then
				// enrolled, the head did not finish; kabid's withdrawal counts for nothing.
				"p-class":  p(2, 60, 1, 0, 3, 1, 1, 60, 6*1_500_000),
				"p-elearn": p(1, 30, 0, 0, 1, 0, 0, 12, 250_000),
				"p-coach":  p(1, 10, 1, 1, 1, 0, 0, 6, 0),
			}, map[string]domain.Participation{
				"BPSDM Kota Medan":           p(3, 90, 1, 0, 4, 1, 1, 72, 6*1_500_000+250_000),
				"Universitas Sumatera Utara": p(1, 10, 1, 1, 1, 0, 0, 6, 0),
			}, 0},
			{"DINKES's employees", dinkesHR, "", map[string]domain.Participation{
				"p-class": p(1, 30, 0, 0, 1, 0, 0, 20, 1_500_000),
			}, map[string]domain.Participation{
				"BPSDM Kota Medan": p(1, 30, 0, 0, 1, 0, 0, 20, 1_500_000),
			}, 0},
			{"auditor, DINKES", auditor, "DINKES", map[string]domain.Participation{
				"p-class": p(1, 30, 0, 0, 1, 0, 0, 20, 1_500_000),
			}, nil, 0},
			{"agency HR, another agency", dinkesHR, "DISKOMINFO", nil, nil, errs.PermissionDenied},
			{"supervisor", supervisor(kabid, "DISKOMINFO"), "DISKOMINFO", nil, nil, errs.PermissionDenied},
			{"employee", employee(staff1, "DISKOMINFO"), "", nil, nil, errs.PermissionDenied},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r, err := s.app.GetParticipationReport(tt.ctx, 2026, tt.agency)
				if tt.kind != 0 {
					testenv.WantKind(t, err, tt.kind, "")
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				got := map[string]domain.Participation{}
				var total domain.Participation
				for _, x := range r.Programmes {
					got[x.Programme] = x.Participation
					total.Add(x.Participation)
				}
				if fmt.Sprint(got) != fmt.Sprint(tt.programmes) {
					t.Errorf("programmes\n%v\nwant\n%v", got, tt.programmes)
				}
				if r.Totals != total {
					t.Errorf("totals %+v, want the sum %+v", r.Totals, total)
				}
				if tt.providers == nil {
					return
				}
				got = map[string]domain.Participation{}
				for _, x := range r.Providers {
					got[x.Provider] = x.Participation
				}
				if fmt.Sprint(got) != fmt.Sprint(tt.providers) {
					t.Errorf("providers\n%v\nwant\n%v", got, tt.providers)
				}
			})
		}
		// The rate: 3 of the 5 finished in p-class passed.
		r, err := s.app.GetParticipationReport(cityHR, 2026, "")
		if err != nil {
			t.Fatal(err)
		}
		if r.Programmes[0].Title != "Analisis Data" || r.Programmes[2].CompletionRate() != 0.6 || r.Programmes[2].SeatHolders() != 6 {
			t.Errorf("programmes by title: %s first, %s's rate %v", r.Programmes[0].Title, r.Programmes[2].Title, r.Programmes[2].CompletionRate())
		}
		b, err := s.app.ExportParticipationReport(cityHR, 2026, "")
		if err != nil {
			t.Fatal(err)
		}
		recs := readCSV(t, b)
		wantRows := []string{
			"level,programme,title,form,provider,provider_kind,jp,cost_per_seat,sessions,capacity,enrolled,waitlisted,passed,failed,did_not_finish,completion_rate_percent,jp_delivered,cost",
			"programme,p-elearn,Analisis Data,e_learning,BPSDM Kota Medan,city_training_unit,12,250000,1,30,0,0,1,0,0,100.0,12,250000",
			"programme,p-coach,Coaching Kepemimpinan,coaching,Universitas Sumatera Utara,university_partner,6,0,1,10,1,1,1,0,0,100.0,6,0",
			"programme,p-class,Keamanan Jaringan,classroom,BPSDM Kota Medan,city_training_unit,20,1500000,2,60,1,0,3,1,1,60.0,60,9000000",
			"provider,,,,BPSDM Kota Medan,city_training_unit,,,3,90,1,0,4,1,1,66.7,72,9250000",
			"provider,,,,Universitas Sumatera Utara,university_partner,,,1,10,1,1,1,0,0,100.0,6,0",
			"TOTAL,,,,,,,,4,100,2,1,5,1,1,71.4,78,9250000",
		}
		var got []string
		for _, r := range recs {
			got = append(got, strings.Join(r, ","))
		}
		if strings.Join(got, "\n") != strings.Join(wantRows, "\n") {
			t.Errorf("CSV\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(wantRows, "\n"))
		}
	})
}

// TestPlanRealisation: DISKOMINFO's plan for 2026 (through the competency area's use case)
// against the seats its employees took: per line, the seats unplanned, and the CSV.
func TestPlanRealisation(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := ledgerSuite(t, engine)
		_, err := s.app.CreateDevelopmentPlan(kominfoHR, domain.DevelopmentPlan{Agency: "DISKOMINFO", Year: 2026, Lines: []domain.PlanLine{
			{Programme: "p-class", Seats: 5, Budget: 7_500_000},
			{Programme: "p-elearn", Seats: 10, Budget: 2_500_000},
		}})
		if err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name   string
			ctx    context.Context
			agency string
			kind   errs.Kind
			field  string
		}{
			{"agency HR", kominfoHR, "DISKOMINFO", 0, ""},
			{"city HR", cityHR, "DISKOMINFO", 0, ""},
			{"auditor", auditor, "DISKOMINFO", 0, ""},
			{"another agency's HR", dinkesHR, "DISKOMINFO", errs.PermissionDenied, ""},
			{"supervisor", supervisor(kabid, "DISKOMINFO"), "DISKOMINFO", errs.PermissionDenied, ""},
			{"no plan", cityHR, "DINKES", errs.NotFound, ""},
			{"no agency", cityHR, "", errs.Invalid, "agency"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r, err := s.app.GetPlanRealisation(tt.ctx, tt.agency, 2026)
				if tt.kind != 0 {
					testenv.WantKind(t, err, tt.kind, tt.field)
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				// p-class: staff1 passed and staff2 failed in March, staff2 enrolled, the head did
				// not finish and the (since retired) employee passed in November: 5 seats, 2
				// passed; kabid's withdrawal took no seat. p-elearn: staff1's 31 December.
				// p-coach is not planned: staff1 enrolled, kabid passed (staff2 waitlisted).
				var got []string
				for _, l := range r.Lines {
					got = append(got, fmt.Sprintf("%s %q %d/%d passed %d used %d/%d", l.Programme, l.Title, l.SeatsTaken, l.Seats, l.Passed, l.BudgetUsed, l.Budget))
				}
				want := []string{
					`p-class "Keamanan Jaringan" 5/5 passed 2 used 7500000/7500000`,
					`p-elearn "Analisis Data" 1/10 passed 1 used 250000/2500000`,
				}
				if strings.Join(got, "\n") != strings.Join(want, "\n") {
					t.Errorf("lines\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
				}
				if r.UnplannedSeats != 2 || r.UnplannedPassed != 1 || r.UnplannedCost != 0 || r.SeatsTaken != 6 || r.Passed != 3 || r.BudgetUsed != 7_750_000 {
					t.Errorf("unplanned %d (%d passed, %d), lines %d seats %d passed %d used", r.UnplannedSeats, r.UnplannedPassed, r.UnplannedCost,
						r.SeatsTaken, r.Passed, r.BudgetUsed)
				}
			})
		}
		b, err := s.app.ExportPlanRealisation(kominfoHR, "DISKOMINFO", 2026)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range readCSV(t, b) {
			got = append(got, strings.Join(r, ","))
		}
		want := []string{
			"programme,title,competency,planned_seats,planned_budget,seats_taken,passed,budget_used",
			"p-class,Keamanan Jaringan,,5,7500000,5,2,7500000",
			"p-elearn,Analisis Data,,10,2500000,1,1,250000",
			"UNPLANNED,,,,,2,1,0",
			"TOTAL,,,15,10000000,8,4,7750000",
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("CSV\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	})
}
