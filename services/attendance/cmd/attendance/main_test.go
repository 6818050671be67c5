package main

import (
	"testing"

	"github.com/simpeg-id/simpeg/platform/servicemain/servicemaintest"
)

// TestBinary checks the real executable: its --help and its start-up with the deprecated names.
func TestBinary(t *testing.T) {
	// Planning need not run: the directory is back-filled once it answers.
	servicemaintest.CheckBinary(t, "attendance", []string{
		`--attendance-grpc-addr (env SIMPEG_ATTENDANCE_GRPC_ADDR, default "127.0.0.1:9092")`,
		`--attendance-metrics-addr (env SIMPEG_ATTENDANCE_METRICS_ADDR, default "127.0.0.1:9093")`,
		`(env SIMPEG_ATTENDANCE_DATABASE_URL, default "")`,
		`--planning-addr (env SIMPEG_PLANNING_ADDR, default "127.0.0.1:9090")`,
		`(env SIMPEG_PLANNING_TOKEN, default "")`,
		`(env SIMPEG_OUTSIDE_GEOFENCE, default "flag")`,
		`--lateness-minutes-per-day (env SIMPEG_LATENESS_MINUTES_PER_DAY, default "450")`,
		`--directory-reconcile-interval (env SIMPEG_DIRECTORY_RECONCILE_INTERVAL, default "10m")`,
		`--auth-token-cache (env SIMPEG_AUTH_TOKEN_CACHE, default "250000")`,
		"deprecated name: SIMPEG_DATABASE_URL",
	}, "SIMPEG_PLANNING_ADDR=127.0.0.1:1", "SIMPEG_AUTH_TOKEN_CACHE=5000")
}
