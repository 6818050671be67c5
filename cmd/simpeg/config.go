package main

import (
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"github.com/simpeg-id/simpeg/gateway"
	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/service"
	"github.com/simpeg-id/simpeg/services/attendance"
	"github.com/simpeg-id/simpeg/services/planning"
)

// Config is the all-in-one binary's configuration. Where a setting has the same name as in the
// per-service binaries it means the same thing.
type Config struct {
	DataDir           string        `env:"SIMPEG_DATA_DIR" default:"data" help:"directory for the SQLite files, the embedded NATS store and the local signing key"`
	DatabaseURL       string        `env:"SIMPEG_DATABASE_URL" secret:"true" help:"postgres://… to use PostgreSQL instead of SQLite files under the data directory"`
	NATSURL           string        `env:"SIMPEG_NATS_URL" secret:"true" help:"an external NATS server or cluster; empty runs an embedded one"`
	EmbeddedNATSAddr  string        `env:"SIMPEG_EMBEDDED_NATS_ADDR" default:"127.0.0.1:4223" help:"listen address of the embedded NATS server"`
	NATSPrefix        string        `env:"SIMPEG_NATS_PREFIX" help:"prefix for every subject and stream name"`
	GRPCAddr          string        `env:"SIMPEG_GRPC_ADDR" default:"127.0.0.1:9090" help:"gRPC listen address of the planning service"`
	AttendanceGRPC    string        `env:"SIMPEG_ATTENDANCE_GRPC_ADDR" default:"127.0.0.1:9092" help:"gRPC listen address of the attendance service"`
	AttendanceDB      string        `env:"SIMPEG_ATTENDANCE_DATABASE_URL" secret:"true" help:"the attendance service's database; required with a PostgreSQL SIMPEG_DATABASE_URL (each service has its own), default an SQLite file under the data directory"`
	HTTPAddr          string        `env:"SIMPEG_HTTP_ADDR" default:"127.0.0.1:8080" help:"REST gateway listen address"`
	MetricsAddr       string        `env:"SIMPEG_METRICS_ADDR" default:"127.0.0.1:9091" help:"Prometheus /metrics of the planning service; empty disables"`
	AttendanceMetrics string        `env:"SIMPEG_ATTENDANCE_METRICS_ADDR" default:"127.0.0.1:9093" help:"Prometheus /metrics of the attendance service; empty disables"`
	GatewayMetrics    string        `env:"SIMPEG_GATEWAY_METRICS_ADDR" default:"127.0.0.1:9190" help:"Prometheus /metrics of the gateway; empty disables"`
	CORSOrigins       []string      `env:"SIMPEG_CORS_ORIGINS" help:"comma-separated origins allowed to call the API from a browser"`
	MaxBodyBytes      int64         `env:"SIMPEG_MAX_BODY_BYTES" default:"4194304" help:"largest request body the gateway accepts"`
	RequestTimeout    time.Duration `env:"SIMPEG_REQUEST_TIMEOUT" default:"30s" help:"deadline of one API request"`
	LogLevel          string        `env:"SIMPEG_LOG_LEVEL" default:"info" help:"debug, info, warn or error"`
	ShutdownTimeout   time.Duration `env:"SIMPEG_SHUTDOWN_TIMEOUT" default:"15s" help:"graceful shutdown bound"`
	Issuer            string        `env:"SIMPEG_AUTH_ISSUER" default:"simpeg-local" help:"token issuer (iss)"`
	Audience          string        `env:"SIMPEG_AUTH_AUDIENCE" default:"simpeg" help:"token audience (aud)"`
	JWKSURL           string        `env:"SIMPEG_AUTH_JWKS_URL" help:"JWKS URL of the city's OpenID Connect provider; empty uses the local signing key"`
}

// Validate checks what the parts do not check themselves.
func (c Config) Validate() error {
	var errList []error
	if c.DataDir == "" {
		errList = append(errList, errors.New("SIMPEG_DATA_DIR is empty"))
	}
	if c.NATSURL == "" && c.EmbeddedNATSAddr == "" {
		errList = append(errList, errors.New("set SIMPEG_NATS_URL or SIMPEG_EMBEDDED_NATS_ADDR"))
	}
	if c.MetricsAddr != "" && c.MetricsAddr == c.GatewayMetrics {
		errList = append(errList, fmt.Errorf("SIMPEG_METRICS_ADDR and SIMPEG_GATEWAY_METRICS_ADDR are both %s", c.MetricsAddr))
	}
	if c.DatabaseURL != "" && c.AttendanceDB == "" {
		errList = append(errList, errors.New("SIMPEG_ATTENDANCE_DATABASE_URL is required when SIMPEG_DATABASE_URL is set: each service keeps its own database"))
	}
	return errors.Join(errList...)
}

// KeyFile is the local signing key of the embedded deployment.
func (c Config) KeyFile() string { return filepath.Join(c.DataDir, "keys", "signing-key.pem") }

// Planning returns the planning service's configuration; natsURL is the server to use.
func (c Config) Planning(natsURL string) planning.Config {
	p := planning.Config{Config: service.Config{
		DatabaseURL:     c.DatabaseURL,
		NATSURL:         natsURL,
		NATSPrefix:      c.NATSPrefix,
		NATSReplicas:    1,
		GRPCAddr:        c.GRPCAddr,
		MetricsAddr:     c.MetricsAddr,
		LogLevel:        c.LogLevel,
		ShutdownTimeout: c.ShutdownTimeout,
		Auth:            auth.Config{Issuer: c.Issuer, Audience: c.Audience, JWKSURL: c.JWKSURL, KeyFile: c.KeyFile()},
	}}
	p.Defaults(c.DataDir)
	return p
}

// Attendance returns the attendance service's configuration.
func (c Config) Attendance(natsURL, planningToken string) attendance.Config {
	a := attendance.Config{
		Config: service.Config{
			DatabaseURL:     c.AttendanceDB,
			NATSURL:         natsURL,
			NATSPrefix:      c.NATSPrefix,
			NATSReplicas:    1,
			GRPCAddr:        c.AttendanceGRPC,
			MetricsAddr:     c.AttendanceMetrics,
			LogLevel:        c.LogLevel,
			ShutdownTimeout: c.ShutdownTimeout,
			Auth:            auth.Config{Issuer: c.Issuer, Audience: c.Audience, JWKSURL: c.JWKSURL, KeyFile: c.KeyFile()},
		},
		PlanningAddr:         c.GRPCAddr,
		PlanningToken:        planningToken,
		GeofenceRadiusMeters: 100,
		OutsideGeofence:      "flag",
		OfflineUploadLimit:   72 * time.Hour,
	}
	a.Defaults(c.DataDir)
	return a
}

// Gateway returns the gateway's configuration, dialling the services at their gRPC addresses.
func (c Config) Gateway(planningAddr, attendanceAddr string) gateway.Config {
	return gateway.Config{
		HTTPAddr:        c.HTTPAddr,
		PlanningAddr:    planningAddr,
		AttendanceAddr:  attendanceAddr,
		MetricsAddr:     c.GatewayMetrics,
		CORSOrigins:     c.CORSOrigins,
		MaxBodyBytes:    c.MaxBodyBytes,
		RequestTimeout:  c.RequestTimeout,
		LogLevel:        c.LogLevel,
		ShutdownTimeout: c.ShutdownTimeout,
	}
}
