package gateway

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/simpeg-id/simpeg/platform/config"
)

// Config is the gateway's configuration, read by platform/config from SIMPEG_* variables and
// the matching flags (SIMPEG_HTTP_ADDR → --http-addr).
type Config struct {
	HTTP
	// Upstreams holds the gRPC address of every service behind the gateway, by service name.
	Upstreams Upstreams `env:"SIMPEG_{SERVICE}_ADDR" default:"127.0.0.1:{GRPC_PORT}" help:"gRPC address of the {service} service; empty leaves its API out (planning's is required)"`
	config.Process
}

// HTTP holds the settings of the gateway's HTTP side, which the all-in-one binary reads too.
type HTTP struct {
	HTTPAddr       string        `env:"SIMPEG_HTTP_ADDR" default:"127.0.0.1:8080" help:"address the REST API listens on"`
	MetricsAddr    string        `env:"SIMPEG_GATEWAY_METRICS_ADDR" default:"127.0.0.1:9190" help:"address serving the gateway's Prometheus /metrics; empty disables it"`
	CORSOrigins    []string      `env:"SIMPEG_CORS_ORIGINS" default:"" help:"comma-separated origins allowed to call the API from a browser; * allows any"`
	MaxBodyBytes   int64         `env:"SIMPEG_MAX_BODY_BYTES" default:"4194304" help:"largest request body accepted, in bytes"`
	RequestTimeout time.Duration `env:"SIMPEG_REQUEST_TIMEOUT" default:"30s" help:"deadline of one API request, passed on to the services"`
}

// Upstreams maps a service's name to its gRPC address (SIMPEG_<SERVICE>_ADDR), one entry per
// service behind the gateway.
type Upstreams map[string]string

// SettingKeys lists the services behind the gateway, one setting each.
func (Upstreams) SettingKeys() []string {
	names := make([]string, len(services))
	for i, s := range services {
		names[i] = s.name
	}
	return names
}

// Renames maps the gateway binary's deprecated variable names to their names now.
var Renames = map[string]string{"SIMPEG_METRICS_ADDR": "SIMPEG_GATEWAY_METRICS_ADDR"}

// Validate reports the settings that cannot work, all of them at once.
func (c Config) Validate() error {
	var errs []error
	if err := checkAddr(c.HTTPAddr); err != nil {
		errs = append(errs, fmt.Errorf("http address: %w", err))
	}
	for _, s := range services {
		addr := c.Upstreams[s.name]
		if addr == "" && !s.required {
			continue
		}
		if err := checkAddr(addr); err != nil {
			errs = append(errs, fmt.Errorf("%s address: %w", s.name, err))
		}
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
