package deploy_test

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/compose-spec/compose-go/v2/types"
	"github.com/nats-io/nats-server/v2/server"
)

// composeNATS is docker-compose.yml's NATS service.
const composeNATS = "nats"

// composeSeedsChmod is the README's and the compose header's step that lets the containers'
// user read the seeds while no other user of the host reaches deploy/local.
const composeSeedsChmod = "chmod 0700 " + localDataDir + " && chmod 0644 " + localDataDir + "/*.nk"

// composeNATSOptions parses the configuration the compose NATS service runs (-c <file>, bind
// mounted from deploy/nats) as the server would, with every service's public key set as its
// env_files set them. Only commands of the form -c <file> are understood.
func composeNATSOptions(t *testing.T, p *types.Project, name string, s types.ServiceConfig) *server.Options {
	t.Helper()
	if len(s.Command) != 2 || s.Command[0] != "-c" {
		t.Fatalf("service %s runs %q; want -c <configuration file>, which this test parses", name, s.Command)
	}
	var source string
	for _, v := range s.Volumes {
		if v.Type == types.VolumeTypeBind && v.Target == s.Command[1] {
			source = v.Source
		}
	}
	rel, err := filepath.Rel(rootAbs(t), source)
	if source == "" || err != nil || filepath.ToSlash(rel) != natsComposeConf {
		t.Fatalf("service %s: %s is not %s, bind mounted", name, s.Command[1], natsComposeConf)
	}
	// What it includes is mounted beside it.
	for _, inc := range []string{natsAuthConf} {
		want := filepath.Join(filepath.Dir(source), inc)
		if !slices.ContainsFunc(s.Volumes, func(v types.ServiceVolumeConfig) bool {
			return v.Source == want && v.Target == filepath.ToSlash(filepath.Join(filepath.Dir(s.Command[1]), inc)) && v.ReadOnly
		}) {
			t.Errorf("service %s: %s includes %s, which is not mounted read-only beside it", name, natsComposeConf, inc)
		}
	}
	setNATSKeys(t)
	opts, _ := loadNATSConf(t, natsComposeConf)
	return opts
}

// TestComposeNATSIdentities checks the compose NATS and the services' identities: NATS admits
// exactly the services (auth.conf, with each public key from a required deploy/local env file
// that the README's simpeg nkey command writes) with their permissions; each service reads its
// seed, the file that same command wrote, from a compose secret.
func TestComposeNATSIdentities(t *testing.T) {
	p := loadCompose(t)
	ns, ok := p.Services[composeNATS]
	if !ok {
		t.Fatalf("no compose service %s", composeNATS)
	}
	keys := setNATSKeys(t)
	opts := composeNATSOptions(t, p, composeNATS, ns)
	// composeNATSOptions set new keys; parse again with the ones this test knows.
	for pub, svc := range keys {
		t.Setenv(natsKeyEnv(svc), pub)
	}
	opts, _ = loadNATSConf(t, natsComposeConf)
	checkNATSUsers(t, "compose "+natsComposeConf, opts, keys)
	if opts.HTTPPort != 8222 || ns.HealthCheck == nil || !strings.Contains(strings.Join(ns.HealthCheck.Test, " "), "127.0.0.1:8222/healthz") {
		t.Errorf("service %s: the health check should ask /healthz on the monitoring port (%d)", composeNATS, opts.HTTPPort)
	}

	readme, header := readFile(t, readmePath), readFile(t, "docker-compose.yml")
	for _, doc := range []struct{ name, text string }{{readmePath, readme}, {"docker-compose.yml's header", header}} {
		if !strings.Contains(doc.text, composeSeedsChmod) {
			t.Errorf("%s does not say %q", doc.name, composeSeedsChmod)
		}
	}
	for _, b := range databaseServices(t) {
		var kf *localEnvFile
		for i, f := range natsKeyFiles() {
			if f.name == natsKeyEnv(b.name) {
				kf = &natsKeyFiles()[i]
			}
		}
		if kf == nil || !slices.ContainsFunc(ns.EnvFiles, func(ef types.EnvFile) bool {
			return ef.Path == filepath.Join(p.WorkingDir, kf.path) && bool(ef.Required)
		}) {
			t.Errorf("service %s does not read %s's public key from a required env_file", composeNATS, b.name)
		}

		s := p.Services[b.name]
		setting := serviceEnv(b.name, "NATS_NKEY_SEED_FILE")
		file, _ := env(s, setting)
		secret, ok := strings.CutPrefix(file, "/run/secrets/")
		if !ok {
			t.Errorf("service %s: %s=%q, want a compose secret under /run/secrets/", b.name, setting, file)
			continue
		}
		found := false
		for _, ss := range s.Secrets {
			target := ss.Target
			if target == "" {
				target = ss.Source
			}
			if target != secret && target != file {
				continue
			}
			found = true
			if got, want := p.Secrets[ss.Source].File, filepath.Join(p.WorkingDir, localSeedFile(b.name)); got != want {
				t.Errorf("service %s: secret %s is file %s; %q writes %s", b.name, ss.Source, got, nkeyCommand(b.name), want)
			}
		}
		if !found {
			t.Errorf("service %s: %s=%s, but it has no such secret", b.name, setting, file)
		}
		if u, _ := env(s, "SIMPEG_NATS_URL"); !strings.HasPrefix(u, "nats://") {
			t.Errorf("service %s: SIMPEG_NATS_URL=%q; the compose NATS has no TLS (its network is the project's only)", b.name, u)
		}
	}
	if len(ns.Ports) > 0 {
		t.Errorf("service %s publishes ports on the host; keep NATS on the project's network", composeNATS)
	}
}
