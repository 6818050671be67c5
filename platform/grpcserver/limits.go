package grpcserver

import (
	"errors"
	"fmt"
	"net"
	"sync"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/keepalive"
)

// Limits cap what one client can hold of a service's gRPC listener, as the gateway's HTTP
// server does with its timeouts and header limits (gateway/server.go).
type Limits struct {
	// MaxConnections: the services' own clients (gateway replicas, other services) hold a few
	// long-lived HTTP/2 connections each, so 1000 is far above real use and far below the file
	// descriptors a container gets.
	MaxConnections int `env:"SIMPEG_GRPC_MAX_CONNECTIONS" default:"1000" help:"open gRPC connections a service accepts at once; further ones wait in the listen queue until one closes (0: no cap)"`
	// ConnectionTimeout is the gateway's header timeout (10 s): a client that connects and does
	// not complete the HTTP/2 handshake within it is dropped, and its slot freed.
	ConnectionTimeout time.Duration `env:"SIMPEG_GRPC_CONNECTION_TIMEOUT" default:"10s" help:"how long a new gRPC connection may take to complete its handshake before it is closed"`
	// MaxConcurrentStreams is Go's HTTP/2 server default (golang.org/x/net/http2: 250); gRPC's
	// own default is unlimited.
	MaxConcurrentStreams int `env:"SIMPEG_GRPC_MAX_CONCURRENT_STREAMS" default:"250" help:"concurrent calls (HTTP/2 streams) one gRPC connection may carry"`
	// KeepaliveMinTime: a client pinging more often than this is sent GOAWAY (too_many_pings).
	// gRPC's default is 5 minutes for clients without calls in flight; one minute lets a
	// client detect a dead connection quickly without letting it flood the server with pings.
	KeepaliveMinTime time.Duration `env:"SIMPEG_GRPC_KEEPALIVE_MIN_TIME" default:"1m" help:"shortest interval between a gRPC client's keepalive pings; a client pinging more often is disconnected"`
}

// Fixed limits, not settings: the gateway's (gateway/server.go).
const (
	maxHeaderListSize = 64 << 10         // the gateway's MaxHeaderBytes
	maxConnectionIdle = 5 * time.Minute  // an idle connection is closed (GOAWAY)
	keepaliveTime     = 2 * time.Minute  // the server pings a connection silent this long…
	keepaliveTimeout  = 20 * time.Second // …and closes it when the ping is not answered
)

// Check reports the limits that cannot work: negative ones. Zero leaves a limit at gRPC's
// default (no connection cap, 120 s handshake, unlimited streams, 5 min between pings), for
// configurations built in code; the settings' defaults are never zero.
func (l Limits) Check() error {
	var errList []error
	if l.MaxConnections < 0 {
		errList = append(errList, fmt.Errorf("SIMPEG_GRPC_MAX_CONNECTIONS must not be negative, got %d", l.MaxConnections))
	}
	if l.ConnectionTimeout < 0 {
		errList = append(errList, fmt.Errorf("SIMPEG_GRPC_CONNECTION_TIMEOUT must not be negative, got %s", l.ConnectionTimeout))
	}
	if l.MaxConcurrentStreams < 0 {
		errList = append(errList, fmt.Errorf("SIMPEG_GRPC_MAX_CONCURRENT_STREAMS must not be negative, got %d", l.MaxConcurrentStreams))
	}
	if l.KeepaliveMinTime < 0 {
		errList = append(errList, fmt.Errorf("SIMPEG_GRPC_KEEPALIVE_MIN_TIME must not be negative, got %s", l.KeepaliveMinTime))
	}
	return errors.Join(errList...)
}

// serverOptions are the gRPC server options of l; a zero field leaves gRPC's default.
func (l Limits) serverOptions() []grpc.ServerOption {
	opts := []grpc.ServerOption{
		grpc.KeepaliveParams(keepalive.ServerParameters{MaxConnectionIdle: maxConnectionIdle, Time: keepaliveTime, Timeout: keepaliveTimeout}),
		grpc.MaxHeaderListSize(maxHeaderListSize),
	}
	if l.ConnectionTimeout > 0 {
		opts = append(opts, grpc.ConnectionTimeout(l.ConnectionTimeout))
	}
	if l.MaxConcurrentStreams > 0 {
		opts = append(opts, grpc.MaxConcurrentStreams(uint32(l.MaxConcurrentStreams)))
	}
	if l.KeepaliveMinTime > 0 {
		opts = append(opts, grpc.KeepaliveEnforcementPolicy(keepalive.EnforcementPolicy{MinTime: l.KeepaliveMinTime, PermitWithoutStream: true}))
	}
	return opts
}

// Listener caps ln at l.MaxConnections open connections (none when it is zero): Accept waits
// while that many are open, so further clients queue in the kernel's listen backlog (and
// time out there) instead of each costing the server a goroutine and buffers.
func (l Limits) Listener(ln net.Listener) net.Listener {
	if l.MaxConnections <= 0 {
		return ln
	}
	return &limitListener{Listener: ln, sem: make(chan struct{}, l.MaxConnections), done: make(chan struct{})}
}

type limitListener struct {
	net.Listener
	sem       chan struct{}
	done      chan struct{}
	closeOnce sync.Once
}

func (l *limitListener) Accept() (net.Conn, error) {
	select {
	case l.sem <- struct{}{}:
	case <-l.done:
		return nil, net.ErrClosed
	}
	c, err := l.Listener.Accept()
	if err != nil {
		<-l.sem
		return nil, err
	}
	return &limitConn{Conn: c, release: func() { <-l.sem }}, nil
}

func (l *limitListener) Close() error {
	err := l.Listener.Close()
	l.closeOnce.Do(func() { close(l.done) })
	return err
}

type limitConn struct {
	net.Conn
	once    sync.Once
	release func()
}

func (c *limitConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.release)
	return err
}
