// Package store keeps the evaluation service's data in its database (PostgreSQL or SQLite, one
// SQL code path) and implements the app layer's Repository. A Write runs its closure in one
// transaction and writes the closure's events to the outbox and its audit records in that same
// transaction. One file per area, as in app: skps.go, feedback.go, ratings.go, reports.go.
package store

import (
	"context"
	"embed"
	"io/fs"
	"time"

	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/outbox"
	"github.com/simpeg-id/simpeg/platform/unitofwork"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/app"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Migrations returns the service's goose migrations.
func Migrations() fs.FS { return database.Embedded(migrations, "migrations") }

// Encoder turns domain events into outbox events.
type Encoder = unitofwork.Encoder[domain.Event]

// Store is the service's Repository.
type Store struct {
	reader // reads outside a transaction
	uow    *unitofwork.Writer[domain.Event]
	db     *database.DB
}

// New returns a Store on db writing events through ob, encoded by encode.
func New(db *database.DB, ob *outbox.Outbox, encode Encoder) *Store {
	return &Store{reader: reader{db.Q()}, uow: unitofwork.New(db, ob, encode, time.Now), db: db}
}

var (
	_ app.Repository = (*Store)(nil)
	_ app.Tx         = (*txn)(nil)
)

// Write runs fn in a transaction with its events and audit records (unitofwork.Writer).
func (s *Store) Write(ctx context.Context, fn func(ctx context.Context, tx app.Tx) error) error {
	return unitofwork.WriteAs(ctx, s.uow, newTxn, fn)
}

// txn is app.Tx: the reads lock on PostgreSQL, and Emit and Audit go to the unit's batch.
type txn struct {
	reader
	*unitofwork.Batch[domain.Event]
	tx *database.Tx
}

func newTxn(tx *database.Tx, b *unitofwork.Batch[domain.Event]) app.Tx {
	return &txn{reader: reader{tx.Q()}, Batch: b, tx: tx}
}

// reader reads through the database or a transaction; inside a PostgreSQL transaction the reads
// of rows about to change end with q.Lock (FOR UPDATE), so a read-modify-write waits for a
// concurrent one instead of losing the race.
type reader struct{ q database.Q }
