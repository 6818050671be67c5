package database_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/testenv"
)

var serviceMigrations = fstest.MapFS{
	"00001_things.sql": {Data: []byte(`-- +goose Up
CREATE TABLE things (
    id   TEXT PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    n    BIGINT NOT NULL
);
-- +goose Down
DROP TABLE things;
`)},
}

func migrated(t *testing.T, engine testenv.Engine) *database.DB {
	t.Helper()
	db := testenv.OpenDB(t, engine)
	if err := db.Migrate(context.Background(), "test", serviceMigrations); err != nil {
		t.Fatalf("migrating: %v", err)
	}
	return db
}

func count(t *testing.T, db *database.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func TestDatabase(t *testing.T) {
	for _, engine := range testenv.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			t.Run("migrate", func(t *testing.T) { t.Parallel(); testMigrate(t, engine) })
			t.Run("concurrent migrate", func(t *testing.T) { t.Parallel(); testConcurrentMigrate(t, engine) })
			t.Run("commit and rollback", func(t *testing.T) { t.Parallel(); testCommitRollback(t, engine) })
			t.Run("after commit", func(t *testing.T) { t.Parallel(); testAfterCommit(t, engine) })
			t.Run("unique violation", func(t *testing.T) { t.Parallel(); testUniqueViolation(t, engine) })
			t.Run("retry", func(t *testing.T) { t.Parallel(); testRetry(t, engine) })
			t.Run("panic rolls back", func(t *testing.T) { t.Parallel(); testPanic(t, engine) })
			t.Run("concurrent writers", func(t *testing.T) { t.Parallel(); testConcurrentWriters(t, engine) })
		})
	}
}

func testMigrate(t *testing.T, engine testenv.Engine) {
	ctx := context.Background()
	db := testenv.OpenDB(t, engine)
	if db.Dialect != database.Dialect(engine) {
		t.Fatalf("Dialect = %q, want %q", db.Dialect, engine)
	}
	for i := range 3 {
		if err := db.Migrate(ctx, "test", serviceMigrations); err != nil {
			t.Fatalf("migration %d: %v", i+1, err)
		}
	}
	for _, table := range []string{"outbox", "processed_events", "idempotency_keys", "audit_records", "things"} {
		if n := count(t, db, `SELECT COUNT(*) FROM `+table); n != 0 {
			t.Errorf("%s has %d rows after migrating", table, n)
		}
	}
	// Each set has its own version table with one applied version.
	for _, vt := range []string{"simpeg_platform_migrations", "simpeg_test_migrations"} {
		if n := count(t, db, `SELECT COUNT(*) FROM `+vt+` WHERE version_id = 1 AND is_applied`); n != 1 {
			t.Errorf("%s records version 1 applied %d times, want once", vt, n)
		}
	}
	// A later service migration is applied on the next start, and only it.
	more := fstest.MapFS{"00002_more.sql": {Data: []byte("-- +goose Up\nALTER TABLE things ADD COLUMN note TEXT;\n-- +goose Down\nALTER TABLE things DROP COLUMN note;\n")}}
	more["00001_things.sql"] = serviceMigrations["00001_things.sql"]
	for range 2 {
		if err := db.Migrate(ctx, "test", more); err != nil {
			t.Fatalf("second migration: %v", err)
		}
	}
	if _, err := db.ExecContext(ctx, `INSERT INTO things (id, code, n, note) VALUES ('a', 'A', 1, 'x')`); err != nil {
		t.Fatalf("new column missing: %v", err)
	}
	// Without service migrations only the platform's run.
	if err := db.Migrate(ctx, "other", nil); err != nil {
		t.Fatalf("migrating without service migrations: %v", err)
	}
	// A broken migration is reported, naming the service.
	bad := fstest.MapFS{"00001_bad.sql": {Data: []byte("-- +goose Up\nCREATE TABLE (;\n")}}
	if err := db.Migrate(ctx, "broken", bad); err == nil || !strings.Contains(err.Error(), "broken") {
		t.Fatalf("broken migration: error %v, want one naming the service", err)
	}
}

// Replicas starting together all migrate the same database. Only PostgreSQL promises this:
// an SQLite file belongs to one process.
func testConcurrentMigrate(t *testing.T, engine testenv.Engine) {
	if engine != testenv.Postgres {
		t.Skip("several replicas share a database only on PostgreSQL")
	}
	url := testenv.DatabaseURL(t, engine)
	const replicas = 4
	var wg sync.WaitGroup
	errc := make(chan error, replicas)
	for range replicas {
		wg.Go(func() {
			db, err := database.Open(context.Background(), url)
			if err != nil {
				errc <- err
				return
			}
			defer db.Close()
			errc <- db.Migrate(context.Background(), "test", serviceMigrations)
		})
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		if err != nil {
			t.Errorf("concurrent migration: %v", err)
		}
	}
	db, err := database.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if n := count(t, db, `SELECT COUNT(*) FROM simpeg_test_migrations WHERE version_id = 1`); n != 1 {
		t.Fatalf("version 1 recorded %d times", n)
	}
}

var errBoom = errors.New("boom")

func testCommitRollback(t *testing.T, engine testenv.Engine) {
	ctx := context.Background()
	db := migrated(t, engine)
	if err := db.InTx(ctx, func(tx *database.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO things (id, code, n) VALUES ($1, $2, $3), ($4, $5, $6)`, "a", "A", 1, "b", "B", 2)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM things`); n != 2 {
		t.Fatalf("after commit: %d rows, want 2", n)
	}

	err := db.InTx(ctx, func(tx *database.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO things (id, code, n) VALUES ('c', 'C', 3)`); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE things SET n = 100 WHERE id = 'a'`); err != nil {
			return err
		}
		// The transaction sees its own writes.
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT n FROM things WHERE id = 'a'`).Scan(&n); err != nil || n != 100 {
			return fmt.Errorf("own write not visible: %d, %v", n, err)
		}
		return fmt.Errorf("failing on purpose: %w", errBoom)
	})
	if !errors.Is(err, errBoom) {
		t.Fatalf("InTx error = %v, want the body's error", err)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM things`); n != 2 {
		t.Fatalf("after rollback: %d rows, want 2", n)
	}
	if n := count(t, db, `SELECT n FROM things WHERE id = 'a'`); n != 1 {
		t.Fatalf("rolled-back update is visible: n = %d", n)
	}

	// A cancelled context runs nothing.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	ran := false
	if err := db.InTx(cctx, func(*database.Tx) error { ran = true; return nil }); err == nil || ran {
		t.Fatalf("InTx with cancelled context: err %v, ran %v", err, ran)
	}
}

func testAfterCommit(t *testing.T, engine testenv.Engine) {
	ctx := context.Background()
	db := migrated(t, engine)

	var ran []string
	var seenRows int
	err := db.InTx(ctx, func(tx *database.Tx) error {
		tx.AfterCommit(func() {
			ran = append(ran, "first")
			// The change is committed, so another connection sees it.
			seenRows = count(t, db, `SELECT COUNT(*) FROM things WHERE id = 'x'`)
		})
		tx.AfterCommit(func() { ran = append(ran, "second") })
		if _, err := tx.ExecContext(ctx, `INSERT INTO things (id, code, n) VALUES ('x', 'X', 1)`); err != nil {
			return err
		}
		if len(ran) != 0 {
			return errors.New("AfterCommit ran before commit")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(ran, ",") != "first,second" || seenRows != 1 {
		t.Fatalf("after commit: ran %v (want first,second in order), row visible %d", ran, seenRows)
	}

	ran = nil
	_ = db.InTx(ctx, func(tx *database.Tx) error {
		tx.AfterCommit(func() { ran = append(ran, "rolled back") })
		return errBoom
	})
	if len(ran) != 0 {
		t.Fatalf("AfterCommit ran on rollback: %v", ran)
	}

	// A commit that fails (here a deferred constraint violation on commit would be engine
	// specific, so use a duplicate key) never runs the callbacks either.
	_ = db.InTx(ctx, func(tx *database.Tx) error {
		tx.AfterCommit(func() { ran = append(ran, "failed statement") })
		_, err := tx.ExecContext(ctx, `INSERT INTO things (id, code, n) VALUES ('x', 'X2', 1)`)
		return err
	})
	if len(ran) != 0 {
		t.Fatalf("AfterCommit ran after a failed statement: %v", ran)
	}

	// Callbacks of an attempt that is retried are dropped; only the committed attempt's run.
	attempt := 0
	if err := db.InTx(ctx, func(tx *database.Tx) error {
		attempt++
		n := attempt
		tx.AfterCommit(func() { ran = append(ran, fmt.Sprint("attempt ", n)) })
		if attempt < 3 {
			return database.ErrRetry
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if strings.Join(ran, ",") != "attempt 3" {
		t.Fatalf("after retries ran %v, want only attempt 3", ran)
	}
}

func testUniqueViolation(t *testing.T, engine testenv.Engine) {
	ctx := context.Background()
	db := migrated(t, engine)
	if _, err := db.ExecContext(ctx, `INSERT INTO things (id, code, n) VALUES ('a', 'A', 1)`); err != nil {
		t.Fatal(err)
	}
	insert := func(id, code string, n any) error {
		return db.InTx(ctx, func(tx *database.Tx) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO things (id, code, n) VALUES ($1, $2, $3)`, id, code, n)
			if err != nil {
				return fmt.Errorf("inserting thing: %w", err)
			}
			return nil
		})
	}
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"duplicate primary key", insert("a", "B", 1), true},
		{"duplicate unique column", insert("b", "A", 1), true},
		{"not null violation", insert("c", "C", nil), false},
		{"success", insert("d", "D", 1), false},
		{"unrelated error", errBoom, false},
		{"nil", nil, false},
	}
	for _, tc := range tests {
		if got := database.IsUniqueViolation(tc.err); got != tc.want {
			t.Errorf("%s: IsUniqueViolation(%v) = %v, want %v", tc.name, tc.err, got, tc.want)
		}
	}
	if tests[2].err == nil {
		t.Error("NOT NULL violation was accepted")
	}
}

func testRetry(t *testing.T, engine testenv.Engine) {
	ctx := context.Background()
	db := migrated(t, engine)
	tests := []struct {
		name         string
		failures     int
		failWith     error
		wantAttempts int
		wantErr      error
	}{
		{"no retry on success", 0, nil, 1, nil},
		{"ErrRetry retried", 2, database.ErrRetry, 3, nil},
		{"wrapped ErrRetry retried", 1, fmt.Errorf("etag changed: %w", database.ErrRetry), 2, nil},
		{"gives up after five attempts", 100, database.ErrRetry, 5, database.ErrRetry},
		{"other errors not retried", 100, errBoom, 1, errBoom},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			id := strings.ReplaceAll(tc.name, " ", "-")
			attempts := 0
			err := db.InTx(ctx, func(tx *database.Tx) error {
				attempts++
				// Each attempt writes; only the committed one may remain.
				if _, err := tx.ExecContext(ctx, `INSERT INTO things (id, code, n) VALUES ($1, $1, $2)`, id, attempts); err != nil {
					return err
				}
				if attempts <= tc.failures {
					return tc.failWith
				}
				return nil
			})
			if attempts != tc.wantAttempts {
				t.Errorf("attempts = %d, want %d", attempts, tc.wantAttempts)
			}
			if !errors.Is(err, tc.wantErr) || (tc.wantErr == nil && err != nil) {
				t.Errorf("error = %v, want %v", err, tc.wantErr)
			}
			wantRows := 0
			if tc.wantErr == nil {
				wantRows = 1
			}
			if n := count(t, db, `SELECT COUNT(*) FROM things WHERE id = $1`, id); n != wantRows {
				t.Errorf("%d rows of the attempts remain, want %d", n, wantRows)
			}
			if wantRows == 1 {
				if n := count(t, db, `SELECT n FROM things WHERE id = $1`, id); n != tc.wantAttempts {
					t.Errorf("the row of attempt %d remains, want the last attempt's", n)
				}
			}
		})
	}
}

// A panic in the body must not leave the transaction open: on SQLite it would hold the write
// lock, and every later write would wait for it.
func testPanic(t *testing.T, engine testenv.Engine) {
	db := migrated(t, engine)
	func() {
		defer func() {
			if p := recover(); p != "body panicked" {
				t.Fatalf("recovered %v, want the body's panic", p)
			}
		}()
		_ = db.InTx(context.Background(), func(tx *database.Tx) error {
			if _, err := tx.ExecContext(context.Background(), `INSERT INTO things (id, code, n) VALUES ('p', 'P', 1)`); err != nil {
				return err
			}
			panic("body panicked")
		})
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if err := db.InTx(ctx, func(tx *database.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO things (id, code, n) VALUES ('q', 'Q', 1)`)
		return err
	}); err != nil {
		t.Fatalf("write after a panicked transaction: %v", err)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM things WHERE id = 'p'`); n != 0 {
		t.Fatalf("the panicked transaction's row was committed")
	}
}

// Writers racing on one row all succeed and none is lost: SQLite queues them at BEGIN, and
// PostgreSQL's row lock orders the increments.
func testConcurrentWriters(t *testing.T, engine testenv.Engine) {
	ctx := context.Background()
	db := migrated(t, engine)
	if _, err := db.ExecContext(ctx, `INSERT INTO things (id, code, n) VALUES ('counter', 'C', 0)`); err != nil {
		t.Fatal(err)
	}
	const writers = 20
	var wg sync.WaitGroup
	var failed atomic.Int32
	for range writers {
		wg.Go(func() {
			err := db.InTx(ctx, func(tx *database.Tx) error {
				_, err := tx.ExecContext(ctx, `UPDATE things SET n = n + 1 WHERE id = 'counter'`)
				return err
			})
			if err != nil {
				failed.Add(1)
				t.Errorf("writer: %v", err)
			}
		})
	}
	wg.Wait()
	if n := count(t, db, `SELECT n FROM things WHERE id = 'counter'`); n != writers {
		t.Fatalf("counter = %d, want %d", n, writers)
	}
}

func TestOpenSQLiteURLForms(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	tests := []struct {
		name, url, wantPath string
	}{
		{"plain path", filepath.Join(dir, "a", "plain.db"), filepath.Join(dir, "a", "plain.db")},
		{"sqlite: prefix", "sqlite:" + filepath.Join(dir, "b", "c", "prefixed.db"), filepath.Join(dir, "b", "c", "prefixed.db")},
		{"sqlite:// prefix", "sqlite://" + filepath.Join(dir, "d", "slashes.db"), filepath.Join(dir, "d", "slashes.db")},
		{"file: prefix", "file:" + filepath.Join(dir, "e", "file.db"), filepath.Join(dir, "e", "file.db")},
		{"file: with query", "file:" + filepath.Join(dir, "f", "query.db") + "?mode=rwc", filepath.Join(dir, "f", "query.db")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			db, err := database.Open(ctx, tc.url)
			if err != nil {
				t.Fatalf("Open(%q): %v", tc.url, err)
			}
			if db.Dialect != database.SQLite || db.Target != tc.wantPath {
				t.Errorf("Open(%q) = dialect %q target %q, want sqlite %q", tc.url, db.Dialect, db.Target, tc.wantPath)
			}
			if err := db.Migrate(ctx, "test", nil); err != nil {
				t.Fatal(err)
			}
			if _, err := db.ExecContext(ctx, `INSERT INTO processed_events (consumer, event_id, processed_at) VALUES ('c', 'e', 1)`); err != nil {
				t.Fatal(err)
			}
			var mode string
			if err := db.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
				t.Errorf("journal_mode = %q, %v; want wal", mode, err)
			}
			var fk int
			if err := db.QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&fk); err != nil || fk != 1 {
				t.Errorf("foreign_keys = %d, %v; want 1", fk, err)
			}
			db.Close()
			if _, err := os.Stat(tc.wantPath); err != nil {
				t.Fatalf("database file not created at %s: %v", tc.wantPath, err)
			}
			// Reopened through the plain path, the data is there.
			again, err := database.Open(ctx, tc.wantPath)
			if err != nil {
				t.Fatal(err)
			}
			defer again.Close()
			if n := count(t, again, `SELECT COUNT(*) FROM processed_events`); n != 1 {
				t.Fatalf("reopened database has %d rows, want 1", n)
			}
		})
	}
	for _, bad := range []string{"", "sqlite:", "file:", "file:?mode=ro"} {
		if db, err := database.Open(context.Background(), bad); err == nil {
			db.Close()
			t.Errorf("Open(%q) succeeded", bad)
		}
	}
}

func TestOpenPostgres(t *testing.T) {
	t.Parallel()
	if os.Getenv("SIMPEG_TEST_POSTGRES_URL") == "" {
		t.Skip("SIMPEG_TEST_POSTGRES_URL not set")
	}
	url := testenv.DatabaseURL(t, testenv.Postgres)
	db, err := database.Open(context.Background(), strings.Replace(url, "postgres://", "postgresql://", 1))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if db.Dialect != database.Postgres || strings.Contains(db.Target, "@") || !strings.HasPrefix(db.Target, "127.0.0.1:5432/simpeg_t_") {
		t.Errorf("dialect %q target %q", db.Dialect, db.Target)
	}
	// An unreachable server fails at Open, and the error does not show the password.
	_, err = database.Open(context.Background(), "postgres://simpeg:hunter2@127.0.0.1:1/nothing?connect_timeout=2")
	if err == nil || strings.Contains(err.Error(), "hunter2") || !strings.Contains(err.Error(), "127.0.0.1:1/nothing") {
		t.Fatalf("unreachable server: error %v", err)
	}
}

func TestHelpers(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		from, n int
		want    string
	}{{1, 0, ""}, {1, 1, "$1"}, {3, 3, "$3, $4, $5"}} {
		if got := database.Placeholders(tc.from, tc.n); got != tc.want {
			t.Errorf("Placeholders(%d, %d) = %q, want %q", tc.from, tc.n, got, tc.want)
		}
	}
	at := time.Date(2026, 11, 27, 9, 30, 15, 123456789, time.FixedZone("WIB", 7*3600))
	back := database.FromMicros(database.Micros(at))
	if !back.Equal(at.Truncate(time.Microsecond)) || back.Location() != time.UTC {
		t.Fatalf("FromMicros(Micros(%v)) = %v", at, back)
	}
}
