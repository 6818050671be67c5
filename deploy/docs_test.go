package deploy_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/config"
	"github.com/simpeg-id/simpeg/services/planning"
)

const (
	readmePath = "deploy/README.md"
	// The key files of the README's setup, relative to the repository root.
	localDataDir   = "deploy/local"
	localKey       = localDataDir + "/keys/signing-key.pem" // made by simpeg token --data-dir
	localPublicKey = localDataDir + "/signing-key.pub.pem"
)

// The README's key setup, word for word.
var (
	tokenCommand  = "go run ./cmd/simpeg token --role city-hr --data-dir ./" + localDataDir
	pubkeyCommand = "openssl pkey -in " + localKey + " -pubout -out " + localPublicKey
)

func readFile(t *testing.T, rel string) string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(repoRoot, rel))
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

var simpegVar = regexp.MustCompile(`\bSIMPEG_[A-Z0-9_]*[A-Z0-9]\b`)

// TestDeployFilesNameRealVariables reads every deployment file, comments included, and
// checks that each SIMPEG_* name in it is read by some binary.
func TestDeployFilesNameRealVariables(t *testing.T) {
	known := allEnvNames(t)
	files := []string{"docker-compose.yml"}
	err := filepath.WalkDir(filepath.Join(repoRoot, "deploy"), func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == "local" {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(p, ".go") || d.Name() == "go.mod" || d.Name() == "go.sum" {
			return nil
		}
		rel, _ := filepath.Rel(repoRoot, p)
		files = append(files, filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		for i, line := range strings.Split(readFile(t, f), "\n") {
			for _, name := range simpegVar.FindAllString(line, -1) {
				if !known[name] {
					t.Errorf("%s:%d: %s is read by no simpeg binary", f, i+1, name)
				}
			}
		}
	}
}

// TestReadmeListsEverySetting keeps the README's tables complete: every variable of the
// per-service binaries appears in it.
func TestReadmeListsEverySetting(t *testing.T) {
	readme := readFile(t, readmePath)
	for _, b := range binaries(t) {
		if !b.distributed {
			continue
		}
		for name := range b.env {
			if !strings.Contains(readme, "`"+name+"`") {
				t.Errorf("%s does not list %s, read by %s", readmePath, name, b.name)
			}
		}
	}
}

// TestKeySetup runs the README's key setup: simpeg token makes an Ed25519 key, openssl writes
// its public half, and the planning service's verifier, configured as in docker-compose.yml,
// accepts the tokens simpeg token signs.
func TestKeySetup(t *testing.T) {
	readme := readFile(t, readmePath)
	compose := readFile(t, "docker-compose.yml")
	for _, cmd := range []string{tokenCommand, pubkeyCommand} {
		if !strings.Contains(readme, cmd) {
			t.Errorf("%s does not say %q", readmePath, cmd)
		}
		if !strings.Contains(compose, cmd) {
			t.Errorf("docker-compose.yml's header does not say %q", cmd)
		}
	}
	m := loadManifests(t)
	if pl := m.deployments["planning"]; pl != nil {
		for _, v := range pl.Spec.Template.Spec.Volumes {
			if v.ConfigMap == nil || v.Name != "auth-key" {
				continue
			}
			keyFile := m.podEnv(t, "planning", pl.Spec.Template.Spec.Containers[0])["SIMPEG_AUTH_KEY_FILE"]
			recipe := fmt.Sprintf("kubectl -n simpeg create configmap %s --from-file=%s=%s", v.ConfigMap.Name, path.Base(keyFile), localPublicKey)
			if !strings.Contains(readme, recipe) {
				t.Errorf("%s should tell to run %q", readmePath, recipe)
			}
		}
	}

	// simpeg token signs with the defaults of SIMPEG_AUTH_ISSUER and SIMPEG_AUTH_AUDIENCE;
	// compose leaves them to the planning binary's defaults, which must be the same.
	fields, err := config.Describe(&planning.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defaults := map[string]string{}
	for _, f := range fields {
		defaults[f.Env] = f.Default
	}
	issuer, audience := defaults["SIMPEG_AUTH_ISSUER"], defaults["SIMPEG_AUTH_AUDIENCE"]
	if issuer != "simpeg-local" || audience != "simpeg" {
		t.Errorf("planning's issuer/audience defaults are %q/%q; simpeg token signs for simpeg-local/simpeg", issuer, audience)
	}

	if _, err := exec.LookPath("openssl"); err != nil {
		t.Skip("openssl is not installed; the key's public half is not checked")
	}
	dir := t.TempDir()
	signer, err := auth.LoadOrCreateSigner(filepath.Join(dir, "keys", "signing-key.pem"), issuer, audience)
	if err != nil {
		t.Fatal(err)
	}
	args := strings.Fields(pubkeyCommand)
	for i, a := range args {
		if rel, ok := strings.CutPrefix(a, localDataDir+"/"); ok {
			args[i] = filepath.Join(dir, rel)
		}
	}
	if out, err := exec.Command(args[0], args[1:]...).CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", strings.Join(args, " "), err, out)
	}
	pubFile := filepath.Join(dir, strings.TrimPrefix(localPublicKey, localDataDir+"/"))
	v, err := auth.NewVerifier(auth.Config{Issuer: issuer, Audience: audience, KeyFile: pubFile})
	if err != nil {
		t.Fatal(err)
	}
	tok, err := signer.Issue(auth.Principal{Subject: "city-hr", Roles: []auth.Role{auth.RoleCityHR}}, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	p, err := v.Verify(context.Background(), tok)
	if err != nil {
		t.Fatalf("a token of simpeg token does not verify with the public key: %v", err)
	}
	if !slices.Contains(p.Roles, auth.RoleCityHR) {
		t.Errorf("verified roles %v, want city-hr", p.Roles)
	}
}
