package database

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestPoolDefaults keeps the settings' defaults equal to DefaultPool, the pool of Open
// without WithPool.
func TestPoolDefaults(t *testing.T) {
	typ := reflect.TypeFor[Pool]()
	want := DefaultPool()
	for i := range typ.NumField() {
		f := typ.Field(i)
		def := f.Tag.Get("default")
		got := reflect.ValueOf(want).Field(i).Interface()
		var match bool
		switch v := got.(type) {
		case int:
			match = def == strconv.Itoa(v)
		case time.Duration:
			d, err := time.ParseDuration(def)
			match = err == nil && d == v
		}
		if !match {
			t.Errorf("%s defaults to %q, DefaultPool to %v", f.Tag.Get("env"), def, got)
		}
	}
	if err := want.Check(); err != nil {
		t.Errorf("DefaultPool: %v", err)
	}
}

// TestPoolCheck: the cap is MinPoolConns to MaxPoolConns, the idle time 0 or at least 1s, the lifetime 0
// or at least 1m; each error names its setting.
func TestPoolCheck(t *testing.T) {
	ok := DefaultPool()
	for _, tt := range []struct {
		name   string
		change func(*Pool)
		want   string // "" valid
	}{
		{"defaults", func(*Pool) {}, ""},
		{"the fewest", func(p *Pool) { p.MaxConns = MinPoolConns }, ""},
		{"one connection", func(p *Pool) { p.MaxConns = 1 }, "SIMPEG_DATABASE_MAX_CONNS is 1; want 4 to 1000"},
		{"the most", func(p *Pool) { p.MaxConns = MaxPoolConns }, ""},
		{"zero connections", func(p *Pool) { p.MaxConns = 0 }, "SIMPEG_DATABASE_MAX_CONNS is 0; want 4 to 1000"},
		{"negative connections", func(p *Pool) { p.MaxConns = -4 }, "SIMPEG_DATABASE_MAX_CONNS is -4"},
		{"too many connections", func(p *Pool) { p.MaxConns = MaxPoolConns + 1 }, "SIMPEG_DATABASE_MAX_CONNS is 1001"},
		{"idle kept", func(p *Pool) { p.ConnMaxIdleTime = 0 }, ""},
		{"idle a second", func(p *Pool) { p.ConnMaxIdleTime = time.Second }, ""},
		{"idle too short", func(p *Pool) { p.ConnMaxIdleTime = 10 * time.Millisecond }, "SIMPEG_DATABASE_CONN_MAX_IDLE_TIME is 10ms; want 0"},
		{"idle negative", func(p *Pool) { p.ConnMaxIdleTime = -time.Minute }, "SIMPEG_DATABASE_CONN_MAX_IDLE_TIME is -1m0s"},
		{"no lifetime", func(p *Pool) { p.ConnMaxLifetime = 0 }, ""},
		{"lifetime a minute", func(p *Pool) { p.ConnMaxLifetime = time.Minute }, ""},
		{"lifetime too short", func(p *Pool) { p.ConnMaxLifetime = 30 * time.Second }, "SIMPEG_DATABASE_CONN_MAX_LIFETIME is 30s; want 0 (no limit) or at least 1m"},
		{"lifetime negative", func(p *Pool) { p.ConnMaxLifetime = -time.Hour }, "SIMPEG_DATABASE_CONN_MAX_LIFETIME is -1h0m0s"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := ok
			tt.change(&p)
			err := p.Check()
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("Check: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("Check: %v, want %q", err, tt.want)
			}
		})
	}
}

func TestWithApplicationName(t *testing.T) {
	for _, tt := range []struct{ raw, name, want string }{
		{"postgres://h/db", "simpeg-planning", "postgres://h/db?application_name=simpeg-planning"},
		{"postgres://u:p%40ss@h/db?sslmode=disable", "simpeg-attendance", "postgres://u:p%40ss@h/db?sslmode=disable&application_name=simpeg-attendance"},
		{"postgres://h/db?", "a b", "postgres://h/db?application_name=a+b"},
		{"postgres://h/db?application_name=mine", "simpeg-planning", "postgres://h/db?application_name=mine"},
		{"postgres://h/db", "", "postgres://h/db"},
	} {
		u, err := url.Parse(tt.raw)
		if err != nil {
			t.Fatal(err)
		}
		if got := withApplicationName(tt.raw, u, tt.name); got != tt.want {
			t.Errorf("withApplicationName(%q, %q) = %q, want %q", tt.raw, tt.name, got, tt.want)
		}
	}
}

// TestPoolOnPostgres: the pool's cap holds against the server (pg_stat_activity counts the
// process's connections by application_name), callers beyond it wait (the pool's Stats count
// them), and Open refuses a pool that makes no sense before connecting.
func TestPoolOnPostgres(t *testing.T) {
	admin := os.Getenv("SIMPEG_TEST_POSTGRES_URL")
	if admin == "" {
		t.Skip("SIMPEG_TEST_POSTGRES_URL not set")
	}
	ctx := context.Background()
	if _, err := Open(ctx, admin, WithPool(Pool{MaxConns: 0})); err == nil || !strings.Contains(err.Error(), "SIMPEG_DATABASE_MAX_CONNS is 0") {
		t.Fatalf("Open with 0 connections: %v", err)
	}
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	name := "simpeg-pool-test-" + hex.EncodeToString(b)
	const maxConns, callers = 4, 16
	db, err := Open(ctx, admin, WithPool(Pool{MaxConns: maxConns, ConnMaxIdleTime: time.Minute, ConnMaxLifetime: time.Hour}), WithApplicationName(name))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	watch, err := Open(ctx, admin)
	if err != nil {
		t.Fatal(err)
	}
	defer watch.Close()

	var wg sync.WaitGroup
	for range callers {
		wg.Go(func() {
			if _, err := db.ExecContext(ctx, `SELECT pg_sleep(0.15)`); err != nil {
				t.Error(err)
			}
		})
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	most := 0
	for running := true; running; {
		select {
		case <-done:
			running = false
		case <-time.After(20 * time.Millisecond):
			var n int
			if err := watch.QueryRowContext(ctx, `SELECT count(*) FROM pg_stat_activity WHERE application_name = $1`, name).Scan(&n); err != nil {
				t.Fatal(err)
			}
			most = max(most, n)
		}
	}
	if most != maxConns {
		t.Errorf("at most %d connections named %s on the server, want %d", most, name, maxConns)
	}
	st := db.Stats()
	if st.MaxOpenConnections != maxConns || st.OpenConnections > maxConns || st.WaitCount == 0 || st.WaitDuration <= 0 {
		t.Errorf("pool stats %+v: want a cap of %d and callers that waited", st, maxConns)
	}
}
