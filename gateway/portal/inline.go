package portal

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/evanw/esbuild/pkg/api"
)

// The first load of the employee's page must reach an interactive check-in button within 3 s on
// Chromium's "Slow 3G" profile, which delays every request by 2 s: there is time for exactly one
// request. So the page the gateway serves carries its critical path inline: the stylesheet in a
// <style>, and one <script type="module"> that esbuild bundles, once per process, from the
// shell's modules and the home screen (everything app/start.js reaches statically, plus
// app/sections/home.js and app/queue.js). Every other screen stays a file of its own, loaded
// when opened, and imports the shell as it always does ("../ui.js"): the gateway answers those
// paths with a small bridge module that re-exports the one instance the inline script
// registered (globalThis.__simpegModules), so there is one Preact, one language setting, one
// session, whichever way a module was loaded. The source files stay plain ES modules that work
// unbundled; the inline script and the style are allowed by their hashes in the page's CSP.
//
// A shell module must not export a binding it reassigns later (export let): a bridge copies
// the values once.

// criticalSections are the screens bundled into the page: the employee's home.
var criticalSections = []string{"/app/sections/home.js"}

// criticalDynamic are the modules main.js imports dynamically that belong in the page too.
var criticalDynamic = []string{"/app/queue.js"}

const (
	// sessionPlaceholder marks where ServePage puts the session, before the page's script.
	sessionPlaceholder = "<!--simpeg-session-->"
	startModule        = "/app/start.js"
	mainModule         = "/app/main.js"
	styleSheet         = "/app/app.css"
	registry           = "__simpegModules"
)

// inlined is what inlineCritical made of the files.
type inlined struct {
	scriptHash, styleHash string   // CSP source expressions: 'sha256-…'
	modules               []string // the modules in the page, now served as bridges
}

// allow adds the page's inline script and style, by their hashes, to the policy csp.
func (in inlined) allow(csp string) string {
	if in.scriptHash != "" {
		csp = strings.Replace(csp, "script-src 'self'", "script-src 'self' "+in.scriptHash, 1)
	}
	if in.styleHash != "" {
		csp = strings.Replace(csp, "style-src 'self'", "style-src 'self' "+in.styleHash, 1)
	}
	return csp
}

// inlineCritical rewrites raw (URL path → content) in place: index.html gets the stylesheet and
// the bundled critical path inline, and each bundled module's file becomes a bridge.
func inlineCritical(raw map[string][]byte) (inlined, error) {
	var out inlined
	page, ok := raw["/index.html"]
	if !ok {
		return out, errors.New("no index.html")
	}
	// Pass 1: which modules are on the critical path.
	first := api.Build(buildOptions(raw, startModule, ""))
	if err := buildError("finding the critical path", first); err != nil {
		return out, err
	}
	var meta struct {
		Inputs map[string]json.RawMessage `json:"inputs"`
	}
	if err := json.Unmarshal([]byte(first.Metafile), &meta); err != nil {
		return out, fmt.Errorf("reading esbuild's metafile: %w", err)
	}
	for in := range meta.Inputs {
		p := strings.TrimPrefix(in, "simpeg:")
		if p != startModule {
			out.modules = append(out.modules, p)
		}
	}
	slices.Sort(out.modules)

	// The names each module exports, for its bridge.
	exports, err := moduleExports(raw, out.modules)
	if err != nil {
		return out, err
	}

	// Pass 2: the page's script registers every module's namespace, then boots.
	var entry strings.Builder
	for i, m := range out.modules {
		fmt.Fprintf(&entry, "import * as m%d from %q;\n", i, m)
	}
	fmt.Fprintf(&entry, "import { boot } from %q;\nglobalThis.%s = {", mainModule, registry)
	for i, m := range out.modules {
		fmt.Fprintf(&entry, "%q: m%d, ", m, i)
	}
	entry.WriteString("};\nboot();\n")
	second := api.Build(buildOptions(raw, "/_entry.js", entry.String()))
	if err := buildError("bundling the page's script", second); err != nil {
		return out, err
	}
	script := second.OutputFiles[0].Contents
	script = []byte(strings.ReplaceAll(string(script), "</script", `<\/script`))

	source, ok := raw[styleSheet]
	if !ok {
		return out, fmt.Errorf("no %s", styleSheet)
	}
	min := api.Transform(string(source), api.TransformOptions{Loader: api.LoaderCSS, MinifyWhitespace: true, MinifySyntax: true, LegalComments: api.LegalCommentsNone})
	if len(min.Errors) > 0 {
		return out, fmt.Errorf("minifying %s: %s", styleSheet, min.Errors[0].Text)
	}
	css := min.Code
	if strings.Contains(strings.ToLower(string(css)), "</style") {
		return out, fmt.Errorf("%s contains </style, which would end the page's <style>", styleSheet)
	}
	newPage, err := rewritePage(string(page), string(script), string(css))
	if err != nil {
		return out, err
	}
	raw["/index.html"] = []byte(newPage)
	out.scriptHash, out.styleHash = cspHash(script), cspHash(css)

	for _, m := range out.modules {
		raw[m] = bridge(m, exports[m])
	}
	return out, nil
}

// buildOptions bundles entry (or the given contents for a virtual entry) from raw, leaving
// out the screens other than the critical ones and the large libraries, which stay files.
func buildOptions(raw map[string][]byte, entry, contents string) api.BuildOptions {
	plugin := api.Plugin{Name: "simpeg", Setup: func(b api.PluginBuild) {
		b.OnResolve(api.OnResolveOptions{Filter: ".*"}, func(a api.OnResolveArgs) (api.OnResolveResult, error) {
			p := a.Path
			if i := strings.IndexAny(p, "?#"); i >= 0 {
				p = p[:i]
			}
			if !strings.HasPrefix(p, "/") {
				dir := "/"
				if a.Importer != "" {
					dir = path.Dir(strings.TrimPrefix(a.Importer, "simpeg:"))
				}
				p = path.Join(dir, p)
			}
			if external(p, a.Kind) {
				return api.OnResolveResult{Path: p, External: true}, nil
			}
			if _, ok := raw[p]; !ok && p != entry {
				return api.OnResolveResult{}, fmt.Errorf("%s imports %s, which the portal does not have", a.Importer, a.Path)
			}
			return api.OnResolveResult{Path: p, Namespace: "simpeg"}, nil
		})
		b.OnLoad(api.OnLoadOptions{Filter: ".*", Namespace: "simpeg"}, func(a api.OnLoadArgs) (api.OnLoadResult, error) {
			s := string(raw[a.Path])
			if a.Path == entry && contents != "" {
				s = contents
			}
			return api.OnLoadResult{Contents: &s, Loader: api.LoaderJS}, nil
		})
	}}
	return api.BuildOptions{
		EntryPoints:       []string{entry},
		Bundle:            true,
		Write:             false,
		Format:            api.FormatESModule,
		Target:            api.ES2020,
		MinifyWhitespace:  true,
		MinifyIdentifiers: true,
		MinifySyntax:      true,
		Metafile:          true,
		Charset:           api.CharsetUTF8,
		LegalComments:     api.LegalCommentsNone,
		Outdir:            "/out",
		LogLevel:          api.LogLevelSilent,
		Plugins:           []api.Plugin{plugin},
	}
}

// external says whether an import stays a request: a screen other than the critical ones
// (dynamic imports of app/sections/), and the libraries other than Preact.
func external(p string, kind api.ResolveKind) bool {
	switch {
	case strings.HasPrefix(p, "/vendor/"):
		return p != "/vendor/preact-htm.js"
	case kind == api.ResolveJSDynamicImport && strings.HasPrefix(p, "/app/sections/"):
		return !slices.Contains(criticalSections, p)
	case kind == api.ResolveJSDynamicImport:
		return !slices.Contains(criticalDynamic, p)
	}
	return false
}

// moduleExports returns the names each module exports (esbuild's metafile, one build).
func moduleExports(raw map[string][]byte, modules []string) (map[string][]string, error) {
	opts := buildOptions(raw, "", "")
	opts.EntryPoints = modules
	opts.Bundle = false
	opts.EntryNames = "[dir]/[name]"
	opts.Outbase = "/"
	res := api.Build(opts)
	if err := buildError("reading the modules' exports", res); err != nil {
		return nil, err
	}
	var meta struct {
		Outputs map[string]struct {
			EntryPoint string   `json:"entryPoint"`
			Exports    []string `json:"exports"`
		} `json:"outputs"`
	}
	if err := json.Unmarshal([]byte(res.Metafile), &meta); err != nil {
		return nil, fmt.Errorf("reading esbuild's metafile: %w", err)
	}
	out := map[string][]string{}
	for _, o := range meta.Outputs {
		if o.EntryPoint != "" {
			out[strings.TrimPrefix(o.EntryPoint, "simpeg:")] = o.Exports
		}
	}
	for _, m := range modules {
		if _, ok := out[m]; !ok {
			return nil, fmt.Errorf("esbuild reported no exports for %s", m)
		}
	}
	return out, nil
}

// bridge is the module served at a bundled module's path: the page's instance, re-exported.
func bridge(module string, names []string) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "// %s is part of the page's own script; this re-exports that instance.\n", module)
	fmt.Fprintf(&b, "const m = globalThis.%s[%q];\n", registry, module)
	var plain []string
	for _, n := range names {
		if n == "default" {
			b.WriteString("export default m.default;\n")
			continue
		}
		plain = append(plain, n)
	}
	if len(plain) > 0 {
		fmt.Fprintf(&b, "export const { %s } = m;\n", strings.Join(plain, ", "))
	}
	return []byte(b.String())
}

// rewritePage puts the stylesheet and the script into the page, in place of the <link> to the
// stylesheet and the <script src> of app/start.js, and drops the module preloads they make
// needless.
func rewritePage(page, script, css string) (string, error) {
	lines := strings.Split(page, "\n")
	var out []string
	var sawStyle, sawScript bool
	for _, l := range lines {
		t := strings.TrimSpace(l)
		switch {
		case strings.HasPrefix(t, `<link rel="modulepreload"`):
			continue
		case strings.HasPrefix(t, `<link rel="stylesheet" href="`+styleSheet):
			out = append(out, "<style>"+css+"</style>")
			sawStyle = true
		case strings.HasPrefix(t, `<script type="module" src="`+startModule):
			out = append(out, sessionPlaceholder, `<script type="module">`+script+"</script>")
			sawScript = true
		default:
			out = append(out, l)
		}
	}
	if !sawStyle || !sawScript {
		return "", fmt.Errorf("index.html must link %s and load %s on lines of their own", styleSheet, startModule)
	}
	return strings.Join(out, "\n"), nil
}

func cspHash(b []byte) string {
	sum := sha256.Sum256(b)
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}

func buildError(doing string, r api.BuildResult) error {
	if len(r.Errors) == 0 {
		return nil
	}
	var errs []error
	for _, m := range r.Errors {
		where := ""
		if m.Location != nil {
			where = fmt.Sprintf("%s:%d: ", strings.TrimPrefix(m.Location.File, "simpeg:"), m.Location.Line)
		}
		errs = append(errs, errors.New(where+m.Text))
	}
	return fmt.Errorf("%s: %w", doing, errors.Join(errs...))
}
