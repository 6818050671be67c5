package main

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"

	"github.com/simpeg-id/simpeg/gateway"
	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/bus"
	"github.com/simpeg-id/simpeg/platform/config"
	"github.com/simpeg-id/simpeg/platform/service"
	"github.com/simpeg-id/simpeg/services/planning"
)

// Config is the all-in-one binary's own configuration. Each service's settings are read from
// the service's own Config, under the service's name (Settings); where a setting has the same
// name as in another binary it means the same thing.
type Config struct {
	DataDir          string `env:"SIMPEG_DATA_DIR" default:"data" help:"directory for the SQLite files, the embedded NATS store and the local signing key"`
	NATSURL          string `env:"SIMPEG_NATS_URL" secret:"true" help:"an external NATS server or cluster; empty runs an embedded one"`
	EmbeddedNATSAddr string `env:"SIMPEG_EMBEDDED_NATS_ADDR" default:"127.0.0.1:4223" help:"listen address of the embedded NATS server"`
	Gateway          gateway.HTTP
	service.Common
	Auth auth.Config
}

// ownDefaults are the all-in-one binary's defaults where they differ from the tags': the local
// signing key lives under the data directory, and the people's tokens its local signer mints
// (simpeg token, 12 h by default) live at most 12 h, not the 24 h allowed for an OpenID
// Connect provider's.
var ownDefaults = map[string]string{"SIMPEG_AUTH_KEY_FILE": "", "SIMPEG_AUTH_MAX_TOKEN_LIFETIME": "12h"}

// KeyFile is the local signing key of the embedded deployment.
func (c Config) KeyFile() string {
	if c.Auth.KeyFile != "" {
		return c.Auth.KeyFile
	}
	return filepath.Join(c.DataDir, "keys", "signing-key.pem")
}

// Settings are all the settings of `simpeg run` and `simpeg migrate`: the binary's own, each
// service's (from its own Config, under its name) and, for each service another one calls,
// the token used when tokens come from an OpenID Connect provider.
type Settings struct {
	Config
	// Services are the services' settings, in the order of the services table.
	Services []service.Settings
	// Tokens are the SIMPEG_<NAME>_TOKEN settings by called service.
	Tokens map[string]*Token
	// natsGuests are NATS clients the embedded server admits besides the services. Only tests
	// set it (to watch the streams); the binary admits the services alone.
	natsGuests []bus.User
}

// Token is the bearer token the services calling a service use when SIMPEG_AUTH_JWKS_URL is
// set. With the local key the binary issues it.
type Token struct {
	Token string `env:"SIMPEG_{SERVICE}_TOKEN" secret:"true" help:"bearer token (role service) of the services that call the {service} service, when tokens come from SIMPEG_AUTH_JWKS_URL; with the local key the binary issues it"`
}

// newSettings returns the zero settings of every service in the table.
func newSettings() *Settings {
	s := &Settings{Tokens: map[string]*Token{}}
	for _, newService := range services {
		svc := newService()
		s.Services = append(s.Services, svc)
		spec := svc.Spec()
		for _, called := range []map[string]service.Upstream{spec.Needs, spec.Calls} {
			for name := range called {
				s.Tokens[name] = &Token{}
			}
		}
	}
	return s
}

// targets are the structs the settings are read into, for config.Loader and config.Describe.
func (s *Settings) targets() []any {
	t := []any{&s.Config}
	for _, svc := range s.Services {
		t = append(t, config.Scoped(svc.Spec().Name, &svc.Base().Instance), config.Scoped(svc.Spec().Name, &svc.Base().NATS))
		if own := svc.Own(); own != nil {
			t = append(t, own)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(s.Tokens)) {
		t = append(t, config.Scoped(name, s.Tokens[name]))
	}
	return t
}

// loadSettings reads the settings from the environment and args. The unprefixed names the
// binary read before (SIMPEG_DATABASE_URL, …) are planning's, for one more release.
func loadSettings(name string, args []string) (*Settings, []config.Renamed, error) {
	s := newSettings()
	l := config.Loader{Name: name, Defaults: ownDefaults, Renames: service.LegacyNames(planning.Name)}
	renamed, err := l.Load(args, s.targets()...)
	if err != nil {
		return nil, nil, err
	}
	return s, renamed, nil
}

// Validate checks what the parts do not check themselves, completes every service's settings
// with the shared ones and lets each service check its own.
func (s *Settings) Validate() error {
	var errList []error
	if s.DataDir == "" {
		errList = append(errList, errors.New("SIMPEG_DATA_DIR is empty"))
	}
	if s.NATSURL == "" && s.EmbeddedNATSAddr == "" {
		errList = append(errList, errors.New("set SIMPEG_NATS_URL or SIMPEG_EMBEDDED_NATS_ADDR"))
	}
	// Checked here once rather than by each service after complete shares it: one error, not four.
	if err := s.Database.Check(); err != nil {
		errList = append(errList, err)
	}
	var withDB, withoutDB []string
	for _, svc := range s.Services {
		name, b := svc.Spec().Name, svc.Base()
		if b.MetricsAddr != "" && b.MetricsAddr == s.Gateway.MetricsAddr {
			errList = append(errList, fmt.Errorf("the metrics addresses of %s and of the gateway are both %s", name, b.MetricsAddr))
		}
		setting := "SIMPEG_" + strings.ToUpper(name) + "_DATABASE_URL"
		if b.DatabaseURL != "" {
			withDB = append(withDB, setting)
		} else {
			withoutDB = append(withoutDB, setting)
		}
	}
	if len(withDB) > 0 && len(withoutDB) > 0 {
		errList = append(errList, fmt.Errorf("%s required when %s set: each service keeps its own database",
			strings.Join(withoutDB, ", "), strings.Join(withDB, ", ")))
	}
	if len(errList) > 0 {
		return errors.Join(errList...)
	}
	s.complete(cmp.Or(s.NATSURL, "nats://"+s.EmbeddedNATSAddr))
	for _, svc := range s.Services {
		if err := svc.Validate(); err != nil {
			errList = append(errList, fmt.Errorf("%s: %w", svc.Spec().Name, err))
		}
	}
	return errors.Join(errList...)
}

// complete gives every service the shared settings, natsURL as its NATS server, its SQLite
// file under the data directory when it has no database URL, and the data directory itself to
// a service that keeps files there (dataDirUser).
func (s *Settings) complete(natsURL string) {
	for _, svc := range s.Services {
		b := svc.Base()
		b.NATSURL, b.Common, b.Auth = natsURL, s.Common, s.Auth
		b.Auth.KeyFile = s.KeyFile()
		b.DefaultDatabase(s.DataDir, svc.Spec().Name)
		if d, ok := svc.(dataDirUser); ok {
			d.UseDataDir(s.DataDir)
		}
	}
}

// runs reports whether the binary runs the service called name.
func (s *Settings) runs(name string) bool {
	return slices.ContainsFunc(s.Services, func(svc service.Settings) bool { return svc.Spec().Name == name })
}

// dataDirUser is a service's settings that default a file to the one-process deployment's data
// directory, as the binary's own signing key does: training's certificate signing key.
type dataDirUser interface{ UseDataDir(dir string) }
