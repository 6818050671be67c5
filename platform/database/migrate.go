package database

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"time"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/database"
	"github.com/pressly/goose/v3/lock"
)

//go:embed migrations/*.sql
var platformMigrations embed.FS

// Migrate brings the schema up to date: first the platform's own tables (outbox, processed
// events, idempotency keys, audit), then the service's migrations from fsys (a directory of
// goose SQL files at its root). Each set keeps its own version table, so services and the
// platform evolve independently. It is safe to run from several replicas at once on
// PostgreSQL (goose takes a session lock).
//
// A migration file whose lines before "-- +goose Up" include PostgresOnly runs on PostgreSQL
// only; SQLite leaves it out. After the platform's migrations, on PostgreSQL, Migrate makes
// the audit trail's monthly partitions from the current month to AuditMonthsAhead ahead and
// moves rows out of its default partition (EnsureAuditPartitions); if the table's lock is not
// granted within 5 s it leaves that to the next start (the rows meanwhile go to the default
// partition, which the next start empties).
func (db *DB) Migrate(ctx context.Context, service string, fsys fs.FS) error {
	if err := db.migrate(ctx, "simpeg_platform_migrations", Embedded(platformMigrations, "migrations")); err != nil {
		return fmt.Errorf("migrating platform tables: %w", err)
	}
	now := time.Now()
	if _, err := db.EnsureAuditPartitions(ctx, now, now.AddDate(0, AuditMonthsAhead, 0)); err != nil && !IsLockTimeout(err) {
		return fmt.Errorf("migrating platform tables: %w", err)
	}
	if fsys != nil {
		if err := db.migrate(ctx, "simpeg_"+service+"_migrations", fsys); err != nil {
			return fmt.Errorf("migrating %s tables: %w", service, err)
		}
	}
	return nil
}

func (db *DB) migrate(ctx context.Context, table string, fsys fs.FS) error {
	dialect := goose.DialectSQLite3
	if db.Dialect == Postgres {
		dialect = goose.DialectPostgres
	}
	store, err := database.NewStore(dialect, table)
	if err != nil {
		return fmt.Errorf("creating migration store: %w", err)
	}
	opts := []goose.ProviderOption{goose.WithStore(store), goose.WithDisableGlobalRegistry(true)}
	var skipped []string
	if db.Dialect != Postgres {
		if skipped, err = postgresOnly(fsys); err != nil {
			return err
		}
		opts = append(opts, goose.WithExcludeNames(skipped))
	}
	if db.Dialect == Postgres {
		// Without a lock, replicas starting together race to create the same tables.
		opts = append(opts, goose.WithSessionLocker(pgMigrationLock{}))
	}
	p, err := goose.NewProvider("", db.DB, fsys, opts...)
	if errors.Is(err, goose.ErrNoMigrations) && len(skipped) > 0 {
		return nil // every migration of the set is PostgreSQL's
	}
	if err != nil {
		return fmt.Errorf("creating migration provider: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("applying migrations: %w", err)
	}
	return nil
}

// PostgresOnly is the line that marks a migration file as PostgreSQL's only, e.g. one that
// partitions a table or makes an index SQLite has no equivalent of. It must come before the
// file's "-- +goose Up". On SQLite such a file is never applied and its version never
// recorded; a later portable migration must therefore not depend on what it made.
const PostgresOnly = "-- simpeg:postgres-only"

// postgresOnly returns the names of the migration files at fsys's root marked PostgresOnly.
func postgresOnly(fsys fs.FS) ([]string, error) {
	names, err := fs.Glob(fsys, "*.sql")
	if err != nil {
		return nil, fmt.Errorf("listing migrations: %w", err)
	}
	var out []string
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("reading migration %s: %w", name, err)
		}
		sc := bufio.NewScanner(bytes.NewReader(data))
		sc.Buffer(make([]byte, 0, 64*1024), len(data)+1)
		for sc.Scan() {
			line := strings.TrimSpace(sc.Text())
			if strings.HasPrefix(line, "-- +goose Up") {
				break
			}
			if line == PostgresOnly {
				out = append(out, path.Base(name))
				break
			}
		}
	}
	return out, nil
}

// Embedded returns the directory dir of an embedded file system, e.g. a service's migrations
// (//go:embed migrations/*.sql) for Migrate. The directory is part of the binary, so a dir that
// is not a valid path is a programming error: Embedded panics.
func Embedded(fsys fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(fsys, dir)
	if err != nil {
		panic(fmt.Sprintf("embedded directory %q: %v", dir, err))
	}
	return sub
}

// pgMigrationLock serializes migrations across processes with a session-level advisory lock.
// Unlike goose's own locker, which polls every few seconds, it waits in pg_advisory_lock, so
// a replica proceeds as soon as the one migrating is done.
type pgMigrationLock struct{}

var _ lock.SessionLocker = pgMigrationLock{}

func (pgMigrationLock) SessionLock(ctx context.Context, conn *sql.Conn) error {
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, lock.DefaultLockID); err != nil {
		return fmt.Errorf("taking the migration lock: %w", err)
	}
	return nil
}

func (pgMigrationLock) SessionUnlock(ctx context.Context, conn *sql.Conn) error {
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_unlock($1)`, lock.DefaultLockID); err != nil {
		return fmt.Errorf("releasing the migration lock: %w", err)
	}
	return nil
}
