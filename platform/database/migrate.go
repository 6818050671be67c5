package database

import (
	"context"
	"embed"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/database"
)

//go:embed migrations/*.sql
var platformMigrations embed.FS

// Migrate brings the schema up to date: first the platform's own tables (outbox, processed
// events, idempotency keys, audit), then the service's migrations from fsys (a directory of
// goose SQL files at its root). Each set keeps its own version table, so services and the
// platform evolve independently. It is safe to run from several replicas at once on
// PostgreSQL (goose takes a session lock).
func (db *DB) Migrate(ctx context.Context, service string, fsys fs.FS) error {
	pm, err := fs.Sub(platformMigrations, "migrations")
	if err != nil {
		return fmt.Errorf("reading platform migrations: %w", err)
	}
	if err := db.migrate(ctx, "simpeg_platform_migrations", pm); err != nil {
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
	p, err := goose.NewProvider("", db.DB, fsys, goose.WithStore(store), goose.WithDisableGlobalRegistry(true))
	if err != nil {
		return fmt.Errorf("creating migration provider: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("applying migrations: %w", err)
	}
	return nil
}
