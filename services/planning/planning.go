// Package planning is the planning service: the workforce registry (agencies, positions,
// employees), the workload analysis with the staffing needs and retirements ahead, and the
// staffing work plans whose targets are measured from the other services' events and APIs,
// with the dashboards and monthly reports over them. Start is the one entry point; the
// per-service binary (cmd/planning) and the all-in-one binary (cmd/simpeg) both call it.
// Everything else is internal.
package planning

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"slices"
	"time"

	"google.golang.org/grpc"

	"github.com/simpeg-id/simpeg/platform/service"
	attendancev1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/attendance/v1"
	evaluationv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/evaluation/v1"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
	trainingv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/training/v1"
	"github.com/simpeg-id/simpeg/services/planning/internal/app"
	"github.com/simpeg-id/simpeg/services/planning/internal/domain"
	"github.com/simpeg-id/simpeg/services/planning/internal/events"
	"github.com/simpeg-id/simpeg/services/planning/internal/grpcapi"
	"github.com/simpeg-id/simpeg/services/planning/internal/monitor"
	"github.com/simpeg-id/simpeg/services/planning/internal/store"
)

// Name is the service's name in stream names, subjects and logs.
const Name = "planning"

// The services whose events and APIs measure the work plans' targets (Spec.Calls). Each calls
// planning (Spec.Needs), so it starts after planning in the all-in-one binary.
const (
	trainingService   = "training"
	attendanceService = "attendance"
	evaluationService = "evaluation"
)

// sourceServices are the measuring services in the order they are logged.
var sourceServices = []string{trainingService, attendanceService, evaluationService}

// Config is the planning service's configuration: the settings every service has, named after
// planning (SIMPEG_PLANNING_GRPC_ADDR, …), where it reaches the services that measure the work
// plans' targets, and its staffing policy and schedules.
type Config struct {
	service.Config `service:"planning"`
	// Training is where planning reads the JP and internships of a plan created mid-year
	// (SIMPEG_TRAINING_ADDR, SIMPEG_TRAINING_TOKEN with role service and scope training.read);
	// an empty address in a per-service deployment means it is not reached: the JP, programme
	// and internship targets are refused.
	Training service.Upstream `service:"training"`
	// Attendance is where planning reads the days of the year so far (SIMPEG_ATTENDANCE_ADDR,
	// SIMPEG_ATTENDANCE_TOKEN with scope attendance.read); empty: the attendance targets are
	// refused.
	Attendance service.Upstream `service:"attendance"`
	// Evaluation is where planning reads the SKPs and ratings of the year so far
	// (SIMPEG_EVALUATION_ADDR, SIMPEG_EVALUATION_TOKEN with scope evaluation.read); empty: the
	// SKP, rating and feedback targets are refused.
	Evaluation service.Upstream `service:"evaluation"`
	PolicySettings
}

// PolicySettings are the planning service's own settings, read by every binary that runs it.
type PolicySettings struct {
	// EffectiveHours is domain.Policy.EffectiveHours: PermenPAN-RB 1/2020 on the workload
	// analysis (ABK) divides the yearly workload by 1,250 effective hours.
	EffectiveHours int `env:"SIMPEG_PLANNING_EFFECTIVE_HOURS" default:"1250" help:"one employee's effective working hours a year, the divisor of the workload analysis: need = Σ(volume × standard time) ÷ hours (policy; PermenPAN-RB 1/2020: 1250); 1 to 8784"`
	// RetirementAgesFile overrides entries of domain.DefaultRetirementAges.
	RetirementAgesFile string `env:"SIMPEG_PLANNING_RETIREMENT_AGES_FILE" help:"JSON file overriding retirement ages (BUP) per position level, {\"ahli_madya\": 60, …}, ages 50 to 70; empty: PP 11/2017 as amended by PP 17/2020 (58, 60 for JPT and Ahli Madya, 65 for Ahli Utama; services/planning/README.md)"`
	// AtRiskMargin is domain.Policy.AtRiskMargin.
	AtRiskMargin float64 `env:"SIMPEG_PLANNING_AT_RISK_MARGIN" default:"0.10" help:"how far behind its linear path a work plan's target may be, as a fraction of the distance from its baseline to its goal, and still be at risk rather than off track (policy); 0 to 1"`
	// MonitorInterval is how often the targets touched by new events are measured.
	MonitorInterval time.Duration `env:"SIMPEG_PLANNING_MONITOR_INTERVAL" default:"1s" help:"how often the work plans' targets touched by the other services' events are measured anew (and new targets back-filled from their APIs); positive"`
	// RemeasureInterval is how often every active target is measured, as its path moves with time.
	RemeasureInterval time.Duration `env:"SIMPEG_PLANNING_REMEASURE_INTERVAL" default:"1m" help:"how often every active target is measured anew, since its expected value moves along its path with time (at risk, off track); positive"`
	// SweepInterval is how often approved plans start and overdue actions are reported.
	SweepInterval time.Duration `env:"SIMPEG_PLANNING_SWEEP_INTERVAL" default:"1m" help:"how often approved work plans whose year began are started and actions past their due date reported (also once at start); 0 disables"`
	// ReportInterval is how often the monthly reports due are generated.
	ReportInterval time.Duration `env:"SIMPEG_PLANNING_REPORT_INTERVAL" default:"1h" help:"how often the monthly reports due (each agency's, for the month just ended) are generated (also once at start); 0 disables"`
}

// Own returns the service's own settings beyond the shared ones.
func (c *Config) Own() any { return &c.PolicySettings }

// Validate reports the settings that cannot work, each naming its setting.
func (c *Config) Validate() error {
	_, err := c.Policy()
	errList := []error{c.Config.Validate(), err}
	for _, d := range []struct {
		env      string
		v        time.Duration
		positive bool
	}{
		{"SIMPEG_PLANNING_MONITOR_INTERVAL", c.MonitorInterval, true},
		{"SIMPEG_PLANNING_REMEASURE_INTERVAL", c.RemeasureInterval, true},
		{"SIMPEG_PLANNING_SWEEP_INTERVAL", c.SweepInterval, false},
		{"SIMPEG_PLANNING_REPORT_INTERVAL", c.ReportInterval, false},
	} {
		switch {
		case d.positive && d.v <= 0:
			errList = append(errList, fmt.Errorf("%s is %s; want a positive duration", d.env, d.v))
		case d.v < 0:
			errList = append(errList, fmt.Errorf("%s is %s; want 0 (disabled) or a positive duration", d.env, d.v))
		}
	}
	return errors.Join(errList...)
}

// The bounds of the policy settings.
const (
	// maxEffectiveHours is a leap year's hours: no one works more in a year.
	maxEffectiveHours = 366 * 24
	// minRetirementAge and maxRetirementAge bound the BUP an override may set: the law's ages
	// are 58 to 65, and no amendment foreseeable goes beyond these.
	minRetirementAge, maxRetirementAge = 50, 70
)

// Policy returns the deployment's staffing policy from the configuration, reading the
// retirement-ages file when one is named; each error names the setting to change.
func (c Config) Policy() (domain.Policy, error) {
	p := domain.DefaultPolicy()
	var errList []error
	if c.EffectiveHours < 1 || c.EffectiveHours > maxEffectiveHours {
		errList = append(errList, fmt.Errorf("SIMPEG_PLANNING_EFFECTIVE_HOURS is %d; want 1 to %d hours a year", c.EffectiveHours, maxEffectiveHours))
	} else {
		p.EffectiveHours = c.EffectiveHours
	}
	if c.AtRiskMargin < 0 || c.AtRiskMargin > 1 {
		errList = append(errList, fmt.Errorf("SIMPEG_PLANNING_AT_RISK_MARGIN is %g; want a fraction from 0 to 1", c.AtRiskMargin))
	} else {
		p.AtRiskMargin = c.AtRiskMargin
	}
	if c.RetirementAgesFile != "" {
		ages, err := readRetirementAges(c.RetirementAgesFile)
		if err != nil {
			errList = append(errList, fmt.Errorf("SIMPEG_PLANNING_RETIREMENT_AGES_FILE %s: %w", c.RetirementAgesFile, err))
		} else {
			for level, age := range ages {
				p.RetirementAges[level] = age
			}
		}
	}
	if err := errors.Join(errList...); err != nil {
		return p, fmt.Errorf("planning policy: %w", err)
	}
	return p, nil
}

// readRetirementAges reads a retirement-ages file: one JSON object from position level (as the
// API spells it in lower case, "ahli_madya") to a whole age. It is read strictly, since a
// misspelt level would otherwise leave the default in force unnoticed: an unknown level, a
// level given twice, an age that is not a whole number from 50 to 70, or anything after the
// object is refused, naming what is wrong.
func readRetirementAges(file string) (map[domain.PositionLevel]int, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, errors.New(`want one JSON object of levels and ages, {"ahli_madya": 60, …}`)
	}
	ages := map[domain.PositionLevel]int{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		level := domain.PositionLevel(tok.(string)) // an object's keys are strings
		if !slices.Contains(domain.PositionLevels(), level) {
			return nil, fmt.Errorf("%q is not a position level (want one of %v)", level, domain.PositionLevels())
		}
		if _, dup := ages[level]; dup {
			return nil, fmt.Errorf("%q is given twice", level)
		}
		var age int
		if err := dec.Decode(&age); err != nil {
			return nil, fmt.Errorf("%q: the age is not a whole number of years: %w", level, err)
		}
		if age < minRetirementAge || age > maxRetirementAge {
			return nil, fmt.Errorf("%q: age %d; want %d to %d", level, age, minRetirementAge, maxRetirementAge)
		}
		ages[level] = age
	}
	if _, err := dec.Token(); err != nil { // the closing brace
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("more than one JSON value")
	}
	return ages, nil
}

// Rules returns the service's authorization table, for tests and documentation.
func Rules() map[string]bool {
	out := make(map[string]bool, len(grpcapi.Rules))
	for m := range grpcapi.Rules {
		out[m] = true
	}
	return out
}

// Spec describes the service with its default settings to the platform runtime, for tests
// and documentation (its rules, its consumers' NATS permissions); Config.Spec runs it.
func Spec() service.Spec { return new(Config).Spec() }

// Spec describes the service configured by c to the platform runtime. Registering it fails
// when the policy is invalid (Validate tells before).
func (c *Config) Spec() service.Spec {
	policy, policyErr := c.Policy()
	return service.Spec{
		Name:        Name,
		ServiceName: planningv1.PlanningService_ServiceDesc.ServiceName,
		Migrations:  store.Migrations(),
		Rules:       grpcapi.Rules,
		Idempotent:  grpcapi.Idempotent,
		Calls: map[string]service.Upstream{
			trainingService: c.Training, attendanceService: c.Attendance, evaluationService: c.Evaluation,
		},
		// The monitoring's durables on the measuring services' streams (NATS permissions).
		Follows: monitor.Follows(),
		Register: func(ctx context.Context, s grpc.ServiceRegistrar, d service.Deps) error {
			if policyErr != nil {
				return policyErr
			}
			var reached, unreached []string
			for _, name := range sourceServices {
				if d.Client(name) != nil {
					reached = append(reached, name)
				} else {
					unreached = append(unreached, name)
				}
			}
			d.Log.Info("work plan targets measured from", "reached", reached, "not_reached", unreached)
			st := store.New(d.DB, d.Outbox, events.Encode)
			a := app.New(st, time.Now, app.WithPolicy(policy), app.WithSources(reached...))
			var clients monitor.Clients // nil for a service not reached
			if cc := d.Client(trainingService); cc != nil {
				clients.Training = trainingv1.NewTrainingServiceClient(cc)
			}
			if cc := d.Client(attendanceService); cc != nil {
				clients.Attendance = attendancev1.NewAttendanceServiceClient(cc)
			}
			if cc := d.Client(evaluationService); cc != nil {
				clients.Evaluation = evaluationv1.NewEvaluationServiceClient(cc)
			}
			mon := monitor.New(monitor.Options{DB: d.DB, Store: st, JS: d.JS, Prefix: d.Prefix, Clients: clients,
				Policy: policy, Interval: c.MonitorInterval, RemeasureInterval: c.RemeasureInterval, Log: d.Log, Metrics: d.Metrics})
			if err := mon.Start(ctx); err != nil {
				return fmt.Errorf("starting the work plans' monitoring: %w", err)
			}
			planningv1.RegisterPlanningServiceServer(s, grpcapi.New(a, d.DB, mon))
			go every(ctx, c.SweepInterval, d.Log, "work plans started or actions overdue", a.SweepPlans)
			go every(ctx, c.ReportInterval, d.Log, "monthly reports generated", a.GenerateDueReports)
			return nil
		},
	}
}

// every runs f once at start and then every interval until ctx ends, logging what it changed
// (done: what the count counts); a failure is logged and tried again at the next tick. A zero
// interval disables it.
func every(ctx context.Context, interval time.Duration, log *slog.Logger, done string, f func(context.Context) (int, error)) {
	if interval <= 0 {
		return
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		n, err := f(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			log.Warn("background work failed; trying again at the next tick", "work", done, "err", err)
		case n > 0:
			log.Info(done, "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Start starts the service with cfg; call Shutdown on the result to stop it. opts may pass the
// connections to the measuring services (service.WithClient) instead of dialling them.
func Start(ctx context.Context, cfg Config, log *slog.Logger, opts ...service.Option) (*service.Runtime, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("invalid configuration: %w", err)
	}
	return service.Start(ctx, cfg.Config, cfg.Spec(), log, opts...)
}
