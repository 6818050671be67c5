package gateway

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"net/http"
	"strings"
	"time"

	"github.com/simpeg-id/simpeg/gateway/openapi"
)

// The documentation page is plain HTML, CSS and JavaScript of our own, embedded so it works
// offline; the script reads /openapi.json and renders it.
//
//go:embed docs/index.html docs/docs.css docs/docs.js
var docsFS embed.FS

const (
	docsDirPath = "/docs/"
	docsCSSPath = "/docs/docs.css"
	docsJSPath  = "/docs/docs.js"
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

var (
	openAPIFile = newStaticFile(openapi.Document, "application/json")
	docsPage    = newStaticFile(mustDocsFile("docs/index.html"), "text/html; charset=utf-8")
	docsFiles   = map[string]staticFile{
		routeDocs:   docsPage,
		docsDirPath: docsPage,
		docsCSSPath: newStaticFile(mustDocsFile("docs/docs.css"), "text/css; charset=utf-8"),
		docsJSPath:  newStaticFile(mustDocsFile("docs/docs.js"), "text/javascript; charset=utf-8"),
	}
)

// docsCSP keeps the page to its own origin: no other scripts, styles, fonts or images.
const docsCSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

func (f staticFile) serve(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", f.contentType)
	h.Set("ETag", f.etag)
	h.Set("Cache-Control", "no-cache")
	http.ServeContent(w, r, "", time.Time{}, strings.NewReader(f.body))
}

func serveOpenAPI(w http.ResponseWriter, r *http.Request) {
	openAPIFile.serve(w, r)
}

func serveDocs(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Security-Policy", docsCSP)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	docsFiles[r.URL.Path].serve(w, r)
}
