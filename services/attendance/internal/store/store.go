// Package store keeps the attendance service's data in its database (PostgreSQL or SQLite, one
// SQL code path) and implements the app layer's Repository. A Write runs its closure in one
// transaction and writes the closure's events to the outbox and its audit records in that same
// transaction.
package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"time"

	"github.com/simpeg-id/simpeg/platform/audit"
	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/outbox"
	"github.com/simpeg-id/simpeg/services/attendance/internal/app"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Migrations returns the service's goose migrations.
func Migrations() fs.FS {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		panic(err) // the embedded directory is part of the binary
	}
	return sub
}

// Encoder turns the app's events into outbox events.
type Encoder func(app.Event) (outbox.Event, error)

// Store is the service's Repository.
type Store struct {
	reader  // reads outside a transaction
	db      *database.DB
	outbox  *outbox.Outbox
	encode  Encoder
	now     func() time.Time
	records *GroupCommit[recordWrite, app.Record] // check-ins, by group commit (records.go)
	offices *officeCache                          // cleared by every Write
}

// New returns a Store on db writing events through ob, encoded by encode.
func New(db *database.DB, ob *outbox.Outbox, encode Encoder) *Store {
	s := &Store{reader: reader{q: db, dialect: db.Dialect}, db: db, outbox: ob, encode: encode, now: time.Now, offices: newOfficeCache(time.Now)}
	s.records = NewGroupCommit(db, recordBatching(db.Dialect), s.writeRecords)
	return s
}

var (
	_ app.Repository = (*Store)(nil)
	_ app.Tx         = (*txn)(nil)
)

// querier is what both *sql.DB and *sql.Tx offer.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// reader reads through a querier: the database, or a transaction.
type reader struct {
	q       querier
	dialect database.Dialect
	// lock is " FOR UPDATE" inside a PostgreSQL transaction, so a read-modify-write waits for a
	// concurrent one; SQLite transactions are serialized already.
	lock string
}

// Write runs fn in a transaction with its events and audit records. It clears the office
// cache, as fn may have changed an office.
func (s *Store) Write(ctx context.Context, fn func(ctx context.Context, tx app.Tx) error) error {
	defer s.offices.invalidate()
	return s.db.InTx(ctx, func(dtx *database.Tx) error {
		t := &txn{reader: reader{q: dtx, dialect: s.db.Dialect}, tx: dtx}
		if s.db.Dialect == database.Postgres {
			t.lock = " FOR UPDATE"
		}
		if err := fn(ctx, t); err != nil {
			return err
		}
		evs := make([]outbox.Event, 0, len(t.events))
		for _, e := range t.events {
			oe, err := s.encode(e)
			if err != nil {
				return fmt.Errorf("encoding event: %w", err)
			}
			evs = append(evs, oe)
		}
		if err := s.outbox.Add(ctx, dtx, evs...); err != nil {
			return err
		}
		entries := make([]audit.Entry, len(t.audits))
		for i, a := range t.audits {
			entries[i] = audit.Entry{Resource: a.Resource, Detail: a.Detail}
		}
		return audit.Record(ctx, dtx, s.now(), entries...)
	})
}

type txn struct {
	reader
	tx     *database.Tx
	events []app.Event
	audits []app.AuditEntry
}

func (t *txn) Emit(_ context.Context, events ...app.Event) error {
	t.events = append(t.events, events...)
	return nil
}

func (t *txn) Audit(_ context.Context, entries ...app.AuditEntry) error {
	t.audits = append(t.audits, entries...)
	return nil
}

// checkUpdated turns "no row matched the version" into a retry of the whole transaction.
func checkUpdated(res sql.Result, err error) error {
	if err != nil {
		return fmt.Errorf("updating: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("updating: %w", err)
	}
	if n != 1 {
		return database.ErrRetry
	}
	return nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
