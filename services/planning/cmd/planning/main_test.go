package main

import (
	"testing"

	"github.com/simpeg-id/simpeg/platform/servicemain/servicemaintest"
)

func TestBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary; skipped with -short")
	}
	bin := servicemaintest.Build(t)
	servicemaintest.CheckHelp(t, bin,
		`--planning-grpc-addr (env SIMPEG_PLANNING_GRPC_ADDR, default "127.0.0.1:9090")`,
		`--planning-metrics-addr (env SIMPEG_PLANNING_METRICS_ADDR, default "127.0.0.1:9091")`,
		`(env SIMPEG_PLANNING_DATABASE_URL, default "")`,
		"deprecated name: SIMPEG_GRPC_ADDR")
	servicemaintest.CheckDeprecatedNames(t, bin, "planning")
}
