package main

import (
	"testing"
	"time"

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
