package service_test

import (
	"context"
	"log/slog"
	"net"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/health"
	"google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/status"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/config"
	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/service"
	"github.com/simpeg-id/simpeg/platform/testenv"
)

// TestCalls starts a service that calls two services which may start after it (Spec.Calls),
// on each engine: one without an address is not reached (no client), one with an address is
// dialled with its token, and one given as a Late connection answers Unavailable until it is
// bound, then carries the issued token, and Unavailable again once unbound.
func TestCalls(t *testing.T) {
	rec := recorder{got: make(chan []string, 8)}
	srv := grpc.NewServer(grpc.UnaryInterceptor(rec.intercept))
	grpc_health_v1.RegisterHealthServer(srv, health.NewServer())
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(srv.Stop)

	for _, engine := range testenv.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
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
				Name: "caller", ServiceName: "test.Caller", Migrations: oneTable,
				Calls: map[string]service.Upstream{
					"training":   {},
					"evaluation": {Addr: ln.Addr().String(), Token: "from-settings"},
					"attendance": {Addr: "127.0.0.1:1", Token: "unused"},
				},
				Register: func(_ context.Context, _ grpc.ServiceRegistrar, d service.Deps) error {
					deps = d
					return nil
				},
			}
			late := service.NewLate("attendance")
			rt, err := service.Start(context.Background(), cfg, spec, slog.New(slog.DiscardHandler), service.WithClient("attendance", late, "issued"))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = rt.Shutdown(context.Background()) })

			if deps.Client("training") != nil {
				t.Error("training, called without an address, has a client: it is not reached")
			}
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			check := func(name string) error {
				_, err := grpc_health_v1.NewHealthClient(deps.Client(name)).Check(ctx, &grpc_health_v1.HealthCheckRequest{})
				return err
			}
			if err := check("evaluation"); err != nil {
				t.Fatal(err)
			}
			if got := <-rec.got; len(got) != 1 || got[0] != "Bearer from-settings" {
				t.Errorf("evaluation got authorization %q, want the configured token", got)
			}

			err = check("attendance")
			if status.Code(err) != codes.Unavailable || !strings.Contains(err.Error(), "attendance service is not started") {
				t.Errorf("attendance before it is bound: %v, want Unavailable naming it", err)
			}
			late.Bind(&directConn{srv: srv, addr: ln.Addr().String()})
			if err := check("attendance"); err != nil {
				t.Fatalf("attendance once bound: %v", err)
			}
			if got := <-rec.got; len(got) != 1 || got[0] != "Bearer issued" {
				t.Errorf("attendance got authorization %q, want the issued token", got)
			}
			late.Bind(nil)
			if err := check("attendance"); status.Code(err) != codes.Unavailable {
				t.Errorf("attendance once unbound: %v, want Unavailable", err)
			}
		})
	}
}

// TestCallsAndNeedsApart: a service named both in Needs and in Calls is refused at start.
func TestCallsAndNeedsApart(t *testing.T) {
	engine := testenv.Engines(t)[0]
	natsURL := testenv.NATS(t)
	keyFile, _ := testenv.Keys(t, "test", "simpeg")
	cfg := service.Config{
		Instance: service.Instance{DatabaseURL: testenv.DatabaseURL(t, engine), GRPCAddr: "127.0.0.1:0"},
		NATSURL:  natsURL,
		Common:   service.Common{NATSReplicas: 1, OutboxAckTimeout: time.Second, OutboxStallAfter: time.Minute, OutboxRetention: time.Hour, StreamMaxAge: time.Hour, ProcessedEventsRetention: time.Hour, Database: database.DefaultPool(), Process: config.Process{LogLevel: "error", ShutdownTimeout: time.Second}},
		Auth:     auth.Config{Issuer: "test", Audience: "simpeg", KeyFile: keyFile},
	}
	up := service.Upstream{Addr: "127.0.0.1:1"}
	spec := service.Spec{Name: "caller", Migrations: oneTable,
		Needs: map[string]service.Upstream{"planning": up}, Calls: map[string]service.Upstream{"planning": up},
		Register: func(context.Context, grpc.ServiceRegistrar, service.Deps) error { return nil }}
	_, err := service.Start(context.Background(), cfg, spec, slog.New(slog.DiscardHandler))
	if err == nil || !strings.Contains(err.Error(), "planning is both needed and called late") {
		t.Fatalf("Start: %v, want planning refused in both", err)
	}
}

// oneTable is a service's migrations: one table.
var oneTable = fstest.MapFS{"00001_init.sql": {Data: []byte("-- +goose Up\nCREATE TABLE caller_things (id BIGINT PRIMARY KEY);\n")}}
