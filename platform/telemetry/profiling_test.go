package telemetry_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"testing"

	"github.com/simpeg-id/simpeg/platform/telemetry"
)

func TestCheckLoopback(t *testing.T) {
	tests := []struct {
		addr string
		ok   bool
	}{
		{"127.0.0.1:6060", true},
		{"127.1.2.3:6060", true},
		{"[::1]:6060", true},
		{"localhost:6060", true},
		{"0.0.0.0:6060", false},
		{":6060", false},
		{"[::]:6060", false},
		{"10.0.0.5:6060", false},
		{"example.org:6060", false},
		{"6060", false},
	}
	for _, tt := range tests {
		err := telemetry.CheckLoopback(tt.addr)
		if (err == nil) != tt.ok {
			t.Errorf("CheckLoopback(%q) = %v, want ok %v", tt.addr, err, tt.ok)
		}
		if err != nil && tt.addr != "6060" && !errors.Is(err, telemetry.ErrNotLoopback) {
			t.Errorf("CheckLoopback(%q) = %v, want ErrNotLoopback", tt.addr, err)
		}
	}
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestMetricsServerHasNoProfiles: the metrics port, bound where other machines scrape it,
// serves /metrics and nothing under /debug/pprof/.
func TestMetricsServerHasNoProfiles(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ln := "127.0.0.1:0"
	addr, err := telemetry.ProfilingServer(ctx, "")
	if err != nil || addr != nil {
		t.Fatalf("ProfilingServer(\"\") = %v, %v; want nothing served", addr, err)
	}
	if _, err := telemetry.ProfilingServer(ctx, "0.0.0.0:0"); !errors.Is(err, telemetry.ErrNotLoopback) {
		t.Fatalf("ProfilingServer(0.0.0.0:0) = %v, want ErrNotLoopback", err)
	}
	paddr, err := telemetry.ProfilingServer(ctx, ln)
	if err != nil {
		t.Fatal(err)
	}
	if code, body := get(t, "http://"+paddr.String()+"/debug/pprof/cmdline"); code != http.StatusOK || body == "" {
		t.Errorf("profiling server: /debug/pprof/cmdline = %d %q, want 200", code, body)
	}
	if code, _ := get(t, "http://"+paddr.String()+"/metrics"); code != http.StatusNotFound {
		t.Errorf("profiling server: /metrics = %d, want 404 (metrics are separate)", code)
	}
	maddr := freeAddr(t)
	if err := telemetry.MetricsServer(ctx, maddr, telemetry.NewRegistry()); err != nil {
		t.Fatal(err)
	}
	if code, _ := get(t, "http://"+maddr+"/metrics"); code != http.StatusOK {
		t.Errorf("metrics server: /metrics = %d, want 200", code)
	}
	for _, path := range []string{"/debug/pprof/", "/debug/pprof/profile?seconds=1", "/debug/pprof/trace?seconds=1"} {
		if code, _ := get(t, "http://"+maddr+path); code != http.StatusNotFound {
			t.Errorf("metrics server: %s = %d, want 404", path, code)
		}
	}
}

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}
