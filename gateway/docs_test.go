package gateway

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// TestDocsOffline checks the documentation page: Swagger UI from the gateway's own vendored
// files, started by our own script (no inline script, which the CSP forbids), loading
// /openapi.json, and nothing from other sites, with the portal on or off.
func TestDocsOffline(t *testing.T) {
	for _, on := range []bool{true, false} {
		env := newTestEnv(t, func(c *Config) { c.Portal = on })
		version := env.gw.portal.Version()
		external := regexp.MustCompile(`(?i)(src|href)\s*=\s*["']?\s*(https?:)?//|@import|url\(\s*["']?(https?:)?//`)
		tests := []struct {
			path, contentType string
			mustContain       []string
			cache             string
		}{
			{"/docs", "text/html; charset=utf-8", []string{
				`<script src="/vendor/swagger-ui/swagger-ui-bundle.js?v=` + version + `"`,
				`<script src="/docs/docs.js?v=` + version + `"`,
				`<link rel="stylesheet" href="/vendor/swagger-ui/swagger-ui.css?v=` + version + `"`,
				`id="swagger-ui"`, "illustrative",
			}, "no-cache"},
			{"/docs/", "text/html; charset=utf-8", []string{`id="swagger-ui"`}, "no-cache"},
			{"/docs/docs.js", "text/javascript; charset=utf-8", []string{`url: "/openapi.json"`, "SwaggerUIBundle(", "validatorUrl: null", `"Bearer "`, `"X-Simpeg-Client"`}, "no-cache"},
			{"/docs/docs.js?v=" + version, "text/javascript; charset=utf-8", []string{"SwaggerUIBundle("}, "public, max-age=31536000, immutable"},
			{"/docs/docs.css", "text/css; charset=utf-8", []string{"font-family"}, "no-cache"},
		}
		for _, tt := range tests {
			status, hdr, raw := call(t, "GET", env.srv.URL+tt.path, "", nil)
			if status != http.StatusOK || hdr.Get("Content-Type") != tt.contentType {
				t.Fatalf("portal %v, %s: status %d, Content-Type %q", on, tt.path, status, hdr.Get("Content-Type"))
			}
			for _, want := range tt.mustContain {
				if !strings.Contains(string(raw), want) {
					t.Errorf("portal %v: %s lacks %q", on, tt.path, want)
				}
			}
			if m := external.Find(raw); m != nil {
				t.Errorf("%s loads from another site: %q", tt.path, m)
			}
			if strings.Contains(string(raw), "http://") || strings.Contains(string(raw), "https://") {
				t.Errorf("%s mentions an absolute URL", tt.path)
			}
			if csp := hdr.Get("Content-Security-Policy"); csp != docsCSP {
				t.Errorf("%s Content-Security-Policy = %q", tt.path, csp)
			}
			if cc := hdr.Get("Cache-Control"); cc != tt.cache {
				t.Errorf("%s Cache-Control = %q, want %q", tt.path, cc, tt.cache)
			}
			if hdr.Get("X-Content-Type-Options") != "nosniff" {
				t.Errorf("%s without nosniff", tt.path)
			}
		}

		// Swagger UI itself, from the vendored files, whether the portal is on or not.
		for path, ct := range map[string]string{
			"/vendor/swagger-ui/swagger-ui-bundle.js?v=" + version: "text/javascript; charset=utf-8",
			"/vendor/swagger-ui/swagger-ui.css?v=" + version:       "text/css; charset=utf-8",
		} {
			status, hdr, raw := call(t, "GET", env.srv.URL+path, "", nil)
			if status != http.StatusOK || hdr.Get("Content-Type") != ct || len(raw) < 10000 {
				t.Errorf("portal %v: %s: status %d, Content-Type %q, %d bytes", on, path, status, hdr.Get("Content-Type"), len(raw))
			}
			if cc := hdr.Get("Cache-Control"); cc != "public, max-age=31536000, immutable" {
				t.Errorf("%s Cache-Control = %q", path, cc)
			}
		}
		if status, _, _ := call(t, "GET", env.srv.URL+"/docs/nothing.js", "", nil); status != http.StatusNotFound {
			t.Errorf("portal %v: /docs/nothing.js status %d, want 404", on, status)
		}
	}
}
