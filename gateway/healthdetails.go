package gateway

import (
	"context"
	"encoding/json"
	"net/http"
	"sync"
	"time"

	"google.golang.org/grpc/health/grpc_health_v1"
)

// routeHealthDetails is the JSON report of every service's health checks, readiness and the
// details that do not change it.
const routeHealthDetails = "/healthz/details"

// healthChecks are the grpc.health.v1 services each simpeg service answers, by the name the
// report gives them. "" is its readiness (its database answers); the others are the details
// platform/service sets (service.HealthNATS, service.HealthOutbox; the gateway does not import
// the service kit, and TestFaultReadinessThroughNATSOutage checks the names agree).
var healthChecks = []struct{ name, service string }{
	{"ready", ""},
	{"nats", "simpeg.nats"},
	{"outbox", "simpeg.outbox"},
}

// details answers /healthz/details, always 200 (it is for dashboards and people, not a
// probe): {"status": "ok"|"degraded", "upstreams": {"planning": {"ready": "SERVING", "nats":
// "NOT_SERVING", "outbox": "SERVING"}}}. "degraded" means some check is not SERVING; /readyz
// alone says whether the gateway can answer. One round runs at a time, reused for readyTTL.
type details struct {
	upstreams []upstream
	ttl       time.Duration

	mu      sync.Mutex
	checked time.Time
	body    []byte
}

// detailsReport is the /healthz/details body.
type detailsReport struct {
	Status    string                       `json:"status"`
	Upstreams map[string]map[string]string `json:"upstreams"`
}

func (d *details) serve(w http.ResponseWriter, r *http.Request) {
	d.mu.Lock()
	if d.body == nil || time.Since(d.checked) >= d.ttl {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), readyCheckTimeout)
		d.body = d.check(ctx)
		cancel()
		d.checked = time.Now()
	}
	body := d.body
	d.mu.Unlock()
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, body)
}

func (d *details) check(ctx context.Context) []byte {
	states := make([][]string, len(d.upstreams))
	var wg sync.WaitGroup
	for i, u := range d.upstreams {
		states[i] = make([]string, len(healthChecks))
		for j, c := range healthChecks {
			wg.Go(func() {
				resp, err := u.health.Check(ctx, &grpc_health_v1.HealthCheckRequest{Service: c.service})
				if err != nil {
					states[i][j] = "UNREACHABLE"
					return
				}
				states[i][j] = resp.GetStatus().String()
			})
		}
	}
	wg.Wait()
	rep := detailsReport{Status: "ok", Upstreams: make(map[string]map[string]string, len(d.upstreams))}
	for i, u := range d.upstreams {
		m := make(map[string]string, len(healthChecks))
		for j, c := range healthChecks {
			m[c.name] = states[i][j]
			if states[i][j] != grpc_health_v1.HealthCheckResponse_SERVING.String() {
				rep.Status = "degraded"
			}
		}
		rep.Upstreams[u.name] = m
	}
	body, err := json.Marshal(rep)
	if err != nil {
		return []byte(`{"status":"degraded"}`) // maps of strings always marshal
	}
	return body
}
