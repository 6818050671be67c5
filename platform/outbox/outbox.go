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
}

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
	backoff := time.Duration(0)
	failing := false
	lastCleanup := time.Now()
	for {
		n, err := r.round(ctx, batch)
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
			if _, err := r.DB.ExecContext(ctx, `DELETE FROM outbox WHERE sent_at IS NOT NULL AND sent_at < $1`, database.Micros(time.Now().Add(-retention))); err != nil && ctx.Err() == nil {
				r.Log.Warn("deleting sent outbox rows", "error", err)
			}
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

// round publishes one batch and returns how many rows it took.
func (r *Relay) round(ctx context.Context, batch int) (int, error) {
	pending, err := database.Query(ctx, r.DB, scanRow, `SELECT id, subject, event_type, payload, headers FROM outbox
		WHERE sent_at IS NULL ORDER BY created_at, id LIMIT $1`, batch)
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
		f, err := r.JS.PublishMsgAsync(m)
		if err != nil {
			pubErr = fmt.Errorf("publishing %s: %w", x.subject, err)
			break
		}
		futures = append(futures, f)
	}
	timeout := time.NewTimer(10 * time.Second)
	defer timeout.Stop()
	sent := make([]any, 0, len(futures))
	for i, f := range futures {
		select {
		case <-f.Ok(): // a duplicate ack (already stored) counts as success too
			sent = append(sent, pending[i].id)
		case err := <-f.Err():
			if pubErr == nil {
				pubErr = fmt.Errorf("publishing %s: %w", pending[i].subject, err)
			}
		case <-timeout.C:
			if pubErr == nil {
				pubErr = fmt.Errorf("publishing %s: no acknowledgement in 10s", pending[i].subject)
			}
		case <-ctx.Done():
			return 0, ctx.Err()
		}
	}
	if len(sent) > 0 {
		if err := r.markSent(ctx, sent); err != nil {
			return 0, err
		}
	}
	return len(pending), pubErr
}

func (r *Relay) markSent(ctx context.Context, ids []any) error {
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
