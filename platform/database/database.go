// Package database opens a service's database from one URL — PostgreSQL (pgx) or an SQLite file
// (pure Go) — applies migrations, and runs transactions. Queries are written once, in the SQL
// both engines accept: $n placeholders, TEXT/BIGINT/INTEGER/BYTEA columns, times as unix
// microseconds, ON CONFLICT, RETURNING and recursive CTEs.
package database

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Dialect is the database engine behind a DB.
type Dialect string

// The engines a DB can be.
const (
	Postgres Dialect = "postgres"
	SQLite   Dialect = "sqlite"
)

// DB is an open database with its engine.
type DB struct {
	*sql.DB
	Dialect Dialect
	// Target is where the database is, without credentials, for logs.
	Target string
	// writer is the turn InTx's transactions take on SQLite, one at a time (writer.go); nil
	// on PostgreSQL.
	writer chan struct{}
}

// Open connects to url: "postgres://…" or "postgresql://…" for PostgreSQL, anything else
// ("sqlite:path", "file:path" or a plain path) for an SQLite file, created with its directory
// if missing. It checks the connection before returning. A PostgreSQL pool is DefaultPool
// unless WithPool sizes it.
func Open(ctx context.Context, rawURL string, opts ...Option) (*DB, error) {
	o := openOptions{pool: DefaultPool()}
	for _, opt := range opts {
		opt(&o)
	}
	var (
		db     *sql.DB
		err    error
		d      Dialect
		target string
	)
	switch {
	case strings.HasPrefix(rawURL, "postgres://"), strings.HasPrefix(rawURL, "postgresql://"):
		d = Postgres
		u, perr := url.Parse(rawURL)
		if perr != nil {
			return nil, fmt.Errorf("parsing database url: %w", perr)
		}
		target = u.Host + u.Path
		if err := o.pool.Check(); err != nil {
			return nil, fmt.Errorf("sizing the connection pool of %s: %w", target, err)
		}
		db, err = sql.Open("pgx", withApplicationName(rawURL, u, o.appName))
		if err != nil {
			return nil, fmt.Errorf("opening postgres: %w", err)
		}
		o.pool.apply(db)
	default:
		d = SQLite
		path := strings.TrimPrefix(strings.TrimPrefix(rawURL, "sqlite://"), "sqlite:")
		path = strings.TrimPrefix(path, "file:")
		if i := strings.IndexByte(path, '?'); i >= 0 {
			path = path[:i]
		}
		if path == "" {
			return nil, errors.New("opening sqlite: empty path")
		}
		if dir := filepath.Dir(path); dir != "" {
			if err := os.MkdirAll(dir, 0o750); err != nil {
				return nil, fmt.Errorf("creating database directory: %w", err)
			}
		}
		target = path
		// WAL lets readers run beside the one writer; IMMEDIATE transactions take the write lock
		// at BEGIN so two writers queue on busy_timeout instead of failing on lock upgrade;
		// synchronous=FULL makes every acknowledged commit survive a crash.
		dsn := "file:" + path + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=foreign_keys(1)&_txlock=immediate"
		db, err = sql.Open(sqliteDriverName, dsn)
		if err != nil {
			return nil, fmt.Errorf("opening sqlite: %w", err)
		}
		db.SetMaxOpenConns(8)
		db.SetMaxIdleConns(8)
	}
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := db.PingContext(pctx); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("connecting to %s database %s: %w", d, target, err)
	}
	out := &DB{DB: db, Dialect: d, Target: target}
	if d == SQLite {
		out.writer = newWriterTurn()
	}
	return out, nil
}

// Tx is a transaction that can run code after it commits.
type Tx struct {
	*sql.Tx
	dialect Dialect
	after   []func()
}

// AfterCommit runs fn once the transaction has committed; never if it rolls back.
func (tx *Tx) AfterCommit(fn func()) { tx.after = append(tx.after, fn) }

// InTx runs fn in a transaction and commits it if fn returns nil. A transaction that loses a
// race the engine detects (serialization failure, deadlock, SQLite busy) is retried a few
// times with jittered backoff; fn must therefore have no effects outside tx.
func (db *DB) InTx(ctx context.Context, fn func(tx *Tx) error) error {
	const attempts = 5
	var err error
	for i := range attempts {
		err = db.inTx(ctx, fn)
		if err == nil || !retryable(err) || ctx.Err() != nil {
			return err
		}
		backoff := time.Duration(1<<i) * 5 * time.Millisecond
		time.Sleep(backoff/2 + rand.N(backoff))
	}
	return err
}

func (db *DB) inTx(ctx context.Context, fn func(tx *Tx) error) error {
	release, err := db.takeTurn(ctx)
	if err != nil {
		return err
	}
	released := false
	done := func() {
		if !released {
			released = true
			release()
		}
	}
	defer done() // a failed begin, a panic: the turn goes with the transaction
	stx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("beginning transaction: %w", err)
	}
	tx := &Tx{Tx: stx, dialect: db.Dialect}
	defer func() {
		if p := recover(); p != nil {
			// Do not leave the transaction (and on SQLite the write lock) held by a body that
			// panicked; a recovering caller would find every later write blocked.
			_ = stx.Rollback()
			panic(p)
		}
	}()
	if err := fn(tx); err != nil {
		_ = stx.Rollback()
		return err
	}
	err = stx.Commit()
	done() // before the after-commit hooks, which may write again
	if err != nil {
		return fmt.Errorf("committing transaction: %w", err)
	}
	for _, f := range tx.after {
		f()
	}
	return nil
}

// ErrRetry may be returned by a transaction body to have InTx run it again, e.g. after an
// optimistic-concurrency check lost a race.
var ErrRetry = errors.New("transaction should be retried")

func retryable(err error) bool {
	if errors.Is(err, ErrRetry) {
		return true
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code == "40001" || pgErr.Code == "40P01"
	}
	var sqErr *sqlite.Error
	if errors.As(err, &sqErr) {
		c := sqErr.Code() & 0xff
		return c == sqlite3.SQLITE_BUSY || c == sqlite3.SQLITE_LOCKED
	}
	return false
}

// IsUniqueViolation reports whether err is a unique or primary-key constraint failure.
func IsUniqueViolation(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code == "23505"
	}
	var sqErr *sqlite.Error
	if errors.As(err, &sqErr) {
		return sqErr.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || sqErr.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return false
}

// Micros converts a time to the unix-microsecond integers the schemas store.
func Micros(t time.Time) int64 { return t.UnixMicro() }

// FromMicros converts stored unix microseconds back to a UTC time.
func FromMicros(us int64) time.Time { return time.UnixMicro(us).UTC() }

// Placeholders returns "$from, $from+1, …" n times, for IN lists and multi-row inserts.
func Placeholders(from, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "$%d", from+i)
	}
	return b.String()
}
