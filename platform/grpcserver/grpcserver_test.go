package grpcserver_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/grpcserver"
	"github.com/simpeg-id/simpeg/platform/testenv"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
)

// details returns the BadRequest and ErrorInfo details of st.
func details(t *testing.T, st *status.Status) (*errdetails.BadRequest, *errdetails.ErrorInfo) {
	t.Helper()
	var br *errdetails.BadRequest
	var info *errdetails.ErrorInfo
	for _, d := range st.Details() {
		switch d := d.(type) {
		case *errdetails.BadRequest:
			br = d
		case *errdetails.ErrorInfo:
			info = d
		case error:
			t.Fatalf("undecodable detail: %v", d)
		default:
			t.Fatalf("unexpected detail %T", d)
		}
	}
	return br, info
}

func TestStatusKinds(t *testing.T) {
	t.Parallel()
	tests := []struct {
		kind       errs.Kind
		code       codes.Code
		wantReason string
	}{
		{errs.Invalid, codes.InvalidArgument, "INVALID_ARGUMENT"},
		{errs.NotFound, codes.NotFound, "NOT_FOUND"},
		{errs.AlreadyExists, codes.AlreadyExists, "ALREADY_EXISTS"},
		{errs.FailedPrecondition, codes.FailedPrecondition, "FAILED_PRECONDITION"},
		{errs.Conflict, codes.Aborted, "ABORTED"},
		{errs.PermissionDenied, codes.PermissionDenied, "PERMISSION_DENIED"},
		{errs.Unauthenticated, codes.Unauthenticated, "UNAUTHENTICATED"},
		{errs.Unavailable, codes.Unavailable, "UNAVAILABLE"},
		{errs.Kind(0), codes.Unknown, "UNKNOWN"},
		{errs.Kind(99), codes.Unknown, "UNKNOWN"},
	}
	for _, tc := range tests {
		t.Run(tc.code.String(), func(t *testing.T) {
			msg := fmt.Sprintf("kind %d happened", tc.kind)
			for _, err := range []error{
				errs.New(tc.kind, "%s", msg),
				fmt.Errorf("in the store: %w", errs.New(tc.kind, "%s", msg)), // wrapped
			} {
				st, ok := grpcserver.Status(err)
				if !ok || st.Code() != tc.code || st.Message() != msg {
					t.Fatalf("Status(%v) = %v %q ok=%v, want %v %q ok=true", err, st.Code(), st.Message(), ok, tc.code, msg)
				}
				br, info := details(t, st)
				if br != nil {
					t.Errorf("BadRequest without violations: %v", br)
				}
				if info == nil || info.Reason != tc.wantReason || info.Domain != grpcserver.ErrorDomain {
					t.Errorf("ErrorInfo = %v, want reason %s in domain %s", info, tc.wantReason, grpcserver.ErrorDomain)
				}
			}
		})
	}
}

func TestStatusDetails(t *testing.T) {
	t.Parallel()
	t.Run("violations become BadRequest", func(t *testing.T) {
		var v errs.Violations
		v.Add("nip", "must be %d digits", 18)
		v.Add("name.display_name", "must not be empty")
		err := errs.Prefix("employee", v.Err())
		st, ok := grpcserver.Status(err)
		if !ok || st.Code() != codes.InvalidArgument {
			t.Fatalf("Status = %v ok=%v", st, ok)
		}
		br, info := details(t, st)
		if br == nil || len(br.FieldViolations) != 2 {
			t.Fatalf("BadRequest = %v", br)
		}
		want := [][2]string{{"employee.nip", "must be 18 digits"}, {"employee.name.display_name", "must not be empty"}}
		for i, fv := range br.FieldViolations {
			if fv.Field != want[i][0] || fv.Description != want[i][1] {
				t.Errorf("violation %d = %s: %s, want %s: %s", i, fv.Field, fv.Description, want[i][0], want[i][1])
			}
		}
		if info == nil || info.Reason != "INVALID_ARGUMENT" {
			t.Errorf("ErrorInfo = %v", info)
		}
		if !strings.Contains(st.Message(), "employee.nip") {
			t.Errorf("message %q does not name the field", st.Message())
		}
	})
	t.Run("reason becomes ErrorInfo", func(t *testing.T) {
		st, ok := grpcserver.Status(errs.EtagMismatch("employees/1", "a", "b"))
		if !ok || st.Code() != codes.Aborted {
			t.Fatalf("Status = %v", st)
		}
		br, info := details(t, st)
		if br != nil || info == nil || info.Reason != "ETAG_MISMATCH" || info.Domain != "simpeg.go.id" {
			t.Fatalf("details: %v, %v", br, info)
		}
	})
	t.Run("plain error is Internal and hidden", func(t *testing.T) {
		st, ok := grpcserver.Status(errors.New("pq: password authentication failed for user simpeg"))
		if ok || st.Code() != codes.Internal {
			t.Fatalf("Status = %v ok=%v, want Internal and ok=false", st, ok)
		}
		if strings.Contains(st.Message(), "password") || len(st.Details()) != 0 {
			t.Fatalf("Internal status leaks the cause: %q %v", st.Message(), st.Details())
		}
	})
	tests := []struct {
		name string
		err  error
		code codes.Code
		msg  string
	}{
		{"status error passes through", status.Error(codes.ResourceExhausted, "slow down"), codes.ResourceExhausted, "slow down"},
		{"status with details passes through", mustWithDetails(t), codes.FailedPrecondition, "custom"},
		{"cancelled", context.Canceled, codes.Canceled, "request cancelled"},
		{"wrapped cancellation", fmt.Errorf("querying: %w", context.Canceled), codes.Canceled, "request cancelled"},
		{"deadline", fmt.Errorf("querying: %w", context.DeadlineExceeded), codes.DeadlineExceeded, "deadline exceeded"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st, ok := grpcserver.Status(tc.err)
			if !ok || st.Code() != tc.code || st.Message() != tc.msg {
				t.Fatalf("Status(%v) = %v %q ok=%v, want %v %q", tc.err, st.Code(), st.Message(), ok, tc.code, tc.msg)
			}
			if s, isS := status.FromError(tc.err); isS && len(s.Details()) != len(st.Details()) {
				t.Fatalf("details dropped: %v", st.Details())
			}
		})
	}
}

func mustWithDetails(t *testing.T) error {
	st, err := status.New(codes.FailedPrecondition, "custom").WithDetails(&errdetails.ErrorInfo{Reason: "CUSTOM", Domain: "x"})
	if err != nil {
		t.Fatal(err)
	}
	return st.Err()
}

// lockedBuffer is a log sink safe for concurrent writes.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestErrorInterceptor(t *testing.T) {
	t.Parallel()
	var logs lockedBuffer
	icpt := grpcserver.ErrorUnaryInterceptor(slog.New(slog.NewTextHandler(&logs, nil)))
	info := &grpc.UnaryServerInfo{FullMethod: "/simpeg.test.v1.Test/Do"}
	tests := []struct {
		name    string
		err     error
		code    codes.Code
		logged  bool
		showMsg string
	}{
		{"domain error", errs.NotFoundf("employee %s not found", "x"), codes.NotFound, false, "employee x not found"},
		{"fault", errors.New("disk on fire"), codes.Internal, true, "internal error"},
	}
	for _, tc := range tests {
		before := logs.String()
		_, err := icpt(context.Background(), nil, info, func(context.Context, any) (any, error) { return nil, tc.err })
		st, _ := status.FromError(err)
		if st.Code() != tc.code || !strings.Contains(st.Message(), tc.showMsg) {
			t.Errorf("%s: %v, want %v containing %q", tc.name, err, tc.code, tc.showMsg)
		}
		loggedNow := strings.TrimPrefix(logs.String(), before)
		if got := strings.Contains(loggedNow, "disk on fire") && strings.Contains(loggedNow, info.FullMethod); got != tc.logged {
			t.Errorf("%s: cause logged = %v, want %v (log %q)", tc.name, got, tc.logged, loggedNow)
		}
	}
	resp, err := icpt(context.Background(), nil, info, func(context.Context, any) (any, error) { return "fine", nil })
	if err != nil || resp != "fine" {
		t.Fatalf("success: %v, %v", resp, err)
	}
}

func TestValidateInterceptor(t *testing.T) {
	t.Parallel()
	validate, err := grpcserver.ValidateUnaryInterceptor()
	if err != nil {
		t.Fatal(err)
	}
	info := &grpc.UnaryServerInfo{FullMethod: planningv1.PlanningService_GetEmployee_FullMethodName}
	calls := 0
	handler := func(context.Context, any) (any, error) { calls++; return "ok", nil }

	tests := []struct {
		name      string
		req       any
		wantField string // empty: valid
	}{
		{"too short", &planningv1.GetEmployeeRequest{Name: "employees/123"}, "name"},
		{"wrong collection", &planningv1.GetEmployeeRequest{Name: "agencies/198001012005011001"}, "name"},
		{"empty", &planningv1.GetEmployeeRequest{}, "name"},
		{"valid", &planningv1.GetEmployeeRequest{Name: "employees/198001012005011001"}, ""},
		{"not a proto message", "plain", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := calls
			_, err := validate(context.Background(), tc.req, info, handler)
			if tc.wantField == "" {
				if err != nil || calls != before+1 {
					t.Fatalf("valid request: err %v, handler calls %d", err, calls-before)
				}
				return
			}
			if calls != before {
				t.Fatal("handler ran for an invalid request")
			}
			st, ok := grpcserver.Status(err)
			if !ok || st.Code() != codes.InvalidArgument {
				t.Fatalf("status %v ok=%v, want InvalidArgument", st, ok)
			}
			br, _ := details(t, st)
			if br == nil || len(br.FieldViolations) != 1 || br.FieldViolations[0].Field != tc.wantField || br.FieldViolations[0].Description == "" {
				t.Fatalf("BadRequest = %v, want one violation of %q", br, tc.wantField)
			}
		})
	}
}

// planning is a PlanningService whose GetEmployee reports a domain error and whose GetAgency
// panics; everything else is unimplemented.
type planning struct {
	planningv1.UnimplementedPlanningServiceServer
}

func (planning) GetEmployee(ctx context.Context, req *planningv1.GetEmployeeRequest) (*planningv1.GetEmployeeResponse, error) {
	g, ok := auth.GrantFrom(ctx)
	if !ok {
		return nil, errors.New("no grant in the handler's context")
	}
	return nil, errs.New(errs.NotFound, "%s not found (asked by %s)", req.GetName(), g.Subject).WithReason("EMPLOYEE_NOT_FOUND")
}

func (planning) GetAgency(context.Context, *planningv1.GetAgencyRequest) (*planningv1.GetAgencyResponse, error) {
	panic("handler bug")
}

// The whole chain over a real connection: authentication before validation, validation before
// the handler, errors mapped, panics recovered, metrics recorded, health public.
func TestServer(t *testing.T) {
	t.Parallel()
	key, signer := testenv.Keys(t, "simpeg-test", "simpeg")
	v, err := auth.NewVerifier(auth.Config{Issuer: "simpeg-test", Audience: "simpeg", KeyFile: key})
	if err != nil {
		t.Fatal(err)
	}
	read := auth.Rule{Grants: map[auth.Role]auth.Scope{auth.RoleCityHR: auth.ScopeAll}}
	authz := auth.NewAuthorizer(v, auth.Rules{
		planningv1.PlanningService_GetEmployee_FullMethodName: read,
		planningv1.PlanningService_GetAgency_FullMethodName:   read,
	})
	var logs lockedBuffer
	reg := prometheus.NewRegistry()
	srv, err := grpcserver.New(grpcserver.Options{Log: slog.New(slog.NewTextHandler(&logs, nil)), Authorizer: authz, Registry: reg})
	if err != nil {
		t.Fatal(err)
	}
	planningv1.RegisterPlanningServiceServer(srv.Server, planning{})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(srv.Stop)

	conn, err := grpc.NewClient(ln.Addr().String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	client := planningv1.NewPlanningServiceClient(conn)
	token := testenv.Token(t, signer, auth.Principal{Subject: "bkpsdm-1", Roles: []auth.Role{auth.RoleCityHR}})
	employeeToken := testenv.Token(t, signer, auth.Principal{Subject: "pns-1", Roles: []auth.Role{auth.RoleEmployee}})
	withToken := func(tok string) context.Context {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		t.Cleanup(cancel)
		if tok == "" {
			return ctx
		}
		return metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+tok)
	}

	hc, err := grpc_health_v1.NewHealthClient(conn).Check(withToken(""), &grpc_health_v1.HealthCheckRequest{})
	if err != nil || hc.Status != grpc_health_v1.HealthCheckResponse_SERVING {
		t.Fatalf("health check without a token: %v, %v", hc, err)
	}

	valid := &planningv1.GetEmployeeRequest{Name: "employees/198001012005011001"}
	invalid := &planningv1.GetEmployeeRequest{Name: "employees/123"}
	tests := []struct {
		name       string
		call       func() error
		code       codes.Code
		wantField  string
		wantReason string
	}{
		{"no token", func() error { _, err := client.GetEmployee(withToken(""), valid); return err }, codes.Unauthenticated, "", ""},
		{"no token, invalid request: authentication comes first", func() error { _, err := client.GetEmployee(withToken(""), invalid); return err }, codes.Unauthenticated, "", ""},
		{"role not allowed", func() error { _, err := client.GetEmployee(withToken(employeeToken), valid); return err }, codes.PermissionDenied, "", ""},
		{"method without rule", func() error {
			_, err := client.ListEmployees(withToken(token), &planningv1.ListEmployeesRequest{})
			return err
		}, codes.PermissionDenied, "", ""},
		{"invalid request", func() error { _, err := client.GetEmployee(withToken(token), invalid); return err }, codes.InvalidArgument, "name", "INVALID_ARGUMENT"},
		{"domain error from the handler", func() error { _, err := client.GetEmployee(withToken(token), valid); return err }, codes.NotFound, "", "EMPLOYEE_NOT_FOUND"},
		{"panicking handler", func() error {
			_, err := client.GetAgency(withToken(token), &planningv1.GetAgencyRequest{Name: "agencies/DINKES"})
			return err
		}, codes.Internal, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st := status.Convert(tc.call())
			if st.Code() != tc.code {
				t.Fatalf("code = %v (%s), want %v", st.Code(), st.Message(), tc.code)
			}
			br, info := details(t, st)
			if tc.wantField != "" && (br == nil || len(br.FieldViolations) != 1 || br.FieldViolations[0].Field != tc.wantField) {
				t.Errorf("BadRequest = %v, want a violation of %q", br, tc.wantField)
			}
			if tc.wantReason != "" && (info == nil || info.Reason != tc.wantReason) {
				t.Errorf("ErrorInfo = %v, want reason %s", info, tc.wantReason)
			}
			if tc.code == codes.Internal && strings.Contains(st.Message(), "handler bug") {
				t.Errorf("panic value leaked to the client: %q", st.Message())
			}
		})
	}
	if !strings.Contains(logs.String(), "handler bug") {
		t.Error("the panic was not logged")
	}
	// The server still answers after the panic, and counted the calls.
	if _, err := client.GetEmployee(withToken(token), valid); status.Code(err) != codes.NotFound {
		t.Fatalf("after the panic: %v", err)
	}
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	var handled float64
	for _, f := range families {
		if f.GetName() == "grpc_server_handled_total" {
			for _, m := range f.GetMetric() {
				handled += m.GetCounter().GetValue()
			}
		}
	}
	if handled < float64(len(tests)+1) {
		t.Fatalf("grpc_server_handled_total = %v, want at least %d", handled, len(tests)+1)
	}
}
