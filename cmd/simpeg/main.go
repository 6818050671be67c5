// Command simpeg is the all-in-one binary and admin CLI of the suite.
//
//	simpeg [run]        run everything on one machine: an embedded NATS server with JetStream,
//	                    SQLite files under the data directory, the services and the REST gateway
//	simpeg token ...    print a bearer token signed by the local key (embedded mode only)
//	simpeg migrate      apply the database migrations and exit
//	simpeg seed --demo  load the illustrative Medan dataset through the REST API
//	simpeg load ...     drive the morning rush of check-ins and report throughput and latency
//	simpeg history      fill the attendance database with a realistic past year (issue 13)
//	simpeg nkey --out f create a NATS NKey seed for a service and print its public key
//
// The same settings (SIMPEG_* variables or flags) point it at PostgreSQL and an external NATS.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := dispatch(ctx, os.Args[1:])
	stop()
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
	case errors.Is(err, errUsage):
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "simpeg:", err)
		os.Exit(1)
	}
}

var errUsage = errors.New("usage")

const usage = `simpeg — Sistem Informasi Manajemen Pegawai, all-in-one binary and admin CLI

Commands:
  run       run the suite on this machine (the default); --help lists its settings
  token     print a bearer token signed by the local key, e.g. simpeg token --role city-hr
  migrate   apply database migrations and exit
  seed      load the illustrative Medan dataset through the REST API: simpeg seed --demo
  import    bring in a city's history at go-live from CSV files: simpeg import --opening-balances f.csv
  load      drive check-ins against a running suite and measure: simpeg load checkin|events|reports|verify --help
  history   fill the attendance database with a realistic past year: simpeg history --help
  nkey      create a service's NATS NKey seed file and print its public key: simpeg nkey --out planning.nk
`

func dispatch(ctx context.Context, args []string) error {
	cmd := "run"
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "run":
		return runCmd(ctx, args)
	case "token":
		return tokenCmd(args)
	case "migrate":
		return migrateCmd(ctx, args)
	case "seed":
		return seedCmd(ctx, args)
	case "import":
		return importCmd(ctx, args)
	case "load":
		return loadCmd(ctx, args)
	case "history":
		return historyCmd(ctx, args)
	case "nkey":
		return nkeyCmd(args)
	case "help":
		fmt.Print(usage)
		return nil
	}
	fmt.Fprintf(os.Stderr, "simpeg: unknown command %q\n\n%s", cmd, usage)
	return errUsage
}
