// Package outbox implements the transactional outbox: Add writes an event row in the same
// transaction as the change it announces; the Relay publishes unsent rows to JetStream with
// Nats-Msg-Id set to the event id and marks them sent once JetStream has stored them.
//
// The relay selects rows by "not yet sent", never by a high-water mark, so a row that commits
// after rows created later is still published. Publishing twice (a crash between the ack and
// the mark, or two replicas racing) is absorbed by JetStream's duplicate window, which drops a
// message whose Nats-Msg-Id it has already stored.
package outbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
	"google.golang.org/protobuf/proto"

	"github.com/simpeg-id/simpeg/platform/database"
)

// HeaderEventType is the message header naming the payload's protobuf message.
const HeaderEventType = "Simpeg-Event-Type"

// Outbox writes events and wakes its relay.
type Outbox struct {
	kick chan struct{}
	now  func() time.Time
}

// New returns an Outbox.
func New() *Outbox {
	return &Outbox{kick: make(chan struct{}, 1), now: time.Now}
}

// Event is one event to write: its subject (e.g. "simpeg.planning.employee.created") and
// payload.
type Event struct {
	Subject string
	Msg     proto.Message
}

// Add writes events in tx, in one statement per few hundred events. The trace context of ctx
// goes with each, so the consumer's span joins the caller's trace.
func (o *Outbox) Add(ctx context.Context, tx *database.Tx, events ...Event) error {
	prepared, err := o.Prepare(ctx, events...)
	if err != nil {
		return err
	}
	return o.AddPrepared(ctx, tx, prepared...)
}

// Prepared is an event ready to be written: its id, encoded payload and the trace context of
// the call it belongs to. Prepare makes them in the caller's goroutine; AddPrepared writes the
// prepared events of many calls in one transaction, each with its own call's trace context
// (the group commit of check-ins does).
type Prepared struct {
	id, subject, eventType string
	payload                []byte
	headers                string
}

// ID returns the event's id, the Nats-Msg-Id it is published with.
func (p Prepared) ID() string { return p.id }

// Prepare encodes events and gives each an id and the trace context of ctx.
func (o *Outbox) Prepare(ctx context.Context, events ...Event) ([]Prepared, error) {
	if len(events) == 0 {
		return nil, nil
	}
	carrier := propagation.MapCarrier{}
	otel.GetTextMapPropagator().Inject(ctx, carrier)
	headers, err := json.Marshal(carrier)
	if err != nil {
		return nil, fmt.Errorf("encoding event headers: %w", err)
	}
	out := make([]Prepared, len(events))
	for i, ev := range events {
		payload, err := proto.Marshal(ev.Msg)
		if err != nil {
			return nil, fmt.Errorf("encoding event: %w", err)
		}
		id, err := uuid.NewV7()
		if err != nil {
			return nil, fmt.Errorf("generating event id: %w", err)
		}
		out[i] = Prepared{id: id.String(), subject: ev.Subject, eventType: string(ev.Msg.ProtoReflect().Descriptor().FullName()),
			payload: payload, headers: string(headers)}
	}
	return out, nil
}

// AddPrepared writes prepared events in tx, in one statement per few hundred events, and
// wakes the relay once tx commits.
func (o *Outbox) AddPrepared(ctx context.Context, tx *database.Tx, events ...Prepared) error {
	if len(events) == 0 {
		return nil
	}
	now := database.Micros(o.now())
	const cols = 6
	err := database.Chunks(events, database.DefaultBatch, func(part []Prepared) error {
		args := make([]any, 0, len(part)*cols)
		for _, ev := range part {
			args = append(args, ev.id, ev.subject, ev.eventType, ev.payload, ev.headers, now)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO outbox (id, subject, event_type, payload, headers, created_at) VALUES `+
			database.Values(1, len(part), cols), args...)
		return err
	})
	if err != nil {
		return fmt.Errorf("writing outbox events: %w", err)
	}
	tx.AfterCommit(o.Kick)
	return nil
}

// Kick wakes the relay without waiting for its next poll.
func (o *Outbox) Kick() {
	select {
	case o.kick <- struct{}{}:
	default:
	}
}

// Relay publishes the outbox to JetStream.
type Relay struct {
	Outbox *Outbox
	DB     *database.DB
	JS     jetstream.JetStream
	Log    *slog.Logger
	// SubjectPrefix is put before every subject, e.g. to keep test runs apart. Usually "".
	SubjectPrefix string
	// BatchSize is how many rows one round publishes; 500 when zero.
	BatchSize int
	// Poll is the longest wait between rounds when nothing kicks the relay; 500 ms when zero.
	Poll time.Duration
	// Retention is how long sent rows are kept before they are deleted; 24 h when zero.
	Retention time.Duration
	// AckTimeout bounds the wait for JetStream's acknowledgements of one batch, and every
	// database statement of the relay; DefaultAckTimeout when zero. Rows whose ack did not come
	// in time are published again in the next round (JetStream drops the duplicates).
	AckTimeout time.Duration
	// Metrics, when set, counts what the relay publishes and the rounds that fail.
	Metrics *Metrics
}

// DefaultAckTimeout is the relay's default AckTimeout: JetStream acknowledges a stored message
// in milliseconds, so 10 s means the broker or the network is not answering (the value the
// relay used since its first release).
const DefaultAckTimeout = 10 * time.Second

// Run publishes until ctx is done. While NATS is unreachable it retries with backoff up to 5 s;
// writes go on succeeding meanwhile and their events wait in the table.
func (r *Relay) Run(ctx context.Context) error {
	batch, poll, retention := r.BatchSize, r.Poll, r.Retention
	if batch <= 0 {
		batch = 500
	}
	if poll <= 0 {
		poll = 500 * time.Millisecond
	}
	if retention <= 0 {
		retention = 24 * time.Hour
	}
	if r.AckTimeout <= 0 {
		r.AckTimeout = DefaultAckTimeout
	}
	// The relay's own JetStream context fails an unanswered publish after AckTimeout, so a
	// message lost on a half-dead connection frees its slot instead of holding it for ever
	// (with the default context such futures accumulate until every publish stalls).
	pub, err := jetstream.New(r.JS.Conn(), jetstream.WithPublishAsyncTimeout(r.AckTimeout),
		jetstream.WithPublishAsyncMaxPending(4*batch))
	if err != nil {
		return fmt.Errorf("creating the relay's jetstream context: %w", err)
	}
	backoff := time.Duration(0)
	failing := false
	lastCleanup := time.Now()
	for {
		n, err := r.round(ctx, pub, batch)
		r.Metrics.round(err)
		switch {
		case ctx.Err() != nil:
			return nil
		case err != nil:
			backoff = min(max(2*backoff, 100*time.Millisecond), 5*time.Second)
			if !failing {
				r.Log.Warn("outbox relay cannot publish; retrying with backoff", "error", err)
				failing = true
			}
		default:
			if failing {
				r.Log.Info("outbox relay publishing again")
				failing = false
			}
			backoff = 0
		}
		if time.Since(lastCleanup) > time.Minute {
			lastCleanup = time.Now()
			dctx, cancel := context.WithTimeout(ctx, r.AckTimeout)
			if _, err := r.DB.ExecContext(dctx, `DELETE FROM outbox WHERE sent_at IS NOT NULL AND sent_at < $1`, database.Micros(time.Now().Add(-retention))); err != nil && ctx.Err() == nil {
				r.Log.Warn("deleting sent outbox rows", "error", err)
			}
			cancel()
		}
		if err == nil && n == batch {
			continue // more waiting
		}
		wait := poll
		if backoff > 0 {
			wait = backoff
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-r.Outbox.kick:
			t.Stop()
			if backoff > 0 {
				// NATS is down: a kick must not turn the backoff into a busy loop.
				select {
				case <-ctx.Done():
					return nil
				case <-time.After(backoff):
				}
			}
		case <-t.C:
		}
	}
}

type row struct {
	id, subject, eventType string
	payload                []byte
	headers                string
}

func scanRow(sc database.Scanner) (row, error) {
	var x row
	err := sc.Scan(&x.id, &x.subject, &x.eventType, &x.payload, &x.headers)
	return x, err
}

// round publishes one batch and returns how many rows it took. Every wait in it ends within
// AckTimeout: the read, the acknowledgements (one deadline for the whole batch, not a timer
// read once) and the mark.
func (r *Relay) round(ctx context.Context, js jetstream.JetStream, batch int) (int, error) {
	qctx, cancel := context.WithTimeout(ctx, r.AckTimeout)
	pending, err := database.Query(qctx, r.DB, scanRow, `SELECT id, subject, event_type, payload, headers FROM outbox
		WHERE sent_at IS NULL ORDER BY created_at, id LIMIT $1`, batch)
	cancel()
	if err != nil {
		return 0, fmt.Errorf("reading outbox: %w", err)
	}
	if len(pending) == 0 {
		return 0, nil
	}
	futures := make([]jetstream.PubAckFuture, 0, len(pending))
	var pubErr error
	for _, x := range pending {
		m := nats.NewMsg(r.SubjectPrefix + x.subject)
		m.Data = x.payload
		var h map[string]string
		if err := json.Unmarshal([]byte(x.headers), &h); err == nil {
			for k, v := range h {
				m.Header.Set(k, v)
			}
		}
		m.Header.Set(HeaderEventType, x.eventType)
		m.Header.Set(jetstream.MsgIDHeader, x.id)
		f, err := js.PublishMsgAsync(m)
		if err != nil {
			pubErr = fmt.Errorf("publishing %s: %w", x.subject, err)
			break
		}
		futures = append(futures, f)
	}
	wctx, cancel := context.WithTimeout(ctx, r.AckTimeout)
	defer cancel()
	sent := make([]any, 0, len(futures))
wait:
	for i, f := range futures {
		select {
		case <-f.Ok(): // a duplicate ack (already stored) counts as success too
			sent = append(sent, pending[i].id)
		case err := <-f.Err():
			if pubErr == nil {
				pubErr = fmt.Errorf("publishing %s: %w", pending[i].subject, err)
			}
		case <-wctx.Done():
			if ctx.Err() != nil {
				return 0, ctx.Err()
			}
			if pubErr == nil {
				pubErr = fmt.Errorf("publishing %s: %w", pending[i].subject, errNoAck(r.AckTimeout, len(futures)-i))
			}
			// The acks already here still count; the rest go again next round.
			for j := i + 1; j < len(futures); j++ {
				select {
				case <-futures[j].Ok():
					sent = append(sent, pending[j].id)
				default:
				}
			}
			break wait
		}
	}
	if len(sent) > 0 {
		if err := r.markSent(ctx, sent); err != nil {
			return 0, errors.Join(err, pubErr)
		}
	}
	r.Metrics.published(len(sent))
	return len(pending), pubErr
}

func errNoAck(d time.Duration, missing int) error {
	return fmt.Errorf("no acknowledgement within %s for %d events", d, missing)
}

func (r *Relay) markSent(ctx context.Context, ids []any) error {
	ctx, cancel := context.WithTimeout(ctx, r.AckTimeout)
	defer cancel()
	now := database.Micros(time.Now())
	err := database.Chunks(ids, database.DefaultBatch, func(part []any) error {
		_, err := r.DB.ExecContext(ctx, `UPDATE outbox SET sent_at = $1 WHERE id IN (`+database.Placeholders(2, len(part))+`)`,
			append([]any{now}, part...)...)
		return err
	})
	if err != nil {
		return fmt.Errorf("marking outbox rows sent: %w", err)
	}
	return nil
}

// Pending returns how many events wait to be published, for health and tests.
func Pending(ctx context.Context, db *database.DB) (int, error) {
	var n int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL`).Scan(&n); err != nil {
		return 0, fmt.Errorf("counting outbox: %w", err)
	}
	return n, nil
}

// StreamName returns the JetStream stream of a service, e.g. "SIMPEG_PLANNING", made distinct
// by the subject prefix if one is used.
func StreamName(prefix, service string) string {
	name := "SIMPEG_" + strings.ToUpper(service)
	if p := strings.Trim(prefix, "."); p != "" {
		name = strings.ToUpper(strings.NewReplacer(".", "_", "-", "_", "*", "_", ">", "_").Replace(p)) + "_" + name
	}
	return name
}
