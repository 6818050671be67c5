package deploy_test

import (
	"context"
	"fmt"
	"maps"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
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
// an empty environment (so the defaults of ${VAR:-default} are what is checked). The services'
// env_files are not read: they are the README's local credentials (localEnvFiles), absent here
// and different on every machine; TestComposeEnvFiles checks what they hold instead.
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
		cli.WithoutEnvironmentResolution,
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
		t.Fatalf("services left disabled with every profile on: %v", slices.Collect(maps.Keys(p.DisabledServices)))
	}
	return p
}

// composeBinaries maps each compose service that builds a simpeg image to its binary: the
// service builds deploy/Containerfile with the build argument SERVICE naming the binary.
func composeBinaries(t *testing.T, p *types.Project) map[string]*binary {
	t.Helper()
	root := rootAbs(t)
	byName := map[string]*binary{}
	for _, b := range binaries(t) {
		byName[b.name] = b
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
		if file != filepath.Join(root, containerfilePath) {
			t.Errorf("service %s builds %s, want %s", name, file, containerfilePath)
			continue
		}
		arg := s.Build.Args["SERVICE"]
		if arg == nil {
			t.Errorf("service %s: no build argument SERVICE", name)
			continue
		}
		b, ok := byName[*arg]
		if !ok {
			t.Errorf("service %s builds SERVICE=%s, which is no simpeg binary", name, *arg)
			continue
		}
		if want := "simpeg/" + b.name + ":"; !strings.HasPrefix(s.Image, want) {
			t.Errorf("service %s: image %q, want %s<tag>", name, s.Image, want)
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
		cf := imageOf(t, b)
		for k := range s.Environment {
			if !b.reads(k) {
				t.Errorf("service %s sets %s, which %s does not read", name, k, b.name)
			}
		}
		for _, k := range b.required {
			if v, ok := env(s, k); (!ok || v == "") && envFileFor(p, s, k) == nil {
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
		// What the container gets: the image's ENV, then the compose environment.
		all := maps.Clone(cf.image().env)
		for k := range s.Environment {
			all[k], _ = env(s, k)
		}
		checkSettings(t, "service "+name, b, all, true)
		// The image's health check probes the image's port: moving it needs a check of
		// the service's own.
		if v, ok := env(s, b.serves); ok && s.HealthCheck == nil {
			_, port := hostPort(t, name+" "+b.serves, v)
			if _, want := hostPort(t, containerfilePath+" "+b.serves, cf.image().env[b.serves]); port != want {
				t.Errorf("service %s: %s=%s, but the image's HEALTHCHECK probes port %d; keep the port or give the service a healthcheck", name, b.serves, v, want)
			}
		}
	}
}

// envFileFor returns the README's local env file that gives s the variable, nil if none does.
func envFileFor(p *types.Project, s types.ServiceConfig, name string) *localEnvFile {
	for _, ef := range s.EnvFiles {
		if lf := localEnvFileAt(p, ef.Path); lf != nil && lf.name == name && bool(ef.Required) {
			return lf
		}
	}
	return nil
}

// localEnvFileAt returns the README's local env file at path (as the loader resolved it).
func localEnvFileAt(p *types.Project, path string) *localEnvFile {
	for i, lf := range localEnvFiles {
		if filepath.Join(p.WorkingDir, lf.path) == path {
			return &localEnvFiles[i]
		}
	}
	return nil
}

// TestComposeEnvFiles checks the env_files: each is one the README's setup writes under
// deploy/local (ignored by git, left out of the builds), required (compose refuses to start
// without it, rather than starting a service without its credential), holding a variable its
// binary reads and the compose file does not override.
func TestComposeEnvFiles(t *testing.T) {
	p := loadCompose(t)
	built := composeBinaries(t, p)
	used := map[string]bool{}
	for name, s := range p.Services {
		for _, ef := range s.EnvFiles {
			lf := localEnvFileAt(p, ef.Path)
			if lf == nil {
				t.Errorf("service %s reads env_file %s, which is none of the README's local files %v", name, ef.Path, localEnvFiles)
				continue
			}
			used[lf.path] = true
			if !bool(ef.Required) {
				t.Errorf("service %s: env_file %s is optional; make it required, so compose refuses to start without %s", name, lf.path, lf.name)
			}
			if b := built[name]; (b == nil || !b.reads(lf.name)) && !(name == composeNATS && slices.Contains(natsKeyFiles(), *lf)) {
				t.Errorf("service %s reads %s for %s, which it does not read", name, lf.path, lf.name)
			}
			if _, ok := s.Environment[lf.name]; ok {
				t.Errorf("service %s sets %s in environment, which overrides its env_file %s", name, lf.name, lf.path)
			}
		}
	}
	for _, lf := range localEnvFiles {
		if !strings.HasPrefix(lf.path, localDataDir+"/") {
			t.Errorf("%s is not under %s, which git and the image builds leave out", lf.path, localDataDir)
		}
		if !used[lf.path] {
			t.Errorf("no compose service reads %s; drop it from localEnvFiles and the README", lf.path)
		}
	}
}

// databaseServices are the distributed binaries that keep data: they get a database, NATS and
// the token key.
func databaseServices(t *testing.T) []*binary {
	var out []*binary
	for _, b := range binaries(t) {
		if b.distributed && b.database != "" {
			out = append(out, b)
		}
	}
	if len(out) == 0 {
		t.Fatal("no distributed binary keeps a database")
	}
	return out
}

// postgresDatabases returns the databases the postgres service pg makes on its first start:
// POSTGRES_DB, and those its init scripts in /docker-entrypoint-initdb.d create.
func postgresDatabases(t *testing.T, name string, pg types.ServiceConfig) map[string]string {
	t.Helper()
	out := map[string]string{}
	if db, ok := env(pg, "POSTGRES_DB"); ok && db != "" {
		out[db] = "POSTGRES_DB"
	}
	for _, v := range pg.Volumes {
		if path.Dir(v.Target) != "/docker-entrypoint-initdb.d" {
			continue
		}
		if v.Type != types.VolumeTypeBind || path.Ext(v.Target) != ".sql" {
			t.Errorf("service %s: %s is not an SQL file of the repository; this test reads only those", name, v.Target)
			continue
		}
		raw, err := os.ReadFile(v.Source)
		if err != nil {
			t.Errorf("service %s: %v", name, err)
			continue
		}
		rel, _ := filepath.Rel(rootAbs(t), v.Source)
		for _, m := range createDatabase.FindAllStringSubmatch(string(raw), -1) {
			out[m[1]] = rel
		}
	}
	return out
}

var createDatabase = regexp.MustCompile(`(?im)^\s*CREATE\s+DATABASE\s+"?([a-z_][a-z0-9_]*)"?\s*;`)

// rootAbs is the repository root, absolute.
func rootAbs(t *testing.T) string {
	root, err := filepath.Abs(repoRoot)
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// dependsHealthy reports whether s waits for dep to be healthy.
func dependsHealthy(s types.ServiceConfig, dep string) bool {
	d, ok := s.DependsOn[dep]
	return ok && d.Condition == types.ServiceConditionHealthy
}

// TestComposeServiceWiring checks each service's database, NATS and token key.
func TestComposeServiceWiring(t *testing.T) {
	p := loadCompose(t)
	owner := map[string]string{} // database → the service using it
	for _, b := range databaseServices(t) {
		t.Run(b.name, func(t *testing.T) {
			s, ok := p.Services[b.name]
			if !ok {
				t.Fatalf("no compose service %s", b.name)
			}

			dbURL, _ := env(s, b.database)
			u, err := url.Parse(dbURL)
			if err != nil || u.Scheme != "postgres" {
				t.Fatalf("%s %q: want postgres://", b.database, dbURL)
			}
			pg, ok := p.Services[u.Hostname()]
			if !ok {
				t.Fatalf("%s names host %s, which is no compose service", b.database, u.Hostname())
			}
			pgEnv := func(k string) string { v, _ := env(pg, k); return v }
			db := strings.TrimPrefix(u.Path, "/")
			made := postgresDatabases(t, u.Hostname(), pg)
			if _, ok := made[db]; !ok {
				t.Errorf("%s names database %q; service %s makes %v (POSTGRES_DB and the CREATE DATABASE of its /docker-entrypoint-initdb.d scripts)", b.database, db, u.Hostname(), slices.Sorted(maps.Keys(made)))
			}
			if other, dup := owner[db]; dup {
				t.Errorf("database %q is used by %s too; each service keeps a database of its own", db, other)
			}
			owner[db] = b.name
			if pw, _ := u.User.Password(); u.User.Username() != pgEnv("POSTGRES_USER") || pw != pgEnv("POSTGRES_PASSWORD") {
				t.Errorf("%s: the user does not match POSTGRES_USER/POSTGRES_PASSWORD of %s", b.database, u.Hostname())
			}
			if u.Query().Get("sslmode") != "disable" {
				t.Errorf("%s: the compose PostgreSQL has no TLS; want sslmode=disable", b.database)
			}
			if !dependsHealthy(s, u.Hostname()) {
				t.Errorf("%s should wait for %s to be healthy", b.name, u.Hostname())
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
				if opts := composeNATSOptions(t, p, nu.Hostname(), ns); !opts.JetStream {
					t.Errorf("service %s runs NATS without JetStream", nu.Hostname())
				}
				if !dependsHealthy(s, nu.Hostname()) {
					t.Errorf("%s should wait for %s to be healthy", b.name, nu.Hostname())
				}
			}

			// Token key: a file secret mounted where SIMPEG_AUTH_KEY_FILE points.
			_, jwks := env(s, "SIMPEG_AUTH_JWKS_URL")
			keyFile, hasKey := env(s, "SIMPEG_AUTH_KEY_FILE")
			switch {
			case jwks:
			case !hasKey:
				t.Errorf("%s: set SIMPEG_AUTH_KEY_FILE or SIMPEG_AUTH_JWKS_URL; the default key path is not in the image", b.name)
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
						file := p.Secrets[ss.Source].File
						if want := filepath.Join(rootAbs(t), localPublicKey); file != want {
							t.Errorf("secret %s is file %s; the README makes %s", ss.Source, file, want)
						}
					}
				}
				if !found {
					t.Errorf("SIMPEG_AUTH_KEY_FILE=%s, but %s has no such secret", keyFile, b.name)
				}
			}
		})
	}
}

// TestComposeDials checks that every gRPC address a service dials reaches the service it
// names, on its gRPC port, and that the caller waits for it to be healthy, unless it calls
// it late (the called service waits for the caller).
func TestComposeDials(t *testing.T) {
	p := loadCompose(t)
	built := composeBinaries(t, p)
	for name, b := range built {
		s := p.Services[name]
		for k, target := range b.dials {
			addr, _ := env(s, k)
			host, port := hostPort(t, name+" "+k, addr)
			ts, ok := p.Services[host]
			if !ok {
				t.Errorf("%s: %s=%s: %s is no compose service", name, k, addr, host)
				continue
			}
			if tb := built[host]; tb == nil || tb.name != target {
				t.Errorf("%s: %s=%s names service %s, which does not run %s", name, k, addr, host, target)
				continue
			}
			tb := built[host]
			listen, ok := env(ts, tb.serves)
			if !ok {
				listen = imageOf(t, tb).image().env[tb.serves]
			}
			if _, want := hostPort(t, host+" "+tb.serves, listen); port != want {
				t.Errorf("%s: %s=%s, but %s listens on %s", name, k, addr, host, listen)
			}
			switch {
			case b.late[k] && dependsHealthy(s, host):
				t.Errorf("%s waits for %s, which it calls late: %s calls it and waits for it, a cycle", name, host, host)
			case !b.late[k] && !dependsHealthy(s, host):
				t.Errorf("%s should wait for %s to be healthy", name, host)
			}
		}
	}
}

// hasHealthcheck reports whether the service's container has a health check: its own in the
// compose file, or its image's HEALTHCHECK when compose builds it. Third-party images are not
// inspected, so they need one in the compose file.
func hasHealthcheck(t *testing.T, s types.ServiceConfig, b *binary) bool {
	if s.HealthCheck != nil {
		return !s.HealthCheck.Disable && len(s.HealthCheck.Test) > 0 && s.HealthCheck.Test[0] != "NONE"
	}
	return b != nil && len(imageOf(t, b).image().healthcheck) > 0
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
