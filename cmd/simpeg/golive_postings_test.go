package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/cmd/simpeg/internal/golive"
	"github.com/simpeg-id/simpeg/cmd/simpeg/internal/seed"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/testenv"
)

// Employees of the postings tests: appointed January 2010 and January 2016.
const (
	postingsNurseNIP = "198502142010012001"
	postingsClerkNIP = "199207072016011001"
)

// TestGoLivePastPostings imports employees with their past postings over REST on both engines
// (issue 8 item 9): a bad row anywhere writes nothing and every bad field is named
// requests[i].history[k].<field>; the imported history is readable with each posting ending
// the day before the next; run twice it changes nothing, with other postings it is refused;
// agency HR is refused; attendance's directory copy has the periods, so closing a day before
// the move counts the employee in the old agency and a day after it in the new one.
func TestGoLivePastPostings(t *testing.T) {
	wib := time.FixedZone("WIB", 7*3600)
	weekday := func(d time.Time) time.Time {
		for d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
			d = d.AddDate(0, 0, -1)
		}
		return d
	}
	now := time.Now().In(wib)
	moved := now.AddDate(0, 0, -10).Format(time.DateOnly)
	before := weekday(now.AddDate(0, 0, -20)).Format(time.DateOnly)
	after := weekday(now.AddDate(0, 0, -1)).Format(time.DateOnly)
	for _, engine := range testenv.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			s := startSuite(t, engine)
			cityHR := s.token(t, auth.RoleCityHR, "", "bkpsdm")
			for _, a := range [][2]string{{"DISKOMINFO", "Dinas Komunikasi dan Informatika"}, {"DINKES", "Dinas Kesehatan"}} {
				s.do(t, "POST", "/v1/agencies", cityHR, map[string]any{"code": a[0], "displayName": a[1], "kind": "AGENCY_KIND_DINAS"}).want(t, 200)
			}
			s.do(t, "POST", "/v1/employees", cityHR, map[string]any{"nip": headNIP, "fullName": "Arrahman Pane", "employmentType": "EMPLOYMENT_TYPE_PNS", "rank": "IV/c", "agency": "DISKOMINFO"}).want(t, 200)

			posting := func(agency, start string) map[string]any { return map[string]any{"agency": agency, "startDate": start} }
			rows := func(nurseHistory ...map[string]any) []any {
				return []any{
					map[string]any{"employee": map[string]any{"nip": postingsNurseNIP, "fullName": "Dewi Lestari", "employmentType": "EMPLOYMENT_TYPE_PNS", "rank": "III/b", "agency": "DISKOMINFO", "supervisor": headNIP},
						"history": nurseHistory},
					map[string]any{"employee": map[string]any{"nip": postingsClerkNIP, "fullName": "Rudi Hartono", "employmentType": "EMPLOYMENT_TYPE_PNS", "rank": "II/c", "agency": "DISKOMINFO", "supervisor": postingsNurseNIP},
						"history": []any{posting("DISKOMINFO", "2016-01-04")}},
				}
			}
			good := rows(posting("DINKES", "2012-03-01"), posting("DISKOMINFO", moved))
			imp := func(token string, rs []any) reply {
				return s.do(t, "POST", "/v1/employees:import", token, map[string]any{"requests": rs})
			}

			bad := rows(posting("DINKES", "2009-03-01"), posting("NOPE", now.AddDate(0, 0, 3).Format(time.DateOnly)))
			r := imp(cityHR, bad).want(t, 400)
			for _, f := range []string{"requests[0].history[0].start_date", "requests[0].history[1].agency", "requests[0].history[1].start_date", "requests[0].history[1]"} {
				if !r.fieldViolation(f) {
					t.Errorf("the bad row's answer does not name %s: %s", f, r.raw)
				}
			}
			if g := s.do(t, "GET", "/v1/employees/"+postingsClerkNIP, cityHR, nil); g.status != 404 {
				t.Fatalf("a bad row wrote the good one: %d %s", g.status, g.raw)
			}
			imp(s.token(t, auth.RoleAgencyHR, "DISKOMINFO", "kominfo-hr"), good).want(t, 403)

			if r := imp(cityHR, good).want(t, 200); r.body["created"] != float64(2) {
				t.Fatalf("import: %s, want 2 created", r.raw)
			}
			got := s.do(t, "GET", "/v1/employees/"+postingsNurseNIP, cityHR, nil).want(t, 200)
			hist, _ := got.body["history"].([]any)
			dayBefore, _ := time.Parse(time.DateOnly, moved)
			if len(hist) != 2 || got.body["agency"] != "DISKOMINFO" ||
				hist[0].(map[string]any)["agency"] != "DINKES" || hist[0].(map[string]any)["startDate"] != "2012-03-01" ||
				hist[0].(map[string]any)["endDate"] != dayBefore.AddDate(0, 0, -1).Format(time.DateOnly) ||
				hist[1].(map[string]any)["startDate"] != moved {
				t.Fatalf("imported employee: %s; want DINKES from 2012-03-01 to the day before %s, then DISKOMINFO", got.raw, moved)
			}
			if r := imp(cityHR, good).want(t, 200); r.body["created"] != nil || r.body["unchanged"] != float64(2) {
				t.Errorf("import again: %s, want 2 unchanged", r.raw)
			}
			if r := imp(cityHR, rows(posting("DINKES", "2013-03-01"), posting("DISKOMINFO", moved))).want(t, 400); !r.fieldViolation("requests[0].history") {
				t.Errorf("other postings for a registered NIP: %s, want requests[0].history named", r.raw)
			}

			// Attendance's directory copy answers the agency in force on a past date.
			close := func(date, agency string) float64 {
				t.Helper()
				r := s.do(t, "POST", "/v1/dailyStatuses:close", cityHR, map[string]any{"date": date, "agency": agency}).want(t, 200)
				n, _ := r.body["closed"].(float64)
				return n
			}
			transferWait(t, "the directory copy to know the imported employees", func() bool { return close(after, "DISKOMINFO") == 3 })
			if n := close(before, "DINKES"); n != 1 {
				t.Errorf("closing %s (before the move on %s) for DINKES: %v employees, want 1 (the imported nurse)", before, moved, n)
			}
			if n := close(before, "DISKOMINFO"); n != 2 {
				t.Errorf("closing %s for DISKOMINFO: %v employees, want 2 (head and clerk, not the nurse)", before, n)
			}
			if n := close(after, "DINKES"); n != 0 {
				t.Errorf("closing %s (after the move) for DINKES: %v employees, want 0", after, n)
			}
		})
	}
}

// TestGoLivePostingsCommand runs simpeg import --employees on real CSV files against the suite
// on both engines: a file with bad rows writes nothing and names each bad row's file:line and
// field; the corrected file registers the employees with their postings, a supervisor first
// even when listed after; run again, it changes nothing.
func TestGoLivePostingsCommand(t *testing.T) {
	for _, engine := range testenv.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			s := startSuite(t, engine)
			cityHR := s.token(t, auth.RoleCityHR, "", "bkpsdm")
			for _, a := range [][2]string{{"DISKOMINFO", "Dinas Komunikasi dan Informatika"}, {"DINKES", "Dinas Kesehatan"}} {
				s.do(t, "POST", "/v1/agencies", cityHR, map[string]any{"code": a[0], "displayName": a[1], "kind": "AGENCY_KIND_DINAS"}).want(t, 200)
			}
			s.do(t, "POST", "/v1/employees", cityHR, map[string]any{"nip": headNIP, "fullName": "Arrahman Pane", "employmentType": "EMPLOYMENT_TYPE_PNS", "rank": "IV/c", "agency": "DISKOMINFO"}).want(t, 200)
			file := filepath.Join(t.TempDir(), "employees.csv")
			run := func(content string) error {
				if err := os.WriteFile(file, []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
				return dispatch(context.Background(), []string{"import", "--url", s.base, "--token", cityHR, "--employees", file})
			}
			head := strings.Join(golive.EmployeesHeader, ",") + "\n"
			// The clerk (lines 2) reports to the nurse (lines 3-4), listed after.
			good := head + postingsClerkNIP + ",Rudi Hartono,PNS,II/c,,,," + postingsNurseNIP + ",DISKOMINFO,,,2016-01-04\n" +
				postingsNurseNIP + ",Dewi Lestari,PNS,III/b,,,," + headNIP + ",DINKES,,,2012-03-01\n" +
				postingsNurseNIP + ",,,,,,,,DISKOMINFO,,,2019-07-15\n"
			bad := head + postingsClerkNIP + ",Rudi Hartono,PNS,II/c,,,," + postingsNurseNIP + ",DISKOMINFO,,,2015-01-04\n" +
				postingsNurseNIP + ",Dewi Lestari,PNS,III/b,,,," + headNIP + ",DINKES,,,2012-03-01\n" +
				postingsNurseNIP + ",,,,,,,,NOPE,,,2019-07-15\n"
			err := run(bad)
			var rows *golive.BadRowsError
			if !errors.As(err, &rows) {
				t.Fatalf("bad rows: %v", err)
			}
			for _, want := range []string{file + ":2: start_date:", file + ":4: agency:"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("the report does not name %q:\n%v", want, err)
				}
			}
			if g := s.do(t, "GET", "/v1/employees/"+postingsNurseNIP, cityHR, nil); g.status != 404 {
				t.Fatalf("bad rows wrote: %d %s", g.status, g.raw)
			}
			if err := run(good); err != nil {
				t.Fatalf("import: %v", err)
			}
			if err := run(good); err != nil {
				t.Fatalf("import again: %v", err)
			}
			got := s.do(t, "GET", "/v1/employees/"+postingsNurseNIP, cityHR, nil).want(t, 200)
			if hist, _ := got.body["history"].([]any); len(hist) != 2 || hist[0].(map[string]any)["endDate"] != "2019-07-14" {
				t.Errorf("imported nurse: %s; want DINKES until 2019-07-14, then DISKOMINFO", got.raw)
			}
		})
	}
}

// BenchmarkGoLivePostings measures the go-live import of the demo data set as a city brings
// it: the organisation seeded (agencies and positions), then simpeg import's client sends the
// 20,548 employees with their past postings and the opening balances of the two previous
// years, each checked first (validate_only), on SQLite and on PostgreSQL. docs/benchmarks.md
// records it:
//
//	go test ./cmd/simpeg -run '^$' -bench BenchmarkGoLivePostings -benchtime 1x -timeout 900s
func BenchmarkGoLivePostings(b *testing.B) {
	this := time.Now().In(time.FixedZone("WIB", 7*3600)).Year()
	for _, engine := range testenv.Engines(b) {
		b.Run(string(engine), func(b *testing.B) {
			for range b.N {
				s := startSuite(b, engine)
				token := s.token(b, auth.RoleCityHR, "", "bkpsdm")
				ds := seed.Generate(2026)
				org := *ds
				org.Employees = nil
				if _, err := seed.Load(context.Background(), seed.LoadOptions{BaseURL: s.base, Token: token, Dataset: &org}); err != nil {
					b.Fatal(err)
				}
				emps := golive.DemoEmployees(ds.Employees, ds.Agencies, time.Now())
				opening := golive.DemoOpening(ds.Employees, this)
				for i := range opening {
					opening[i].Line = i + 2
				}
				client := golive.Client{BaseURL: s.base, Token: token}
				b.ResetTimer()
				start := time.Now()
				res, err := client.ImportEmployees(context.Background(), "employees.csv", emps)
				if err != nil {
					b.Fatal(err)
				}
				// The opening balances need attendance's directory copy of the employees.
				for {
					bad, err := client.Check(context.Background(), "opening_balances.csv", opening)
					if err == nil && len(bad) == 0 {
						break
					}
					if time.Since(start) > 3*time.Minute {
						b.Fatalf("the directory copy did not catch up: %v, %d bad rows", err, len(bad))
					}
					time.Sleep(200 * time.Millisecond)
				}
				op, err := client.ImportOpening(context.Background(), "opening_balances.csv", opening)
				total := time.Since(start)
				b.StopTimer()
				if err != nil {
					b.Fatal(err)
				}
				postings := 0
				for _, e := range emps {
					postings += len(e.Postings)
				}
				b.ReportMetric(res.Duration.Seconds(), "s/employees")
				b.ReportMetric(op.Duration.Seconds(), "s/opening")
				b.ReportMetric(total.Seconds(), "s/total")
				b.ReportMetric(float64(res.Written), "employees")
				b.ReportMetric(float64(postings), "postings")
				b.ReportMetric(float64(op.Rows), "balances")
			}
		})
	}
}
