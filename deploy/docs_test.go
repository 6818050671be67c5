package deploy_test

import (
	"context"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/outbox"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
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
	// planningTokenCommand mints the attendance service's token for calling planning.
	planningTokenCommand = "go run ./cmd/simpeg token --role service --sub attendance --scope planning.read --ttl 2160h --data-dir ./" + localDataDir
	// trainingTokenCommand mints the training service's token for calling planning.
	trainingTokenCommand = "go run ./cmd/simpeg token --role service --sub training --scope planning.read --ttl 2160h --data-dir ./" + localDataDir
	// evaluationTokenCommand mints the evaluation service's token for calling planning.
	evaluationTokenCommand = "go run ./cmd/simpeg token --role service --sub evaluation --scope planning.read --ttl 2160h --data-dir ./" + localDataDir
)

// localEnvFile is a file of the README's setup that gives a compose service one credential,
// kept out of docker-compose.yml: NAME=$(command).
type localEnvFile struct {
	path    string // relative to the repository root
	name    string // the variable
	command string // prints its value
}

// recipe is the README's command that writes the file.
func (f localEnvFile) recipe() string {
	return fmt.Sprintf(`echo "%s=$(%s)" > %s`, f.name, f.command, f.path)
}

var localEnvFiles = append([]localEnvFile{
	{path: localDataDir + "/attendance.env", name: "SIMPEG_PLANNING_TOKEN", command: planningTokenCommand},
	{path: localDataDir + "/training.env", name: "SIMPEG_PLANNING_TOKEN", command: trainingTokenCommand},
	{path: localDataDir + "/evaluation.env", name: "SIMPEG_PLANNING_TOKEN", command: evaluationTokenCommand},
}, slices.Concat(planningEnvFiles(), natsKeyFiles())...)

// natsKeyFiles are the compose NATS server's env files, one per service of the binaries table:
// NATS_<SERVICE>_NKEY, the public key that simpeg nkey prints as it writes the service's seed
// (nkeyCommand).
func natsKeyFiles() []localEnvFile {
	var out []localEnvFile
	for _, s := range services {
		out = append(out, localEnvFile{path: localDataDir + "/nats-" + s.name + ".env", name: natsKeyEnv(s.name), command: nkeyCommand(s.name)})
	}
	return out
}

// nkeyCommand writes the service's NATS seed to deploy/local/<service>.nk and prints its public key.
func nkeyCommand(service string) string {
	return "go run ./cmd/simpeg nkey --out " + localSeedFile(service)
}

// localSeedFile is the service's NATS seed of the README's setup, relative to the repository root.
func localSeedFile(service string) string { return localDataDir + "/" + service + ".nk" }

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
// checks that each SIMPEG_* name in it is read by some binary, and that none uses a deprecated
// name.
func TestDeployFilesNameRealVariables(t *testing.T) {
	known := allEnvNames(t)
	for _, svc := range services {
		known[outbox.StreamName("", svc.name)] = true // stream names, in deploy/nats's permissions
	}
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
		renamedSection := false
		for i, line := range strings.Split(readFile(t, f), "\n") {
			if strings.HasPrefix(line, "## ") {
				renamedSection = f == readmePath && line == renamedHeading
			}
			for _, name := range simpegVar.FindAllString(line, -1) {
				switch {
				case slices.Contains(deprecatedNames, name) && !renamedSection:
					t.Errorf("%s:%d: %s is a deprecated name; use the service's own (SIMPEG_<SERVICE>_…)", f, i+1, name)
				case !known[name] && !slices.Contains(deprecatedNames, name):
					t.Errorf("%s:%d: %s is read by no simpeg binary", f, i+1, name)
				}
			}
		}
	}
}

// renamedHeading is the section of the README that names the deprecated variables, the only
// place a deployment file may.
const renamedHeading = "## Renamed settings"

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
	cmds := []string{tokenCommand, pubkeyCommand}
	for _, f := range localEnvFiles {
		cmds = append(cmds, f.recipe())
	}
	for _, cmd := range cmds {
		if !strings.Contains(readme, cmd) {
			t.Errorf("%s does not say %q", readmePath, cmd)
		}
		if !strings.Contains(compose, cmd) {
			t.Errorf("docker-compose.yml's header does not say %q", cmd)
		}
	}
	m := loadManifests(t)
	for _, b := range databaseServices(t) {
		d := m.deployments[b.name]
		if d == nil {
			continue // TestK8sBinaries reports it
		}
		for _, v := range d.Spec.Template.Spec.Volumes {
			if v.ConfigMap == nil || v.Name != "auth-key" {
				continue
			}
			keyFile := m.podEnv(t, b.name, d.Spec.Template.Spec.Containers[0])["SIMPEG_AUTH_KEY_FILE"]
			recipe := fmt.Sprintf("kubectl -n simpeg create configmap %s --from-file=%s=%s", v.ConfigMap.Name, path.Base(keyFile), localPublicKey)
			if !strings.Contains(readme, recipe) {
				t.Errorf("%s should tell to run %q", readmePath, recipe)
			}
		}
	}

	// simpeg token signs with the defaults of SIMPEG_AUTH_ISSUER and SIMPEG_AUTH_AUDIENCE;
	// compose leaves them to the services' defaults, which must be the same.
	issuer, audience := "simpeg-local", "simpeg"
	for _, b := range databaseServices(t) {
		if i, a := b.defaults["SIMPEG_AUTH_ISSUER"], b.defaults["SIMPEG_AUTH_AUDIENCE"]; i != issuer || a != audience {
			t.Errorf("%s's issuer/audience defaults are %q/%q; simpeg token signs for %s/%s", b.name, i, a, issuer, audience)
		}
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

// planningCallers are the services that call planning with a token of the README's setup, the
// command that mints it and the planning methods it must be allowed.
var planningCallers = []struct {
	service, command string
	methods          []string
}{
	// The directory back-fill lists every agency and employee.
	{"attendance", planningTokenCommand, []string{planningv1.PlanningService_ListAgencies_FullMethodName, planningv1.PlanningService_ListEmployees_FullMethodName}},
	// Training keeps the same directory copy and reads positions' competency standards.
	{"training", trainingTokenCommand, []string{planningv1.PlanningService_ListAgencies_FullMethodName, planningv1.PlanningService_ListEmployees_FullMethodName,
		planningv1.PlanningService_GetPosition_FullMethodName}},
	// Evaluation keeps the same directory copy (its supervisor chains and agencies).
	{"evaluation", evaluationTokenCommand, []string{planningv1.PlanningService_ListAgencies_FullMethodName, planningv1.PlanningService_ListEmployees_FullMethodName}},
}

// TestPlanningTokenSetup checks the README's token of each service that calls planning: the
// command takes only flags simpeg token has, and the token it makes verifies against the public
// key and lets planning answer the calls the service makes (the directory back-fill, positions).
func TestPlanningTokenSetup(t *testing.T) {
	readme := readFile(t, readmePath)
	m := loadManifests(t)
	for _, c := range planningCallers {
		t.Run(c.service, func(t *testing.T) {
			p, ttl := tokenCommandPrincipal(t, c.command)
			if p.Subject != c.service {
				t.Errorf("%q: --sub %q, want %s: planning's logs and audit name the caller by it", c.command, p.Subject, c.service)
			}
			// Kubernetes: the Secret holding it is made with this command.
			checkTokenSecret(t, m, readme, c.service, "SIMPEG_PLANNING_TOKEN", c.command)

			// The token verifies as planning verifies it, and planning answers its calls.
			dir := t.TempDir()
			signer, err := auth.LoadOrCreateSigner(filepath.Join(dir, "keys", "signing-key.pem"), "simpeg-local", "simpeg")
			if err != nil {
				t.Fatal(err)
			}
			tok, err := signer.Issue(p, ttl)
			if err != nil {
				t.Fatal(err)
			}
			pl := binaryNamed(t, "planning")
			v, err := auth.NewVerifier(auth.Config{Issuer: pl.defaults["SIMPEG_AUTH_ISSUER"], Audience: pl.defaults["SIMPEG_AUTH_AUDIENCE"], KeyFile: filepath.Join(dir, "keys", "signing-key.pem")})
			if err != nil {
				t.Fatal(err)
			}
			got, err := v.Verify(context.Background(), tok)
			if err != nil {
				t.Fatalf("planning rejects the token: %v", err)
			}
			rules := planning.Spec().Rules
			for _, method := range c.methods {
				rule, ok := rules[method]
				if !ok {
					t.Errorf("planning has no rule for %s", method)
					continue
				}
				if scope := rule.Decide(got); scope != auth.ScopeAll {
					t.Errorf("planning gives the token scope %s on %s, want %s", scope, method, auth.ScopeAll)
				}
			}
		})
	}
}

// tokenCommandPrincipal parses a README command minting a service's token: it must take only
// flags simpeg token has, write to the key setup's data directory and give the token a long
// life. It returns the token's principal and lifetime.
func tokenCommandPrincipal(t *testing.T, command string) (auth.Principal, time.Duration) {
	t.Helper()
	args, ok := strings.CutPrefix(command, "go run ./cmd/simpeg token ")
	if !ok {
		t.Fatalf("%q does not run simpeg token", command)
	}
	known := tokenFlags(t)
	fs := flag.NewFlagSet("simpeg token", flag.ContinueOnError)
	values := map[string]*string{}
	for name := range known {
		values[name] = fs.String(name, "", "")
	}
	if err := fs.Parse(strings.Fields(args)); err != nil {
		t.Fatalf("%q: %v (simpeg token's flags: %v)", command, err, slices.Sorted(maps.Keys(known)))
	}
	if fs.NArg() > 0 {
		t.Fatalf("%q: stray arguments %q", command, fs.Args())
	}
	if got := *values["data-dir"]; got != "./"+localDataDir {
		t.Errorf("%q: --data-dir %s, want ./%s, where the key setup made the key", command, got, localDataDir)
	}
	ttl, err := time.ParseDuration(*values["ttl"])
	if err != nil || ttl < 24*time.Hour {
		t.Errorf("%q: --ttl %q; the token lives in a file and a Secret, give it a long life", command, *values["ttl"])
	}
	p := auth.Principal{Subject: *values["sub"], Scopes: strings.Fields(*values["scope"])}
	for r := range strings.SplitSeq(*values["role"], ",") {
		if !slices.Contains(auth.Roles, auth.Role(r)) {
			t.Fatalf("%q: unknown role %q", command, r)
		}
		p.Roles = append(p.Roles, auth.Role(r))
	}
	return p, ttl
}

// checkTokenSecret checks that Deployment deployment takes the variable env from a Secret
// that the README makes with command.
func checkTokenSecret(t *testing.T, m *manifests, readme, deployment, env, command string) {
	t.Helper()
	d := m.deployments[deployment]
	if d == nil {
		t.Fatalf("no Deployment %s", deployment)
	}
	found := false
	for _, e := range d.Spec.Template.Spec.Containers[0].Env {
		if e.Name != env || e.ValueFrom == nil || e.ValueFrom.SecretKeyRef == nil {
			continue
		}
		found = true
		ref := e.ValueFrom.SecretKeyRef
		cmd := secretRecipe(readme, ref.Name)
		if want := fmt.Sprintf(`--from-literal=%s="$(%s)"`, ref.Key, command); !strings.Contains(cmd, want) {
			t.Errorf("%s: the command making Secret %s should pass %s", readmePath, ref.Name, want)
		}
	}
	if !found {
		t.Errorf("Deployment %s takes no %s from a Secret", deployment, env)
	}
}

// tokenFlags returns the flags of simpeg token, read from cmd/simpeg/admin.go (package main).
func tokenFlags(t *testing.T) map[string]bool {
	t.Helper()
	file := filepath.Join(repoRoot, "cmd", "simpeg", "admin.go")
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, d := range f.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok || fn.Name.Name != "tokenCmd" {
			continue
		}
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || !slices.Contains([]string{"String", "Duration", "Bool", "Int"}, sel.Sel.Name) {
				return true
			}
			if lit, ok := call.Args[0].(*ast.BasicLit); ok && lit.Kind == token.STRING {
				name, err := strconv.Unquote(lit.Value)
				if err == nil {
					out[name] = true
				}
			}
			return true
		})
	}
	if len(out) == 0 {
		t.Fatalf("%s: found no flags of func tokenCmd", file)
	}
	return out
}

// secretRecipe returns the README's command (its continued lines joined) that makes the Secret.
func secretRecipe(readme, name string) string {
	start := "kubectl -n simpeg create secret generic " + name + " "
	lines := strings.Split(readme, "\n")
	for i, l := range lines {
		if !strings.Contains(l+" ", start) {
			continue
		}
		cmd := strings.TrimSpace(l)
		for strings.HasSuffix(cmd, "\\") && i+1 < len(lines) {
			i++
			cmd = strings.TrimSuffix(cmd, "\\") + " " + strings.TrimSpace(lines[i])
		}
		return cmd
	}
	return ""
}

// TestReadmeMakesK8sObjects checks that the README's Kubernetes steps make every Secret and
// ConfigMap the manifests use but do not hold, with the keys they read.
func TestReadmeMakesK8sObjects(t *testing.T) {
	readme := readFile(t, readmePath)
	m := loadManifests(t)
	for _, w := range m.workloads() {
		where := w.kind + " " + w.name
		for _, v := range w.pod.Spec.Volumes {
			if v.ConfigMap == nil || m.configMaps[v.ConfigMap.Name] != nil {
				continue
			}
			if !strings.Contains(readme, "kubectl -n simpeg create configmap "+v.ConfigMap.Name+" ") {
				t.Errorf("%s mounts ConfigMap %s, which %s does not tell to create", where, v.ConfigMap.Name, readmePath)
			}
		}
		for _, c := range w.pod.Spec.Containers {
			for _, e := range c.Env {
				if e.ValueFrom == nil || e.ValueFrom.SecretKeyRef == nil {
					continue
				}
				ref := e.ValueFrom.SecretKeyRef
				cmd := secretRecipe(readme, ref.Name)
				switch {
				case cmd == "":
					t.Errorf("%s takes %s from Secret %s, which %s does not tell to create", where, e.Name, ref.Name, readmePath)
				case !strings.Contains(cmd, "--from-literal="+ref.Key+"=") && !strings.Contains(cmd, "--from-file="+ref.Key+"="):
					t.Errorf("%s takes %s from key %s of Secret %s; %s makes it without that key: %s", where, e.Name, ref.Key, ref.Name, readmePath, cmd)
				}
			}
		}
	}
}
