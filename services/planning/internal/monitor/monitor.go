// Package monitor measures the staffing work plans' targets (issue 12 §2) from what the other
// services report, never from what anyone types in:
//
//   - three durable consumers (consumer.go) follow training's, attendance's and evaluation's
//     streams and keep, exactly once per event, the facts the targets are counted from
//     (store.Facts: plan_fact_*), marking the (kind, agency, year) they touch dirty;
//   - a back-fill (backfill.go) reads over gRPC what happened before the plan was approved, for
//     each (source, agency, year) of an active target once, inserting only what no event wrote;
//   - one loop (Run, measure.go) measures the dirty targets every Interval and every active one
//     every RemeasureInterval (the linear path moves with time), each in a transaction with its
//     row locked, and emits TargetProgressed and TargetStatusChanged through planning's outbox;
//   - Watch (watch.go) tells WatchWorkPlan when a plan changed, from planning's own stream.
package monitor

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/simpeg-id/simpeg/platform/bus"
	"github.com/simpeg-id/simpeg/platform/database"
	attendancev1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/attendance/v1"
	evaluationv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/evaluation/v1"
	trainingv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/training/v1"
	"github.com/simpeg-id/simpeg/services/planning/internal/domain"
	"github.com/simpeg-id/simpeg/services/planning/internal/store"
)

// The durable consumers planning runs on the other services' streams.
const (
	DurableTraining   = "planning-training"
	DurableAttendance = "planning-attendance"
	DurableEvaluation = "planning-evaluation"
)

// Follows returns the durable consumers for service.Spec.Follows, so that NATS allows them.
func Follows() []bus.Follow {
	return []bus.Follow{
		{Service: "training", Durable: DurableTraining},
		{Service: "attendance", Durable: DurableAttendance},
		{Service: "evaluation", Durable: DurableEvaluation},
	}
}

// Clients are the other services' APIs the back-fill reads; nil: the service is not reached
// (the plan workflow refuses its kinds then, app.WithSources).
type Clients struct {
	Training   trainingv1.TrainingServiceClient
	Attendance attendancev1.AttendanceServiceClient
	Evaluation evaluationv1.EvaluationServiceClient
}

// Options configure a Monitor.
type Options struct {
	// DB is planning's database: the facts, and the events the consumers processed.
	DB *database.DB
	// Store is planning's store, whose unit of work emits the targets' events.
	Store *store.Store
	// JS is the JetStream connection; nil runs no consumer and no watcher (tests, no NATS).
	JS jetstream.JetStream
	// Prefix is the deployment's SIMPEG_NATS_PREFIX.
	Prefix string
	// Clients are the back-fill's reads.
	Clients Clients
	// Policy gives the at-risk margin.
	Policy domain.Policy
	// Interval is how often the dirty targets are measured (1 s when zero);
	// RemeasureInterval how often every active target is (1 min when zero).
	Interval, RemeasureInterval time.Duration
	// Log receives what the monitor does; nil: slog.Default().
	Log *slog.Logger
	// Metrics registers the monitor's counters when set.
	Metrics prometheus.Registerer
	// Now is the clock; nil: time.Now.
	Now func() time.Time
}

// Monitor measures the work plans' targets.
type Monitor struct {
	o       Options
	log     *slog.Logger
	now     func() time.Time
	metrics *metrics

	backfilling  atomic.Bool
	backfillWait map[store.BackfillWanted]time.Time // failed back-fills and when to try again

	watchMu   sync.Mutex
	watchers  map[string]map[*watcher]bool
	watchCons jetstream.ConsumeContext
	watchStop context.CancelFunc
}

// New returns a monitor with o's defaults filled in.
func New(o Options) *Monitor {
	if o.Interval <= 0 {
		o.Interval = time.Second
	}
	if o.RemeasureInterval <= 0 {
		o.RemeasureInterval = time.Minute
	}
	if o.Log == nil {
		o.Log = slog.Default()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Policy.EffectiveHours == 0 { // no policy given at all; a margin of 0 given is kept
		o.Policy = domain.DefaultPolicy()
	}
	return &Monitor{o: o, log: o.Log.With("part", "monitor"), now: o.Now, metrics: newMetrics(o.Metrics),
		watchers: map[string]map[*watcher]bool{}, backfillWait: map[store.BackfillWanted]time.Time{}}
}

// ErrOptions is returned by Start for options that lack what it needs.
var ErrOptions = errors.New("monitor: Options needs DB and Store")

// Start starts the three consumers (each retried in the background while its stream does not
// exist, never failing planning's start) and the measuring loop, until ctx is done.
func (m *Monitor) Start(ctx context.Context) error {
	if m.o.DB == nil || m.o.Store == nil {
		return ErrOptions
	}
	m.StartConsumers(ctx)
	go m.Run(ctx)
	return nil
}

// StartConsumers starts the three durable consumers only (Start without the loop), each
// retried in the background while its stream does not exist; nothing without JS.
func (m *Monitor) StartConsumers(ctx context.Context) {
	if m.o.JS == nil {
		return
	}
	for _, s := range sources {
		m.keep(ctx, s)
	}
}

// metrics are the monitor's counters.
type metrics struct {
	facts    *prometheus.CounterVec
	measures prometheus.Counter
	failures *prometheus.CounterVec
}

func newMetrics(reg prometheus.Registerer) *metrics {
	m := &metrics{
		facts: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "simpeg_planning_monitor_facts_total",
			Help: "Facts recorded by the work plans' monitoring, by source."}, []string{"source"}),
		measures: prometheus.NewCounter(prometheus.CounterOpts{Name: "simpeg_planning_monitor_measures_total",
			Help: "Targets measured by the work plans' monitoring."}),
		failures: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "simpeg_planning_monitor_failures_total",
			Help: "Failed measuring rounds and back-fills, by what failed."}, []string{"what"}),
	}
	if reg != nil {
		for _, c := range []prometheus.Collector{m.facts, m.measures, m.failures} {
			if err := reg.Register(c); err != nil {
				slog.Default().Warn("registering the monitor's metrics", "error", err)
			}
		}
	}
	return m
}
