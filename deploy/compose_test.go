package deploy_test

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/types"
)

// optionalServices have no health check, with the reason; nothing may wait for them to be
// healthy, and they run only in a profile.
var optionalServices = map[string]string{
	"otel-collector": "the collector image has no shell or HTTP client to run a check with",
}

// loadCompose loads docker-compose.yml as `docker compose` would, with every profile on and
// an empty environment (so the defaults of ${VAR:-default} are what is checked).
func loadCompose(t *testing.T) *types.Project {
	t.Helper()
	root, err := filepath.Abs(repoRoot)
	if err != nil {
		t.Fatal(err)
	}
	opts, err := cli.NewProjectOptions(
		[]string{filepath.Join(root, "docker-compose.yml")},
		cli.WithWorkingDirectory(root),
		cli.WithEnv(nil),
		cli.WithProfiles([]string{"*"}),
		cli.WithResolvedPaths(true),
		cli.WithConsistency(true),
		cli.WithLoadOptions(func(o *loader.Options) { o.SkipValidation = false }),
	)
	if err != nil {
		t.Fatal(err)
	}
	p, err := opts.LoadProject(context.Background())
	if err != nil {
		t.Fatalf("loading docker-compose.yml: %v", err)
	}
	if len(p.DisabledServices) > 0 {
		t.Fatalf("services left disabled with every profile on: %v", slices.Collect(mapKeys(p.DisabledServices)))
	}
	return p
}

func mapKeys[M ~map[K]V, K comparable, V any](m M) func(func(K) bool) {
	return func(yield func(K) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// composeBinaries maps each compose service that builds a simpeg image to its binary, by the
// Containerfile it builds.
func composeBinaries(t *testing.T, p *types.Project) map[string]*binary {
	t.Helper()
	root, _ := filepath.Abs(repoRoot)
	byFile := map[string]*binary{}
	for _, b := range binaries(t) {
		byFile[filepath.Join(root, b.containerfile)] = b
	}
	out := map[string]*binary{}
	for name, s := range p.Services {
		if s.Build == nil {
			continue
		}
		if s.Build.Context != root {
			t.Errorf("service %s: build context %s, want the repository root (the modules' replace directives reach across it)", name, s.Build.Context)
		}
		file := s.Build.Dockerfile
		if !filepath.IsAbs(file) {
			file = filepath.Join(s.Build.Context, file)
		}
		b, ok := byFile[file]
		if !ok {
			t.Errorf("service %s builds %s, which is no simpeg binary's Containerfile", name, file)
			continue
		}
		if _, err := os.Stat(file); err != nil {
			t.Errorf("service %s: %v", name, err)
		}
		out[name] = b
	}
	return out
}

func env(s types.ServiceConfig, name string) (string, bool) {
	v, ok := s.Environment[name]
	if !ok || v == nil {
		return "", false
	}
	return *v, true
}

func TestComposeServicesMatchBinaries(t *testing.T) {
	p := loadCompose(t)
	built := composeBinaries(t, p)
	for _, b := range binaries(t) {
		var services []string
		for name, sb := range built {
			if sb.name == b.name {
				services = append(services, name)
			}
		}
		switch {
		case b.distributed && len(services) != 1:
			t.Errorf("binary %s: want one compose service, have %v", b.name, services)
		case b.distributed && services[0] != b.name:
			t.Errorf("binary %s runs as compose service %q; name it %s (other files dial it by that name)", b.name, services[0], b.name)
		case !b.distributed && len(services) > 0:
			t.Errorf("binary %s is the one-machine binary, not part of the distributed compose deployment (%v)", b.name, services)
		}
	}
}

func TestComposeEnvironment(t *testing.T) {
	p := loadCompose(t)
	for name, b := range composeBinaries(t, p) {
		s := p.Services[name]
		cf := parseContainerfile(t, b.containerfile)
		for k := range s.Environment {
			if !b.reads(k) {
				t.Errorf("service %s sets %s, which %s does not read", name, k, b.name)
			}
		}
		for _, k := range b.required {
			if v, ok := env(s, k); !ok || v == "" {
				t.Errorf("service %s does not set %s", name, k)
			}
		}
		// Listen addresses: set in compose or by the image, on all interfaces.
		for _, k := range b.listen {
			v, ok := env(s, k)
			if !ok {
				v = cf.image().env[k]
			}
			if h, _ := hostPort(t, name+" "+k, v); h != "0.0.0.0" {
				t.Errorf("service %s: %s=%s, want 0.0.0.0:<port> in a container", name, k, v)
			}
		}
	}
}

func TestComposePlanningWiring(t *testing.T) {
	p := loadCompose(t)
	s := p.Services["planning"]

	dbURL, _ := env(s, "SIMPEG_DATABASE_URL")
	u, err := url.Parse(dbURL)
	if err != nil || u.Scheme != "postgres" {
		t.Fatalf("SIMPEG_DATABASE_URL %q: want postgres://", dbURL)
	}
	pg, ok := p.Services[u.Hostname()]
	if !ok {
		t.Fatalf("SIMPEG_DATABASE_URL names host %s, which is no compose service", u.Hostname())
	}
	pgEnv := func(k string) string { v, _ := env(pg, k); return v }
	if db := strings.TrimPrefix(u.Path, "/"); db != pgEnv("POSTGRES_DB") {
		t.Errorf("SIMPEG_DATABASE_URL names database %q; service %s makes %q (POSTGRES_DB)", db, u.Hostname(), pgEnv("POSTGRES_DB"))
	}
	if pw, _ := u.User.Password(); u.User.Username() != pgEnv("POSTGRES_USER") || pw != pgEnv("POSTGRES_PASSWORD") {
		t.Errorf("SIMPEG_DATABASE_URL user does not match POSTGRES_USER/POSTGRES_PASSWORD of %s", u.Hostname())
	}
	if u.Query().Get("sslmode") != "disable" {
		t.Errorf("SIMPEG_DATABASE_URL: the compose PostgreSQL has no TLS; want sslmode=disable")
	}

	natsURL, _ := env(s, "SIMPEG_NATS_URL")
	for _, one := range strings.Split(natsURL, ",") {
		nu, err := url.Parse(strings.TrimSpace(one))
		if err != nil || nu.Scheme != "nats" {
			t.Errorf("SIMPEG_NATS_URL %q: want nats://host:port", one)
			continue
		}
		ns, ok := p.Services[nu.Hostname()]
		if !ok {
			t.Errorf("SIMPEG_NATS_URL names host %s, which is no compose service", nu.Hostname())
			continue
		}
		if cmd := strings.Join(ns.Command, " "); !strings.Contains(cmd, "-js") {
			t.Errorf("service %s runs %q, without JetStream (-js)", nu.Hostname(), cmd)
		}
	}

	// Token key: a file secret mounted where SIMPEG_AUTH_KEY_FILE points.
	_, jwks := env(s, "SIMPEG_AUTH_JWKS_URL")
	keyFile, hasKey := env(s, "SIMPEG_AUTH_KEY_FILE")
	switch {
	case jwks:
	case !hasKey:
		t.Error("planning: set SIMPEG_AUTH_KEY_FILE or SIMPEG_AUTH_JWKS_URL; the default key path is not in the image")
	default:
		secret, ok := strings.CutPrefix(keyFile, "/run/secrets/")
		if !ok {
			t.Fatalf("SIMPEG_AUTH_KEY_FILE=%s: want a compose secret under /run/secrets/", keyFile)
		}
		found := false
		for _, ss := range s.Secrets {
			target := ss.Target
			if target == "" {
				target = ss.Source
			}
			if target == secret || target == keyFile {
				found = true
				root, _ := filepath.Abs(repoRoot)
				file := p.Secrets[ss.Source].File
				if want := filepath.Join(root, localPublicKey); file != want {
					t.Errorf("secret %s is file %s; the README makes %s", ss.Source, file, want)
				}
			}
		}
		if !found {
			t.Errorf("SIMPEG_AUTH_KEY_FILE=%s, but planning has no such secret", keyFile)
		}
	}
}

func TestComposeGatewayWiring(t *testing.T) {
	p := loadCompose(t)
	s := p.Services["gateway"]
	addr, _ := env(s, "SIMPEG_PLANNING_ADDR")
	host, port := hostPort(t, "SIMPEG_PLANNING_ADDR", addr)
	ps, ok := p.Services[host]
	if !ok {
		t.Fatalf("SIMPEG_PLANNING_ADDR=%s: %s is no compose service", addr, host)
	}
	grpcAddr, _ := env(ps, "SIMPEG_GRPC_ADDR")
	if _, want := hostPort(t, "planning SIMPEG_GRPC_ADDR", grpcAddr); port != want {
		t.Errorf("SIMPEG_PLANNING_ADDR=%s, but planning listens on %s", addr, grpcAddr)
	}
	if d, ok := s.DependsOn[host]; !ok || d.Condition != types.ServiceConditionHealthy {
		t.Errorf("gateway should wait for %s to be healthy", host)
	}
}

// hasHealthcheck reports whether the service's container has a health check: its own in the
// compose file, or its image's HEALTHCHECK when compose builds it. Third-party images are not
// inspected, so they need one in the compose file.
func hasHealthcheck(t *testing.T, s types.ServiceConfig, b *binary) bool {
	if s.HealthCheck != nil {
		return !s.HealthCheck.Disable && len(s.HealthCheck.Test) > 0 && s.HealthCheck.Test[0] != "NONE"
	}
	return b != nil && len(parseContainerfile(t, b.containerfile).image().healthcheck) > 0
}

func TestComposeHealthchecks(t *testing.T) {
	p := loadCompose(t)
	built := composeBinaries(t, p)
	for name, s := range p.Services {
		healthy := hasHealthcheck(t, s, built[name])
		if reason, optional := optionalServices[name]; optional {
			if healthy {
				t.Errorf("service %s has a health check now; take it out of optionalServices", name)
			}
			if len(s.Profiles) == 0 {
				t.Errorf("service %s has no health check (%s), so it must be optional: give it a profile", name, reason)
			}
		} else if !healthy {
			t.Errorf("service %s has no health check", name)
		}
		for dep, d := range s.DependsOn {
			ds, ok := p.Services[dep]
			if !ok {
				t.Errorf("service %s depends on unknown service %s", name, dep)
				continue
			}
			if d.Condition == types.ServiceConditionHealthy && !hasHealthcheck(t, ds, built[dep]) {
				t.Errorf("service %s waits for %s to be healthy, which has no health check", name, dep)
			}
			if _, optional := optionalServices[dep]; optional {
				t.Errorf("service %s depends on the optional %s", name, dep)
			}
		}
	}
}

func TestComposePorts(t *testing.T) {
	p := loadCompose(t)
	built := composeBinaries(t, p)
	published := map[string]string{}
	for name, s := range p.Services {
		if len(s.Ports) > 0 && s.GetScale() > 1 {
			t.Errorf("service %s has %d replicas and publishes ports: they would collide on the host", name, s.GetScale())
		}
		for _, pc := range s.Ports {
			if pc.Published == "" {
				continue
			}
			proto := pc.Protocol
			if proto == "" {
				proto = "tcp"
			}
			key := fmt.Sprintf("%s:%s/%s", pc.HostIP, pc.Published, proto)
			if pc.HostIP != "" {
				// A port on all interfaces collides with the same port on one of them.
				if other, dup := published[fmt.Sprintf(":%s/%s", pc.Published, proto)]; dup {
					t.Errorf("host port %s of %s is published by %s too", key, name, other)
				}
			}
			if other, dup := published[key]; dup {
				t.Errorf("host port %s is published by both %s and %s", key, other, name)
			}
			published[key] = name
			// A published port of a simpeg service is one it listens on.
			if b, ok := built[name]; ok {
				listens := false
				for _, k := range b.listen {
					if v, ok := env(s, k); ok {
						if _, port := hostPort(t, k, v); uint32(port) == pc.Target {
							listens = true
						}
					}
				}
				if !listens {
					t.Errorf("service %s publishes container port %d, on which it does not listen", name, pc.Target)
				}
			}
		}
	}
}

func TestComposeFilesExist(t *testing.T) {
	p := loadCompose(t)
	for name, s := range p.Services {
		for _, v := range s.Volumes {
			if v.Type != types.VolumeTypeBind {
				continue
			}
			if _, err := os.Stat(v.Source); err != nil {
				t.Errorf("service %s mounts %s: %v", name, v.Source, err)
			}
		}
	}
}
