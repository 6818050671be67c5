// Command planning runs the planning service alone, for deployments that give each service its
// own process: point SIMPEG_PLANNING_DATABASE_URL at PostgreSQL and SIMPEG_NATS_URL at the
// NATS cluster, and run as many replicas as needed. planning --help lists the settings.
package main

import (
	"github.com/simpeg-id/simpeg/platform/servicemain"
	"github.com/simpeg-id/simpeg/services/planning"
)

func main() { servicemain.Main(new(planning.Config)) }
