package idempotency_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/idempotency"
	"github.com/simpeg-id/simpeg/platform/testenv"
	attendancev1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/attendance/v1"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
)

const method = planningv1.PlanningService_CreateAgency_FullMethodName

// fixture is an interceptor over a fresh database and a handler that counts its calls and
// answers each with a distinct etag, so a replayed answer is told apart from a new one.
type fixture struct {
	db      *database.DB
	icpt    grpc.UnaryServerInterceptor
	calls   atomic.Int32
	delay   time.Duration
	fail    atomic.Int32 // fail this many next calls
	empty   bool         // answer with an empty message
	running atomic.Int32
	overlap atomic.Bool
}

func newFixture(t *testing.T, engine testenv.Engine) *fixture {
	t.Helper()
	db := testenv.OpenDB(t, engine)
	if err := db.Migrate(context.Background(), "test", nil); err != nil {
		t.Fatal(err)
	}
	return &fixture{db: db, icpt: idempotency.Interceptor(db, []string{method})}
}

var errHandler = errors.New("handler failed")

func (f *fixture) handler(ctx context.Context, req any) (any, error) {
	n := f.calls.Add(1)
	if f.running.Add(1) > 1 {
		f.overlap.Store(true)
	}
	defer f.running.Add(-1)
	if f.delay > 0 {
		time.Sleep(f.delay)
	}
	if f.fail.Load() > 0 {
		f.fail.Add(-1)
		return nil, errHandler
	}
	if f.empty {
		return &planningv1.CreateAgencyResponse{}, nil
	}
	a := req.(*planningv1.CreateAgencyRequest).GetAgency()
	return &planningv1.CreateAgencyResponse{Agency: &planningv1.Agency{
		Name:        "agencies/" + a.GetCode(),
		Code:        a.GetCode(),
		DisplayName: a.GetDisplayName(),
		Etag:        fmt.Sprint("etag-", n),
		CreateTime:  timestamppb.New(time.Date(2026, 11, 27, 9, 0, int(n), 0, time.UTC)),
	}}, nil
}

func callCtx(actor, key string) context.Context {
	ctx := context.Background()
	if key != "" {
		ctx = metadata.NewIncomingContext(ctx, metadata.Pairs(idempotency.MetadataKey, key))
	}
	return auth.WithGrant(ctx, auth.Grant{Principal: auth.Principal{Subject: actor, Roles: []auth.Role{auth.RoleCityHR}}, Scope: auth.ScopeAll})
}

func request(code string) *planningv1.CreateAgencyRequest {
	return &planningv1.CreateAgencyRequest{Agency: &planningv1.Agency{Code: code, DisplayName: "Dinas " + code, Kind: planningv1.AgencyKind(1)}}
}

func (f *fixture) call(ctx context.Context, fullMethod string, req proto.Message) (*planningv1.CreateAgencyResponse, error) {
	resp, err := f.icpt(ctx, req, &grpc.UnaryServerInfo{FullMethod: fullMethod}, f.handler)
	if err != nil {
		return nil, err
	}
	r, ok := resp.(*planningv1.CreateAgencyResponse)
	if !ok {
		return nil, fmt.Errorf("response is %T, want *CreateAgencyResponse", resp)
	}
	return r, nil
}

func (f *fixture) mustCall(t *testing.T, ctx context.Context, req proto.Message) *planningv1.CreateAgencyResponse {
	t.Helper()
	r, err := f.call(ctx, method, req)
	if err != nil {
		t.Fatalf("call: %v", err)
	}
	return r
}

func wantReason(t *testing.T, err error, kind errs.Kind, reason string) {
	t.Helper()
	e, ok := errs.As(err)
	if !ok || e.Kind != kind || e.Reason != reason {
		t.Fatalf("error = %v (%#v), want kind %d with reason %s", err, e, kind, reason)
	}
}

func TestIdempotency(t *testing.T) {
	for _, engine := range testenv.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			cases := []struct {
				name string
				fn   func(t *testing.T, f *fixture)
			}{
				{"same key, same request", sameRequest},
				{"same key, different request", differentRequest},
				{"actors are independent", actorsIndependent},
				{"failure releases the key", failureReleases},
				{"pass-through", passThrough},
				{"validate only", validateOnlyPasses},
				{"concurrent retries", concurrent},
				{"empty answer replayed", emptyAnswer},
				{"running claim waits", runningClaimWaits},
				{"abandoned and expired keys taken over", takeOver},
			}
			for _, c := range cases {
				t.Run(c.name, func(t *testing.T) {
					t.Parallel()
					c.fn(t, newFixture(t, engine))
				})
			}
		})
	}
}

func sameRequest(t *testing.T, f *fixture) {
	ctx := callCtx("hr-1", "key-1")
	first := f.mustCall(t, ctx, request("DINKES"))
	for range 3 {
		again := f.mustCall(t, ctx, request("DINKES"))
		if !proto.Equal(first, again) {
			t.Fatalf("retry answered %v, first call %v", again, first)
		}
	}
	if n := f.calls.Load(); n != 1 {
		t.Fatalf("handler ran %d times, want once", n)
	}
	// A new key is a new request.
	other := f.mustCall(t, callCtx("hr-1", "key-2"), request("DINKES"))
	if proto.Equal(first, other) || f.calls.Load() != 2 {
		t.Fatalf("a new key replayed the old answer (calls %d)", f.calls.Load())
	}
	// The same key on another idempotent method is independent too.
	icpt := idempotency.Interceptor(f.db, []string{method, planningv1.PlanningService_CreatePosition_FullMethodName})
	if _, err := icpt(ctx, request("DINKES"), &grpc.UnaryServerInfo{FullMethod: planningv1.PlanningService_CreatePosition_FullMethodName}, f.handler); err != nil {
		t.Fatal(err)
	}
	if f.calls.Load() != 3 {
		t.Fatalf("the same key on another method was replayed (calls %d)", f.calls.Load())
	}
}

func differentRequest(t *testing.T, f *fixture) {
	ctx := callCtx("hr-1", "key-1")
	f.mustCall(t, ctx, request("DINKES"))
	_, err := f.call(ctx, method, request("DISDIK"))
	wantReason(t, err, errs.Invalid, "IDEMPOTENCY_KEY_REUSED")
	if n := f.calls.Load(); n != 1 {
		t.Fatalf("handler ran %d times, want once", n)
	}
	// The original request still gets its answer.
	if r := f.mustCall(t, ctx, request("DINKES")); r.GetAgency().GetEtag() != "etag-1" {
		t.Fatalf("replay after a refused reuse = %v", r)
	}
}

func actorsIndependent(t *testing.T, f *fixture) {
	a := f.mustCall(t, callCtx("hr-1", "shared-key"), request("DINKES"))
	b := f.mustCall(t, callCtx("hr-2", "shared-key"), request("DINKES"))
	c := f.mustCall(t, callCtx("hr-3", "shared-key"), request("DISDIK"))
	if n := f.calls.Load(); n != 3 {
		t.Fatalf("handler ran %d times for three actors, want 3", n)
	}
	if proto.Equal(a, b) || c.GetAgency().GetCode() != "DISDIK" {
		t.Fatalf("actors share answers: %v / %v / %v", a, b, c)
	}
	// Each replays their own.
	if again := f.mustCall(t, callCtx("hr-2", "shared-key"), request("DINKES")); !proto.Equal(again, b) {
		t.Fatalf("hr-2's retry answered %v, want %v", again, b)
	}
}

func failureReleases(t *testing.T, f *fixture) {
	ctx := callCtx("hr-1", "key-1")
	f.fail.Store(1)
	if _, err := f.call(ctx, method, request("DINKES")); !errors.Is(err, errHandler) {
		t.Fatalf("first call error = %v, want the handler's", err)
	}
	// A corrected request may reuse the key after a failure.
	f.fail.Store(1)
	if _, err := f.call(ctx, method, request("DISDIK")); !errors.Is(err, errHandler) {
		t.Fatalf("second call error = %v, want the handler's (not IDEMPOTENCY_KEY_REUSED)", err)
	}
	ok := f.mustCall(t, ctx, request("DINKES"))
	if n := f.calls.Load(); n != 3 {
		t.Fatalf("handler ran %d times, want 3 (each failure released the key)", n)
	}
	if again := f.mustCall(t, ctx, request("DINKES")); !proto.Equal(ok, again) || f.calls.Load() != 3 {
		t.Fatalf("after success the key is not replayed: %v vs %v, calls %d", again, ok, f.calls.Load())
	}
}

// A request with validate_only set runs without claiming its key: nothing is stored, so the
// real request may follow with the same key, and a second check runs again.
func validateOnlyPasses(t *testing.T, f *fixture) {
	const leaveMethod = attendancev1.AttendanceService_CreateLeaveRequest_FullMethodName
	icpt := idempotency.Interceptor(f.db, []string{leaveMethod})
	var calls atomic.Int32
	handler := func(_ context.Context, req any) (any, error) {
		calls.Add(1)
		return &attendancev1.CreateLeaveRequestResponse{LeaveRequest: &attendancev1.LeaveRequest{Days: 5}}, nil
	}
	ctx := callCtx("198609262015051001", "leave-key-1")
	req := func(validate bool) *attendancev1.CreateLeaveRequestRequest {
		return &attendancev1.CreateLeaveRequestRequest{LeaveRequest: &attendancev1.LeaveRequest{Type: attendancev1.LeaveType_LEAVE_TYPE_ANNUAL,
			StartDate: "2026-06-01", EndDate: "2026-06-05"}, ValidateOnly: validate}
	}
	for i, tc := range []struct {
		validate bool
		calls    int32
		keys     int
	}{
		{true, 1, 0},  // checked: no key claimed
		{true, 2, 0},  // checked again: runs again
		{false, 3, 1}, // the real request with the same key is not refused as a reuse
		{false, 3, 1}, // and its retry is replayed
		{true, 4, 1},  // a check after it still runs and claims nothing
	} {
		if _, err := icpt(ctx, req(tc.validate), &grpc.UnaryServerInfo{FullMethod: leaveMethod}, handler); err != nil {
			t.Fatalf("call %d (validate only %v): %v", i, tc.validate, err)
		}
		var keys int
		if err := f.db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM idempotency_keys WHERE method = $1`, leaveMethod).Scan(&keys); err != nil {
			t.Fatal(err)
		}
		if calls.Load() != tc.calls || keys != tc.keys {
			t.Fatalf("after call %d (validate only %v): handler ran %d times with %d keys stored, want %d and %d",
				i, tc.validate, calls.Load(), keys, tc.calls, tc.keys)
		}
	}
}

func passThrough(t *testing.T, f *fixture) {
	tests := []struct {
		name   string
		ctx    context.Context
		method string
	}{
		{"method not listed", callCtx("hr-1", "key-1"), planningv1.PlanningService_UpdateAgency_FullMethodName},
		{"no key", callCtx("hr-1", ""), method},
		{"empty key", auth.WithGrant(metadata.NewIncomingContext(context.Background(), metadata.Pairs(idempotency.MetadataKey, "")), auth.Grant{}), method},
		{"no metadata at all", context.Background(), method},
	}
	for _, tc := range tests {
		before := f.calls.Load()
		for range 2 {
			if _, err := f.call(tc.ctx, tc.method, request("DINKES")); err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
		}
		if got := f.calls.Load() - before; got != 2 {
			t.Errorf("%s: handler ran %d times for two calls, want 2", tc.name, got)
		}
	}
	var n int
	if err := f.db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM idempotency_keys`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("pass-through calls stored %d keys (%v)", n, err)
	}

	// An overlong key is refused before anything runs.
	before := f.calls.Load()
	_, err := f.call(callCtx("hr-1", strings.Repeat("k", 201)), method, request("DINKES"))
	e, ok := errs.As(err)
	if !ok || e.Kind != errs.Invalid || len(e.Violations) != 1 || e.Violations[0].Field != "idempotency_key" || f.calls.Load() != before {
		t.Fatalf("overlong key: error %v, calls %d", err, f.calls.Load()-before)
	}
	if _, err := f.call(callCtx("hr-1", strings.Repeat("k", 200)), method, request("DINKES")); err != nil {
		t.Fatalf("a 200-character key: %v", err)
	}
}

func concurrent(t *testing.T, f *fixture) {
	f.delay = 50 * time.Millisecond
	const n = 200
	ctx := callCtx("hr-1", "storm")
	answers := make([]*planningv1.CreateAgencyResponse, n)
	errList := make([]error, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-start
			answers[i], errList[i] = f.call(ctx, method, request("DINKES"))
		})
	}
	close(start)
	wg.Wait()
	for i, err := range errList {
		if err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
	}
	if c := f.calls.Load(); c != 1 || f.overlap.Load() {
		t.Fatalf("handler ran %d times (overlapping: %v), want once", c, f.overlap.Load())
	}
	for i, a := range answers {
		if !proto.Equal(a, answers[0]) || a.GetAgency().GetEtag() != "etag-1" {
			t.Fatalf("answer %d = %v, answer 0 = %v", i, a, answers[0])
		}
	}
}

// A response that encodes to zero bytes is still an answer, replayed to retries.
func emptyAnswer(t *testing.T, f *fixture) {
	f.empty = true
	ctx, cancel := context.WithTimeout(callCtx("hr-1", "key-1"), 3*time.Second)
	defer cancel()
	first := f.mustCall(t, ctx, request("DINKES"))
	again, err := f.call(ctx, method, request("DINKES"))
	if err != nil {
		t.Fatalf("retry of a call with an empty answer: %v", err)
	}
	if !proto.Equal(first, again) || f.calls.Load() != 1 {
		t.Fatalf("retry answered %v (calls %d)", again, f.calls.Load())
	}
}

// A retry arriving while the first call still runs waits instead of running the handler.
func runningClaimWaits(t *testing.T, f *fixture) {
	f.delay = 300 * time.Millisecond
	ctx := callCtx("hr-1", "key-1")
	done := make(chan *planningv1.CreateAgencyResponse, 1)
	go func() {
		r, err := f.call(ctx, method, request("DINKES"))
		if err != nil {
			t.Errorf("first call: %v", err)
		}
		done <- r
	}()
	deadline := time.Now().Add(5 * time.Second)
	for f.calls.Load() == 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	// A retry whose own deadline is shorter than the first call gives up with its context.
	short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	if _, err := f.call(short, method, request("DINKES")); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("impatient retry: error %v, want its deadline", err)
	}
	// A patient one gets the first call's answer.
	r := f.mustCall(t, ctx, request("DINKES"))
	first := <-done
	if !proto.Equal(r, first) || f.calls.Load() != 1 {
		t.Fatalf("waiting retry answered %v, first %v, calls %d", r, first, f.calls.Load())
	}
}

func takeOver(t *testing.T, f *fixture) {
	ctx := context.Background()
	old := database.Micros(time.Now().Add(-3 * time.Minute))
	// A claim left running by a process that died three minutes ago, for the same request (the
	// stored hash is the SHA-256 of the deterministic encoding).
	raw, err := proto.MarshalOptions{Deterministic: true}.Marshal(request("DINKES"))
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(raw)
	if _, err := f.db.ExecContext(ctx, `INSERT INTO idempotency_keys (actor, method, key, request_hash, state, created_at)
		VALUES ('hr-1', $1, 'abandoned', $2, 0, $3)`, method, hex.EncodeToString(sum[:]), old); err != nil {
		t.Fatal(err)
	}
	if r := f.mustCall(t, callCtx("hr-1", "abandoned"), request("DINKES")); r.GetAgency().GetEtag() != "etag-1" {
		t.Fatalf("abandoned claim: %v", r)
	}
	// A finished key past retention may be reused, even for a different request.
	f.mustCall(t, callCtx("hr-1", "expired"), request("DINKES"))
	if _, err := f.db.ExecContext(ctx, `UPDATE idempotency_keys SET created_at = $1 WHERE key = 'expired'`,
		database.Micros(time.Now().Add(-idempotency.Retention-time.Minute))); err != nil {
		t.Fatal(err)
	}
	if r := f.mustCall(t, callCtx("hr-1", "expired"), request("DISDIK")); r.GetAgency().GetCode() != "DISDIK" || f.calls.Load() != 3 {
		t.Fatalf("expired key: %v, calls %d", r, f.calls.Load())
	}
	// Cleanup deletes only answers past retention.
	f.mustCall(t, callCtx("hr-1", "fresh"), request("DINKES"))
	if _, err := f.db.ExecContext(ctx, `UPDATE idempotency_keys SET created_at = $1 WHERE key = 'fresh'`,
		database.Micros(time.Now().Add(-idempotency.Retention-time.Minute))); err != nil {
		t.Fatal(err)
	}
	if err := idempotency.Cleanup(ctx, f.db); err != nil {
		t.Fatal(err)
	}
	var keys []string
	rows, err := f.db.QueryContext(ctx, `SELECT key FROM idempotency_keys ORDER BY key`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			t.Fatal(err)
		}
		keys = append(keys, k)
	}
	if strings.Join(keys, ",") != "abandoned,expired" {
		t.Fatalf("keys after cleanup: %v, want abandoned,expired", keys)
	}
}
