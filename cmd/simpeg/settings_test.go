package main

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/health/grpc_health_v1"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/servicemain/servicemaintest"
)

var (
	buildOnce sync.Once
	builtBin  string
	buildErr  error
)

// simpegBinary builds the real binary once per test run.
func simpegBinary(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "simpeg-settings-test")
		if err != nil {
			buildErr = err
			return
		}
		builtBin = filepath.Join(dir, "simpeg")
		if out, err := exec.Command("go", "build", "-o", builtBin, ".").CombinedOutput(); err != nil {
			buildErr = err
			builtBin = string(out)
		}
	})
	if buildErr != nil {
		t.Fatalf("building simpeg: %v\n%s", buildErr, builtBin)
	}
	return builtBin
}

// TestRunHelpListsSettings checks `simpeg run --help` of the real binary lists every
// service's settings under its name, attendance's, training's and evaluation's policies, the
// tokens and the deprecated names.
func TestRunHelpListsSettings(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary; skipped with -short")
	}
	out, err := exec.Command(simpegBinary(t), "run", "--help").CombinedOutput()
	if err != nil {
		t.Fatalf("simpeg run --help: %v\n%s", err, out)
	}
	for _, want := range []string{
		`--planning-grpc-addr (env SIMPEG_PLANNING_GRPC_ADDR, default "127.0.0.1:9090")`,
		`--planning-metrics-addr (env SIMPEG_PLANNING_METRICS_ADDR, default "127.0.0.1:9091")`,
		`(env SIMPEG_PLANNING_DATABASE_URL, default "")`,
		`--attendance-grpc-addr (env SIMPEG_ATTENDANCE_GRPC_ADDR, default "127.0.0.1:9092")`,
		`--attendance-metrics-addr (env SIMPEG_ATTENDANCE_METRICS_ADDR, default "127.0.0.1:9093")`,
		`(env SIMPEG_ATTENDANCE_DATABASE_URL, default "")`,
		`--training-grpc-addr (env SIMPEG_TRAINING_GRPC_ADDR, default "127.0.0.1:9094")`,
		`--training-metrics-addr (env SIMPEG_TRAINING_METRICS_ADDR, default "127.0.0.1:9095")`,
		`(env SIMPEG_TRAINING_DATABASE_URL, default "")`,
		`(env SIMPEG_TRAINING_MINUTES_PER_JP, default "45")`,
		`(env SIMPEG_TRAINING_AGREEMENT_WARNING_DAYS, default "90")`,
		`(env SIMPEG_TRAINING_PASS_ATTENDANCE_PERCENT, default "80")`,
		`(env SIMPEG_TRAINING_CERTIFICATE_KEY_FILE, default "")`,
		`(env SIMPEG_TRAINING_VERIFY_RATE, default "30")`,
		`(env SIMPEG_TRAINING_DIRECTORY_RECONCILE_INTERVAL, default "10m")`,
		`--evaluation-grpc-addr (env SIMPEG_EVALUATION_GRPC_ADDR, default "127.0.0.1:9096")`,
		`--evaluation-metrics-addr (env SIMPEG_EVALUATION_METRICS_ADDR, default "127.0.0.1:9097")`,
		`(env SIMPEG_EVALUATION_DATABASE_URL, default "")`,
		`(env SIMPEG_EVALUATION_CADENCE, default "quarterly")`,
		`(env SIMPEG_EVALUATION_OBJECTION_DAYS, default "14")`,
		`(env SIMPEG_EVALUATION_RATING_DUE_DAYS, default "14")`,
		`(env SIMPEG_EVALUATION_DISTRIBUTION_FILE, default "")`,
		`(env SIMPEG_EVALUATION_SUPERVISOR_SYNC_INTERVAL, default "1m")`,
		`(env SIMPEG_EVALUATION_DIRECTORY_RECONCILE_INTERVAL, default "10m")`,
		`(env SIMPEG_GEOFENCE_RADIUS_METERS, default "100")`,
		`(env SIMPEG_OUTSIDE_GEOFENCE, default "flag")`,
		`(env SIMPEG_OFFLINE_UPLOAD_LIMIT, default "72h")`,
		`(env SIMPEG_PLANNING_TOKEN, default "")`,
		`--auth-token-cache (env SIMPEG_AUTH_TOKEN_CACHE, default "250000")`,
		`(env SIMPEG_GATEWAY_METRICS_ADDR, default "127.0.0.1:9190")`,
		"deprecated name: SIMPEG_GRPC_ADDR",
		"deprecated name: SIMPEG_DATABASE_URL",
		"deprecated name: SIMPEG_METRICS_ADDR",
	} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("simpeg run --help lacks %s", want)
		}
	}
	for _, gone := range []string{"(env SIMPEG_GRPC_ADDR", "(env SIMPEG_DATABASE_URL", "(env SIMPEG_METRICS_ADDR", "(env SIMPEG_PLANNING_ADDR"} {
		if bytes.Contains(out, []byte(gone)) {
			t.Errorf("simpeg run --help lists %s", gone)
		}
	}
}

// TestRunHonoursSettings runs the real binary with planning's deprecated SIMPEG_GRPC_ADDR and
// a stricter attendance policy: planning listens where the old name says, the warning is
// logged, and a check-in 25 m from the office is refused (the default 100 m geofence takes it).
func TestRunHonoursSettings(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary; skipped with -short")
	}
	bin := simpegBinary(t)
	dir := t.TempDir()
	ports := freePorts(t, 4)
	logs := startSimpeg(t, bin, "SIMPEG_GRPC_ADDR", dir, ports, "SIMPEG_LOG_LEVEL=warn", "SIMPEG_GEOFENCE_RADIUS_METERS=5", "SIMPEG_OUTSIDE_GEOFENCE=refuse")
	waitReady(t, "http://"+ports[0])

	conn, err := grpc.NewClient(ports[1], grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := grpc_health_v1.NewHealthClient(conn).Check(ctx, &grpc_health_v1.HealthCheckRequest{Service: "simpeg.planning.v1.PlanningService"}); err != nil {
		t.Fatalf("planning at the deprecated SIMPEG_GRPC_ADDR: %v", err)
	}
	if !strings.Contains(logs.String(), "deprecated setting name") || !strings.Contains(logs.String(), "SIMPEG_GRPC_ADDR") || !strings.Contains(logs.String(), "SIMPEG_PLANNING_GRPC_ADDR") {
		t.Errorf("no deprecation warning naming the new variable in the log:\n%s", logs.String())
	}

	signer, err := auth.LoadOrCreateSigner(filepath.Join(dir, "keys", "signing-key.pem"), "simpeg-local", "simpeg")
	if err != nil {
		t.Fatal(err)
	}
	s := &suite{Suite: &Suite{}, base: "http://" + ports[0], signer: signer}
	nips := seedStaff(t, s, 2)
	r := s.do(t, "POST", "/v1/attendanceRecords", s.token(t, auth.RoleEmployee, "DISKOMINFO", nips[0]), checkInBody("policy-1"))
	if r.status < 400 || r.status >= 500 {
		t.Errorf("a check-in 25 m away (accuracy 15 m) with a 5 m geofence that refuses: %d %s, want refused", r.status, r.raw)
	}
	inside := checkInBody("policy-2")
	inside["latitude"], inside["longitude"] = 3.590, 98.678
	s.do(t, "POST", "/v1/attendanceRecords", s.token(t, auth.RoleEmployee, "DISKOMINFO", nips[1]), inside).want(t, 200)
}

// startSimpeg runs the real binary's `simpeg run` on the test's own directory and ports (HTTP,
// planning gRPC under the variable planningVar — the deprecated SIMPEG_GRPC_ADDR or
// SIMPEG_PLANNING_GRPC_ADDR —, attendance gRPC, embedded NATS), SQLite, no metrics, with env
// added, stops it when t ends and returns what it logs.
func startSimpeg(t *testing.T, bin, planningVar, dir string, ports []string, env ...string) *servicemaintest.Buffer {
	t.Helper()
	logs := &servicemaintest.Buffer{}
	cmd := exec.Command(bin, "run")
	cmd.Env = append(os.Environ(),
		"SIMPEG_DATA_DIR="+dir, "SIMPEG_HTTP_ADDR="+ports[0], planningVar+"="+ports[1], "SIMPEG_ATTENDANCE_GRPC_ADDR="+ports[2],
		"SIMPEG_EMBEDDED_NATS_ADDR="+ports[3], "SIMPEG_PLANNING_METRICS_ADDR=", "SIMPEG_ATTENDANCE_METRICS_ADDR=", "SIMPEG_GATEWAY_METRICS_ADDR=",
		"SIMPEG_PLANNING_DATABASE_URL=", "SIMPEG_ATTENDANCE_DATABASE_URL=", "SIMPEG_NATS_URL=",
		"SIMPEG_TRAINING_GRPC_ADDR=127.0.0.1:0", "SIMPEG_TRAINING_METRICS_ADDR=", "SIMPEG_TRAINING_DATABASE_URL=",
		"SIMPEG_EVALUATION_GRPC_ADDR=127.0.0.1:0", "SIMPEG_EVALUATION_METRICS_ADDR=", "SIMPEG_EVALUATION_DATABASE_URL=")
	cmd.Env = append(cmd.Env, env...)
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		_ = cmd.Wait()
	})
	return logs
}

func waitReady(t *testing.T, base string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get(base + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("simpeg did not become ready")
		}
		time.Sleep(50 * time.Millisecond)
	}
}
