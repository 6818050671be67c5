package gateway

import (
	"strings"
	"testing"

	"google.golang.org/grpc/health/grpc_health_v1"
)

// TestHealthDetails: /healthz/details reports each service's readiness and its NATS and outbox
// details, always with 200, while /readyz follows readiness alone (issue 7, item 8).
func TestHealthDetails(t *testing.T) {
	env := newTestEnv(t, nil)
	env.gw.details.ttl = 0
	const (
		serving    = grpc_health_v1.HealthCheckResponse_SERVING
		notServing = grpc_health_v1.HealthCheckResponse_NOT_SERVING
	)
	for _, tt := range []struct {
		name               string
		ready, nats, outbx grpc_health_v1.HealthCheckResponse_ServingStatus
		readyz             int
		want               string
	}{
		{"all serving", serving, serving, serving, 200, `{"status":"ok","upstreams":{"planning":{"nats":"SERVING","outbox":"SERVING","ready":"SERVING"}}}`},
		{"nats down", serving, notServing, serving, 200, `{"status":"degraded","upstreams":{"planning":{"nats":"NOT_SERVING","outbox":"SERVING","ready":"SERVING"}}}`},
		{"outbox stalled", serving, serving, notServing, 200, `"outbox":"NOT_SERVING"`},
		{"database down", notServing, serving, serving, 503, `"ready":"NOT_SERVING"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			env.up.health.SetServingStatus("", tt.ready)
			env.up.health.SetServingStatus("simpeg.nats", tt.nats)
			env.up.health.SetServingStatus("simpeg.outbox", tt.outbx)
			status, _, raw := call(t, "GET", env.srv.URL+"/healthz/details", "", nil)
			if status != 200 || !strings.Contains(string(raw), tt.want) {
				t.Errorf("/healthz/details: %d %s, want 200 with %s", status, raw, tt.want)
			}
			if status, _, raw := call(t, "GET", env.srv.URL+"/readyz", "", nil); status != tt.readyz {
				t.Errorf("/readyz: %d %s, want %d", status, raw, tt.readyz)
			}
		})
	}
}
