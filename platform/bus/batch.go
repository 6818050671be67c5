package bus

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/simpeg-id/simpeg/platform/database"
)

// DefaultBatchSize is the most events Consume applies in one transaction when
// ConsumerSpec.BatchSize is zero. It is 64 because every event of a batch is applied under its
// own savepoint, and PostgreSQL keeps at most 64 subtransactions of a transaction in its
// shared cache (PGPROC_MAX_CACHED_SUBXIDS, src/include/storage/proc.h); beyond that every
// other session's visibility checks read pg_subtrans. One commit per 64 events already takes
// the commit's fsync, most of an event's cost, out of the per-event path (issue 8, item 9).
const DefaultBatchSize = 64

// SQLiteBatchSize is the most events Consume applies in one transaction on SQLite when
// ConsumerSpec.BatchSize is zero. SQLite has no shared subtransaction cache (a savepoint is a
// marker in the one writer's journal), so the bound above does not apply there, and each
// commit costs a WAL write and an fsync (synchronous=FULL) that a larger batch shares among
// more events (issue 13 §2: the three directory copies of a 204,000-employee province seed,
// 204,000 events each, took a third of the suite's CPU in batches of 64). It is about what
// JetStream's pull consumer keeps buffered (500 messages), so a batch never waits for more to
// arrive.
const SQLiteBatchSize = 512

// defaultBatchSize is the batch size Consume uses on db when the spec gives none.
func defaultBatchSize(db *database.DB) int {
	if db.Dialect == database.SQLite {
		return SQLiteBatchSize
	}
	return DefaultBatchSize
}

// batchConsumer feeds the messages JetStream delivers to one worker that applies those already
// waiting together. It is the ConsumeContext Consume returns: Closed is closed once JetStream's
// consumer is closed and the worker has returned.
type batchConsumer struct {
	inner   jetstream.ConsumeContext
	ch      chan jetstream.Msg
	stopped chan struct{}
	stop    sync.Once
	done    chan struct{}
}

// deliver is JetStream's callback: it hands msg to the worker, waiting while the worker's queue
// is full (so at most BatchSize messages wait outside JetStream's own buffer). A message left
// behind at a stop stays unacknowledged and is redelivered after AckWait.
func (b *batchConsumer) deliver(ctx context.Context, msg jetstream.Msg) {
	select {
	case b.ch <- msg:
	case <-b.stopped:
	case <-ctx.Done():
	}
}

// Stop stops the delivery and the worker; messages not yet applied are redelivered later.
func (b *batchConsumer) Stop() {
	b.stop.Do(func() { close(b.stopped) })
	b.inner.Stop()
}

// Drain stops the delivery after JetStream's buffered messages; the worker applies every
// message already handed to it before Closed is closed.
func (b *batchConsumer) Drain() { b.inner.Drain() }

// Closed is closed when no more messages are delivered and the worker has returned.
func (b *batchConsumer) Closed() <-chan struct{} { return b.done }

// run is the worker: it waits for a message, takes the others already queued (up to size,
// never waiting to fill a batch, so a lone event is applied at once) and applies them.
func (b *batchConsumer) run(ctx context.Context, size int, apply func([]jetstream.Msg)) {
	defer func() {
		<-b.inner.Closed()
		close(b.done)
	}()
	batch := make([]jetstream.Msg, 0, size)
	closed := b.inner.Closed()
	for {
		var first jetstream.Msg
		select {
		case first = <-b.ch:
		case <-b.stopped:
			return
		case <-ctx.Done():
			return
		case <-closed:
			// Drained (or closed by the server): apply what was handed over, then return.
			closed = nil
			select {
			case first = <-b.ch:
			default:
				return
			}
		}
		batch = append(batch[:0], first)
	fill:
		for len(batch) < size {
			select {
			case m := <-b.ch:
				batch = append(batch, m)
			default:
				break fill
			}
		}
		apply(batch)
		if closed == nil && len(b.ch) == 0 {
			return
		}
	}
}

// savepoint names the savepoint each event of a batch is applied under.
const savepoint = "bus_event"

// applyBatch applies ms in one transaction, each event with its processed_events row and under
// its own savepoint: an event the handler fails (a rejection, or a Transient dependency) is
// rolled back alone and its error returned in errs[i]; the others are committed together. An
// event already processed (errDuplicate) is nil in errs. err is the transaction's own failure
// (the database unavailable, a failed commit, an event whose failure leaves the transaction
// unusable): then nothing was applied and errs is nil.
func applyBatch(ctx context.Context, db *database.DB, st *database.Statements, consumer string, ms []Message, hctx []context.Context, h Handler) (errs []error, err error) {
	err = db.InTx(ctx, func(tx *database.Tx) error {
		errs = make([]error, len(ms)) // InTx may run the body again
		for i, m := range ms {
			if _, err := st.Exec(ctx, tx, "SAVEPOINT "+savepoint); err != nil {
				return fmt.Errorf("starting event savepoint: %w", err)
			}
			herr := applyIn(hctx[i], tx, st, consumer, m, h)
			if herr != nil && !errors.Is(herr, errDuplicate) {
				if abortsBatch(herr) {
					return herr
				}
				if _, err := st.Exec(ctx, tx, "ROLLBACK TO SAVEPOINT "+savepoint); err != nil {
					return errors.Join(herr, fmt.Errorf("rolling back event %s: %w", m.ID, err))
				}
				errs[i] = herr
			}
			if _, err := st.Exec(ctx, tx, "RELEASE SAVEPOINT "+savepoint); err != nil {
				return fmt.Errorf("releasing event savepoint: %w", err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return errs, nil
}

// errEventFailed is applyTogether's answer when an event of the batch failed: nothing was
// applied, and the batch is to be applied again with a savepoint per event.
var errEventFailed = errors.New("an event of the batch failed")

// applyTogether applies ms in one transaction without savepoints (ConsumerSpec.Optimistic):
// all of them, each with its processed_events row, or none. An event the handler fails rolls
// the whole transaction back: err is then errEventFailed (joined with the event's error), or
// the event's own error when it fails the batch anyway (abortsBatch: the database unavailable,
// a deadline). errs is all nil on success, as applyBatch's.
func applyTogether(ctx context.Context, db *database.DB, st *database.Statements, consumer string, ms []Message, hctx []context.Context, h Handler) (errs []error, err error) {
	err = db.InTx(ctx, func(tx *database.Tx) error {
		for i, m := range ms {
			herr := applyIn(hctx[i], tx, st, consumer, m, h)
			if herr == nil || errors.Is(herr, errDuplicate) {
				continue
			}
			if abortsBatch(herr) {
				return herr
			}
			return errors.Join(errEventFailed, fmt.Errorf("event %s: %w", m.ID, herr))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return make([]error, len(ms)), nil
}

// abortsBatch reports whether an event's failure fails its whole batch rather than the event
// alone: the database unavailable or a deadline (the others would meet it too), or a
// transaction InTx runs again (ErrRetry, a PostgreSQL serialization failure or deadlock:
// SQLSTATE 40001, 40P01). A handler's Transient dependency failure is the event's own.
func abortsBatch(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && (pgErr.Code == "40001" || pgErr.Code == "40P01") {
		return true
	}
	return errors.Is(err, database.ErrRetry) || errors.Is(err, context.DeadlineExceeded) ||
		errors.Is(err, context.Canceled) || database.IsUnavailable(err)
}

// applyIn records m as processed by consumer in tx and runs h; errDuplicate when it already was.
// st runs the statement (prepared once per transaction on SQLite); nil runs it as text.
func applyIn(ctx context.Context, tx *database.Tx, st *database.Statements, consumer string, m Message, h Handler) error {
	if st == nil {
		st = &database.Statements{}
	}
	res, err := st.Exec(ctx, tx, `INSERT INTO processed_events (consumer, event_id, processed_at)
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
}
