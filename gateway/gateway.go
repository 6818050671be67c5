// Package gateway is simpeg's REST front: it serves the JSON/HTTP API described by the
// google.api.http annotations of the service protos by forwarding every call, over gRPC, to the
// service that owns it, so authentication, authorisation, validation and audit all happen in the
// service's own interceptors. Around that it adds what a public HTTP surface needs: JSON errors
// with the right HTTP status, a body size limit, request deadlines, request ids, CORS, the
// OpenAPI document and an offline documentation page, health and readiness probes, tracing,
// Prometheus metrics and an access log. It also serves the web portal (gateway/portal) and its
// sign-in, keeping the session's token in an HttpOnly cookie it turns into the API's
// Authorization header.
package gateway

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/fullstorydev/grpchan"
	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc"
	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel"
	noopmetric "go.opentelemetry.io/otel/metric/noop"
	"go.opentelemetry.io/otel/propagation"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/protobuf/encoding/protojson"

	"github.com/simpeg-id/simpeg/gateway/portal"
	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/telemetry"
	attendancev1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/attendance/v1"
	evaluationv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/evaluation/v1"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
	trainingv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/training/v1"
)

// service is one gRPC service behind the gateway. Adding a service (training, evaluation) is
// one entry in services; its address setting, SIMPEG_<SERVICE>_ADDR, follows from the name.
type service struct {
	name string
	// required services must have an address; the others' APIs are left out without one.
	required bool
	register func(context.Context, *runtime.ServeMux, grpc.ClientConnInterface) error
}

var services = []service{
	{name: "planning", required: true, register: func(ctx context.Context, mux *runtime.ServeMux, cc grpc.ClientConnInterface) error {
		return planningv1.RegisterPlanningServiceHandlerClient(ctx, mux, planningv1.NewPlanningServiceClient(cc))
	}},
	{name: "attendance", register: func(ctx context.Context, mux *runtime.ServeMux, cc grpc.ClientConnInterface) error {
		return attendancev1.RegisterAttendanceServiceHandlerClient(ctx, mux, attendancev1.NewAttendanceServiceClient(cc))
	}},
	{name: "training", register: func(ctx context.Context, mux *runtime.ServeMux, cc grpc.ClientConnInterface) error {
		return trainingv1.RegisterTrainingServiceHandlerClient(ctx, mux, trainingv1.NewTrainingServiceClient(cc))
	}},
	{name: "evaluation", register: func(ctx context.Context, mux *runtime.ServeMux, cc grpc.ClientConnInterface) error {
		return evaluationv1.RegisterEvaluationServiceHandlerClient(ctx, mux, evaluationv1.NewEvaluationServiceClient(cc))
	}},
}

// upstream is an open connection to one service.
type upstream struct {
	name   string
	addr   string
	conn   *grpc.ClientConn // nil for an in-process connection the gateway does not own
	health grpc_health_v1.HealthClient
}

// Gateway is the REST gateway: a grpc-gateway mux over connections to the services, wrapped in
// the HTTP middleware. Create it with New, serve it with Run or Serve, release it with Close.
type Gateway struct {
	cfg       Config
	log       *slog.Logger
	upstreams []upstream
	mux       *runtime.ServeMux
	handler   http.Handler
	metrics   *metrics
	ready     *readiness
	details   *details
	cors      cors
	portal    *portal.Portal
	docs      map[string]staticFile
	signIn    *signIn

	// tooLarge is the prepared 413 body, the limit being fixed.
	tooLarge []byte
}

// Option adjusts how New connects to the services.
type Option func(*options)

type options struct {
	conns    map[string]grpc.ClientConnInterface
	signer   *auth.Signer // WithLocalSignIn
	localTTL time.Duration
}

// WithInProcess makes the gateway call service (e.g. "planning") over cc, a connection to the
// service running in the same process, instead of dialling its configured address. The
// all-in-one binary passes the service runtime's in-process channel, whose calls run every
// interceptor of the service (authentication, authorization, validation, idempotency, audit):
// only the network hop is saved. Never pass a connection that skips the interceptors.
func WithInProcess(service string, cc grpc.ClientConnInterface) Option {
	return func(o *options) { o.conns[service] = cc }
}

// New validates cfg, opens a client connection to every service and builds the HTTP handler.
// The connections are lazy: New does not wait for the services, /readyz tells when they answer.
func New(ctx context.Context, cfg Config, log *slog.Logger, opts ...Option) (*Gateway, error) {
	o := options{conns: map[string]grpc.ClientConnInterface{}}
	for _, opt := range opts {
		opt(&o)
	}
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("validating config: %w", err)
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	g := &Gateway{
		cfg:     cfg,
		log:     log,
		metrics: newMetrics(),
		cors:    newCORS(cfg.CORSOrigins),
	}
	var err error
	if g.tooLarge, err = tooLargeBody(cfg.MaxBodyBytes); err != nil {
		return nil, err
	}

	marshaler := &runtime.HTTPBodyMarshaler{Marshaler: &runtime.JSONPb{
		MarshalOptions:   protojson.MarshalOptions{EmitUnpopulated: false},
		UnmarshalOptions: protojson.UnmarshalOptions{DiscardUnknown: false},
	}}
	g.mux = runtime.NewServeMux(
		runtime.WithMarshalerOption(runtime.MIMEWildcard, marshaler),
		runtime.WithIncomingHeaderMatcher(incomingHeader),
		runtime.WithOutgoingHeaderMatcher(outgoingHeader),
		runtime.WithErrorHandler(g.handleError),
		runtime.WithRoutingErrorHandler(handleRoutingError),
		runtime.WithMiddlewares(routeLabel),
		runtime.WithWriteContentLength(),
		// A form POST is a CORS "simple request" a browser sends without a preflight; never
		// turn one into a GET or into another method.
		runtime.WithDisablePathLengthFallback(),
		runtime.WithDisableHTTPMethodOverride(),
	)

	var planning grpc.ClientConnInterface // the gateway's own calls: names and demo people
	for _, s := range services {
		addr := cfg.Upstreams[s.name]
		cc, inProcess := o.conns[s.name]
		if addr == "" && !inProcess {
			continue // not deployed here: its API is left out
		}
		if inProcess {
			cc = grpchan.InterceptClientConn(cc, protoNameMasks, nil)
			if s.name == "planning" {
				planning = cc
			}
			g.upstreams = append(g.upstreams, upstream{name: s.name, addr: "in-process", health: grpc_health_v1.NewHealthClient(cc)})
			if err := s.register(ctx, g.mux, cc); err != nil {
				return nil, errors.Join(fmt.Errorf("registering %s handlers: %w", s.name, err), g.Close())
			}
			continue
		}
		// Plaintext on purpose: TLS terminates at the ingress, and the gateway reaches the
		// services over the cluster's private network.
		dialOpts := []grpc.DialOption{
			grpc.WithTransportCredentials(insecure.NewCredentials()),
			grpc.WithStatsHandler(otelgrpc.NewClientHandler(otelgrpc.WithMeterProvider(noopmetric.NewMeterProvider()))),
			grpc.WithChainUnaryInterceptor(protoNameMasks),
			// Spread calls over every address the name resolves to (each replica of a service
			// behind a headless Kubernetes Service or a compose service with replicas).
			grpc.WithDefaultServiceConfig(`{"loadBalancingConfig":[{"round_robin":{}}]}`),
		}
		conn, err := grpc.NewClient(addr, dialOpts...)
		if err != nil {
			return nil, errors.Join(fmt.Errorf("dialing %s at %s: %w", s.name, addr, err), g.Close())
		}
		g.upstreams = append(g.upstreams, upstream{name: s.name, addr: addr, conn: conn, health: grpc_health_v1.NewHealthClient(conn)})
		if s.name == "planning" {
			planning = conn
		}
		if err := s.register(ctx, g.mux, conn); err != nil {
			return nil, errors.Join(fmt.Errorf("registering %s handlers: %w", s.name, err), g.Close())
		}
	}
	// The portal's files are read even when it is off: the docs page uses its Swagger UI.
	if g.portal, err = portal.New(portal.Options{MapTiles: cfg.MapTiles}); err != nil {
		return nil, errors.Join(fmt.Errorf("preparing the portal: %w", err), g.Close())
	}
	g.docs = newDocsFiles(g.portal.Version())
	if g.signIn, err = newSignIn(cfg, o, planning, log); err != nil {
		return nil, errors.Join(fmt.Errorf("preparing the portal's sign-in: %w", err), g.Close())
	}
	g.ready = newReadiness(g.upstreams, log)
	g.details = &details{upstreams: g.upstreams, ttl: readyTTL}

	// Tracing only: the request metrics are the Prometheus ones, so the instrumentation's own
	// OpenTelemetry metrics are switched off rather than computed twice. Probes make no spans.
	if telemetry.Exporting() {
		g.handler = otelhttp.NewHandler(http.HandlerFunc(g.serveHTTP), "gateway",
			otelhttp.WithMeterProvider(noopmetric.NewMeterProvider()),
			otelhttp.WithFilter(func(r *http.Request) bool {
				return r.URL.Path != routeHealthz && r.URL.Path != routeReadyz && r.URL.Path != routeHealthDetails
			}),
		)
	} else {
		// No span would be exported: only carry the caller's trace context on, so the services'
		// logs, audit records and events keep the caller's trace id.
		g.handler = propagateOnly(http.HandlerFunc(g.serveHTTP))
	}
	return g, nil
}

// Handler returns the whole HTTP surface: the API under /v1, the portal at / with its sign-in
// under /auth/, /openapi.json, /docs, /healthz and /readyz, instrumented with tracing, metrics
// and the access log.
func (g *Gateway) Handler() http.Handler { return g.handler }

// MetricsHandler returns the Prometheus handler Run serves on Config.MetricsAddr, for a binary
// that mounts /metrics itself.
func (g *Gateway) MetricsHandler() http.Handler { return g.metrics.handler() }

// Close closes the connections to the services.
func (g *Gateway) Close() error {
	var errs []error
	for _, u := range g.upstreams {
		if u.conn == nil {
			continue
		}
		if err := u.conn.Close(); err != nil {
			errs = append(errs, fmt.Errorf("closing %s connection: %w", u.name, err))
		}
	}
	g.upstreams = nil
	return errors.Join(errs...)
}

// incomingHeader picks the request headers passed to the services as gRPC metadata. The
// Authorization header is always passed by grpc-gateway itself, and the trace context by the
// otelgrpc stats handler; the rest is deliberately short, so a client cannot set metadata the
// services trust.
func incomingHeader(key string) (string, bool) {
	switch key {
	case "Idempotency-Key":
		return "idempotency-key", true
	case "X-Request-Id":
		return "x-request-id", true
	case "If-Match":
		return "if-match", true
	case "User-Agent":
		return runtime.MetadataPrefix + "user-agent", true
	}
	return "", false
}

// outgoingHeader picks the gRPC response metadata returned as HTTP headers: location and etag
// as themselves, the rest under the usual Grpc-Metadata- prefix. The gRPC content type is
// dropped; it says nothing about the JSON response.
func outgoingHeader(key string) (string, bool) {
	switch strings.ToLower(key) {
	case "content-type":
		return "", false
	case "location":
		return "Location", true
	case "etag":
		return "ETag", true
	case "content-disposition": // file downloads, e.g. the monthly recap as CSV
		return "Content-Disposition", true
	}
	return runtime.MetadataHeaderPrefix + key, true
}

// propagateOnly puts the W3C trace context of the request's headers into its context.
func propagateOnly(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Traceparent") != "" {
			r = r.WithContext(otel.GetTextMapPropagator().Extract(r.Context(), propagation.HeaderCarrier(r.Header)))
		}
		next.ServeHTTP(w, r)
	})
}
