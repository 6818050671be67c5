package database

import (
	"context"
	"database/sql"
	"sync"
)

// maxStatements bounds the statements a Statements keeps prepared for one transaction; a
// statement beyond it runs unprepared, as through the transaction itself.
const maxStatements = 32

// Statements runs a fixed set of statements many times inside one transaction, each prepared
// once in that transaction and reused, instead of parsed anew on every call. It is for the
// paths that apply hundreds of events in one transaction with the same few statements each
// (the event consumers): SQLite parses a statement every time it is given as text, a share of
// the CPU comparable to running it. On PostgreSQL it runs every statement as text: the driver
// prepares and caches statements per connection itself, and a statement prepared here would
// cost a round trip to deallocate at the end of each transaction.
//
// It keeps the statements of the last transaction it was used in: a call in another
// transaction prepares them anew there (the transaction closes its statements when it ends),
// so it is correct, if no faster, when transactions alternate. Nothing is prepared outside a
// transaction, so it never waits for a second connection. The zero value is ready; it is safe
// for concurrent use.
type Statements struct {
	mu sync.Mutex
	tx *Tx
	m  map[string]*sql.Stmt
}

// in returns query prepared in tx, or nil to run it as text (the set is full, or preparing
// failed: the statement's own error then comes from running it).
func (s *Statements) in(ctx context.Context, tx *Tx, query string) *sql.Stmt {
	if tx.dialect != SQLite {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tx != tx {
		s.tx, s.m = tx, make(map[string]*sql.Stmt)
	}
	st, ok := s.m[query]
	if ok || len(s.m) >= maxStatements {
		return st
	}
	st, err := tx.PrepareContext(ctx, query)
	if err != nil {
		st = nil
	}
	s.m[query] = st
	return st
}

// Exec runs query with args in tx.
func (s *Statements) Exec(ctx context.Context, tx *Tx, query string, args ...any) (sql.Result, error) {
	if st := s.in(ctx, tx, query); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return tx.ExecContext(ctx, query, args...)
}

// QueryRow runs query with args in tx and returns its first row.
func (s *Statements) QueryRow(ctx context.Context, tx *Tx, query string, args ...any) *sql.Row {
	if st := s.in(ctx, tx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return tx.QueryRowContext(ctx, query, args...)
}
