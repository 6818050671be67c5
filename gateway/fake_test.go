package gateway

import (
	"github.com/simpeg-id/simpeg/platform/config"

	"context"
	"io"
	"log/slog"
	"net"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/health"
	"google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/protoadapt"
	"google.golang.org/protobuf/types/known/durationpb"

	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
)

// Resource names the fake upstream answers with a canned error.
const (
	nipOK        = "199001012020011001"
	nameOK       = "employees/" + nipOK
	nameMissing  = "employees/missing"
	nameDenied   = "employees/denied"
	nameNoAuth   = "employees/noauth"
	nameBusy     = "employees/busy"
	nameSlow     = "employees/slow"
	nipInvalid   = "invalid"
	nipDuplicate = "duplicate"
	nipReused    = "reused"
	nipRunning   = "running"
)

// fakePlanning is a stand-in planning service for gateway-only behaviour: it returns canned
// employees and canned errors with details, and records the metadata of every call.
type fakePlanning struct {
	planningv1.UnimplementedPlanningServiceServer

	mu    sync.Mutex
	calls int
	md    metadata.MD
}

func (f *fakePlanning) record(ctx context.Context) {
	md, _ := metadata.FromIncomingContext(ctx)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	f.md = md.Copy()
}

// last returns the number of calls so far and the metadata of the last one.
func (f *fakePlanning) last() (int, metadata.MD) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls, f.md
}

func cannedEmployee(nip string) *planningv1.Employee {
	return &planningv1.Employee{
		Name:           "employees/" + nip,
		Nip:            nip,
		FullName:       "Siti Aminah",
		DisplayName:    "Siti Aminah, S.Kom.",
		BackTitle:      "S.Kom.",
		EmploymentType: planningv1.EmploymentType_EMPLOYMENT_TYPE_PNS,
		Rank:           "III/a",
		Agency:         "DISKOMINFO",
		Status:         planningv1.EmployeeStatus_EMPLOYEE_STATUS_ACTIVE,
		Etag:           "v1",
	}
}

func withDetails(code codes.Code, msg string, details ...protoadapt.MessageV1) error {
	st := status.New(code, msg)
	st, err := st.WithDetails(details...)
	if err != nil {
		panic(err)
	}
	return st.Err()
}

func errorInfo(reason string) *errdetails.ErrorInfo {
	return &errdetails.ErrorInfo{Reason: reason, Domain: "planning.simpeg.test"}
}

func (f *fakePlanning) GetEmployee(ctx context.Context, req *planningv1.GetEmployeeRequest) (*planningv1.GetEmployeeResponse, error) {
	f.record(ctx)
	switch req.GetName() {
	case nameOK:
		if err := grpc.SetHeader(ctx, metadata.Pairs("etag", `"v1"`)); err != nil {
			return nil, err
		}
		return &planningv1.GetEmployeeResponse{Employee: cannedEmployee(nipOK)}, nil
	case nameDenied:
		return nil, status.Error(codes.PermissionDenied, "agency HR may read only their own agency")
	case nameNoAuth:
		return nil, status.Error(codes.Unauthenticated, "missing bearer token")
	case nameBusy:
		return nil, withDetails(codes.ResourceExhausted, "rate limit reached",
			&errdetails.RetryInfo{RetryDelay: durationpb.New(1500 * time.Millisecond)})
	case nameSlow:
		<-ctx.Done()
		return nil, status.FromContextError(ctx.Err()).Err()
	}
	return nil, status.Errorf(codes.NotFound, "employee %q not found", req.GetName())
}

func (f *fakePlanning) CreateEmployee(ctx context.Context, req *planningv1.CreateEmployeeRequest) (*planningv1.CreateEmployeeResponse, error) {
	f.record(ctx)
	switch req.GetEmployee().GetNip() {
	case nipInvalid:
		return nil, withDetails(codes.InvalidArgument, "invalid employee", &errdetails.BadRequest{
			FieldViolations: []*errdetails.BadRequest_FieldViolation{{Field: "employee.nip", Description: "must be 18 digits"}},
		})
	case nipDuplicate:
		return nil, status.Error(codes.AlreadyExists, "employee already exists")
	case nipReused:
		return nil, withDetails(codes.FailedPrecondition, "idempotency key used for another request", errorInfo("IDEMPOTENCY_KEY_REUSED"))
	case nipRunning:
		return nil, withDetails(codes.Aborted, "a request with this idempotency key is in progress", errorInfo("IDEMPOTENCY_KEY_IN_PROGRESS"))
	}
	return &planningv1.CreateEmployeeResponse{Employee: cannedEmployee(req.GetEmployee().GetNip())}, nil
}

func (f *fakePlanning) TransferEmployee(ctx context.Context, req *planningv1.TransferEmployeeRequest) (*planningv1.TransferEmployeeResponse, error) {
	f.record(ctx)
	if req.GetEtag() != "v1" {
		return nil, withDetails(codes.FailedPrecondition, "the employee changed since it was read", errorInfo("ETAG_MISMATCH"))
	}
	return &planningv1.TransferEmployeeResponse{Employee: cannedEmployee(nipOK)}, nil
}

// upstreamServer is a running fake planning service with the standard health service.
type upstreamServer struct {
	addr   string
	fake   *fakePlanning
	health *health.Server
}

func startUpstream(t testing.TB) *upstreamServer {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listening: %v", err)
	}
	u := &upstreamServer{addr: lis.Addr().String(), fake: &fakePlanning{}, health: health.NewServer()}
	srv := grpc.NewServer()
	planningv1.RegisterPlanningServiceServer(srv, u.fake)
	grpc_health_v1.RegisterHealthServer(srv, u.health)
	go func() { _ = srv.Serve(lis) }() // returns when stopped
	t.Cleanup(srv.Stop)
	return u
}

// testConfig is the default configuration with the given upstream.
func testConfig(planningAddr string) Config {
	return Config{
		HTTP:      HTTP{HTTPAddr: "127.0.0.1:0", MaxBodyBytes: 4 << 20, RequestTimeout: 30 * time.Second, SessionMaxAge: 12 * time.Hour},
		Upstreams: Upstreams{"planning": planningAddr},
		Process:   config.Process{LogLevel: "info", ShutdownTimeout: 5 * time.Second},
	}
}

// testEnv is a gateway in front of a fake upstream, served by httptest.
type testEnv struct {
	up  *upstreamServer
	gw  *Gateway
	srv *httptest.Server
}

func newTestEnv(t testing.TB, change func(*Config), opts ...Option) *testEnv {
	t.Helper()
	return newTestEnvAt(t, func(c *Config, _ string) {
		if change != nil {
			change(c)
		}
	}, opts...)
}

// newTestEnvAt is newTestEnv whose change also gets the gateway's URL, known before it starts
// (for the OpenID Connect redirect URL).
func newTestEnvAt(t testing.TB, change func(c *Config, url string), opts ...Option) *testEnv {
	t.Helper()
	up := startUpstream(t)
	cfg := testConfig(up.addr)
	srv := httptest.NewUnstartedServer(nil)
	change(&cfg, "http://"+srv.Listener.Addr().String())
	gw, err := New(t.Context(), cfg, slog.New(slog.DiscardHandler), opts...)
	if err != nil {
		srv.Close()
		t.Fatalf("New: %v", err)
	}
	gw.ready.ttl = 0 // tests flip the health status and expect to see it at once
	srv.Config.Handler = gw.Handler()
	srv.Start()
	t.Cleanup(func() {
		srv.Close()
		if err := gw.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return &testEnv{up: up, gw: gw, srv: srv}
}

// discardBody drains and closes a response body so the connection is reused.
func discardBody(body io.ReadCloser) {
	_, _ = io.Copy(io.Discard, body)
	body.Close()
}
