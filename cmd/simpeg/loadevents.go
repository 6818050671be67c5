package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/simpeg-id/simpeg/cmd/simpeg/internal/load"
	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/bus"
)

// loadEventsCmd is simpeg load events: check-ins at a fixed rate over gRPC and their CheckedIn
// events read by a durable consumer of attendance's stream of its own (issue 13, the event
// path): commit → consumer latency, events/s, the relay's rate, and with --stop-for a consumer
// that falls behind and catches up.
func loadEventsCmd(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("simpeg load events", flag.ContinueOnError)
	env, err := fromEnv()
	if err != nil {
		return err
	}
	baseURL := fs.String("url", "http://"+env.Gateway.HTTPAddr, "the gateway's URL; employees and offices are read and created through it")
	grpcAddr := fs.String("grpc", env.Attendance.GRPCAddr, "the attendance service's gRPC address; the check-ins go there")
	natsURL := fs.String("nats", env.NATSURL, "the suite's NATS (default: SIMPEG_NATS_URL, else the embedded server at SIMPEG_EMBEDDED_NATS_ADDR)")
	prefix := fs.String("nats-prefix", env.NATSPrefix, "the suite's SIMPEG_NATS_PREFIX")
	seed := fs.String("nats-seed", "", "NKey seed file to connect with (default for the embedded server: the attendance service's, <data-dir>/keys/nats/attendance.nk)")
	durable := fs.String("durable", fmt.Sprintf("load-events-%d", time.Now().Unix()), "the consumer's durable name (deleted at the end where the server allows)")
	rate := fs.Float64("rate", 1000, "check-ins per second, open loop; 0 sends as fast as --concurrency callers can")
	concurrency := fs.Int("concurrency", 256, "check-ins in flight at most")
	employees := fs.Int("employees", 0, "distinct employees checking in (default: every active employee)")
	duration := fs.Duration("duration", 20*time.Second, "the measured run (with --stop-for: the live phase and the catch-up phase each)")
	warmup := fs.Duration("warmup", 3*time.Second, "send this long first without measuring")
	stopFor := fs.Duration("stop-for", 0, "stop the consumer this long while the load goes on, then start it and measure the catch-up")
	metrics := fs.String("metrics", "http://"+env.Attendance.MetricsAddr+"/metrics", "the attendance service's metrics, for the relay's published count; empty skips")
	officePerAgency := fs.Bool("office-per-agency", false, "create one office per agency at Medan coordinates where the load's own is missing")
	dataDir := fs.String("data-dir", env.DataDir, "data directory holding keys/signing-key.pem (and the embedded NATS identities)")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	watch := fs.String("watch", "", "another service's durable consumer of attendance's stream to watch, e.g. planning-attendance: its lag sampled every 100 ms; with --stop-for it is the one stopped and started (by --stop-cmd, --start-cmd) while the load's own consumer stays live")
	watchDB := fs.String("watch-db", "", "the watched consumer's database URL (e.g. planning's): its processed_events rows time each event's application there")
	stopCmd := fs.String("stop-cmd", "", "with --watch and --stop-for: shell command that stops the watched consumer's service (e.g. kill $(cat planning.pid))")
	startCmd := fs.String("start-cmd", "", "with --watch and --stop-for: shell command that starts it again in the background and returns")
	catchUpFor := fs.Duration("catch-up-for", 0, "with --stop-for: the catch-up phase's length (default --duration)")
	stopRate := fs.Float64("stop-rate", 0, "check-ins per second while the consumer is stopped, to make the backlog faster (default --rate)")
	relayDrain := fs.Bool("relay-drain", false, "send nothing: watch --metrics until the relay has published a backlog made for it and report its rate")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *relayDrain {
		fmt.Fprintln(os.Stderr, "waiting for the relay to publish…")
		d, err := load.WatchRelay(ctx, *metrics, 2*time.Second)
		if err != nil {
			return err
		}
		fmt.Printf("relay published %.0f events in %.1f s: %.0f/s on average, %.0f/s in its best second\n", d.Published, d.Seconds, d.Rate, d.BestRate)
		return nil
	}
	signer, err := auth.LoadOrCreateSigner(filepath.Join(*dataDir, "keys", "signing-key.pem"), env.Auth.Issuer, env.Auth.Audience)
	if err != nil {
		return err
	}
	o := load.EventOptions{BaseURL: *baseURL, GRPCAddr: *grpcAddr, Employees: *employees, OfficePerAgency: *officePerAgency,
		Signer: signer, Log: os.Stderr, Rate: *rate, Concurrency: *concurrency, Warmup: *warmup, Duration: *duration,
		StopFor: *stopFor, NATSURL: *natsURL, NATSPrefix: *prefix, NATSSeedFile: *seed, Durable: *durable, MetricsURL: *metrics,
		Watch: *watch, WatchDB: *watchDB, StopCmd: *stopCmd, StartCmd: *startCmd, StopRate: *stopRate, CatchUpFor: *catchUpFor}
	if o.NATSURL == "" {
		// The embedded server admits the services only, each acknowledging on the streams it
		// follows; the load connects as attendance (its own stream, no acks: AckNone).
		o.NATSURL = "nats://" + env.EmbeddedNATSAddr
		if o.NATSSeedFile == "" {
			o.NATSSeedFile = filepath.Join(*dataDir, "keys", "nats", "attendance.nk")
		}
		o.NATSInbox = bus.InboxPrefix(o.NATSPrefix, "attendance")
		o.AckNone = true
	}
	if *metrics == "" {
		o.MetricsURL = ""
	}
	res, err := load.Events(ctx, o)
	if err != nil {
		return err
	}
	if *asJSON {
		return printJSON(res)
	}
	if err := load.WriteEventTable(os.Stdout, res); err != nil {
		return err
	}
	for _, p := range res.Phases {
		if p.Watched != nil && p.Watched.NotApplied != 0 {
			return fmt.Errorf("%d acknowledged check-ins' events never applied by %s", p.Watched.NotApplied, *watch)
		}
	}
	if res.Missing != 0 {
		return fmt.Errorf("%d acknowledged check-ins' events never reached the consumer", res.Missing)
	}
	return nil
}
