package main

import (
	"bytes"
	"encoding/csv"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/telemetry"
	"github.com/simpeg-id/simpeg/platform/testenv"
)

// TestFaultAbuse replays issue 7's hostile input and token abuse against the whole suite, on
// both engines, through the REST gateway: a NUL byte in a display name, a code and a list
// filter is a 400 naming the field (not a 500 on PostgreSQL, not stored on SQLite); an
// employee asking for a colleague and for a made-up NIP gets the same 403; a token living
// longer than SIMPEG_AUTH_MAX_TOKEN_LIFETIME is a 401 naming the setting; profiles are off.
func TestFaultAbuse(t *testing.T) {
	// Profiles are off unless SIMPEG_PPROF_ADDR is set (the metrics ports serve /metrics only:
	// platform/telemetry's TestMetricsServerHasNoProfiles).
	if st, _, err := loadSettings("test", nil); err != nil || st.PprofAddr != "" {
		t.Fatalf("default SIMPEG_PPROF_ADDR = %q (%v), want empty", st.PprofAddr, err)
	}
	if _, err := telemetry.ProfilingServer(t.Context(), "0.0.0.0:0"); !errors.Is(err, telemetry.ErrNotLoopback) {
		t.Fatalf("SIMPEG_PPROF_ADDR=0.0.0.0:0: %v, want refused as not loopback", err)
	}
	for _, engine := range testenv.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			s := startSuite(t, engine)
			cityHR := s.token(t, auth.RoleCityHR, "", "bkpsdm")
			s.do(t, "POST", "/v1/agencies", cityHR, map[string]any{"code": "DISKOMINFO", "displayName": "Dinas Kominfo", "kind": "AGENCY_KIND_DINAS"}).want(t, 200)
			s.do(t, "POST", "/v1/employees", cityHR, map[string]any{"nip": headNIP, "fullName": "Arrahman Pane", "employmentType": "EMPLOYMENT_TYPE_PNS", "rank": "IV/c", "agency": "DISKOMINFO"}).want(t, 200)

			hostile := []struct {
				name, method, path, field string
				body                      any
			}{
				{"NUL in a display name", "POST", "/v1/employees", "employee.full_name",
					map[string]any{"nip": staffNIP, "fullName": "Budi\u0000Santoso", "employmentType": "EMPLOYMENT_TYPE_PNS", "rank": "III/a", "agency": "DISKOMINFO"}},
				{"NUL in a code", "POST", "/v1/agencies", "agency.code",
					map[string]any{"code": "DIS\u0000DIK", "displayName": "Dinas Pendidikan", "kind": "AGENCY_KIND_DINAS"}},
				{"bidi override in a display name", "POST", "/v1/agencies", "agency.display_name",
					map[string]any{"code": "DISDIK", "displayName": "Dinas \u202eNAKIDIDNEP", "kind": "AGENCY_KIND_DINAS"}},
				{"NUL in a list filter", "GET", "/v1/employees?query=" + url.QueryEscape("bu\x00di"), "query", nil},
			}
			for _, h := range hostile {
				r := s.do(t, h.method, h.path, cityHR, h.body)
				if r.status != http.StatusBadRequest || !r.fieldViolation(h.field) {
					t.Errorf("%s: status %d, body %s; want 400 naming %s", h.name, r.status, r.raw, h.field)
				}
			}
			// Nothing hostile was stored.
			if r := s.do(t, "GET", "/v1/employees/"+staffNIP, cityHR, nil); r.status != http.StatusNotFound {
				t.Errorf("employee with a NUL in the name: GET answers %d, want 404 (never stored)", r.status)
			}

			// 403 for a colleague and for a NIP that does not exist, the same words.
			employee := s.token(t, auth.RoleEmployee, "DISKOMINFO", "199001012015011001")
			const madeUp = "198001012010011009"
			real := s.do(t, "GET", "/v1/employees/"+headNIP, employee, nil)
			fake := s.do(t, "GET", "/v1/employees/"+madeUp, employee, nil)
			if real.status != http.StatusForbidden || fake.status != real.status {
				t.Errorf("employee reading a colleague: %d, a made-up NIP: %d; want 403 for both", real.status, fake.status)
			}
			if rm, fm := real.body["message"], fake.body["message"]; strings.ReplaceAll(toString(fm), madeUp, headNIP) != toString(rm) {
				t.Errorf("messages differ beyond the NIP: %q vs %q", rm, fm)
			}
			// The same in attendance's employee-scoped reads.
			real = s.do(t, "GET", "/v1/employees/"+headNIP+"/expectedDays/2026-11-30", employee, nil)
			fake = s.do(t, "GET", "/v1/employees/"+madeUp+"/expectedDays/2026-11-30", employee, nil)
			if real.status != http.StatusForbidden || fake.status != real.status {
				t.Errorf("attendance: a colleague's day %d, a made-up NIP's %d; want 403 for both", real.status, fake.status)
			}
			// City HR, who sees everyone, still learns that a NIP does not exist.
			s.do(t, "GET", "/v1/employees/"+madeUp, cityHR, nil).want(t, http.StatusNotFound)

			// Writes too: another agency's HR retiring a real NIP and a made-up one gets the same
			// 403 in the same words, which never name the employee's agency.
			otherHR := s.token(t, auth.RoleAgencyHR, "DINKES", "hr-dinkes")
			retire := map[string]any{"effectiveDate": "2026-12-31", "reason": "pensiun"}
			real = s.do(t, "POST", "/v1/employees/"+headNIP+":retire", otherHR, retire)
			fake = s.do(t, "POST", "/v1/employees/"+madeUp+":retire", otherHR, retire)
			if real.status != http.StatusForbidden || fake.status != real.status {
				t.Errorf("another agency's HR retiring a real NIP: %d, a made-up one: %d; want 403 for both", real.status, fake.status)
			}
			if rm, fm := toString(real.body["message"]), toString(fake.body["message"]); strings.ReplaceAll(fm, madeUp, headNIP) != rm || strings.Contains(rm, "DISKOMINFO") {
				t.Errorf("write refusals differ beyond the NIP, or name the agency: %q vs %q", rm, fm)
			}

			// A token longer than the bound (12 h in the all-in-one binary) is refused.
			long, err := s.signer.Issue(auth.Principal{Subject: "bkpsdm", Roles: []auth.Role{auth.RoleCityHR}}, 13*time.Hour)
			if err != nil {
				t.Fatal(err)
			}
			r := s.do(t, "GET", "/v1/agencies", long, nil)
			if r.status != http.StatusUnauthorized || !strings.Contains(string(r.raw), "SIMPEG_AUTH_MAX_TOKEN_LIFETIME") {
				t.Errorf("13-hour token: %d %s; want 401 naming SIMPEG_AUTH_MAX_TOKEN_LIFETIME", r.status, r.raw)
			}
			yearLong, err := s.signer.Issue(auth.Principal{Subject: "intruder", Roles: []auth.Role{auth.RoleService}, Scopes: []string{"planning.read"}}, 365*24*time.Hour)
			if err != nil {
				t.Fatal(err)
			}
			if r := s.do(t, "GET", "/v1/agencies", yearLong, nil); r.status != http.StatusUnauthorized {
				t.Errorf("a year-long service token: %d %s; want 401", r.status, r.raw)
			}

			// A name a spreadsheet would run as a formula is neutralised in the recap download.
			const formula = `=HYPERLINK("http://evil.example/x","klik")`
			s.do(t, "POST", "/v1/employees", cityHR, map[string]any{"nip": staffNIP, "fullName": formula, "employmentType": "EMPLOYMENT_TYPE_PNS", "rank": "III/a", "agency": "DISKOMINFO"}).want(t, 200)
			prev := time.Now().In(time.FixedZone("WIB", 7*3600)).AddDate(0, 0, -1)
			for prev.Weekday() == time.Saturday || prev.Weekday() == time.Sunday {
				prev = prev.AddDate(0, 0, -1)
			}
			deadline := time.Now().Add(10 * time.Second)
			for s.do(t, "GET", "/v1/employees/"+staffNIP+"/expectedDays/"+prev.Format(time.DateOnly), cityHR, nil).status != http.StatusOK {
				if time.Now().After(deadline) {
					t.Fatal("the directory copy did not catch up")
				}
				time.Sleep(20 * time.Millisecond)
			}
			s.do(t, "POST", "/v1/dailyStatuses:close", cityHR, map[string]any{"date": prev.Format(time.DateOnly), "agency": "DISKOMINFO"}).want(t, 200)
			download := s.do(t, "GET", "/v1/agencies/DISKOMINFO/monthlyRecaps/"+prev.Format("2006-01")+":csv", cityHR, nil).want(t, 200)
			rows, err := csv.NewReader(bytes.NewReader(download.raw)).ReadAll()
			if err != nil {
				t.Fatalf("reading the CSV: %v\n%s", err, download.raw)
			}
			found := false
			for _, row := range rows {
				if len(row) > 1 && row[0] == staffNIP {
					found = true
					if row[1] != "'"+formula {
						t.Errorf("the formula name is exported as %q, want it prefixed with a quote", row[1])
					}
				}
			}
			if !found {
				t.Errorf("the recap CSV has no row for %s:\n%s", staffNIP, download.raw)
			}
		})
	}
}

func toString(v any) string {
	s, _ := v.(string)
	return s
}
