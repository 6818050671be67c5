package deploy_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"net"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/simpeg-id/simpeg/gateway"
	"github.com/simpeg-id/simpeg/platform/config"
	"github.com/simpeg-id/simpeg/services/attendance"
	"github.com/simpeg-id/simpeg/services/planning"
)

// repoRoot is the repository root; go test runs in the deploy directory.
const repoRoot = ".."

// binary is one simpeg binary that ships as an image.
type binary struct {
	name          string // the image's and the compose/Kubernetes service's name
	moduleDir     string // its Go module, relative to the repository root
	mainDir       string // its main package, relative to the repository root
	containerfile string // relative to the repository root
	distributed   bool   // part of the distributed deployment (compose, Kubernetes)
	// listen are the variables holding addresses it listens on: 0.0.0.0 in a container.
	listen []string
	// serves is the one of listen that clients, probes and the Service use: the gRPC address
	// of a service, the HTTP address of the gateway.
	serves string
	// required are the variables a container must set for it to work at all.
	required []string
	// dials maps the variables holding gRPC addresses it calls to the binary listening there.
	dials map[string]string

	// newConfig returns a new *Config of the binary, nil when the type is in package main.
	newConfig func() any
	// ownDefaults are the defaults the binary passes to config.Load over the tags'.
	ownDefaults map[string]string
	// validate checks what the binary checks of its settings alone (nil: nothing more).
	validate func(cfg any) error

	env      map[string]bool   // every variable it reads
	defaults map[string]string // each variable's default, ownDefaults applied
}

func binaries(t *testing.T) []*binary {
	t.Helper()
	out := []*binary{
		{
			name: "planning", moduleDir: "services/planning", mainDir: "services/planning/cmd/planning",
			containerfile: "deploy/planning/Containerfile", distributed: true,
			listen:    []string{"SIMPEG_GRPC_ADDR", "SIMPEG_METRICS_ADDR"},
			serves:    "SIMPEG_GRPC_ADDR",
			required:  []string{"SIMPEG_DATABASE_URL", "SIMPEG_NATS_URL", "SIMPEG_GRPC_ADDR"},
			newConfig: func() any { return &planning.Config{} },
		},
		{
			name: "attendance", moduleDir: "services/attendance", mainDir: "services/attendance/cmd/attendance",
			containerfile: "deploy/attendance/Containerfile", distributed: true,
			listen: []string{"SIMPEG_GRPC_ADDR", "SIMPEG_METRICS_ADDR"},
			serves: "SIMPEG_GRPC_ADDR",
			required: []string{"SIMPEG_DATABASE_URL", "SIMPEG_NATS_URL", "SIMPEG_GRPC_ADDR",
				"SIMPEG_PLANNING_ADDR", "SIMPEG_PLANNING_TOKEN"},
			dials:       map[string]string{"SIMPEG_PLANNING_ADDR": "planning"},
			newConfig:   func() any { return &attendance.Config{} },
			ownDefaults: attendance.Defaults,
			validate: func(cfg any) error {
				_, err := cfg.(*attendance.Config).Policy()
				return err
			},
		},
		{
			name: "gateway", moduleDir: "gateway", mainDir: "gateway/cmd/gateway",
			containerfile: "deploy/gateway/Containerfile", distributed: true,
			listen:    []string{"SIMPEG_HTTP_ADDR", "SIMPEG_METRICS_ADDR"},
			serves:    "SIMPEG_HTTP_ADDR",
			required:  []string{"SIMPEG_HTTP_ADDR", "SIMPEG_PLANNING_ADDR", "SIMPEG_ATTENDANCE_ADDR"},
			dials:     map[string]string{"SIMPEG_PLANNING_ADDR": "planning", "SIMPEG_ATTENDANCE_ADDR": "attendance"},
			newConfig: func() any { return &gateway.Config{} },
			validate:  func(cfg any) error { return cfg.(*gateway.Config).Validate() },
		},
		{
			name: "simpeg", moduleDir: "cmd/simpeg", mainDir: "cmd/simpeg",
			containerfile: "deploy/simpeg/Containerfile",
			listen: []string{"SIMPEG_HTTP_ADDR", "SIMPEG_METRICS_ADDR", "SIMPEG_ATTENDANCE_METRICS_ADDR",
				"SIMPEG_GATEWAY_METRICS_ADDR"},
			serves:   "SIMPEG_HTTP_ADDR",
			required: []string{"SIMPEG_DATA_DIR", "SIMPEG_HTTP_ADDR"},
		},
	}
	for _, b := range out {
		if b.newConfig == nil {
			b.env, b.defaults = simpegSettings(t)
			continue
		}
		b.env = envNames(t, b.newConfig())
		b.defaults = envDefaults(t, b.newConfig(), b.ownDefaults)
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

func envNames(t *testing.T, cfg any) map[string]bool {
	t.Helper()
	names, err := config.EnvNames(cfg)
	if err != nil {
		t.Fatalf("EnvNames(%T): %v", cfg, err)
	}
	if len(names) == 0 {
		t.Fatalf("EnvNames(%T) is empty", cfg)
	}
	out := make(map[string]bool, len(names))
	for _, n := range names {
		out[n] = true
	}
	return out
}

// envDefaults returns the default of each of cfg's variables, with overrides (a binary's own
// defaults, passed to config.Load) applied.
func envDefaults(t *testing.T, cfg any, overrides ...map[string]string) map[string]string {
	t.Helper()
	fields, err := config.Describe(cfg)
	if err != nil {
		t.Fatalf("Describe(%T): %v", cfg, err)
	}
	out := make(map[string]string, len(fields))
	for _, f := range fields {
		out[f.Env] = f.Default
	}
	for _, o := range overrides {
		for k, v := range o {
			if _, ok := out[k]; !ok {
				t.Fatalf("%T: a default for %s, which it does not read", cfg, k)
			}
			out[k] = v
		}
	}
	return out
}

// simpegSettings reads the env and default tags of the all-in-one binary's Config from its
// source: the type is in package main and cannot be imported.
func simpegSettings(t *testing.T) (env map[string]bool, defaults map[string]string) {
	t.Helper()
	path := filepath.Join(repoRoot, "cmd", "simpeg", "config.go")
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	env, defaults = map[string]bool{}, map[string]string{}
	ast.Inspect(f, func(n ast.Node) bool {
		ts, ok := n.(*ast.TypeSpec)
		if !ok || ts.Name.Name != "Config" {
			return true
		}
		st, ok := ts.Type.(*ast.StructType)
		if !ok {
			t.Fatalf("%s: Config is not a struct", path)
		}
		for _, fld := range st.Fields.List {
			if fld.Tag == nil {
				if len(fld.Names) == 0 {
					t.Fatalf("%s: Config embeds a struct; read it here too", path)
				}
				continue
			}
			tag, err := strconv.Unquote(fld.Tag.Value)
			if err != nil {
				t.Fatal(err)
			}
			if name, ok := reflect.StructTag(tag).Lookup("env"); ok {
				env[name] = true
				defaults[name] = reflect.StructTag(tag).Get("default")
			}
		}
		return false
	})
	if len(env) == 0 {
		t.Fatalf("%s: no env tags found in type Config", path)
	}
	return env, defaults
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

// checkSettings loads the settings a container of b gets as b does (from flags, which win
// over the test process's environment; values from Secrets and fields, "<…>", left out), so a value the
// binary would refuse fails here.
func checkSettings(t *testing.T, where string, b *binary, env map[string]string) {
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
		if v, ok := env[f.Env]; ok && !strings.HasPrefix(v, "<") {
			args = append(args, "--"+f.Flag+"="+v)
		}
	}
	cfg := b.newConfig()
	err = config.Load(b.name, cfg, args, b.ownDefaults)
	if err == nil && b.validate != nil {
		err = b.validate(cfg)
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
		for _, n := range slices.Concat(b.listen, b.required, dialed) {
			if !b.env[n] {
				t.Errorf("%s: the test names %s, which the binary does not read", b.name, n)
			}
		}
		if !slices.Contains(b.listen, b.serves) {
			t.Errorf("%s: serves %q, which is none of its listen addresses %v", b.name, b.serves, b.listen)
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
