package service

import (
	"context"
	"sync/atomic"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Late is a connection to a service that starts after its caller (Spec.Calls): the all-in-one
// binary starts its services in order, so a service called by one that starts before it is not
// there yet when the caller is built. Until Bind gives it the called service's in-process
// channel, and again after Bind(nil) (the called service stopped first at shutdown), every
// call answers codes.Unavailable, which a caller retries as it would a service that is down.
type Late struct {
	name string
	cc   atomic.Pointer[grpc.ClientConnInterface]
}

// NewLate returns an unbound connection to the service called name.
func NewLate(name string) *Late { return &Late{name: name} }

// Bind makes calls go to cc from now on; nil makes them answer Unavailable again.
func (l *Late) Bind(cc grpc.ClientConnInterface) {
	if cc == nil {
		l.cc.Store(nil)
		return
	}
	l.cc.Store(&cc)
}

func (l *Late) conn() (grpc.ClientConnInterface, error) {
	cc := l.cc.Load()
	if cc == nil {
		return nil, status.Errorf(codes.Unavailable, "the %s service is not started", l.name)
	}
	return *cc, nil
}

// Invoke makes a unary call on the bound connection.
func (l *Late) Invoke(ctx context.Context, method string, args, reply any, opts ...grpc.CallOption) error {
	cc, err := l.conn()
	if err != nil {
		return err
	}
	return cc.Invoke(ctx, method, args, reply, opts...)
}

// NewStream opens a stream on the bound connection.
func (l *Late) NewStream(ctx context.Context, desc *grpc.StreamDesc, method string, opts ...grpc.CallOption) (grpc.ClientStream, error) {
	cc, err := l.conn()
	if err != nil {
		return nil, err
	}
	return cc.NewStream(ctx, desc, method, opts...)
}
