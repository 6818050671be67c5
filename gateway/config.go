package gateway

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"
)

// Config is the gateway's configuration, read by platform/config from SIMPEG_* variables and
// the matching flags (SIMPEG_HTTP_ADDR → --http-addr).
type Config struct {
	HTTPAddr        string        `env:"SIMPEG_HTTP_ADDR" default:"127.0.0.1:8080" help:"address the REST API listens on"`
	PlanningAddr    string        `env:"SIMPEG_PLANNING_ADDR" default:"127.0.0.1:9090" help:"gRPC address of the planning service"`
	AttendanceAddr  string        `env:"SIMPEG_ATTENDANCE_ADDR" default:"127.0.0.1:9092" help:"gRPC address of the attendance service; empty leaves its API out"`
	MetricsAddr     string        `env:"SIMPEG_METRICS_ADDR" default:"127.0.0.1:9190" help:"address serving Prometheus /metrics; empty disables it"`
	CORSOrigins     []string      `env:"SIMPEG_CORS_ORIGINS" default:"" help:"comma-separated origins allowed to call the API from a browser; * allows any"`
	MaxBodyBytes    int64         `env:"SIMPEG_MAX_BODY_BYTES" default:"4194304" help:"largest request body accepted, in bytes"`
	RequestTimeout  time.Duration `env:"SIMPEG_REQUEST_TIMEOUT" default:"30s" help:"deadline of one API request, passed on to the services"`
	LogLevel        string        `env:"SIMPEG_LOG_LEVEL" default:"info" help:"log level: debug, info, warn or error"`
	ShutdownTimeout time.Duration `env:"SIMPEG_SHUTDOWN_TIMEOUT" default:"15s" help:"graceful shutdown bound"`
}

// Validate reports the settings that cannot work, all of them at once.
func (c Config) Validate() error {
	var errs []error
	if err := checkAddr(c.HTTPAddr); err != nil {
		errs = append(errs, fmt.Errorf("http address: %w", err))
	}
	if c.AttendanceAddr != "" {
		if err := checkAddr(c.AttendanceAddr); err != nil {
			errs = append(errs, fmt.Errorf("attendance address: %w", err))
		}
	}
	if err := checkAddr(c.PlanningAddr); err != nil {
		errs = append(errs, fmt.Errorf("planning address: %w", err))
	}
	if c.MetricsAddr != "" {
		if err := checkAddr(c.MetricsAddr); err != nil {
			errs = append(errs, fmt.Errorf("metrics address: %w", err))
		} else if c.MetricsAddr == c.HTTPAddr {
			errs = append(errs, fmt.Errorf("metrics address %q is the http address too", c.MetricsAddr))
		}
	}
	for _, o := range c.CORSOrigins {
		if err := checkOrigin(o); err != nil {
			errs = append(errs, fmt.Errorf("cors origin %q: %w", o, err))
		}
	}
	if c.MaxBodyBytes <= 0 {
		errs = append(errs, fmt.Errorf("max body bytes must be positive, got %d", c.MaxBodyBytes))
	}
	if c.RequestTimeout <= 0 {
		errs = append(errs, fmt.Errorf("request timeout must be positive, got %s", c.RequestTimeout))
	}
	if c.ShutdownTimeout <= 0 {
		errs = append(errs, fmt.Errorf("shutdown timeout must be positive, got %s", c.ShutdownTimeout))
	}
	switch strings.ToLower(strings.TrimSpace(c.LogLevel)) {
	case "debug", "info", "warn", "error":
	default:
		errs = append(errs, fmt.Errorf("log level %q is not one of debug, info, warn, error", c.LogLevel))
	}
	return errors.Join(errs...)
}

func checkAddr(addr string) error {
	if addr == "" {
		return errors.New("empty")
	}
	if _, _, err := net.SplitHostPort(addr); err != nil {
		return fmt.Errorf("not host:port: %w", err)
	}
	return nil
}

// checkOrigin accepts "*" or a browser origin: scheme://host[:port], nothing more.
func checkOrigin(o string) error {
	if o == "*" {
		return nil
	}
	u, err := url.Parse(o)
	if err != nil {
		return err
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return errors.New("scheme must be http or https")
	}
	if u.Host == "" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return errors.New("want scheme://host[:port] only")
	}
	return nil
}
