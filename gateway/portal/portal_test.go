package portal

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
)

// testFiles is a small portal: the page, the service worker, the manifest, a module, an icon.
func testFiles() fstest.MapFS {
	return fstest.MapFS{
		"static/index.html":           {Data: []byte(`<!doctype html><script type="module" src="/app/main.js?v=__SIMPEG_VERSION__"></script><div data-version="__SIMPEG_VERSION__"></div>` + strings.Repeat("<!-- padding -->", 40))},
		"static/sw.js":                {Data: []byte(`const CACHE = "simpeg-__SIMPEG_VERSION__";` + strings.Repeat("\n// the service worker", 40))},
		"static/manifest.webmanifest": {Data: []byte(`{"name":"SIMPEG","start_url":"/"}`)},
		"static/app/main.js":          {Data: []byte(`export const x = "__SIMPEG_VERSION__";` + strings.Repeat("\nconsole.log('hello');", 60))},
		"static/icons/icon.png":       {Data: bytes.Repeat([]byte{0x89, 'P', 'N', 'G'}, 200)},
	}
}

func testPortal(t *testing.T, fsys fstest.MapFS, tiles string) *Portal {
	t.Helper()
	f, err := build(fsys)
	if err != nil {
		t.Fatal(err)
	}
	origin, err := TileOrigin(tiles)
	if err != nil {
		t.Fatal(err)
	}
	return &Portal{files: f, csp: CSP(origin)}
}

func serve(t *testing.T, p *Portal, target, file string, header map[string]string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(http.MethodGet, target, nil)
	for k, v := range header {
		r.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	if err := p.Serve(w, r, file); err != nil {
		t.Fatalf("Serve %s: %v", file, err)
	}
	return w
}

func TestVersion(t *testing.T) {
	fsys := testFiles()
	a := testPortal(t, fsys, "")
	if len(a.Version()) != 12 || strings.Trim(a.Version(), "0123456789abcdef") != "" {
		t.Fatalf("version %q is not 12 hex digits", a.Version())
	}
	// The same files give the same version; any change to any file gives another.
	if b := testPortal(t, testFiles(), ""); b.Version() != a.Version() {
		t.Errorf("the same files: version %s, then %s", a.Version(), b.Version())
	}
	fsys["static/icons/icon.png"] = &fstest.MapFile{Data: []byte("another icon")}
	if c := testPortal(t, fsys, ""); c.Version() == a.Version() {
		t.Errorf("an icon changed and the version stayed %s", a.Version())
	}

	// The placeholder is replaced in the page and the service worker only.
	for _, tt := range []struct {
		file     string
		replaced bool
	}{{"/index.html", true}, {"/sw.js", true}, {"/app/main.js", false}} {
		body := serve(t, a, tt.file, tt.file, nil).Body.String()
		if got := strings.Contains(body, a.Version()) && !strings.Contains(body, VersionPlaceholder); got != tt.replaced {
			t.Errorf("%s: placeholder replaced = %v, want %v", tt.file, got, tt.replaced)
		}
	}
}

func TestServeHeaders(t *testing.T) {
	p := testPortal(t, testFiles(), "")
	v := p.Version()
	tests := []struct {
		target, file, contentType, cache string
		gzip                             bool // a text file worth compressing
	}{
		{"/", "/index.html", "text/html; charset=utf-8", "no-cache", true},
		{"/cuti", "/index.html", "text/html; charset=utf-8", "no-cache", true},
		{"/sw.js", "/sw.js", "text/javascript; charset=utf-8", "no-cache", true},
		{"/sw.js?v=" + v, "/sw.js", "text/javascript; charset=utf-8", "no-cache", true},
		{"/manifest.webmanifest", "/manifest.webmanifest", "application/manifest+json", "no-cache", false},
		{"/app/main.js", "/app/main.js", "text/javascript; charset=utf-8", "no-cache", true},
		{"/app/main.js?v=" + v, "/app/main.js", "text/javascript; charset=utf-8", "public, max-age=31536000, immutable", true},
		{"/app/main.js?v=0123456789ab", "/app/main.js", "text/javascript; charset=utf-8", "no-cache", true},
		{"/icons/icon.png?v=" + v, "/icons/icon.png", "image/png", "public, max-age=31536000, immutable", false},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			plain := serve(t, p, tt.target, tt.file, nil)
			h := plain.Header()
			want := map[string]string{
				"Content-Type":            tt.contentType,
				"Cache-Control":           tt.cache,
				VersionHeader:             v,
				"Content-Security-Policy": CSP(""),
				"X-Content-Type-Options":  "nosniff",
				"Referrer-Policy":         "same-origin",
				"Permissions-Policy":      "geolocation=(self), camera=(self)",
				"Content-Encoding":        "",
			}
			for k, w := range want {
				if got := h.Get(k); got != w {
					t.Errorf("%s = %q, want %q", k, got, w)
				}
			}
			if plain.Code != http.StatusOK || h.Get("ETag") == "" {
				t.Fatalf("status %d, ETag %q", plain.Code, h.Get("ETag"))
			}
			zipped := serve(t, p, tt.target, tt.file, map[string]string{"Accept-Encoding": "br, gzip;q=0.8"})
			zh := zipped.Header()
			if got := zh.Get("Content-Encoding") == "gzip"; got != tt.gzip {
				t.Fatalf("gzip = %v, want %v", got, tt.gzip)
			}
			if tt.gzip {
				if zh.Get("Vary") != "Accept-Encoding" || h.Get("Vary") != "Accept-Encoding" {
					t.Errorf("Vary = %q and %q, want Accept-Encoding on both", zh.Get("Vary"), h.Get("Vary"))
				}
				zr, err := gzip.NewReader(zipped.Body)
				if err != nil {
					t.Fatal(err)
				}
				unzipped, err := io.ReadAll(zr)
				if err != nil || !bytes.Equal(unzipped, plain.Body.Bytes()) {
					t.Errorf("the gzip body does not unzip to the plain one (%v)", err)
				}
				if zipped.Body.Len() >= plain.Body.Len() || zh.Get("ETag") == h.Get("ETag") {
					t.Errorf("gzip %d bytes (ETag %s), plain %d (ETag %s)", zipped.Body.Len(), zh.Get("ETag"), plain.Body.Len(), h.Get("ETag"))
				}
			}
			// Revalidation: either encoding's tag, also weak, gets 304 without a body.
			for _, tag := range []string{h.Get("ETag"), zh.Get("ETag"), "W/" + h.Get("ETag"), `"other", ` + h.Get("ETag")} {
				nm := serve(t, p, tt.target, tt.file, map[string]string{"If-None-Match": tag})
				if nm.Code != http.StatusNotModified || nm.Body.Len() != 0 {
					t.Errorf("If-None-Match %s: status %d, %d bytes", tag, nm.Code, nm.Body.Len())
				}
			}
			if nm := serve(t, p, tt.target, tt.file, map[string]string{"If-None-Match": `"stale"`}); nm.Code != http.StatusOK {
				t.Errorf("a stale If-None-Match: status %d", nm.Code)
			}
		})
	}
	if err := p.Serve(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/nothing.js", nil), "/nothing.js"); err != ErrNotFound {
		t.Errorf("Serve of a missing file = %v, want ErrNotFound", err)
	}
}

func TestAcceptsGzip(t *testing.T) {
	for header, want := range map[string]bool{
		"":                     false,
		"gzip":                 true,
		"gzip, deflate, br":    true,
		"br;q=1.0, gzip;q=0.5": true,
		"GZIP":                 true,
		"gzip;q=0":             false,
		"gzip; q=0.000":        false,
		"deflate, br":          false,
		"x-gzip":               false,
	} {
		if got := acceptsGzip([]string{header}); got != want {
			t.Errorf("Accept-Encoding %q: %v, want %v", header, got, want)
		}
	}
}

func TestTileOrigin(t *testing.T) {
	tests := []struct {
		template, origin, err string
	}{
		{"", "", ""},
		{"https://tile.openstreetmap.org/{z}/{x}/{y}.png", "https://tile.openstreetmap.org", ""},
		{"https://{s}.tile.pemkomedan.go.id/{z}/{x}/{y}.png", "https://*.tile.pemkomedan.go.id", ""},
		{"http://10.1.2.3:8081/tiles/{z}/{x}/{y}.png", "http://10.1.2.3:8081", ""},
		{"https://tile.openstreetmap.org/{z}/{x}.png", "", "lacks {y}"},
		{"ftp://tile.example/{z}/{x}/{y}.png", "", "https://"},
		{"tile.openstreetmap.org/{z}/{x}/{y}.png", "", "https://"},
		{"https://{z}.tiles.example/{z}/{x}/{y}.png", "", "plain host"},
		{"https://user@tiles.example/{z}/{x}/{y}.png", "", "plain host"},
	}
	for _, tt := range tests {
		got, err := TileOrigin(tt.template)
		switch {
		case tt.err == "" && (err != nil || got != tt.origin):
			t.Errorf("TileOrigin(%q) = %q, %v; want %q", tt.template, got, err, tt.origin)
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("TileOrigin(%q) = %q, %v; want an error about %s", tt.template, got, err, tt.err)
		}
	}
	want := "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob: https://tile.openstreetmap.org; connect-src 'self'; worker-src 'self'; manifest-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
	if got := CSP("https://tile.openstreetmap.org"); got != want {
		t.Errorf("CSP = %q\nwant  %q", got, want)
	}
}

func TestContentTypes(t *testing.T) {
	for name, want := range map[string]string{
		"/app/main.js":          "text/javascript; charset=utf-8",
		"/manifest.webmanifest": "application/manifest+json",
		"/icons/icon.svg":       "image/svg+xml",
		"/icons/icon-192.png":   "image/png",
		"/app/app.css":          "text/css; charset=utf-8",
		"/app/i18n/id.json":     "application/json",
		"/index.html":           "text/html; charset=utf-8",
		"/vendor/LICENSE.txt":   "text/plain; charset=utf-8",
		"/blob.unknownext":      "application/octet-stream",
	} {
		if got := ContentType(name); got != want {
			t.Errorf("ContentType(%s) = %q, want %q", name, got, want)
		}
	}
}

// TestEmbedded checks the real embedded files load: the vendored libraries are there, and
// Swagger UI, a large script, is served compressed.
func TestEmbedded(t *testing.T) {
	p, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"/vendor/preact-htm.js", "/vendor/swagger-ui/swagger-ui-bundle.js", "/vendor/swagger-ui/swagger-ui.css"} {
		if !p.Has(f) {
			t.Errorf("no %s embedded", f)
		}
	}
	w := serve(t, p, "/vendor/swagger-ui/swagger-ui-bundle.js", "/vendor/swagger-ui/swagger-ui-bundle.js", map[string]string{"Accept-Encoding": "gzip"})
	if w.Header().Get("Content-Encoding") != "gzip" || w.Body.Len() > 800<<10 {
		t.Errorf("swagger-ui-bundle.js: Content-Encoding %q, %d bytes", w.Header().Get("Content-Encoding"), w.Body.Len())
	}
	if _, err := New(Options{MapTiles: "https://tiles.example/{z}.png"}); err == nil || !strings.Contains(err.Error(), "map tiles") {
		t.Errorf("New with a bad template = %v", err)
	}
}
