package deploy_test

import (
	"go/ast"
	"go/parser"
	"go/token"
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
	// required are the variables a container must set for it to work at all.
	required []string
	env      map[string]bool // every variable it reads
}

func binaries(t *testing.T) []*binary {
	t.Helper()
	return []*binary{
		{
			name: "planning", moduleDir: "services/planning", mainDir: "services/planning/cmd/planning",
			containerfile: "deploy/planning/Containerfile", distributed: true,
			listen:   []string{"SIMPEG_GRPC_ADDR", "SIMPEG_METRICS_ADDR"},
			required: []string{"SIMPEG_DATABASE_URL", "SIMPEG_NATS_URL", "SIMPEG_GRPC_ADDR"},
			env:      envNames(t, &planning.Config{}),
		},
		{
			name: "gateway", moduleDir: "gateway", mainDir: "gateway/cmd/gateway",
			containerfile: "deploy/gateway/Containerfile", distributed: true,
			listen:   []string{"SIMPEG_HTTP_ADDR", "SIMPEG_METRICS_ADDR"},
			required: []string{"SIMPEG_HTTP_ADDR", "SIMPEG_PLANNING_ADDR"},
			env:      envNames(t, &gateway.Config{}),
		},
		{
			name: "simpeg", moduleDir: "cmd/simpeg", mainDir: "cmd/simpeg",
			containerfile: "deploy/simpeg/Containerfile",
			listen:        []string{"SIMPEG_HTTP_ADDR", "SIMPEG_METRICS_ADDR", "SIMPEG_GATEWAY_METRICS_ADDR"},
			required:      []string{"SIMPEG_DATA_DIR", "SIMPEG_HTTP_ADDR"},
			env:           simpegEnvNames(t),
		},
	}
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

// simpegEnvNames reads the env tags of the all-in-one binary's Config from its source: the
// type is in package main and cannot be imported.
func simpegEnvNames(t *testing.T) map[string]bool {
	t.Helper()
	path := filepath.Join(repoRoot, "cmd", "simpeg", "config.go")
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
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
			if env, ok := reflect.StructTag(tag).Lookup("env"); ok {
				out[env] = true
			}
		}
		return false
	})
	if len(out) == 0 {
		t.Fatalf("%s: no env tags found in type Config", path)
	}
	return out
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

// reads reports whether b reads the variable: one of its settings, or a standard OTEL_* one
// (read by the OpenTelemetry SDK, not by the config struct).
func (b *binary) reads(name string) bool {
	return b.env[name] || strings.HasPrefix(name, "OTEL_")
}

func TestBinariesReadTheirSettings(t *testing.T) {
	for _, b := range binaries(t) {
		for _, n := range slices.Concat(b.listen, b.required) {
			if !b.env[n] {
				t.Errorf("%s: the test names %s, which the binary does not read", b.name, n)
			}
		}
		if !isMainPackage(t, b.mainDir) {
			t.Errorf("%s: %s is not a main package", b.name, b.mainDir)
		}
		if _, err := os.Stat(filepath.Join(repoRoot, b.moduleDir, "go.mod")); err != nil {
			t.Errorf("%s: %v", b.name, err)
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
