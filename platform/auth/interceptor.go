package auth

import (
	"context"
	"strings"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
	reflectionv1 "google.golang.org/grpc/reflection/grpc_reflection_v1"
	reflectionv1alpha "google.golang.org/grpc/reflection/grpc_reflection_v1alpha"
	"google.golang.org/grpc/status"
)

// PlatformRules are the rules of the methods every server has besides its own: health checks
// are public (load balancers and probes call them), reflection needs any valid token.
var PlatformRules = Rules{
	grpc_health_v1.Health_Check_FullMethodName:                             {Public: true},
	grpc_health_v1.Health_Watch_FullMethodName:                             {Public: true},
	grpc_health_v1.Health_List_FullMethodName:                              {Public: true},
	reflectionv1.ServerReflection_ServerReflectionInfo_FullMethodName:      {Grants: Everyone},
	reflectionv1alpha.ServerReflection_ServerReflectionInfo_FullMethodName: {Grants: Everyone},
}

// Authorizer authenticates and authorizes calls against a rule table.
type Authorizer struct {
	verifier *Verifier
	rules    Rules
}

// NewAuthorizer combines the service's rules with PlatformRules.
func NewAuthorizer(v *Verifier, rules Rules) *Authorizer {
	all := make(Rules, len(rules)+len(PlatformRules))
	for m, r := range PlatformRules {
		all[m] = r
	}
	for m, r := range rules {
		all[m] = r
	}
	return &Authorizer{verifier: v, rules: all}
}

// Authorize returns ctx with the call's Grant, or a status error: Unauthenticated (no or bad
// token) or PermissionDenied (a valid token without the right). A method with no rule is
// denied to everyone.
func (a *Authorizer) Authorize(ctx context.Context, method string) (context.Context, error) {
	rule, ok := a.rules[method]
	if !ok {
		return nil, status.Errorf(codes.PermissionDenied, "method %s has no authorization rule and is denied", method)
	}
	if rule.Public {
		return ctx, nil
	}
	token, err := bearer(ctx)
	if err != nil {
		return nil, err
	}
	p, err := a.verifier.Verify(ctx, token)
	if err != nil {
		return nil, status.Errorf(codes.Unauthenticated, "invalid bearer token: %v", err)
	}
	scope := rule.Decide(p)
	if scope == ScopeNone {
		return nil, status.Errorf(codes.PermissionDenied, "roles [%s] may not call %s", p.RoleNames(), method)
	}
	return WithGrant(ctx, Grant{Principal: p, Scope: scope}), nil
}

func bearer(ctx context.Context) (string, error) {
	md, _ := metadata.FromIncomingContext(ctx)
	vals := md.Get("authorization")
	if len(vals) == 0 {
		return "", status.Error(codes.Unauthenticated, "missing bearer token: send the header \"authorization: Bearer <token>\"")
	}
	scheme, token, ok := strings.Cut(vals[0], " ")
	if !ok || !strings.EqualFold(scheme, "bearer") || strings.TrimSpace(token) == "" {
		return "", status.Error(codes.Unauthenticated, "malformed authorization header: want \"Bearer <token>\"")
	}
	return strings.TrimSpace(token), nil
}

// UnaryInterceptor authorizes unary calls.
func (a *Authorizer) UnaryInterceptor() grpc.UnaryServerInterceptor {
	return func(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		ctx, err := a.Authorize(ctx, info.FullMethod)
		if err != nil {
			return nil, err
		}
		return handler(ctx, req)
	}
}

// StreamInterceptor authorizes streaming calls.
func (a *Authorizer) StreamInterceptor() grpc.StreamServerInterceptor {
	return func(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
		ctx, err := a.Authorize(ss.Context(), info.FullMethod)
		if err != nil {
			return err
		}
		return handler(srv, &wrappedStream{ServerStream: ss, ctx: ctx})
	}
}

type wrappedStream struct {
	grpc.ServerStream
	ctx context.Context
}

func (w *wrappedStream) Context() context.Context { return w.ctx }
