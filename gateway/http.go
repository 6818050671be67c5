package gateway

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Route labels of the requests the grpc-gateway mux does not route; with the API's route
// patterns they are the only values of the route label, so metrics stay bounded.
const (
	routeHealthz   = "/healthz"
	routeReadyz    = "/readyz"
	routeOpenAPI   = "/openapi.json"
	routeDocs      = "/docs"
	routePreflight = "preflight"
	routeUnmatched = "unmatched"
	// routePortal labels every file of the portal and its client-side routes.
	routePortal = "portal"
	// routeRefused labels a change refused for coming with the session cookie from elsewhere.
	routeRefused = "refused"
)

// maxRequestIDLen bounds a client-sent X-Request-Id; a longer or non-printable one is replaced.
const maxRequestIDLen = 128

// serveHTTP is the gateway's handler under the otelhttp one: request id, CORS, body limit,
// dispatch, then metrics and the access log.
func (g *Gateway) serveHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rec := recorderPool.Get().(*recorder)
	rec.ResponseWriter, rec.status, rec.route = w, 0, ""
	defer func() {
		rec.ResponseWriter = nil
		recorderPool.Put(rec)
	}()

	var id string
	if ids := r.Header["X-Request-Id"]; len(ids) == 1 && validRequestID(ids[0]) {
		id = ids[0]
	} else {
		id = newRequestID()
		r.Header["X-Request-Id"] = []string{id} // the services get the same id
	}
	h := w.Header()
	h["X-Request-Id"] = []string{id}
	// No answer is ever to be sniffed into another type: an uploaded document (GET
	// /v1/documents/{id}) is served with the type its magic bytes proved, and nothing else.
	h["X-Content-Type-Options"] = []string{"nosniff"}

	g.metrics.inFlight.Inc()
	g.dispatch(rec, r)
	g.metrics.inFlight.Dec()

	if rec.route != "" {
		// otelhttp names the span and sets http.route from the request's pattern.
		r.Pattern = rec.route
	}
	status := rec.status
	if status == 0 {
		status = http.StatusOK
	}
	d := time.Since(start)
	g.metrics.observe(r.Method, rec.route, status, d)

	level := slog.LevelInfo
	if rec.route == routeHealthz || rec.route == routeReadyz || rec.route == routeHealthDetails {
		level = slog.LevelDebug // probes would drown the log
	}
	if g.log.Enabled(r.Context(), level) {
		g.log.LogAttrs(r.Context(), level, "request",
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.String("route", rec.route),
			slog.Int("status", status),
			slog.Float64("duration_ms", float64(d.Microseconds())/1000),
			slog.String("request_id", id),
		)
	}
}

func (g *Gateway) dispatch(w *recorder, r *http.Request) {
	if g.cors.handle(w, r) {
		w.route = routePreflight
		return
	}
	if r.ContentLength > g.cfg.MaxBodyBytes {
		g.writeTooLarge(w)
		w.route = routeUnmatched
		return
	}
	switch r.URL.Path {
	case routeHealthz:
		w.route = routeHealthz
		if allowGet(w, r) {
			serveHealthz(w)
		}
	case routeReadyz:
		w.route = routeReadyz
		if allowGet(w, r) {
			g.ready.serve(w, r)
		}
	case routeHealthDetails:
		w.route = routeHealthDetails
		if allowGet(w, r) {
			g.details.serve(w, r)
		}
	case routeOpenAPI:
		w.route = routeOpenAPI
		if allowGet(w, r) {
			serveOpenAPI(w, r)
		}
	case routeDocs, docsDirPath, docsCSSPath, docsJSPath:
		w.route = routeDocs
		if allowGet(w, r) {
			g.serveDocs(w, r)
		}
	default:
		switch {
		case strings.HasPrefix(r.URL.Path, authPrefix):
			g.serveAuth(w, r)
		case !strings.HasPrefix(r.URL.Path, "/v1/") && g.servePortal(w, r):
		case !g.sessionToAPI(w, r):
			w.route = routeRefused
		default:
			g.serveAPI(w, r)
		}
	}
}

// serveAPI hands a request to the grpc-gateway mux with the request deadline and, when there is
// a body, the size limit. A watch (a server-streaming call, GET …:watch) has no request deadline:
// it lasts as long as the service streams (ten minutes for a work plan) or the client stays, and
// the server's read and write deadlines are lifted for its connection (see liftDeadlines).
func (g *Gateway) serveAPI(w *recorder, r *http.Request) {
	var (
		ctx    context.Context
		cancel context.CancelFunc
	)
	if isWatch(r) {
		ctx, cancel = context.WithCancel(r.Context())
		liftDeadlines(w)
	} else {
		ctx, cancel = context.WithTimeout(r.Context(), g.cfg.RequestTimeout)
	}
	defer cancel()
	if r.Body != nil && r.Body != http.NoBody {
		lb := &limitedBody{ReadCloser: http.MaxBytesReader(w, r.Body, g.cfg.MaxBodyBytes)}
		ctx = context.WithValue(ctx, limitedBodyKey{}, lb)
		r = r.WithContext(ctx)
		r.Body = lb
	} else {
		r = r.WithContext(ctx)
	}
	g.mux.ServeHTTP(w, r)
	if w.route == "" {
		w.route = routeUnmatched
	}
}

// isWatch tells whether r opens a server stream: a GET of a path ending in ":watch" (the API's
// only streaming methods, e.g. GET /v1/workPlans/{id}:watch).
func isWatch(r *http.Request) bool {
	return r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, ":watch")
}

// liftDeadlines clears the connection's read and write deadlines the server set from
// SIMPEG_REQUEST_TIMEOUT (ReadTimeout, and WriteTimeout with its grace), so a stream is not cut
// after 35 seconds: with a read deadline the server's background read of an HTTP/1.1 connection
// times out and cancels the request, and with a write deadline the next chunk fails. Writers
// that cannot (an HTTP/2 stream under a test server, say) are left as they are.
func liftDeadlines(w http.ResponseWriter) {
	rc := http.NewResponseController(w)
	_ = rc.SetReadDeadline(time.Time{})  // http.ErrNotSupported: nothing to lift
	_ = rc.SetWriteDeadline(time.Time{}) // likewise
}

// routeLabel is a grpc-gateway middleware that records the matched route pattern for metrics,
// tracing and the log. Each route gets its own copy, so the pattern is formatted once.
func routeLabel(next runtime.HandlerFunc) runtime.HandlerFunc {
	var (
		once  sync.Once
		label string
	)
	return func(w http.ResponseWriter, r *http.Request, params map[string]string) {
		once.Do(func() {
			label = routeUnmatched
			if p, ok := runtime.HTTPPattern(r.Context()); ok {
				label = p.String()
			}
		})
		if rec, ok := w.(*recorder); ok {
			rec.route = label
		}
		next(w, r, params)
	}
}

func allowGet(w http.ResponseWriter, r *http.Request) bool {
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		return true
	}
	w.Header().Set("Allow", "GET, HEAD")
	writeStatus(w, http.StatusMethodNotAllowed, codes.Unimplemented, "method "+r.Method+" not allowed on "+r.URL.Path)
	return false
}

// recorder remembers the response status and the route label. It is pooled: one per request
// in flight.
type recorder struct {
	http.ResponseWriter
	status int
	route  string
}

var recorderPool = sync.Pool{New: func() any { return new(recorder) }}

func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.ResponseWriter.Write(b)
}

// Flush lets grpc-gateway stream server-streaming responses.
func (r *recorder) Flush() {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	if f, ok := r.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap gives http.ResponseController the underlying writer.
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// limitedBody is the request body behind http.MaxBytesReader. It remembers that the limit was
// hit, because grpc-gateway turns the read error into a plain InvalidArgument status, and a
// JSON decoder may stop before the limit while the rest is discarded.
type limitedBody struct {
	io.ReadCloser
	exceeded bool
}

type limitedBodyKey struct{}

func (b *limitedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			b.exceeded = true
		}
	}
	return n, err
}

// bodyExceeded tells whether the request's body went over the limit.
func bodyExceeded(r *http.Request) bool {
	lb, ok := r.Body.(*limitedBody)
	return ok && lb.exceeded
}

// refuseOversizeBody stops a call whose HTTP body went over the limit after the JSON value
// ended (grpc-gateway discards the rest of the body before calling), so the service never sees
// a request the gateway answers with 413.
func refuseOversizeBody(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
	if lb, ok := ctx.Value(limitedBodyKey{}).(*limitedBody); ok && lb.exceeded {
		return status.Error(codes.ResourceExhausted, "request body too large")
	}
	return invoker(ctx, method, req, reply, cc, opts...)
}

func validRequestID(id string) bool {
	if id == "" || len(id) > maxRequestIDLen {
		return false
	}
	for i := 0; i < len(id); i++ {
		if c := id[i]; c < 0x21 || c > 0x7e {
			return false
		}
	}
	return true
}

// newRequestID returns 32 random hex digits.
func newRequestID() string {
	var b [32]byte
	hex := strconv.AppendUint(b[:0], rand.Uint64()|1<<63, 16)
	hex = strconv.AppendUint(hex, rand.Uint64()|1<<63, 16)
	return string(hex)
}
