package database

import (
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// Pool is how many connections a process keeps to one PostgreSQL database, and for how long.
// A service's process has one pool; the all-in-one binary has one per service, each of this
// size. SQLite files are not pooled by it: an SQLite database always has 8 connections, since
// its one writer at a time is the limit there, not the server's connection slots.
type Pool struct {
	// MaxConns caps the open connections; a caller past it waits for one to be free (counted
	// by go_sql_wait_count_total). database/sql reads 0 as "no cap", which a server with
	// max_connections cannot give: Check refuses it, and anything below MinPoolConns.
	MaxConns int `env:"SIMPEG_DATABASE_MAX_CONNS" default:"32" help:"most open connections each process keeps to its PostgreSQL database (simpeg run: one pool this size per service), 4 to 1000; size the server's max_connections to the sum over all processes (docs/operations.md, \"Sizing PostgreSQL connections\"); SQLite files keep 8"`
	// ConnMaxIdleTime closes a connection idle this long, so a quiet replica gives its
	// connections back to the server.
	ConnMaxIdleTime time.Duration `env:"SIMPEG_DATABASE_CONN_MAX_IDLE_TIME" default:"5m" help:"a PostgreSQL connection idle this long is closed, so a quiet process gives its connections back; at least 1s, or 0 to keep idle connections open"`
	// ConnMaxLifetime closes a connection this old once it is free, so the server's backends
	// are renewed (their caches do not grow forever) and connections spread again over the
	// addresses a name resolves to after a failover.
	ConnMaxLifetime time.Duration `env:"SIMPEG_DATABASE_CONN_MAX_LIFETIME" default:"1h" help:"a PostgreSQL connection this old is closed once free and opened anew (renews the server's backends, follows a failover's DNS change); at least 1m, or 0 for no limit"`
}

// The bounds Check holds a Pool to.
const (
	// MinPoolConns is the smallest MaxConns accepted. A process runs its outbox relay, its
	// consumers and its calls on the one pool, and a few rare calls read through the pool while
	// holding a transaction (attendance's holiday changes recount approved leave reading the
	// directory and rosters outside their transaction): on a pool of one such a call waits for
	// itself until its deadline, and on a very small one a few at once can.
	MinPoolConns = 4
	// MaxPoolConns is the largest MaxConns accepted: more connections than that from one process
	// would only queue inside PostgreSQL, whose throughput peaks at a few connections per core.
	MaxPoolConns = 1000
	// minConnMaxIdleTime and minConnMaxLifetime keep a connection long enough to be reused:
	// below them nearly every query would open a connection (a new server process).
	minConnMaxIdleTime = time.Second
	minConnMaxLifetime = time.Minute
)

// DefaultPool is the pool of Open without WithPool, equal to the settings' defaults
// (TestPoolDefaults keeps them so).
func DefaultPool() Pool {
	return Pool{MaxConns: 32, ConnMaxIdleTime: 5 * time.Minute, ConnMaxLifetime: time.Hour}
}

// Check reports the pool settings that make no sense, naming each setting.
func (p Pool) Check() error {
	var errList []error
	if p.MaxConns < MinPoolConns || p.MaxConns > MaxPoolConns {
		errList = append(errList, fmt.Errorf("SIMPEG_DATABASE_MAX_CONNS is %d; want %d to %d connections per process and database", p.MaxConns, MinPoolConns, MaxPoolConns))
	}
	if p.ConnMaxIdleTime < 0 || (p.ConnMaxIdleTime > 0 && p.ConnMaxIdleTime < minConnMaxIdleTime) {
		errList = append(errList, fmt.Errorf("SIMPEG_DATABASE_CONN_MAX_IDLE_TIME is %s; want 0 (keep idle connections) or at least %s", p.ConnMaxIdleTime, minConnMaxIdleTime))
	}
	if p.ConnMaxLifetime < 0 || (p.ConnMaxLifetime > 0 && p.ConnMaxLifetime < minConnMaxLifetime) {
		errList = append(errList, fmt.Errorf("SIMPEG_DATABASE_CONN_MAX_LIFETIME is %s; want 0 (no limit) or at least %s", p.ConnMaxLifetime, minConnMaxLifetime))
	}
	return errors.Join(errList...)
}

// apply sets p on a PostgreSQL pool. Idle connections are kept up to the cap: the idle time,
// not a second count, decides when they go.
func (p Pool) apply(db *sql.DB) {
	db.SetMaxOpenConns(p.MaxConns)
	db.SetMaxIdleConns(p.MaxConns)
	db.SetConnMaxIdleTime(p.ConnMaxIdleTime)
	db.SetConnMaxLifetime(p.ConnMaxLifetime)
}

// Option changes how Open connects.
type Option func(*openOptions)

type openOptions struct {
	pool    Pool
	appName string
}

// WithPool sizes a PostgreSQL database's connection pool (SQLite ignores it). Open checks it.
func WithPool(p Pool) Option { return func(o *openOptions) { o.pool = p } }

// WithApplicationName names the process's PostgreSQL connections (application_name, shown by
// pg_stat_activity and in the server's log), unless the URL names them already.
func WithApplicationName(name string) Option { return func(o *openOptions) { o.appName = name } }

// withApplicationName returns rawURL (parsed as u) with application_name=name added to its
// query, unless it names one already or name is empty. The rest of the URL is left as written.
func withApplicationName(rawURL string, u *url.URL, name string) string {
	if name == "" || u.Query().Has("application_name") {
		return rawURL
	}
	sep := "&"
	switch {
	case !strings.Contains(rawURL, "?"):
		sep = "?"
	case strings.HasSuffix(rawURL, "?"), strings.HasSuffix(rawURL, "&"):
		sep = ""
	}
	return rawURL + sep + "application_name=" + url.QueryEscape(name)
}
