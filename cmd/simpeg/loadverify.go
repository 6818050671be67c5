package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/simpeg-id/simpeg/cmd/simpeg/internal/load"
)

// recordWriter is f as a writer, or nil (no record) when f is nil.
func recordWriter(f *os.File) io.Writer {
	if f == nil {
		return nil
	}
	return f
}

// loadVerifyCmd is simpeg load verify: every check-in simpeg load checkin --record saw
// acknowledged, looked up in attendance's PostgreSQL database, its outbox, the attendance
// stream and planning's consumer (issue 13 §2: replicas with no duplicate and no lost
// check-in). It exits non-zero when one was lost or duplicated.
func loadVerifyCmd(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("simpeg load verify", flag.ContinueOnError)
	env, err := fromEnv()
	if err != nil {
		return err
	}
	record := fs.String("record", "", "the file simpeg load checkin --record wrote (required)")
	attendanceDB := fs.String("attendance-db", env.Attendance.DatabaseURL, "the attendance service's PostgreSQL URL (default: SIMPEG_ATTENDANCE_DATABASE_URL)")
	planningDB := fs.String("planning-db", os.Getenv("SIMPEG_PLANNING_DATABASE_URL"), "the planning service's PostgreSQL URL (default: SIMPEG_PLANNING_DATABASE_URL)")
	natsURL := fs.String("nats", env.NATSURL, "the suite's NATS (default: SIMPEG_NATS_URL)")
	prefix := fs.String("nats-prefix", env.NATSPrefix, "the suite's SIMPEG_NATS_PREFIX")
	consumer := fs.String("consumer", "planning-attendance", "planning's durable consumer of the attendance stream")
	wait := fs.Duration("wait", 2*time.Minute, "how long the outbox may take to drain and the consumer to catch up")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	deleteStreams := fs.Bool("delete-streams", false, "only delete the streams of --nats-prefix (a bench's own) and exit")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *deleteStreams {
		names, err := load.DeleteStreams(ctx, *natsURL, *prefix)
		if err != nil {
			return fmt.Errorf("--delete-streams: %w", err)
		}
		fmt.Fprintf(os.Stderr, "deleted streams %v\n", names)
		return nil
	}
	switch {
	case *record == "":
		return errors.New("--record: the file simpeg load checkin --record wrote is required")
	case *attendanceDB == "":
		return errors.New("--attendance-db: the attendance service's PostgreSQL URL is required")
	case *planningDB == "":
		return errors.New("--planning-db: the planning service's PostgreSQL URL is required")
	case *natsURL == "":
		return errors.New("--nats: the suite's NATS URL is required")
	}
	f, err := os.Open(*record)
	if err != nil {
		return fmt.Errorf("--record: %w", err)
	}
	defer f.Close()
	v, verr := load.VerifyCheckIns(ctx, load.VerifyOptions{Record: f, AttendanceDB: *attendanceDB, PlanningDB: *planningDB,
		NATSURL: *natsURL, Prefix: *prefix, Consumer: *consumer, Wait: *wait, Log: os.Stderr})
	if verr != nil && !errors.Is(verr, load.ErrVerification) {
		return verr
	}
	if *asJSON {
		if err := printJSON(v); err != nil {
			return err
		}
	} else if err := load.WriteVerification(os.Stdout, v); err != nil {
		return err
	}
	return verr
}
