package gateway

import (
	"net/http"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/simpeg-id/simpeg/gateway/portal"
)

// TestPortalRoutes checks what / serves with the portal on: its files, index.html for the
// client-side routes, 404 for unknown files, and the gateway's own endpoints untouched.
func TestPortalRoutes(t *testing.T) {
	env := newTestEnv(t, func(c *Config) { c.Portal = true; c.MapTiles = "https://tile.openstreetmap.org/{z}/{x}/{y}.png" })
	if !env.gw.portal.HasIndex() {
		t.Skip("gateway/portal/static/index.html is not there yet")
	}
	version := env.gw.portal.Version()
	csp := env.gw.portal.Policy()
	if want := portal.CSP("https://tile.openstreetmap.org"); !strings.HasPrefix(csp, "default-src 'self'; script-src 'self' 'sha256-") || !strings.Contains(csp, "https://tile.openstreetmap.org") {
		t.Errorf("policy %q: want %q with the page's hashes", csp, want)
	}
	tests := []struct {
		method, path string
		status       int
		contentType  string
		index        bool // the answer is the portal's page
	}{
		{"GET", "/", 200, "text/html; charset=utf-8", true},
		{"HEAD", "/", 200, "text/html; charset=utf-8", false},
		{"GET", "/index.html", 200, "text/html; charset=utf-8", true},
		{"GET", "/cuti", 200, "text/html; charset=utf-8", true},
		{"GET", "/tim/199001012020011001", 200, "text/html; charset=utf-8", true},
		{"GET", "/manifest.webmanifest", 200, "application/manifest+json", false},
		{"GET", "/vendor/preact-htm.js", 200, "text/javascript; charset=utf-8", false},
		{"GET", "/vendor/leaflet.css", 200, "text/css; charset=utf-8", false},
		{"GET", "/vendor/images/marker-icon.png", 200, "image/png", false},
		{"GET", "/app/nothing.js", 404, "application/json", false},
		{"GET", "/favicon.ico", 404, "application/json", false},
		{"POST", "/cuti", 404, "application/json", false},
		{"POST", "/vendor/preact-htm.js", 405, "application/json", false},
		{"GET", "/healthz/nothing", 404, "application/json", false},
		{"GET", "/docs/nothing", 404, "application/json", false},
		{"GET", "/v1/nothing", 404, "application/json", false},
		{"GET", "/v1", 404, "application/json", false},
		{"GET", "/healthz", 200, "application/json", false},
		{"GET", "/openapi.json", 200, "application/json", false},
	}
	for _, tt := range tests {
		status, hdr, raw := call(t, tt.method, env.srv.URL+tt.path, "", nil)
		if status != tt.status || hdr.Get("Content-Type") != tt.contentType {
			t.Errorf("%s %s: status %d, Content-Type %q; want %d, %q", tt.method, tt.path, status, hdr.Get("Content-Type"), tt.status, tt.contentType)
			continue
		}
		isPortal := strings.HasPrefix(tt.contentType, "text/") || tt.contentType == "image/png" || tt.contentType == "application/manifest+json"
		if isPortal {
			if hdr.Get("Content-Security-Policy") != csp || hdr.Get(portal.VersionHeader) != version || hdr.Get("X-Content-Type-Options") != "nosniff" ||
				hdr.Get("Referrer-Policy") != "same-origin" || hdr.Get("Permissions-Policy") != "geolocation=(self), camera=(self)" {
				t.Errorf("%s %s: security headers %v", tt.method, tt.path, hdr)
			}
		}
		if tt.index {
			// The page carries the session (signed out here), so no cache may keep it.
			if hdr.Get("Cache-Control") != "no-store" || strings.Contains(string(raw), portal.VersionPlaceholder) || !strings.Contains(string(raw), version) ||
				!strings.Contains(string(raw), `<script type="application/json" id="simpeg-session">{"signedIn":false,`) {
				t.Errorf("%s %s: not the page with its version and the session (Cache-Control %q)", tt.method, tt.path, hdr.Get("Cache-Control"))
			}
		}
	}

	// Cached for a year only with the current version.
	for q, want := range map[string]string{"?v=" + version: "public, max-age=31536000, immutable", "?v=old": "no-cache", "": "no-cache"} {
		_, hdr, _ := call(t, "GET", env.srv.URL+"/vendor/preact-htm.js"+q, "", nil)
		if got := hdr.Get("Cache-Control"); got != want {
			t.Errorf("/vendor/preact-htm.js%s: Cache-Control %q, want %q", q, got, want)
		}
	}
	// Compressed when accepted, and revalidated with 304.
	req, _ := http.NewRequestWithContext(t.Context(), "GET", env.srv.URL+"/vendor/leaflet.js", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	discardBody(resp.Body)
	if resp.Header.Get("Content-Encoding") != "gzip" || resp.Header.Get("Vary") != "Accept-Encoding" || resp.ContentLength <= 0 || resp.ContentLength > 200<<10 {
		t.Errorf("leaflet.js: Content-Encoding %q, Vary %q, %d bytes", resp.Header.Get("Content-Encoding"), resp.Header.Get("Vary"), resp.ContentLength)
	}
	if status, _, raw := call(t, "GET", env.srv.URL+"/vendor/leaflet.js", "", map[string]string{"If-None-Match": resp.Header.Get("ETag")}); status != http.StatusNotModified || len(raw) != 0 {
		t.Errorf("revalidation: status %d, %d bytes", status, len(raw))
	}

	// One metrics label for every portal file, however many paths are asked for.
	if n := testutil.ToFloat64(env.gw.metrics.requests.WithLabelValues("GET", routePortal, "200")); n < 8 {
		t.Errorf("route %q counted %v answered GETs, want the portal's", routePortal, n)
	}
}

// TestPortalOff checks SIMPEG_PORTAL=false: / is the API's again (404), except Swagger UI's
// files, which the docs page needs.
func TestPortalOff(t *testing.T) {
	env := newTestEnv(t, func(c *Config) { c.Portal = false })
	for path, want := range map[string]int{
		"/":                     404,
		"/cuti":                 404,
		"/manifest.webmanifest": 404,
		"/vendor/preact-htm.js": 404,
		"/vendor/swagger-ui/swagger-ui-bundle.js": 200,
		"/vendor/swagger-ui/nothing.js":           404,
	} {
		status, hdr, _ := call(t, "GET", env.srv.URL+path, "", nil)
		if status != want {
			t.Errorf("GET %s: status %d, want %d", path, status, want)
		}
		if want == 404 && hdr.Get("Content-Type") != "application/json" {
			t.Errorf("GET %s: Content-Type %q, want the API's JSON error", path, hdr.Get("Content-Type"))
		}
	}
}
