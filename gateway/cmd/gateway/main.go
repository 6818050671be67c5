// Command gateway runs simpeg's REST gateway on its own: the JSON/HTTP API in front of the
// gRPC services, configured from SIMPEG_* variables or flags (gateway --help lists them).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/simpeg-id/simpeg/gateway"
	"github.com/simpeg-id/simpeg/platform/config"
	"github.com/simpeg-id/simpeg/platform/logging"
	"github.com/simpeg-id/simpeg/platform/telemetry"
)

const service = "gateway"

func main() {
	log, err := logging.New(os.Stdout, service, "info")
	if err != nil {
		fmt.Fprintln(os.Stderr, "building logger:", err)
		os.Exit(1)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err = run(ctx, log)
	stop()
	switch {
	case errors.Is(err, flag.ErrHelp):
		os.Exit(0)
	case err != nil:
		log.Error("gateway stopped", "err", err)
		os.Exit(1)
	}
}

// run reads the configuration, serves until ctx is done (SIGINT or SIGTERM) and shuts down
// within the configured bound.
func run(ctx context.Context, log *slog.Logger) error {
	var cfg gateway.Config
	renamed, err := config.Loader{Name: service, Renames: gateway.Renames}.Load(os.Args[1:], &cfg)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("loading config: %w", err)
	}
	// The logger main built logs at info until the configuration is known.
	log, err = logging.New(os.Stdout, service, cfg.LogLevel)
	if err != nil {
		return fmt.Errorf("building logger: %w", err)
	}
	for _, r := range renamed {
		log.Warn("deprecated setting name; it is read for one more release, use the new name", "deprecated", r.Old, "use", r.New)
	}
	log.InfoContext(ctx, "starting", config.LogValue(&cfg)...)

	shutdownTracing, err := telemetry.SetupTracing(ctx, "gateway")
	if err != nil {
		return fmt.Errorf("setting up tracing: %w", err)
	}
	defer func() {
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cfg.ShutdownTimeout)
		defer cancel()
		if err := shutdownTracing(sctx); err != nil {
			log.Error("flushing traces", "err", err)
		}
	}()

	if _, err := telemetry.ProfilingServer(ctx, cfg.PprofAddr); err != nil {
		return fmt.Errorf("serving profiles: %w", err)
	}
	gw, err := gateway.New(ctx, cfg, log)
	if err != nil {
		return fmt.Errorf("building gateway: %w", err)
	}
	defer func() {
		if err := gw.Close(); err != nil {
			log.Error("closing upstream connections", "err", err)
		}
	}()

	if err := gw.Run(ctx); err != nil {
		return fmt.Errorf("running gateway: %w", err)
	}
	log.InfoContext(ctx, "stopped")
	return nil
}
