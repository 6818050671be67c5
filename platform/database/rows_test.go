package database_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"testing"

	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/testenv"
)

type thing struct {
	ID, Code string
	N        int
}

func scanThing(sc database.Scanner) (thing, error) {
	var t thing
	err := sc.Scan(&t.ID, &t.Code, &t.N)
	return t, err
}

// insertThings stores n things "t0000"… with codes "c0000"… and n = their index, in one
// multi-row statement per chunk (which exercises Chunks and Values on the engine).
func insertThings(t *testing.T, db *database.DB, n int) []thing {
	t.Helper()
	things := make([]thing, n)
	for i := range things {
		things[i] = thing{ID: fmt.Sprintf("t%04d", i), Code: fmt.Sprintf("c%04d", i), N: i}
	}
	err := database.Chunks(things, 300, func(part []thing) error {
		args := make([]any, 0, 3*len(part))
		for _, x := range part {
			args = append(args, x.ID, x.Code, x.N)
		}
		_, err := db.ExecContext(context.Background(), `INSERT INTO things (id, code, n) VALUES `+database.Values(1, len(part), 3), args...)
		return err
	})
	if err != nil {
		t.Fatalf("inserting things: %v", err)
	}
	return things
}

// TestRows runs the row helpers against real databases on each engine.
func TestRows(t *testing.T) {
	for _, engine := range testenv.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			t.Run("collect", func(t *testing.T) { t.Parallel(); testCollect(t, engine) })
			t.Run("each and strings", func(t *testing.T) { t.Parallel(); testEach(t, engine) })
			t.Run("one and lock", func(t *testing.T) { t.Parallel(); testOne(t, engine) })
			t.Run("check updated", func(t *testing.T) { t.Parallel(); testCheckUpdated(t, engine) })
			t.Run("in batches", func(t *testing.T) { t.Parallel(); testInBatches(t, engine) })
			t.Run("in lists", func(t *testing.T) { t.Parallel(); testIn(t, engine) })
			t.Run("get and check inserted", func(t *testing.T) { t.Parallel(); testGetInserted(t, engine) })
			t.Run("nullable and like", func(t *testing.T) { t.Parallel(); testNullableLike(t, engine) })
		})
	}
}

func testCollect(t *testing.T, engine testenv.Engine) {
	ctx := context.Background()
	db := migrated(t, engine)
	want := insertThings(t, db, 5)

	got, err := database.Query(ctx, db, scanThing, `SELECT id, code, n FROM things ORDER BY id`)
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("Query = %v, %v; want %v", got, err, want)
	}
	rows, err := db.QueryContext(ctx, `SELECT id, code, n FROM things WHERE n >= $1 ORDER BY id DESC`, 3)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := database.Collect(rows, scanThing); err != nil || !reflect.DeepEqual(got, []thing{want[4], want[3]}) {
		t.Fatalf("Collect = %v, %v", got, err)
	}
	if got, err := database.Query(ctx, db, scanThing, `SELECT id, code, n FROM things WHERE n < 0`); err != nil || got != nil {
		t.Fatalf("Query of no rows = %v, %v; want nil, nil", got, err)
	}

	// A failing scan stops the reading, comes back wrapped, and leaves no connection busy.
	errBad := errors.New("bad row")
	calls := 0
	_, err = database.Query(ctx, db, func(sc database.Scanner) (thing, error) {
		calls++
		x, err := scanThing(sc)
		if err == nil && x.N == 2 {
			err = errBad
		}
		return x, err
	}, `SELECT id, code, n FROM things ORDER BY id`)
	if !errors.Is(err, errBad) || calls != 3 {
		t.Fatalf("Query with a failing scan = %v after %d rows; want %v after 3", err, calls, errBad)
	}
	if _, err := database.Query(ctx, db, scanThing, `SELECT nope FROM things`); err == nil {
		t.Fatal("Query of a bad statement succeeded")
	}
	if n := db.Stats().InUse; n != 0 {
		t.Fatalf("%d connections still in use: rows were not closed", n)
	}
}

func testEach(t *testing.T, engine testenv.Engine) {
	ctx := context.Background()
	db := migrated(t, engine)
	insertThings(t, db, 4)

	byCode := map[string]int{}
	err := database.QueryEach(ctx, db, func(sc database.Scanner) error {
		var code string
		var n int
		if err := sc.Scan(&code, &n); err != nil {
			return err
		}
		byCode[code] = n
		return nil
	}, `SELECT code, n FROM things`)
	if want := map[string]int{"c0000": 0, "c0001": 1, "c0002": 2, "c0003": 3}; err != nil || !reflect.DeepEqual(byCode, want) {
		t.Fatalf("QueryEach folded %v, %v; want %v", byCode, err, want)
	}
	errStop := errors.New("stop")
	seen := 0
	err = database.QueryEach(ctx, db, func(database.Scanner) error { seen++; return errStop }, `SELECT code FROM things`)
	if !errors.Is(err, errStop) || seen != 1 {
		t.Fatalf("QueryEach with a failing fn = %v after %d rows", err, seen)
	}

	rows, err := db.QueryContext(ctx, `SELECT code FROM things WHERE n IN ($1, $2) ORDER BY code`, 1, 3)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := database.Strings(rows); err != nil || !slices.Equal(got, []string{"c0001", "c0003"}) {
		t.Fatalf("Strings = %v, %v", got, err)
	}
	if n := db.Stats().InUse; n != 0 {
		t.Fatalf("%d connections still in use: rows were not closed", n)
	}
}

func testOne(t *testing.T, engine testenv.Engine) {
	ctx := context.Background()
	db := migrated(t, engine)
	want := insertThings(t, db, 2)

	if q := db.Q(); q.Lock != "" || q.Dialect != db.Dialect {
		t.Fatalf("db.Q() = lock %q, dialect %q", q.Lock, q.Dialect)
	}
	got, found, err := database.One(db.QueryRowContext(ctx, `SELECT id, code, n FROM things WHERE id = $1`, "t0001"), scanThing)
	if err != nil || !found || got != want[1] {
		t.Fatalf("One = %v, %v, %v; want %v", got, found, err, want[1])
	}
	got, found, err = database.One(db.QueryRowContext(ctx, `SELECT id, code, n FROM things WHERE id = $1`, "none"), scanThing)
	if err != nil || found || got != (thing{}) {
		t.Fatalf("One of no row = %v, %v, %v; want not found", got, found, err)
	}
	if _, _, err := database.One(db.QueryRowContext(ctx, `SELECT nope FROM things`), scanThing); err == nil {
		t.Fatal("One of a bad statement succeeded")
	}

	// Inside a transaction the lock suffix locks on PostgreSQL and is empty on SQLite; the
	// statement it ends runs on both.
	err = db.InTx(ctx, func(tx *database.Tx) error {
		q := tx.Q()
		wantLock := ""
		if engine == testenv.Postgres {
			wantLock = " FOR UPDATE"
		}
		if q.Lock != wantLock || q.Dialect != db.Dialect {
			return fmt.Errorf("tx.Q() = lock %q, dialect %q; want lock %q", q.Lock, q.Dialect, wantLock)
		}
		got, found, err := database.One(q.QueryRowContext(ctx, `SELECT id, code, n FROM things WHERE id = $1`+q.Lock, "t0000"), scanThing)
		if err != nil || !found || got != want[0] {
			return fmt.Errorf("One in tx = %v, %v, %v", got, found, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func testCheckUpdated(t *testing.T, engine testenv.Engine) {
	ctx := context.Background()
	db := migrated(t, engine)
	insertThings(t, db, 3)
	for _, tc := range []struct {
		name    string
		id      string
		from    int
		wantErr error
	}{
		{"one row", "t0001", 1, nil},
		{"version lost the race", "t0002", 7, database.ErrRetry},
		{"no such row", "none", 0, database.ErrRetry},
	} {
		res, err := db.ExecContext(ctx, `UPDATE things SET n = $1 WHERE id = $2 AND n = $3`, tc.from+10, tc.id, tc.from)
		if got := database.CheckUpdated(res, err); !errors.Is(got, tc.wantErr) || (tc.wantErr == nil && got != nil) {
			t.Errorf("%s: CheckUpdated = %v, want %v", tc.name, got, tc.wantErr)
		}
	}
	res, err := db.ExecContext(ctx, `UPDATE things SET n = n + 1`)
	if got := database.CheckUpdated(res, err); !errors.Is(got, database.ErrRetry) {
		t.Errorf("CheckUpdated of three rows = %v, want ErrRetry", got)
	}
	if n, err := database.Affected(db.ExecContext(ctx, `DELETE FROM things WHERE n > $1`, 0)); err != nil || n != 3 {
		t.Errorf("Affected = %d, %v; want 3", n, err)
	}
	res, err = db.ExecContext(ctx, `UPDATE nope SET n = 1`)
	if got := database.CheckUpdated(res, err); got == nil || errors.Is(got, database.ErrRetry) {
		t.Errorf("CheckUpdated of a failed statement = %v, want its error", got)
	}
}

func testInBatches(t *testing.T, engine testenv.Engine) {
	ctx := context.Background()
	db := migrated(t, engine)
	things := insertThings(t, db, 1100)

	// Every id twice, an unknown one and empty ones: each stored thing is read once, in IN
	// lists of at most 500 parameters.
	var keys []string
	for _, x := range things {
		keys = append(keys, x.ID, "", x.ID)
	}
	keys = append(keys, "unknown")
	found := map[string]int{}
	var sizes []int
	err := database.InBatches(keys, 0, func(batch []any) error {
		sizes = append(sizes, len(batch))
		return database.QueryEach(ctx, db, func(sc database.Scanner) error {
			x, err := scanThing(sc)
			found[x.ID]++
			return err
		}, `SELECT id, code, n FROM things WHERE id IN (`+database.Placeholders(1, len(batch))+`)`, batch...)
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(sizes, []int{500, 500, 101}) {
		t.Errorf("batch sizes %v, want [500 500 101]", sizes)
	}
	if len(found) != len(things) {
		t.Errorf("found %d things, want %d", len(found), len(things))
	}
	for id, n := range found {
		if n != 1 {
			t.Errorf("%s read %d times", id, n)
		}
	}
}

// testIn reads through EachIn, QueryIn, SetIn and IndexIn with arguments before the IN list: every
// stored key once, whatever the repeats, across batches.
func testIn(t *testing.T, engine testenv.Engine) {
	ctx := context.Background()
	db := migrated(t, engine)
	things := insertThings(t, db, 25)
	var keys []string
	for _, x := range things {
		keys = append(keys, x.ID, x.ID, "")
	}
	keys = append(keys, "unknown")
	byID := func(list string) string {
		return `SELECT id, code, n FROM things WHERE n >= $1 AND n < $2 AND id IN (` + list + `) ORDER BY id`
	}

	var lists []string
	got, err := database.QueryIn(ctx, db, keys, 10, scanThing, func(list string) string {
		lists = append(lists, list)
		return byID(list)
	}, 5, 100)
	if err != nil || !reflect.DeepEqual(got, things[5:]) {
		t.Fatalf("QueryIn = %v, %v; want %v", got, err, things[5:])
	}
	if len(lists) != 3 || lists[2] != "$3, $4, $5, $6, $7, $8" {
		t.Errorf("IN lists %q, want 3 batches, the last $3 … $8", lists)
	}

	n := 0
	err = database.EachIn(ctx, db, keys, 0, func(sc database.Scanner) error {
		_, err := scanThing(sc)
		n++
		return err
	}, byID, 0, 10)
	if err != nil || n != 10 {
		t.Errorf("EachIn = %d rows, %v; want 10", n, err)
	}

	codes, err := database.SetIn(ctx, db, []string{"t0001", "t0003", "none"}, 0, func(list string) string {
		return `SELECT code FROM things WHERE id IN (` + list + `)`
	})
	if want := map[string]bool{"c0001": true, "c0003": true}; err != nil || !reflect.DeepEqual(codes, want) {
		t.Errorf("SetIn = %v, %v; want %v", codes, err, want)
	}

	byCode, err := database.IndexIn(ctx, db, keys, 7, scanThing, func(x thing) string { return x.Code }, byID, 20, 22)
	if want := map[string]*thing{"c0020": &things[20], "c0021": &things[21]}; err != nil || !reflect.DeepEqual(byCode, want) {
		t.Errorf("IndexIn = %v, %v; want %v", byCode, err, want)
	}

	called := false
	if got, err := database.QueryIn(ctx, db, []string{""}, 0, scanThing, func(string) string { called = true; return "" }); err != nil || got != nil || called {
		t.Errorf("QueryIn of no keys = %v, %v, ran %v; want nothing run", got, err, called)
	}
	if _, err := database.SetIn(ctx, db, keys, 0, func(list string) string { return `SELECT nope FROM things WHERE id IN (` + list + `)` }); err == nil {
		t.Error("SetIn of a bad statement succeeded")
	}
}

// testGetInserted reads one row with Get and inserts with CheckInserted: the caller's errors for
// a missing row and a repeated key, and wrapped errors otherwise.
func testGetInserted(t *testing.T, engine testenv.Engine) {
	ctx := context.Background()
	db := migrated(t, engine)
	want := insertThings(t, db, 2)
	errMissing, errExists := errors.New("missing"), errors.New("exists")
	const byID = `SELECT id, code, n FROM things WHERE id = $1`

	for _, tc := range []struct {
		name    string
		query   string
		id      string
		want    thing
		wantErr error
	}{
		{"found", byID, "t0001", want[1], nil},
		{"missing", byID, "none", thing{}, errMissing},
	} {
		got, err := database.Get(ctx, db, "thing", errMissing, scanThing, tc.query, tc.id)
		if got != tc.want || !errors.Is(err, tc.wantErr) || (tc.wantErr == nil && err != nil) {
			t.Errorf("%s: Get = %v, %v; want %v, %v", tc.name, got, err, tc.want, tc.wantErr)
		}
	}
	if _, err := database.Get(ctx, db, "thing", errMissing, scanThing, `SELECT nope FROM things`); err == nil || errors.Is(err, errMissing) {
		t.Errorf("Get of a bad statement = %v, want its error", err)
	}

	insert := func(id, code string) error {
		_, err := db.ExecContext(ctx, `INSERT INTO things (id, code, n) VALUES ($1, $2, 0)`, id, code)
		return database.CheckInserted(err, "thing", errExists)
	}
	if err := insert("t0009", "c0009"); err != nil {
		t.Errorf("CheckInserted of a new thing = %v", err)
	}
	if err := insert("t0000", "c0010"); !errors.Is(err, errExists) {
		t.Errorf("CheckInserted of a repeated id = %v, want %v", err, errExists)
	}
	if err := database.CheckInserted(errors.New("boom"), "thing", errExists); err == nil || err.Error() != "inserting thing: boom" {
		t.Errorf("CheckInserted of a failure = %v, want it wrapped", err)
	}
}

func testNullableLike(t *testing.T, engine testenv.Engine) {
	ctx := context.Background()
	db := migrated(t, engine)
	for _, tc := range []struct {
		in       string
		wantNull bool
	}{{"", true}, {"x", false}} {
		var isNull bool
		if err := db.QueryRowContext(ctx, `SELECT CAST($1 AS TEXT) IS NULL`, database.Nullable(tc.in)).Scan(&isNull); err != nil {
			t.Fatal(err)
		}
		if isNull != tc.wantNull {
			t.Errorf("Nullable(%q) stored as NULL: %v, want %v", tc.in, isNull, tc.wantNull)
		}
	}

	for i, code := range []string{`100%_done`, `100xxdone`, `a\b_c`, `a\bxc`} {
		if _, err := db.ExecContext(ctx, `INSERT INTO things (id, code, n) VALUES ($1, $2, $3)`, fmt.Sprint(i), code, i); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		query string
		want  []string
	}{
		{`0%_D`, []string{`100%_done`}},
		{`A\B_`, []string{`a\b_c`}},
		{`done`, []string{`100%_done`, `100xxdone`}},
	} {
		got, err := database.Query(ctx, db, func(sc database.Scanner) (string, error) {
			var s string
			return s, sc.Scan(&s)
		}, `SELECT code FROM things WHERE code LIKE $1 ESCAPE '\' ORDER BY code`, "%"+database.LikePattern(tc.query)+"%")
		if err != nil || !slices.Equal(got, tc.want) {
			t.Errorf("LIKE %%%s%% matched %v, %v; want %v", database.LikePattern(tc.query), got, err, tc.want)
		}
	}
}

// TestArgs checks the pure helpers that build statements and their arguments.
func TestArgs(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		from, rows, cols int
		want             string
	}{
		{1, 0, 3, ""},
		{1, 1, 1, "($1)"},
		{1, 2, 3, "($1, $2, $3), ($4, $5, $6)"},
		{4, 2, 2, "($4, $5), ($6, $7)"},
	} {
		if got := database.Values(tc.from, tc.rows, tc.cols); got != tc.want {
			t.Errorf("Values(%d, %d, %d) = %q, want %q", tc.from, tc.rows, tc.cols, got, tc.want)
		}
	}

	var parts [][]int
	if err := database.Chunks([]int{1, 2, 3, 4, 5}, 2, func(p []int) error { parts = append(parts, slices.Clone(p)); return nil }); err != nil ||
		!reflect.DeepEqual(parts, [][]int{{1, 2}, {3, 4}, {5}}) {
		t.Errorf("Chunks = %v, %v", parts, err)
	}
	errStop := errors.New("stop")
	calls := 0
	if err := database.Chunks([]int{1, 2, 3}, 1, func([]int) error { calls++; return errStop }); !errors.Is(err, errStop) || calls != 1 {
		t.Errorf("Chunks with a failing fn = %v after %d calls", err, calls)
	}
	if err := database.InBatches([]string{"", ""}, 10, func([]any) error { t.Error("InBatches called fn with no keys"); return nil }); err != nil {
		t.Error(err)
	}
	var batches [][]any
	_ = database.InBatches([]string{"b", "a", "b", "", "c"}, 2, func(b []any) error { batches = append(batches, b); return nil })
	if !reflect.DeepEqual(batches, [][]any{{"b", "a"}, {"c"}}) {
		t.Errorf("InBatches = %v", batches)
	}

	if got := database.Distinct([]int{3, 0, 1, 3, 2, 1}); !slices.Equal(got, []int{3, 1, 2}) {
		t.Errorf("Distinct = %v", got)
	}
	if got := database.Anys([]string{"a", "b"}); !reflect.DeepEqual(got, []any{"a", "b"}) {
		t.Errorf("Anys = %v", got)
	}
	if got := database.NonNil[string](nil); got == nil || len(got) != 0 {
		t.Errorf("NonNil(nil) = %#v", got)
	}
	if in := []string{"x"}; !slices.Equal(database.NonNil(in), in) {
		t.Errorf("NonNil(%v) changed it", in)
	}
	if got := database.Nullable(""); got != nil {
		t.Errorf("Nullable(\"\") = %v", got)
	}
	if got := database.LikePattern(`Ab%_\`); got != `ab\%\_\\` {
		t.Errorf("LikePattern = %q", got)
	}
}
