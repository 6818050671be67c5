package grpcserver

import (
	"context"
	"log/slog"
	"runtime/debug"
	"time"

	grpcprom "github.com/grpc-ecosystem/go-grpc-middleware/providers/prometheus"
	"github.com/grpc-ecosystem/go-grpc-middleware/v2/interceptors/recovery"
	"github.com/prometheus/client_golang/prometheus"
	"go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/health"
	"google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/keepalive"
	"google.golang.org/grpc/reflection"
	"google.golang.org/grpc/status"

	"github.com/simpeg-id/simpeg/platform/auth"
)

// Options configure a server.
type Options struct {
	Log        *slog.Logger
	Authorizer *auth.Authorizer
	Registry   *prometheus.Registry
	// Extra unary interceptors run innermost, after validation (idempotency).
	Extra []grpc.UnaryServerInterceptor
}

// Server is a gRPC server with its health service.
type Server struct {
	*grpc.Server
	Health *health.Server
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
		validate,
	}
	unary = append(unary, opts.Extra...)
	s := grpc.NewServer(
		grpc.StatsHandler(otelgrpc.NewServerHandler()),
		grpc.ChainUnaryInterceptor(unary...),
		grpc.ChainStreamInterceptor(
			recovery.StreamServerInterceptor(recover),
			metrics.StreamServerInterceptor(),
			opts.Authorizer.StreamInterceptor(),
		),
		grpc.KeepaliveParams(keepalive.ServerParameters{MaxConnectionIdle: 5 * time.Minute}),
		grpc.MaxRecvMsgSize(8<<20),
	)
	hs := health.NewServer()
	grpc_health_v1.RegisterHealthServer(s, hs)
	reflection.Register(s)
	return &Server{Server: s, Health: hs}, nil
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
