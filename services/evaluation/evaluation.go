// Package evaluation is the evaluation service: performance years and their periods, each
// employee's SKP cascaded from their appraiser's, realisation with evidence, continuous feedback
// and dialogues, peer input, periodic and annual ratings by the matrix of PermenPANRB 6/2022,
// the agency's distribution bound, objections and credit points, with their reports. Start is
// the one entry point; the per-service binary (cmd/evaluation) and the all-in-one binary
// (cmd/simpeg) both call it. Everything else is internal.
package evaluation

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"time"

	"google.golang.org/grpc"

	"github.com/simpeg-id/simpeg/platform/bus"
	"github.com/simpeg-id/simpeg/platform/service"
	evaluationv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/evaluation/v1"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/app"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/events"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/grpcapi"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/store"
	"github.com/simpeg-id/simpeg/services/planning/directory"
)

// Name is the service's name in stream names, subjects and logs.
const Name = "evaluation"

// Config is the evaluation service's configuration.
type Config struct {
	service.Config `service:"evaluation"`
	// Planning is where the service reaches planning, to back-fill the employee directory
	// (SIMPEG_PLANNING_ADDR, SIMPEG_PLANNING_TOKEN with role service and scope planning.read).
	Planning service.Upstream `service:"planning"`
	PolicySettings
}

// PolicySettings are the evaluation service's own settings, read by every binary that runs it.
type PolicySettings struct {
	// Cadence: PermenPANRB 6/2022, the periodic evaluation is quarterly unless the agency
	// chooses monthly; the default for a year opened without one.
	Cadence string `env:"SIMPEG_EVALUATION_CADENCE" default:"quarterly" help:"the periodic evaluation's cadence for a year opened without one: quarterly or monthly (policy; PermenPANRB 6/2022: quarterly)"`
	// ObjectionDays: PP 30/2019 art. 59, an objection is filed within 14 days of receiving the
	// rating.
	ObjectionDays int `env:"SIMPEG_EVALUATION_OBJECTION_DAYS" default:"14" help:"calendar days after an annual rating is finalised in which its holder may object (policy; PP 30/2019 art. 59: 14)"`
	// RatingDueDays: how long after a period's end its rating is due, for the completion
	// report; the service's default, not a regulation's figure.
	RatingDueDays int `env:"SIMPEG_EVALUATION_RATING_DUE_DAYS" default:"14" help:"days after a period's end its rating is due, for a year that sets none (policy); later ones are reported overdue"`
	// DistributionFile replaces the default distribution bounds (domain.DistributionBounds).
	DistributionFile string `env:"SIMPEG_EVALUATION_DISTRIBUTION_FILE" help:"JSON file replacing the distribution bounds per organisation predicate, {\"baik\": [{\"predicates\": [\"sangat_baik\", \"baik\"], \"at_most\": true, \"percent\": 70}], …}; empty: the defaults from PermenPANRB 6/2022's annex (docs in services/evaluation/README.md)"`
	// SupervisorSyncInterval is how often open SKPs are compared with the directory's
	// supervisors and agencies: a new supervisor or a transfer closes the SKP and opens the next.
	SupervisorSyncInterval time.Duration `env:"SIMPEG_EVALUATION_SUPERVISOR_SYNC_INTERVAL" default:"1m" help:"how often open SKPs are compared with the directory: an SKP whose holder has a new supervisor or agency is closed and the next one opened (also once at start); 0 disables"`
	// DirectoryReconcileInterval is attendance's SIMPEG_DIRECTORY_RECONCILE_INTERVAL for
	// evaluation's own copy.
	DirectoryReconcileInterval time.Duration `env:"SIMPEG_EVALUATION_DIRECTORY_RECONCILE_INTERVAL" default:"10m" help:"how often evaluation's employee directory copy is compared with planning's registry by version and healed (also once at start); 0 disables"`
}

// planningService is the name of the service evaluation calls.
const planningService = "planning"

// directoryDurable is the durable consumer that keeps the directory copy from planning's stream.
const directoryDurable = Name + "-directory"

// Own returns the service's own settings beyond the shared ones.
func (c *Config) Own() any { return &c.PolicySettings }

// Validate reports the settings that cannot work.
func (c *Config) Validate() error {
	_, err := c.Policy()
	errList := []error{c.Config.Validate(), err}
	if c.SupervisorSyncInterval < 0 {
		errList = append(errList, errors.New("SIMPEG_EVALUATION_SUPERVISOR_SYNC_INTERVAL must not be negative"))
	}
	if c.DirectoryReconcileInterval < 0 {
		errList = append(errList, errors.New("SIMPEG_EVALUATION_DIRECTORY_RECONCILE_INTERVAL must not be negative"))
	}
	return errors.Join(errList...)
}

// Policy returns the deployment's evaluation policy from the configuration, reading the
// distribution file when one is named. Each setting is checked alone against the domain's
// rules (domain.Policy.Validate), so that an error names the setting to change.
func (c Config) Policy() (domain.Policy, error) {
	p := domain.DefaultPolicy()
	var errList []error
	for _, s := range []struct {
		env string
		set func(*domain.Policy)
	}{
		{"SIMPEG_EVALUATION_CADENCE", func(p *domain.Policy) { p.Cadence = domain.Cadence(c.Cadence) }},
		{"SIMPEG_EVALUATION_OBJECTION_DAYS", func(p *domain.Policy) { p.ObjectionDays = c.ObjectionDays }},
		{"SIMPEG_EVALUATION_RATING_DUE_DAYS", func(p *domain.Policy) { p.RatingDueDays = c.RatingDueDays }},
	} {
		alone := domain.DefaultPolicy()
		s.set(&alone)
		if err := alone.Validate(); err != nil {
			errList = append(errList, fmt.Errorf("%s: %w", s.env, err))
		}
		s.set(&p)
	}
	if c.DistributionFile != "" {
		bounds, err := readBounds(c.DistributionFile)
		if err != nil {
			errList = append(errList, fmt.Errorf("SIMPEG_EVALUATION_DISTRIBUTION_FILE %s: %w", c.DistributionFile, err))
		} else {
			p.Bounds = bounds
		}
	}
	if err := errors.Join(errList...); err != nil {
		return p, fmt.Errorf("evaluation policy: %w", err)
	}
	return p, nil
}

// readBounds reads a distribution file: a JSON object from organisation predicate to its rules
// (domain.Bound), every field spelt as documented — an unknown one (say "atMost") would
// silently turn an at-most rule into an at-least one, so it is refused.
func readBounds(file string) (map[domain.OrganisationPredicate][]domain.Bound, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	bounds := map[domain.OrganisationPredicate][]domain.Bound{}
	if err := dec.Decode(&bounds); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, errors.New("more than one JSON value")
	}
	for o := range bounds {
		if !o.Valid() {
			return nil, fmt.Errorf("%q is not an organisation predicate (want one of %v)", o, domain.OrganisationPredicates())
		}
	}
	p := domain.DefaultPolicy()
	p.Bounds = bounds
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return bounds, nil
}

// Rules returns the service's authorization table, for tests and documentation.
func Rules() map[string]bool {
	out := make(map[string]bool, len(grpcapi.Rules))
	for m := range grpcapi.Rules {
		out[m] = true
	}
	return out
}

// Migrations returns the service's migration sets: its own, and the named ones of the libraries
// it embeds (the directory copy).
func Migrations() (own fs.FS, more map[string]fs.FS) {
	return store.Migrations(), map[string]fs.FS{"directory": directory.Migrations()}
}

// Start starts the service with cfg; call Shutdown on the result to stop it. opts may pass
// the connection to planning (service.WithClient) instead of dialling Config.Planning.
func Start(ctx context.Context, cfg Config, log *slog.Logger, opts ...service.Option) (*service.Runtime, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("invalid configuration: %w", err)
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
		ServiceName:    evaluationv1.EvaluationService_ServiceDesc.ServiceName,
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
			planning := planningv1.NewPlanningServiceClient(d.Client(planningService))
			dir := directory.New(d.DB)
			st := store.New(d.DB, d.Outbox, events.Encode)
			a := app.New(st, app.Options{Directory: dir, Policy: policy, Now: time.Now})
			evaluationv1.RegisterEvaluationServiceServer(s, grpcapi.New(a, d.DB))
			if _, err := dir.Keep(ctx, directory.KeepOptions{JS: d.JS, Prefix: d.Prefix, Durable: directoryDurable,
				Planning: planning, Log: d.Log, Metrics: d.Metrics,
				ReconcileInterval: c.DirectoryReconcileInterval}); err != nil {
				return fmt.Errorf("keeping the directory copy: %w", err)
			}
			go syncSupervisors(ctx, a, c.SupervisorSyncInterval, d.Log)
			return nil
		},
	}
}

// syncSupervisors runs app.SyncSupervisors once at start and then every interval until ctx
// ends; a failure is logged and tried again at the next tick.
func syncSupervisors(ctx context.Context, a *app.App, interval time.Duration, log *slog.Logger) {
	if interval <= 0 {
		return
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		n, err := a.SyncSupervisors(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			log.Warn("comparing open SKPs with the directory", "err", err)
		case n > 0:
			log.Info("SKPs moved to a new appraiser", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
