// Package outbox implements the transactional outbox: Add writes an event row in the same
// transaction as the change it announces; the Relay publishes unsent rows to JetStream with
// Nats-Msg-Id set to the event id and marks them sent once JetStream has stored them.
//
// The relay selects rows by "not yet sent", never by a high-water mark alone, so a row that
// commits after rows created later is still published. To keep its read from wading through
// the index entries of rows already sent (issue 13: 1,250 events/s instead of 3,700/s over an
// unvacuumed outbox), a round reads the unsent rows created from shortly before the last
// position it saw complete (Relay.Window, covering transactions that commit late and writers'
// clocks that lag), and every Relay.FullReadEvery, after an error and at start a round reads
// all unsent rows from the oldest: a row that commits later than the window is published by
// that full read. Publishing twice (a crash between the ack and the mark, or two replicas
// racing) is absorbed by JetStream's duplicate window, which drops a message whose Nats-Msg-Id
// it has already stored.
//
// Sent rows are kept for Relay.Retention and then deleted in bounded batches (prune.go).
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
	// Retention is how long sent rows are kept before they are deleted; DefaultRetention when
	// zero. Once a minute the relay deletes the older ones in batches (Pruning.Delete).
	Retention time.Duration
	// Window is how far before the last position a round reads unsent rows; DefaultWindow when
	// zero. A row whose transaction commits within Window of its created_at (by the relay's
	// clock) is published by the next round; a later one by the next full read.
	Window time.Duration
	// FullReadEvery is how often a round reads all unsent rows from the oldest;
	// DefaultFullReadEvery when zero.
	FullReadEvery time.Duration
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

// DefaultRetention keeps sent rows a day: long enough to see, the morning after, which events
// a change wrote and when each was published (and to publish a day again by clearing sent_at
// should a stream be lost), short enough that the outbox holds one day of writes, not a year
// (docs/operations.md, "Data retention and housekeeping").
const DefaultRetention = 24 * time.Hour

// DefaultWindow and DefaultFullReadEvery: the writes of this codebase commit within
// milliseconds of stamping created_at (a check-in's group commit) to a few seconds (closing a
// day for the whole city), and NTP keeps servers' clocks within a fraction of a second, so
// 10 s covers them; the rare later commit (a long import, or a writer queued behind SQLite's
// one write lock on a loaded machine) waits at most 5 s for a full read, which costs one walk of
// the unsent rows' index (7.7 ms over 10 M dead entries, docs/benchmarks.md) every 5 s.
const (
	DefaultWindow        = 10 * time.Second
	DefaultFullReadEvery = 5 * time.Second
)

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
		retention = DefaultRetention
	}
	if r.AckTimeout <= 0 {
		r.AckTimeout = DefaultAckTimeout
	}
	if r.Window <= 0 {
		r.Window = DefaultWindow
	}
	if r.FullReadEvery <= 0 {
		r.FullReadEvery = DefaultFullReadEvery
	}
	// The relay's own JetStream context fails an unanswered publish after AckTimeout, so a
	// message lost on a half-dead connection frees its slot instead of holding it for ever
	// (with the default context such futures accumulate until every publish stalls).
	pub, err := jetstream.New(r.JS.Conn(), jetstream.WithPublishAsyncTimeout(r.AckTimeout),
		jetstream.WithPublishAsyncMaxPending(4*batch))
	if err != nil {
		return fmt.Errorf("creating the relay's jetstream context: %w", err)
	}
	pruned := make(chan struct{})
	go func() {
		defer close(pruned)
		r.prune(ctx, retention)
	}()
	defer func() { <-pruned }()
	backoff := time.Duration(0)
	failing := false
	var cur cursor
	for {
		n, err := r.round(ctx, pub, batch, &cur)
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

// prune deletes the rows sent more than retention ago, at start and then once a minute, in
// batches (Pruning.Delete), beside the publishing rounds.
func (r *Relay) prune(ctx context.Context, retention time.Duration) {
	t := time.NewTicker(time.Minute)
	defer t.Stop()
	for {
		start := time.Now()
		n, err := SentRows.Delete(ctx, r.DB, start.Add(-retention))
		switch {
		case err != nil && ctx.Err() == nil:
			r.Log.Warn("deleting sent outbox rows", "error", err, "deleted", n)
		case n >= DefaultPruneBatch:
			r.Log.Info("deleted sent outbox rows", "deleted", n, "retention", retention.String(), "took", time.Since(start).Round(time.Millisecond).String())
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

type row struct {
	id, subject, eventType string
	payload                []byte
	headers                string
	createdAt              int64
}

func scanRow(sc database.Scanner) (row, error) {
	var x row
	err := sc.Scan(&x.id, &x.subject, &x.eventType, &x.payload, &x.headers, &x.createdAt)
	return x, err
}

// cursor is where the relay's rounds read from. mark is a created_at (unix microseconds) such
// that every unsent row created after mark-Window that had committed was read by a round that
// then published all it read; 0 until a round has. full asks the next round to read from the
// oldest unsent row (after an error, or while full reads find a full batch); lastFull is when
// the last full read was.
type cursor struct {
	mark     int64
	full     bool
	lastFull time.Time
}

// round publishes one batch and returns how many rows it took. Every wait in it ends within
// AckTimeout: the read, the acknowledgements (one deadline for the whole batch, not a timer
// read once) and the mark.
func (r *Relay) round(ctx context.Context, js jetstream.JetStream, batch int, cur *cursor) (int, error) {
	start := time.Now()
	full := cur.mark == 0 || cur.full || start.Sub(cur.lastFull) >= r.FullReadEvery
	query, args := `SELECT id, subject, event_type, payload, headers, created_at FROM outbox
		WHERE sent_at IS NULL ORDER BY created_at, id LIMIT $1`, []any{batch}
	if !full {
		query, args = `SELECT id, subject, event_type, payload, headers, created_at FROM outbox
		WHERE sent_at IS NULL AND created_at >= $2 ORDER BY created_at, id LIMIT $1`, []any{batch, cur.mark - r.Window.Microseconds()}
	}
	qctx, cancel := context.WithTimeout(ctx, r.AckTimeout)
	pending, err := database.Query(qctx, r.DB, scanRow, query, args...)
	cancel()
	if err != nil {
		cur.full = true
		return 0, fmt.Errorf("reading outbox: %w", err)
	}
	if full {
		cur.lastFull = start
	}
	n, err := r.publish(ctx, js, pending)
	switch {
	case err != nil:
		cur.full = true // what was read and not published may now lie before the window
	case len(pending) < batch:
		// Every unsent row visible when the read began was read, and is now published.
		cur.mark, cur.full = max(cur.mark, database.Micros(start)), false
	default:
		// More wait after the last row read; a full read that found a full batch goes on
		// from the oldest until it finds the end (a late transaction's many rows).
		cur.mark, cur.full = max(cur.mark, pending[len(pending)-1].createdAt), full
	}
	return n, err
}

// publish publishes pending, marks those JetStream acknowledged sent and returns how many rows
// it took, with the first error.
func (r *Relay) publish(ctx context.Context, js jetstream.JetStream, pending []row) (int, error) {
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
