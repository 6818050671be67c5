// Package planning is the planning service: the workforce registry (agencies, positions,
// employees) today, workload analysis and staffing work plans as they come. Start is the one
// entry point; the per-service binary (cmd/planning) and the all-in-one binary (cmd/simpeg)
// both call it. Everything else is internal.
package planning

import (
	"context"
	"log/slog"
	"time"

	"google.golang.org/grpc"

	"github.com/simpeg-id/simpeg/platform/service"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
	"github.com/simpeg-id/simpeg/services/planning/internal/app"
	"github.com/simpeg-id/simpeg/services/planning/internal/events"
	"github.com/simpeg-id/simpeg/services/planning/internal/grpcapi"
	"github.com/simpeg-id/simpeg/services/planning/internal/store"
)

// Name is the service's name in stream names, subjects and logs.
const Name = "planning"

// Config is the planning service's configuration: the settings every service has, named
// after planning (SIMPEG_PLANNING_GRPC_ADDR, …), nothing else yet.
type Config struct {
	service.Config `service:"planning"`
}

// Rules returns the service's authorization table, for tests and documentation.
func Rules() map[string]bool {
	out := make(map[string]bool, len(grpcapi.Rules))
	for m := range grpcapi.Rules {
		out[m] = true
	}
	return out
}

// Spec describes the service to the platform runtime.
func (c *Config) Spec() service.Spec { return Spec() }

// Spec describes the service to the platform runtime; it needs no settings.
func Spec() service.Spec {
	return service.Spec{
		Name:        Name,
		ServiceName: planningv1.PlanningService_ServiceDesc.ServiceName,
		Migrations:  store.Migrations(),
		Rules:       grpcapi.Rules,
		Idempotent:  grpcapi.Idempotent,
		Register: func(_ context.Context, s grpc.ServiceRegistrar, d service.Deps) error {
			st := store.New(d.DB, d.Outbox, events.Encode)
			planningv1.RegisterPlanningServiceServer(s, grpcapi.New(app.New(st, time.Now), d.DB, nil))
			return nil
		},
	}
}

// Start starts the service with cfg; call Shutdown on the result to stop it.
func Start(ctx context.Context, cfg Config, log *slog.Logger, opts ...service.Option) (*service.Runtime, error) {
	return service.Start(ctx, cfg.Config, Spec(), log, opts...)
}
