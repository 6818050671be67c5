package database

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Querier is what a database and its transactions both offer (*sql.DB, *sql.Tx, and so *DB
// and *Tx), so that a store's reads can run on either.
type Querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// Q is where a store's queries run, the database or one of its transactions, with what its
// SQL must know about it.
type Q struct {
	Querier
	// Dialect is the engine the queries run on.
	Dialect Dialect
	// Lock ends a SELECT of rows that a transaction reads in order to change them: " FOR
	// UPDATE" in a PostgreSQL transaction, so that a concurrent read-modify-write of the same
	// rows waits for this one instead of losing the race; "" otherwise (SQLite runs one write
	// transaction at a time, and outside a transaction there is nothing to hold).
	Lock string
}

// Q returns the database as a Q: its reads take no locks.
func (db *DB) Q() Q { return Q{Querier: db, Dialect: db.Dialect} }

// Q returns the transaction as a Q: on PostgreSQL its reads that end with Lock lock their rows
// until the transaction ends.
func (tx *Tx) Q() Q {
	q := Q{Querier: tx, Dialect: tx.dialect}
	if tx.dialect == Postgres {
		q.Lock = " FOR UPDATE"
	}
	return q
}

// Scanner reads the columns of one row; *sql.Row and *sql.Rows are Scanners.
type Scanner = interface{ Scan(dest ...any) error }

// Collect reads rows to the end, one value a row made by scan, and returns the values in
// order. It closes rows whatever happens.
func Collect[T any](rows *sql.Rows, scan func(Scanner) (T, error)) ([]T, error) {
	var out []T
	err := Each(rows, func(sc Scanner) error {
		v, err := scan(sc)
		if err != nil {
			return err
		}
		out = append(out, v)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Each calls fn for every row of rows, in order, until fn fails, and closes rows. It is for
// reads that fold rows into something other than a slice, such as a map.
func Each(rows *sql.Rows, fn func(Scanner) error) error {
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return fmt.Errorf("scanning row: %w", err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("reading rows: %w", err)
	}
	return nil
}

// Query runs query on q and collects its rows with scan (see Collect).
func Query[T any](ctx context.Context, q Querier, scan func(Scanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return Collect(rows, scan)
}

// QueryEach runs query on q and calls fn for each of its rows (see Each).
func QueryEach(ctx context.Context, q Querier, fn func(Scanner) error, query string, args ...any) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	return Each(rows, fn)
}

// One reads row with scan. When the query matched no row, found is false and err nil, so the
// caller says what "not found" means.
func One[T any](row *sql.Row, scan func(Scanner) (T, error)) (v T, found bool, err error) {
	v, err = scan(row)
	if errors.Is(err, sql.ErrNoRows) {
		var zero T
		return zero, false, nil
	}
	if err != nil {
		var zero T
		return zero, false, err
	}
	return v, true, nil
}

// Strings reads rows of one text column, e.g. the keys an INSERT … RETURNING stored, and
// closes rows.
func Strings(rows *sql.Rows) ([]string, error) {
	return Collect(rows, func(sc Scanner) (string, error) {
		var s string
		err := sc.Scan(&s)
		return s, err
	})
}

// Affected returns how many rows the statement whose result is (res, err) changed.
func Affected(res sql.Result, err error) (int64, error) {
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("counting changed rows: %w", err)
	}
	return n, nil
}

// CheckUpdated checks that the UPDATE whose result is (res, err) changed exactly one row. An
// update guarded by an optimistic version check (WHERE … AND version = $n) that matched no row
// lost a race to a concurrent writer: CheckUpdated then returns ErrRetry, so that InTx runs the
// whole transaction again, and its reads now see the other writer's change.
func CheckUpdated(res sql.Result, err error) error {
	n, err := Affected(res, err)
	if err != nil {
		return fmt.Errorf("updating: %w", err)
	}
	if n != 1 {
		return ErrRetry
	}
	return nil
}

// Get reads the one row that query selects with scan. A failure comes back as "reading what:
// …"; when no row matched it returns missing, the caller's "not found" error.
func Get[T any](ctx context.Context, q Querier, what string, missing error, scan func(Scanner) (T, error), query string, args ...any) (T, error) {
	v, found, err := One(q.QueryRowContext(ctx, query, args...), scan)
	if err != nil {
		return v, fmt.Errorf("reading %s: %w", what, err)
	}
	if !found {
		return v, missing
	}
	return v, nil
}

// CheckInserted checks the INSERT that failed with err (nil when it succeeded): a unique or
// primary-key violation returns exists, the caller's "already exists" error, and another failure
// comes back as "inserting what: …".
func CheckInserted(err error, what string, exists error) error {
	if IsUniqueViolation(err) {
		return exists
	}
	if err != nil {
		return fmt.Errorf("inserting %s: %w", what, err)
	}
	return nil
}
