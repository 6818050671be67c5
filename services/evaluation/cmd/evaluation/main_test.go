package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/simpeg-id/simpeg/platform/servicemain/servicemaintest"
)

// TestBinary checks the real executable: its --help and its start-up with the deprecated names.
func TestBinary(t *testing.T) {
	// Planning need not run: the directory is back-filled once it answers.
	servicemaintest.CheckBinary(t, "evaluation", []string{
		`--evaluation-grpc-addr (env SIMPEG_EVALUATION_GRPC_ADDR, default "127.0.0.1:9096")`,
		`--evaluation-metrics-addr (env SIMPEG_EVALUATION_METRICS_ADDR, default "127.0.0.1:9097")`,
		`(env SIMPEG_EVALUATION_DATABASE_URL, default "")`,
		`(env SIMPEG_EVALUATION_NATS_NKEY_SEED_FILE, default "")`,
		`--planning-addr (env SIMPEG_PLANNING_ADDR, default "127.0.0.1:9090")`,
		`(env SIMPEG_PLANNING_TOKEN, default "")`,
		`--evaluation-cadence (env SIMPEG_EVALUATION_CADENCE, default "quarterly")`,
		`--evaluation-objection-days (env SIMPEG_EVALUATION_OBJECTION_DAYS, default "14")`,
		`--evaluation-rating-due-days (env SIMPEG_EVALUATION_RATING_DUE_DAYS, default "14")`,
		`--evaluation-distribution-file (env SIMPEG_EVALUATION_DISTRIBUTION_FILE, default "")`,
		`--evaluation-supervisor-sync-interval (env SIMPEG_EVALUATION_SUPERVISOR_SYNC_INTERVAL, default "1m")`,
		`--evaluation-directory-reconcile-interval (env SIMPEG_EVALUATION_DIRECTORY_RECONCILE_INTERVAL, default "10m")`,
		"PP 30/2019 art. 59: 14",
		"PermenPANRB 6/2022: quarterly",
		"deprecated name: SIMPEG_DATABASE_URL",
	}, "SIMPEG_PLANNING_ADDR=127.0.0.1:1")
}

// TestBinaryRefuses checks that the binary stops before connecting to anything, naming the
// setting, when its settings cannot work; the start-up log shows the settings it was given.
func TestBinaryRefuses(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary; skipped with -short")
	}
	bin := servicemaintest.Build(t)
	camel := filepath.Join(t.TempDir(), "camel.json")
	if err := os.WriteFile(camel, []byte(`{"baik": [{"predicates": ["baik"], "atMost": true, "percent": 70}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		env  []string
		want []string
	}{
		{"weekly cadence", []string{"SIMPEG_EVALUATION_CADENCE=weekly"},
			[]string{`"evaluation-cadence":"weekly"`, `SIMPEG_EVALUATION_CADENCE: cadence \"weekly\": want quarterly or monthly`}},
		{"no day to object", []string{"SIMPEG_EVALUATION_OBJECTION_DAYS=0"},
			[]string{`"evaluation-objection-days":"0"`, "SIMPEG_EVALUATION_OBJECTION_DAYS: objection days 0: want 1 to 90"}},
		{"rating due in 100 days", []string{"SIMPEG_EVALUATION_RATING_DUE_DAYS=100"}, []string{"SIMPEG_EVALUATION_RATING_DUE_DAYS: rating due days 100"}},
		{"a distribution file in camel case", []string{"SIMPEG_EVALUATION_DISTRIBUTION_FILE=" + camel},
			[]string{"SIMPEG_EVALUATION_DISTRIBUTION_FILE " + camel, `unknown field \"atMost\"`}},
		{"negative supervisor sync", []string{"SIMPEG_EVALUATION_SUPERVISOR_SYNC_INTERVAL=-1s"}, []string{"SIMPEG_EVALUATION_SUPERVISOR_SYNC_INTERVAL must not be negative"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cmd := exec.Command(bin)
			cmd.Env = append(os.Environ(), "SIMPEG_EVALUATION_DATABASE_URL="+t.TempDir()+"/evaluation.db",
				"SIMPEG_NATS_URL=nats://127.0.0.1:1", "SIMPEG_EVALUATION_METRICS_ADDR=", "SIMPEG_EVALUATION_GRPC_ADDR=127.0.0.1:0")
			cmd.Env = append(cmd.Env, tc.env...)
			out, err := cmd.CombinedOutput()
			if code := cmd.ProcessState.ExitCode(); err == nil || code != 1 {
				t.Fatalf("exit code %d (%v), want 1\n%s", code, err, out)
			}
			for _, w := range tc.want {
				if !strings.Contains(string(out), w) {
					t.Errorf("the log does not say %s:\n%s", w, out)
				}
			}
		})
	}
}
