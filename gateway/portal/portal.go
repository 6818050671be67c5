// Package portal serves simpeg's web portal: the files under static/ (HTML, ES modules, CSS,
// icons, the web app manifest, the service worker and the vendored front-end libraries),
// embedded in the binary so the portal works on a city intranet with nothing else installed.
//
// The files are read once per process: the portal's version is a short hash of all of them,
// written into index.html and sw.js wherever they say __SIMPEG_VERSION__ (cache busting and the
// service worker's cache name); text files are compressed with gzip once and served compressed
// to browsers that accept it. Every answer has an ETag, so a browser revalidates with a 304, and
// the portal's security headers (a Content-Security-Policy allowing only the own origin, and the
// map tile server's origin for images when one is configured).
package portal

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"net/url"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// staticFS holds the portal's files. Names starting with "." or "_" are left out, as go:embed
// does for a directory, except the screens' shared helpers, app/sections/_shared, named here.
//
//go:embed static static/app/sections/_shared
var staticFS embed.FS

// VersionPlaceholder is replaced by the portal's version in index.html and sw.js.
const VersionPlaceholder = "__SIMPEG_VERSION__"

// Cache-Control values: revalidate every time, or keep for a year a URL that carries the
// current version (?v=<version>), which changes whenever any file does.
const (
	cacheRevalidate = "no-cache"
	cacheImmutable  = "public, max-age=31536000, immutable"
)

// VersionHeader carries the portal's version on every portal file.
const VersionHeader = "X-Simpeg-Version"

// asset is one file as served: its body, its gzip form when that is worth sending, and their
// entity tags.
type asset struct {
	body        []byte
	gz          []byte // nil when the file is not text or does not shrink
	etag, gzTag string
	contentType string
	// alwaysRevalidate is set for the files a browser must never keep without asking: the page,
	// the service worker and the manifest.
	alwaysRevalidate bool
}

// files is the table of every embedded file by URL path ("/app/main.js"), built once.
type files struct {
	byPath  map[string]*asset
	version string
	// inline is what inlineCritical did to the page (inline.go); zero for a portal without
	// app/start.js, whose page loads its modules as files.
	inline inlined
}

var (
	loadOnce sync.Once
	loaded   *files
	loadErr  error
)

// load reads and prepares the embedded files once per process: gzip at the best compression of
// a few megabytes takes a moment, and tests start many gateways.
func load() (*files, error) {
	loadOnce.Do(func() { loaded, loadErr = build(staticFS) })
	return loaded, loadErr
}

// build reads every file of fsys under static/, computes the version and prepares the assets.
func build(fsys fs.FS) (*files, error) {
	raw := map[string][]byte{}
	err := fs.WalkDir(fsys, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return fmt.Errorf("reading %s: %w", p, err)
		}
		raw[strings.TrimPrefix(p, "static")] = b
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading the portal's files: %w", err)
	}
	names := make([]string, 0, len(raw))
	for n := range raw {
		names = append(names, n)
	}
	sort.Strings(names)
	h := sha256.New()
	for _, n := range names {
		fmt.Fprintf(h, "%s\x00%d\x00", n, len(raw[n]))
		h.Write(raw[n])
	}
	f := &files{byPath: make(map[string]*asset, len(raw)), version: hex.EncodeToString(h.Sum(nil))[:12]}
	for _, n := range []string{"/index.html", "/sw.js"} {
		if b, ok := raw[n]; ok {
			raw[n] = bytes.ReplaceAll(b, []byte(VersionPlaceholder), []byte(f.version))
		}
	}
	if _, ok := raw[startModule]; ok {
		if f.inline, err = inlineCritical(raw); err != nil {
			return nil, fmt.Errorf("inlining the portal's critical path: %w", err)
		}
	}
	for _, n := range names {
		body := raw[n]
		revalidate := n == "/index.html" || n == "/sw.js" || n == "/manifest.webmanifest"
		a, err := newAsset(n, body, revalidate)
		if err != nil {
			return nil, err
		}
		f.byPath[n] = a
	}
	return f, nil
}

func newAsset(name string, body []byte, revalidate bool) (*asset, error) {
	sum := sha256.Sum256(body)
	tag := hex.EncodeToString(sum[:10])
	a := &asset{body: body, etag: `"` + tag + `"`, gzTag: `"` + tag + `-gz"`, contentType: ContentType(name), alwaysRevalidate: revalidate}
	if compressible(a.contentType) && len(body) > 256 {
		var buf bytes.Buffer
		zw, err := gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
		if err != nil {
			return nil, fmt.Errorf("compressing %s: %w", name, err)
		}
		if _, err := zw.Write(body); err != nil {
			return nil, fmt.Errorf("compressing %s: %w", name, err)
		}
		if err := zw.Close(); err != nil {
			return nil, fmt.Errorf("compressing %s: %w", name, err)
		}
		// Only when it saves something worth a header.
		if buf.Len() < len(body)*9/10 {
			a.gz = buf.Bytes()
		}
	}
	return a, nil
}

// contentTypes are the types of the portal's files, by extension; others come from the mime
// package.
var contentTypes = map[string]string{
	".html":        "text/html; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".mjs":         "text/javascript; charset=utf-8",
	".css":         "text/css; charset=utf-8",
	".json":        "application/json",
	".map":         "application/json",
	".webmanifest": "application/manifest+json",
	".svg":         "image/svg+xml",
	".png":         "image/png",
	".ico":         "image/x-icon",
	".jpg":         "image/jpeg",
	".webp":        "image/webp",
	".woff2":       "font/woff2",
	".txt":         "text/plain; charset=utf-8",
	".md":          "text/markdown; charset=utf-8",
}

// ContentType is the Content-Type the portal serves a file called name with.
func ContentType(name string) string {
	ext := strings.ToLower(path.Ext(name))
	if t, ok := contentTypes[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

func compressible(contentType string) bool {
	return strings.HasPrefix(contentType, "text/") || strings.HasPrefix(contentType, "application/json") ||
		strings.HasPrefix(contentType, "application/manifest+json") || strings.HasPrefix(contentType, "image/svg+xml")
}

// Options configure a Portal.
type Options struct {
	// MapTiles is the URL template of the office map's tiles, e.g.
	// "https://tile.openstreetmap.org/{z}/{x}/{y}.png"; empty means no tiles. Its origin is
	// allowed for images in the Content-Security-Policy.
	MapTiles string
}

// Portal serves the embedded files. Create it with New.
type Portal struct {
	files *files
	csp   string
}

// New prepares the portal: the files (once per process) and the security policy of opts.
func New(opts Options) (*Portal, error) {
	origin, err := TileOrigin(opts.MapTiles)
	if err != nil {
		return nil, fmt.Errorf("map tiles: %w", err)
	}
	f, err := load()
	if err != nil {
		return nil, err
	}
	return &Portal{files: f, csp: f.inline.allow(CSP(origin))}, nil
}

// Policy is the Content-Security-Policy the portal's answers carry: CSP with the map tiles'
// origin and the page's own inline script and style, by hash.
func (p *Portal) Policy() string { return p.csp }

// Version is the portal's version: 12 hex digits of a hash of every embedded file.
func (p *Portal) Version() string { return p.files.version }

// Has reports whether an embedded file is served at urlPath.
func (p *Portal) Has(urlPath string) bool {
	_, ok := p.files.byPath[urlPath]
	return ok
}

// HasIndex reports whether the portal has its page, index.html, which client-side routes get.
func (p *Portal) HasIndex() bool { return p.Has("/index.html") }

// CSP returns the portal's Content-Security-Policy with the map tile server's origin, if any,
// allowed for images.
func CSP(tileOrigin string) string {
	img := "img-src 'self' data: blob:"
	if tileOrigin != "" {
		img += " " + tileOrigin
	}
	return "default-src 'self'; script-src 'self'; style-src 'self'; " + img +
		"; connect-src 'self'; worker-src 'self'; manifest-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
}

// TileOrigin checks a map tile URL template and returns its origin for the
// Content-Security-Policy: "https://tile.openstreetmap.org" for
// "https://tile.openstreetmap.org/{z}/{x}/{y}.png", "https://*.tile.example.id" for a template
// with a {s} subdomain. An empty template has no origin.
func TileOrigin(template string) (string, error) {
	if template == "" {
		return "", nil
	}
	for _, p := range []string{"{z}", "{x}", "{y}"} {
		if !strings.Contains(template, p) {
			return "", fmt.Errorf("template %q lacks %s", template, p)
		}
	}
	scheme, rest, ok := strings.Cut(template, "://")
	if !ok || (scheme != "https" && scheme != "http") {
		return "", fmt.Errorf("template %q must start with https:// or http://", template)
	}
	host, _, _ := strings.Cut(rest, "/")
	wild := false
	if h, ok := strings.CutPrefix(host, "{s}."); ok {
		host, wild = h, true
	}
	u, err := url.Parse(scheme + "://" + host + "/")
	if err != nil || u.Host == "" || u.User != nil || strings.ContainsAny(host, "{}*?#@ ") {
		return "", fmt.Errorf("template %q has no plain host (only a {s}. subdomain may vary)", template)
	}
	if wild {
		return scheme + "://*." + u.Host, nil
	}
	return scheme + "://" + u.Host, nil
}

// SetSecurityHeaders sets the portal's security headers on h: its Content-Security-Policy,
// no MIME sniffing, no referrer to other sites, and the browser features the portal uses
// (location for checking in, the camera for attachments) for its own origin only.
func (p *Portal) SetSecurityHeaders(h http.Header) {
	SecurityHeaders(h, p.csp)
}

// SecurityHeaders sets the security headers of a page served with the policy csp.
func SecurityHeaders(h http.Header, csp string) {
	h.Set("Content-Security-Policy", csp)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Permissions-Policy", "geolocation=(self), camera=(self)")
}

// ErrNotFound is returned by Serve for a path with no file.
var ErrNotFound = errors.New("no such portal file")

// Serve answers a GET or HEAD of the file at urlPath (which may differ from the request's
// path: index.html for a client-side route) with its caching, compression and security
// headers. It returns ErrNotFound, having written nothing, when there is no such file.
func (p *Portal) Serve(w http.ResponseWriter, r *http.Request, urlPath string) error {
	a, ok := p.files.byPath[urlPath]
	if !ok {
		return ErrNotFound
	}
	h := w.Header()
	p.SetSecurityHeaders(h)
	h.Set(VersionHeader, p.files.version)
	h.Set("Content-Type", a.contentType)
	switch {
	case a.alwaysRevalidate:
		h.Set("Cache-Control", cacheRevalidate)
	case r.URL.Query().Get("v") == p.files.version:
		h.Set("Cache-Control", cacheImmutable)
	default:
		h.Set("Cache-Control", cacheRevalidate)
	}
	body, tag := a.body, a.etag
	if a.gz != nil {
		h.Add("Vary", "Accept-Encoding")
		if acceptsGzip(r.Header.Values("Accept-Encoding")) {
			body, tag = a.gz, a.gzTag
			h.Set("Content-Encoding", "gzip")
		}
	}
	h.Set("ETag", tag)
	if noneMatch(r.Header.Values("If-None-Match"), a) {
		h.Del("Content-Type")
		h.Del("Content-Encoding")
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body) // an error means the client has gone
	}
	return nil
}

// SessionElement is the id of the element ServePage puts the session in:
// <script type="application/json" id="simpeg-session">, data a script reads, never runs.
const SessionElement = "simpeg-session"

// ServePage answers a GET or HEAD of the portal's page with session, the JSON of GET
// /auth/session, inside it, so the page knows who is signed in without a second request (on
// Slow 3G one costs 2 s). session must be JSON as encoding/json writes it (it escapes <, > and
// &, so it cannot end the element). Such a page is the person's own: it is never stored by a
// cache, and compressed per answer. Without a session, or for a page without the inline
// script, it is Serve's page.
func (p *Portal) ServePage(w http.ResponseWriter, r *http.Request, session []byte) {
	a := p.files.byPath["/index.html"]
	if a == nil || session == nil || !bytes.Contains(a.body, []byte(sessionPlaceholder)) {
		_ = p.Serve(w, r, "/index.html")
		return
	}
	body := bytes.Replace(a.body, []byte(sessionPlaceholder),
		[]byte(`<script type="application/json" id="`+SessionElement+`">`+string(session)+`</script>`), 1)
	h := w.Header()
	p.SetSecurityHeaders(h)
	h.Set(VersionHeader, p.files.version)
	h.Set("Content-Type", a.contentType)
	h.Set("Cache-Control", "no-store")
	h.Add("Vary", "Accept-Encoding")
	if acceptsGzip(r.Header.Values("Accept-Encoding")) {
		var buf bytes.Buffer
		// The best compression: the page is the whole first load (about 4 ms of CPU a page).
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression) // a valid level: cannot fail
		_, _ = zw.Write(body)                                    // writes to memory
		_ = zw.Close()
		body = buf.Bytes()
		h.Set("Content-Encoding", "gzip")
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body) // an error means the client has gone
	}
}

// acceptsGzip reads Accept-Encoding: gzip is accepted unless absent or given q=0.
func acceptsGzip(values []string) bool {
	for _, v := range values {
		for part := range strings.SplitSeq(v, ",") {
			name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
			if !strings.EqualFold(strings.TrimSpace(name), "gzip") {
				continue
			}
			q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
			if q == "q=0" || q == "q=0.0" || q == "q=0.00" || q == "q=0.000" {
				return false
			}
			return true
		}
	}
	return false
}

// noneMatch reports whether If-None-Match names the file in either of its encodings (a weak
// comparison, as RFC 9110 asks for If-None-Match), or is "*".
func noneMatch(values []string, a *asset) bool {
	for _, v := range values {
		for tag := range strings.SplitSeq(v, ",") {
			tag = strings.TrimPrefix(strings.TrimSpace(tag), "W/")
			if tag == "*" || tag == a.etag || tag == a.gzTag {
				return true
			}
		}
	}
	return false
}
