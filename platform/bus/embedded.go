package bus

import (
	"fmt"
	"net"
	"strconv"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// Embedded is a NATS server with JetStream running inside the process, for the one-machine
// deployment and for tests.
type Embedded struct {
	srv   *server.Server
	users []User
}

// User is a NATS client the embedded server admits: its NKey public key ("U…") and what it may
// publish and subscribe to (ServicePermissions).
type User struct {
	PublicKey   string
	Permissions Permissions
}

// EmbeddedOption is an option of StartEmbedded.
type EmbeddedOption func(*Embedded)

// WithUsers makes the server admit only users, each proving its NKey and held to its
// permissions. Without it the server admits anyone (tests of code that does not care).
func WithUsers(users ...User) EmbeddedOption {
	return func(e *Embedded) { e.users = append(e.users, users...) }
}

// StartEmbedded starts a NATS server listening on addr ("127.0.0.1:4223"; port 0 picks a free
// one) with JetStream storing under dir.
func StartEmbedded(addr, dir string, opts ...EmbeddedOption) (*Embedded, error) {
	e := &Embedded{}
	for _, opt := range opts {
		opt(e)
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("parsing nats address %q: %w", addr, err)
	}
	p, err := strconv.Atoi(port)
	if err != nil {
		return nil, fmt.Errorf("parsing nats port %q: %w", port, err)
	}
	if p == 0 {
		p = server.RANDOM_PORT
	} else {
		// The server would only log a busy port and never become ready; say so at once.
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			return nil, fmt.Errorf("embedded nats cannot listen on %s: %w", addr, err)
		}
		_ = ln.Close()
	}
	sopts := &server.Options{
		ServerName: "simpeg-embedded",
		Host:       host,
		Port:       p,
		JetStream:  true,
		StoreDir:   dir,
		NoSigs:     true,
		NoLog:      true,
	}
	for _, u := range e.users {
		sopts.Nkeys = append(sopts.Nkeys, &server.NkeyUser{Nkey: u.PublicKey, Permissions: &server.Permissions{
			Publish:   &server.SubjectPermission{Allow: u.Permissions.Publish},
			Subscribe: &server.SubjectPermission{Allow: u.Permissions.Subscribe},
		}})
	}
	srv, err := server.NewServer(sopts)
	if err != nil {
		return nil, fmt.Errorf("creating embedded nats: %w", err)
	}
	go srv.Start()
	if !srv.ReadyForConnections(10 * time.Second) {
		srv.Shutdown()
		return nil, fmt.Errorf("embedded nats on %s did not become ready", addr)
	}
	e.srv = srv
	return e, nil
}

// Users returns the users the server admits (none: anyone), to start it again the same way.
func (e *Embedded) Users() []User { return e.users }

// URL returns the client URL of the server.
func (e *Embedded) URL() string { return e.srv.ClientURL() }

// Shutdown stops the server and waits for it.
func (e *Embedded) Shutdown() {
	e.srv.Shutdown()
	e.srv.WaitForShutdown()
}
