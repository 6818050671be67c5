package service

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/config"
	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/grpcserver"
)

// Config is the configuration every service has. A service's own Config embeds it, tagged
// with the service's name (service:"planning"), which names its Instance settings.
type Config struct {
	Instance
	NATSURL string `env:"SIMPEG_NATS_URL" default:"nats://127.0.0.1:4222" secret:"true" help:"NATS server or cluster URL(s), comma-separated"`
	NATS    NATSIdentity
	Common
	Auth auth.Config
}

// Instance holds the settings named after the service: where it listens and keeps its data.
// The ports come from the port table (config.Ports).
type Instance struct {
	GRPCAddr    string `env:"SIMPEG_{SERVICE}_GRPC_ADDR" default:"127.0.0.1:{GRPC_PORT}" help:"gRPC listen address of the {service} service"`
	DatabaseURL string `env:"SIMPEG_{SERVICE}_DATABASE_URL" secret:"true" help:"the {service} service's database: postgres://user:pass@host/db, or an SQLite file path (default <data dir>/{service}.db)"`
	MetricsAddr string `env:"SIMPEG_{SERVICE}_METRICS_ADDR" default:"127.0.0.1:{METRICS_PORT}" help:"Prometheus /metrics listen address of the {service} service; empty disables"`
}

// NATSIdentity is the service's own identity on NATS, named after the service: the server
// admits it and holds it to its permissions (bus.ServicePermissions). In the all-in-one binary
// with its embedded NATS the binary creates it under the data directory when unset.
type NATSIdentity struct {
	SeedFile string `env:"SIMPEG_{SERVICE}_NATS_NKEY_SEED_FILE" help:"file holding the {service} service's NATS NKey user seed (SU…; create one with simpeg nkey); empty connects without an identity"`
}

// Common holds the settings every service and the all-in-one binary share.
type Common struct {
	NATSPrefix   string `env:"SIMPEG_NATS_PREFIX" help:"prefix for every subject and stream name, to keep deployments or test runs apart on one NATS"`
	NATSReplicas int    `env:"SIMPEG_NATS_REPLICAS" default:"1" help:"JetStream stream replicas (3 on a cluster); an existing stream's replicas are raised to it, never lowered"`
	NATSCAFile   string `env:"SIMPEG_NATS_CA_FILE" help:"PEM CA bundle the NATS server's certificate must chain to; setting it (or a tls:// URL) makes the connection TLS"`
	// OutboxAckTimeout is outbox.Relay.AckTimeout; its default is outbox.DefaultAckTimeout
	// (TestOutboxDefaults keeps the two equal).
	OutboxAckTimeout time.Duration `env:"SIMPEG_OUTBOX_ACK_TIMEOUT" default:"10s" help:"how long the outbox relay waits for JetStream's acknowledgements of one batch (and for each of its database statements) before it publishes the batch again"`
	// OutboxStallAfter is the age of the oldest unsent event at which the outbox counts as not
	// draining: the health detail simpeg.outbox turns NOT_SERVING (readiness does not change).
	OutboxStallAfter time.Duration `env:"SIMPEG_OUTBOX_STALL_AFTER" default:"1m" help:"age of the oldest unpublished event at which the outbox counts as not draining (health detail simpeg.outbox NOT_SERVING; alert on simpeg_outbox_oldest_pending_age_seconds)"`
	// OutboxRetention is outbox.Relay.Retention: how long sent outbox rows are kept
	// (outbox.DefaultRetention; TestRetentionDefaults keeps the two equal).
	OutboxRetention time.Duration `env:"SIMPEG_OUTBOX_RETENTION" default:"24h" help:"how long sent outbox rows are kept before the relay deletes them in batches; positive"`
	// StreamMaxAge is the MaxAge of the service's JetStream stream: JetStream is the transport
	// of events, not their record (each service's database is), and what a consumer misses
	// past it is back-filled over the APIs (the directory copy, the planning monitor).
	StreamMaxAge time.Duration `env:"SIMPEG_NATS_STREAM_MAX_AGE" default:"168h" help:"how long the service's JetStream stream keeps a message (applied to new and existing streams): the longest a stopped consumer can fall behind and still catch up from the stream; positive"`
	// ProcessedEventsRetention is how long a consumer's processed event ids are kept: an event
	// can be delivered again only while its stream keeps it, so never less than StreamMaxAge.
	ProcessedEventsRetention time.Duration `env:"SIMPEG_PROCESSED_EVENTS_RETENTION" default:"192h" help:"how long the ids of events a consumer applied are kept to drop a redelivery; at least SIMPEG_NATS_STREAM_MAX_AGE (the default adds a day's margin)"`

	// Database sizes the service's PostgreSQL connection pool, in each process that runs it.
	Database database.Pool
	// GRPC caps the connections, streams and keepalive pings of the service's gRPC listener.
	GRPC grpcserver.Limits
	config.Process
}

// Upstream is how a service reaches another one it calls, outside the all-in-one binary. A
// field of this type is tagged with the called service's name (service:"planning").
type Upstream struct {
	Addr  string `env:"SIMPEG_{SERVICE}_ADDR" default:"127.0.0.1:{GRPC_PORT}" help:"gRPC address of the {service} service"`
	Token string `env:"SIMPEG_{SERVICE}_TOKEN" secret:"true" help:"bearer token (role service) for calling the {service} service"`
}

// Settings is a service's whole configuration as the binaries see it: the per-service binary
// (platform/servicemain) and the all-in-one binary load, check and start any service through
// it. A service's Config implements it by embedding Config and adding Spec.
type Settings interface {
	// Base returns the settings every service has.
	Base() *Config
	// Own returns a pointer to the service's own settings beyond Config (its policy, say), for
	// the all-in-one binary to read under their names; nil when it has none.
	Own() any
	// Validate reports the settings that cannot work, all of them.
	Validate() error
	// Spec describes the service these settings configure.
	Spec() Spec
}

// Base returns c; a service's Config gets it by embedding Config.
func (c *Config) Base() *Config { return c }

// Own returns nil: a service with settings of its own overrides it.
func (c *Config) Own() any { return nil }

// Validate checks the settings that Start cannot work without.
func (c Config) Validate() error {
	var errList []error
	if c.DatabaseURL == "" {
		errList = append(errList, errors.New("the database URL is empty"))
	}
	if c.NATSURL == "" {
		errList = append(errList, errors.New("SIMPEG_NATS_URL is empty"))
	}
	if c.GRPCAddr == "" {
		errList = append(errList, errors.New("the gRPC address is empty"))
	}
	if c.NATSReplicas < 1 || c.NATSReplicas > 5 {
		errList = append(errList, fmt.Errorf("SIMPEG_NATS_REPLICAS is %d; want 1 to 5", c.NATSReplicas))
	}
	if c.ShutdownTimeout <= 0 {
		errList = append(errList, errors.New("SIMPEG_SHUTDOWN_TIMEOUT must be positive"))
	}
	errList = append(errList, c.Database.Check(), c.GRPC.Check(), c.Auth.Check())
	if c.OutboxAckTimeout <= 0 {
		errList = append(errList, errors.New("SIMPEG_OUTBOX_ACK_TIMEOUT must be positive"))
	}
	if c.OutboxStallAfter <= 0 {
		errList = append(errList, errors.New("SIMPEG_OUTBOX_STALL_AFTER must be positive"))
	}
	if c.OutboxRetention <= 0 {
		errList = append(errList, errors.New("SIMPEG_OUTBOX_RETENTION must be positive"))
	}
	if c.StreamMaxAge <= 0 {
		errList = append(errList, errors.New("SIMPEG_NATS_STREAM_MAX_AGE must be positive"))
	}
	if c.ProcessedEventsRetention < c.StreamMaxAge {
		// An id deleted while its stream still holds the event lets a redelivery apply it twice.
		errList = append(errList, fmt.Errorf("SIMPEG_PROCESSED_EVENTS_RETENTION (%s) is shorter than SIMPEG_NATS_STREAM_MAX_AGE (%s): a redelivered event would be applied again; keep processed event ids at least as long as the stream keeps the events",
			c.ProcessedEventsRetention, c.StreamMaxAge))
	}
	return errors.Join(errList...)
}

// DefaultDatabase points an empty database URL at the SQLite file <dataDir>/<service>.db.
func (i *Instance) DefaultDatabase(dataDir, service string) {
	if i.DatabaseURL == "" {
		i.DatabaseURL = filepath.Join(dataDir, service+".db")
	}
}

// LegacyNames maps the unprefixed names every service read before the settings were named
// after the service (SIMPEG_GRPC_ADDR, …) to service's names now, for config.Loader.Renames.
// They still work for one release, with a warning.
func LegacyNames(service string) map[string]string {
	names, err := config.EnvNames(config.Scoped(service, &Instance{}))
	if err != nil {
		return nil // a service outside the port table has no legacy names
	}
	out := make(map[string]string, len(names))
	for _, n := range names {
		_, rest, _ := strings.Cut(strings.TrimPrefix(n, "SIMPEG_"), "_")
		out["SIMPEG_"+strings.TrimPrefix(rest, strings.ToUpper(service)+"_")] = n
	}
	return out
}
