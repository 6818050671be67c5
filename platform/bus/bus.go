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
	// BatchSize bounds the events applied together in one transaction, each with its own
	// processed_events row: the messages already delivered and waiting, never waiting for more
	// (a lone event is applied at once, alone). When zero, DefaultBatchSize on PostgreSQL and
	// SQLiteBatchSize on SQLite; 1 applies every event in its own transaction.
	BatchSize int
	// Optimistic applies a batch without a savepoint per event, the cheaper way for a handler
	// that rarely fails: when an event of the batch fails, the whole transaction is rolled back
	// and the batch applied again with a savepoint per event (as when false), so the handler
	// may run twice for the events of such a batch and must have no effect outside its
	// transaction. Each event's effect is still applied, and recorded, exactly once. On SQLite
	// a savepoint copies every page an event first touches to a sub-journal file: a fifth of
	// the CPU of the directory copies during a province seed (issue 13 §2).
	Optimistic bool
}

// Consume runs a durable pull consumer with explicit acks until ctx is done (or the returned
// ConsumeContext is stopped). Messages already delivered and waiting are applied together, up
// to spec.BatchSize in one transaction (batch.go), each acknowledged only after the commit; a
// lone message is applied at once in its own. Issue 8, item 9: one transaction per event kept
// attendance's directory copy 90 s behind a go-live import of 20,548 employees.
func Consume(ctx context.Context, js jetstream.JetStream, db *database.DB, spec ConsumerSpec, log *slog.Logger, h Handler) (jetstream.ConsumeContext, error) {
	if spec.MaxDeliver <= 0 {
		spec.MaxDeliver = 10
	}
	if len(spec.Backoff) == 0 {
		spec.Backoff = []time.Duration{time.Second, 5 * time.Second, 30 * time.Second}
	}
	if spec.BatchSize <= 0 {
		spec.BatchSize = defaultBatchSize(db)
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
	c := &consumer{db: db, spec: spec, log: log, h: h, rejections: newRejections(), stmts: &database.Statements{},
		tracer: otel.Tracer("github.com/simpeg-id/simpeg/platform/bus")}
	b := &batchConsumer{ch: make(chan jetstream.Msg, spec.BatchSize), stopped: make(chan struct{}), done: make(chan struct{})}
	b.inner, err = cons.Consume(func(msg jetstream.Msg) { b.deliver(ctx, msg) })
	if err != nil {
		return nil, fmt.Errorf("starting consumer %s: %w", spec.Durable, err)
	}
	go b.run(ctx, spec.BatchSize, func(msgs []jetstream.Msg) { c.applyAll(ctx, msgs) })
	context.AfterFunc(ctx, b.Stop)
	return b, nil
}

// consumer applies the messages of one durable consumer.
type consumer struct {
	db         *database.DB
	spec       ConsumerSpec
	log        *slog.Logger
	h          Handler
	rejections *rejections
	tracer     trace.Tracer
	// stmts prepares the consumer's own statements once per batch (SQLite).
	stmts *database.Statements
}

// received is a delivered message with its event and its consumer span.
type received struct {
	msg  jetstream.Msg
	m    Message
	ctx  context.Context
	span trace.Span
}

// receive reads msg's event and starts its span, continuing the publisher's trace.
func (c *consumer) receive(ctx context.Context, msg jetstream.Msg) received {
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
		m.ID = fmt.Sprintf("%s:%d", c.spec.Stream, meta.Sequence.Stream)
	}
	carrier := propagation.HeaderCarrier(msg.Headers())
	mctx := otel.GetTextMapPropagator().Extract(ctx, carrier)
	mctx, span := c.tracer.Start(mctx, "consume "+m.Subject, trace.WithSpanKind(trace.SpanKindConsumer),
		trace.WithAttributes(attribute.String("messaging.system", "nats"), attribute.String("messaging.destination.name", m.Subject), attribute.String("messaging.message.id", m.ID)))
	return received{msg: msg, m: m, ctx: mctx, span: span}
}

// applyAll applies msgs: one alone in its own transaction, several together in one (batch.go).
// If the batch's transaction itself fails for a reason other than the database being
// unavailable, each message is applied again alone, as one delivered by itself would be.
func (c *consumer) applyAll(ctx context.Context, msgs []jetstream.Msg) {
	rs := make([]received, len(msgs))
	for i, msg := range msgs {
		rs[i] = c.receive(ctx, msg)
	}
	defer func() {
		for _, r := range rs {
			r.span.End()
		}
	}()
	if len(rs) > 1 {
		ms := make([]Message, len(rs))
		hctx := make([]context.Context, len(rs))
		for i, r := range rs {
			ms[i], hctx[i] = r.m, r.ctx
		}
		var (
			errs []error
			err  error
		)
		if c.spec.Optimistic {
			errs, err = applyTogether(ctx, c.db, c.stmts, c.spec.Durable, ms, hctx, c.h)
			if errors.Is(err, errEventFailed) {
				errs, err = applyBatch(ctx, c.db, c.stmts, c.spec.Durable, ms, hctx, c.h)
			}
		} else {
			errs, err = applyBatch(ctx, c.db, c.stmts, c.spec.Durable, ms, hctx, c.h)
		}
		if err == nil {
			for i, r := range rs {
				c.settle(ctx, r, errs[i])
			}
			return
		}
		if ctx.Err() != nil || IsTransient(err) {
			for _, r := range rs {
				c.settle(ctx, r, err) // left for redelivery, or redelivered after the outage
			}
			return
		}
		c.log.WarnContext(ctx, "batch of events not applied; applying them one at a time", "consumer", c.spec.Durable, "events", len(rs), "error", err)
	}
	for _, r := range rs {
		c.settle(ctx, r, apply(r.ctx, c.db, c.spec.Durable, r.m, c.h))
	}
}

// settle acknowledges r's message after its event was applied (err nil) or decides its
// redelivery: left for AckWait when shutting down, redelivered without spending an attempt
// after an infrastructure failure, redelivered with backoff after a rejection, terminated
// after the last allowed rejection.
func (c *consumer) settle(ctx context.Context, r received, err error) {
	spec, log, msg, m, mctx := c.spec, c.log, r.msg, r.m, r.ctx
	if err == nil {
		c.rejections.forget(m.ID)
		if aerr := msg.Ack(); aerr != nil {
			log.WarnContext(mctx, "acking event", "subject", m.Subject, "event_id", m.ID, "error", aerr)
		}
		return
	}
	r.span.RecordError(err)
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
	n := c.rejections.add(m.ID)
	if n >= spec.MaxDeliver {
		c.rejections.forget(m.ID)
		log.ErrorContext(mctx, "event rejected on its last attempt; giving up", "consumer", spec.Durable, "subject", m.Subject, "event_id", m.ID, "rejections", n, "deliveries", m.Delivered, "error", err)
		_ = msg.Term()
		return
	}
	delay := spec.Backoff[min(n-1, len(spec.Backoff)-1)]
	log.WarnContext(mctx, "event rejected; will redeliver", "consumer", spec.Durable, "subject", m.Subject, "event_id", m.ID, "rejections", n, "delay", delay, "error", err)
	_ = msg.NakWithDelay(delay)
}

// errDuplicate marks an event already applied.
var errDuplicate = errors.New("event already processed")

// apply applies m alone in its own transaction; an event already processed is no error.
func apply(ctx context.Context, db *database.DB, consumer string, m Message, h Handler) error {
	err := db.InTx(ctx, func(tx *database.Tx) error { return applyIn(ctx, tx, nil, consumer, m, h) })
	if errors.Is(err, errDuplicate) {
		return nil
	}
	return err
}
