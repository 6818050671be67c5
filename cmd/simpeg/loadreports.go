package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/simpeg-id/simpeg/cmd/simpeg/internal/load"
	"github.com/simpeg-id/simpeg/platform/auth"
)

// loadReportsCmd times the reports of issue 13 §1 through the gateway: simpeg load reports
// --help. With --compare it prints two earlier --json results side by side instead.
func loadReportsCmd(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("simpeg load reports", flag.ContinueOnError)
	env, err := fromEnv()
	if err != nil {
		return err
	}
	baseURL := fs.String("url", "http://"+env.Gateway.HTTPAddr, "the gateway's URL")
	reps := fs.Int("repetitions", 5, "timed repetitions of each measurement, after one warm-up")
	employees := fs.Int("employees", 20, "employees (picked at random) whose month and leave balance are read")
	seed := fs.Uint64("seed", 1, "random seed picking the employees")
	month := fs.String("month", "", "month of the recaps and the employees' month, YYYY-MM (default: the month before today's, WIB)")
	closeDate := fs.String("close-date", "", "the day closed for the whole city, YYYY-MM-DD (default: the last weekday before today, WIB); the warm-up closes it, the timed closes are re-closes")
	year := fs.Int("year", 0, "year of the discipline report and the leave balances (default: the close date's)")
	skipClose := fs.Bool("skip-close", false, "leave the whole-city close out (it writes closed days and events)")
	parallel := fs.Int("parallel", 8, "agencies' recaps in flight in the whole-city recap's parallel run")
	dataDir := fs.String("data-dir", env.DataDir, "data directory holding keys/signing-key.pem")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	compare := fs.String("compare", "", "NAME=FILE,NAME=FILE: print two --json results side by side with the second's median over the first's, and time nothing")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *compare != "" {
		return compareReports(*compare)
	}
	switch {
	case *reps < 1:
		return fmt.Errorf("--repetitions must be at least 1, got %d", *reps)
	case *employees < 1:
		return fmt.Errorf("--employees must be at least 1, got %d", *employees)
	case *parallel < 1:
		return fmt.Errorf("--parallel must be at least 1, got %d", *parallel)
	}
	keyFile := filepath.Join(*dataDir, "keys", "signing-key.pem")
	if _, err := os.Stat(keyFile); err != nil {
		return fmt.Errorf("the suite's signing key: %w (point --data-dir at the running suite's data directory)", err)
	}
	signer, err := auth.LoadOrCreateSigner(keyFile, env.Auth.Issuer, env.Auth.Audience)
	if err != nil {
		return err
	}
	res, err := load.Reports(ctx, load.ReportsOptions{BaseURL: *baseURL, Signer: signer, Repetitions: *reps, Employees: *employees,
		Seed: *seed, Month: *month, CloseDate: *closeDate, Year: *year, SkipClose: *skipClose, Parallel: *parallel, Log: os.Stderr})
	if err != nil {
		return err
	}
	if *asJSON {
		return printJSON(res)
	}
	return load.WriteReports(os.Stdout, res)
}

// compareReports reads the two NAME=FILE results of spec and prints them side by side.
func compareReports(spec string) error {
	parts := strings.Split(spec, ",")
	if len(parts) != 2 {
		return fmt.Errorf("--compare %q: want NAME=FILE,NAME=FILE", spec)
	}
	var names [2]string
	var results [2]load.ReportsResult
	for i, p := range parts {
		name, file, ok := strings.Cut(p, "=")
		if !ok || name == "" || file == "" {
			return fmt.Errorf("--compare %q: %q is not NAME=FILE", spec, p)
		}
		raw, err := os.ReadFile(file)
		if err != nil {
			return fmt.Errorf("--compare: %w", err)
		}
		if err := json.Unmarshal(raw, &results[i]); err != nil {
			return fmt.Errorf("--compare: %s is not a simpeg load reports --json result: %w", file, err)
		}
		names[i] = name
	}
	return load.CompareReports(os.Stdout, names[0], results[0], names[1], results[1])
}
