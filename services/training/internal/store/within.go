package store

import (
	"context"

	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/unitofwork"
	"github.com/simpeg-id/simpeg/services/training/internal/app"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

// Within returns the Repository whose Write runs in tx, a transaction its caller opened and
// commits: a consumer of another service's events (bus.Consume), so that what an event changes
// commits with the record that the event was processed, or neither does. The Write's events and
// audit records are written in tx too. Reads outside a Write go to the database as Store's do.
func (s *Store) Within(tx *database.Tx) app.Repository { return &within{Store: s, tx: tx} }

// within is Store with its writes in one given transaction.
type within struct {
	*Store
	tx *database.Tx
}

// Write runs fn in w's transaction, then writes its events and audit records there; it never
// commits (the transaction's owner does).
func (w *within) Write(ctx context.Context, fn func(ctx context.Context, tx app.Tx) error) error {
	b := &unitofwork.Batch[domain.Event]{}
	if err := fn(ctx, newTxn(w.tx, b)); err != nil {
		return err
	}
	p, err := w.uow.Prepare(ctx, b)
	if err != nil {
		return err
	}
	return w.uow.WritePrepared(ctx, w.tx, p)
}
