package gateway

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"
)

const (
	readHeaderTimeout = 10 * time.Second
	idleTimeout       = 2 * time.Minute
	maxHeaderBytes    = 64 << 10
	// writeGrace is how long after the request deadline the answer may still be written.
	writeGrace = 5 * time.Second
)

// Run serves the API on Config.HTTPAddr, and Prometheus /metrics on Config.MetricsAddr unless it
// is empty, until ctx is done; then it stops accepting requests and lets those in flight finish
// within Config.ShutdownTimeout.
func (g *Gateway) Run(ctx context.Context) error {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", g.cfg.HTTPAddr)
	if err != nil {
		return fmt.Errorf("listening for http on %s: %w", g.cfg.HTTPAddr, err)
	}
	servers := []namedServer{{name: "http", ln: ln, srv: g.apiServer()}}
	if g.cfg.MetricsAddr != "" {
		mln, err := lc.Listen(ctx, "tcp", g.cfg.MetricsAddr)
		if err != nil {
			return errors.Join(fmt.Errorf("listening for metrics on %s: %w", g.cfg.MetricsAddr, err), ln.Close())
		}
		servers = append(servers, namedServer{name: "metrics", ln: mln, srv: g.metricsServer()})
	}
	return g.serve(ctx, servers)
}

// Serve serves the API, without metrics, on an open listener until ctx is done, then shuts down
// like Run. It closes ln. Tests and the all-in-one binary use it to bind port 0 or share a
// listener; MetricsHandler gives them /metrics.
func (g *Gateway) Serve(ctx context.Context, ln net.Listener) error {
	return g.serve(ctx, []namedServer{{name: "http", ln: ln, srv: g.apiServer()}})
}

type namedServer struct {
	name string
	ln   net.Listener
	srv  *http.Server
}

func (g *Gateway) apiServer() *http.Server {
	return &http.Server{
		Handler:           g.handler,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       g.cfg.RequestTimeout,
		WriteTimeout:      g.cfg.RequestTimeout + writeGrace,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(g.log.Handler(), slog.LevelWarn),
	}
}

func (g *Gateway) metricsServer() *http.Server {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", g.metrics.handler())
	return &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: readHeaderTimeout,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(g.log.Handler(), slog.LevelWarn),
	}
}

// serve runs the servers until ctx is done or one of them fails, then shuts all of them down
// within the shutdown timeout.
func (g *Gateway) serve(ctx context.Context, servers []namedServer) error {
	errc := make(chan error, len(servers))
	for _, s := range servers {
		g.log.InfoContext(ctx, "serving", "server", s.name, "addr", s.ln.Addr().String())
		go func() {
			if err := s.srv.Serve(s.ln); !errors.Is(err, http.ErrServerClosed) {
				errc <- fmt.Errorf("serving %s: %w", s.name, err)
				return
			}
			errc <- nil
		}()
	}

	var errs []error
	pending := len(servers)
	select {
	case <-ctx.Done():
		g.log.InfoContext(ctx, "shutting down", "timeout", g.cfg.ShutdownTimeout.String())
	case err := <-errc:
		pending--
		if err != nil {
			errs = append(errs, err)
		}
	}

	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), g.cfg.ShutdownTimeout)
	defer cancel()
	for _, s := range servers {
		if err := s.srv.Shutdown(sctx); err != nil {
			// Out of time: drop the connections still open.
			errs = append(errs, fmt.Errorf("shutting down %s: %w", s.name, errors.Join(err, s.srv.Close())))
		}
	}
	for ; pending > 0; pending-- {
		if err := <-errc; err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
