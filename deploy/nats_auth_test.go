package deploy_test

import (
	"fmt"
	"path"
	"slices"
	"strings"
	"testing"

	"github.com/nats-io/nats-server/v2/server"
	corev1 "k8s.io/api/core/v1"

	"github.com/simpeg-id/simpeg/platform/bus"
	"github.com/simpeg-id/simpeg/platform/service"
	"github.com/simpeg-id/simpeg/services/attendance"
	"github.com/simpeg-id/simpeg/services/evaluation"
	"github.com/simpeg-id/simpeg/services/planning"
	"github.com/simpeg-id/simpeg/services/training"
)

// natsComposeConf is docker-compose.yml's single NATS server; it includes the same auth.conf as
// natsConf.
const natsComposeConf = "deploy/nats/nats.conf"

// natsKeyEnv is the environment variable deploy/nats/auth.conf reads service's public NKey from.
func natsKeyEnv(name string) string { return "NATS_" + strings.ToUpper(name) + "_NKEY" }

// natsSpecs are the services' Specs, whose Follows give their NATS permissions. One line per
// service of the binaries table (TestNATSSpecsMatchBinaries).
func natsSpecs() []service.Spec {
	return []service.Spec{planning.Spec(), new(attendance.Config).Spec(), new(training.Config).Spec(), new(evaluation.Config).Spec()}
}

func TestNATSSpecsMatchBinaries(t *testing.T) {
	var names, want []string
	for _, s := range natsSpecs() {
		names = append(names, s.Name)
	}
	for _, b := range databaseServices(t) {
		want = append(want, b.name)
	}
	if !slices.Equal(sorted(names), sorted(want)) {
		t.Errorf("natsSpecs are %v; the services of the binaries table are %v", names, want)
	}
}

// setNATSKeys gives every service a new NKey in the environment deploy/nats/auth.conf reads,
// returning public key → service.
func setNATSKeys(t *testing.T) map[string]string {
	t.Helper()
	keys := map[string]string{}
	for _, spec := range natsSpecs() {
		_, pub, err := bus.NewSeed()
		if err != nil {
			t.Fatal(err)
		}
		keys[pub] = spec.Name
		t.Setenv(natsKeyEnv(spec.Name), pub)
	}
	return keys
}

// checkNATSUsers checks that the parsed configuration admits only the services, each with its
// own NKey (keys: public key → service) and exactly the permissions the code derives
// (bus.ServicePermissions with the service's Spec.Follows).
func checkNATSUsers(t *testing.T, where string, opts *server.Options, keys map[string]string) {
	t.Helper()
	specs := natsSpecs()
	if len(opts.Users) > 0 || opts.NoAuthUser != "" || opts.Username != "" || opts.Authorization != "" {
		t.Errorf("%s admits clients without an nkey (users %d, no_auth_user %q)", where, len(opts.Users), opts.NoAuthUser)
	}
	if len(opts.Nkeys) != len(specs) {
		t.Fatalf("%s has %d nkey users, want one per service (%d)", where, len(opts.Nkeys), len(specs))
	}
	for _, u := range opts.Nkeys {
		name, ok := keys[u.Nkey]
		if !ok {
			t.Errorf("%s: nkey user %s is no service's", where, u.Nkey)
			continue
		}
		spec := specs[slices.IndexFunc(specs, func(s service.Spec) bool { return s.Name == name })]
		want := bus.ServicePermissions("", spec.Name, spec.Follows...)
		if u.Permissions == nil || u.Permissions.Publish == nil || u.Permissions.Subscribe == nil {
			t.Errorf("%s: %s has no permissions: it could publish anything", where, name)
			continue
		}
		if got := u.Permissions.Publish.Allow; !slices.Equal(sorted(got), sorted(want.Publish)) {
			t.Errorf("%s: %s may publish %v, want %v", where, name, got, want.Publish)
		}
		if got := u.Permissions.Subscribe.Allow; !slices.Equal(sorted(got), sorted(want.Subscribe)) {
			t.Errorf("%s: %s may subscribe %v, want %v", where, name, got, want.Subscribe)
		}
	}
}

// TestNATSAuthorization parses both NATS configurations (the cluster's and compose's, which
// share auth.conf) with nats-server's parser and checks that they admit only the services, each
// with its own NKey and exactly its permissions: no user without a key, no no_auth_user,
// nothing to publish beyond its own subjects.
func TestNATSAuthorization(t *testing.T) {
	keys := setNATSKeys(t)
	t.Setenv("SERVER_NAME", "nats-0")
	for _, conf := range []string{natsConf, natsComposeConf} {
		opts, _ := loadNATSConf(t, conf)
		checkNATSUsers(t, conf, opts, keys)
	}
}

func sorted(s []string) []string { return slices.Sorted(slices.Values(s)) }

// secretVolumeFile returns the Secret and key behind file in container c of pod: a volume of
// a Secret mounted at the file's directory, projecting the key under the file's name, and the
// file's mode.
func secretVolumeFile(pod corev1.PodSpec, c corev1.Container, file string) (secret, key string, mode int32, ok bool) {
	dir, base := path.Dir(file), path.Base(file)
	mi := slices.IndexFunc(c.VolumeMounts, func(vm corev1.VolumeMount) bool { return vm.MountPath == dir })
	if mi < 0 || !c.VolumeMounts[mi].ReadOnly {
		return "", "", 0, false
	}
	vi := slices.IndexFunc(pod.Volumes, func(v corev1.Volume) bool { return v.Name == c.VolumeMounts[mi].Name })
	if vi < 0 || pod.Volumes[vi].Secret == nil {
		return "", "", 0, false
	}
	sv := pod.Volumes[vi].Secret
	mode = 0o644 // the API's default
	if sv.DefaultMode != nil {
		mode = *sv.DefaultMode
	}
	if len(sv.Items) == 0 {
		return sv.SecretName, base, mode, true
	}
	for _, it := range sv.Items {
		if it.Path == base {
			if it.Mode != nil {
				mode = *it.Mode
			}
			return sv.SecretName, it.Key, mode, true
		}
	}
	return "", "", 0, false
}

// TestK8sNATSIdentities checks that every service of the binaries table runs with its own NATS
// identity: SIMPEG_<SERVICE>_NATS_NKEY_SEED_FILE names a file of its own Secret
// <service>-nats-nkey (key seed), mounted read-only and readable by the service's group only,
// and NATS gets exactly the services' public keys from the Secret nats-nkeys; the README makes
// both Secrets.
func TestK8sNATSIdentities(t *testing.T) {
	m := loadManifests(t)
	readme := readFile(t, readmePath)
	ss := m.statefulSets["nats"]
	if ss == nil {
		t.Fatal("no StatefulSet nats")
	}
	natsEnv := map[string]corev1.EnvVar{}
	for _, e := range ss.Spec.Template.Spec.Containers[0].Env {
		if strings.HasPrefix(e.Name, "NATS_") && strings.HasSuffix(e.Name, "_NKEY") {
			natsEnv[e.Name] = e
		}
	}
	seeds := map[string]string{}
	for _, b := range databaseServices(t) {
		d := m.deployments[b.name]
		if d == nil {
			t.Errorf("no Deployment %s", b.name)
			continue
		}
		pod, c := d.Spec.Template.Spec, d.Spec.Template.Spec.Containers[0]
		setting := serviceEnv(b.name, "NATS_NKEY_SEED_FILE")
		if !b.env[setting] {
			t.Fatalf("%s does not read %s", b.name, setting)
		}
		file := m.podEnv(t, b.name, c)[setting]
		if !path.IsAbs(file) {
			t.Errorf("Deployment %s: %s=%q, want the path of the mounted seed", b.name, setting, file)
			continue
		}
		secret, key, mode, ok := secretVolumeFile(pod, c, file)
		if !ok {
			t.Errorf("Deployment %s: %s=%s is no file of a Secret volume mounted read-only", b.name, setting, file)
			continue
		}
		if want := b.name + "-nats-nkey"; secret != want || key != "seed" {
			t.Errorf("Deployment %s: the seed is key %s of Secret %s, want key seed of %s", b.name, key, secret, want)
		}
		if other, dup := seeds[secret]; dup {
			t.Errorf("Deployments %s and %s share the seed Secret %s", other, b.name, secret)
		}
		seeds[secret] = b.name
		// Readable by the owner (root) and the group (fsGroup, the service's), nobody else;
		// writable by no one.
		if mode&0o037 != 0 || mode&0o040 == 0 {
			t.Errorf("Deployment %s: the seed has mode %#o; want 0440 (group read for fsGroup, nothing for others)", b.name, mode)
		}
		sc := pod.SecurityContext
		if sc == nil || sc.FSGroup == nil || sc.RunAsGroup == nil || *sc.FSGroup != *sc.RunAsGroup {
			t.Errorf("Deployment %s: want fsGroup equal to runAsGroup, so the service's group reads its seed", b.name)
		}
		if recipe := fmt.Sprintf("kubectl -n simpeg create secret generic %s --from-file=%s=%s/%s.nk", secret, key, localDataDir, b.name); !strings.Contains(readme, recipe) {
			t.Errorf("%s should tell to run %q", readmePath, recipe)
		}

		// NATS knows its public key.
		e, ok := natsEnv[natsKeyEnv(b.name)]
		delete(natsEnv, natsKeyEnv(b.name))
		switch {
		case !ok:
			t.Errorf("StatefulSet nats does not set %s, the public key of %s", natsKeyEnv(b.name), b.name)
		case e.ValueFrom == nil || e.ValueFrom.SecretKeyRef == nil || e.ValueFrom.SecretKeyRef.Name != "nats-nkeys" || e.ValueFrom.SecretKeyRef.Key != b.name+".pub":
			t.Errorf("StatefulSet nats: %s should come from key %s.pub of Secret nats-nkeys", e.Name, b.name)
		}
		if pub := fmt.Sprintf("--from-file=%s.pub=%s/%s.pub", b.name, localDataDir, b.name); !strings.Contains(secretRecipe(readme, "nats-nkeys"), pub) {
			t.Errorf("%s: the command making Secret nats-nkeys should pass %s", readmePath, pub)
		}
		if mk := fmt.Sprintf("go run ./cmd/simpeg nkey --out %s/%s.nk > %s/%s.pub", localDataDir, b.name, localDataDir, b.name); !strings.Contains(readme, mk) {
			t.Errorf("%s should tell to run %q", readmePath, mk)
		}
	}
	for n := range natsEnv {
		t.Errorf("StatefulSet nats sets %s, the key of no service", n)
	}
}
