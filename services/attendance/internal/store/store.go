// Package store keeps the attendance service's data in its database (PostgreSQL or SQLite, one
// SQL code path) and implements the app layer's Repository. A Write runs its closure in one
// transaction and writes the closure's events to the outbox and its audit records in that same
// transaction.
package store

import (
	"context"
	"embed"
	"io/fs"
	"time"

	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/outbox"
	"github.com/simpeg-id/simpeg/platform/unitofwork"
	"github.com/simpeg-id/simpeg/services/attendance/internal/app"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Migrations returns the service's goose migrations.
func Migrations() fs.FS { return database.Embedded(migrations, "migrations") }

// Encoder turns the app's events into outbox events.
type Encoder = unitofwork.Encoder[app.Event]

// Store is the service's Repository.
type Store struct {
	reader  // reads outside a transaction
	db      *database.DB
	uow     *unitofwork.Writer[app.Event]
	records *GroupCommit[recordWrite, app.Record] // check-ins, by group commit (records.go)
	offices *officeCache                          // cleared by every Write
	leave   *leaveCache                           // cleared by every Write
}

// New returns a Store on db writing events through ob, encoded by encode.
func New(db *database.DB, ob *outbox.Outbox, encode Encoder) *Store {
	s := &Store{reader: reader{db.Q()}, db: db, uow: unitofwork.New(db, ob, encode, time.Now), offices: newOfficeCache(time.Now), leave: newLeaveCache(time.Now)}
	s.records = NewGroupCommit(db, recordBatching(db.Dialect), s.writeRecords)
	return s
}

var (
	_ app.Repository = (*Store)(nil)
	_ app.Tx         = (*txn)(nil)
)

// reader reads through the database or a transaction; inside a PostgreSQL transaction the reads
// of rows about to change end with q.Lock (FOR UPDATE), so a read-modify-write waits for a
// concurrent one instead of losing the race.
type reader struct{ q database.Q }

// Write runs fn in a transaction with its events and audit records (unitofwork.Writer). It
// clears the office and leave caches, as fn may have changed an office or a leave request.
func (s *Store) Write(ctx context.Context, fn func(ctx context.Context, tx app.Tx) error) error {
	defer s.offices.invalidate()
	defer s.leave.invalidate()
	return unitofwork.WriteAs(ctx, s.uow, newTxn, fn)
}

// txn is app.Tx: the reads lock on PostgreSQL, and Emit and Audit go to the unit's batch.
type txn struct {
	reader
	*unitofwork.Batch[app.Event]
	tx *database.Tx
}

func newTxn(tx *database.Tx, b *unitofwork.Batch[app.Event]) app.Tx {
	return &txn{reader: reader{tx.Q()}, Batch: b, tx: tx}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
