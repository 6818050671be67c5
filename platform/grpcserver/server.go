package grpcserver

import (
	"context"
	"log/slog"
	"runtime/debug"
	"time"

	"github.com/fullstorydev/grpchan/inprocgrpc"
	grpcprom "github.com/grpc-ecosystem/go-grpc-middleware/providers/prometheus"
	"github.com/grpc-ecosystem/go-grpc-middleware/v2/interceptors/recovery"
	"github.com/prometheus/client_golang/prometheus"
	"go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc"
	"go.opentelemetry.io/otel/trace"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/health"
	"google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/reflection"
	"google.golang.org/grpc/status"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/telemetry"
)

// Options configure a server.
type Options struct {
	Log        *slog.Logger
	Authorizer *auth.Authorizer
	Registry   *prometheus.Registry
	// Extra unary interceptors run innermost, after validation (idempotency).
	Extra []grpc.UnaryServerInterceptor
	// Limits cap connections, streams and keepalive pings; serve on Limits.Listener(ln).
	Limits Limits
}

// Server is a gRPC server with its health service, and an in-process channel to the same
// services through the same interceptors, for callers in the same process (the all-in-one
// gateway): a call over it skips only the network and HTTP/2 framing, never authentication,
// validation, idempotency, audit or metrics. Register services with RegisterService, which
// registers them on both.
type Server struct {
	*grpc.Server
	Health *health.Server
	// InProcess is the in-process channel; use it as a grpc.ClientConnInterface.
	InProcess *inprocgrpc.Channel
}

// RegisterService registers a service on the network server and the in-process channel.
func (s *Server) RegisterService(desc *grpc.ServiceDesc, impl any) {
	s.Server.RegisterService(desc, impl)
	s.InProcess.RegisterService(desc, impl)
}

// New builds the server. Services register on it, then call Serve.
func New(opts Options) (*Server, error) {
	validate, err := ValidateUnaryInterceptor()
	if err != nil {
		return nil, err
	}
	metrics := grpcprom.NewServerMetrics(grpcprom.WithServerHandlingTimeHistogram(
		grpcprom.WithHistogramBuckets([]float64{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5})))
	if opts.Registry != nil {
		opts.Registry.MustRegister(metrics)
	}
	recover := recovery.WithRecoveryHandlerContext(func(ctx context.Context, p any) error {
		opts.Log.ErrorContext(ctx, "panic in handler", "panic", p, "stack", string(debug.Stack()))
		return status.Error(codes.Internal, "internal error")
	})
	unary := []grpc.UnaryServerInterceptor{
		recovery.UnaryServerInterceptor(recover),
		metrics.UnaryServerInterceptor(),
		LogUnaryInterceptor(opts.Log),
		ErrorUnaryInterceptor(opts.Log),
		opts.Authorizer.UnaryInterceptor(),
		TextUnaryInterceptor(),
		validate,
	}
	unary = append(unary, opts.Extra...)
	stream := []grpc.StreamServerInterceptor{
		recovery.StreamServerInterceptor(recover),
		metrics.StreamServerInterceptor(),
		opts.Authorizer.StreamInterceptor(),
	}
	s := grpc.NewServer(append([]grpc.ServerOption{
		grpc.StatsHandler(otelgrpc.NewServerHandler()),
		grpc.ChainUnaryInterceptor(unary...),
		grpc.ChainStreamInterceptor(stream...),
		grpc.MaxRecvMsgSize(8 << 20),
	}, opts.Limits.serverOptions()...)...)
	inproc := &inprocgrpc.Channel{}
	if telemetry.Exporting() {
		inproc.WithServerStatsHandler(otelgrpc.NewServerHandler()).WithClientStatsHandler(otelgrpc.NewClientHandler())
	} else {
		// No span is exported: hand the caller's trace context straight to the handler instead
		// of encoding it into metadata and parsing it back.
		unary = append([]grpc.UnaryServerInterceptor{inheritTrace}, unary...)
	}
	inproc.WithServerUnaryInterceptor(chainUnary(unary)).WithServerStreamInterceptor(chainStream(stream))
	srv := &Server{Server: s, Health: health.NewServer(), InProcess: inproc}
	grpc_health_v1.RegisterHealthServer(srv, srv.Health)
	reflection.Register(s)
	return srv, nil
}

// inheritTrace gives an in-process call the trace context of its caller, which the in-process
// channel otherwise hides from the server side.
func inheritTrace(ctx context.Context, req any, _ *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
	if cc := inprocgrpc.ClientContext(ctx); cc != nil {
		if sc := trace.SpanContextFromContext(cc); sc.IsValid() {
			ctx = trace.ContextWithRemoteSpanContext(ctx, sc)
		}
	}
	return handler(ctx, req)
}

// chainUnary composes interceptors into one, the first outermost, as grpc.ChainUnaryInterceptor
// does for the network server.
func chainUnary(ics []grpc.UnaryServerInterceptor) grpc.UnaryServerInterceptor {
	return func(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		next := handler
		for i := len(ics) - 1; i >= 0; i-- {
			ic, inner := ics[i], next
			next = func(ctx context.Context, req any) (any, error) { return ic(ctx, req, info, inner) }
		}
		return next(ctx, req)
	}
}

// chainStream composes stream interceptors into one, the first outermost.
func chainStream(ics []grpc.StreamServerInterceptor) grpc.StreamServerInterceptor {
	return func(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
		next := handler
		for i := len(ics) - 1; i >= 0; i-- {
			ic, inner := ics[i], next
			next = func(srv any, ss grpc.ServerStream) error { return ic(srv, ss, info, inner) }
		}
		return next(srv, ss)
	}
}

// LogUnaryInterceptor logs each call once: method, code and duration; failures at warn.
func LogUnaryInterceptor(log *slog.Logger) grpc.UnaryServerInterceptor {
	return func(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		start := time.Now()
		resp, err := handler(ctx, req)
		code := status.Code(err)
		level := slog.LevelDebug
		switch code {
		case codes.OK, codes.NotFound, codes.AlreadyExists, codes.InvalidArgument, codes.Unauthenticated, codes.PermissionDenied, codes.FailedPrecondition, codes.Aborted:
		case codes.Canceled, codes.DeadlineExceeded, codes.Unavailable, codes.ResourceExhausted:
			level = slog.LevelWarn
		default:
			level = slog.LevelError
		}
		if log.Enabled(ctx, level) {
			log.Log(ctx, level, "rpc", "method", info.FullMethod, "code", code.String(), "duration_ms", float64(time.Since(start).Microseconds())/1000)
		}
		return resp, err
	}
}
