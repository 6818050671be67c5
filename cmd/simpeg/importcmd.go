package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/simpeg-id/simpeg/cmd/simpeg/internal/golive"
	"github.com/simpeg-id/simpeg/cmd/simpeg/internal/seed"
	"github.com/simpeg-id/simpeg/platform/auth"
)

// importCmd is simpeg import: a city's history at go-live from CSV files over the REST API
// (cmd/simpeg/internal/golive documents the layout). --write-demo writes the demo data set's
// files instead.
func importCmd(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("simpeg import", flag.ContinueOnError)
	env, err := fromEnv()
	if err != nil {
		return err
	}
	baseURL := fs.String("url", "http://"+env.Gateway.HTTPAddr, "the gateway's URL")
	token := fs.String("token", env.Token, "a city-hr bearer token; default: one signed by the local key")
	dataDir := fs.String("data-dir", env.DataDir, "data directory holding keys/signing-key.pem")
	opening := fs.String("opening-balances", "", "CSV file of opening balances: nip,year,unused_days,source")
	employeesFile := fs.String("employees", "", "CSV file of employees with their postings, one row per posting: "+strings.Join(golive.EmployeesHeader, ",")+
		" (then optionally "+strings.Join(golive.EmployeesOptional, ",")+")")
	approvedLeave := fs.String("approved-leave", "", "CSV file of leave approved before go-live, imported after the opening balances: "+strings.Join(golive.ApprovedLeaveHeader, ","))
	writeDemo := fs.String("write-demo", "", "write the demo data set's CSV files (opening_balances.csv, employees.csv, approved_leave.csv) into this directory and exit")
	randomSeed := fs.Int64("seed", 2026, "random seed of the demo data set (as simpeg seed --seed)")
	batch := fs.Int("batch", golive.DefaultBatch, "rows a call carries (at most 10000)")
	concurrency := fs.Int("concurrency", 4, "calls in flight")
	if err := fs.Parse(args); err != nil {
		return err
	}
	thisYear := time.Now().In(time.FixedZone("WIB", 7*3600)).Year()
	if *writeDemo != "" {
		rows := golive.DemoOpening(seed.Generate(*randomSeed).Employees, thisYear)
		path := filepath.Join(*writeDemo, "opening_balances.csv")
		if err := golive.WriteOpening(path, rows); err != nil {
			return fmt.Errorf("writing the demo files: %w", err)
		}
		fmt.Fprintf(os.Stderr, "wrote %s (%d rows)\n", path, len(rows))
		ds := seed.Generate(*randomSeed)
		emps := golive.DemoEmployees(ds.Employees, ds.Agencies, time.Now())
		epath := filepath.Join(*writeDemo, "employees.csv")
		if err := golive.WriteEmployees(epath, emps); err != nil {
			return fmt.Errorf("writing the demo files: %w", err)
		}
		fmt.Fprintf(os.Stderr, "wrote %s (%d employees)\n", epath, len(emps))
		return writeDemoApprovedLeave(*writeDemo, *randomSeed, time.Now())
	}
	if *opening == "" && *employeesFile == "" && *approvedLeave == "" {
		return errors.New("nothing to import: pass --employees FILE, --opening-balances FILE and/or --approved-leave FILE (or --write-demo DIR to write the demo data set's files)")
	}
	if *token == "" {
		signer, err := auth.LoadOrCreateSigner(filepath.Join(*dataDir, "keys", "signing-key.pem"), env.Auth.Issuer, env.Auth.Audience)
		if err != nil {
			return err
		}
		if *token, err = signer.Issue(auth.Principal{Subject: "import", Roles: []auth.Role{auth.RoleCityHR}}, time.Hour); err != nil {
			return err
		}
	}
	c := golive.Client{BaseURL: *baseURL, Token: *token, Batch: *batch, Concurrency: *concurrency}
	if *employeesFile != "" {
		if err := importEmployees(ctx, c, *employeesFile); err != nil {
			return err
		}
	}
	if *opening == "" {
		return importApprovedLeave(ctx, c, *approvedLeave)
	}
	f, err := os.Open(*opening)
	if err != nil {
		return err
	}
	rows, bad, err := golive.ReadOpening(*opening, f)
	f.Close()
	if err != nil {
		return err
	}
	if len(bad) > 0 {
		return &golive.BadRowsError{Rows: bad}
	}
	if *employeesFile != "" {
		// The balances need attendance's directory copy of the employees just registered; it
		// follows planning's events, so give it time instead of reporting every row.
		if err := waitForDirectory(ctx, c, *opening, rows, 10*time.Minute); err != nil {
			return err
		}
	}
	res, err := c.ImportOpening(ctx, *opening, rows)
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "%s: %d opening balances, %d written, %d already present, in %s\n",
		*opening, res.Rows, res.Written, res.Unchanged, res.Duration.Round(time.Millisecond))
	return importApprovedLeave(ctx, c, *approvedLeave)
}

// importEmployees sends the employees file at path (golive.EmployeesHeader) before the opening
// balances, which need the employees registered; the employees go 1,000 a call at most.
func importEmployees(ctx context.Context, c golive.Client, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	rows, bad, err := golive.ReadEmployees(path, f)
	f.Close()
	if err != nil {
		return err
	}
	if len(bad) > 0 {
		return &golive.BadRowsError{Rows: bad}
	}
	res, err := c.ImportEmployees(ctx, path, rows)
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "%s: %d employees, %d registered, %d already present, in %s\n",
		path, res.Rows, res.Written, res.Unchanged, res.Duration.Round(time.Millisecond))
	return nil
}

// waitForDirectory checks the opening balances (writing nothing) until no row is refused only
// because attendance's directory copy does not know its employee yet, or limit passes; any
// other bad row ends the wait, and ImportOpening then reports it.
func waitForDirectory(ctx context.Context, c golive.Client, file string, rows []golive.OpeningRow, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for {
		bad, err := c.Check(ctx, file, rows)
		if err != nil {
			return err
		}
		missing := 0
		for _, b := range bad {
			if b.Field == "employee" && strings.Contains(b.Why, "not in the directory") {
				missing++
			}
		}
		if missing == 0 || missing < len(bad) || time.Now().After(deadline) {
			return nil
		}
		fmt.Fprintf(os.Stderr, "waiting for attendance's directory copy: %d balances name employees it does not know yet\n", missing)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(2 * time.Second):
		}
	}
}
