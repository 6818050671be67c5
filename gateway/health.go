package gateway

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"google.golang.org/grpc/health/grpc_health_v1"
)

const (
	// readyTTL is how long a readiness answer is reused, so frequent probes stay cheap.
	readyTTL = time.Second
	// readyCheckTimeout bounds one round of health checks.
	readyCheckTimeout = 2 * time.Second
)

var healthzBody = []byte(`{"status":"ok"}`)

// serveHealthz answers the liveness probe: the process runs and serves HTTP.
func serveHealthz(w http.ResponseWriter) {
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, healthzBody)
}

// readiness answers /readyz: ready when every service answers the standard gRPC health check
// (grpc.health.v1.Health/Check, service "") with SERVING, which a service does while its
// database answers. NATS trouble and an outbox that does not drain leave it ready (writes go on
// into the outbox): they show in /healthz/details and the services' metrics. One round of
// checks runs at a time and its answer is reused for ttl.
type readiness struct {
	upstreams []upstream
	log       *slog.Logger
	ttl       time.Duration

	mu      sync.Mutex
	checked time.Time
	ok      bool
	body    []byte
}

// readyReport is the /readyz body: the overall verdict and each service's health status.
type readyReport struct {
	Status    string            `json:"status"`
	Upstreams map[string]string `json:"upstreams"`
	NotReady  []string          `json:"notReady,omitempty"`
}

func newReadiness(ups []upstream, log *slog.Logger) *readiness {
	return &readiness{upstreams: ups, log: log, ttl: readyTTL}
}

func (rd *readiness) serve(w http.ResponseWriter, r *http.Request) {
	ok, body := rd.result(r.Context())
	code := http.StatusOK
	if !ok {
		code = http.StatusServiceUnavailable
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, code, body)
}

// result returns the cached answer, or checks again when it is older than ttl.
func (rd *readiness) result(ctx context.Context) (bool, []byte) {
	rd.mu.Lock()
	defer rd.mu.Unlock()
	if rd.body != nil && time.Since(rd.checked) < rd.ttl {
		return rd.ok, rd.body
	}
	// The check must not die with the probe's request: its answer is shared.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), readyCheckTimeout)
	defer cancel()
	rd.ok, rd.body = rd.check(ctx)
	rd.checked = time.Now()
	return rd.ok, rd.body
}

// check asks every service at once.
func (rd *readiness) check(ctx context.Context) (bool, []byte) {
	states := make([]string, len(rd.upstreams))
	var wg sync.WaitGroup
	for i, u := range rd.upstreams {
		wg.Go(func() {
			resp, err := u.health.Check(ctx, &grpc_health_v1.HealthCheckRequest{Service: ""})
			switch {
			case err != nil:
				states[i] = "UNREACHABLE"
				rd.log.WarnContext(ctx, "health check failed", "upstream", u.name, "addr", u.addr, "err", err)
			default:
				states[i] = resp.GetStatus().String()
			}
		})
	}
	wg.Wait()

	rep := readyReport{Status: "ready", Upstreams: make(map[string]string, len(rd.upstreams))}
	for i, u := range rd.upstreams {
		rep.Upstreams[u.name] = states[i]
		if states[i] != grpc_health_v1.HealthCheckResponse_SERVING.String() {
			rep.NotReady = append(rep.NotReady, u.name)
		}
	}
	if len(rep.NotReady) > 0 {
		rep.Status = "not ready"
	}
	body, err := json.Marshal(rep)
	if err != nil {
		// A struct of strings always marshals; keep the verdict if it ever does not.
		body = []byte(`{"status":"not ready"}`)
		return false, body
	}
	return len(rep.NotReady) == 0, body
}
