package bus

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nkeys"

	"github.com/simpeg-id/simpeg/platform/outbox"
)

// Option is an option of Connect.
type Option func(*connectOptions)

type connectOptions struct {
	seedFile, caFile, inbox string
}

// WithNKeySeedFile has the client prove its identity with the NKey user seed ("SU…") in file:
// the server then knows which service is connecting and applies that service's permissions.
// An empty file name connects without an identity (a NATS without authorization).
func WithNKeySeedFile(file string) Option { return func(o *connectOptions) { o.seedFile = file } }

// WithCAFile has the client speak TLS to the server and verify its certificate against the PEM
// bundle in file. A tls:// URL without a CA file uses the system's roots.
func WithCAFile(file string) Option { return func(o *connectOptions) { o.caFile = file } }

// WithInboxPrefix sets the prefix of the client's reply subjects (JetStream acknowledgements,
// API answers, pulled messages). Permissions allow a service to subscribe only to its own
// (InboxPrefix), so no client can read another's replies.
func WithInboxPrefix(p string) Option { return func(o *connectOptions) { o.inbox = p } }

// natsOptions turns the options into nats.go's.
func (o connectOptions) natsOptions() ([]nats.Option, error) {
	var opts []nats.Option
	if o.seedFile != "" {
		opt, err := nats.NkeyOptionFromSeed(o.seedFile)
		if err != nil {
			return nil, fmt.Errorf("reading the nats nkey seed %s: %w", o.seedFile, err)
		}
		// A refused identity is retried like an outage (a key being rotated on the server),
		// instead of nats.go's default of giving up after the same auth error twice.
		opts = append(opts, opt, nats.IgnoreAuthErrorAbort())
	}
	if o.caFile != "" {
		opts = append(opts, nats.RootCAs(o.caFile))
	}
	if o.inbox != "" {
		opts = append(opts, nats.CustomInboxPrefix(o.inbox))
	}
	return opts, nil
}

// InboxPrefix is the reply-subject prefix of service under the deployment's subject prefix
// (SIMPEG_NATS_PREFIX): "_INBOX.planning", or "_INBOX.t1a2b3c4.planning" under prefix "t1a2b3c4.".
func InboxPrefix(prefix, service string) string {
	if p := strings.Trim(prefix, "."); p != "" {
		return "_INBOX." + p + "." + service
	}
	return "_INBOX." + service
}

// Follow is a durable consumer a service runs on another service's stream: attendance keeps
// its directory copy with Follow{Service: "planning", Durable: "attendance-directory"}.
type Follow struct {
	Service string // whose stream is read
	Durable string // the consumer's durable name
}

// Permissions are the subjects a NATS client may publish to and subscribe to.
type Permissions struct {
	Publish   []string
	Subscribe []string
}

// ServicePermissions returns what service may do on NATS under the deployment's subject prefix,
// and nothing more:
//
//   - publish its own events, <prefix>simpeg.<service>.> (into its stream, by the outbox relay);
//   - provision its own stream: the JetStream API's STREAM.CREATE, STREAM.UPDATE and
//     STREAM.INFO for that stream, and $JS.API.INFO (account limits, read only);
//   - read its own stream live with consumers of its own filtered within its own subjects (an
//     ordered consumer, as planning's WatchWorkPlan uses): create one (the filtered CREATE form
//     only) and pull from it. Deleting is not granted (an ordered consumer ignores a refused
//     delete, and the server drops its unused consumers); whoever follows the stream already
//     trusts the service with its content, so this gives it nothing over them it lacked;
//   - for each durable in follows: create it and read its state (CONSUMER.CREATE/INFO, the
//     filtered CREATE form nats.go uses), pull messages (CONSUMER.MSG.NEXT) and acknowledge
//     them ($JS.ACK.<stream>.<durable>.>), and read the followed stream's info;
//   - subscribe to its own reply subjects (InboxPrefix), which is where JetStream answers,
//     acknowledges publishes and delivers pulled messages.
//
// Deleting or purging streams, other services' subjects and others' consumers are refused. The
// subjects are nats.go's (jetstream/api.go) and nats-server's JetStream API.
func ServicePermissions(prefix, service string, follows ...Follow) Permissions {
	stream := outbox.StreamName(prefix, service)
	p := Permissions{
		Publish: []string{
			prefix + "simpeg." + service + ".>",
			"$JS.API.INFO",
			"$JS.API.STREAM.CREATE." + stream,
			"$JS.API.STREAM.UPDATE." + stream,
			"$JS.API.STREAM.INFO." + stream,
			"$JS.API.CONSUMER.CREATE." + stream + ".*." + prefix + "simpeg." + service + ".>",
			"$JS.API.CONSUMER.MSG.NEXT." + stream + ".*",
		},
		Subscribe: []string{InboxPrefix(prefix, service) + ".>"},
	}
	for _, f := range follows {
		s := outbox.StreamName(prefix, f.Service)
		p.Publish = append(p.Publish,
			"$JS.API.STREAM.INFO."+s,
			"$JS.API.CONSUMER.CREATE."+s+"."+f.Durable,
			"$JS.API.CONSUMER.CREATE."+s+"."+f.Durable+".>",
			"$JS.API.CONSUMER.INFO."+s+"."+f.Durable,
			"$JS.API.CONSUMER.MSG.NEXT."+s+"."+f.Durable,
			"$JS.ACK."+s+"."+f.Durable+".>",
		)
	}
	return p
}

// NewSeed returns a new NKey user seed ("SU…") and its public key ("U…"), the identity of one
// NATS client.
func NewSeed() (seed []byte, public string, err error) {
	kp, err := nkeys.CreateUser()
	if err != nil {
		return nil, "", fmt.Errorf("creating nkey: %w", err)
	}
	if seed, err = kp.Seed(); err != nil {
		return nil, "", fmt.Errorf("reading nkey seed: %w", err)
	}
	if public, err = kp.PublicKey(); err != nil {
		return nil, "", fmt.Errorf("reading nkey public key: %w", err)
	}
	return seed, public, nil
}

// PublicKey returns the public key ("U…") of the NKey user seed in file.
func PublicKey(file string) (string, error) {
	raw, err := os.ReadFile(file)
	if err != nil {
		return "", fmt.Errorf("reading nkey seed: %w", err)
	}
	kp, err := nkeys.ParseDecoratedNKey(raw)
	if err != nil {
		return "", fmt.Errorf("parsing nkey seed %s: %w", file, err)
	}
	pub, err := kp.PublicKey()
	if err != nil {
		return "", fmt.Errorf("parsing nkey seed %s: %w", file, err)
	}
	if !nkeys.IsValidPublicUserKey(pub) {
		return "", fmt.Errorf("nkey seed %s is not a user seed (SU…)", file)
	}
	return pub, nil
}

// LoadOrCreateSeed returns the public key of the NKey user seed in file, creating the file
// (mode 0600, its directory 0700) with a new seed when it does not exist.
func LoadOrCreateSeed(file string) (string, error) {
	pub, err := PublicKey(file)
	if err == nil || !errors.Is(err, os.ErrNotExist) {
		return pub, err
	}
	seed, pub, err := NewSeed()
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(filepath.Dir(file), 0o700); err != nil {
		return "", fmt.Errorf("creating nkey directory: %w", err)
	}
	f, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", fmt.Errorf("creating nkey seed: %w", err)
	}
	if _, err := f.Write(append(seed, '\n')); err != nil {
		f.Close()
		return "", fmt.Errorf("writing nkey seed: %w", err)
	}
	if err := f.Close(); err != nil {
		return "", fmt.Errorf("writing nkey seed: %w", err)
	}
	return pub, nil
}
