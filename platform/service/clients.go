package service

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

// Option adjusts Start.
type Option func(*options)

type options struct {
	clients map[string]client
}

type client struct {
	cc    grpc.ClientConnInterface
	token func() (string, error)
}

// fixed returns token as a token source.
func fixed(token string) func() (string, error) { return func() (string, error) { return token, nil } }

// WithClient makes the service call name (one of Spec.Needs or Spec.Calls) over cc with the bearer token
// instead of dialling the configured address with the configured token. The all-in-one binary
// passes the called service's in-process channel and a token it issued.
func WithClient(name string, cc grpc.ClientConnInterface, token string) Option {
	return func(o *options) { o.clients[name] = client{cc: cc, token: fixed(token)} }
}

// WithClientTokens is WithClient with a token asked for on every call, so that it can be
// renewed before it expires (auth.Renewing.Token): the all-in-one binary issues its services
// short-lived tokens this way.
func WithClientTokens(name string, cc grpc.ClientConnInterface, token func() (string, error)) Option {
	return func(o *options) { o.clients[name] = client{cc: cc, token: token} }
}

// connect returns a connection to each needed and each called service, with its token
// attached: the one given, or a new one to the configured address, closed with the runtime. A
// called service (calls) without an address and not given is not reached: its entry is nil.
func (rt *Runtime) connect(needs, calls map[string]Upstream, given map[string]client) (map[string]grpc.ClientConnInterface, error) {
	out := make(map[string]grpc.ClientConnInterface, len(needs)+len(calls))
	for _, name := range slices.Sorted(maps.Keys(calls)) {
		if _, ok := needs[name]; ok {
			return nil, fmt.Errorf("%s is both needed and called late: name it in Needs or in Calls", name)
		}
	}
	all := maps.Clone(needs)
	if all == nil {
		all = map[string]Upstream{}
	}
	maps.Copy(all, calls)
	for _, name := range slices.Sorted(maps.Keys(all)) {
		up := all[name]
		c, ok := given[name]
		if !ok {
			if up.Addr == "" {
				if _, late := calls[name]; late {
					out[name] = nil
					continue
				}
				return nil, fmt.Errorf("the address of %s, which this service calls, is empty", name)
			}
			conn, err := grpc.NewClient(up.Addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
			if err != nil {
				return nil, fmt.Errorf("dialling %s at %s: %w", name, up.Addr, err)
			}
			rt.conns = append(rt.conns, conn)
			c = client{cc: conn, token: fixed(up.Token)}
		}
		out[name] = bearer{cc: c.cc, token: c.token}
	}
	return out, nil
}

// bearer attaches a bearer token to every call made over cc; no token, no header.
type bearer struct {
	cc    grpc.ClientConnInterface
	token func() (string, error)
}

func (b bearer) ctx(ctx context.Context) (context.Context, error) {
	token, err := b.token()
	if err != nil {
		return nil, status.Errorf(codes.Unavailable, "no token for the call: %v", err)
	}
	if token == "" {
		return ctx, nil
	}
	return metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+token), nil
}

// Invoke makes a unary call with the token attached.
func (b bearer) Invoke(ctx context.Context, method string, args, reply any, opts ...grpc.CallOption) error {
	ctx, err := b.ctx(ctx)
	if err != nil {
		return err
	}
	return b.cc.Invoke(ctx, method, args, reply, opts...)
}

// NewStream opens a stream with the token attached.
func (b bearer) NewStream(ctx context.Context, desc *grpc.StreamDesc, method string, opts ...grpc.CallOption) (grpc.ClientStream, error) {
	ctx, err := b.ctx(ctx)
	if err != nil {
		return nil, err
	}
	return b.cc.NewStream(ctx, desc, method, opts...)
}
