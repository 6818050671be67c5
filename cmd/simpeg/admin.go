package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"net/http"

	"github.com/simpeg-id/simpeg/cmd/simpeg/internal/load"
	"github.com/simpeg-id/simpeg/cmd/simpeg/internal/seed"
	"github.com/simpeg-id/simpeg/gateway"
	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/config"
	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/services/attendance"
	"github.com/simpeg-id/simpeg/services/planning"
)

func newMetricsServer(g *gateway.Gateway) *http.Server {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", g.MetricsHandler())
	return &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
}

// tokenCmd prints a token signed by the local key. It refuses when the deployment verifies
// tokens against an OpenID Connect provider: production tokens come from there.
func tokenCmd(args []string) error {
	fs := flag.NewFlagSet("simpeg token", flag.ContinueOnError)
	role := fs.String("role", "", "comma-separated roles: "+roleList())
	agency := fs.String("agency", "", "the caller's agency code (required for agency-hr)")
	sub := fs.String("sub", "", "subject: the employee NIP, or a client id for --role service (default: the role name)")
	scope := fs.String("scope", "", "space-separated OAuth scopes for a service client, e.g. planning.read")
	ttl := fs.Duration("ttl", 12*time.Hour, "how long the token is valid")
	dataDir := fs.String("data-dir", envOr("SIMPEG_DATA_DIR", "data"), "data directory holding keys/signing-key.pem")
	issuer := fs.String("issuer", envOr("SIMPEG_AUTH_ISSUER", "simpeg-local"), "token issuer")
	audience := fs.String("audience", envOr("SIMPEG_AUTH_AUDIENCE", "simpeg"), "token audience")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if os.Getenv("SIMPEG_AUTH_JWKS_URL") != "" {
		return errors.New("SIMPEG_AUTH_JWKS_URL is set: tokens come from the OpenID Connect provider, not from this command")
	}
	p := auth.Principal{Subject: *sub, Agency: *agency}
	for r := range strings.SplitSeq(*role, ",") {
		r = strings.TrimSpace(r)
		if r == "" {
			continue
		}
		if !slices.Contains(auth.Roles, auth.Role(r)) {
			return fmt.Errorf("unknown role %q; roles: %s", r, roleList())
		}
		p.Roles = append(p.Roles, auth.Role(r))
	}
	if len(p.Roles) == 0 {
		return fmt.Errorf("--role is required; roles: %s", roleList())
	}
	if p.Has(auth.RoleAgencyHR) && p.Agency == "" {
		return errors.New("--agency is required for agency-hr")
	}
	if p.Subject == "" {
		p.Subject = string(p.Roles[0])
	}
	if *scope != "" {
		p.Scopes = strings.Fields(*scope)
	}
	signer, err := auth.LoadOrCreateSigner(filepath.Join(*dataDir, "keys", "signing-key.pem"), *issuer, *audience)
	if err != nil {
		return err
	}
	tok, err := signer.Issue(p, *ttl)
	if err != nil {
		return err
	}
	fmt.Println(tok)
	return nil
}

func roleList() string {
	s := make([]string, len(auth.Roles))
	for i, r := range auth.Roles {
		s[i] = string(r)
	}
	return strings.Join(s, ", ")
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

func migrateCmd(ctx context.Context, args []string) error {
	var cfg Config
	if err := config.Load("simpeg migrate", &cfg, args); err != nil {
		return err
	}
	if err := cfg.Validate(); err != nil {
		return fmt.Errorf("invalid configuration: %w", err)
	}
	p, a := cfg.Planning(""), cfg.Attendance("", "")
	attOwn, attMore := attendance.Migrations()
	sets := []struct {
		service, url string
		own          fs.FS
		more         map[string]fs.FS
	}{
		{planning.Name, p.DatabaseURL, planning.Spec().Migrations, nil},
		{attendance.Name, a.DatabaseURL, attOwn, attMore},
	}
	for _, set := range sets {
		db, err := database.Open(ctx, set.url)
		if err != nil {
			return fmt.Errorf("opening %s database: %w", set.service, err)
		}
		err = db.Migrate(ctx, set.service, set.own)
		for name, fsys := range set.more {
			if err == nil {
				err = db.Migrate(ctx, name, fsys)
			}
		}
		db.Close()
		if err != nil {
			return err
		}
		fmt.Printf("migrated %s (%s %s)\n", set.service, db.Dialect, db.Target)
	}
	return nil
}

func seedCmd(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("simpeg seed", flag.ContinueOnError)
	demo := fs.Bool("demo", false, "load the illustrative Medan dataset (about 40 agencies, 20,548 employees)")
	baseURL := fs.String("url", "", "the gateway's URL (default http:// + SIMPEG_HTTP_ADDR or 127.0.0.1:8080)")
	token := fs.String("token", os.Getenv("SIMPEG_TOKEN"), "a city-hr bearer token; default: one signed by the local key")
	dataDir := fs.String("data-dir", envOr("SIMPEG_DATA_DIR", "data"), "data directory holding keys/signing-key.pem")
	concurrency := fs.Int("concurrency", 0, "requests in flight (default: the loader's)")
	randomSeed := fs.Int64("seed", 2026, "random seed of the generated dataset")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if !*demo {
		return errors.New("nothing to load: pass --demo for the illustrative Medan dataset")
	}
	if *baseURL == "" {
		*baseURL = "http://" + envOr("SIMPEG_HTTP_ADDR", "127.0.0.1:8080")
	}
	if *token == "" {
		signer, err := auth.LoadOrCreateSigner(filepath.Join(*dataDir, "keys", "signing-key.pem"), envOr("SIMPEG_AUTH_ISSUER", "simpeg-local"), envOr("SIMPEG_AUTH_AUDIENCE", "simpeg"))
		if err != nil {
			return err
		}
		if *token, err = signer.Issue(auth.Principal{Subject: "seed", Roles: []auth.Role{auth.RoleCityHR}}, time.Hour); err != nil {
			return err
		}
	}
	ds := seed.Generate(*randomSeed)
	fmt.Fprintf(os.Stderr, "Loading the illustrative Medan dataset (not an official list) into %s\n", *baseURL)
	st, err := seed.Load(ctx, seed.LoadOptions{BaseURL: *baseURL, Token: *token, Dataset: ds, Progress: os.Stderr, Concurrency: *concurrency})
	fmt.Fprintf(os.Stderr, "\n%d agencies, %d positions, %d employees created, %d already present, in %s\n",
		st.Agencies, st.Positions, st.Employees, st.AlreadyPresent, st.Duration.Round(time.Millisecond))
	return err
}

// loadCmd drives load against a running suite: simpeg load checkin --help.
func loadCmd(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] != "checkin" {
		fmt.Fprintln(os.Stderr, "usage: simpeg load checkin [flags]; simpeg load checkin --help lists the flags")
		return errUsage
	}
	fs := flag.NewFlagSet("simpeg load checkin", flag.ContinueOnError)
	baseURL := fs.String("url", "http://"+envOr("SIMPEG_HTTP_ADDR", "127.0.0.1:8080"), "the gateway's URL; employees and offices are read and created through it")
	grpcAddr := fs.String("grpc", envOr("SIMPEG_ATTENDANCE_GRPC_ADDR", "127.0.0.1:9092"), "the attendance service's gRPC address, for --protocol grpc")
	protocol := fs.String("protocol", load.REST, "rest (through the gateway) or grpc (to the attendance service directly)")
	employees := fs.Int("employees", 0, "distinct employees checking in, taken from the directory (default: every active employee)")
	concurrency := fs.Int("concurrency", 64, "requests in flight")
	duration := fs.Duration("duration", 0, "how long to send (default 20s unless --requests is given)")
	requests := fs.Int("requests", 0, "how many check-ins to send")
	warmup := fs.Duration("warmup", 0, "send this long first without measuring")
	officePerAgency := fs.Bool("office-per-agency", false, "create one office per agency at Medan coordinates where the load's own is missing")
	dataDir := fs.String("data-dir", envOr("SIMPEG_DATA_DIR", "data"), "data directory holding keys/signing-key.pem")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *duration == 0 && *requests == 0 {
		*duration = 20 * time.Second
	}
	keyFile := filepath.Join(*dataDir, "keys", "signing-key.pem")
	if _, err := os.Stat(keyFile); err != nil {
		return fmt.Errorf("the suite's signing key: %w (point --data-dir at the running suite's data directory)", err)
	}
	signer, err := auth.LoadOrCreateSigner(keyFile, envOr("SIMPEG_AUTH_ISSUER", "simpeg-local"), envOr("SIMPEG_AUTH_AUDIENCE", "simpeg"))
	if err != nil {
		return err
	}
	res, err := load.CheckIn(ctx, load.Options{
		BaseURL: *baseURL, GRPCAddr: *grpcAddr, Protocol: *protocol, Employees: *employees,
		Concurrency: *concurrency, Duration: *duration, Requests: *requests, Warmup: *warmup,
		OfficePerAgency: *officePerAgency, Signer: signer, Log: os.Stderr,
	})
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	}
	return load.WriteTable(os.Stdout, res)
}
