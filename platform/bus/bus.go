// Package bus connects to NATS JetStream, provisions a service's stream, and runs durable pull
// consumers whose effects are exactly-once: the processed event id is recorded in the same
// database transaction as the handler's effect, so a redelivered event changes nothing.
package bus

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"

	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/outbox"
)

// Connect dials NATS at url and keeps reconnecting forever, so a broker outage never stops the
// service: writes go on into the outbox and consumers resume when it is back. opts give the
// client its identity (WithNKeySeedFile), TLS (WithCAFile, or a tls:// URL) and its reply
// subjects (WithInboxPrefix); a subject the server's permissions refuse is logged.
func Connect(ctx context.Context, url, name string, log *slog.Logger, opts ...Option) (*nats.Conn, jetstream.JetStream, error) {
	var co connectOptions
	for _, opt := range opts {
		opt(&co)
	}
	natsOpts, err := co.natsOptions()
	if err != nil {
		return nil, nil, err
	}
	nc, err := nats.Connect(url, append(natsOpts,
		nats.Name(name),
		nats.MaxReconnects(-1),
		nats.ReconnectWait(500*time.Millisecond),
		nats.RetryOnFailedConnect(true),
		nats.DisconnectErrHandler(func(_ *nats.Conn, err error) {
			if err != nil { // nil when we closed the connection ourselves
				log.Warn("nats disconnected", "error", err)
			}
		}),
		nats.ReconnectHandler(func(c *nats.Conn) {
			log.Info("nats reconnected", "url", c.ConnectedUrlRedacted())
		}),
		nats.ErrorHandler(func(_ *nats.Conn, sub *nats.Subscription, err error) {
			if sub != nil {
				log.Warn("nats error", "subject", sub.Subject, "error", err)
				return
			}
			log.Warn("nats error", "error", err) // e.g. a permissions violation
		}),
	)...)
	if err != nil {
		return nil, nil, fmt.Errorf("connecting to nats: %w", err)
	}
	js, err := jetstream.New(nc)
	if err != nil {
		nc.Close()
		return nil, nil, fmt.Errorf("creating jetstream context: %w", err)
	}
	return nc, js, nil
}

// StreamSpec describes a service's stream.
type StreamSpec struct {
	Name     string   // e.g. SIMPEG_PLANNING
	Subjects []string // e.g. simpeg.planning.>
	Replicas int      // 1 for one server, 3 in a cluster; an existing stream keeps more
	MaxAge   time.Duration
	// Log gets the warning when an existing stream keeps more replicas than Replicas; nil
	// discards it.
	Log *slog.Logger
}

// EnsureStream creates the stream or updates it to spec: file storage, limits retention and a
// two-minute duplicate window for Nats-Msg-Id. It raises an existing stream's replicas to
// spec.Replicas but never lowers them (it warns and keeps them): one replica started with the
// default setting must not shrink a live R3 stream to R1 (issue 7, item 9).
func EnsureStream(ctx context.Context, js jetstream.JetStream, spec StreamSpec) (jetstream.Stream, error) {
	cfg := jetstream.StreamConfig{
		Name:       spec.Name,
		Subjects:   spec.Subjects,
		Storage:    jetstream.FileStorage,
		Retention:  jetstream.LimitsPolicy,
		Replicas:   max(spec.Replicas, 1),
		MaxAge:     spec.MaxAge,
		Duplicates: 2 * time.Minute,
	}
	cur, err := js.Stream(ctx, spec.Name)
	switch {
	case err == nil:
		have := cur.CachedInfo().Config.Replicas
		if r := keepReplicas(have, cfg.Replicas); r != cfg.Replicas {
			if spec.Log != nil {
				spec.Log.Warn("stream has more replicas than SIMPEG_NATS_REPLICAS asks; keeping them (replicas are never lowered)",
					"stream", spec.Name, "replicas", have, "asked", cfg.Replicas)
			}
			cfg.Replicas = r
		}
	case !errors.Is(err, jetstream.ErrStreamNotFound):
		return nil, fmt.Errorf("reading stream %s: %w", spec.Name, err)
	}
	s, err := js.CreateOrUpdateStream(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("provisioning stream %s: %w", spec.Name, err)
	}
	return s, nil
}

// keepReplicas returns the replicas a stream that has have replicas gets when want are asked:
// more when asked, never fewer.
func keepReplicas(have, want int) int { return max(have, want) }

// Message is an event as a consumer sees it.
type Message struct {
	ID      string // the event id (Nats-Msg-Id)
	Subject string
	Type    string // the payload's protobuf full name
	Data    []byte
	// Delivered counts deliveries of this message, from 1.
	Delivered uint64
}

// Handler applies one event inside tx. Returning an error rolls tx back and has the event
// redelivered later: an infrastructure failure (database.IsUnavailable, a timeout, or an error
// wrapped by Transient) until it succeeds, any other error (a rejection: the event cannot be
// decoded or applied) up to the consumer's MaxDeliver times.
type Handler func(ctx context.Context, tx *database.Tx, m Message) error

// ConsumerSpec describes a durable consumer.
type ConsumerSpec struct {
	Stream   string
	Durable  string   // also the name under which processed events are recorded
	Subjects []string // filter subjects; all of the stream's when empty
	// MaxDeliver bounds the handler's rejections of one message; 10 when zero. After the last
	// one the message is terminated and logged as dead. Infrastructure failures do not count.
	MaxDeliver int
	// Backoff gives the redelivery delay after the n-th failure (the last one repeats);
	// 1 s, 5 s, 30 s when empty.
	Backoff []time.Duration
}

// Consume runs a durable pull consumer with explicit acks until ctx is done (or the returned
// ConsumeContext is stopped).
func Consume(ctx context.Context, js jetstream.JetStream, db *database.DB, spec ConsumerSpec, log *slog.Logger, h Handler) (jetstream.ConsumeContext, error) {
	if spec.MaxDeliver <= 0 {
		spec.MaxDeliver = 10
	}
	if len(spec.Backoff) == 0 {
		spec.Backoff = []time.Duration{time.Second, 5 * time.Second, 30 * time.Second}
	}
	// MaxDeliver -1: JetStream would count every delivery, those that met a database outage too,
	// and drop the event after MaxDeliver of them (issue 7: a directory update lost for good).
	// The server redelivers forever; Consume counts the handler's rejections itself (poison).
	cfg := jetstream.ConsumerConfig{
		Durable:       spec.Durable,
		AckPolicy:     jetstream.AckExplicitPolicy,
		AckWait:       30 * time.Second,
		MaxDeliver:    -1,
		DeliverPolicy: jetstream.DeliverAllPolicy,
	}
	if len(spec.Subjects) == 1 {
		cfg.FilterSubject = spec.Subjects[0] // understood by servers before 2.10 too
	} else {
		cfg.FilterSubjects = spec.Subjects
	}
	cons, err := js.CreateOrUpdateConsumer(ctx, spec.Stream, cfg)
	if err != nil {
		return nil, fmt.Errorf("creating consumer %s on %s: %w", spec.Durable, spec.Stream, err)
	}
	tracer := otel.Tracer("github.com/simpeg-id/simpeg/platform/bus")
	rejections := newRejections()
	cc, err := cons.Consume(func(msg jetstream.Msg) {
		meta, _ := msg.Metadata()
		m := Message{
			ID:      msg.Headers().Get(jetstream.MsgIDHeader),
			Subject: msg.Subject(),
			Type:    msg.Headers().Get(outbox.HeaderEventType),
			Data:    msg.Data(),
		}
		if meta != nil {
			m.Delivered = meta.NumDelivered
		}
		if m.ID == "" && meta != nil {
			m.ID = fmt.Sprintf("%s:%d", spec.Stream, meta.Sequence.Stream)
		}
		carrier := propagation.HeaderCarrier(msg.Headers())
		mctx := otel.GetTextMapPropagator().Extract(ctx, carrier)
		mctx, span := tracer.Start(mctx, "consume "+m.Subject, trace.WithSpanKind(trace.SpanKindConsumer),
			trace.WithAttributes(attribute.String("messaging.system", "nats"), attribute.String("messaging.destination.name", m.Subject), attribute.String("messaging.message.id", m.ID)))
		defer span.End()
		err := apply(mctx, db, spec.Durable, m, h)
		if err == nil {
			rejections.forget(m.ID)
			if aerr := msg.Ack(); aerr != nil {
				log.WarnContext(mctx, "acking event", "subject", m.Subject, "event_id", m.ID, "error", aerr)
			}
			return
		}
		span.RecordError(err)
		if ctx.Err() != nil {
			// Shutting down: the failure is ours, not the event's. Leave it unacknowledged so it
			// is redelivered after AckWait, without spending one of its deliveries on a
			// negative ack or terminating it on the last one.
			return
		}
		if IsTransient(err) {
			// The database (or another dependency) is down: the event is fine. Retry it until it
			// is applied, backing off with its deliveries, without counting an attempt.
			delay := infraDelay(m.Delivered)
			log.WarnContext(mctx, "event not applied: infrastructure unavailable; will redeliver", "consumer", spec.Durable, "subject", m.Subject, "event_id", m.ID, "delay", delay, "error", err)
			_ = msg.NakWithDelay(delay)
			return
		}
		n := rejections.add(m.ID)
		if n >= spec.MaxDeliver {
			rejections.forget(m.ID)
			log.ErrorContext(mctx, "event rejected on its last attempt; giving up", "consumer", spec.Durable, "subject", m.Subject, "event_id", m.ID, "rejections", n, "deliveries", m.Delivered, "error", err)
			_ = msg.Term()
			return
		}
		delay := spec.Backoff[min(n-1, len(spec.Backoff)-1)]
		log.WarnContext(mctx, "event rejected; will redeliver", "consumer", spec.Durable, "subject", m.Subject, "event_id", m.ID, "rejections", n, "delay", delay, "error", err)
		_ = msg.NakWithDelay(delay)
	})
	if err != nil {
		return nil, fmt.Errorf("starting consumer %s: %w", spec.Durable, err)
	}
	context.AfterFunc(ctx, cc.Stop)
	return cc, nil
}

// errDuplicate marks an event already applied.
var errDuplicate = errors.New("event already processed")

func apply(ctx context.Context, db *database.DB, consumer string, m Message, h Handler) error {
	err := db.InTx(ctx, func(tx *database.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO processed_events (consumer, event_id, processed_at)
			VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, consumer, m.ID, database.Micros(time.Now()))
		if err != nil {
			return fmt.Errorf("recording processed event: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("recording processed event: %w", err)
		} else if n == 0 {
			return errDuplicate
		}
		return h(ctx, tx, m)
	})
	if errors.Is(err, errDuplicate) {
		return nil
	}
	return err
}
