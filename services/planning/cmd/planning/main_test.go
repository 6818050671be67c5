package main

import (
	"testing"

	"github.com/simpeg-id/simpeg/platform/servicemain/servicemaintest"
)

// TestBinary checks the real executable: its --help and its start-up with the deprecated names.
func TestBinary(t *testing.T) {
	servicemaintest.CheckBinary(t, "planning", []string{
		`--planning-grpc-addr (env SIMPEG_PLANNING_GRPC_ADDR, default "127.0.0.1:9090")`,
		`--planning-metrics-addr (env SIMPEG_PLANNING_METRICS_ADDR, default "127.0.0.1:9091")`,
		`(env SIMPEG_PLANNING_DATABASE_URL, default "")`,
		"deprecated name: SIMPEG_GRPC_ADDR",
	})
}
