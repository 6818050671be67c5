package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/cmd/simpeg/internal/load"
	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/testenv"
)

// TestLoadReports times the reports of issue 13 §1 against the suite with three employees in two
// agencies who checked in today: every measurement is there with the number of samples asked
// for, the largest agency is the one with two employees, the whole-city close reports what a
// direct re-close reports, and an employee's month carries their check-ins.
func TestLoadReports(t *testing.T) {
	for _, engine := range testenv.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			s := startSuite(t, engine)
			cityHR := s.token(t, auth.RoleCityHR, "", "bkpsdm")
			nips := map[string]string{headNIP: "DISKOMINFO", staffNIP: "DISKOMINFO", "198103102006042003": "RSUD"}
			for _, code := range []string{"DISKOMINFO", "RSUD"} {
				s.do(t, "POST", "/v1/agencies", cityHR, map[string]any{"code": code, "displayName": "Agency " + code, "kind": "AGENCY_KIND_DINAS"}).want(t, 200)
			}
			for nip, agency := range nips {
				s.do(t, "POST", "/v1/employees", cityHR, map[string]any{"nip": nip, "fullName": "Pegawai " + nip[:4], "employmentType": "EMPLOYMENT_TYPE_PNS", "rank": "III/a", "agency": agency}).want(t, 200)
			}
			// Two check-ins each today, so that this month's records are not empty.
			if _, err := load.CheckIn(context.Background(), load.Options{BaseURL: s.base, Protocol: load.REST, Employees: 3,
				Concurrency: 3, Requests: 6, OfficePerAgency: true, Signer: s.signer}); err != nil {
				t.Fatal(err)
			}
			if _, err := load.Reports(context.Background(), load.ReportsOptions{BaseURL: s.base, Signer: s.signer, Employees: 2}); err == nil ||
				!strings.Contains(err.Error(), "repetitions 0") {
				t.Fatalf("no repetitions: got %v, want an error naming them", err)
			}
			month := time.Now().In(time.FixedZone("WIB", 7*3600)).Format("2006-01")
			r, err := load.Reports(context.Background(), load.ReportsOptions{BaseURL: s.base, Signer: s.signer, Repetitions: 2,
				Employees: 2, Month: month, Parallel: 2})
			if err != nil {
				t.Fatal(err)
			}
			if r.ActiveTotal != 3 || r.Agencies != 2 || r.LargestAgency != "DISKOMINFO" || r.LargestActive != 2 || r.EmployeesRead != 2 || r.Month != month {
				t.Fatalf("set-up: %+v", r)
			}
			closed := s.do(t, "POST", "/v1/dailyStatuses:close", cityHR, map[string]any{"date": r.CloseDate}).want(t, 200)
			if got, _ := closed.body["closed"].(float64); int(got) != r.CloseClosed {
				t.Errorf("the load's close closed %d, a direct re-close %v", r.CloseClosed, closed.body["closed"])
			}
			want := []struct {
				name           string
				samples, calls int
				minBytes       int
			}{
				{"recap-largest", 2, 1, 2},
				{"recap-city", 2, 2, 4},
				{"recap-city-parallel", 2, 2, 4},
				{"summary-city", 2, 1, 2},
				{"close-city", 2, 1, len(`{"closed":0}`) - 1},
				{"discipline", 2, 1, 2},
				{"employee-records", 4, 1, len(`{"records":[{"employee":"198609262015051001"},{"employee":"198609262015051001"}]}`)},
				{"employee-days", 4, 1, 2},
				{"leave-balance", 4, 1, len(`{"leaveBalance":{}}`)},
			}
			if len(r.Timings) != len(want) {
				t.Fatalf("%d timings, want %d: %+v", len(r.Timings), len(want), r.Timings)
			}
			for i, w := range want {
				got := r.Timings[i]
				if got.Name != w.name || got.Samples != w.samples || got.CallsPerSample != w.calls || got.Bytes < w.minBytes ||
					got.MedianMs <= 0 || got.MaxMs < got.MedianMs || got.What == "" {
					t.Errorf("timing %d: got %+v, want %s with %d samples of %d calls, at least %d bytes", i, got, w.name, w.samples, w.calls, w.minBytes)
				}
			}
			var out bytes.Buffer
			if err := load.CompareReports(&out, "empty", r, "year", r); err != nil {
				t.Fatal(err)
			}
			if n := strings.Count(out.String(), "1.00 ×"); n != len(want) {
				t.Errorf("a result beside itself: %d ratios of 1.00, want %d:\n%s", n, len(want), out.String())
			}
		})
	}
}
