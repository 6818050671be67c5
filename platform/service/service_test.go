package service_test

import (
	"context"
	"log/slog"
	"net"
	"reflect"
	"testing"
	"testing/fstest"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/health"
	"google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/config"
	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/service"
	"github.com/simpeg-id/simpeg/platform/testenv"
)

// caller is a service that calls "planning".
type caller struct {
	service.Config `service:"attendance"`
	Planning       service.Upstream `service:"planning"`
}

func (c *caller) Spec() service.Spec {
	return service.Spec{Name: "attendance", Needs: map[string]service.Upstream{"planning": c.Planning}}
}

func TestSettingsNames(t *testing.T) {
	names, err := config.EnvNames(&caller{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"SIMPEG_ATTENDANCE_DATABASE_URL", "SIMPEG_ATTENDANCE_GRPC_ADDR", "SIMPEG_ATTENDANCE_METRICS_ADDR",
		"SIMPEG_ATTENDANCE_NATS_NKEY_SEED_FILE",
		"SIMPEG_AUTH_AUDIENCE", "SIMPEG_AUTH_ISSUER", "SIMPEG_AUTH_JWKS_URL", "SIMPEG_AUTH_KEY_FILE",
		"SIMPEG_AUTH_MAX_SERVICE_TOKEN_LIFETIME", "SIMPEG_AUTH_MAX_TOKEN_LIFETIME", "SIMPEG_AUTH_TOKEN_CACHE",
		"SIMPEG_DATABASE_CONN_MAX_IDLE_TIME", "SIMPEG_DATABASE_CONN_MAX_LIFETIME", "SIMPEG_DATABASE_MAX_CONNS",
		"SIMPEG_GRPC_CONNECTION_TIMEOUT", "SIMPEG_GRPC_KEEPALIVE_MIN_TIME", "SIMPEG_GRPC_MAX_CONCURRENT_STREAMS",
		"SIMPEG_GRPC_MAX_CONNECTIONS",
		"SIMPEG_LOG_LEVEL", "SIMPEG_NATS_CA_FILE", "SIMPEG_NATS_PREFIX", "SIMPEG_NATS_REPLICAS", "SIMPEG_NATS_STREAM_MAX_AGE", "SIMPEG_NATS_URL",
		"SIMPEG_OUTBOX_ACK_TIMEOUT", "SIMPEG_OUTBOX_RETENTION", "SIMPEG_OUTBOX_STALL_AFTER",
		"SIMPEG_PLANNING_ADDR", "SIMPEG_PLANNING_TOKEN", "SIMPEG_PPROF_ADDR", "SIMPEG_PROCESSED_EVENTS_RETENTION", "SIMPEG_SHUTDOWN_TIMEOUT",
	}
	if !reflect.DeepEqual(names, want) {
		t.Fatalf("EnvNames:\n got %v\nwant %v", names, want)
	}
	var c caller
	if err := config.Load("test", &c, nil); err != nil {
		t.Fatal(err)
	}
	if c.GRPCAddr != "127.0.0.1:9092" || c.MetricsAddr != "127.0.0.1:9093" || c.Planning.Addr != "127.0.0.1:9090" || c.DatabaseURL != "" {
		t.Fatalf("defaults: %+v", c)
	}
	c.DefaultDatabase("data", "attendance")
	if c.DatabaseURL != "data/attendance.db" {
		t.Fatalf("DefaultDatabase: %q", c.DatabaseURL)
	}
	var s service.Settings = &c
	if s.Base() != &c.Config || s.Own() != nil {
		t.Fatal("Base or Own")
	}
}

func TestLegacyNames(t *testing.T) {
	want := map[string]string{
		"SIMPEG_GRPC_ADDR":    "SIMPEG_TRAINING_GRPC_ADDR",
		"SIMPEG_DATABASE_URL": "SIMPEG_TRAINING_DATABASE_URL",
		"SIMPEG_METRICS_ADDR": "SIMPEG_TRAINING_METRICS_ADDR",
	}
	if got := service.LegacyNames("training"); !reflect.DeepEqual(got, want) {
		t.Fatalf("LegacyNames = %v, want %v", got, want)
	}
}

// recorder answers health checks and records the authorization header of each call.
type recorder struct {
	got chan []string
}

func (r recorder) intercept(ctx context.Context, req any, _ *grpc.UnaryServerInfo, h grpc.UnaryHandler) (any, error) {
	md, _ := metadata.FromIncomingContext(ctx)
	r.got <- md.Get("authorization")
	return h(ctx, req)
}

// TestClients starts a service that needs "planning" on each engine, once dialling it at its
// address and once over a given connection, and checks the token rides on every call.
func TestClients(t *testing.T) {
	rec := recorder{got: make(chan []string, 4)}
	srv := grpc.NewServer(grpc.UnaryInterceptor(rec.intercept))
	grpc_health_v1.RegisterHealthServer(srv, health.NewServer())
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(srv.Stop)
	inProcess := grpc.ClientConnInterface(&directConn{srv: srv, addr: ln.Addr().String()})

	for _, engine := range testenv.Engines(t) {
		for _, tc := range []struct {
			name      string
			opts      []service.Option
			wantToken string
		}{
			{"dialled", nil, "Bearer from-settings"},
			{"given", []service.Option{service.WithClient("planning", inProcess, "issued")}, "Bearer issued"},
		} {
			t.Run(string(engine)+"/"+tc.name, func(t *testing.T) {
				natsURL := testenv.NATS(t)
				keyFile, _ := testenv.Keys(t, "test", "simpeg")
				cfg := service.Config{
					Instance: service.Instance{DatabaseURL: testenv.DatabaseURL(t, engine), GRPCAddr: "127.0.0.1:0"},
					NATSURL:  natsURL,
					Common: service.Common{NATSPrefix: testenv.Prefix(t, natsURL), NATSReplicas: 1, OutboxAckTimeout: time.Second, OutboxStallAfter: time.Minute, OutboxRetention: time.Hour, StreamMaxAge: time.Hour, ProcessedEventsRetention: time.Hour, Database: database.DefaultPool(),
						Process: config.Process{LogLevel: "error", ShutdownTimeout: 5 * time.Second}},
					Auth: auth.Config{Issuer: "test", Audience: "simpeg", KeyFile: keyFile},
				}
				var deps service.Deps
				spec := service.Spec{
					Name: "caller", ServiceName: "test.Caller",
					Migrations: fstest.MapFS{"00001_init.sql": {Data: []byte("-- +goose Up\nCREATE TABLE caller_things (id BIGINT PRIMARY KEY);\n")}},
					Needs:      map[string]service.Upstream{"planning": {Addr: ln.Addr().String(), Token: "from-settings"}},
					Register: func(_ context.Context, _ grpc.ServiceRegistrar, d service.Deps) error {
						deps = d
						return nil
					},
				}
				rt, err := service.Start(context.Background(), cfg, spec, slog.New(slog.DiscardHandler), tc.opts...)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { _ = rt.Shutdown(context.Background()) })
				if deps.Client("training") != nil {
					t.Error("a client for a service not in Needs")
				}
				ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
				defer cancel()
				if _, err := grpc_health_v1.NewHealthClient(deps.Client("planning")).Check(ctx, &grpc_health_v1.HealthCheckRequest{}); err != nil {
					t.Fatal(err)
				}
				if got := <-rec.got; len(got) != 1 || got[0] != tc.wantToken {
					t.Fatalf("authorization %q, want %q", got, tc.wantToken)
				}
			})
		}
	}
}

func TestNeedWithoutAddress(t *testing.T) {
	engine := testenv.Engines(t)[0]
	natsURL := testenv.NATS(t)
	keyFile, _ := testenv.Keys(t, "test", "simpeg")
	cfg := service.Config{
		Instance: service.Instance{DatabaseURL: testenv.DatabaseURL(t, engine), GRPCAddr: "127.0.0.1:0"},
		NATSURL:  natsURL,
		Common:   service.Common{NATSReplicas: 1, OutboxAckTimeout: time.Second, OutboxStallAfter: time.Minute, OutboxRetention: time.Hour, StreamMaxAge: time.Hour, ProcessedEventsRetention: time.Hour, Database: database.DefaultPool(), Process: config.Process{LogLevel: "error", ShutdownTimeout: time.Second}},
		Auth:     auth.Config{Issuer: "test", Audience: "simpeg", KeyFile: keyFile},
	}
	spec := service.Spec{Name: "caller", Migrations: fstest.MapFS{}, Needs: map[string]service.Upstream{"planning": {}},
		Register: func(context.Context, grpc.ServiceRegistrar, service.Deps) error { return nil }}
	if _, err := service.Start(context.Background(), cfg, spec, slog.New(slog.DiscardHandler)); err == nil {
		t.Fatal("started without planning's address")
	}
}

// TestInterceptors: a service's own interceptors run on every call, over the network and over
// the in-process channel alike, after authorization (a public method needs no token).
func TestInterceptors(t *testing.T) {
	engine := testenv.Engines(t)[0]
	natsURL := testenv.NATS(t)
	keyFile, _ := testenv.Keys(t, "test", "simpeg")
	cfg := service.Config{
		Instance: service.Instance{DatabaseURL: testenv.DatabaseURL(t, engine), GRPCAddr: "127.0.0.1:0"},
		NATSURL:  natsURL,
		Common: service.Common{NATSPrefix: testenv.Prefix(t, natsURL), NATSReplicas: 1, OutboxAckTimeout: time.Second, OutboxStallAfter: time.Minute, OutboxRetention: time.Hour, StreamMaxAge: time.Hour, ProcessedEventsRetention: time.Hour, Database: database.DefaultPool(),
			Process: config.Process{LogLevel: "error", ShutdownTimeout: time.Second}},
		Auth: auth.Config{Issuer: "test", Audience: "simpeg", KeyFile: keyFile},
	}
	refuseCheck := func(ctx context.Context, req any, info *grpc.UnaryServerInfo, h grpc.UnaryHandler) (any, error) {
		if info.FullMethod == grpc_health_v1.Health_Check_FullMethodName {
			return nil, status.Error(codes.ResourceExhausted, "refused by the service's interceptor")
		}
		return h(ctx, req)
	}
	spec := service.Spec{Name: "caller", ServiceName: "test.Caller",
		Migrations:   fstest.MapFS{"00001_init.sql": {Data: []byte("-- +goose Up\nCREATE TABLE caller_things (id BIGINT PRIMARY KEY);\n")}},
		Interceptors: []grpc.UnaryServerInterceptor{refuseCheck},
		Register:     func(context.Context, grpc.ServiceRegistrar, service.Deps) error { return nil }}
	rt, err := service.Start(context.Background(), cfg, spec, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = rt.Shutdown(context.Background()) })
	conn, err := grpc.NewClient(rt.Addr(), grpc.WithTransportCredentials(insecureCreds()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for _, c := range []struct {
		name string
		cc   grpc.ClientConnInterface
	}{{"network", conn}, {"in-process", rt.InProcess()}} {
		t.Run(c.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			hc := grpc_health_v1.NewHealthClient(c.cc)
			if _, err := hc.Check(ctx, &grpc_health_v1.HealthCheckRequest{}); status.Code(err) != codes.ResourceExhausted {
				t.Errorf("Check: %v, want the interceptor's ResourceExhausted", err)
			}
			if _, err := hc.List(ctx, &grpc_health_v1.HealthListRequest{}); err != nil {
				t.Errorf("List, which the interceptor passes: %v", err)
			}
		})
	}
}

// directConn dials the recorder's server afresh for each call: a stand-in for an in-process
// channel, which is any grpc.ClientConnInterface.
type directConn struct {
	srv  *grpc.Server
	addr string
}

func (d *directConn) Invoke(ctx context.Context, method string, args, reply any, opts ...grpc.CallOption) error {
	conn, err := grpc.NewClient(d.addr, grpc.WithTransportCredentials(insecureCreds()))
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Invoke(ctx, method, args, reply, opts...)
}

func (d *directConn) NewStream(ctx context.Context, desc *grpc.StreamDesc, method string, opts ...grpc.CallOption) (grpc.ClientStream, error) {
	panic("not used")
}
