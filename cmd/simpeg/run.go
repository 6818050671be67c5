package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"time"

	"github.com/simpeg-id/simpeg/gateway"
	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/bus"
	"github.com/simpeg-id/simpeg/platform/config"
	"github.com/simpeg-id/simpeg/platform/logging"
	"github.com/simpeg-id/simpeg/platform/service"
	"github.com/simpeg-id/simpeg/platform/telemetry"
	"github.com/simpeg-id/simpeg/services/attendance"
	"github.com/simpeg-id/simpeg/services/planning"
)

func runCmd(ctx context.Context, args []string) error {
	var cfg Config
	if err := config.Load("simpeg run", &cfg, args); err != nil {
		return err
	}
	if err := cfg.Validate(); err != nil {
		return fmt.Errorf("invalid configuration: %w", err)
	}
	log, err := logging.New(os.Stderr, "simpeg", cfg.LogLevel)
	if err != nil {
		return err
	}
	log.Info("starting", config.LogValue(&cfg)...)
	return run(ctx, log, cfg, func(s *Suite) { s.Banner(os.Stdout) })
}

// Suite is the running all-in-one deployment.
type Suite struct {
	cfg        Config
	nats       *bus.Embedded
	natsURL    string
	planning   *service.Runtime
	attendance *service.Runtime
	gateway    *gateway.Gateway
	httpLn     net.Listener
}

// start brings up, in order, the local key, NATS, the services and the gateway.
func start(ctx context.Context, log *slog.Logger, cfg Config) (s *Suite, err error) {
	s = &Suite{cfg: cfg, natsURL: cfg.NATSURL}
	defer func() {
		if err != nil {
			s.stop(context.Background(), log)
		}
	}()
	if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil {
		return nil, fmt.Errorf("creating data directory: %w", err)
	}
	// The attendance service reads planning's registry as a client system. With the local key
	// the binary issues that client's token itself; with an OpenID Connect provider it comes
	// from SIMPEG_PLANNING_TOKEN.
	planningToken := os.Getenv("SIMPEG_PLANNING_TOKEN")
	if cfg.JWKSURL == "" {
		signer, err := auth.LoadOrCreateSigner(cfg.KeyFile(), cfg.Issuer, cfg.Audience)
		if err != nil {
			return nil, fmt.Errorf("preparing local signing key: %w", err)
		}
		planningToken, err = signer.Issue(auth.Principal{Subject: attendance.Name, Roles: []auth.Role{auth.RoleService}, Scopes: []string{"planning.read"}}, 24*365*time.Hour)
		if err != nil {
			return nil, fmt.Errorf("issuing the attendance service's token: %w", err)
		}
	}
	if s.natsURL == "" {
		s.nats, err = bus.StartEmbedded(cfg.EmbeddedNATSAddr, filepath.Join(cfg.DataDir, "nats"))
		if err != nil {
			return nil, fmt.Errorf("starting embedded nats: %w", err)
		}
		s.natsURL = s.nats.URL()
	}
	s.planning, err = planning.Start(ctx, cfg.Planning(s.natsURL), log.With("component", planning.Name))
	if err != nil {
		return nil, fmt.Errorf("starting planning: %w", err)
	}
	s.attendance, err = attendance.Start(ctx, cfg.Attendance(s.natsURL, planningToken), log.With("component", attendance.Name),
		attendance.WithPlanning(s.planning.InProcess()))
	if err != nil {
		return nil, fmt.Errorf("starting attendance: %w", err)
	}
	// The gateway reaches the in-process services in memory; their interceptors still run.
	s.gateway, err = gateway.New(ctx, cfg.Gateway(s.planning.Addr(), s.attendance.Addr()), log.With("component", "gateway"),
		gateway.WithInProcess(planning.Name, s.planning.InProcess()),
		gateway.WithInProcess(attendance.Name, s.attendance.InProcess()))
	if err != nil {
		return nil, fmt.Errorf("starting gateway: %w", err)
	}
	s.httpLn, err = net.Listen("tcp", cfg.HTTPAddr)
	if err != nil {
		return nil, fmt.Errorf("listening on %s: %w", cfg.HTTPAddr, err)
	}
	return s, nil
}

// run starts the suite, calls ready, serves until ctx is done and shuts down in reverse order.
func run(ctx context.Context, log *slog.Logger, cfg Config, ready func(*Suite)) error {
	shutdownTracing, err := telemetry.SetupTracing(ctx, "simpeg")
	if err != nil {
		return fmt.Errorf("setting up tracing: %w", err)
	}
	s, err := start(ctx, log, cfg)
	if err != nil {
		return err
	}
	served := make(chan error, 1)
	gctx, cancelGateway := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelGateway()
	go func() { served <- s.gateway.Serve(gctx, s.httpLn) }()
	if cfg.GatewayMetrics != "" {
		if err := serveMetrics(gctx, cfg.GatewayMetrics, s.gateway); err != nil {
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
	err = errors.Join(<-served, s.stop(sctx, log), shutdownTracing(sctx))
	return err
}

func (s *Suite) stop(ctx context.Context, log *slog.Logger) error {
	var errList []error
	if s.gateway != nil {
		errList = append(errList, s.gateway.Close())
	}
	if s.attendance != nil {
		errList = append(errList, s.attendance.Shutdown(ctx))
	}
	if s.planning != nil {
		errList = append(errList, s.planning.Shutdown(ctx))
	}
	if s.nats != nil {
		s.nats.Shutdown()
	}
	return errors.Join(errList...)
}

// HTTPAddr is where the gateway listens.
func (s *Suite) HTTPAddr() string { return s.httpLn.Addr().String() }

// Banner tells a newcomer where everything is and how to get in.
func (s *Suite) Banner(w interface{ Write([]byte) (int, error) }) {
	nats := s.natsURL
	if s.nats != nil {
		nats += " (embedded, JetStream under " + filepath.Join(s.cfg.DataDir, "nats") + ")"
	}
	db := s.planning.DB
	fmt.Fprintf(w, `
simpeg is running.
  REST gateway   http://%[1]s      API docs http://%[1]s/docs   OpenAPI http://%[1]s/openapi.json
  planning gRPC  %[2]s          (grpcurl -plaintext -H "authorization: Bearer $TOKEN" %[2]s list)
  attendance     %[7]s
  NATS           %[3]s
  database       %[4]s %[5]s
Get a token (valid 12 h):
  TOKEN=$(go run ./cmd/simpeg token --role city-hr --data-dir %[6]s)
  curl -H "Authorization: Bearer $TOKEN" http://%[1]s/v1/agencies
Load the demo data:  go run ./cmd/simpeg seed --demo
Stop with Ctrl-C.
`, s.HTTPAddr(), s.planning.Addr(), nats, db.Dialect, db.Target, s.cfg.DataDir, s.attendance.Addr())
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
