package telemetry

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/pprof"
)

// ErrNotLoopback is returned by CheckLoopback (and ProfilingServer) for an address another
// machine could reach.
var ErrNotLoopback = errors.New("not a loopback address")

// CheckLoopback accepts host:port whose host is a loopback IP (127.0.0.0/8, ::1) or
// "localhost", and refuses anything else — an empty host, 0.0.0.0 and [::] included, since
// they listen on every interface.
func CheckLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("profiling address %q is not host:port: %w", addr, err)
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("profiling address %q: %w (profiles expose the process's memory and stacks, so they are served on this machine only; use 127.0.0.1:<port> and an SSH tunnel or kubectl port-forward)", addr, ErrNotLoopback)
}

// ProfilingServer serves the Go runtime profiles under /debug/pprof/ on addr until ctx is
// done, for SIMPEG_PPROF_ADDR. An empty addr (the default) serves nothing; an address that is
// not loopback is refused (CheckLoopback). Profiling is per process, so each binary's main
// calls it once, never a service: the all-in-one binary runs one server for all its services.
// The server has no authentication of its own; being bound to loopback is its protection.
func ProfilingServer(ctx context.Context, addr string) (net.Addr, error) {
	if addr == "" {
		return nil, nil
	}
	if err := CheckLoopback(addr); err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listening for profiles on %s: %w", addr, err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /debug/pprof/", pprof.Index)
	mux.HandleFunc("GET /debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("GET /debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("GET /debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("GET /debug/pprof/trace", pprof.Trace)
	serve(ctx, ln, mux)
	return ln.Addr(), nil
}
