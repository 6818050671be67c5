package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"maps"
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
	"github.com/simpeg-id/simpeg/platform/service"
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
	env, err := fromEnv()
	if err != nil {
		return err
	}
	dataDir := fs.String("data-dir", env.DataDir, "data directory holding keys/signing-key.pem")
	issuer := fs.String("issuer", env.Auth.Issuer, "token issuer")
	audience := fs.String("audience", env.Auth.Audience, "token audience")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if env.Auth.JWKSURL != "" {
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
	// The services would refuse a longer token; say so now rather than at its first use.
	if *ttl <= 0 {
		return fmt.Errorf("--ttl must be positive, got %s", *ttl)
	}
	now := time.Now()
	if err := env.Auth.CheckLifetime(p.Roles, now, now.Add(*ttl)); err != nil {
		return fmt.Errorf("--ttl %s: %w", *ttl, err)
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

// adminSettings are what the admin commands read from the environment: the suite's settings,
// the attendance service's address (simpeg load) and a bearer token (simpeg seed).
type adminSettings struct {
	Config
	Attendance service.Instance `service:"attendance"`
	Token      string           `env:"SIMPEG_TOKEN" secret:"true" help:"a city-hr bearer token for simpeg seed; default: one signed by the local key"`
}

// fromEnv reads the admin commands' settings from the environment, as defaults of their flags.
func fromEnv() (*adminSettings, error) {
	var s adminSettings
	l := config.Loader{Name: "simpeg", Defaults: ownDefaults}
	if _, err := l.Load(nil, &s); err != nil {
		return nil, err
	}
	return &s, nil
}

func migrateCmd(ctx context.Context, args []string) error {
	st, _, err := loadSettings("simpeg migrate", args)
	if err != nil {
		return err
	}
	if err := st.Validate(); err != nil {
		return fmt.Errorf("invalid configuration: %w", err)
	}
	for _, svc := range st.Services {
		spec := svc.Spec()
		db, err := database.Open(ctx, svc.Base().DatabaseURL, database.WithPool(svc.Base().Database), database.WithApplicationName("simpeg-migrate"))
		if err != nil {
			return fmt.Errorf("opening %s database: %w", spec.Name, err)
		}
		err = db.Migrate(ctx, spec.Name, spec.Migrations)
		for _, name := range slices.Sorted(maps.Keys(spec.MoreMigrations)) {
			if err == nil {
				err = db.Migrate(ctx, name, spec.MoreMigrations[name])
			}
		}
		db.Close()
		if err != nil {
			return fmt.Errorf("migrating %s: %w", spec.Name, err)
		}
		fmt.Printf("migrated %s (%s %s)\n", spec.Name, db.Dialect, db.Target)
	}
	return nil
}

func seedCmd(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("simpeg seed", flag.ContinueOnError)
	demo := fs.Bool("demo", false, "load the illustrative Medan dataset (about 40 agencies, 20,548 employees), the portal's attendance demo (offices, the year's decree holidays, the last working days' check-ins of five agencies, leave requests) and the training demo (illustrative: a catalogue with ICT programmes, classes held over the past months with completions and certificates, classes to come with requests and a waitlist, external training, two university partners with an internship cohort, development plans, assessments) and the evaluation demo (illustrative: the year's SKPs cascaded down the supervisor trees of the agencies --evaluation-agencies names, realisation, feedback, period ratings, annual ratings from 1 December within each agency's bound, objections) and the staffing demo (illustrative: the workload analysis of every position, a work plan per agency and the city's with targets measured from the other services)")
	baseURL := fs.String("url", "", "the gateway's URL (default http:// + SIMPEG_HTTP_ADDR or 127.0.0.1:8080)")
	env, err := fromEnv()
	if err != nil {
		return err
	}
	token := fs.String("token", env.Token, "a city-hr bearer token; default: one signed by the local key")
	dataDir := fs.String("data-dir", env.DataDir, "data directory holding keys/signing-key.pem, which signs the city-hr token when none is given and the employees' own tokens of the attendance demo")
	concurrency := fs.Int("concurrency", 0, "requests in flight (default: 4 for the registry, 16 check-ins for the attendance history)")
	randomSeed := fs.Int64("seed", 2026, "random seed of the generated dataset")
	organisation := fs.Bool("organisation-only", false, "load the agencies, units and positions only: the employees then come with their past postings from simpeg import --employees (README, Go-live)")
	evalAgencies := fs.String("evaluation-agencies", strings.Join(seed.EvaluationDemoAgencies, ","), "the top-level agencies whose employees get the evaluation demo's year (comma-separated codes); all: the whole city (about 139,000 writes: half an hour on two cores); empty: none")
	province := fs.Bool("province", false, "load the illustrative province of North Sumatra instead of the city, to measure simpeg at scale (issue 13): its 33 kabupaten/kota, Kota Medan as --demo's city plus nine agencies in each of the other 32, about 330 agencies and 204,000 employees, and an office per agency; only the registry and the offices, none of the rest of the demo (no history, leave, training, evaluation or staffing plans)")
	noHistory := fs.Bool("no-history", false, "leave out the attendance history (the last working days' check-ins and closed days) and training's past (the classes held with their outcomes and certificates, HR's decisions on external training, the internship's logbooks and final assessment); offices, holidays, leave requests and the rest of the training demo are still loaded")
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch {
	case *demo && *province:
		return errors.New("--demo and --province: pass one, the city or the province")
	case !*demo && !*province:
		return errors.New("nothing to load: pass --demo for the illustrative Medan dataset or --province for North Sumatra's")
	}
	if *baseURL == "" {
		*baseURL = "http://" + env.Gateway.HTTPAddr
	}
	// The local key signs the city-hr token when none is given, and the employees' own tokens
	// the attendance history and leave requests need (none when tokens come from an OpenID
	// Connect provider, or when a token is given and the data directory holds no key).
	var signer *auth.Signer
	keyFile := filepath.Join(*dataDir, "keys", "signing-key.pem")
	if _, statErr := os.Stat(keyFile); env.Auth.JWKSURL == "" && (*token == "" || statErr == nil) {
		if signer, err = auth.LoadOrCreateSigner(keyFile, env.Auth.Issuer, env.Auth.Audience); err != nil {
			return err
		}
	}
	if *token == "" {
		if signer == nil {
			return errors.New("no token: pass --token (or SIMPEG_TOKEN) with a city-hr token from the OpenID Connect provider")
		}
		if *token, err = signer.Issue(auth.Principal{Subject: "seed", Roles: []auth.Role{auth.RoleCityHR}}, time.Hour); err != nil {
			return err
		}
	}
	if *province {
		return seedProvince(ctx, *baseURL, *token, *randomSeed, *concurrency, *organisation)
	}
	ds := seed.Generate(*randomSeed)
	if *organisation {
		ds.Employees = nil
	}
	fmt.Fprintf(os.Stderr, "Loading the illustrative Medan dataset (not an official list) into %s\n", *baseURL)
	st, err := seed.Load(ctx, seed.LoadOptions{BaseURL: *baseURL, Token: *token, Dataset: ds, Progress: os.Stderr, Concurrency: *concurrency})
	fmt.Fprintf(os.Stderr, "\n%d agencies, %d positions, %d employees created, %d already present, in %s\n",
		st.Agencies, st.Positions, st.Employees, st.AlreadyPresent, st.Duration.Round(time.Millisecond))
	if err != nil || *organisation {
		return err
	}
	fmt.Fprintf(os.Stderr, "Loading the attendance demo: offices, %d decree holidays, history, leave requests\n", seed.DecreeHolidayCount())
	ast, err := seed.LoadAttendance(ctx, seed.AttendanceOptions{BaseURL: *baseURL, Token: *token, Signer: signer, Dataset: ds,
		NoHistory: *noHistory, Progress: os.Stderr, Concurrency: *concurrency})
	fmt.Fprintln(os.Stderr)
	ast.Report(os.Stderr)
	if err != nil {
		return err
	}
	fmt.Fprintln(os.Stderr, "Loading the training demo (illustrative): catalogue, sessions, completions, external training, partners and an internship cohort, plans, assessments")
	tst, err := seed.LoadTraining(ctx, seed.TrainingOptions{BaseURL: *baseURL, Token: *token, Signer: signer, Dataset: ds,
		NoHistory: *noHistory, Progress: os.Stderr})
	fmt.Fprintln(os.Stderr)
	tst.Report(os.Stderr)
	if err != nil {
		return err
	}
	fmt.Fprintln(os.Stderr, "Loading the staffing demo (illustrative): the workload (ABK) of every position, a work plan per agency and the city's, approved by city HR but two")
	pst, err := seed.LoadPlanning(ctx, seed.PlanningOptions{BaseURL: *baseURL, Token: *token, Dataset: ds, Progress: os.Stderr, Concurrency: *concurrency})
	fmt.Fprintln(os.Stderr)
	pst.Report(os.Stderr)
	if err != nil {
		return err
	}
	evalSet, err := seed.EvaluationSubset(ds, *evalAgencies)
	switch {
	case err != nil:
		return err
	case evalSet == nil:
		fmt.Fprintln(os.Stderr, "left out: the evaluation demo (--evaluation-agencies is empty)")
		return nil
	case signer == nil:
		fmt.Fprintln(os.Stderr, "left out: the evaluation demo (its SKPs are the employees' own and need the local signing key)")
		return nil
	}
	fmt.Fprintf(os.Stderr, "Loading the evaluation demo (illustrative) for %d employees of %s: the year's SKPs cascaded down the supervisor trees, feedback, period and annual ratings, objections\n",
		len(evalSet.Employees), *evalAgencies)
	est, err := seed.LoadEvaluation(ctx, seed.EvaluationOptions{BaseURL: *baseURL, Token: *token, Signer: signer, Dataset: evalSet,
		Progress: os.Stderr, Concurrency: *concurrency})
	fmt.Fprintln(os.Stderr)
	est.Report(os.Stderr)
	return err
}

// seedProvince loads the province (simpeg seed --province): the registry, then the offices.
func seedProvince(ctx context.Context, baseURL, token string, randomSeed int64, concurrency int, organisation bool) error {
	start := time.Now()
	ds := seed.GenerateProvince(randomSeed)
	if organisation {
		ds.Employees = nil
	}
	fmt.Fprintf(os.Stderr, "Generated the illustrative province of North Sumatra (not an official list) in %s; loading it into %s\n",
		time.Since(start).Round(time.Millisecond), baseURL)
	st, err := seed.Load(ctx, seed.LoadOptions{BaseURL: baseURL, Token: token, Dataset: ds, Progress: os.Stderr, Concurrency: concurrency})
	fmt.Fprintf(os.Stderr, "\n%d agencies, %d positions, %d employees created, %d already present, in %s\n",
		st.Agencies, st.Positions, st.Employees, st.AlreadyPresent, st.Duration.Round(time.Millisecond))
	if err != nil || organisation {
		return err
	}
	ost, err := seed.LoadProvinceOffices(ctx, seed.ProvinceOptions{BaseURL: baseURL, Token: token, Dataset: ds, Progress: os.Stderr, Concurrency: concurrency})
	fmt.Fprintf(os.Stderr, "\n%d offices created, %d already present, in %s\n", ost.OfficesCreated, ost.OfficesPresent, ost.Duration.Round(time.Millisecond))
	return err
}

// printJSON writes a load command's result to standard output as indented JSON (--json).
func printJSON(v any) error {
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// loadCmd drives load against a running suite: simpeg load checkin --help.
func loadCmd(ctx context.Context, args []string) error {
	if len(args) > 0 && args[0] == "events" {
		return loadEventsCmd(ctx, args[1:])
	}
	if len(args) > 0 && args[0] == "reports" {
		return loadReportsCmd(ctx, args[1:])
	}
	if len(args) > 0 && args[0] == "verify" {
		return loadVerifyCmd(ctx, args[1:])
	}
	if len(args) == 0 || args[0] != "checkin" {
		fmt.Fprintln(os.Stderr, "usage: simpeg load checkin|events|reports|verify [flags]; simpeg load checkin --help lists the flags")
		return errUsage
	}
	fs := flag.NewFlagSet("simpeg load checkin", flag.ContinueOnError)
	env, err := fromEnv()
	if err != nil {
		return err
	}
	baseURL := fs.String("url", "http://"+env.Gateway.HTTPAddr, "the gateway's URL; employees and offices are read and created through it")
	grpcAddr := fs.String("grpc", env.Attendance.GRPCAddr, "the attendance service's gRPC address, for --protocol grpc")
	protocol := fs.String("protocol", load.REST, "rest (through the gateway) or grpc (to the attendance service directly)")
	employees := fs.Int("employees", 0, "distinct employees checking in, taken from the directory (default: every active employee)")
	concurrency := fs.Int("concurrency", 64, "requests in flight")
	duration := fs.Duration("duration", 0, "how long to send (default 20s unless --requests is given)")
	requests := fs.Int("requests", 0, "how many check-ins to send")
	warmup := fs.Duration("warmup", 0, "send this long first without measuring")
	officePerAgency := fs.Bool("office-per-agency", false, "create one office per agency at Medan coordinates where the load's own is missing")
	dataDir := fs.String("data-dir", env.DataDir, "data directory holding keys/signing-key.pem")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	record := fs.String("record", "", "append one \"<nip>\\t<client id>\" line per acknowledged check-in to this file (for simpeg load verify)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *duration == 0 && *requests == 0 {
		*duration = 20 * time.Second
	}
	var recordTo *os.File
	if *record != "" {
		f, err := os.OpenFile(*record, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
		if err != nil {
			return fmt.Errorf("--record: %w", err)
		}
		defer f.Close()
		recordTo = f
	}
	keyFile := filepath.Join(*dataDir, "keys", "signing-key.pem")
	if _, err := os.Stat(keyFile); err != nil {
		return fmt.Errorf("the suite's signing key: %w (point --data-dir at the running suite's data directory)", err)
	}
	signer, err := auth.LoadOrCreateSigner(keyFile, env.Auth.Issuer, env.Auth.Audience)
	if err != nil {
		return err
	}
	res, err := load.CheckIn(ctx, load.Options{
		BaseURL: *baseURL, GRPCAddr: *grpcAddr, Protocol: *protocol, Employees: *employees,
		Concurrency: *concurrency, Duration: *duration, Requests: *requests, Warmup: *warmup,
		OfficePerAgency: *officePerAgency, Signer: signer, Log: os.Stderr, Record: recordWriter(recordTo),
	})
	if err != nil {
		return err
	}
	if *asJSON {
		return printJSON(res)
	}
	return load.WriteTable(os.Stdout, res)
}
