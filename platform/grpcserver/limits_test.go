package grpcserver_test

import (
	"context"
	"io"
	"log/slog"
	"net"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/status"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/grpcserver"
	"github.com/simpeg-id/simpeg/platform/testenv"
)

func limitedServer(t *testing.T, l grpcserver.Limits) string {
	t.Helper()
	key, _ := testenv.Keys(t, "simpeg-test", "simpeg")
	v, err := auth.NewVerifier(auth.Config{Issuer: "simpeg-test", Audience: "simpeg", KeyFile: key})
	if err != nil {
		t.Fatal(err)
	}
	srv, err := grpcserver.New(grpcserver.Options{Log: slog.New(slog.DiscardHandler), Authorizer: auth.NewAuthorizer(v, nil), Limits: l})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(l.Listener(ln)) }()
	t.Cleanup(srv.Stop)
	return ln.Addr().String()
}

func healthCheck(addr string, timeout time.Duration) (*grpc.ClientConn, error) {
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	_, err = grpc_health_v1.NewHealthClient(conn).Check(ctx, &grpc_health_v1.HealthCheckRequest{})
	return conn, err
}

// TestSilentConnectionDropped: a client that opens a TCP connection and sends nothing is
// closed after the handshake timeout.
func TestSilentConnectionDropped(t *testing.T) {
	t.Parallel()
	addr := limitedServer(t, grpcserver.Limits{MaxConnections: 10, ConnectionTimeout: 300 * time.Millisecond})
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	start := time.Now()
	_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
	_, err = io.Copy(io.Discard, c) // the server's settings frame, then EOF when it hangs up
	if took := time.Since(start); err != nil || took > 2*time.Second {
		t.Fatalf("silent connection: read ended after %s with %v; want closed by the server after about 300ms", took, err)
	}
}

// TestConnectionCap: with the cap reached, a further client waits (its call times out) until
// a connection closes; then it is served.
func TestConnectionCap(t *testing.T) {
	t.Parallel()
	addr := limitedServer(t, grpcserver.Limits{MaxConnections: 1, ConnectionTimeout: 10 * time.Second})
	first, err := healthCheck(addr, 5*time.Second)
	if err != nil {
		t.Fatalf("first client: %v", err)
	}
	second, err := healthCheck(addr, 500*time.Millisecond)
	if status.Code(err) != codes.DeadlineExceeded {
		t.Fatalf("second client over the cap: %v, want DeadlineExceeded (waiting)", err)
	}
	first.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := grpc_health_v1.NewHealthClient(second).Check(ctx, &grpc_health_v1.HealthCheckRequest{}, grpc.WaitForReady(true)); err != nil {
		t.Fatalf("second client after the first closed: %v", err)
	}
	second.Close()
}

func TestLimitsCheck(t *testing.T) {
	for _, good := range []grpcserver.Limits{{}, {MaxConnections: 1, ConnectionTimeout: time.Second, MaxConcurrentStreams: 1, KeepaliveMinTime: time.Second}} {
		if err := good.Check(); err != nil {
			t.Errorf("Check(%+v) = %v", good, err)
		}
	}
	for _, bad := range []grpcserver.Limits{{MaxConnections: -1}, {ConnectionTimeout: -1}, {MaxConcurrentStreams: -1}, {KeepaliveMinTime: -1}} {
		if bad.Check() == nil {
			t.Errorf("Check(%+v) accepted", bad)
		}
	}
}
