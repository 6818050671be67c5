package deploy_test

import (
	"bufio"
	"bytes"
	"go/parser"
	"go/token"
	"maps"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/simpeg-id/simpeg/gateway"
	"github.com/simpeg-id/simpeg/platform/config"
	"github.com/simpeg-id/simpeg/services/attendance"
	"github.com/simpeg-id/simpeg/services/evaluation"
	"github.com/simpeg-id/simpeg/services/planning"
	"github.com/simpeg-id/simpeg/services/training"
)

// repoRoot is the repository root; go test runs in the deploy directory.
const repoRoot = ".."

// binary is one simpeg binary that ships as an image: the image deploy/Containerfile builds
// with --build-arg SERVICE=<name>.
type binary struct {
	name        string // the image's, the SERVICE build argument's and the compose/Kubernetes service's name
	moduleDir   string // its Go module, relative to the repository root
	mainDir     string // its main package, relative to the repository root
	distributed bool   // part of the distributed deployment (compose, Kubernetes)
	grpc        bool   // serves gRPC with grpc.health.v1 (a service); else HTTP with /healthz and /readyz
	// listen are the variables holding addresses it listens on: 0.0.0.0 in a container.
	listen []string
	// serves is the one of listen that clients, probes and the Service use: the gRPC address
	// of a service, the HTTP address of the gateway.
	serves string
	// metrics is the one of listen serving Prometheus /metrics; "" when none is scraped.
	metrics string
	// database is the variable holding its database URL; "" when it keeps no data.
	database string
	// required are the variables a container must set for it to work at all.
	required []string
	// dials maps the variables holding gRPC addresses it calls to the binary listening there.
	dials map[string]string
	// late are those of dials that name a service called late (Spec.Calls): one that calls
	// this binary and so starts after it, which it must not wait for.
	late map[string]bool

	// newConfig returns a new *Config of the binary, nil when the type is in package main.
	newConfig func() any

	env      map[string]bool   // every variable it reads
	defaults map[string]string // each variable's default
}

// serviceEnv is a service's setting: SIMPEG_<SERVICE>_<setting>.
func serviceEnv(service, setting string) string {
	return "SIMPEG_" + strings.ToUpper(service) + "_" + setting
}

// grpcService is a service laid out as services/<name>/cmd/<name>, with the settings every
// service has: SIMPEG_<NAME>_GRPC_ADDR, _METRICS_ADDR and _DATABASE_URL, and NATS.
func grpcService(name string, newConfig func() any, calls, late []string) *binary {
	grpcAddr, metrics, db := serviceEnv(name, "GRPC_ADDR"), serviceEnv(name, "METRICS_ADDR"), serviceEnv(name, "DATABASE_URL")
	b := &binary{
		name: name, moduleDir: "services/" + name, mainDir: "services/" + name + "/cmd/" + name,
		distributed: true, grpc: true,
		listen: []string{grpcAddr, metrics}, serves: grpcAddr, metrics: metrics, database: db,
		required:  []string{db, "SIMPEG_NATS_URL", grpcAddr},
		dials:     map[string]string{},
		late:      map[string]bool{},
		newConfig: newConfig,
	}
	// A service it calls: SIMPEG_<CALLED>_ADDR with the bearer token SIMPEG_<CALLED>_TOKEN.
	for _, c := range slices.Concat(calls, late) {
		b.dials[serviceEnv(c, "ADDR")] = c
		b.required = append(b.required, serviceEnv(c, "ADDR"), serviceEnv(c, "TOKEN"))
	}
	for _, c := range late {
		b.late[serviceEnv(c, "ADDR")] = true
	}
	return b
}

// services are the gRPC services of the distributed deployment. A new service is one line
// here, its overlay in deploy/k8s, its stage in deploy/Containerfile and its compose entry.
var services = []struct {
	name      string
	newConfig func() any
	calls     []string
	// late are the services it calls that call it (Spec.Calls): they start after it.
	late []string
}{
	// Planning measures the work plans' targets from the other three (their back-fill reads).
	{"planning", func() any { return &planning.Config{} }, nil, []string{"training", "attendance", "evaluation"}},
	{"attendance", func() any { return &attendance.Config{} }, []string{"planning"}, nil},
	{"training", func() any { return &training.Config{} }, []string{"planning"}, nil},
	{"evaluation", func() any { return &evaluation.Config{} }, []string{"planning"}, nil},
}

// moreRequired are the variables a service's container must set beyond those every service
// needs: training signs certificates with one key shared by its replicas, which it makes only
// on SQLite.
var moreRequired = map[string][]string{"training": {"SIMPEG_TRAINING_CERTIFICATE_KEY_FILE"}}

func binaries(t *testing.T) []*binary {
	t.Helper()
	var out []*binary
	gw := &binary{
		name: "gateway", moduleDir: "gateway", mainDir: "gateway/cmd/gateway", distributed: true,
		listen:    []string{"SIMPEG_HTTP_ADDR", "SIMPEG_GATEWAY_METRICS_ADDR"},
		serves:    "SIMPEG_HTTP_ADDR",
		metrics:   "SIMPEG_GATEWAY_METRICS_ADDR",
		required:  []string{"SIMPEG_HTTP_ADDR"},
		dials:     map[string]string{},
		newConfig: func() any { return &gateway.Config{} },
	}
	simpeg := &binary{
		name: "simpeg", moduleDir: "cmd/simpeg", mainDir: "cmd/simpeg",
		listen:   []string{"SIMPEG_HTTP_ADDR"},
		serves:   "SIMPEG_HTTP_ADDR",
		required: []string{"SIMPEG_DATA_DIR", "SIMPEG_HTTP_ADDR"},
	}
	for _, s := range services {
		svc := grpcService(s.name, s.newConfig, s.calls, s.late)
		svc.required = append(svc.required, moreRequired[s.name]...)
		out = append(out, svc)
		// The gateway reaches every service at SIMPEG_<SERVICE>_ADDR.
		gw.dials[serviceEnv(s.name, "ADDR")] = s.name
		gw.required = append(gw.required, serviceEnv(s.name, "ADDR"))
		// The all-in-one binary serves every service's /metrics.
		simpeg.listen = append(simpeg.listen, serviceEnv(s.name, "METRICS_ADDR"))
	}
	simpeg.listen = append(simpeg.listen, "SIMPEG_GATEWAY_METRICS_ADDR")
	out = append(out, gw, simpeg)
	for _, b := range out {
		if b.newConfig == nil {
			b.env, b.defaults = simpegSettings(t)
			continue
		}
		b.env, b.defaults = settingsOf(t, b.newConfig())
	}
	return out
}

func binaryNamed(t *testing.T, name string) *binary {
	t.Helper()
	for _, b := range binaries(t) {
		if b.name == name {
			return b
		}
	}
	t.Fatalf("no binary %q", name)
	return nil
}

// settingsOf returns the variables cfg reads, with their defaults, as platform/config
// resolves them (a service's settings named after it).
func settingsOf(t *testing.T, cfg any) (env map[string]bool, defaults map[string]string) {
	t.Helper()
	names, err := config.EnvNames(cfg)
	if err != nil {
		t.Fatalf("EnvNames(%T): %v", cfg, err)
	}
	if len(names) == 0 {
		t.Fatalf("EnvNames(%T) is empty", cfg)
	}
	fields, err := config.Describe(cfg)
	if err != nil {
		t.Fatalf("Describe(%T): %v", cfg, err)
	}
	env, defaults = map[string]bool{}, map[string]string{}
	for _, n := range names {
		env[n] = true
	}
	for _, f := range fields {
		defaults[f.Env] = f.Default
	}
	return env, defaults
}

var (
	simpegOnce     sync.Once
	simpegEnv      map[string]bool
	simpegDefaults map[string]string
	simpegErr      string
)

// helpLine is a setting in the --help of a simpeg binary (platform/config's usage).
var helpLine = regexp.MustCompile(`^\s+--\S+ \(env (SIMPEG_[A-Z0-9_]+), default ("(?:[^"\\]|\\.)*")\)$`)

// simpegSettings returns the settings of the all-in-one binary as its `simpeg run --help`
// lists them: its Config is in package main and cannot be imported, and it assembles it from
// a table of services. The binary is built once per test run.
func simpegSettings(t *testing.T) (env map[string]bool, defaults map[string]string) {
	t.Helper()
	simpegOnce.Do(func() {
		bin := filepath.Join(os.TempDir(), "simpeg-deploy-test-"+strconv.Itoa(os.Getpid()))
		defer os.Remove(bin)
		build := exec.Command("go", "build", "-o", bin, ".")
		build.Dir = filepath.Join(repoRoot, "cmd", "simpeg")
		if out, err := build.CombinedOutput(); err != nil {
			simpegErr = "building cmd/simpeg: " + err.Error() + "\n" + string(out)
			return
		}
		var help bytes.Buffer
		run := exec.Command(bin, "run", "--help")
		run.Stdout, run.Stderr = &help, &help
		_ = run.Run() // --help may exit non-zero; the output is what counts
		simpegEnv, simpegDefaults = map[string]bool{}, map[string]string{}
		sc := bufio.NewScanner(&help)
		for sc.Scan() {
			m := helpLine.FindStringSubmatch(sc.Text())
			if m == nil {
				continue
			}
			def, err := strconv.Unquote(m[2])
			if err != nil {
				simpegErr = "simpeg run --help: " + sc.Text() + ": " + err.Error()
				return
			}
			simpegEnv[m[1]], simpegDefaults[m[1]] = true, def
		}
		if len(simpegEnv) == 0 {
			simpegErr = "simpeg run --help lists no settings:\n" + help.String()
		}
	})
	if simpegErr != "" {
		t.Fatal(simpegErr)
	}
	return simpegEnv, simpegDefaults
}

// allEnvNames is every variable some simpeg binary reads.
func allEnvNames(t *testing.T) map[string]bool {
	out := map[string]bool{}
	for _, b := range binaries(t) {
		for n := range b.env {
			out[n] = true
		}
	}
	return out
}

// deprecatedNames are the variables read before the settings were named after the service,
// still accepted (with a warning) for one release. No deployment file may use them.
var deprecatedNames = []string{"SIMPEG_DATABASE_URL", "SIMPEG_GRPC_ADDR", "SIMPEG_METRICS_ADDR"}

// isCredential reports whether the variable holds a credential, which comes from a Secret.
func isCredential(name string) bool {
	return strings.HasSuffix(name, "_DATABASE_URL") || strings.HasSuffix(name, "_TOKEN")
}

// checkSettings loads the settings a container of b gets as b does (from flags, which win over
// the test process's environment), so a value the binary would refuse fails here. Values from
// Secrets and fields ("<secret>", "<field>") are known by name only; a stand-in takes their place.
// When env is all the container gets (complete), the binary's own checks (Validate) run too.
func checkSettings(t *testing.T, where string, b *binary, env map[string]string, complete bool) {
	t.Helper()
	if b.newConfig == nil {
		return
	}
	fields, err := config.Describe(b.newConfig())
	if err != nil {
		t.Fatal(err)
	}
	var args []string
	for _, f := range fields {
		if v, ok := env[f.Env]; ok {
			if strings.HasPrefix(v, "<") {
				v = "stand-in-" + strings.Trim(v, "<>")
			}
			args = append(args, "--"+f.Flag+"="+v)
		}
	}
	cfg := b.newConfig()
	err = config.Load(b.name, cfg, args)
	if v, ok := cfg.(interface{ Validate() error }); ok && complete && err == nil {
		err = v.Validate()
	}
	if err != nil {
		t.Errorf("%s: %s refuses its settings: %v", where, b.name, err)
	}
}

// reads reports whether b reads the variable: one of its settings, or a standard OTEL_* one
// (read by the OpenTelemetry SDK, not by the config struct).
func (b *binary) reads(name string) bool {
	return b.env[name] || strings.HasPrefix(name, "OTEL_")
}

func TestBinariesReadTheirSettings(t *testing.T) {
	all := binaries(t)
	for _, b := range all {
		dialed := slices.Collect(maps.Keys(b.dials))
		named := slices.Concat(b.listen, b.required, dialed)
		if b.database != "" {
			named = append(named, b.database)
		}
		for _, n := range named {
			if !b.env[n] {
				t.Errorf("%s: the test names %s, which the binary does not read", b.name, n)
			}
		}
		for _, n := range deprecatedNames {
			if b.env[n] {
				t.Errorf("%s: lists %s as a setting; it is a deprecated name (config.Loader.Renames)", b.name, n)
			}
		}
		if !slices.Contains(b.listen, b.serves) {
			t.Errorf("%s: serves %q, which is none of its listen addresses %v", b.name, b.serves, b.listen)
		}
		if b.metrics != "" && !slices.Contains(b.listen, b.metrics) {
			t.Errorf("%s: metrics on %q, which is none of its listen addresses %v", b.name, b.metrics, b.listen)
		}
		if b.distributed {
			for _, n := range dialed {
				if !slices.Contains(b.required, n) {
					t.Errorf("%s: dials %s, whose default (%s) reaches nothing in a container; list it as required", b.name, n, b.defaults[n])
				}
			}
		}
		// A dial address's default has the port the binary it reaches listens on by default,
		// so the binaries find each other on one machine without settings.
		for n, target := range b.dials {
			tb := binaryNamed(t, target)
			_, port := hostPort(t, b.name+" default "+n, b.defaults[n])
			if _, want := hostPort(t, target+" default "+tb.serves, tb.defaults[tb.serves]); port != want {
				t.Errorf("%s: %s defaults to %s, but %s listens on port %d by default", b.name, n, b.defaults[n], target, want)
			}
		}
		for _, n := range b.listen {
			if d := b.defaults[n]; d != "" {
				hostPort(t, b.name+" default "+n, d)
			}
		}
		// The services' default ports come from the port table (9090 + 2i, metrics one up).
		if b.grpc {
			grpcPort, metricsPort, ok := config.Ports(b.name)
			if !ok {
				t.Errorf("%s is not in the port table (config.Services)", b.name)
			}
			for n, want := range map[string]int{b.serves: grpcPort, b.metrics: metricsPort} {
				if _, p := hostPort(t, b.name+" default "+n, b.defaults[n]); p != want {
					t.Errorf("%s: %s defaults to port %d; the port table says %d", b.name, n, p, want)
				}
			}
		}
		if !isMainPackage(t, b.mainDir) {
			t.Errorf("%s: %s is not a main package", b.name, b.mainDir)
		}
		if _, err := os.Stat(filepath.Join(repoRoot, b.moduleDir, "go.mod")); err != nil {
			t.Errorf("%s: %v", b.name, err)
		}
	}
	// Services that share a machine (the all-in-one binary, a developer's laptop) must not
	// share a default port.
	ports := map[int]string{}
	for _, b := range all {
		if !b.distributed {
			continue
		}
		for _, n := range b.listen {
			if b.defaults[n] == "" {
				continue
			}
			_, p := hostPort(t, b.name+" default "+n, b.defaults[n])
			if other, dup := ports[p]; dup {
				t.Errorf("%s %s and %s both default to port %d", b.name, n, other, p)
			}
			ports[p] = b.name + " " + n
		}
	}
	// The all-in-one binary listens where the per-service binaries do by default.
	simpeg := binaryNamed(t, "simpeg")
	for _, n := range simpeg.listen {
		for _, b := range all {
			if b.distributed && b.env[n] && b.defaults[n] != simpeg.defaults[n] {
				t.Errorf("%s defaults to %s in simpeg, %s in %s", n, simpeg.defaults[n], b.defaults[n], b.name)
			}
		}
	}
}

// isMainPackage reports whether dir (relative to the repository root) holds a package main.
func isMainPackage(t *testing.T, dir string) bool {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(repoRoot, dir))
	if err != nil {
		return false
	}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), filepath.Join(repoRoot, dir, e.Name()), nil, parser.PackageClauseOnly)
		if err != nil {
			t.Fatal(err)
		}
		if f.Name.Name == "main" {
			return true
		}
	}
	return false
}

// hostPort splits a listen or dial address, failing the test when it is not host:port.
func hostPort(t *testing.T, what, addr string) (string, int) {
	t.Helper()
	h, p, err := net.SplitHostPort(addr)
	if err != nil {
		t.Errorf("%s: %q is not host:port: %v", what, addr, err)
		return "", 0
	}
	n, err := strconv.Atoi(p)
	if err != nil || n <= 0 || n > 65535 {
		t.Errorf("%s: %q has no valid port", what, addr)
	}
	return h, n
}
