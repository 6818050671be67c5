package gateway

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/simpeg-id/simpeg/gateway/portal"
	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/config"
)

// Config is the gateway's configuration, read by platform/config from SIMPEG_* variables and
// the matching flags (SIMPEG_HTTP_ADDR → --http-addr).
type Config struct {
	HTTP
	// Upstreams holds the gRPC address of every service behind the gateway, by service name.
	Upstreams Upstreams `env:"SIMPEG_{SERVICE}_ADDR" default:"127.0.0.1:{GRPC_PORT}" help:"gRPC address of the {service} service; empty leaves its API out (planning's is required)"`
	Auth      Tokens
	config.Process
}

// HTTP holds the settings of the gateway's HTTP side, which the all-in-one binary reads too.
type HTTP struct {
	HTTPAddr       string        `env:"SIMPEG_HTTP_ADDR" default:"127.0.0.1:8080" help:"address the REST API listens on"`
	MetricsAddr    string        `env:"SIMPEG_GATEWAY_METRICS_ADDR" default:"127.0.0.1:9190" help:"address serving the gateway's Prometheus /metrics; empty disables it"`
	CORSOrigins    []string      `env:"SIMPEG_CORS_ORIGINS" default:"" help:"comma-separated origins allowed to call the API from a browser; * allows any"`
	MaxBodyBytes   int64         `env:"SIMPEG_MAX_BODY_BYTES" default:"4194304" help:"largest request body accepted, in bytes"`
	RequestTimeout time.Duration `env:"SIMPEG_REQUEST_TIMEOUT" default:"30s" help:"deadline of one API request, passed on to the services"`
	// Portal serves the web portal at / (gateway/portal); off, / is left to the API (404).
	Portal   bool   `env:"SIMPEG_PORTAL" default:"true" help:"serve the web portal at /; false leaves / to the API (404)"`
	MapTiles string `env:"SIMPEG_PORTAL_MAP_TILES" help:"URL template of the portal's office map tiles, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png or a city tile server; its origin is allowed for images; empty: no tiles (the map shows coordinates and the geofence)"`
	OIDC     OIDC
	// SessionKeyFile seals the sign-in state cookie; replicas behind one address share it.
	SessionKeyFile string `env:"SIMPEG_SESSION_KEY_FILE" help:"file with the 32-byte key (raw, 64 hex digits or base64) sealing the portal's sign-in state and refresh token cookies, the same file for every gateway replica; empty: a random key per start, enough for one replica"`
	// SessionMaxAge bounds a portal session from its sign-in, however often it is renewed.
	SessionMaxAge time.Duration `env:"SIMPEG_SESSION_MAX_AGE" default:"12h" help:"longest a portal session lasts from its sign-in, however often the provider's refresh token renews it (the session cookies' Max-Age never goes beyond it); also bounds a local sign-in's token"`
}

// OIDC is the portal's sign-in at the city's OpenID Connect provider (authorization code with
// PKCE). Set the issuer, the client id and the redirect URL together; the services must verify
// the provider's access tokens (SIMPEG_AUTH_JWKS_URL).
type OIDC struct {
	Issuer           string `env:"SIMPEG_OIDC_ISSUER" help:"issuer URL of the OpenID Connect provider the portal signs people in with (authorization code + PKCE); empty: no OpenID Connect sign-in"`
	ClientID         string `env:"SIMPEG_OIDC_CLIENT_ID" help:"the portal's client id at the OpenID Connect provider"`
	ClientSecretFile string `env:"SIMPEG_OIDC_CLIENT_SECRET_FILE" help:"file holding the portal's client secret; empty for a public client"`
	RedirectURL      string `env:"SIMPEG_OIDC_REDIRECT_URL" help:"the gateway's /auth/callback as browsers reach it, registered at the provider, e.g. https://simpeg.pemkomedan.go.id/auth/callback"`
	Scopes           string `env:"SIMPEG_OIDC_SCOPES" default:"openid profile" help:"space-separated scopes asked of the OpenID Connect provider; openid is always asked"`
}

// Enabled reports whether OpenID Connect sign-in is configured.
func (o OIDC) Enabled() bool { return o.Issuer != "" || o.ClientID != "" || o.RedirectURL != "" }

// ScopeList returns the scopes, split on spaces and commas.
func (o OIDC) ScopeList() []string {
	return strings.FieldsFunc(o.Scopes, func(r rune) bool { return r == ' ' || r == ',' })
}

// Tokens are the token settings the gateway binary reads to verify the portal session's token
// itself (GET /auth/session) in OpenID Connect mode: the same variables, with the same meaning
// and defaults, as the services' (platform/auth.Config), without the key file, which the
// gateway never verifies with. The all-in-one binary passes its own (TokensFrom).
type Tokens struct {
	Issuer             string        `env:"SIMPEG_AUTH_ISSUER" default:"simpeg-local" help:"expected token issuer (iss), as the services'"`
	Audience           string        `env:"SIMPEG_AUTH_AUDIENCE" default:"simpeg" help:"expected token audience (aud), as the services'"`
	JWKSURL            string        `env:"SIMPEG_AUTH_JWKS_URL" help:"JWKS URL of the OpenID Connect provider, as the services'; needed for the portal's OpenID Connect sign-in"`
	MaxLifetime        time.Duration `env:"SIMPEG_AUTH_MAX_TOKEN_LIFETIME" default:"24h" help:"longest lifetime (exp - iat) of a person's token, as the services'"`
	MaxServiceLifetime time.Duration `env:"SIMPEG_AUTH_MAX_SERVICE_TOKEN_LIFETIME" default:"2160h" help:"longest lifetime (exp - iat) of a token whose only role is service, as the services'"`
	TokenCache         int           `env:"SIMPEG_AUTH_TOKEN_CACHE" default:"250000" help:"verified tokens remembered until they expire, as the services' (about 210-320 bytes each); 0 verifies every request"`
}

// TokensFrom returns the gateway's token settings from the services' ones.
func TokensFrom(c auth.Config) Tokens {
	return Tokens{Issuer: c.Issuer, Audience: c.Audience, JWKSURL: c.JWKSURL, MaxLifetime: c.MaxLifetime, MaxServiceLifetime: c.MaxServiceLifetime, TokenCache: c.TokenCache}
}

// AuthConfig returns t as the services' verifier configuration.
func (t Tokens) AuthConfig() auth.Config {
	return auth.Config{Issuer: t.Issuer, Audience: t.Audience, JWKSURL: t.JWKSURL, MaxLifetime: t.MaxLifetime, MaxServiceLifetime: t.MaxServiceLifetime, TokenCache: t.TokenCache}
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
	if c.Auth.TokenCache < 0 {
		errs = append(errs, fmt.Errorf("SIMPEG_AUTH_TOKEN_CACHE must not be negative (0 verifies every request), got %d", c.Auth.TokenCache))
	}
	if c.RequestTimeout <= 0 {
		errs = append(errs, fmt.Errorf("request timeout must be positive, got %s", c.RequestTimeout))
	}
	if c.SessionMaxAge <= 0 {
		errs = append(errs, fmt.Errorf("SIMPEG_SESSION_MAX_AGE must be positive, got %s", c.SessionMaxAge))
	}
	if c.ShutdownTimeout <= 0 {
		errs = append(errs, fmt.Errorf("shutdown timeout must be positive, got %s", c.ShutdownTimeout))
	}
	if _, err := portal.TileOrigin(c.MapTiles); err != nil {
		errs = append(errs, fmt.Errorf("SIMPEG_PORTAL_MAP_TILES: %w", err))
	}
	errs = append(errs, c.checkOIDC()...)
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

// checkOIDC reports what keeps the OpenID Connect sign-in from working: a missing part, a
// redirect URL that is not the gateway's /auth/callback, or no JWKS URL to verify the
// provider's tokens with.
func (c Config) checkOIDC() []error {
	o := c.OIDC
	if !o.Enabled() {
		return nil
	}
	var errs []error
	if o.Issuer == "" || o.ClientID == "" || o.RedirectURL == "" {
		errs = append(errs, errors.New("SIMPEG_OIDC_ISSUER, SIMPEG_OIDC_CLIENT_ID and SIMPEG_OIDC_REDIRECT_URL are set together"))
	}
	if o.Issuer != "" {
		if u, err := url.Parse(o.Issuer); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			errs = append(errs, fmt.Errorf("SIMPEG_OIDC_ISSUER %q is not an http(s) URL", o.Issuer))
		}
	}
	if o.RedirectURL != "" {
		if u, err := url.Parse(o.RedirectURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.Path != callbackPath || u.RawQuery != "" {
			errs = append(errs, fmt.Errorf("SIMPEG_OIDC_REDIRECT_URL %q must be the gateway's http(s)://<host>%s", o.RedirectURL, callbackPath))
		}
	}
	if c.Auth.JWKSURL == "" {
		errs = append(errs, errors.New("SIMPEG_OIDC_ISSUER needs SIMPEG_AUTH_JWKS_URL: the services must verify the provider's access tokens"))
	}
	return errs
}
