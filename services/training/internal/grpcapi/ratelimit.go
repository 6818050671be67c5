package grpcapi

// The per-client rate limit of the public certificate check (issue 10 §6: "the certificate
// check is public and rate-limited").

import (
	"container/list"
	"context"
	"fmt"
	"math"
	"net"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/peer"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/durationpb"

	trainingv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/training/v1"
)

// PublicMethods are the methods anyone may call without a token, rate-limited per client.
var PublicMethods = []string{
	trainingv1.TrainingService_VerifyCertificate_FullMethodName,
	trainingv1.TrainingService_ListCertificateKeys_FullMethodName,
}

// ClientLimiter is a token bucket per client for a set of methods: each client may make burst
// calls at once and then perMinute calls a minute. A client is the address the call came from:
// the x-forwarded-for entry trustedHops places before the last (the gateway appends the
// address it got the call from, so with the gateway directly in front, trustedHops 0, the
// last entry is the caller's and a client cannot forge it; each proxy in front of the gateway
// that appends its own caller adds one), or the connection's peer when the call did not come
// through the gateway. It remembers at most maxClients clients, forgetting the one idle
// longest, so a flood of addresses cannot exhaust the service's memory.
type ClientLimiter struct {
	limit       rate.Limit
	burst       int
	trustedHops int
	maxClients  int
	methods     map[string]bool
	now         func() time.Time

	mu      sync.Mutex
	clients map[string]*list.Element // of *clientBucket, most recently used first
	lru     *list.List
}

// clientBucket is one client's bucket.
type clientBucket struct {
	key     string
	limiter *rate.Limiter
}

// NewClientLimiter returns a limiter of methods allowing each client perMinute calls a minute
// with bursts of burst, remembering up to maxClients clients; trustedHops is the number of
// proxies in front of the gateway that append to x-forwarded-for. Settings out of range are an
// error naming them.
func NewClientLimiter(perMinute, burst, maxClients, trustedHops int, methods ...string) (*ClientLimiter, error) {
	switch {
	case perMinute < 1:
		return nil, fmt.Errorf("the rate must be at least 1 call a minute, got %d", perMinute)
	case burst < 1:
		return nil, fmt.Errorf("the burst must be at least 1 call, got %d", burst)
	case maxClients < 1:
		return nil, fmt.Errorf("the limiter must remember at least 1 client, got %d", maxClients)
	case trustedHops < 0:
		return nil, fmt.Errorf("the trusted proxies in front of the gateway cannot be negative, got %d", trustedHops)
	}
	m := make(map[string]bool, len(methods))
	for _, name := range methods {
		m[name] = true
	}
	return &ClientLimiter{limit: rate.Limit(float64(perMinute) / 60), burst: burst, trustedHops: trustedHops, maxClients: maxClients,
		methods: m, now: time.Now, clients: map[string]*list.Element{}, lru: list.New()}, nil
}

// UnaryInterceptor refuses a limited method's call over its client's limit with
// RESOURCE_EXHAUSTED and a google.rpc.RetryInfo saying when the next call is allowed (the
// gateway answers HTTP 429 with Retry-After from it). Other methods pass untouched.
func (l *ClientLimiter) UnaryInterceptor() grpc.UnaryServerInterceptor {
	return func(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		if l.methods[info.FullMethod] {
			if wait, ok := l.Allow(ClientOf(ctx, l.trustedHops)); !ok {
				return nil, tooManyCalls(wait)
			}
		}
		return handler(ctx, req)
	}
}

// Allow takes one call from client's bucket. When the bucket is empty it takes nothing and
// returns how long until it holds a call again.
func (l *ClientLimiter) Allow(client string) (wait time.Duration, ok bool) {
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.bucket(client)
	r := b.limiter.ReserveN(now, 1)
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return d, false
	}
	return 0, true
}

// bucket returns client's bucket, made full for a client not seen (or forgotten), and marks it
// the most recently used; l.mu is held.
func (l *ClientLimiter) bucket(client string) *clientBucket {
	if e, ok := l.clients[client]; ok {
		l.lru.MoveToFront(e)
		return e.Value.(*clientBucket)
	}
	b := &clientBucket{key: client, limiter: rate.NewLimiter(l.limit, l.burst)}
	l.clients[client] = l.lru.PushFront(b)
	for l.lru.Len() > l.maxClients {
		oldest := l.lru.Back()
		l.lru.Remove(oldest)
		delete(l.clients, oldest.Value.(*clientBucket).key)
	}
	return b
}

// Clients returns how many clients the limiter remembers.
func (l *ClientLimiter) Clients() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.lru.Len()
}

// ClientOf returns the address a call came from: the x-forwarded-for entry trustedHops before
// the last when the header is there (the gateway's), the connection's peer otherwise, and
// "unknown" when neither says.
func ClientOf(ctx context.Context, trustedHops int) string {
	md, _ := metadata.FromIncomingContext(ctx)
	var hops []string
	for _, v := range md.Get("x-forwarded-for") {
		for _, h := range strings.Split(v, ",") {
			if h = strings.TrimSpace(h); h != "" {
				hops = append(hops, h)
			}
		}
	}
	if len(hops) > 0 {
		return hops[max(len(hops)-1-trustedHops, 0)]
	}
	if p, ok := peer.FromContext(ctx); ok && p.Addr != nil {
		if host, _, err := net.SplitHostPort(p.Addr.String()); err == nil {
			return host
		}
		return p.Addr.String()
	}
	return "unknown"
}

// tooManyCalls is the refusal of a call over the limit.
func tooManyCalls(wait time.Duration) error {
	wait = max(time.Duration(math.Ceil(wait.Seconds()))*time.Second, time.Second) // whole seconds, as Retry-After says it
	st := status.New(codes.ResourceExhausted, fmt.Sprintf("too many certificate checks from your address: try again in %s", wait))
	if d, err := st.WithDetails(&errdetails.RetryInfo{RetryDelay: durationpb.New(wait)}); err == nil {
		st = d
	}
	return st.Err()
}
