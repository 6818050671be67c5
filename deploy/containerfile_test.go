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
	builderImage = "golang:1.26"
	runtimeImage = "gcr.io/distroless/static-debian12:nonroot"
	nonrootUser  = "65532"
)

// containerfile is what the tests need of a Containerfile: its stages and their instructions.
type containerfile struct {
	path   string
	stages []*stage
}

type stage struct {
	from, name  string
	env         map[string]string // ENV, in order of appearance (later ones win)
	user        string
	expose      []int
	healthcheck []string // exec form
	entrypoint  []string
	copies      []copyInstr
	commands    []command // go build / go install in RUN
	srcRoot     string    // where COPY . . put the build context, if it did
}

type copyInstr struct {
	from string
	src  []string
	dst  string
}

// command is one go build or go install in a RUN instruction.
type command struct {
	line    string
	workdir string
	env     map[string]string // the stage's ENV plus the inline assignments
	verb    string            // build or install
	args    []string
}

// output is the -o of a go build, or GOBIN/<last element> of a go install.
func (c command) output() string {
	for i, a := range c.args {
		if a == "-o" && i+1 < len(c.args) {
			return c.args[i+1]
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

func (s *stage) final() bool { return s.name == "" }

func parseContainerfile(t *testing.T, rel string) *containerfile {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(repoRoot, rel))
	if err != nil {
		t.Fatal(err)
	}
	cf := &containerfile{path: rel}
	var cur *stage
	workdir := "/"
	var logical []string
	var pending strings.Builder
	for _, line := range strings.Split(string(raw), "\n") {
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
		if instr != "FROM" && cur == nil {
			t.Fatalf("%s: %s before FROM", rel, instr)
		}
		switch instr {
		case "FROM":
			w := shellWords(t, rest)
			cur = &stage{from: w[0], env: map[string]string{}}
			if len(w) == 3 && strings.EqualFold(w[1], "AS") {
				cur.name = w[2]
			}
			// Earlier stages are builders; the last one, unnamed, is the image.
			cf.stages = append(cf.stages, cur)
			workdir = "/"
		case "ENV":
			for _, w := range shellWords(t, rest) {
				k, v, ok := strings.Cut(w, "=")
				if !ok {
					t.Fatalf("%s: ENV %q: use the KEY=value form", rel, rest)
				}
				cur.env[k] = v
			}
		case "WORKDIR":
			workdir = path.Join(workdir, rest)
			if path.IsAbs(rest) {
				workdir = path.Clean(rest)
			}
		case "COPY":
			w := shellWords(t, rest)
			var c copyInstr
			for len(w) > 0 && strings.HasPrefix(w[0], "--") {
				if v, ok := strings.CutPrefix(w[0], "--from="); ok {
					c.from = v
				}
				w = w[1:]
			}
			c.src, c.dst = w[:len(w)-1], path.Join(workdir, w[len(w)-1])
			cur.copies = append(cur.copies, c)
			if c.from == "" && slices.Equal(c.src, []string{"."}) {
				cur.srcRoot = c.dst
			}
		case "RUN":
			w := shellWords(t, rest)
			for len(w) > 0 && strings.HasPrefix(w[0], "--") {
				w = w[1:]
			}
			env := maps.Clone(cur.env)
			for len(w) > 0 && strings.Contains(w[0], "=") && !strings.HasPrefix(w[0], "-") {
				k, v, _ := strings.Cut(w[0], "=")
				env[k] = v
				w = w[1:]
			}
			if len(w) >= 2 && w[0] == "go" && (w[1] == "build" || w[1] == "install") {
				cur.commands = append(cur.commands, command{line: l, workdir: workdir, env: env, verb: w[1], args: w[2:]})
			} else if slices.Contains(w, "go") {
				t.Errorf("%s: RUN %q: keep each go command in a RUN of its own, so the test can read it", rel, rest)
			}
		case "USER":
			cur.user = rest
		case "EXPOSE":
			for _, w := range strings.Fields(rest) {
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
		case "CMD", "VOLUME", "LABEL", "ARG":
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

// image is the final stage.
func (cf *containerfile) image() *stage { return cf.stages[len(cf.stages)-1] }

func (cf *containerfile) builds() []command {
	var out []command
	for _, s := range cf.stages {
		out = append(out, s.commands...)
	}
	return out
}

// repoDir maps a directory of the build stage to the repository, through COPY . <srcRoot>.
func (cf *containerfile) repoDir(t *testing.T, dir string) string {
	t.Helper()
	for _, s := range cf.stages {
		if s.srcRoot == "" {
			continue
		}
		rel, err := filepath.Rel(s.srcRoot, dir)
		if err != nil || strings.HasPrefix(rel, "..") {
			continue
		}
		return filepath.ToSlash(rel)
	}
	t.Errorf("%s: %s is not under the copied repository (COPY . <dir>)", cf.path, dir)
	return ""
}

// copied maps each path of the image to the build-stage path it was copied from.
func (cf *containerfile) copied() map[string]string {
	out := map[string]string{}
	for _, c := range cf.image().copies {
		if c.from != "" && len(c.src) == 1 {
			out[c.dst] = c.src[0]
		}
	}
	return out
}

var pinnedInstall = regexp.MustCompile(`^[a-z0-9.\-]+(/[A-Za-z0-9._\-]+)+@v\d+\.\d+\.\d+$`)

func TestContainerfiles(t *testing.T) {
	for _, b := range binaries(t) {
		t.Run(b.name, func(t *testing.T) {
			cf := parseContainerfile(t, b.containerfile)
			for _, s := range cf.stages[:len(cf.stages)-1] {
				if s.from != builderImage {
					t.Errorf("build stage %q is FROM %s, want %s", s.name, s.from, builderImage)
				}
			}
			img := cf.image()
			if !img.final() || img.from != runtimeImage {
				t.Errorf("the image stage is FROM %s AS %q, want %s, unnamed", img.from, img.name, runtimeImage)
			}
			if u, _, _ := strings.Cut(img.user, ":"); u != nonrootUser {
				t.Errorf("USER %q, want %s (distroless nonroot)", img.user, nonrootUser)
			}

			// Every go build names a main package of the repository, built on its own
			// module (GOWORK=off), static and reproducible.
			var binOut string
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
					modDir := cf.repoDir(t, c.workdir)
					if _, err := os.Stat(filepath.Join(repoRoot, modDir, "go.mod")); err != nil {
						t.Errorf("%q runs in %s, which is not a module directory: %v", c.line, c.workdir, err)
					}
					pkgs := c.packages()
					if len(pkgs) != 1 {
						t.Errorf("%q: want one package, have %q", c.line, pkgs)
						continue
					}
					dir := cf.repoDir(t, path.Join(c.workdir, pkgs[0]))
					if !isMainPackage(t, dir) {
						t.Errorf("%q builds %s, which is no main package of the repository", c.line, dir)
					}
					if dir == b.mainDir {
						if modDir != b.moduleDir {
							t.Errorf("%q: builds %s from %s, want from its module %s", c.line, dir, modDir, b.moduleDir)
						}
						binOut = c.output()
					}
				}
				if c.output() == "" {
					t.Errorf("%q: no output path (-o, or GOBIN for go install)", c.line)
				}
			}
			if binOut == "" {
				t.Fatalf("no go build of %s", b.mainDir)
			}

			// The image holds the binary and runs it.
			copied := cf.copied()
			if len(img.entrypoint) == 0 || copied[img.entrypoint[0]] != binOut {
				t.Errorf("ENTRYPOINT %q does not run %s (the go build of %s)", img.entrypoint, binOut, b.mainDir)
			}

			// Its settings: only variables the binary reads, and listen addresses on all
			// interfaces, each port exposed.
			for k := range img.env {
				if !b.reads(k) {
					t.Errorf("ENV %s: %s does not read it", k, b.name)
				}
			}
			checkSettings(t, b.containerfile, b, img.env)
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

			// The health check runs a probe that is in the image, against the image's port.
			if len(img.healthcheck) == 0 {
				t.Fatal("no HEALTHCHECK")
			}
			if _, ok := copied[img.healthcheck[0]]; !ok {
				t.Errorf("HEALTHCHECK runs %s, which is not copied into the image", img.healthcheck[0])
			}
			checkHealthcheck(t, b, img)

			// A Containerfile-specific ignore file keeps keys and data out of the context.
			ign, err := os.ReadFile(filepath.Join(repoRoot, b.containerfile+".dockerignore"))
			if err != nil {
				t.Fatal(err)
			}
			for _, must := range []string{".git", "deploy/local", "**/data", "**/*.db"} {
				if !slices.Contains(strings.Split(string(ign), "\n"), must) {
					t.Errorf("%s.dockerignore does not exclude %s", b.containerfile, must)
				}
			}
		})
	}
}

// checkHealthcheck matches the probe's address to the address the binary listens on.
func checkHealthcheck(t *testing.T, b *binary, img *stage) {
	t.Helper()
	hc := img.healthcheck
	switch path.Base(hc[0]) {
	case "grpc-health-probe":
		var addr string
		for _, a := range hc[1:] {
			if v, ok := strings.CutPrefix(a, "-addr="); ok {
				addr = v
			}
		}
		_, want := hostPort(t, "SIMPEG_GRPC_ADDR", img.env["SIMPEG_GRPC_ADDR"])
		if h, p := hostPort(t, "HEALTHCHECK -addr", addr); h != "127.0.0.1" || p != want {
			t.Errorf("HEALTHCHECK %q: want -addr=127.0.0.1:%d", hc, want)
		}
	case "httpprobe":
		if len(hc) != 2 {
			t.Fatalf("HEALTHCHECK %q: want httpprobe URL", hc)
		}
		_, want := hostPort(t, "SIMPEG_HTTP_ADDR", img.env["SIMPEG_HTTP_ADDR"])
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
