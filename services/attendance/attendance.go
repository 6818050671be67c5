// Package attendance is the attendance service: the working calendar, offices with their
// geofences, check-in and check-out from the web and phones. Start is the one entry point; the
// per-service binary (cmd/attendance) and the all-in-one binary (cmd/simpeg) both call it.
// Everything else is internal.
package attendance

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/simpeg-id/simpeg/platform/service"
	attendancev1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/attendance/v1"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
	"github.com/simpeg-id/simpeg/services/attendance/internal/app"
	"github.com/simpeg-id/simpeg/services/attendance/internal/domain"
	"github.com/simpeg-id/simpeg/services/attendance/internal/events"
	"github.com/simpeg-id/simpeg/services/attendance/internal/grpcapi"
	"github.com/simpeg-id/simpeg/services/attendance/internal/store"
	"github.com/simpeg-id/simpeg/services/planning/directory"
)

// Name is the service's name in stream names, subjects and logs.
const Name = "attendance"

// Config is the attendance service's configuration.
type Config struct {
	service.Config
	PlanningAddr         string        `env:"SIMPEG_PLANNING_ADDR" default:"127.0.0.1:9090" help:"gRPC address of the planning service, to back-fill the employee directory"`
	PlanningToken        string        `env:"SIMPEG_PLANNING_TOKEN" secret:"true" help:"bearer token (role service, scope planning.read) for calling planning"`
	GeofenceRadiusMeters int           `env:"SIMPEG_GEOFENCE_RADIUS_METERS" default:"100" help:"geofence radius of offices that set none (policy)"`
	OutsideGeofence      string        `env:"SIMPEG_OUTSIDE_GEOFENCE" default:"flag" help:"check-ins outside the geofence: flag (record and flag) or refuse (policy)"`
	OfflineUploadLimit   time.Duration `env:"SIMPEG_OFFLINE_UPLOAD_LIMIT" default:"72h" help:"how old an offline phone's check-in may be when it is uploaded (policy)"`
}

// Defaults are the attendance service's own defaults where they differ from the shared
// settings': its ports, so it runs beside planning on one machine.
var Defaults = map[string]string{
	"SIMPEG_GRPC_ADDR":    "127.0.0.1:9092",
	"SIMPEG_METRICS_ADDR": "127.0.0.1:9093",
}

// Defaults fills what the tags cannot: the SQLite file under the data directory.
func (c *Config) Defaults(dataDir string) {
	if c.DatabaseURL == "" {
		c.DatabaseURL = dataDir + "/" + Name + ".db"
	}
}

// Policy returns the deployment's attendance policy from the configuration.
func (c Config) Policy() (domain.Policy, error) {
	p := domain.DefaultPolicy()
	p.GeofenceRadiusMeters = float64(c.GeofenceRadiusMeters)
	p.OutsideGeofence = domain.GeofenceAction(c.OutsideGeofence)
	p.OfflineUploadLimit = c.OfflineUploadLimit
	if err := p.Validate(); err != nil {
		return p, fmt.Errorf("attendance policy: %w", err)
	}
	return p, nil
}

// Migrations returns the service's migration sets: its own, and the named ones of the libraries
// it embeds (the directory copy).
func Migrations() (own fs.FS, more map[string]fs.FS) {
	return store.Migrations(), map[string]fs.FS{"directory": directory.Migrations()}
}

// Option adjusts Start.
type Option func(*options)

type options struct {
	planning grpc.ClientConnInterface
}

// WithPlanning makes the service call planning over cc (the all-in-one binary passes planning's
// in-process channel) instead of dialling Config.PlanningAddr.
func WithPlanning(cc grpc.ClientConnInterface) Option {
	return func(o *options) { o.planning = cc }
}

// Start starts the service with cfg; call Shutdown on the result to stop it.
func Start(ctx context.Context, cfg Config, log *slog.Logger, opts ...Option) (*service.Runtime, error) {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	policy, err := cfg.Policy()
	if err != nil {
		return nil, err
	}
	var closeConn func() error
	if o.planning == nil {
		conn, err := grpc.NewClient(cfg.PlanningAddr, grpc.WithTransportCredentials(insecure.NewCredentials()))
		if err != nil {
			return nil, fmt.Errorf("dialling planning: %w", err)
		}
		o.planning, closeConn = conn, conn.Close
	}
	own, more := Migrations()
	spec := service.Spec{
		Name:           Name,
		ServiceName:    attendancev1.AttendanceService_ServiceDesc.ServiceName,
		Migrations:     own,
		MoreMigrations: more,
		Rules:          grpcapi.Rules,
		Idempotent:     grpcapi.Idempotent,
		Register: func(ctx context.Context, s grpc.ServiceRegistrar, d service.Deps) error {
			dir := directory.New(d.DB)
			st := store.New(d.DB, d.Outbox, events.Encode)
			attendancev1.RegisterAttendanceServiceServer(s, grpcapi.New(app.New(st, dir, policy, time.Now), d.DB))
			if _, err := dir.Keep(ctx, directory.KeepOptions{JS: d.JS, Prefix: d.Prefix, Durable: Name + "-directory",
				Planning: planningv1.NewPlanningServiceClient(o.planning), Token: cfg.PlanningToken, Log: d.Log}); err != nil {
				return fmt.Errorf("keeping the directory copy: %w", err)
			}
			if closeConn != nil {
				context.AfterFunc(ctx, func() { _ = closeConn() })
			}
			return nil
		},
	}
	return service.Start(ctx, cfg.Config, spec, log)
}
