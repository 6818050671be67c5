// Package training is the training service: the programme catalogue, sessions and enrolment,
// attendance per session day, completion and signed certificates (STTPP), external training,
// competency profiles and development plans, feedback, internships and the JP ledger with its
// reports. Start is the one entry point; the per-service binary (cmd/training) and the
// all-in-one binary (cmd/simpeg) both call it. Everything else is internal.
package training

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"time"

	"google.golang.org/grpc"

	"github.com/simpeg-id/simpeg/platform/bus"
	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/service"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
	trainingv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/training/v1"
	"github.com/simpeg-id/simpeg/services/planning/directory"
	"github.com/simpeg-id/simpeg/services/training/internal/app"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
	"github.com/simpeg-id/simpeg/services/training/internal/events"
	"github.com/simpeg-id/simpeg/services/training/internal/grpcapi"
	"github.com/simpeg-id/simpeg/services/training/internal/performance"
	"github.com/simpeg-id/simpeg/services/training/internal/positions"
	"github.com/simpeg-id/simpeg/services/training/internal/store"
)

// Name is the service's name in stream names, subjects and logs.
const Name = "training"

// Config is the training service's configuration.
type Config struct {
	service.Config `service:"training"`
	// Planning is where the service reaches planning, to back-fill the employee directory and
	// to read positions' competency standards (SIMPEG_PLANNING_ADDR, SIMPEG_PLANNING_TOKEN with
	// role service and scope planning.read).
	Planning service.Upstream `service:"planning"`
	PolicySettings

	// dataDir is the all-in-one binary's data directory (UseDataDir), where the certificate key
	// is made when no file is named; empty in the per-service binary.
	dataDir string
}

// PolicySettings are the training service's own settings, read by every binary that runs it:
// the deployment's training policy, the certificate signing key and the public check's limit.
type PolicySettings struct {
	// MinutesPerJP: DOMAIN.md, 1 JP (jam pelajaran) = 45 minutes (*policy*), for the forms
	// counted in hours. The figure was not found in a regulation's text (services/training/README.md).
	MinutesPerJP int `env:"SIMPEG_TRAINING_MINUTES_PER_JP" default:"45" help:"minutes in one JP (jam pelajaran) for training counted in hours: classroom, e-learning, seminar (policy; DOMAIN.md: 45)"`
	// PassAttendancePercent: a participant passes only with attendance recorded, a day present
	// and at least this share of the recorded days; 80 is the service's default, not a
	// regulation's figure.
	PassAttendancePercent int `env:"SIMPEG_TRAINING_PASS_ATTENDANCE_PERCENT" default:"80" help:"share of a session's recorded days, in percent, a participant must attend to be passed (policy)"`
	// AgreementWarningDays: issue 10 §5, a partner agreement's expiry is "visible ahead of
	// time"; 90 days is the service's default, not a regulation's figure.
	AgreementWarningDays int `env:"SIMPEG_TRAINING_AGREEMENT_WARNING_DAYS" default:"90" help:"how many days before its end a partner agreement shows as expiring (policy)"`
	// CertificateKeyFile signs the certificates (STTPP). Every replica signs with the same
	// key; a certificate signed with an earlier key still verifies, its public half being kept.
	CertificateKeyFile string `env:"SIMPEG_TRAINING_CERTIFICATE_KEY_FILE" help:"PEM file with the Ed25519 private key (PKCS #8, e.g. openssl genpkey -algorithm ed25519) that signs training certificates, the same file for every replica; empty: keys/training-certificate-key.pem in the all-in-one binary's data directory or beside an SQLite database, made on the first start; the per-service binary with PostgreSQL requires it"`
	// VerifyRate bounds the public certificate check, which needs no sign-in (issue 10 §2).
	VerifyRate int `env:"SIMPEG_TRAINING_VERIFY_RATE" default:"30" help:"public certificate checks (VerifyCertificate, ListCertificateKeys) one client address may make per minute in each replica, in bursts of as many; beyond it the answer is 429 with Retry-After"`
	// VerifyProxies says which address of x-forwarded-for is the client's: the gateway appends
	// the address it got the call from, and each proxy before it (an ingress) one more.
	VerifyProxies int `env:"SIMPEG_TRAINING_VERIFY_PROXIES" default:"0" help:"proxies in front of the gateway that append the caller's address to X-Forwarded-For (a Kubernetes Ingress: 1), so the certificate check's limit counts the address the first of them saw; 0: the gateway is reached directly"`
	// DirectoryReconcileInterval is attendance's SIMPEG_DIRECTORY_RECONCILE_INTERVAL for
	// training's own copy (a setting is declared once in the all-in-one binary, hence the
	// service's name in it).
	DirectoryReconcileInterval time.Duration `env:"SIMPEG_TRAINING_DIRECTORY_RECONCILE_INTERVAL" default:"10m" help:"how often training's employee directory copy is compared with planning's registry by version and healed (also once at start); 0 disables"`
}

// planningService is the name of the service training calls.
const planningService = "planning"

// directoryDurable is the durable consumer that keeps the directory copy from planning's stream.
const directoryDurable = Name + "-directory"

// verifyClients is how many client addresses the certificate check's limiter remembers, the
// one idle longest forgotten first: a flood of addresses costs at most this many buckets.
const verifyClients = 10_000

// Own returns the service's own settings beyond the shared ones.
func (c *Config) Own() any { return &c.PolicySettings }

// UseDataDir is how the all-in-one binary, one process, gives the service its data directory:
// without SIMPEG_TRAINING_CERTIFICATE_KEY_FILE, certificates are signed with
// <dir>/keys/training-certificate-key.pem, beside the binary's token signing key, made on the
// first start, whatever the database.
func (c *Config) UseDataDir(dir string) { c.dataDir = dir }

// Validate reports the settings that cannot work: the shared ones, the policy, the limit and
// the certificate key a PostgreSQL deployment must name.
func (c *Config) Validate() error {
	_, err := c.Policy()
	errList := []error{c.Config.Validate(), err}
	if c.VerifyRate < 1 || c.VerifyRate > 6000 {
		errList = append(errList, fmt.Errorf("SIMPEG_TRAINING_VERIFY_RATE is %d; want 1 to 6000 checks a minute", c.VerifyRate))
	}
	if c.VerifyProxies < 0 || c.VerifyProxies > 5 {
		errList = append(errList, fmt.Errorf("SIMPEG_TRAINING_VERIFY_PROXIES is %d; want 0 to 5 proxies", c.VerifyProxies))
	}
	if c.DirectoryReconcileInterval < 0 {
		errList = append(errList, errors.New("SIMPEG_TRAINING_DIRECTORY_RECONCILE_INTERVAL must not be negative"))
	}
	if c.CertificateKeyFile == "" && c.dataDir == "" && isPostgres(c.DatabaseURL) {
		errList = append(errList, errors.New("SIMPEG_TRAINING_CERTIFICATE_KEY_FILE is required with a PostgreSQL database: every replica must sign certificates with the same key"))
	}
	return errors.Join(errList...)
}

// Policy returns the deployment's training policy from the configuration.
func (c Config) Policy() (domain.Policy, error) {
	p := domain.DefaultPolicy()
	p.MinutesPerJP = c.MinutesPerJP
	p.AgreementWarningDays = c.AgreementWarningDays
	p.PassAttendancePercent = c.PassAttendancePercent
	if err := p.Validate(); err != nil {
		return p, fmt.Errorf("training policy: %w", err)
	}
	return p, nil
}

// Rules returns the service's authorization table, for tests and documentation.
func Rules() map[string]bool {
	out := make(map[string]bool, len(grpcapi.Rules))
	for m := range grpcapi.Rules {
		out[m] = true
	}
	return out
}

// Migrations returns the service's migration sets: its own, and the named ones of the libraries
// it embeds (the directory copy).
func Migrations() (own fs.FS, more map[string]fs.FS) {
	return store.Migrations(), map[string]fs.FS{"directory": directory.Migrations()}
}

// Start starts the service with cfg; call Shutdown on the result to stop it. opts may pass
// the connection to planning (service.WithClient) instead of dialling Config.Planning.
func Start(ctx context.Context, cfg Config, log *slog.Logger, opts ...service.Option) (*service.Runtime, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("invalid configuration: %w", err)
	}
	return service.Start(ctx, cfg.Config, cfg.Spec(), log, opts...)
}

// Spec describes the service configured by c to the platform runtime. Registering it fails
// when the policy or the limit is invalid (Validate tells before) or the certificate key cannot
// be read.
func (c *Config) Spec() service.Spec {
	policy, policyErr := c.Policy()
	limiter, limitErr := grpcapi.NewClientLimiter(c.VerifyRate, c.VerifyRate, verifyClients, c.VerifyProxies, grpcapi.PublicMethods...)
	var interceptors []grpc.UnaryServerInterceptor
	if limitErr == nil {
		interceptors = append(interceptors, limiter.UnaryInterceptor())
	}
	own, more := Migrations()
	return service.Spec{
		Name:           Name,
		ServiceName:    trainingv1.TrainingService_ServiceDesc.ServiceName,
		Migrations:     own,
		MoreMigrations: more,
		Rules:          grpcapi.Rules,
		Idempotent:     grpcapi.Idempotent,
		Needs:          map[string]service.Upstream{planningService: c.Planning},
		Follows: []bus.Follow{
			{Service: planningService, Durable: directoryDurable},
			// evaluation's final annual ratings, kept as performance gaps (internal/performance)
			{Service: performance.Service, Durable: performance.Durable},
		},
		Interceptors: interceptors,
		Register: func(ctx context.Context, s grpc.ServiceRegistrar, d service.Deps) error {
			if err := errors.Join(policyErr, limitErr); err != nil {
				return err
			}
			signer, err := certificateSigner(c.CertificateKeyFile, c.dataDir, d.DB)
			if err != nil {
				return err
			}
			planning := planningv1.NewPlanningServiceClient(d.Client(planningService))
			dir := directory.New(d.DB)
			st := store.New(d.DB, d.Outbox, events.Encode)
			a := app.New(st, app.Options{
				Directory: dir,
				Positions: positions.New(planning, positions.DefaultTTL),
				Policy:    policy,
				Signer:    signer,
				Now:       time.Now,
			})
			trainingv1.RegisterTrainingServiceServer(s, grpcapi.New(a, d.DB))
			if _, err := dir.Keep(ctx, directory.KeepOptions{JS: d.JS, Prefix: d.Prefix, Durable: directoryDurable,
				Planning: planning, Log: d.Log, Metrics: d.Metrics,
				ReconcileInterval: c.DirectoryReconcileInterval}); err != nil {
				return fmt.Errorf("keeping the directory copy: %w", err)
			}
			if _, err := performance.Keep(ctx, performance.Options{JS: d.JS, Prefix: d.Prefix, DB: d.DB, Log: d.Log,
				Within: func(tx *database.Tx) performance.Recorder { return a.Within(st.Within(tx)) }}); err != nil {
				return fmt.Errorf("following evaluation's ratings: %w", err)
			}
			return nil
		},
	}
}
