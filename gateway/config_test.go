package gateway

import (
	"strings"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/config"
)

// withOIDC configures a valid OpenID Connect sign-in.
func withOIDC(c *Config) {
	c.OIDC = OIDC{Issuer: "https://sso.example.id/realms/pemko", ClientID: "simpeg-portal", RedirectURL: "https://simpeg.example.id/auth/callback", Scopes: "openid profile"}
	c.Auth.JWKSURL = "https://sso.example.id/realms/pemko/protocol/openid-connect/certs"
}

func TestConfig(t *testing.T) {
	t.Run("tags", func(t *testing.T) {
		fields, err := config.Describe(&Config{})
		if err != nil {
			t.Fatalf("Describe: %v", err)
		}
		want := map[string]string{
			"SIMPEG_HTTP_ADDR":                       "127.0.0.1:8080",
			"SIMPEG_PLANNING_ADDR":                   "127.0.0.1:9090",
			"SIMPEG_ATTENDANCE_ADDR":                 "127.0.0.1:9092",
			"SIMPEG_TRAINING_ADDR":                   "127.0.0.1:9094",
			"SIMPEG_EVALUATION_ADDR":                 "127.0.0.1:9096",
			"SIMPEG_GATEWAY_METRICS_ADDR":            "127.0.0.1:9190",
			"SIMPEG_CORS_ORIGINS":                    "",
			"SIMPEG_MAX_BODY_BYTES":                  "4194304",
			"SIMPEG_REQUEST_TIMEOUT":                 "30s",
			"SIMPEG_LOG_LEVEL":                       "info",
			"SIMPEG_SHUTDOWN_TIMEOUT":                "15s",
			"SIMPEG_PPROF_ADDR":                      "",
			"SIMPEG_PORTAL":                          "true",
			"SIMPEG_PORTAL_MAP_TILES":                "",
			"SIMPEG_OIDC_ISSUER":                     "",
			"SIMPEG_OIDC_CLIENT_ID":                  "",
			"SIMPEG_OIDC_CLIENT_SECRET_FILE":         "",
			"SIMPEG_OIDC_REDIRECT_URL":               "",
			"SIMPEG_OIDC_SCOPES":                     "openid profile",
			"SIMPEG_SESSION_KEY_FILE":                "",
			"SIMPEG_SESSION_MAX_AGE":                 "12h",
			"SIMPEG_AUTH_ISSUER":                     "simpeg-local",
			"SIMPEG_AUTH_AUDIENCE":                   "simpeg",
			"SIMPEG_AUTH_JWKS_URL":                   "",
			"SIMPEG_AUTH_MAX_TOKEN_LIFETIME":         "24h",
			"SIMPEG_AUTH_MAX_SERVICE_TOKEN_LIFETIME": "2160h",
			"SIMPEG_AUTH_TOKEN_CACHE":                "250000",
		}
		if len(fields) != len(want) {
			t.Errorf("%d settings, want %d", len(fields), len(want))
		}
		for _, f := range fields {
			if d, ok := want[f.Env]; !ok || d != f.Default {
				t.Errorf("%s default %q, want %q", f.Env, f.Default, d)
			}
			if f.Help == "" {
				t.Errorf("%s has no help", f.Env)
			}
		}
	})

	t.Run("deprecated metrics name", func(t *testing.T) {
		t.Setenv("SIMPEG_METRICS_ADDR", "127.0.0.1:9999")
		var cfg Config
		renamed, err := config.Loader{Name: "gateway", Renames: Renames}.Load(nil, &cfg)
		if err != nil {
			t.Fatal(err)
		}
		if cfg.MetricsAddr != "127.0.0.1:9999" || len(renamed) != 1 || renamed[0].New != "SIMPEG_GATEWAY_METRICS_ADDR" {
			t.Errorf("metrics %q, renamed %+v", cfg.MetricsAddr, renamed)
		}
	})

	t.Run("defaults load and validate", func(t *testing.T) {
		var cfg Config
		if err := config.Load("gateway", &cfg, []string{"--cors-origins", "https://a.example, *"}); err != nil {
			t.Fatalf("Load: %v", err)
		}
		if err := cfg.Validate(); err != nil {
			t.Errorf("Validate: %v", err)
		}
		if len(cfg.CORSOrigins) != 2 || cfg.MaxBodyBytes != 4<<20 || cfg.RequestTimeout != 30*time.Second || !cfg.Portal ||
			cfg.OIDC.Scopes != "openid profile" || cfg.Auth.Issuer != "simpeg-local" || cfg.Auth.MaxLifetime != 24*time.Hour || cfg.SessionMaxAge != 12*time.Hour {
			t.Errorf("loaded %+v", cfg)
		}
	})

	tests := []struct {
		name   string
		change func(*Config)
		want   string // part of the error; "" means valid
	}{
		{name: "valid", change: func(*Config) {}},
		{name: "metrics off", change: func(c *Config) { c.MetricsAddr = "" }},
		{name: "no http address", change: func(c *Config) { c.HTTPAddr = "" }, want: "http address"},
		{name: "bad planning address", change: func(c *Config) { c.Upstreams["planning"] = "planning" }, want: "planning address"},
		{name: "no planning address", change: func(c *Config) { delete(c.Upstreams, "planning") }, want: "planning address: empty"},
		{name: "no attendance address", change: func(c *Config) { c.Upstreams["attendance"] = "" }},
		{name: "bad attendance address", change: func(c *Config) { c.Upstreams["attendance"] = "attendance" }, want: "attendance address"},
		{name: "metrics on http address", change: func(c *Config) { c.MetricsAddr = c.HTTPAddr }, want: "metrics address"},
		{name: "origin with path", change: func(c *Config) { c.CORSOrigins = []string{"https://a.example/app"} }, want: "cors origin"},
		{name: "origin without scheme", change: func(c *Config) { c.CORSOrigins = []string{"a.example"} }, want: "cors origin"},
		{name: "zero body limit", change: func(c *Config) { c.MaxBodyBytes = 0 }, want: "max body bytes"},
		{name: "zero timeout", change: func(c *Config) { c.RequestTimeout = 0 }, want: "request timeout"},
		{name: "zero session max age", change: func(c *Config) { c.SessionMaxAge = 0 }, want: "SIMPEG_SESSION_MAX_AGE"},
		{name: "negative shutdown", change: func(c *Config) { c.ShutdownTimeout = -time.Second }, want: "shutdown timeout"},
		{name: "bad log level", change: func(c *Config) { c.LogLevel = "loud" }, want: "log level"},
		{name: "map tiles", change: func(c *Config) { c.MapTiles = "https://tile.openstreetmap.org/{z}/{x}/{y}.png" }},
		{name: "map tiles without placeholders", change: func(c *Config) { c.MapTiles = "https://tile.openstreetmap.org/tiles.png" }, want: "SIMPEG_PORTAL_MAP_TILES"},
		{name: "map tiles not http", change: func(c *Config) { c.MapTiles = "file:///{z}/{x}/{y}.png" }, want: "SIMPEG_PORTAL_MAP_TILES"},
		{name: "oidc", change: withOIDC},
		{name: "oidc without client id", change: func(c *Config) { withOIDC(c); c.OIDC.ClientID = "" }, want: "set together"},
		{name: "negative token cache", change: func(c *Config) { c.Auth.TokenCache = -1 }, want: "SIMPEG_AUTH_TOKEN_CACHE"},
		{name: "oidc without jwks", change: func(c *Config) { withOIDC(c); c.Auth.JWKSURL = "" }, want: "SIMPEG_AUTH_JWKS_URL"},
		{name: "oidc redirect elsewhere", change: func(c *Config) { withOIDC(c); c.OIDC.RedirectURL = "https://simpeg.example.id/callback" }, want: "SIMPEG_OIDC_REDIRECT_URL"},
		{name: "oidc redirect relative", change: func(c *Config) { withOIDC(c); c.OIDC.RedirectURL = "/auth/callback" }, want: "SIMPEG_OIDC_REDIRECT_URL"},
		{name: "oidc issuer not a URL", change: func(c *Config) { withOIDC(c); c.OIDC.Issuer = "keycloak" }, want: "SIMPEG_OIDC_ISSUER"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := testConfig("127.0.0.1:9090")
			tt.change(&c)
			err := c.Validate()
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("Validate = %v, want nil", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("Validate = %v, want an error about %s", err, tt.want)
			}
		})
	}

	t.Run("New refuses invalid", func(t *testing.T) {
		c := testConfig("127.0.0.1:9090")
		c.MaxBodyBytes = -1
		if _, err := New(t.Context(), c, nil); err == nil || !strings.Contains(err.Error(), "validating config") {
			t.Errorf("New = %v, want a validation error", err)
		}
	})
}

// TestTokensMatchAuthConfig keeps the gateway's token settings the services' own: the same
// variables with the same defaults, so one setting configures both.
func TestTokensMatchAuthConfig(t *testing.T) {
	ours, err := config.Describe(&Tokens{})
	if err != nil {
		t.Fatal(err)
	}
	theirs, err := config.Describe(&auth.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defaults := map[string]string{}
	for _, f := range theirs {
		defaults[f.Env] = f.Default
	}
	for _, f := range ours {
		d, ok := defaults[f.Env]
		if !ok {
			t.Errorf("%s is not a setting of platform/auth", f.Env)
		} else if d != f.Default {
			t.Errorf("%s default %q, the services' %q", f.Env, f.Default, d)
		}
	}
	c := auth.Config{Issuer: "i", Audience: "a", JWKSURL: "j", KeyFile: "k", MaxLifetime: time.Hour, MaxServiceLifetime: 2 * time.Hour, TokenCache: 7}
	back := TokensFrom(c).AuthConfig()
	c.KeyFile = ""
	if back != c {
		t.Errorf("TokensFrom(%+v).AuthConfig() = %+v", c, back)
	}
}
