package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net"
	"os"
	"path/filepath"
	"slices"
	"time"

	"google.golang.org/grpc"

	"github.com/simpeg-id/simpeg/gateway"
	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/bus"
	"github.com/simpeg-id/simpeg/platform/config"
	"github.com/simpeg-id/simpeg/platform/logging"
	"github.com/simpeg-id/simpeg/platform/service"
	"github.com/simpeg-id/simpeg/platform/servicemain"
	"github.com/simpeg-id/simpeg/platform/telemetry"
)

func runCmd(ctx context.Context, args []string) error {
	st, renamed, err := loadSettings("simpeg run", args)
	if err != nil {
		return err
	}
	log, err := logging.New(os.Stderr, "simpeg", st.LogLevel)
	if err != nil {
		return err
	}
	servicemain.Warn(log, renamed)
	if err := st.Validate(); err != nil {
		return fmt.Errorf("invalid configuration: %w", err)
	}
	log.Info("starting", config.LogValue(st.targets()...)...)
	return run(ctx, log, st, func(s *Suite) { s.Banner(os.Stdout) })
}

// Suite is the running all-in-one deployment.
type Suite struct {
	cfg      *Settings
	nats     *bus.Embedded
	natsURL  string
	names    []string           // the services started, in order
	runtimes []*service.Runtime // by the index of names
	gateway  *gateway.Gateway
	httpLn   net.Listener
	// lates are the connections of the services that call another one late (Spec.Calls), by
	// the called service: bound when it starts, unbound before it stops.
	lates map[string][]*service.Late
}

// Runtime returns the running service called name, nil if there is none.
func (s *Suite) Runtime(name string) *service.Runtime {
	if i := slices.Index(s.names, name); i >= 0 {
		return s.runtimes[i]
	}
	return nil
}

// serviceTokenTTL is the lifetime of the tokens the binary issues its services for calling
// each other (auth.Renewing renews them at half of it): an hour, far below any bound
// (SIMPEG_AUTH_MAX_SERVICE_TOKEN_LIFETIME), and a token copied out of a heap dump is soon dead.
const serviceTokenTTL = time.Hour

// localSignInTTL is the lifetime of a token the portal's local sign-in issues: 12 hours, as
// simpeg token's by default, or the bound of a person's token when that is shorter.
func localSignInTTL(maxLifetime time.Duration) time.Duration {
	if maxLifetime > 0 && maxLifetime < 12*time.Hour {
		return maxLifetime
	}
	return 12 * time.Hour
}

// start brings up, in order, the local key, NATS, the services of the table and the gateway.
// cfg must have been validated.
func start(ctx context.Context, log *slog.Logger, cfg *Settings) (s *Suite, err error) {
	s = &Suite{cfg: cfg, natsURL: cfg.NATSURL, lates: map[string][]*service.Late{}}
	started := s // the error returns below set s to nil; stopping nil was the start-up panic
	defer func() {
		if err != nil {
			_ = started.stop(context.Background(), log)
		}
	}()
	if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil {
		return nil, fmt.Errorf("creating data directory: %w", err)
	}
	// A service calling another one does so as a client system with a token. With the local
	// key the binary issues those tokens itself; with an OpenID Connect provider they come
	// from the SIMPEG_<NAME>_TOKEN settings.
	var signer *auth.Signer
	if cfg.Auth.JWKSURL == "" {
		if signer, err = auth.LoadOrCreateSigner(cfg.KeyFile(), cfg.Auth.Issuer, cfg.Auth.Audience); err != nil {
			return nil, fmt.Errorf("preparing local signing key: %w", err)
		}
	}
	if s.natsURL == "" {
		users, err := embeddedUsers(cfg)
		if err != nil {
			return nil, err
		}
		s.nats, err = bus.StartEmbedded(cfg.EmbeddedNATSAddr, filepath.Join(cfg.DataDir, "nats"), bus.WithUsers(users...))
		if err != nil {
			return nil, fmt.Errorf("starting embedded nats: %w", err)
		}
		s.natsURL = s.nats.URL()
	}
	cfg.complete(s.natsURL)
	// clientOf is how caller reaches the called service over cc: with a token of role service
	// and scope "<called>.read" the binary issues and renews (the local key), or the
	// SIMPEG_<CALLED>_TOKEN setting (an OpenID Connect provider's).
	clientOf := func(caller, called string, cc grpc.ClientConnInterface) (service.Option, error) {
		if signer == nil {
			return service.WithClient(called, cc, cfg.Tokens[called].Token), nil
		}
		// A short token, renewed at half its life, so none outlives serviceTokenTTL.
		p := auth.Principal{Subject: caller, Roles: []auth.Role{auth.RoleService}, Scopes: []string{called + ".read"}}
		token, err := auth.NewRenewing(signer, p, serviceTokenTTL)
		if err != nil {
			return nil, fmt.Errorf("issuing the %s service's token for %s: %w", caller, called, err)
		}
		return service.WithClientTokens(called, cc, token.Token), nil
	}
	gwOpts := []gateway.Option{}
	upstreams := gateway.Upstreams{}
	for _, svc := range cfg.Services {
		spec := svc.Spec()
		var opts []service.Option
		for _, need := range slices.Sorted(maps.Keys(spec.Needs)) {
			called := s.Runtime(need)
			if called == nil {
				return nil, fmt.Errorf("%s calls %s, which is not started before it", spec.Name, need)
			}
			opt, err := clientOf(spec.Name, need, called.InProcess())
			if err != nil {
				return nil, err
			}
			opts = append(opts, opt)
		}
		// A service called late (Spec.Calls) may start after its caller: the caller gets a
		// connection bound to the called service's in-process channel once that starts.
		for _, name := range slices.Sorted(maps.Keys(spec.Calls)) {
			if !cfg.runs(name) {
				return nil, fmt.Errorf("%s calls %s, which this binary does not run", spec.Name, name)
			}
			late := service.NewLate(name)
			if called := s.Runtime(name); called != nil {
				late.Bind(called.InProcess())
			}
			s.lates[name] = append(s.lates[name], late)
			opt, err := clientOf(spec.Name, name, late)
			if err != nil {
				return nil, err
			}
			opts = append(opts, opt)
		}
		rt, err := service.Start(ctx, *svc.Base(), spec, log.With("component", spec.Name), opts...)
		if err != nil {
			return nil, fmt.Errorf("starting %s: %w", spec.Name, err)
		}
		s.names, s.runtimes = append(s.names, spec.Name), append(s.runtimes, rt)
		for _, late := range s.lates[spec.Name] {
			late.Bind(rt.InProcess())
		}
		// The gateway reaches the in-process services in memory; their interceptors still run.
		upstreams[spec.Name] = rt.Addr()
		gwOpts = append(gwOpts, gateway.WithInProcess(spec.Name, rt.InProcess()))
	}
	if signer != nil {
		// The portal's local sign-in: a demo person and role picked on the page, with a token
		// of the same 12 hours as simpeg token's, within SIMPEG_AUTH_MAX_TOKEN_LIFETIME.
		gwOpts = append(gwOpts, gateway.WithLocalSignIn(signer, localSignInTTL(cfg.Auth.MaxLifetime)))
	}
	gwCfg := gateway.Config{HTTP: cfg.Gateway, Upstreams: upstreams, Auth: gateway.TokensFrom(cfg.Auth), Process: cfg.Process}
	s.gateway, err = gateway.New(ctx, gwCfg, log.With("component", "gateway"), gwOpts...)
	if err != nil {
		return nil, fmt.Errorf("starting gateway: %w", err)
	}
	s.httpLn, err = net.Listen("tcp", cfg.Gateway.HTTPAddr)
	if err != nil {
		return nil, fmt.Errorf("listening on %s: %w", cfg.Gateway.HTTPAddr, err)
	}
	return s, nil
}

// run starts the suite, calls ready, serves until ctx is done and shuts down in reverse order.
func run(ctx context.Context, log *slog.Logger, cfg *Settings, ready func(*Suite)) error {
	shutdownTracing, err := telemetry.SetupTracing(ctx, "simpeg")
	if err != nil {
		return fmt.Errorf("setting up tracing: %w", err)
	}
	// One profiling server for the whole process, its services included (they share it).
	pctx, cancelProfiles := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelProfiles()
	if _, err := telemetry.ProfilingServer(pctx, cfg.PprofAddr); err != nil {
		return errors.Join(fmt.Errorf("serving profiles: %w", err), shutdownTracing(context.Background()))
	}
	s, err := start(ctx, log, cfg)
	if err != nil {
		return err
	}
	served := make(chan error, 1)
	gctx, cancelGateway := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelGateway()
	go func() { served <- s.gateway.Serve(gctx, s.httpLn) }()
	if addr := cfg.Gateway.MetricsAddr; addr != "" {
		if err := serveMetrics(gctx, addr, s.gateway); err != nil {
			log.Warn("gateway metrics not served", "error", err)
		}
	}
	if ready != nil {
		ready(s)
	}
	select {
	case <-ctx.Done():
	case err := <-served:
		if err != nil {
			log.Error("gateway stopped", "error", err)
		}
	}
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	cancelGateway() // the gateway drains its HTTP requests first
	return errors.Join(<-served, s.stop(sctx, log), shutdownTracing(sctx))
}

// stop closes the gateway, shuts the services down in reverse order and stops NATS.
func (s *Suite) stop(ctx context.Context, _ *slog.Logger) error {
	var errList []error
	if s.gateway != nil {
		errList = append(errList, s.gateway.Close())
	}
	for i := len(s.runtimes) - 1; i >= 0; i-- {
		// Its late callers, started before it and stopped after it, find it gone (Unavailable).
		for _, late := range s.lates[s.names[i]] {
			late.Bind(nil)
		}
		errList = append(errList, s.runtimes[i].Shutdown(ctx))
	}
	if s.nats != nil {
		s.nats.Shutdown()
	}
	return errors.Join(errList...)
}

// HTTPAddr is where the gateway listens.
func (s *Suite) HTTPAddr() string { return s.httpLn.Addr().String() }

// Banner tells a newcomer where everything is and how to get in.
func (s *Suite) Banner(w io.Writer) {
	nats := s.natsURL
	if s.nats != nil {
		nats += " (embedded, JetStream under " + filepath.Join(s.cfg.DataDir, "nats") + ")"
	}
	fmt.Fprintf(w, "\nsimpeg is running.\n  REST gateway   http://%[1]s      API docs http://%[1]s/docs   OpenAPI http://%[1]s/openapi.json\n", s.HTTPAddr())
	if s.cfg.Gateway.Portal {
		fmt.Fprintf(w, "  web portal     http://%s/   %s\n", s.HTTPAddr(), s.signInNote())
	}
	for i, name := range s.names {
		rt := s.runtimes[i]
		fmt.Fprintf(w, "  %-14s gRPC %s   database %s %s\n", name, rt.Addr(), rt.DB.Dialect, rt.DB.Target)
	}
	fmt.Fprintf(w, `  NATS           %[2]s
  gRPC calls     grpcurl -plaintext -H "authorization: Bearer $TOKEN" %[3]s list
Get a token (valid 12 h):
  TOKEN=$(go run ./cmd/simpeg token --role city-hr --data-dir %[4]s)
  curl -H "Authorization: Bearer $TOKEN" http://%[1]s/v1/agencies
Load the demo data:  go run ./cmd/simpeg seed --demo
Stop with Ctrl-C.
`, s.HTTPAddr(), nats, s.runtimes[0].Addr(), s.cfg.DataDir)
}

// signInNote says how people sign in to the portal.
func (s *Suite) signInNote() string {
	switch {
	case s.cfg.Auth.JWKSURL == "" && !s.cfg.Gateway.OIDC.Enabled():
		return "(local sign-in: pick a demo person and role; only while simpeg signs its own tokens)"
	case s.cfg.Gateway.OIDC.Enabled():
		return "(sign-in at " + s.cfg.Gateway.OIDC.Issuer + ")"
	}
	return "(no sign-in configured: SIMPEG_OIDC_ISSUER; API tokens only)"
}

func serveMetrics(ctx context.Context, addr string, g *gateway.Gateway) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listening for gateway metrics on %s: %w", addr, err)
	}
	srv := newMetricsServer(g)
	go func() { _ = srv.Serve(ln) }()
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()
	return nil
}
