package deploy_test

import (
	"cmp"
	"crypto/ed25519"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/compose-spec/compose-go/v2/types"
	corev1 "k8s.io/api/core/v1"

	"github.com/simpeg-id/simpeg/services/training"
)

const (
	// certificateKeySetting names training's certificate signing key file.
	certificateKeySetting = "SIMPEG_TRAINING_CERTIFICATE_KEY_FILE"
	// localCertificateKey is the key of the README's setup, relative to the repository root.
	localCertificateKey = localDataDir + "/training-certificate-key.pem"
	// certificateKeyCommand is the README's command that makes it, word for word.
	certificateKeyCommand = "openssl genpkey -algorithm ed25519 -out " + localCertificateKey
)

// TestTrainingCertificateKey checks the certificate key every training replica signs with, which
// the service requires with PostgreSQL: compose mounts the README's file as a secret where the
// setting points, Kubernetes mounts the Secret the README makes where the setting points, and
// the README's openssl command makes a key the service reads (skipped without openssl).
func TestTrainingCertificateKey(t *testing.T) {
	readme := readFile(t, readmePath)
	for _, f := range []string{readmePath, "docker-compose.yml"} {
		if !strings.Contains(readFile(t, f), certificateKeyCommand) {
			t.Errorf("%s does not say %q", f, certificateKeyCommand)
		}
	}

	t.Run("compose", func(t *testing.T) {
		p := loadCompose(t)
		s, ok := p.Services["training"]
		if !ok {
			t.Fatal("no compose service training")
		}
		keyFile, _ := env(s, certificateKeySetting)
		secret, ok := strings.CutPrefix(keyFile, "/run/secrets/")
		if !ok {
			t.Fatalf("%s=%q: want a compose secret under /run/secrets/", certificateKeySetting, keyFile)
		}
		i := slices.IndexFunc(s.Secrets, func(ss types.ServiceSecretConfig) bool {
			target := cmp.Or(ss.Target, ss.Source)
			return target == secret || target == keyFile
		})
		if i < 0 {
			t.Fatalf("%s=%s, but training has no secret %s", certificateKeySetting, keyFile, secret)
		}
		if file, want := p.Secrets[s.Secrets[i].Source].File, filepath.Join(rootAbs(t), localCertificateKey); file != want {
			t.Errorf("secret %s is file %s; the README makes %s", s.Secrets[i].Source, file, want)
		}
	})

	t.Run("kubernetes", func(t *testing.T) {
		m := loadManifests(t)
		d := m.deployments["training"]
		if d == nil {
			t.Fatal("no Deployment training")
		}
		pod := d.Spec.Template.Spec
		keyFile := m.podEnv(t, "training", pod.Containers[0])[certificateKeySetting]
		if keyFile == "" {
			t.Fatalf("Deployment training does not set %s", certificateKeySetting)
		}
		mi := slices.IndexFunc(pod.Containers[0].VolumeMounts, func(vm corev1.VolumeMount) bool { return vm.MountPath == path.Dir(keyFile) })
		if mi < 0 {
			t.Fatalf("%s=%s, but nothing is mounted at %s", certificateKeySetting, keyFile, path.Dir(keyFile))
		}
		vm := pod.Containers[0].VolumeMounts[mi]
		vi := slices.IndexFunc(pod.Volumes, func(v corev1.Volume) bool { return v.Name == vm.Name })
		if vi < 0 || pod.Volumes[vi].Secret == nil {
			t.Fatalf("volume %s mounted at %s is not a Secret", vm.Name, vm.MountPath)
		}
		sec := pod.Volumes[vi].Secret
		ki := slices.IndexFunc(sec.Items, func(it corev1.KeyToPath) bool { return it.Path == path.Base(keyFile) })
		if ki < 0 {
			t.Fatalf("Secret %s is not mounted as %s", sec.SecretName, path.Base(keyFile))
		}
		if !vm.ReadOnly || sec.DefaultMode == nil || *sec.DefaultMode&0o007 != 0 {
			t.Errorf("Secret %s: want a read-only mount unreadable to others (mode 0440), have read-only %v mode %v", sec.SecretName, vm.ReadOnly, sec.DefaultMode)
		}
		want := "--from-file=" + sec.Items[ki].Key + "=" + localCertificateKey
		if cmd := secretRecipe(readme, sec.SecretName); !strings.Contains(cmd, want) {
			t.Errorf("%s: the command making Secret %s should pass %s (it says %q)", readmePath, sec.SecretName, want, cmd)
		}
	})

	t.Run("openssl", func(t *testing.T) {
		if _, err := exec.LookPath("openssl"); err != nil {
			t.Skip("openssl is not installed")
		}
		file := filepath.Join(t.TempDir(), path.Base(localCertificateKey))
		args := strings.Fields(strings.Replace(certificateKeyCommand, localCertificateKey, file, 1))
		if out, err := exec.Command(args[0], args[1:]...).CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", strings.Join(args, " "), err, out)
		}
		key, err := training.LoadCertificateKey(file)
		if err != nil {
			t.Fatalf("the service does not read the README's key: %v", err)
		}
		if id := training.KeyID(key.Public().(ed25519.PublicKey)); len(id) != 16 {
			t.Errorf("key id %q, want 16 hex digits", id)
		}
	})
}
