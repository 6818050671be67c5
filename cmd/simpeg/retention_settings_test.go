package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/testenv"
)

// TestRetentionSettingsInBinaries: SIMPEG_OUTBOX_RETENTION, SIMPEG_NATS_STREAM_MAX_AGE and
// SIMPEG_PROCESSED_EVENTS_RETENTION are listed by --help and logged at start by simpeg run and
// the per-service binary, the stream is provisioned with the max age, and a processed-events
// retention shorter than the stream's max age is refused naming both settings.
func TestRetentionSettingsInBinaries(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binaries; skipped with -short")
	}
	natsURL := testenv.NATS(t)
	keyFile, _ := testenv.Keys(t, "simpeg-local", "simpeg")
	names := []string{"SIMPEG_OUTBOX_RETENTION", "SIMPEG_NATS_STREAM_MAX_AGE", "SIMPEG_PROCESSED_EVENTS_RETENTION"}
	for _, b := range []struct {
		name, pkg string
		env       []string
	}{
		{"simpeg", ".", []string{"SIMPEG_DATA_DIR=" + t.TempDir(), "SIMPEG_NATS_URL=", "SIMPEG_EMBEDDED_NATS_ADDR=127.0.0.1:0",
			"SIMPEG_HTTP_ADDR=127.0.0.1:0", "SIMPEG_PLANNING_GRPC_ADDR=127.0.0.1:0", "SIMPEG_ATTENDANCE_GRPC_ADDR=127.0.0.1:0",
			"SIMPEG_PLANNING_METRICS_ADDR=", "SIMPEG_ATTENDANCE_METRICS_ADDR=", "SIMPEG_GATEWAY_METRICS_ADDR=",
			"SIMPEG_PLANNING_DATABASE_URL=", "SIMPEG_ATTENDANCE_DATABASE_URL=",
			"SIMPEG_TRAINING_GRPC_ADDR=127.0.0.1:0", "SIMPEG_TRAINING_METRICS_ADDR=", "SIMPEG_TRAINING_DATABASE_URL=",
			"SIMPEG_EVALUATION_GRPC_ADDR=127.0.0.1:0", "SIMPEG_EVALUATION_METRICS_ADDR=", "SIMPEG_EVALUATION_DATABASE_URL="}},
		{"planning", "github.com/simpeg-id/simpeg/services/planning/cmd/planning", []string{"SIMPEG_PLANNING_GRPC_ADDR=127.0.0.1:0",
			"SIMPEG_PLANNING_METRICS_ADDR=", "SIMPEG_PLANNING_DATABASE_URL=" + filepath.Join(t.TempDir(), "planning.db"),
			"SIMPEG_NATS_URL=" + natsURL, "SIMPEG_NATS_PREFIX=" + testenv.Prefix(t, natsURL), "SIMPEG_AUTH_KEY_FILE=" + keyFile}},
	} {
		t.Run(b.name, func(t *testing.T) {
			bin := availBuild(t, b.pkg)
			help, _ := exec.Command(bin, "--help").CombinedOutput()
			for _, want := range names {
				if !strings.Contains(string(help), want) {
					t.Errorf("--help lacks %s", want)
				}
			}
			runUntil(t, bin, append(b.env, "SIMPEG_OUTBOX_RETENTION=2h", "SIMPEG_NATS_STREAM_MAX_AGE=72h", "SIMPEG_PROCESSED_EVENTS_RETENTION=96h"),
				30*time.Second, func(out string) bool {
					return strings.Contains(out, `"outbox-retention":"2h0m0s"`) && strings.Contains(out, `"nats-stream-max-age":"72h0m0s"`) &&
						strings.Contains(out, `"processed-events-retention":"96h0m0s"`) && strings.Contains(out, `"max_age":"72h0m0s"`)
				})
			cmd := exec.Command(bin)
			cmd.Env = append(append(os.Environ(), b.env...), "SIMPEG_NATS_STREAM_MAX_AGE=72h", "SIMPEG_PROCESSED_EVENTS_RETENTION=48h")
			out, err := cmd.CombinedOutput()
			if err == nil || !strings.Contains(string(out), "SIMPEG_PROCESSED_EVENTS_RETENTION (48h0m0s) is shorter than SIMPEG_NATS_STREAM_MAX_AGE (72h0m0s)") {
				t.Errorf("a processed-events retention below the stream's max age: %v\n%s", err, out)
			}
		})
	}
}
