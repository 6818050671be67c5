// Command evaluation runs the evaluation service alone, for deployments that give each service
// its own process: point SIMPEG_EVALUATION_DATABASE_URL at PostgreSQL, SIMPEG_NATS_URL at the
// NATS cluster and SIMPEG_PLANNING_ADDR at the planning service, and run as many replicas as
// needed. evaluation --help lists the settings.
package main

import (
	"github.com/simpeg-id/simpeg/platform/servicemain"
	"github.com/simpeg-id/simpeg/services/evaluation"
)

func main() { servicemain.Main(new(evaluation.Config)) }
