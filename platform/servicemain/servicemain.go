// Package servicemain is the main of every per-service binary: it reads the service's
// settings (with --help), builds the logger, logs the settings and any deprecated names in
// use, sets up tracing, starts the service, and on SIGINT or SIGTERM shuts it down within
// SIMPEG_SHUTDOWN_TIMEOUT. A service's cmd/<name>/main.go is one call to Main.
package servicemain

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/simpeg-id/simpeg/platform/config"
	"github.com/simpeg-id/simpeg/platform/logging"
	"github.com/simpeg-id/simpeg/platform/service"
	"github.com/simpeg-id/simpeg/platform/telemetry"
)

// DataDir is where a per-service binary keeps its SQLite file when no database URL is set.
const DataDir = "data"

// Main runs the service configured by s (a pointer to its zero Config) with the process's
// arguments and exits with Run's code.
func Main(s service.Settings) {
	os.Exit(Run(context.Background(), s, os.Args[1:], os.Stdout, os.Stderr))
}

// Run loads s from the environment and args and runs the service until ctx is done or the
// process gets SIGINT or SIGTERM. It returns the exit code: 0 after a clean stop or --help,
// 2 for settings that cannot be read, 1 when they are refused or the service fails. The log
// goes to stdout; --help and unreadable settings go to stderr.
func Run(ctx context.Context, s service.Settings, args []string, stdout, stderr io.Writer) int {
	name := s.Spec().Name
	renamed, err := config.Loader{Name: name, Renames: service.LegacyNames(name), Output: stderr}.Load(args, s)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", name, err)
		return 2
	}
	base := s.Base()
	base.DefaultDatabase(DataDir, name)
	log, err := logging.New(stdout, name, base.LogLevel)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", name, err)
		return 2
	}
	Warn(log, renamed)
	log.Info("starting", config.LogValue(s)...)
	if err := run(ctx, log, s); err != nil {
		log.Error(name+" stopped", "error", err)
		return 1
	}
	return 0
}

// Warn logs one warning for each deprecated setting name in use.
func Warn(log *slog.Logger, renamed []config.Renamed) {
	for _, r := range renamed {
		log.Warn("deprecated setting name; it is read for one more release, use the new name", "deprecated", r.Old, "use", r.New)
	}
}

func run(ctx context.Context, log *slog.Logger, s service.Settings) error {
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := s.Validate(); err != nil {
		return fmt.Errorf("invalid configuration: %w", err)
	}
	spec := s.Spec()
	shutdownTracing, err := telemetry.SetupTracing(ctx, spec.Name)
	if err != nil {
		return fmt.Errorf("setting up tracing: %w", err)
	}
	if _, err := telemetry.ProfilingServer(ctx, s.Base().PprofAddr); err != nil {
		return errors.Join(fmt.Errorf("serving profiles: %w", err), shutdownTracing(context.Background()))
	}
	rt, err := service.Start(ctx, *s.Base(), spec, log)
	if err != nil {
		return errors.Join(fmt.Errorf("starting service: %w", err), shutdownTracing(context.Background()))
	}
	<-ctx.Done()
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), s.Base().ShutdownTimeout)
	defer cancel()
	err = rt.Shutdown(sctx)
	if terr := shutdownTracing(sctx); terr != nil {
		err = errors.Join(err, fmt.Errorf("flushing traces: %w", terr))
	}
	return err
}
