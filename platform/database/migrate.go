package database

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"

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
func (db *DB) Migrate(ctx context.Context, service string, fsys fs.FS) error {
	if err := db.migrate(ctx, "simpeg_platform_migrations", Embedded(platformMigrations, "migrations")); err != nil {
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
	if db.Dialect == Postgres {
		// Without a lock, replicas starting together race to create the same tables.
		opts = append(opts, goose.WithSessionLocker(pgMigrationLock{}))
	}
	p, err := goose.NewProvider("", db.DB, fsys, opts...)
	if err != nil {
		return fmt.Errorf("creating migration provider: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("applying migrations: %w", err)
	}
	return nil
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
