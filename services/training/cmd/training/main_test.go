package main

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/simpeg-id/simpeg/platform/servicemain/servicemaintest"
)

// TestBinary checks the real executable: its --help and its start-up with the deprecated names
// (on SQLite, where it makes its certificate key beside the database).
func TestBinary(t *testing.T) {
	// Planning need not run: the directory is back-filled once it answers.
	servicemaintest.CheckBinary(t, "training", []string{
		`--training-grpc-addr (env SIMPEG_TRAINING_GRPC_ADDR, default "127.0.0.1:9094")`,
		`--training-metrics-addr (env SIMPEG_TRAINING_METRICS_ADDR, default "127.0.0.1:9095")`,
		`(env SIMPEG_TRAINING_DATABASE_URL, default "")`,
		`--planning-addr (env SIMPEG_PLANNING_ADDR, default "127.0.0.1:9090")`,
		`(env SIMPEG_PLANNING_TOKEN, default "")`,
		`--training-minutes-per-jp (env SIMPEG_TRAINING_MINUTES_PER_JP, default "45")`,
		`--training-pass-attendance-percent (env SIMPEG_TRAINING_PASS_ATTENDANCE_PERCENT, default "80")`,
		`--training-agreement-warning-days (env SIMPEG_TRAINING_AGREEMENT_WARNING_DAYS, default "90")`,
		`--training-certificate-key-file (env SIMPEG_TRAINING_CERTIFICATE_KEY_FILE, default "")`,
		`--training-verify-rate (env SIMPEG_TRAINING_VERIFY_RATE, default "30")`,
		`--training-verify-proxies (env SIMPEG_TRAINING_VERIFY_PROXIES, default "0")`,
		`--training-directory-reconcile-interval (env SIMPEG_TRAINING_DIRECTORY_RECONCILE_INTERVAL, default "10m")`,
		"deprecated name: SIMPEG_DATABASE_URL",
	}, "SIMPEG_PLANNING_ADDR=127.0.0.1:1")
}

// TestBinaryRefuses checks that the binary stops before connecting to anything, naming the
// setting, when its settings cannot work.
func TestBinaryRefuses(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary; skipped with -short")
	}
	bin := servicemaintest.Build(t)
	for _, tc := range []struct {
		name string
		env  []string
		want string
	}{
		{"PostgreSQL without a certificate key", []string{"SIMPEG_TRAINING_DATABASE_URL=postgres://training@127.0.0.1:1/training"},
			"SIMPEG_TRAINING_CERTIFICATE_KEY_FILE is required with a PostgreSQL database"},
		{"no verify rate", []string{"SIMPEG_TRAINING_VERIFY_RATE=0"}, "SIMPEG_TRAINING_VERIFY_RATE is 0"},
		{"JP of two hours and a half", []string{"SIMPEG_TRAINING_MINUTES_PER_JP=150"}, "minutes_per_jp"},
		{"negative warning", []string{"SIMPEG_TRAINING_AGREEMENT_WARNING_DAYS=-1"}, "agreement_warning_days"},
		{"attendance over 100 %", []string{"SIMPEG_TRAINING_PASS_ATTENDANCE_PERCENT=101"}, "pass_attendance_percent"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cmd := exec.Command(bin)
			cmd.Env = append(os.Environ(), "SIMPEG_TRAINING_DATABASE_URL="+t.TempDir()+"/training.db",
				"SIMPEG_NATS_URL=nats://127.0.0.1:1", "SIMPEG_TRAINING_METRICS_ADDR=", "SIMPEG_TRAINING_GRPC_ADDR=127.0.0.1:0")
			cmd.Env = append(cmd.Env, tc.env...)
			out, err := cmd.CombinedOutput()
			if code := cmd.ProcessState.ExitCode(); err == nil || code != 1 {
				t.Fatalf("exit code %d (%v), want 1\n%s", code, err, out)
			}
			if !strings.Contains(string(out), tc.want) {
				t.Errorf("the log does not say %q:\n%s", tc.want, out)
			}
		})
	}
}
