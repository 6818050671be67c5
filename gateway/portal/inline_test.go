package portal

import (
	"bytes"
	"compress/gzip"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
)

func readStatic(t *testing.T) map[string][]byte {
	t.Helper()
	raw := map[string][]byte{}
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(staticFS, p)
		raw[strings.TrimPrefix(p, "static")] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

func gzipSize(b []byte) int {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
	zw.Write(b)
	zw.Close()
	return buf.Len()
}

// TestInlineCritical checks the page carries its critical path inline and the bundled modules
// become bridges to the page's instances.
func TestInlineCritical(t *testing.T) {
	raw := readStatic(t)
	res, err := inlineCritical(raw)
	if err != nil {
		t.Fatal(err)
	}
	page := string(raw["/index.html"])
	for _, want := range []string{"<style>", `<script type="module">`, "__simpegModules"} {
		if !strings.Contains(page, want) {
			t.Errorf("index.html lacks %q", want)
		}
	}
	for _, gone := range []string{`src="/app/start.js`, `href="/app/app.css`, "modulepreload"} {
		if strings.Contains(page, gone) {
			t.Errorf("index.html still has %q", gone)
		}
	}
	for _, m := range []string{"/app/main.js", "/app/ui.js", "/app/i18n.js", "/vendor/preact-htm.js", "/app/sections/home.js"} {
		if !strings.Contains(string(raw[m]), "globalThis.__simpegModules") {
			t.Errorf("%s is not a bridge:\n%s", m, raw[m])
		}
	}
	if !strings.Contains(string(raw["/app/ui.js"]), "html") {
		t.Errorf("ui.js's bridge does not export html:\n%s", raw["/app/ui.js"])
	}
	if !strings.HasPrefix(res.scriptHash, "'sha256-") || !strings.HasPrefix(res.styleHash, "'sha256-") {
		t.Errorf("hashes %q %q", res.scriptHash, res.styleHash)
	}
	t.Logf("index.html %d bytes, %d gzip; modules inline: %v", len(page), gzipSize([]byte(page)), res.modules)
}

// TestPortalAllowsItsInlineCode checks the served policy allows exactly the page's inline
// script and style, by hash, and nothing inline besides.
func TestPortalAllowsItsInlineCode(t *testing.T) {
	p, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	in := p.files.inline
	for _, want := range []string{"script-src 'self' " + in.scriptHash + ";", "style-src 'self' " + in.styleHash + ";"} {
		if !strings.Contains(p.csp, want) {
			t.Errorf("CSP %q lacks %q", p.csp, want)
		}
	}
	if strings.Contains(p.csp, "unsafe-inline") {
		t.Errorf("CSP allows unsafe-inline: %q", p.csp)
	}
	if page := string(p.files.byPath["/index.html"].body); strings.Contains(page, VersionPlaceholder) {
		t.Errorf("the page still has %s", VersionPlaceholder)
	}
}

// TestEveryImportIsServed checks every module the screens import is a file the portal serves
// (a helper directory left out of go:embed shows as a broken screen in the browser only).
func TestEveryImportIsServed(t *testing.T) {
	raw := readStatic(t)
	var disk []string
	err := fs.WalkDir(os.DirFS("static"), ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".js") {
			disk = append(disk, "/"+p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range disk {
		if _, ok := raw[p]; !ok {
			t.Errorf("%s is on disk but not embedded (go:embed leaves out names starting with _ or .)", p)
		}
	}
}

// TestServePageCarriesTheSession checks the page comes with the session as data, uncached.
func TestServePageCarriesTheSession(t *testing.T) {
	p, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	session := []byte(`{"signedIn":true,"subject":"196912032003112001","name":"\u003c/script\u003e"}`)
	for _, gz := range []bool{false, true} {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		if gz {
			r.Header.Set("Accept-Encoding", "gzip")
		}
		w := httptest.NewRecorder()
		p.ServePage(w, r, session)
		body := w.Body.Bytes()
		if gz {
			zr, err := gzip.NewReader(bytes.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			if body, err = io.ReadAll(zr); err != nil {
				t.Fatal(err)
			}
		}
		want := `<script type="application/json" id="simpeg-session">` + string(session) + `</script>`
		if !strings.Contains(string(body), want) || strings.Contains(string(body), sessionPlaceholder) {
			t.Errorf("gzip %v: the page does not carry the session in place", gz)
		}
		if i, j := strings.Index(string(body), want), strings.Index(string(body), `<script type="module">`); i < 0 || j < i {
			t.Errorf("gzip %v: the session must come before the page's script", gz)
		}
		if got := w.Header().Get("Cache-Control"); got != "no-store" {
			t.Errorf("gzip %v: Cache-Control %q, want no-store", gz, got)
		}
		if got := w.Header().Get("Content-Security-Policy"); got != p.Policy() {
			t.Errorf("gzip %v: CSP %q", gz, got)
		}
	}
}
