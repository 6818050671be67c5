package main

import (
	"testing"

	"github.com/simpeg-id/simpeg/platform/servicemain/servicemaintest"
)

// TestBinary checks the real executable: its --help (with the measuring services' addresses and
// the staffing policy and schedules) and its start-up with the deprecated names.
func TestBinary(t *testing.T) {
	servicemaintest.CheckBinary(t, "planning", []string{
		`--planning-grpc-addr (env SIMPEG_PLANNING_GRPC_ADDR, default "127.0.0.1:9090")`,
		`--planning-metrics-addr (env SIMPEG_PLANNING_METRICS_ADDR, default "127.0.0.1:9091")`,
		`(env SIMPEG_PLANNING_DATABASE_URL, default "")`,
		"deprecated name: SIMPEG_GRPC_ADDR",
		`--training-addr (env SIMPEG_TRAINING_ADDR, default "127.0.0.1:9094")`,
		`(env SIMPEG_TRAINING_TOKEN, default "")`,
		`--attendance-addr (env SIMPEG_ATTENDANCE_ADDR, default "127.0.0.1:9092")`,
		`(env SIMPEG_ATTENDANCE_TOKEN, default "")`,
		`--evaluation-addr (env SIMPEG_EVALUATION_ADDR, default "127.0.0.1:9096")`,
		`(env SIMPEG_EVALUATION_TOKEN, default "")`,
		`--planning-effective-hours (env SIMPEG_PLANNING_EFFECTIVE_HOURS, default "1250")`,
		`--planning-retirement-ages-file (env SIMPEG_PLANNING_RETIREMENT_AGES_FILE, default "")`,
		`--planning-at-risk-margin (env SIMPEG_PLANNING_AT_RISK_MARGIN, default "0.10")`,
		`--planning-monitor-interval (env SIMPEG_PLANNING_MONITOR_INTERVAL, default "1s")`,
		`--planning-remeasure-interval (env SIMPEG_PLANNING_REMEASURE_INTERVAL, default "1m")`,
		`--planning-sweep-interval (env SIMPEG_PLANNING_SWEEP_INTERVAL, default "1m")`,
		`--planning-report-interval (env SIMPEG_PLANNING_REPORT_INTERVAL, default "1h")`,
	})
}
