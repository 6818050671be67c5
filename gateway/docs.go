package gateway

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"net/http"
	"strings"
	"time"

	"github.com/simpeg-id/simpeg/gateway/openapi"
	"github.com/simpeg-id/simpeg/gateway/portal"
)

// The documentation page is Swagger UI, served from the portal's vendored files
// (/vendor/swagger-ui/, kept from web/package-lock.json), with a page and a small initializer
// of our own, embedded so it works offline: the initializer loads /openapi.json.
//
//go:embed docs/index.html docs/docs.css docs/docs.js
var docsFS embed.FS

const (
	docsDirPath = "/docs/"
	docsCSSPath = "/docs/docs.css"
	docsJSPath  = "/docs/docs.js"
	// docsVendorPrefix holds Swagger UI's files, which the docs page needs even when the portal
	// is switched off.
	docsVendorPrefix = "/vendor/swagger-ui/"
)

// staticFile is an embedded file served with an ETag, so browsers revalidate cheaply.
type staticFile struct {
	body        string
	contentType string
	etag        string
}

func newStaticFile(body, contentType string) staticFile {
	sum := sha256.Sum256([]byte(body))
	return staticFile{body: body, contentType: contentType, etag: `"` + hex.EncodeToString(sum[:12]) + `"`}
}

func mustDocsFile(name string) string {
	b, err := docsFS.ReadFile(name)
	if err != nil {
		// The names are fixed by the go:embed line above; a miss is a build mistake.
		panic("gateway: embedded docs file missing: " + name)
	}
	return string(b)
}

var openAPIFile = newStaticFile(openapi.Document, "application/json")

// newDocsFiles returns the documentation page's files, their links to the vendored and own
// files carrying the portal's version (?v=), which browsers may keep for a year.
func newDocsFiles(version string) map[string]staticFile {
	v := func(name string) string {
		return strings.ReplaceAll(mustDocsFile(name), portal.VersionPlaceholder, version)
	}
	page := newStaticFile(v("docs/index.html"), "text/html; charset=utf-8")
	return map[string]staticFile{
		routeDocs:   page,
		docsDirPath: page,
		docsCSSPath: newStaticFile(v("docs/docs.css"), "text/css; charset=utf-8"),
		docsJSPath:  newStaticFile(v("docs/docs.js"), "text/javascript; charset=utf-8"),
	}
}

// docsCSP keeps the page to its own origin: Swagger UI (5.x) runs with no inline script or
// style (checked in Chromium: the page, Authorize, "Try it out" and the models report no
// violation) and shows its icons as data: URLs; it loads, fetches and runs nothing from
// elsewhere.
const docsCSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; font-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// serve answers with the file, its ETag (a matching If-None-Match gets 304) and cacheControl.
func (f staticFile) serve(w http.ResponseWriter, r *http.Request, cacheControl string) {
	h := w.Header()
	h.Set("Content-Type", f.contentType)
	h.Set("ETag", f.etag)
	h.Set("Cache-Control", cacheControl)
	http.ServeContent(w, r, "", time.Time{}, strings.NewReader(f.body))
}

func serveOpenAPI(w http.ResponseWriter, r *http.Request) {
	openAPIFile.serve(w, r, "no-cache")
}

// serveDocs answers the documentation page and its own files; the script and the style sheet
// asked for with the current version (?v=) may be kept for a year.
func (g *Gateway) serveDocs(w http.ResponseWriter, r *http.Request) {
	portal.SecurityHeaders(w.Header(), docsCSP)
	cc := "no-cache"
	if r.URL.Path != routeDocs && r.URL.Path != docsDirPath && r.URL.Query().Get("v") == g.portal.Version() {
		cc = "public, max-age=31536000, immutable"
	}
	g.docs[r.URL.Path].serve(w, r, cc)
}
