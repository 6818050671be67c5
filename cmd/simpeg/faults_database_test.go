package main

import (
	"net/http"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/testenv"
)

// startSuiteCut runs the whole suite on PostgreSQL with the database of service behind a
// testenv.Proxy the test can cut; the other services' databases and NATS stay up.
func startSuiteCut(t *testing.T, service string) (*suite, *testenv.Proxy) {
	t.Helper()
	if os.Getenv("SIMPEG_TEST_POSTGRES_URL") == "" {
		t.Skip("needs PostgreSQL (SIMPEG_TEST_POSTGRES_URL) to put behind a proxy")
	}
	var proxy *testenv.Proxy
	database := func(name string) string {
		dbURL := testenv.DatabaseURL(t, testenv.Postgres)
		if name != service {
			return dbURL
		}
		u, err := url.Parse(dbURL)
		if err != nil {
			t.Fatal(err)
		}
		proxy = testenv.NewProxy(t, u.Host)
		u.Host = proxy.Addr()
		return u.String()
	}
	args := suiteArgs(t, testenv.NATS(t), database)
	// Let the services stop cleanly: their database comes back before they do.
	return runSuite(t, args, func() { proxy.Set(testenv.Pass) }), proxy
}

func waitUntil(t *testing.T, limit time.Duration, what string, ok func() bool) time.Duration {
	t.Helper()
	start := time.Now()
	for !ok() {
		if time.Since(start) > limit {
			t.Fatalf("%s: not within %s", what, limit)
		}
		time.Sleep(100 * time.Millisecond)
	}
	return time.Since(start)
}

// TestFaultDirectoryHeals: attendance's database is cut (refused) while an employee is
// registered in planning; the employee.created event meets the outage on every delivery. Once
// the database is back the employee can check in within seconds, without a restart (issue 7,
// item 6). During the cut attendance answers 503 with Retry-After (item 7). The outage is
// 20 s, SIMPEG_FAULT_DB_OUTAGE to change it; the full four minutes (longer than the 10
// deliveries at 1 s, 5 s, 30 s… the old consumer survived) run with
// SIMPEG_FAULTS_FULL=1 go test -run TestFaultDirectoryHealsFull -timeout 10m ./cmd/simpeg.
func TestFaultDirectoryHeals(t *testing.T) { directoryHeals(t, 20*time.Second) }

// TestFaultDirectoryHealsFull is TestFaultDirectoryHeals with the four-minute outage of the
// issue.
func TestFaultDirectoryHealsFull(t *testing.T) {
	if testing.Short() || os.Getenv("SIMPEG_FAULTS_FULL") == "" {
		t.Skip("a four-minute outage: SIMPEG_FAULTS_FULL=1 go test -run TestFaultDirectoryHealsFull -timeout 10m ./cmd/simpeg")
	}
	directoryHeals(t, 4*time.Minute)
}

func directoryHeals(t *testing.T, outage time.Duration) {
	if v := os.Getenv("SIMPEG_FAULT_DB_OUTAGE"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			t.Fatalf("SIMPEG_FAULT_DB_OUTAGE: %v", err)
		}
		outage = d
	}
	s, proxy := startSuiteCut(t, "attendance")
	seedStaff(t, s, 1)
	cityHR := s.token(t, auth.RoleCityHR, "", "bkpsdm")
	const newcomer = "199001312019032002"
	tok := testenv.Token(t, s.signer, auth.Principal{Subject: newcomer, Roles: []auth.Role{auth.RoleEmployee}, Agency: "DISKOMINFO"})

	proxy.Set(testenv.Refuse)
	cut := time.Now()
	s.do(t, "POST", "/v1/employees", cityHR, map[string]any{"nip": newcomer, "fullName": "Pegawai Baru", "employmentType": "EMPLOYMENT_TYPE_PNS",
		"rank": "III/a", "agency": "DISKOMINFO", "supervisor": headNIP}).want(t, 200)
	r := s.do(t, "POST", "/v1/attendanceRecords", tok, checkInBody("cut-00000001"))
	if r.status != http.StatusServiceUnavailable || r.header.Get("Retry-After") == "" {
		t.Fatalf("check-in while attendance's database is cut: %d Retry-After %q %s; want 503 with Retry-After", r.status, r.header.Get("Retry-After"), r.raw)
	}
	time.Sleep(outage - time.Since(cut))
	proxy.Set(testenv.Pass)
	healed := waitUntil(t, 15*time.Second, "the newcomer's check-in after the database returned", func() bool {
		return s.do(t, "POST", "/v1/attendanceRecords", tok, checkInBody("after-00000001")).status == 200
	})
	t.Logf("outage %s; the newcomer checked in %s after the database returned", outage, healed.Round(10*time.Millisecond))
}

// TestFaultDatabaseBlip: with planning's database cut, a create answers 503 with Retry-After
// (never 500); once it is back the client's retry with the same Idempotency-Key is answered
// within seconds, and further retries replay that answer: the agency exists once.
func TestFaultDatabaseBlip(t *testing.T) {
	s, proxy := startSuiteCut(t, "planning")
	cityHR := s.token(t, auth.RoleCityHR, "", "bkpsdm")
	body := map[string]any{"code": "DISDIK", "displayName": "Dinas Pendidikan", "kind": "AGENCY_KIND_DINAS"}
	proxy.Set(testenv.Refuse)
	r := s.do(t, "POST", "/v1/agencies", cityHR, body, "Idempotency-Key", "blip-1")
	if r.status != http.StatusServiceUnavailable || r.header.Get("Retry-After") == "" {
		t.Fatalf("create while the database is cut: %d Retry-After %q %s; want 503 with Retry-After", r.status, r.header.Get("Retry-After"), r.raw)
	}
	proxy.Set(testenv.Pass)
	var first reply
	took := waitUntil(t, 10*time.Second, "the idempotent retry", func() bool {
		first = s.do(t, "POST", "/v1/agencies", cityHR, body, "Idempotency-Key", "blip-1")
		return first.status == 200
	})
	again := s.do(t, "POST", "/v1/agencies", cityHR, body, "Idempotency-Key", "blip-1").want(t, 200)
	if string(again.raw) != string(first.raw) {
		t.Fatalf("second retry answered %s, first %s", again.raw, first.raw)
	}
	list := s.do(t, "GET", "/v1/agencies?pageSize=100", cityHR, nil).want(t, 200)
	n := 0
	agencies, _ := list.body["agencies"].([]any)
	for _, a := range agencies {
		if m, _ := a.(map[string]any); m["code"] == "DISDIK" {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("%d agencies DISDIK, want exactly 1: %s", n, list.raw)
	}
	t.Logf("retry answered %s after the database returned", took.Round(10*time.Millisecond))
}
