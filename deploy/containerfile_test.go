package deploy_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const (
	// containerfilePath is the one Containerfile of every image; the SERVICE build argument
	// picks the binary.
	containerfilePath = "deploy/Containerfile"
	builderImage      = "golang:1.26"
	runtimeImage      = "gcr.io/distroless/static-debian12:nonroot"
	nonrootUser       = "65532"
)

// containerfile is what the tests need of a Containerfile built with given build arguments:
// its stages, with what each inherits from the stage it builds on, and the image (the last).
type containerfile struct {
	path   string
	stages []*stage
	byName map[string]*stage
}

type stage struct {
	from, name string
	base       *stage            // the earlier stage it builds on; nil when FROM an image
	args       map[string]string // build arguments in scope (ARG)
	// What the stage inherits from base and changes.
	env         map[string]string
	user        string
	expose      []int
	healthcheck []string // exec form
	entrypoint  []string
	workdir     string
	srcRoot     string            // where COPY . . put the build context, if it did
	files       map[string]origin // paths COPY --from put there → where they came from
	// The stage's own work.
	commands   []command // go build / go install in RUN
	copiesFrom []string  // stages COPY --from reads
}

// origin is a path of a stage's filesystem.
type origin struct{ stage, path string }

// command is one go build or go install in a RUN instruction.
type command struct {
	stage   string
	line    string
	workdir string
	env     map[string]string // the stage's ARG and ENV plus the inline assignments
	verb    string            // build or install
	args    []string          // build arguments and ENV expanded, as the shell does
}

// output is the -o of a go build, or GOBIN/<last element> of a go install.
func (c command) output() string {
	for i, a := range c.args {
		if a == "-o" && i+1 < len(c.args) {
			return resolve(c.workdir, c.args[i+1])
		}
	}
	if c.verb == "install" && len(c.packages()) == 1 {
		p := c.packages()[0]
		p = p[:strings.LastIndex(p, "@")]
		return path.Join(c.env["GOBIN"], path.Base(p))
	}
	return ""
}

// packages are the non-flag arguments (the value of -o excluded).
func (c command) packages() []string {
	var out []string
	for i := 0; i < len(c.args); i++ {
		a := c.args[i]
		switch {
		case a == "-o":
			i++
		case strings.HasPrefix(a, "-"):
		default:
			out = append(out, a)
		}
	}
	return out
}

func (c command) hasFlag(flag string) bool { return slices.Contains(c.args, flag) }

// resolve returns p, a path relative to dir or absolute, as an absolute path.
func resolve(dir, p string) string {
	if path.IsAbs(p) {
		return path.Clean(p)
	}
	return path.Join(dir, p)
}

// parseContainerfile reads the Containerfile at rel as a builder would with buildArgs: ARG
// values substituted, each stage starting from the state of the stage it names in FROM.
func parseContainerfile(t *testing.T, rel string, buildArgs map[string]string) *containerfile {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(repoRoot, rel))
	if err != nil {
		t.Fatal(err)
	}
	cf := &containerfile{path: rel, byName: map[string]*stage{}}
	global := map[string]string{}
	var cur *stage
	var logical []string
	var pending strings.Builder
	for line := range strings.SplitSeq(string(raw), "\n") {
		trimmed := strings.TrimSpace(line)
		if pending.Len() == 0 && (trimmed == "" || strings.HasPrefix(trimmed, "#")) {
			continue
		}
		if strings.HasSuffix(trimmed, "\\") {
			pending.WriteString(strings.TrimSuffix(trimmed, "\\") + " ")
			continue
		}
		pending.WriteString(trimmed)
		logical = append(logical, pending.String())
		pending.Reset()
	}
	if pending.Len() > 0 {
		t.Fatalf("%s: the last instruction ends in a line continuation", rel)
	}
	for _, l := range logical {
		instr, rest, _ := strings.Cut(l, " ")
		instr = strings.ToUpper(instr)
		rest = strings.TrimSpace(rest)
		if instr == "ARG" && cur == nil {
			name, def, _ := strings.Cut(rest, "=")
			global[name] = def
			if v, ok := buildArgs[name]; ok {
				global[name] = v
			}
			continue
		}
		if instr != "FROM" && cur == nil {
			t.Fatalf("%s: %s before FROM", rel, instr)
		}
		// What the shell (RUN) and the builder (other instructions) substitute.
		expand := func(s string) string {
			return os.Expand(s, func(k string) string {
				if v, ok := cur.env[k]; ok {
					return v
				}
				return cur.args[k]
			})
		}
		switch instr {
		case "FROM":
			w := shellWords(t, os.Expand(rest, func(k string) string { return global[k] }))
			if len(w) == 0 || w[0] == "" {
				t.Fatalf("%s: FROM %s names no image with build arguments %v", rel, rest, buildArgs)
			}
			cur = &stage{from: w[0], args: map[string]string{}, env: map[string]string{}, workdir: "/", files: map[string]origin{}}
			if len(w) == 3 && strings.EqualFold(w[1], "AS") {
				cur.name = w[2]
			}
			if b, ok := cf.byName[w[0]]; ok {
				cur.base = b
				cur.env, cur.files = maps.Clone(b.env), maps.Clone(b.files)
				cur.user, cur.expose, cur.healthcheck, cur.entrypoint = b.user, slices.Clone(b.expose), b.healthcheck, b.entrypoint
				cur.workdir, cur.srcRoot = b.workdir, b.srcRoot
			}
			cf.stages = append(cf.stages, cur)
			if cur.name != "" {
				if _, dup := cf.byName[cur.name]; dup {
					t.Fatalf("%s: two stages named %s", rel, cur.name)
				}
				cf.byName[cur.name] = cur
			}
		case "ARG":
			name, def, hasDef := strings.Cut(rest, "=")
			switch v, given := buildArgs[name]; {
			case given:
				cur.args[name] = v
			case hasDef:
				cur.args[name] = def
			default:
				cur.args[name] = global[name]
			}
		case "ENV":
			for _, w := range shellWords(t, rest) {
				k, v, ok := strings.Cut(w, "=")
				if !ok {
					t.Fatalf("%s: ENV %q: use the KEY=value form", rel, rest)
				}
				cur.env[k] = expand(v)
			}
		case "WORKDIR":
			cur.workdir = resolve(cur.workdir, expand(rest))
		case "COPY":
			w := shellWords(t, expand(rest))
			var from string
			for len(w) > 0 && strings.HasPrefix(w[0], "--") {
				if v, ok := strings.CutPrefix(w[0], "--from="); ok {
					from = v
				}
				w = w[1:]
			}
			src, dst := w[:len(w)-1], resolve(cur.workdir, w[len(w)-1])
			switch {
			case from == "" && slices.Equal(src, []string{"."}):
				cur.srcRoot = dst
			case from != "" && len(src) == 1:
				if _, ok := cf.byName[from]; !ok {
					t.Fatalf("%s: COPY --from=%s: no earlier stage of that name", rel, from)
				}
				cur.copiesFrom = append(cur.copiesFrom, from)
				cur.files[dst] = origin{from, src[0]}
			default:
				t.Fatalf("%s: COPY %s is not understood by this test; teach it", rel, rest)
			}
		case "RUN":
			w := shellWords(t, expand(rest))
			for len(w) > 0 && strings.HasPrefix(w[0], "--") {
				w = w[1:]
			}
			env := maps.Clone(cur.args)
			maps.Copy(env, cur.env)
			for len(w) > 0 && strings.Contains(w[0], "=") && !strings.HasPrefix(w[0], "-") {
				k, v, _ := strings.Cut(w[0], "=")
				env[k] = v
				w = w[1:]
			}
			if len(w) >= 2 && w[0] == "go" && (w[1] == "build" || w[1] == "install") {
				cur.commands = append(cur.commands, command{stage: cur.name, line: l, workdir: cur.workdir, env: env, verb: w[1], args: w[2:]})
			} else if slices.Contains(w, "go") {
				t.Errorf("%s: RUN %q: keep each go command in a RUN of its own, so the test can read it", rel, rest)
			}
		case "USER":
			cur.user = expand(rest)
		case "EXPOSE":
			cur.expose = nil
			if cur.base != nil {
				cur.expose = slices.Clone(cur.base.expose)
			}
			for _, w := range strings.Fields(expand(rest)) {
				p, err := strconv.Atoi(strings.TrimSuffix(w, "/tcp"))
				if err != nil {
					t.Fatalf("%s: EXPOSE %q", rel, w)
				}
				cur.expose = append(cur.expose, p)
			}
		case "HEALTHCHECK":
			_, cmd, ok := strings.Cut(rest, "CMD ")
			if !ok {
				t.Fatalf("%s: HEALTHCHECK without CMD", rel)
			}
			cur.healthcheck = execForm(t, rel, "HEALTHCHECK CMD", cmd)
		case "ENTRYPOINT":
			cur.entrypoint = execForm(t, rel, "ENTRYPOINT", rest)
		case "CMD", "VOLUME", "LABEL":
		default:
			t.Fatalf("%s: instruction %s is not understood by this test; teach it", rel, instr)
		}
	}
	if len(cf.stages) < 2 {
		t.Fatalf("%s: want a build stage and the image stage", rel)
	}
	return cf
}

func execForm(t *testing.T, file, what, s string) []string {
	t.Helper()
	var out []string
	if err := json.Unmarshal([]byte(s), &out); err != nil || len(out) == 0 {
		t.Fatalf("%s: %s %s: want the exec (JSON array) form: distroless has no shell", file, what, s)
	}
	return out
}

// shellWords splits s like a POSIX shell does for simple words: whitespace separates, and
// single or double quotes group (and are removed).
func shellWords(t *testing.T, s string) []string {
	t.Helper()
	var out []string
	var cur strings.Builder
	inWord := false
	var quote rune
	for _, r := range s {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			} else {
				cur.WriteRune(r)
			}
		case r == '"' || r == '\'':
			quote, inWord = r, true
		case r == ' ' || r == '\t':
			if inWord {
				out = append(out, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if quote != 0 {
		t.Fatalf("unclosed quote in %q", s)
	}
	if inWord {
		out = append(out, cur.String())
	}
	return out
}

// image is the last stage: what the build makes.
func (cf *containerfile) image() *stage { return cf.stages[len(cf.stages)-1] }

// needed returns the stages the image needs (the ones a builder runs), by name or, for
// unnamed stages, by position.
func (cf *containerfile) needed() []*stage {
	seen := map[*stage]bool{}
	var visit func(s *stage)
	visit = func(s *stage) {
		if s == nil || seen[s] {
			return
		}
		seen[s] = true
		visit(s.base)
		for _, f := range s.copiesFrom {
			visit(cf.byName[f])
		}
	}
	visit(cf.image())
	return slices.DeleteFunc(slices.Clone(cf.stages), func(s *stage) bool { return !seen[s] })
}

// builds are the go commands of the stages the image needs.
func (cf *containerfile) builds() []command {
	var out []command
	for _, s := range cf.needed() {
		out = append(out, s.commands...)
	}
	return out
}

// producer returns the go command that made the file o, in o's stage or one it builds on.
func (cf *containerfile) producer(o origin) (command, bool) {
	for s := cf.byName[o.stage]; s != nil; s = s.base {
		for _, c := range s.commands {
			if c.output() == o.path {
				return c, true
			}
		}
	}
	return command{}, false
}

// repoDir maps a directory of a build stage to the repository, through COPY . <srcRoot>.
func (cf *containerfile) repoDir(t *testing.T, c command, dir string) string {
	t.Helper()
	s := cf.byName[c.stage]
	if s == nil || s.srcRoot == "" {
		t.Errorf("%s: stage %s has no copy of the repository (COPY . <dir>)", cf.path, c.stage)
		return ""
	}
	rel, err := filepath.Rel(s.srcRoot, dir)
	if err != nil || strings.HasPrefix(rel, "..") {
		t.Errorf("%s: %s is not under the copied repository %s", cf.path, dir, s.srcRoot)
		return ""
	}
	return filepath.ToSlash(rel)
}

// imageOf parses the Containerfile as docker build --build-arg SERVICE=<b.name> does.
func imageOf(t *testing.T, b *binary) *containerfile {
	t.Helper()
	return parseContainerfile(t, containerfilePath, map[string]string{"SERVICE": b.name})
}

var pinnedInstall = regexp.MustCompile(`^[a-z0-9.\-]+(/[A-Za-z0-9._\-]+)+@v\d+\.\d+\.\d+$`)

func TestContainerfile(t *testing.T) {
	for _, b := range binaries(t) {
		t.Run(b.name, func(t *testing.T) {
			cf := imageOf(t, b)
			for _, s := range cf.needed() {
				if s.base == nil && s.from != builderImage && s.from != runtimeImage {
					t.Errorf("stage %q is FROM %s, want %s (build) or %s (image)", s.name, s.from, builderImage, runtimeImage)
				}
			}
			img := cf.image()
			root := img
			for root.base != nil {
				root = root.base
			}
			if root.from != runtimeImage {
				t.Errorf("the image is built on %s, want %s", root.from, runtimeImage)
			}
			if u, _, _ := strings.Cut(img.user, ":"); u != nonrootUser {
				t.Errorf("USER %q, want %s (distroless nonroot)", img.user, nonrootUser)
			}

			// Every go build names a main package of the repository, built on its own
			// module (GOWORK=off), static and reproducible.
			for _, c := range cf.builds() {
				switch c.verb {
				case "install":
					for _, p := range c.packages() {
						if !pinnedInstall.MatchString(p) {
							t.Errorf("go install %s: pin a version (@vX.Y.Z)", p)
						}
					}
				case "build":
					if c.env["GOWORK"] != "off" || c.env["CGO_ENABLED"] != "0" {
						t.Errorf("%q: want GOWORK=off and CGO_ENABLED=0, have %q and %q", c.line, c.env["GOWORK"], c.env["CGO_ENABLED"])
					}
					if !c.hasFlag("-trimpath") || !c.hasFlag("-ldflags=-s -w") {
						t.Errorf("%q: want -trimpath -ldflags=\"-s -w\"", c.line)
					}
					modDir := cf.repoDir(t, c, c.workdir)
					if _, err := os.Stat(filepath.Join(repoRoot, modDir, "go.mod")); err != nil {
						t.Errorf("%q runs in %s, which is not a module directory: %v", c.line, c.workdir, err)
					}
					pkgs := c.packages()
					if len(pkgs) != 1 {
						t.Errorf("%q: want one package, have %q", c.line, pkgs)
						continue
					}
					if dir := cf.repoDir(t, c, path.Join(c.workdir, pkgs[0])); !isMainPackage(t, dir) {
						t.Errorf("%q builds %s, which is no main package of the repository", c.line, dir)
					}
				}
				if c.output() == "" {
					t.Errorf("%q: no output path (-o, or GOBIN for go install)", c.line)
				}
			}

			// The image runs the build of the binary's main package, made on its module.
			if len(img.entrypoint) == 0 {
				t.Fatal("no ENTRYPOINT")
			}
			c, ok := cf.producer(img.files[img.entrypoint[0]])
			if !ok {
				t.Fatalf("ENTRYPOINT %q runs no file that a go build copied into the image", img.entrypoint)
			}
			if c.verb != "build" || len(c.packages()) != 1 || cf.repoDir(t, c, path.Join(c.workdir, c.packages()[0])) != b.mainDir {
				t.Errorf("ENTRYPOINT %q runs the output of %q, want the build of %s", img.entrypoint, c.line, b.mainDir)
			} else if dir := cf.repoDir(t, c, c.workdir); dir != b.moduleDir {
				t.Errorf("%q: builds %s from %s, want from its module %s", c.line, b.mainDir, dir, b.moduleDir)
			}

			// Its settings: only variables the binary reads, and listen addresses on all
			// interfaces, each port exposed.
			for k := range img.env {
				if !b.reads(k) {
					t.Errorf("ENV %s: %s does not read it", k, b.name)
				}
			}
			checkSettings(t, containerfilePath, b, img.env, false)
			listenPorts := map[int]string{}
			for _, n := range b.listen {
				v, ok := img.env[n]
				if !ok {
					t.Errorf("ENV %s not set: the binary's default listens on 127.0.0.1, out of reach in a container", n)
					continue
				}
				h, p := hostPort(t, n, v)
				if h != "0.0.0.0" && h != "" {
					t.Errorf("ENV %s=%s: listen on 0.0.0.0 in a container", n, v)
				}
				if other, dup := listenPorts[p]; dup {
					t.Errorf("ENV %s and %s both use port %d", n, other, p)
				}
				listenPorts[p] = n
				if _, dp := hostPort(t, "default "+n, b.defaults[n]); dp != p {
					t.Errorf("ENV %s=%s: the binary's default is port %d (%s); keep its port, which the other files and the docs assume", n, v, dp, b.defaults[n])
				}
				if !slices.Contains(img.expose, p) {
					t.Errorf("ENV %s=%s: port %d is not in EXPOSE %v", n, v, p, img.expose)
				}
			}
			for _, p := range img.expose {
				if _, ok := listenPorts[p]; !ok {
					t.Errorf("EXPOSE %d: no listen address of the image uses it", p)
				}
			}

			// The health check runs a probe that a go command put in the image, against the
			// image's port.
			if len(img.healthcheck) == 0 {
				t.Fatal("no HEALTHCHECK")
			}
			if _, ok := cf.producer(img.files[img.healthcheck[0]]); !ok {
				t.Errorf("HEALTHCHECK runs %s, which no go build or install copied into the image", img.healthcheck[0])
			}
			checkHealthcheck(t, b, img)
		})
	}
}

// TestContainerfileStages checks the Containerfile as a whole: the build fails without SERVICE,
// every stage serves some binary's image, and the ignore file keeps keys and data out of the
// build context.
func TestContainerfileStages(t *testing.T) {
	used := map[string]bool{}
	for _, b := range binaries(t) {
		for _, s := range imageOf(t, b).needed() {
			used[s.name] = true
		}
	}
	for _, s := range parseContainerfile(t, containerfilePath, map[string]string{"SERVICE": "planning"}).stages {
		if s.name != "" && !used[s.name] {
			t.Errorf("stage %s: no binary's image needs it", s.name)
		}
	}
	raw, err := os.ReadFile(filepath.Join(repoRoot, containerfilePath))
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`(?m)^ARG SERVICE$`).Match(raw) || !regexp.MustCompile(`(?m)^FROM \$\{SERVICE\}$`).Match(raw) {
		t.Errorf("%s: want a global ARG SERVICE without default and the image FROM ${SERVICE}, so a build without it fails", containerfilePath)
	}
	// BuildKit reads <Containerfile>.dockerignore beside it; the context is the repository root.
	ign, err := os.ReadFile(filepath.Join(repoRoot, containerfilePath+".dockerignore"))
	if err != nil {
		t.Fatal(err)
	}
	for _, must := range []string{".git", "deploy/local", "**/data", "**/*.db"} {
		if !slices.Contains(strings.Split(string(ign), "\n"), must) {
			t.Errorf("%s.dockerignore does not exclude %s", containerfilePath, must)
		}
	}
}

// checkHealthcheck matches the probe's address to the address the binary listens on.
func checkHealthcheck(t *testing.T, b *binary, img *stage) {
	t.Helper()
	hc := img.healthcheck
	_, want := hostPort(t, b.serves, img.env[b.serves])
	switch path.Base(hc[0]) {
	case "grpc-health-probe":
		if !b.grpc {
			t.Errorf("HEALTHCHECK %q: %s serves HTTP, not gRPC", hc, b.name)
		}
		var addr string
		for _, a := range hc[1:] {
			if v, ok := strings.CutPrefix(a, "-addr="); ok {
				addr = v
			}
		}
		if h, p := hostPort(t, "HEALTHCHECK -addr", addr); h != "127.0.0.1" || p != want {
			t.Errorf("HEALTHCHECK %q: want -addr=127.0.0.1:%d", hc, want)
		}
	case "httpprobe":
		if b.grpc {
			t.Errorf("HEALTHCHECK %q: %s serves gRPC; probe grpc.health.v1", hc, b.name)
		}
		if len(hc) != 2 {
			t.Fatalf("HEALTHCHECK %q: want httpprobe URL", hc)
		}
		for _, p := range []string{"/healthz", "/readyz"} {
			if hc[1] == fmt.Sprintf("http://127.0.0.1:%d%s", want, p) {
				return
			}
		}
		t.Errorf("HEALTHCHECK %q: want http://127.0.0.1:%d/healthz or /readyz", hc, want)
	default:
		t.Errorf("HEALTHCHECK %q: unknown probe", hc)
	}
}
