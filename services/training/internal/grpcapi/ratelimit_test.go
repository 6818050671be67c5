package grpcapi

import (
	"context"
	"fmt"
	"net"
	"testing"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/peer"
	"google.golang.org/grpc/status"

	trainingv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/training/v1"
)

func TestClientOf(t *testing.T) {
	tcp := func(s string) net.Addr { a, _ := net.ResolveTCPAddr("tcp", s); return a }
	tests := []struct {
		name string
		xff  []string
		peer net.Addr
		hops int
		want string
	}{
		{"through the gateway", []string{"203.0.113.7"}, tcp("10.0.0.5:41000"), 0, "203.0.113.7"},
		{"a forged entry before the gateway's", []string{"1.2.3.4, 203.0.113.7"}, tcp("10.0.0.5:41000"), 0, "203.0.113.7"},
		{"behind one proxy that appends", []string{"198.51.100.9, 10.1.0.2"}, tcp("10.0.0.5:41000"), 1, "198.51.100.9"},
		{"more hops trusted than entries", []string{"198.51.100.9"}, tcp("10.0.0.5:41000"), 3, "198.51.100.9"},
		{"two header values", []string{"1.2.3.4", "203.0.113.7"}, nil, 0, "203.0.113.7"},
		{"straight to the service", nil, tcp("192.0.2.44:51234"), 0, "192.0.2.44"},
		{"nothing known", nil, nil, 0, "unknown"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			if tt.xff != nil {
				md := metadata.MD{}
				for _, v := range tt.xff {
					md.Append("x-forwarded-for", v)
				}
				ctx = metadata.NewIncomingContext(ctx, md)
			}
			if tt.peer != nil {
				ctx = peer.NewContext(ctx, &peer.Peer{Addr: tt.peer})
			}
			if got := ClientOf(ctx, tt.hops); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestClientLimiter: 6 calls a minute with bursts of 3, per client: the fourth call at once is
// refused for 10 s, the refusal takes nothing from the bucket, another client is not affected,
// and the bucket refills.
func TestClientLimiter(t *testing.T) {
	l, err := NewClientLimiter(6, 3, 100, 0, PublicMethods...)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 5, 7, 9, 0, 0, 0, time.UTC)
	now := start
	l.now = func() time.Time { return now }
	steps := []struct {
		after  time.Duration // since start
		client string
		ok     bool
		wait   time.Duration
	}{
		{0, "a", true, 0},
		{0, "a", true, 0},
		{0, "a", true, 0},
		{0, "a", false, 10 * time.Second},
		{0, "b", true, 0},
		{4 * time.Second, "a", false, 6 * time.Second},
		{10 * time.Second, "a", true, 0},
		{10 * time.Second, "a", false, 10 * time.Second},
		{40 * time.Second, "a", true, 0},
		{40 * time.Second, "a", true, 0},
		{40 * time.Second, "a", true, 0},
		{40 * time.Second, "a", false, 10 * time.Second},
	}
	for i, s := range steps {
		now = start.Add(s.after)
		wait, ok := l.Allow(s.client)
		if ok != s.ok || wait.Round(time.Millisecond) != s.wait {
			t.Fatalf("step %d (%s at +%s): ok %v wait %s, want %v %s", i, s.client, s.after, ok, wait, s.ok, s.wait)
		}
	}
}

// TestClientLimiterBounded: a flood of addresses keeps at most maxClients buckets, forgetting
// the one idle longest; a forgotten client starts again with a full bucket.
func TestClientLimiterBounded(t *testing.T) {
	l, err := NewClientLimiter(1, 1, 50, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := l.Allow("kept"); !ok {
		t.Fatal("first call refused")
	}
	for i := range 1000 {
		if i%10 == 0 {
			l.Allow("kept") // refused, but used: it stays
		}
		l.Allow(fmt.Sprintf("198.51.100.%d", i))
	}
	if n := l.Clients(); n != 50 {
		t.Fatalf("%d clients remembered, want 50", n)
	}
	if _, ok := l.Allow("kept"); ok {
		t.Error("a client in use was forgotten")
	}
	if _, ok := l.Allow("198.51.100.0"); !ok {
		t.Error("a forgotten client was not given a full bucket")
	}
}

func TestNewClientLimiterSettings(t *testing.T) {
	for _, c := range [][4]int{{0, 1, 1, 0}, {1, 0, 1, 0}, {1, 1, 0, 0}, {1, 1, 1, -1}} {
		if _, err := NewClientLimiter(c[0], c[1], c[2], c[3]); err == nil {
			t.Errorf("%v accepted", c)
		}
	}
}

// TestClientLimiterInterceptor: a limited method over the limit answers RESOURCE_EXHAUSTED with
// the delay in whole seconds as RetryInfo (the gateway's 429 and Retry-After); other methods
// pass.
func TestClientLimiterInterceptor(t *testing.T) {
	l, err := NewClientLimiter(2, 1, 10, 0, PublicMethods...)
	if err != nil {
		t.Fatal(err)
	}
	intercept := l.UnaryInterceptor()
	handler := func(context.Context, any) (any, error) { return "ok", nil }
	ctx := metadata.NewIncomingContext(context.Background(), metadata.Pairs("x-forwarded-for", "203.0.113.7"))
	call := func(method string) error {
		_, err := intercept(ctx, nil, &grpc.UnaryServerInfo{FullMethod: method}, handler)
		return err
	}
	verify := trainingv1.TrainingService_VerifyCertificate_FullMethodName
	if err := call(verify); err != nil {
		t.Fatal(err)
	}
	err = call(trainingv1.TrainingService_ListCertificateKeys_FullMethodName)
	st := status.Convert(err)
	if st.Code() != codes.ResourceExhausted {
		t.Fatalf("second call: %v", err)
	}
	var delay time.Duration
	for _, d := range st.Details() {
		if ri, ok := d.(*errdetails.RetryInfo); ok {
			delay = ri.GetRetryDelay().AsDuration()
		}
	}
	if delay != 30*time.Second {
		t.Errorf("retry delay %s, want 30s", delay)
	}
	for range 5 {
		if err := call(trainingv1.TrainingService_GetCertificate_FullMethodName); err != nil {
			t.Fatalf("an unlimited method: %v", err)
		}
	}
}
