package database_test

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/testenv"
)

// TestIsUnavailable classifies the errors real drivers return: a database that is cut or
// refuses is unavailable; a caller's bad statement or a constraint is not.
func TestIsUnavailable(t *testing.T) {
	ctx := context.Background()
	t.Run("constructed", func(t *testing.T) {
		for _, c := range []struct {
			name string
			err  error
			want bool
		}{
			{"nil", nil, false},
			{"plain", errors.New("boom"), false},
			{"retry sentinel", database.ErrRetry, false},
			{"cancelled", context.Canceled, false},
		} {
			if got := database.IsUnavailable(c.err); got != c.want {
				t.Errorf("%s: IsUnavailable = %v, want %v", c.name, got, c.want)
			}
		}
	})
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		db := testenv.OpenDB(t, engine)
		if _, err := db.ExecContext(ctx, `CREATE TABLE u (k TEXT PRIMARY KEY)`); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ExecContext(ctx, `INSERT INTO u (k) VALUES ('a')`); err != nil {
			t.Fatal(err)
		}
		_, dup := db.ExecContext(ctx, `INSERT INTO u (k) VALUES ('a')`)
		_, syntax := db.ExecContext(ctx, `SELEC 1`)
		_, missing := db.ExecContext(ctx, `SELECT nothing FROM nowhere`)
		for _, c := range []struct {
			name string
			err  error
		}{{"unique violation", dup}, {"syntax error", syntax}, {"missing table", missing}} {
			if c.err == nil {
				t.Fatalf("%s: no error", c.name)
			}
			if database.IsUnavailable(c.err) {
				t.Errorf("%s (%v) classified unavailable", c.name, c.err)
			}
		}
	})
	if testenv.Engines(t)[len(testenv.Engines(t))-1] != testenv.Postgres {
		return
	}
	t.Run("postgres cut", func(t *testing.T) {
		admin := testenv.DatabaseURL(t, testenv.Postgres)
		u, err := url.Parse(admin)
		if err != nil {
			t.Fatal(err)
		}
		p := testenv.NewProxy(t, u.Host)
		u.Host = p.Addr()
		db, err := database.Open(ctx, u.String())
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		conn, err := db.Conn(ctx) // a pooled connection the cut resets
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		p.Set(testenv.Refuse)
		_, reset := conn.ExecContext(ctx, `SELECT 1`)
		_, refused := db.ExecContext(ctx, `SELECT 1`)
		p.Set(testenv.Blackhole)
		tctx, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
		defer cancel()
		_, timeout := db.ExecContext(tctx, `SELECT 1`)
		_, intx := func() (any, error) {
			p.Set(testenv.Refuse)
			return nil, db.InTx(ctx, func(*database.Tx) error { return nil })
		}()
		for _, c := range []struct {
			name string
			err  error
		}{{"reset connection", reset}, {"refused connection", refused}, {"timeout", timeout}, {"transaction", fmt.Errorf("wrapped: %w", intx)}} {
			if !database.IsUnavailable(c.err) {
				t.Errorf("%s (%v) not classified unavailable", c.name, c.err)
			}
		}
	})
}
