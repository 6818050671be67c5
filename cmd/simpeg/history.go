package main

import (
	"context"
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"time"

	"github.com/simpeg-id/simpeg/cmd/simpeg/internal/history"
	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/services/attendance"
)

// historyCmd is simpeg history: a realistic past year of attendance for the employees of the
// attendance database's directory copy, written straight into its tables (issue 13;
// cmd/simpeg/internal/history documents the model).
func historyCmd(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("simpeg history", flag.ContinueOnError)
	env, err := fromEnv()
	if err != nil {
		return err
	}
	dataDir := fs.String("data-dir", env.DataDir, "data directory holding attendance.db when --database-url is empty")
	dbURL := fs.String("database-url", env.Attendance.DatabaseURL, "the attendance database: postgres://… or an SQLite file (default <data dir>/attendance.db; SIMPEG_ATTENDANCE_DATABASE_URL)")
	days := fs.Int("days", 365, "calendar days of history, up to yesterday (WIB)")
	randomSeed := fs.Int64("seed", 2026, "random seed: the same seed writes the same rows")
	limit := fs.Int("employees-limit", 0, "only the first n active employees by NIP (0: all)")
	agency := fs.String("agency", "", "only this agency's employees (its code, e.g. DINKES)")
	batch := fs.Int("batch", 500, "rows per INSERT statement")
	chunk := fs.Int("chunk", 1000, "employees per transaction (a day's employees in the second pass)")
	writers := fs.Int("writers", 0, "transactions in flight (default 2 on PostgreSQL, 1 on SQLite)")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the run to this file")
	outboxRetention := fs.Duration("outbox-retention", env.OutboxRetention, "write the sent outbox rows of the events of this last stretch only: the ones the relay's retention keeps (SIMPEG_OUTBOX_RETENTION); 0 writes every event's row")
	force := fs.Bool("force", false, "write even if the range has attendance records or closed days already (rows present are kept)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *outboxRetention < 0 {
		return fmt.Errorf("--outbox-retention: %s is negative; 0 writes every event's outbox row", *outboxRetention)
	}
	url := *dbURL
	if url == "" {
		url = filepath.Join(*dataDir, attendance.Name+".db")
	}
	db, err := database.Open(ctx, url, database.WithPool(env.Database), database.WithApplicationName("simpeg-history"))
	if err != nil {
		return fmt.Errorf("opening the attendance database: %w", err)
	}
	defer db.Close()
	own, more := attendance.Migrations()
	err = db.Migrate(ctx, attendance.Name, own)
	for _, name := range slices.Sorted(maps.Keys(more)) {
		if err == nil {
			err = db.Migrate(ctx, name, more[name])
		}
	}
	if err != nil {
		return fmt.Errorf("migrating the attendance database: %w", err)
	}
	// On PostgreSQL the audit trail is partitioned by month (platform/database/partitions.go):
	// the past months' partitions first, or the year's audit rows would go to the default
	// partition and the next start would move them out.
	now := time.Now()
	var outboxSince time.Time
	if *outboxRetention > 0 {
		outboxSince = now.Add(-*outboxRetention)
	}
	if _, err := db.EnsureAuditPartitions(ctx, now.AddDate(0, 0, -*days-1), now); err != nil {
		return fmt.Errorf("making the audit partitions of the history: %w", err)
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	_, err = history.Generate(ctx, db, history.Options{Days: *days, Seed: *randomSeed, EmployeesLimit: *limit, Agency: *agency,
		Batch: *batch, Chunk: *chunk, Writers: *writers, Force: *force, OutboxSince: outboxSince, Progress: os.Stderr})
	return err
}
