package main

import (
	"github.com/simpeg-id/simpeg/platform/service"
	"github.com/simpeg-id/simpeg/services/attendance"
	"github.com/simpeg-id/simpeg/services/evaluation"
	"github.com/simpeg-id/simpeg/services/planning"
	"github.com/simpeg-id/simpeg/services/training"
)

// services are the services of the all-in-one binary, in start order: a service comes after
// the services it needs (Spec.Needs). A service it calls that calls it back (Spec.Calls:
// planning reads training's, attendance's and evaluation's APIs) may come after it: its
// connection is bound when that service starts (service.Late). `simpeg run` starts them in this
// order and stops them in reverse, lists them in the banner and puts them behind the gateway;
// `simpeg migrate` migrates each. Their settings are named after them (SIMPEG_<NAME>_GRPC_ADDR, …) with the
// ports of the port table (config.Ports). Adding a service is one entry.
var services = []func() service.Settings{
	func() service.Settings { return new(planning.Config) },
	func() service.Settings { return new(attendance.Config) },
	func() service.Settings { return new(training.Config) },
	func() service.Settings { return new(evaluation.Config) },
}
