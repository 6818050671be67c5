// Command attendance runs the attendance service alone, for deployments that give each service
// its own process: point SIMPEG_DATABASE_URL at PostgreSQL, SIMPEG_NATS_URL at the NATS cluster
// and SIMPEG_PLANNING_ADDR at planning, and run as many replicas as needed.
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

	"github.com/simpeg-id/simpeg/platform/config"
	"github.com/simpeg-id/simpeg/platform/logging"
	"github.com/simpeg-id/simpeg/platform/telemetry"
	"github.com/simpeg-id/simpeg/services/attendance"
)

func main() {
	var cfg attendance.Config
	if err := config.Load("attendance", &cfg, os.Args[1:], attendance.Defaults); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return
		}
		fmt.Fprintln(os.Stderr, "attendance:", err)
		os.Exit(2)
	}
	cfg.Defaults("data")
	log, err := logging.New(os.Stdout, attendance.Name, cfg.LogLevel)
	if err != nil {
		fmt.Fprintln(os.Stderr, "attendance:", err)
		os.Exit(2)
	}
	if err := run(context.Background(), log, cfg); err != nil {
		log.Error("attendance stopped", "error", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, log *slog.Logger, cfg attendance.Config) error {
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	log.Info("starting", config.LogValue(&cfg)...)

	shutdownTracing, err := telemetry.SetupTracing(ctx, attendance.Name)
	if err != nil {
		return fmt.Errorf("setting up tracing: %w", err)
	}
	rt, err := attendance.Start(ctx, cfg, log)
	if err != nil {
		return fmt.Errorf("starting service: %w", err)
	}
	<-ctx.Done()
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	err = rt.Shutdown(sctx)
	if terr := shutdownTracing(sctx); terr != nil {
		err = errors.Join(err, fmt.Errorf("flushing traces: %w", terr))
	}
	return err
}
