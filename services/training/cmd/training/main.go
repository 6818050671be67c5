// Command training runs the training service alone, for deployments that give each service its
// own process: point SIMPEG_TRAINING_DATABASE_URL at PostgreSQL, SIMPEG_NATS_URL at the NATS
// cluster, SIMPEG_PLANNING_ADDR at the planning service and SIMPEG_TRAINING_CERTIFICATE_KEY_FILE
// at the certificate signing key, and run as many replicas as needed. training --help lists
// the settings.
package main

import (
	"github.com/simpeg-id/simpeg/platform/servicemain"
	"github.com/simpeg-id/simpeg/services/training"
)

func main() { servicemain.Main(new(training.Config)) }
