package testenv

import (
	"net"
	"sync"
	"testing"
)

// ProxyMode is how a Proxy treats connections.
type ProxyMode int

// The modes of a Proxy.
const (
	// Pass forwards bytes both ways.
	Pass ProxyMode = iota
	// Refuse closes every open connection and closes new ones at once: the server is down.
	Refuse
	// Blackhole keeps connections open but forwards nothing: the network lost the packets, and
	// only a client's own timeouts end its waits.
	Blackhole
)

// Proxy is a TCP proxy in front of a real server (PostgreSQL, NATS) that a fault test can cut
// and restore, so a test can take "the database" or "the broker" away from one client without
// touching the server other tests share.
type Proxy struct {
	ln     net.Listener
	target string

	mu    sync.Mutex
	mode  ProxyMode
	conns map[net.Conn]struct{}
	wake  chan struct{} // closed and replaced when the mode changes
}

// NewProxy listens on a free loopback port and forwards to target (host:port). It stops when t
// ends.
func NewProxy(t testing.TB, target string) *Proxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("proxy listening: %v", err)
	}
	p := &Proxy{ln: ln, target: target, conns: map[net.Conn]struct{}{}, wake: make(chan struct{})}
	go p.accept()
	t.Cleanup(p.Close)
	return p
}

// Addr is the proxy's host:port, to give the client instead of the target's.
func (p *Proxy) Addr() string { return p.ln.Addr().String() }

// Set switches the mode. Refuse closes every open connection at once.
func (p *Proxy) Set(m ProxyMode) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.mode = m
	close(p.wake)
	p.wake = make(chan struct{})
	if m == Refuse {
		for c := range p.conns {
			_ = c.Close()
		}
	}
}

// Close stops the proxy and closes every connection.
func (p *Proxy) Close() {
	_ = p.ln.Close()
	p.Set(Refuse)
}

func (p *Proxy) accept() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		refuse := p.mode == Refuse
		p.mu.Unlock()
		if refuse {
			_ = c.Close()
			continue
		}
		go p.serve(c)
	}
}

func (p *Proxy) serve(client net.Conn) {
	server, err := net.Dial("tcp", p.target)
	if err != nil {
		_ = client.Close()
		return
	}
	if !p.track(client, server) {
		return
	}
	defer p.untrack(client, server)
	done := make(chan struct{}, 2)
	go func() { p.pipe(server, client); done <- struct{}{} }()
	go func() { p.pipe(client, server); done <- struct{}{} }()
	<-done
}

func (p *Proxy) track(cs ...net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.mode == Refuse {
		for _, c := range cs {
			_ = c.Close()
		}
		return false
	}
	for _, c := range cs {
		p.conns[c] = struct{}{}
	}
	return true
}

func (p *Proxy) untrack(cs ...net.Conn) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range cs {
		_ = c.Close()
		delete(p.conns, c)
	}
}

// pipe copies src to dst, holding each chunk while the proxy is a blackhole.
func (p *Proxy) pipe(dst, src net.Conn) {
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			if !p.waitPass() {
				return
			}
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return // EOF or a closed connection: the other direction ends too
		}
	}
}

// waitPass blocks while the mode is Blackhole; it reports false once the mode is Refuse.
func (p *Proxy) waitPass() bool {
	for {
		p.mu.Lock()
		m, wake := p.mode, p.wake
		p.mu.Unlock()
		switch m {
		case Pass:
			return true
		case Refuse:
			return false
		}
		<-wake
	}
}
