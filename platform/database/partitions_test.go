package database_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/pressly/goose/v3"
	gdb "github.com/pressly/goose/v3/database"

	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/testenv"
)

// A migration marked PostgresOnly runs on PostgreSQL and is left out, unrecorded, on SQLite;
// the portable ones around it run on both.
func TestPostgresOnlyMigrations(t *testing.T) {
	set := fstest.MapFS{
		"00001_things.sql": serviceMigrations["00001_things.sql"],
		"00002_pg.sql": {Data: []byte(database.PostgresOnly + "\n-- a comment\n-- +goose Up\n" +
			"CREATE INDEX things_n ON things USING brin (n);\n-- +goose Down\nDROP INDEX things_n;\n")},
		"00003_more.sql": {Data: []byte("-- +goose Up\nALTER TABLE things ADD COLUMN note TEXT;\n-- +goose Down\nALTER TABLE things DROP COLUMN note;\n")},
		// The marker after "-- +goose Up" is an ordinary comment.
		"00004_late_marker.sql": {Data: []byte("-- +goose Up\n" + database.PostgresOnly + "\nALTER TABLE things ADD COLUMN tag TEXT;\n")},
	}
	onlyPG := fstest.MapFS{"00001_pg.sql": {Data: []byte(database.PostgresOnly + "\n-- +goose Up\nCREATE TABLE pg_things (id TEXT PRIMARY KEY);\n")}}
	for _, engine := range testenv.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			db := testenv.OpenDB(t, engine)
			for range 2 {
				if err := db.Migrate(ctx, "test", set); err != nil {
					t.Fatalf("migrating: %v", err)
				}
			}
			want := map[testenv.Engine][]int{testenv.Postgres: {1, 2, 3, 4}, testenv.SQLite: {1, 3, 4}}[engine]
			var got []int
			rows, err := db.QueryContext(ctx, `SELECT version_id FROM simpeg_test_migrations WHERE version_id > 0 AND is_applied ORDER BY version_id`)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var v int
				if err := rows.Scan(&v); err != nil {
					t.Fatal(err)
				}
				got = append(got, v)
			}
			rows.Close()
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("applied versions %v, want %v", got, want)
			}
			if _, err := db.ExecContext(ctx, `INSERT INTO things (id, code, n, note, tag) VALUES ('a', 'A', 1, 'x', 'y')`); err != nil {
				t.Errorf("the portable migrations' columns: %v", err)
			}
			// A set of PostgreSQL-only migrations is nothing to do on SQLite, not an error.
			if err := db.Migrate(ctx, "pgonly", onlyPG); err != nil {
				t.Fatalf("migrating a PostgreSQL-only set: %v", err)
			}
			_, err = db.ExecContext(ctx, `INSERT INTO pg_things (id) VALUES ('a')`)
			if (err == nil) != (engine == testenv.Postgres) {
				t.Errorf("pg_things on %s: insert error %v", engine, err)
			}
		})
	}
}

// auditID is a UUIDv7's text for the millisecond t with the random bits n.
func auditID(t time.Time, n uint64) string {
	h := fmt.Sprintf("%012x", t.UnixMilli())
	return fmt.Sprintf("%s-%s-7%03x-8%03x-%012x", h[:8], h[8:], n>>40&0xfff, n>>28&0xfff, n&0xffffffffffff)
}

func insertAudit(t *testing.T, db *database.DB, id string) {
	t.Helper()
	_, err := db.ExecContext(context.Background(), `INSERT INTO audit_records
		(id, time, actor, actor_roles, actor_agency, action, resource, request_id, peer, trace_id, detail)
		VALUES ($1, 0, 'u', '', '', 'a', 'r', '', '', '', '')`, id)
	if err != nil {
		t.Fatalf("inserting audit record %s: %v", id, err)
	}
}

// partitionsOf returns how many audit rows each partition holds, and the partitions' bounds.
func partitionsOf(t *testing.T, db *database.DB) (rows map[string]int, bounds map[string]string) {
	t.Helper()
	ctx := context.Background()
	rows, bounds = map[string]int{}, map[string]string{}
	r, err := db.QueryContext(ctx, `SELECT c.relname, pg_get_expr(c.relpartbound, c.oid)
		FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'audit_records'::regclass`)
	if err != nil {
		t.Fatal(err)
	}
	for r.Next() {
		var name, bound string
		if err := r.Scan(&name, &bound); err != nil {
			t.Fatal(err)
		}
		bounds[name] = bound
	}
	r.Close()
	r, err = db.QueryContext(ctx, `SELECT tableoid::regclass::text, COUNT(*) FROM audit_records GROUP BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	for r.Next() {
		var name string
		var n int
		if err := r.Scan(&name, &n); err != nil {
			t.Fatal(err)
		}
		rows[name] = n
	}
	r.Close()
	return rows, bounds
}

func monthName(t time.Time) string {
	return fmt.Sprintf("audit_records_y%04dm%02d", t.UTC().Year(), int(t.UTC().Month()))
}

// The audit trail on PostgreSQL: a month a partition, the months ahead made at start, a row
// of a month without a partition kept in the default one until maintenance moves it out. On
// SQLite it stays one table.
func TestAuditPartitions(t *testing.T) {
	for _, engine := range testenv.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			db := testenv.OpenDB(t, engine)
			if err := db.Migrate(ctx, "test", nil); err != nil {
				t.Fatalf("migrating: %v", err)
			}
			now := time.Now().UTC()
			thisMonth := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
			old := thisMonth.AddDate(-3, 0, 0)
			insertAudit(t, db, auditID(now, 1))
			insertAudit(t, db, auditID(old.Add(36*time.Hour), 2))
			insertAudit(t, db, auditID(old.Add(72*time.Hour), 3))
			insertAudit(t, db, "not-a-uuidv7")
			rep, err := db.EnsureAuditPartitions(ctx, now, now.AddDate(0, database.AuditMonthsAhead, 0))
			if err != nil {
				t.Fatalf("ensuring partitions: %v", err)
			}
			if engine == testenv.SQLite {
				if len(rep.Created) != 0 || rep.Moved != 0 {
					t.Errorf("SQLite: report %+v, want nothing done", rep)
				}
				if n := count(t, db, `SELECT COUNT(*) FROM audit_records`); n != 4 {
					t.Errorf("SQLite: %d audit records, want 4", n)
				}
				return
			}
			if want := []string{monthName(old)}; fmt.Sprint(rep.Created) != fmt.Sprint(want) || rep.Moved != 2 {
				t.Errorf("report %+v, want created %v and 2 rows moved", rep, want)
			}
			rows, bounds := partitionsOf(t, db)
			wantRows := map[string]int{monthName(now): 1, monthName(old): 2, "audit_records_default": 1}
			if fmt.Sprint(rows) != fmt.Sprint(wantRows) {
				t.Errorf("rows per partition %v, want %v", rows, wantRows)
			}
			// The current month, AuditMonthsAhead after it, the old one and the default.
			if len(bounds) != database.AuditMonthsAhead+3 {
				t.Errorf("%d partitions, want %d: %v", len(bounds), database.AuditMonthsAhead+3, bounds)
			}
			for i := 0; i <= database.AuditMonthsAhead; i++ {
				m := thisMonth.AddDate(0, i, 0)
				lo, hi := auditID(m, 0)[:13], auditID(m.AddDate(0, 1, 0), 0)[:13]
				if want := fmt.Sprintf("FOR VALUES FROM ('%s') TO ('%s')", lo, hi); bounds[monthName(m)] != want {
					t.Errorf("%s: %q, want %q", monthName(m), bounds[monthName(m)], want)
				}
			}
			// Nothing left to do; the ids stay unique across partitions.
			rep, err = db.EnsureAuditPartitions(ctx, now, now.AddDate(0, database.AuditMonthsAhead, 0))
			if err != nil || len(rep.Created) != 0 || rep.Moved != 0 {
				t.Errorf("second run: %+v, %v; want nothing done", rep, err)
			}
			_, err = db.ExecContext(ctx, `INSERT INTO audit_records (id, time, actor, actor_roles, actor_agency, action, resource, request_id, peer, trace_id, detail)
				VALUES ($1, 0, '', '', '', '', '', '', '', '', '')`, auditID(now, 1))
			if !database.IsUniqueViolation(err) {
				t.Errorf("a second row with the same id: %v, want a unique violation", err)
			}
		})
	}
}

// An audit_records written before partitioning is converted by the migration: every row is
// kept, in its month's partition, from the oldest row's month on.
func TestAuditPartitionConversion(t *testing.T) {
	t.Parallel()
	if !contains(testenv.Engines(t), testenv.Postgres) {
		t.Skip("partitioning is PostgreSQL's")
	}
	ctx := context.Background()
	db := testenv.OpenDB(t, testenv.Postgres)
	// The platform's tables as the two migrations before partitioning left them.
	before := fstest.MapFS{}
	for _, name := range []string{"00001_platform.sql", "00002_idempotency_lease.sql"} {
		data, err := os.ReadFile("migrations/" + name)
		if err != nil {
			t.Fatal(err)
		}
		before[name] = &fstest.MapFile{Data: data}
	}
	store, err := gdb.NewStore(goose.DialectPostgres, "simpeg_platform_migrations")
	if err != nil {
		t.Fatal(err)
	}
	p, err := goose.NewProvider("", db.DB, before, goose.WithStore(store), goose.WithDisableGlobalRegistry(true))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Up(ctx); err != nil {
		t.Fatalf("the migrations before partitioning: %v", err)
	}
	now := time.Now().UTC()
	oldest := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -14, 0)
	var ids []string
	for i := range 15 {
		m := oldest.AddDate(0, i, 0)
		for j := range i + 1 { // month i has i+1 rows
			ids = append(ids, auditID(m.Add(time.Duration(j)*time.Hour), uint64(i*100+j)))
		}
	}
	ids = append(ids, "legacy-id")
	for _, id := range ids {
		insertAudit(t, db, id)
	}
	if err := db.Migrate(ctx, "test", nil); err != nil {
		t.Fatalf("converting: %v", err)
	}
	rows, bounds := partitionsOf(t, db)
	if n := count(t, db, `SELECT COUNT(*) FROM audit_records`); n != len(ids) {
		t.Errorf("%d rows after the conversion, want %d", n, len(ids))
	}
	for i := range 15 {
		if m := oldest.AddDate(0, i, 0); rows[monthName(m)] != i+1 {
			t.Errorf("%s holds %d rows, want %d", monthName(m), rows[monthName(m)], i+1)
		}
	}
	if rows["audit_records_default"] != 1 {
		t.Errorf("the default partition holds %d rows, want the legacy id only", rows["audit_records_default"])
	}
	// 14 months before this one, this one, six ahead, and the default.
	if want := 14 + 1 + database.AuditMonthsAhead + 1; len(bounds) != want {
		t.Errorf("%d partitions, want %d", len(bounds), want)
	}
	// The indexes are the same as before, on every partition.
	var idx []string
	r, err := db.QueryContext(ctx, `SELECT indexname FROM pg_indexes WHERE tablename = 'audit_records' ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	for r.Next() {
		var s string
		if err := r.Scan(&s); err != nil {
			t.Fatal(err)
		}
		idx = append(idx, s)
	}
	r.Close()
	if got := strings.Join(idx, ","); got != "audit_records_actor,audit_records_pkey,audit_records_resource" {
		t.Errorf("indexes %s", got)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM pg_indexes WHERE tablename = $1`, monthName(oldest)); n != 3 {
		t.Errorf("%s has %d indexes, want 3", monthName(oldest), n)
	}
}

func contains(engines []testenv.Engine, e testenv.Engine) bool {
	for _, x := range engines {
		if x == e {
			return true
		}
	}
	return false
}

// Maintenance that cannot have the table's lock within its timeout gives up, changing nothing,
// and a start (Migrate) goes on without it; the next run does it.
func TestAuditPartitionsLockTimeout(t *testing.T) {
	t.Parallel()
	if !contains(testenv.Engines(t), testenv.Postgres) {
		t.Skip("partitioning is PostgreSQL's")
	}
	ctx := context.Background()
	url := testenv.DatabaseURL(t, testenv.Postgres)
	db, err := database.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(ctx, "test", nil); err != nil {
		t.Fatalf("migrating: %v", err)
	}
	now := time.Now().UTC()
	last := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, database.AuditMonthsAhead, 0)
	if _, err := db.ExecContext(ctx, `DROP TABLE `+monthName(last)); err != nil {
		t.Fatal(err)
	}
	// Another session holds the table (a long report, a manual LOCK TABLE).
	holder, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := holder.ExecContext(ctx, `LOCK TABLE audit_records IN ACCESS EXCLUSIVE MODE`); err != nil {
		t.Fatal(err)
	}
	_, err = db.EnsureAuditPartitions(ctx, now, last)
	if !database.IsLockTimeout(err) {
		t.Errorf("ensuring partitions while the table is locked: %v, want a lock timeout", err)
	}
	if err := db.Migrate(ctx, "test", nil); err != nil {
		t.Errorf("a start while the table is locked: %v, want it to go on", err)
	}
	if err := holder.Rollback(); err != nil {
		t.Fatal(err)
	}
	rep, err := db.EnsureAuditPartitions(ctx, now, last)
	if err != nil || fmt.Sprint(rep.Created) != fmt.Sprint([]string{monthName(last)}) {
		t.Errorf("after the lock: %+v, %v; want %s made", rep, err, monthName(last))
	}
}
