// Command attendance runs the attendance service alone, for deployments that give each service
// its own process: point SIMPEG_ATTENDANCE_DATABASE_URL at PostgreSQL, SIMPEG_NATS_URL at the
// NATS cluster and SIMPEG_PLANNING_ADDR at the planning service, and run as many replicas as
// needed. attendance --help lists the settings.
package main

import (
	"github.com/simpeg-id/simpeg/platform/servicemain"
	"github.com/simpeg-id/simpeg/services/attendance"
)

func main() { servicemain.Main(new(attendance.Config)) }
