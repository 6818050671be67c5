// Package service runs one simpeg service: it opens and migrates the database, connects to
// NATS and provisions the service's stream, builds the gRPC server with the platform's
// interceptors, starts the outbox relay and the health watcher, and shuts all of it down in
// order. Each service's root package describes itself in a Spec and calls Start; the
// per-service binary and the all-in-one binary do the same.
package service

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"google.golang.org/grpc"
	"google.golang.org/grpc/health/grpc_health_v1"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/bus"
	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/grpcserver"
	"github.com/simpeg-id/simpeg/platform/idempotency"
	"github.com/simpeg-id/simpeg/platform/outbox"
	"github.com/simpeg-id/simpeg/platform/telemetry"
)

// Deps are what a service's adapters are built from.
type Deps struct {
	DB     *database.DB
	Outbox *outbox.Outbox
	NC     *nats.Conn
	JS     jetstream.JetStream
	Log    *slog.Logger
	// Prefix is Config.NATSPrefix, for consumers of other services' streams.
	Prefix string
	// Metrics is the service's Prometheus registry (served on its metrics address), for the
	// adapters' own metrics.
	Metrics prometheus.Registerer

	clients map[string]grpc.ClientConnInterface
}

// Client returns the connection to name, one of Spec.Needs or Spec.Calls, with the bearer
// token of that service attached to every call: the in-process channel in the all-in-one
// binary (for Calls, a Late one that answers codes.Unavailable until the called service has
// started), a connection to SIMPEG_<NAME>_ADDR otherwise. It returns nil for a service in
// neither, and for one of Spec.Calls whose address is empty: the deployment does not reach it.
func (d Deps) Client(name string) grpc.ClientConnInterface {
	if cc, ok := d.clients[name]; ok && cc != nil {
		return cc
	}
	return nil
}

// Spec describes a service to the runtime.
type Spec struct {
	Name        string // "planning"
	ServiceName string // the gRPC service's full name, for its health status
	Migrations  fs.FS  // goose SQL files at the root
	// MoreMigrations are further migration sets the service embeds from libraries, by name
	// (e.g. "directory"), each with its own version table.
	MoreMigrations map[string]fs.FS
	Rules          auth.Rules
	// Idempotent lists the creating methods that honour Idempotency-Key.
	Idempotent []string
	// Interceptors are the service's own unary interceptors (training's per-client limit on its
	// public certificate check). They run on the network server and the in-process channel
	// alike, after authorization and validation, before idempotency and the handler.
	Interceptors []grpc.UnaryServerInterceptor
	// Needs are the services this one calls, by name, with where to reach each outside the
	// all-in-one binary (its SIMPEG_<NAME>_ADDR and SIMPEG_<NAME>_TOKEN settings). Deps.Client
	// returns the connection to each.
	Needs map[string]Upstream
	// Calls are services this one calls that may start after it, by name: planning measures
	// its targets from training, attendance and evaluation, which call planning (Needs) and so
	// start after it in the all-in-one binary. Each is reached as Needs are, with the same
	// token (role service, scope "<name>.read"), except that an empty address is no error: the
	// deployment does not reach that service, and Deps.Client returns nil for it. The
	// all-in-one binary passes a Late connection, bound to the called service once it starts.
	Calls map[string]Upstream
	// Follows are the durable consumers the service runs on other services' streams. NATS
	// permissions are derived from them (bus.ServicePermissions): the all-in-one binary's
	// embedded server grants them, and deploy/nats lists the same.
	Follows []bus.Follow
	// Register builds the service's adapters from d and registers its gRPC services on s. It
	// may start background work bound to ctx.
	Register func(ctx context.Context, s grpc.ServiceRegistrar, d Deps) error
}

// Runtime is a started service.
type Runtime struct {
	cfg    Config
	spec   Spec
	log    *slog.Logger
	DB     *database.DB
	NC     *nats.Conn
	JS     jetstream.JetStream
	Outbox *outbox.Outbox
	server *grpcserver.Server
	ln     net.Listener
	conns  []*grpc.ClientConn
	cancel context.CancelFunc
	wg     sync.WaitGroup
	// Registry holds the service's Prometheus metrics.
	Registry *prometheus.Registry
	// outboxMetrics are the outbox gauges and counters on Registry.
	outboxMetrics *outbox.Metrics
	// streamReady is set once the service's stream is provisioned.
	streamReady atomic.Bool
}

// The health of a service, as grpc.health.v1 answers it. The service "" and the gRPC
// service's own name (Spec.ServiceName) are its readiness: SERVING while its database answers,
// which is all it needs to answer calls (writes keep their events in the outbox while NATS is
// away). The two details below never change readiness; they are for dashboards, alerts and the
// gateway's /healthz/details.
const (
	// HealthNATS is SERVING while the service is connected to NATS and its stream exists.
	HealthNATS = "simpeg.nats"
	// HealthOutbox is SERVING while the outbox drains: its oldest unsent event is younger than
	// SIMPEG_OUTBOX_STALL_AFTER.
	HealthOutbox = "simpeg.outbox"
)

// Start brings the service up and starts serving gRPC in the background. A NATS outage does
// not stop it: the stream is provisioned as soon as NATS answers, and events wait in the
// outbox meanwhile.
//
// The services of spec.Needs and spec.Calls are dialled at their configured addresses unless
// an option passes a connection (the all-in-one binary passes their in-process channels); one
// of spec.Calls without an address is not reached.
func Start(ctx context.Context, cfg Config, spec Spec, log *slog.Logger, opts ...Option) (rt *Runtime, err error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("invalid configuration: %w", err)
	}
	o := options{clients: map[string]client{}}
	for _, opt := range opts {
		opt(&o)
	}
	bg, cancel := context.WithCancel(context.WithoutCancel(ctx))
	rt = &Runtime{cfg: cfg, spec: spec, log: log, cancel: cancel, Outbox: outbox.New(), Registry: telemetry.NewRegistry()}
	rt.outboxMetrics = outbox.NewMetrics(rt.Registry)
	started := rt // the returns below set rt to nil
	defer func() {
		if err != nil {
			if started.ln != nil { // not served yet: nothing else closes it
				_ = started.ln.Close()
			}
			_ = started.close()
		}
	}()

	rt.DB, err = database.Open(ctx, cfg.DatabaseURL, database.WithPool(cfg.Database), database.WithApplicationName("simpeg-"+spec.Name))
	if err != nil {
		return nil, fmt.Errorf("opening database: %w", err)
	}
	// The pool's state (go_sql_open_connections, go_sql_in_use_connections, go_sql_wait_count_total,
	// go_sql_wait_duration_seconds_total, …, labelled db_name="<service>"): a pool that waits is
	// one SIMPEG_DATABASE_MAX_CONNS keeps too small, or a database too slow for the load.
	if err := rt.Registry.Register(collectors.NewDBStatsCollector(rt.DB.DB, spec.Name)); err != nil {
		return nil, fmt.Errorf("registering the database pool's metrics: %w", err)
	}
	if err := rt.DB.Migrate(ctx, spec.Name, spec.Migrations); err != nil {
		return nil, fmt.Errorf("migrating database: %w", err)
	}
	for name, fsys := range spec.MoreMigrations {
		if err := rt.DB.Migrate(ctx, name, fsys); err != nil {
			return nil, fmt.Errorf("migrating %s tables: %w", name, err)
		}
	}
	if err := outbox.TuneAutovacuum(ctx, rt.DB); err != nil {
		// Only vacuum's pace depends on it: warn and serve.
		log.Warn("tuning autovacuum of the outbox and processed_events", "error", err)
	}
	rt.NC, rt.JS, err = bus.Connect(ctx, cfg.NATSURL, "simpeg-"+spec.Name, log, bus.WithNKeySeedFile(cfg.NATS.SeedFile),
		bus.WithCAFile(cfg.NATSCAFile), bus.WithInboxPrefix(bus.InboxPrefix(cfg.NATSPrefix, spec.Name)))
	if err != nil {
		return nil, err
	}
	verifier, err := auth.NewVerifier(cfg.Auth)
	if err != nil {
		return nil, fmt.Errorf("configuring token verification: %w", err)
	}
	if err := verifier.Register(rt.Registry); err != nil {
		return nil, fmt.Errorf("registering the token verifier's metrics: %w", err)
	}
	rt.server, err = grpcserver.New(grpcserver.Options{
		Log:        log,
		Authorizer: auth.NewAuthorizer(verifier, spec.Rules),
		Registry:   rt.Registry,
		Extra:      append(slices.Clip(spec.Interceptors), idempotency.Interceptor(rt.DB, spec.Idempotent)),
		Limits:     cfg.GRPC,
	})
	if err != nil {
		return nil, fmt.Errorf("building grpc server: %w", err)
	}
	deps := Deps{DB: rt.DB, Outbox: rt.Outbox, NC: rt.NC, JS: rt.JS, Log: log, Prefix: cfg.NATSPrefix, Metrics: rt.Registry}
	if deps.clients, err = rt.connect(spec.Needs, spec.Calls, o.clients); err != nil {
		return nil, err
	}
	if err := spec.Register(bg, rt.server, deps); err != nil {
		return nil, fmt.Errorf("registering %s: %w", spec.Name, err)
	}
	rt.ln, err = net.Listen("tcp", cfg.GRPCAddr)
	if err != nil {
		return nil, fmt.Errorf("listening on %s: %w", cfg.GRPCAddr, err)
	}
	rt.ln = cfg.GRPC.Listener(rt.ln)
	if err := telemetry.MetricsServer(bg, cfg.MetricsAddr, rt.Registry); err != nil {
		return nil, err
	}

	rt.goRun(func() { rt.provisionStream(bg) })
	rt.goRun(func() {
		relay := &outbox.Relay{Outbox: rt.Outbox, DB: rt.DB, JS: rt.JS, Log: log, SubjectPrefix: cfg.NATSPrefix,
			AckTimeout: cfg.OutboxAckTimeout, Retention: cfg.OutboxRetention, Metrics: rt.outboxMetrics}
		_ = relay.Run(bg)
	})
	rt.goRun(func() { rt.watchHealth(bg) })
	rt.goRun(func() { rt.cleanup(bg) })
	rt.goRun(func() {
		if err := rt.server.Serve(rt.ln); err != nil && !errors.Is(err, grpc.ErrServerStopped) {
			log.Error("grpc server stopped", "error", err)
		}
	})
	log.Info("service started", "grpc", rt.ln.Addr().String(), "database", string(rt.DB.Dialect)+":"+rt.DB.Target, "nats", rt.NC.ConnectedUrlRedacted())
	return rt, nil
}

// Addr returns the gRPC listen address.
func (rt *Runtime) Addr() string { return rt.ln.Addr().String() }

// InProcess returns a client connection to the service for callers in the same process. Calls
// made over it run the same interceptors (authentication, authorization, validation,
// idempotency, audit, metrics, tracing) as calls over the network; only the network is skipped.
func (rt *Runtime) InProcess() grpc.ClientConnInterface { return rt.server.InProcess }

// StreamName returns the service's JetStream stream.
func (rt *Runtime) StreamName() string { return outbox.StreamName(rt.cfg.NATSPrefix, rt.spec.Name) }

func (rt *Runtime) goRun(f func()) {
	rt.wg.Add(1)
	go func() {
		defer rt.wg.Done()
		f()
	}()
}

func (rt *Runtime) provisionStream(ctx context.Context) {
	spec := bus.StreamSpec{
		Name:     rt.StreamName(),
		Subjects: []string{rt.cfg.NATSPrefix + "simpeg." + rt.spec.Name + ".>"},
		Replicas: rt.cfg.NATSReplicas,
		MaxAge:   rt.cfg.StreamMaxAge,
		Log:      rt.log,
	}
	delay := 200 * time.Millisecond
	for {
		sctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		_, err := bus.EnsureStream(sctx, rt.JS, spec)
		cancel()
		if err == nil {
			rt.streamReady.Store(true)
			rt.log.Info("stream provisioned", "stream", spec.Name, "max_age", spec.MaxAge.String(), "replicas", spec.Replicas)
			return
		}
		rt.log.Warn("provisioning stream; will retry", "stream", spec.Name, "error", err)
		select {
		case <-ctx.Done():
			return
		case <-time.After(delay):
		}
		delay = min(2*delay, 5*time.Second)
	}
}

// watchHealth sets the service's health every second: readiness from the database alone, and
// the NATS and outbox details (HealthNATS, HealthOutbox), whose changes are logged.
func (rt *Runtime) watchHealth(ctx context.Context) {
	last := map[string]grpc_health_v1.HealthCheckResponse_ServingStatus{}
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		h := rt.checkHealth(ctx)
		if ctx.Err() != nil {
			return
		}
		for name, st := range map[string]grpc_health_v1.HealthCheckResponse_ServingStatus{"": h.ready, HealthNATS: h.nats, HealthOutbox: h.outbox} {
			if prev, ok := last[name]; ok && prev == st {
				continue
			}
			rt.server.Health.SetServingStatus(name, st)
			if name == "" {
				rt.server.Health.SetServingStatus(rt.spec.ServiceName, st)
			}
			if _, ok := last[name]; ok || st != grpc_health_v1.HealthCheckResponse_SERVING {
				rt.log.Info("health changed", "check", cmp.Or(name, "readiness"), "status", st.String(), "database_error", errString(h.dbErr),
					"nats_connected", rt.NC.IsConnected(), "stream_ready", rt.streamReady.Load(),
					"outbox_pending", h.backlog.Pending, "outbox_oldest_age", h.backlog.OldestAge.Round(time.Millisecond).String())
			}
			last[name] = st
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// health is one round of checks.
type health struct {
	ready, nats, outbox grpc_health_v1.HealthCheckResponse_ServingStatus
	dbErr               error
	backlog             outbox.Backlog
}

func (rt *Runtime) checkHealth(ctx context.Context) health {
	serving := func(ok bool) grpc_health_v1.HealthCheckResponse_ServingStatus {
		if ok {
			return grpc_health_v1.HealthCheckResponse_SERVING
		}
		return grpc_health_v1.HealthCheckResponse_NOT_SERVING
	}
	var h health
	pctx, cancel := context.WithTimeout(ctx, time.Second)
	h.dbErr = rt.DB.PingContext(pctx)
	cancel()
	bctx, cancel := context.WithTimeout(ctx, time.Second)
	b, berr := outbox.ReadBacklog(bctx, rt.DB, time.Now())
	cancel()
	if berr == nil {
		h.backlog = b
		rt.outboxMetrics.Observe(b)
	}
	h.ready = serving(h.dbErr == nil)
	h.nats = serving(rt.NC.IsConnected() && rt.streamReady.Load())
	h.outbox = serving(berr == nil && b.Draining(rt.cfg.OutboxStallAfter))
	return h
}

// cleanup runs the housekeeping every 10 minutes: expired idempotency keys, and processed event
// ids older than SIMPEG_PROCESSED_EVENTS_RETENTION (bus.PruneProcessed, in batches; replicas
// doing it at once skip each other's rows). The outbox relay prunes its sent rows itself.
func (rt *Runtime) cleanup(ctx context.Context) {
	t := time.NewTicker(10 * time.Minute)
	defer t.Stop()
	for {
		if err := idempotency.Cleanup(ctx, rt.DB); err != nil && ctx.Err() == nil {
			rt.log.Warn("cleaning idempotency keys", "error", err)
		}
		start := time.Now()
		n, err := bus.PruneProcessed(ctx, rt.DB, start.Add(-rt.cfg.ProcessedEventsRetention))
		switch {
		case err != nil && ctx.Err() == nil:
			rt.log.Warn("deleting old processed event ids", "error", err, "deleted", n)
		case n > 0:
			rt.log.Info("deleted old processed event ids", "deleted", n, "retention", rt.cfg.ProcessedEventsRetention.String(),
				"took", time.Since(start).Round(time.Millisecond).String())
		}
		// PostgreSQL: the audit trail's months ahead, and rows out of its default partition.
		rep, err := rt.DB.EnsureAuditPartitions(ctx, start, start.AddDate(0, database.AuditMonthsAhead, 0))
		switch {
		case err != nil && ctx.Err() == nil:
			rt.log.Warn("making the audit trail's monthly partitions", "error", err)
		case len(rep.Created) > 0:
			rt.log.Info("made audit partitions", "created", rep.Created, "moved", rep.Moved)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Shutdown stops the service in order: health goes NOT_SERVING so load balancers stop sending,
// in-flight calls get until ctx's deadline (then are cut), background work stops, NATS is
// drained and the database closed.
func (rt *Runtime) Shutdown(ctx context.Context) error {
	rt.server.Health.Shutdown()
	done := make(chan struct{})
	go func() {
		rt.server.GracefulStop()
		close(done)
	}()
	select {
	case <-done:
	case <-ctx.Done():
		rt.log.Warn("graceful stop timed out; cutting remaining calls")
		rt.server.Stop()
		<-done
	}
	return rt.close()
}

func (rt *Runtime) close() error {
	rt.cancel()
	rt.wg.Wait()
	var errList []error
	for _, c := range rt.conns {
		if err := c.Close(); err != nil {
			errList = append(errList, fmt.Errorf("closing connection to %s: %w", c.Target(), err))
		}
	}
	if rt.NC != nil {
		// Draining is impossible while NATS is unreachable; the outbox keeps what was not sent.
		if err := rt.NC.Drain(); err != nil && !errors.Is(err, nats.ErrConnectionClosed) && !errors.Is(err, nats.ErrConnectionReconnecting) {
			errList = append(errList, fmt.Errorf("draining nats: %w", err))
		}
		for i := 0; i < 50 && !rt.NC.IsClosed(); i++ {
			time.Sleep(20 * time.Millisecond)
		}
		rt.NC.Close()
	}
	if rt.DB != nil {
		if err := rt.DB.Close(); err != nil {
			errList = append(errList, fmt.Errorf("closing database: %w", err))
		}
	}
	return errors.Join(errList...)
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
