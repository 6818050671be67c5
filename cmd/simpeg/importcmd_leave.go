package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/simpeg-id/simpeg/cmd/simpeg/internal/golive"
	"github.com/simpeg-id/simpeg/cmd/simpeg/internal/seed"
)

// importApprovedLeave sends the approved-leave file at path (golive.ApprovedLeaveHeader) after
// the opening balances, whose balance it spends; nothing when path is empty.
func importApprovedLeave(ctx context.Context, c golive.Client, path string) error {
	if path == "" {
		return nil
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	rows, bad, err := golive.ReadApprovedLeave(path, f)
	f.Close()
	if err != nil {
		return err
	}
	if len(bad) > 0 {
		return &golive.BadRowsError{Rows: bad}
	}
	res, err := c.ImportApprovedLeave(ctx, path, rows)
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "%s: %d approved leave requests, %d written, %d already present, in %s\n",
		path, res.Rows, res.Written, res.Unchanged, res.Duration.Round(time.Millisecond))
	return nil
}

// writeDemoApprovedLeave writes the demo data set's approved_leave.csv into dir.
func writeDemoApprovedLeave(dir string, randomSeed int64, today time.Time) error {
	rows := golive.DemoApprovedLeave(seed.Generate(randomSeed).Employees, today)
	path := filepath.Join(dir, "approved_leave.csv")
	if err := golive.WriteApprovedLeave(path, rows); err != nil {
		return fmt.Errorf("writing the demo files: %w", err)
	}
	fmt.Fprintf(os.Stderr, "wrote %s (%d rows)\n", path, len(rows))
	return nil
}
