package main

// Issue 8, items 6 and 7: field masks in the JSON names over REST, and every attendance and
// leave *policy* of DOMAIN.md a working setting of every binary that runs the service.

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/servicemain/servicemaintest"
	"github.com/simpeg-id/simpeg/platform/testenv"
)

// policyHelp are the --help lines of the attendance policy (DOMAIN.md, Attendance and leave)
// that every binary running the service shows, with their defaults.
var policyHelp = []string{
	`--geofence-radius-meters (env SIMPEG_GEOFENCE_RADIUS_METERS, default "100")`,
	`--outside-geofence (env SIMPEG_OUTSIDE_GEOFENCE, default "flag")`,
	`--offline-upload-limit (env SIMPEG_OFFLINE_UPLOAD_LIMIT, default "72h")`,
	`--collective-leave-reduces-annual (env SIMPEG_COLLECTIVE_LEAVE_REDUCES_ANNUAL, default "false")`,
	`--second-approval-leave-types (env SIMPEG_SECOND_APPROVAL_LEAVE_TYPES, default "long,unpaid,sick")`,
}

// policyEnv is a city's own attendance policy, every value off its default.
var policyEnv = []string{
	"SIMPEG_GEOFENCE_RADIUS_METERS=50", "SIMPEG_OFFLINE_UPLOAD_LIMIT=24h",
	"SIMPEG_COLLECTIVE_LEAVE_REDUCES_ANNUAL=true", "SIMPEG_SECOND_APPROVAL_LEAVE_TYPES=tahunan,besar,cltn",
}

// policyLogged are the start-up log's values of policyEnv.
var policyLogged = []string{
	`"geofence-radius-meters":"50"`, `"offline-upload-limit":"24h0m0s"`,
	`"collective-leave-reduces-annual":"true"`, `"second-approval-leave-types":"tahunan,besar,cltn"`,
}

// TestGoLivePolicySettings (issue 8 item 7) runs the real simpeg binary with a city's own
// attendance policy: --help lists every policy with its default, the start-up log shows the
// values, and each is honoured through the REST API: at a 50 m geofence a check-in 70 m away
// is flagged, at a 24 h offline limit a 30-hour-old upload is refused, annual leave needs the
// second approval the city asked for, and a collective leave day by decree is taken from the
// annual balance. A policy that cannot work stops the binary naming the setting.
func TestGoLivePolicySettings(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary; skipped with -short")
	}
	bin := simpegBinary(t)
	out, err := exec.Command(bin, "run", "--help").CombinedOutput()
	if err != nil {
		t.Fatalf("simpeg run --help: %v\n%s", err, out)
	}
	for _, want := range policyHelp {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("simpeg run --help lacks %s", want)
		}
	}

	bad := exec.Command(bin, "run")
	bad.Env = append(os.Environ(), "SIMPEG_DATA_DIR="+t.TempDir(), "SIMPEG_SECOND_APPROVAL_LEAVE_TYPES=long,bersama")
	if out, err := bad.CombinedOutput(); err == nil || !strings.Contains(string(out), "second_approval_leave_types") {
		t.Errorf("simpeg run with collective leave needing a second approval: %v\n%s", err, out)
	}

	dir := t.TempDir()
	ports := freePorts(t, 4)
	logs := startSimpeg(t, bin, "SIMPEG_PLANNING_GRPC_ADDR", dir, ports, append([]string{"SIMPEG_LOG_LEVEL=info"}, policyEnv...)...)
	waitReady(t, "http://"+ports[0])
	for _, want := range policyLogged {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("the start-up log lacks %s", want)
		}
	}
	signer, err := auth.LoadOrCreateSigner(filepath.Join(dir, "keys", "signing-key.pem"), "simpeg-local", "simpeg")
	if err != nil {
		t.Fatal(err)
	}
	s := &suite{Suite: &Suite{}, base: "http://" + ports[0], signer: signer}
	checkPolicy(t, s)
}

// TestGoLiveAttendanceBinaryPolicy (issue 8 item 7): the per-service attendance binary reads
// the same policy settings: --help lists them with their defaults, the start-up log shows a
// city's values, and a policy that cannot work stops it naming the setting.
func TestGoLiveAttendanceBinaryPolicy(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary; skipped with -short")
	}
	bin := filepath.Join(t.TempDir(), "attendance")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/simpeg-id/simpeg/services/attendance/cmd/attendance").CombinedOutput(); err != nil {
		t.Fatalf("building attendance: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "--help").CombinedOutput()
	if err != nil {
		t.Fatalf("attendance --help: %v\n%s", err, out)
	}
	for _, want := range policyHelp {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("attendance --help lacks %s", want)
		}
	}
	bad := exec.Command(bin)
	bad.Env = append(os.Environ(), "SIMPEG_SECOND_APPROVAL_LEAVE_TYPES=long,bersama", "SIMPEG_ATTENDANCE_DATABASE_URL="+filepath.Join(t.TempDir(), "a.db"))
	if out, err := bad.CombinedOutput(); err == nil || !strings.Contains(string(out), "second_approval_leave_types") {
		t.Errorf("attendance with collective leave needing a second approval: %v\n%s", err, out)
	}

	natsURL := testenv.NATS(t)
	keyFile, _ := testenv.Keys(t, "simpeg-local", "simpeg")
	ports := freePorts(t, 1)
	logs := &servicemaintest.Buffer{}
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), "SIMPEG_ATTENDANCE_GRPC_ADDR="+ports[0], "SIMPEG_ATTENDANCE_DATABASE_URL="+filepath.Join(t.TempDir(), "attendance.db"),
		"SIMPEG_ATTENDANCE_METRICS_ADDR=", "SIMPEG_NATS_URL="+natsURL, "SIMPEG_NATS_PREFIX="+testenv.Prefix(t, natsURL),
		"SIMPEG_AUTH_KEY_FILE="+keyFile, "SIMPEG_LOG_LEVEL=info", "SIMPEG_PLANNING_ADDR=127.0.0.1:1")
	cmd.Env = append(cmd.Env, policyEnv...)
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		_ = cmd.Wait()
	})
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(logs.String(), `"msg":"starting"`) {
		if time.Now().After(deadline) {
			t.Fatalf("no start-up log in 20 s:\n%s", logs)
		}
		time.Sleep(50 * time.Millisecond)
	}
	for _, want := range policyLogged {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("the start-up log lacks %s:\n%s", want, logs)
		}
	}
}

// checkPolicy checks policyEnv through the REST API of s.
func checkPolicy(t *testing.T, s *suite) {
	t.Helper()
	nips := seedStaff(t, s, 3)
	cityHR := s.token(t, auth.RoleCityHR, "", "bkpsdm")
	checkIn := func(i int, id string, lat float64, age time.Duration) reply {
		body := checkInBody(id)
		body["latitude"], body["longitude"], body["accuracyMeters"] = lat, 98.678, 0
		body["deviceTime"] = time.Now().Add(-age).UTC().Format(time.RFC3339Nano)
		return s.do(t, "POST", "/v1/attendanceRecords", s.token(t, auth.RoleEmployee, "DISKOMINFO", nips[i]), body)
	}
	// 70 m north of the office (0.000629° of latitude), 30 m inside the default 100 m geofence.
	if r := checkIn(0, "golive-70m", 3.590629, 0).want(t, 200); r.body["outsideGeofence"] != true {
		t.Errorf("a check-in 70 m away at a 50 m geofence is not flagged: %s", r.raw)
	}
	if r := checkIn(1, "golive-30h", 3.590, 30*time.Hour); r.status != 400 || !strings.Contains(string(r.raw), "DEVICE_TIME_TOO_OLD") {
		t.Errorf("a 30-hour-old upload at a 24 h limit: %d %s, want 400 DEVICE_TIME_TOO_OLD", r.status, r.raw)
	}
	if r := checkIn(2, "golive-20h", 3.590, 20*time.Hour); r.status != 200 {
		t.Errorf("a 20-hour-old upload at a 24 h limit: %d %s, want 200", r.status, r.raw)
	}

	// Annual leave on the next working day needs agency HR after the supervisor.
	start := time.Now().AddDate(0, 0, 1)
	for {
		e := s.do(t, "GET", "/v1/employees/"+nips[0]+"/expectedDays/"+start.Format(time.DateOnly), cityHR, nil).want(t, 200)
		if working, _ := e.body["working"].(bool); working {
			break
		}
		start = start.AddDate(0, 0, 1)
	}
	day := start.Format(time.DateOnly)
	r := s.do(t, "POST", "/v1/leaveRequests", s.token(t, auth.RoleEmployee, "DISKOMINFO", nips[0]), map[string]any{
		"type": "LEAVE_TYPE_ANNUAL", "startDate": day, "endDate": day, "reason": "Urusan keluarga"}).want(t, 200)
	if r.createdLeave()["needsSecondApproval"] != true {
		t.Errorf("annual leave with SIMPEG_SECOND_APPROVAL_LEAVE_TYPES=tahunan,…: %s, want needsSecondApproval", r.raw)
	}

	// A collective leave day by decree on a working weekday after it is taken from the balance.
	balance := func() float64 {
		b := s.do(t, "GET", "/v1/employees/"+nips[1]+"/leaveBalances/"+start.Format("2006"), cityHR, nil).want(t, 200)
		v, _ := b.body["available"].(float64)
		return v
	}
	before := balance()
	collective := start.AddDate(0, 0, 1)
	for collective.Weekday() == time.Saturday || collective.Weekday() == time.Sunday {
		collective = collective.AddDate(0, 0, 1)
	}
	if collective.Year() != start.Year() {
		t.Logf("no working weekday left in %d for a collective leave day", start.Year())
		return
	}
	s.do(t, "POST", "/v1/holidays", cityHR, map[string]any{"date": collective.Format(time.DateOnly), "displayName": "Cuti bersama (test)", "kind": "HOLIDAY_KIND_COLLECTIVE"}).want(t, 200)
	if after := balance(); after != before-1 {
		t.Errorf("annual balance %v → %v after a collective leave day with SIMPEG_COLLECTIVE_LEAVE_REDUCES_ANNUAL=true, want one less", before, after)
	}
}

// TestGoLiveFieldMasks (issue 8 item 6): through the gateway of the suite on both engines,
// an update mask in the JSON names (updateMask=backTitle) changes the field as the proto name
// does, for planning's employees and attendance's offices alike; the mask taken from the body's
// fields works; a mask naming no field is still a 400 naming update_mask.
func TestGoLiveFieldMasks(t *testing.T) {
	for _, engine := range testenv.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			s := startSuite(t, engine)
			cityHR := s.token(t, auth.RoleCityHR, "", "bkpsdm")
			s.do(t, "POST", "/v1/agencies", cityHR, map[string]any{"code": "DISKOMINFO", "displayName": "Dinas Komunikasi dan Informatika", "kind": "AGENCY_KIND_DINAS"}).want(t, 200)
			s.do(t, "POST", "/v1/employees", cityHR, map[string]any{"nip": staffNIP, "fullName": "Budi Santoso", "employmentType": "EMPLOYMENT_TYPE_PNS", "rank": "III/c", "agency": "DISKOMINFO"}).want(t, 200)
			s.do(t, "POST", "/v1/offices?officeId=kominfo", cityHR, map[string]any{"displayName": "Kantor Dinas Kominfo", "agency": "DISKOMINFO", "latitude": 3.590, "longitude": 98.678}).want(t, 200)

			for _, tt := range []struct {
				name, path string
				body       map[string]any
				status     int
				field      string // the field the answer must carry, or the field violation of a 400
				want       any
			}{
				{"JSON name in the query", "/v1/employees/" + staffNIP + "?updateMask=backTitle", map[string]any{"backTitle": "S.Kom."}, 200, "backTitle", "S.Kom."},
				{"JSON names, two fields", "/v1/employees/" + staffNIP + "?updateMask=frontTitle,backTitle", map[string]any{"frontTitle": "Ir.", "backTitle": "M.T."}, 200, "frontTitle", "Ir."},
				{"proto name in the query", "/v1/employees/" + staffNIP + "?update_mask=back_title", map[string]any{"backTitle": "M.Kom."}, 200, "backTitle", "M.Kom."},
				{"JSON parameter, proto path", "/v1/employees/" + staffNIP + "?updateMask=back_title", map[string]any{"backTitle": "S.T."}, 200, "backTitle", "S.T."},
				{"mask from the body's fields", "/v1/employees/" + staffNIP, map[string]any{"backTitle": "S.Sos."}, 200, "backTitle", "S.Sos."},
				{"the mask limits the change", "/v1/employees/" + staffNIP + "?updateMask=backTitle", map[string]any{"backTitle": "S.E.", "rank": "IV/a"}, 200, "rank", "III/c"},
				{"unknown field", "/v1/employees/" + staffNIP + "?updateMask=noSuchField", map[string]any{"backTitle": "S.H."}, 400, "employee.update_mask", nil},
				{"office, JSON names", "/v1/offices/kominfo?updateMask=radiusMeters,geofencePolicy", map[string]any{"radiusMeters": 250, "geofencePolicy": "GEOFENCE_POLICY_REFUSE"}, 200, "radiusMeters", float64(250)},
				{"office, unknown field", "/v1/offices/kominfo?updateMask=radiusMetres", map[string]any{"radiusMeters": 50}, 400, "update_mask", nil},
			} {
				t.Run(tt.name, func(t *testing.T) {
					r := s.do(t, "PATCH", tt.path, cityHR, tt.body).want(t, tt.status)
					if tt.status != 200 {
						if !r.fieldViolation(tt.field) {
							t.Errorf("the 400 does not name %s: %s", tt.field, r.raw)
						}
						return
					}
					if r.body[tt.field] != tt.want {
						t.Errorf("%s = %v, want %v; %s", tt.field, r.body[tt.field], tt.want, r.raw)
					}
				})
			}
			if r := s.do(t, "GET", "/v1/offices/kominfo", cityHR, nil).want(t, 200); r.body["geofencePolicy"] != "GEOFENCE_POLICY_REFUSE" {
				t.Errorf("office after the JSON-named mask: %s", r.raw)
			}
			if r := s.do(t, "GET", "/v1/employees/"+staffNIP, cityHR, nil).want(t, 200); !strings.Contains(string(r.raw), `"backTitle":"S.E."`) {
				t.Errorf("employee after the updates: %s", r.raw)
			}
		})
	}
}
