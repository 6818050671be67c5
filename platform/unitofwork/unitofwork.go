// Package unitofwork keeps the project's central guarantee in one place: a change, the events
// that announce it and the audit records that say who made it commit together, in one
// transaction, or not at all.
//
// A service builds one Writer with its event encoder. Each Write runs a function in a
// transaction; the function changes the service's tables through the transaction and hands its
// events and audit entries to a Batch, and the Writer writes them to the outbox and the audit
// trail in that same transaction before it commits. A group commit, which writes the changes of
// many calls in one transaction, uses the same pieces: Prepare in each caller's goroutine, then
// WritePrepared in the shared transaction.
package unitofwork

import (
	"context"
	"fmt"
	"time"

	"github.com/simpeg-id/simpeg/platform/audit"
	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/idempotency"
	"github.com/simpeg-id/simpeg/platform/outbox"
)

// Encoder turns one of a service's events into the outbox event that announces it.
type Encoder[E any] func(E) (outbox.Event, error)

// Writer runs units of work for one service, whose events are of type E.
type Writer[E any] struct {
	db     *database.DB
	outbox *outbox.Outbox
	encode Encoder[E]
	now    func() time.Time
}

// New returns a Writer on db writing events through ob, encoded by encode, and stamping audit
// records with now (time.Now when nil).
func New[E any](db *database.DB, ob *outbox.Outbox, encode Encoder[E], now func() time.Time) *Writer[E] {
	if now == nil {
		now = time.Now
	}
	return &Writer[E]{db: db, outbox: ob, encode: encode, now: now}
}

// Batch collects what a unit of work announces: its events and its audit entries. It is
// written in the unit's transaction, after the unit's function returns and before the commit.
type Batch[E any] struct {
	events []E
	audits []audit.Entry
}

// Emit adds events to be written to the outbox with the change. Its signature lets a store's
// transaction type embed the batch to satisfy an app layer's "Emit(ctx, events...) error".
func (b *Batch[E]) Emit(_ context.Context, events ...E) error {
	b.events = append(b.events, events...)
	return nil
}

// Audit adds audit entries to be recorded with the change, with the caller taken from the
// context of the Write.
func (b *Batch[E]) Audit(_ context.Context, entries ...audit.Entry) error {
	b.audits = append(b.audits, entries...)
	return nil
}

// Write runs fn in a transaction of its own, then writes the events and audit entries fn added
// to its batch in that transaction, and commits. If fn or a write fails, nothing is committed.
// A transaction that loses a race is run again from the start with a new batch (see
// database.DB.InTx), so fn must have no effects outside tx and the batch.
func (w *Writer[E]) Write(ctx context.Context, fn func(ctx context.Context, tx *database.Tx, b *Batch[E]) error) error {
	return w.db.InTx(ctx, func(tx *database.Tx) error {
		b := &Batch[E]{}
		if err := fn(ctx, tx, b); err != nil {
			return err
		}
		p, err := w.Prepare(ctx, b)
		if err != nil {
			return err
		}
		return w.WritePrepared(ctx, tx, p)
	})
}

// WriteAs is Write for a store whose app layer names its own transaction type T: wrap makes
// the T of the unit's transaction and batch (a store's type that embeds the batch, so its Emit
// and Audit go there), and fn, the app layer's function, runs with it.
func WriteAs[E, T any](ctx context.Context, w *Writer[E], wrap func(*database.Tx, *Batch[E]) T, fn func(context.Context, T) error) error {
	return w.Write(ctx, func(ctx context.Context, tx *database.Tx, b *Batch[E]) error {
		return fn(ctx, wrap(tx, b))
	})
}

// Prepared is a batch made ready to be written by whichever transaction takes it: its events
// encoded, with their ids and the trace context of the call, and its audit records with the
// call's actor, action, request id and peer.
type Prepared struct {
	events []outbox.Prepared
	audits []audit.Prepared
	// claim is the call's Idempotency-Key claim, marked committed in the transaction so a
	// retry that takes the key over can never apply the request again.
	claim *idempotency.Claim
}

// Prepare encodes b's events and takes its audit records' caller from ctx. A group commit calls
// it in each caller's goroutine, where ctx is that caller's.
func (w *Writer[E]) Prepare(ctx context.Context, b *Batch[E]) (Prepared, error) {
	var p Prepared
	p.claim, _ = idempotency.FromContext(ctx)
	if len(b.events) > 0 {
		evs := make([]outbox.Event, len(b.events))
		for i, e := range b.events {
			oe, err := w.encode(e)
			if err != nil {
				return Prepared{}, fmt.Errorf("encoding event: %w", err)
			}
			evs[i] = oe
		}
		var err error
		if p.events, err = w.outbox.Prepare(ctx, evs...); err != nil {
			return Prepared{}, err
		}
	}
	var err error
	if p.audits, err = audit.Prepare(ctx, b.audits...); err != nil {
		return Prepared{}, err
	}
	return p, nil
}

// WritePrepared writes the events and audit records of ps in tx, one statement per few hundred
// rows of each, marks each call's Idempotency-Key claim committed (failing with
// idempotency.ErrClaimLost if a retry took it over), and has the outbox relay woken once tx
// commits.
func (w *Writer[E]) WritePrepared(ctx context.Context, tx *database.Tx, ps ...Prepared) error {
	var (
		events []outbox.Prepared
		audits []audit.Prepared
	)
	if len(ps) == 1 {
		events, audits = ps[0].events, ps[0].audits
	} else {
		for _, p := range ps {
			events = append(events, p.events...)
			audits = append(audits, p.audits...)
		}
	}
	for _, p := range ps {
		if err := p.claim.Mark(ctx, w.db, tx); err != nil {
			return err
		}
	}
	if err := w.outbox.AddPrepared(ctx, tx, events...); err != nil {
		return err
	}
	return audit.RecordPrepared(ctx, tx, w.now(), audits...)
}
