// Package attendance is the attendance service: the working calendar, offices with their
// geofences, check-in and check-out from the web and phones. Start is the one entry point; the
// per-service binary (cmd/attendance) and the all-in-one binary (cmd/simpeg) both call it.
// Everything else is internal.
package attendance

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"strings"
	"time"

	"google.golang.org/grpc"

	"github.com/simpeg-id/simpeg/platform/bus"
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
	service.Config `service:"attendance"`
	// Planning is where the service reaches planning, to back-fill the employee directory
	// (SIMPEG_PLANNING_ADDR, SIMPEG_PLANNING_TOKEN with role service and scope planning.read).
	Planning service.Upstream `service:"planning"`
	PolicySettings
}

// PolicySettings are the deployment's attendance policy, read by every binary that runs the
// service.
type PolicySettings struct {
	GeofenceRadiusMeters int           `env:"SIMPEG_GEOFENCE_RADIUS_METERS" default:"100" help:"geofence radius of offices that set none (policy)"`
	OutsideGeofence      string        `env:"SIMPEG_OUTSIDE_GEOFENCE" default:"flag" help:"check-ins outside the geofence: flag (record and flag) or refuse (policy)"`
	OfflineUploadLimit   time.Duration `env:"SIMPEG_OFFLINE_UPLOAD_LIMIT" default:"72h" help:"how old an offline phone's check-in may be when it is uploaded (policy)"`
	// CollectiveLeaveReducesAnnual: DOMAIN.md, collective leave (cuti bersama) "does not reduce
	// annual leave (*policy*)"; a city whose decree says otherwise sets it.
	CollectiveLeaveReducesAnnual bool `env:"SIMPEG_COLLECTIVE_LEAVE_REDUCES_ANNUAL" default:"false" help:"collective leave days (cuti bersama) are taken from the annual leave balance (policy; DOMAIN.md: they are not)"`
	// SecondApprovalLeaveTypes: DOMAIN.md, a leave request is approved by the direct supervisor
	// "and, *policy*, a second authorised official for long types": besar, CLTN and sick leave
	// over 14 working days (where Peraturan BKN 24/2017 asks for a government doctor).
	SecondApprovalLeaveTypes string `env:"SIMPEG_SECOND_APPROVAL_LEAVE_TYPES" default:"long,unpaid,sick" help:"leave types that agency HR approves after the supervisor, comma-separated (annual, long, sick, maternity, important_reasons, unpaid, or tahunan, besar, sakit, melahirkan, alasan_penting, cltn); sick only over 14 working days; empty: none (policy)"`
	// LatenessMinutesPerDay: 450 minutes (7.5 hours) of late arrival and early departure in a
	// year count as one day of unexcused absence toward PP 94/2021 (Peraturan BKN 6/2022).
	LatenessMinutesPerDay int `env:"SIMPEG_LATENESS_MINUTES_PER_DAY" default:"450" help:"minutes of late arrival and early departure in a year that count as one day of unexcused absence toward the PP 94/2021 thresholds (policy; Peraturan BKN 6/2022); 0 disables the conversion"`
	// DirectoryReconcileInterval: a pass reads planning's registry a page of 1,000 at a time
	// and writes only what differs (a city of 20,000 employees: 20 calls, well under a second
	// of planning's time), so every 10 minutes costs little and bounds how long a copy that
	// diverged (an event lost, a restored backup) keeps refusing an employee's check-in.
	DirectoryReconcileInterval time.Duration `env:"SIMPEG_DIRECTORY_RECONCILE_INTERVAL" default:"10m" help:"how often the employee directory copy is compared with planning's registry by version and healed (also once at start); 0 disables"`
}

// planningService is the name of the service attendance calls.
const planningService = "planning"

// directoryDurable is the durable consumer that keeps the directory copy from planning's stream.
const directoryDurable = Name + "-directory"

// Own returns the policy settings, the service's own beyond the shared ones.
func (c *Config) Own() any { return &c.PolicySettings }

// Validate reports the settings that cannot work: the shared ones and the policy.
func (c *Config) Validate() error {
	_, err := c.Policy()
	return errors.Join(c.Config.Validate(), err)
}

// Policy returns the deployment's attendance policy from the configuration.
func (c Config) Policy() (domain.Policy, error) {
	p := domain.DefaultPolicy()
	p.GeofenceRadiusMeters = float64(c.GeofenceRadiusMeters)
	p.OutsideGeofence = domain.GeofenceAction(c.OutsideGeofence)
	p.OfflineUploadLimit = c.OfflineUploadLimit
	p.CollectiveLeaveReducesAnnual = c.CollectiveLeaveReducesAnnual
	types, err := secondApprovalTypes(c.SecondApprovalLeaveTypes)
	if err != nil {
		return p, fmt.Errorf("attendance policy: %w", err)
	}
	p.SecondApprovalForLongLeave, p.SecondApprovalTypes = types != 0, types
	p.LatenessMinutesPerDay = c.LatenessMinutesPerDay
	if err := p.Validate(); err != nil {
		return p, fmt.Errorf("attendance policy: %w", err)
	}
	return p, nil
}

// secondApprovalTypes reads SIMPEG_SECOND_APPROVAL_LEAVE_TYPES: leave types by their API or
// Indonesian names, comma-separated; empty is none.
func secondApprovalTypes(list string) (domain.LeaveTypeSet, error) {
	var types []domain.LeaveType
	for _, name := range strings.Split(list, ",") {
		if strings.TrimSpace(name) == "" {
			continue
		}
		t, err := domain.ParseLeaveType(name)
		if err != nil {
			return 0, fmt.Errorf("SIMPEG_SECOND_APPROVAL_LEAVE_TYPES: %w", err)
		}
		types = append(types, t)
	}
	return domain.NewLeaveTypeSet(types...), nil
}

// Migrations returns the service's migration sets: its own, and the named ones of the libraries
// it embeds (the directory copy).
func Migrations() (own fs.FS, more map[string]fs.FS) {
	return store.Migrations(), map[string]fs.FS{"directory": directory.Migrations()}
}

// Start starts the service with cfg; call Shutdown on the result to stop it. opts may pass
// the connection to planning (service.WithClient) instead of dialling Config.Planning.
func Start(ctx context.Context, cfg Config, log *slog.Logger, opts ...service.Option) (*service.Runtime, error) {
	if _, err := cfg.Policy(); err != nil {
		return nil, err
	}
	return service.Start(ctx, cfg.Config, cfg.Spec(), log, opts...)
}

// Spec describes the service configured by c to the platform runtime. Registering it fails
// when the policy is invalid (Validate tells before).
func (c *Config) Spec() service.Spec {
	policy, policyErr := c.Policy()
	own, more := Migrations()
	return service.Spec{
		Name:           Name,
		ServiceName:    attendancev1.AttendanceService_ServiceDesc.ServiceName,
		Migrations:     own,
		MoreMigrations: more,
		Rules:          grpcapi.Rules,
		Idempotent:     grpcapi.Idempotent,
		Needs:          map[string]service.Upstream{planningService: c.Planning},
		Follows:        []bus.Follow{{Service: planningService, Durable: directoryDurable}},
		Register: func(ctx context.Context, s grpc.ServiceRegistrar, d service.Deps) error {
			if policyErr != nil {
				return policyErr
			}
			dir := directory.New(d.DB)
			st := store.New(d.DB, d.Outbox, events.Encode)
			// A check-in reads its employee from a snapshot of the copy, current within 5 s
			// (store.DirectoryCache); every other use case reads the copy itself.
			uc := app.New(st, dir, policy, time.Now).WithCheckInDirectory(store.NewDirectoryCache(d.DB, dir, time.Now))
			attendancev1.RegisterAttendanceServiceServer(s, grpcapi.New(uc, d.DB))
			if _, err := dir.Keep(ctx, directory.KeepOptions{JS: d.JS, Prefix: d.Prefix, Durable: directoryDurable,
				Planning: planningv1.NewPlanningServiceClient(d.Client(planningService)), Log: d.Log, Metrics: d.Metrics,
				ReconcileInterval: c.DirectoryReconcileInterval}); err != nil {
				return fmt.Errorf("keeping the directory copy: %w", err)
			}
			return nil
		},
	}
}
