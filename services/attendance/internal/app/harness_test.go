package app_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/audit"
	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/outbox"
	"github.com/simpeg-id/simpeg/platform/testenv"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
	"github.com/simpeg-id/simpeg/services/attendance/internal/app"
	"github.com/simpeg-id/simpeg/services/attendance/internal/domain"
	"github.com/simpeg-id/simpeg/services/attendance/internal/events"
	"github.com/simpeg-id/simpeg/services/attendance/internal/grpcapi"
	"github.com/simpeg-id/simpeg/services/attendance/internal/store"
	"github.com/simpeg-id/simpeg/services/planning/directory"
	"github.com/simpeg-id/simpeg/services/planning/directory/directorytest"
)

// What the use-case suites share: a real store with its directory copy on each engine, the
// callers, a settable clock and the DISKOMINFO head office.

// env is a migrated attendance database with the directory copy the suite seeded.
type env struct {
	db    *database.DB
	dir   *directory.Replica
	store *store.Store
}

// newEnv opens a fresh database on engine, migrates it and seeds the directory copy with
// employees (active at version 1 unless they say otherwise).
func newEnv(t testing.TB, engine testenv.Engine, employees ...*planningv1.Employee) env {
	t.Helper()
	db := testenv.OpenDB(t, engine)
	if err := db.Migrate(context.Background(), "attendance", store.Migrations()); err != nil {
		t.Fatalf("migrating: %v", err)
	}
	dir := directorytest.Seed(t, db, employees...)
	return env{db: db, dir: dir, store: store.New(db, outbox.New(), events.Encode)}
}

// suite is what a use-case suite works with: the database, the use cases over it with the
// default policy, their gRPC face, and the clock they read.
type suite struct {
	env
	app   *app.App
	api   *grpcapi.Server
	clock *clock
}

// newSuite builds the use cases over repo (e.store, or a suite's wrapper of it) and e's
// directory copy, with the clock stopped at start.
func newSuite(e env, repo app.Repository, start time.Time) suite {
	clk := &clock{t: start}
	a := app.New(repo, e.dir, domain.DefaultPolicy(), clk.now)
	return suite{env: e, app: a, api: grpcapi.New(a, e.db), clock: clk}
}

// count returns the single number query answers.
func (e env) count(t *testing.T, query string, args ...any) int {
	t.Helper()
	var n int
	if err := e.db.QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// audits returns the details of the audit records of resource.
func (e env) audits(t *testing.T, resource string) []string {
	t.Helper()
	recs, _, err := audit.List(context.Background(), e.db, audit.Query{Resource: resource, PageSize: 100})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range recs {
		out = append(out, r.GetDetail())
	}
	return out
}

// The callers, with the scope the authorization table gives each role.
var (
	cityHR    = testenv.As(context.Background(), auth.RoleCityHR, "", "bkpsdm-admin")
	kominfoHR = testenv.As(context.Background(), auth.RoleAgencyHR, "DISKOMINFO", "kominfo-hr")
	auditor   = testenv.As(context.Background(), auth.RoleAuditor, "", "inspektorat")
)

// employee is employee nip of agency acting for themselves.
func employee(nip, agency string) context.Context {
	return testenv.As(context.Background(), auth.RoleEmployee, agency, nip)
}

// supervisor is nip of agency acting as supervisor of the employees below them.
func supervisor(nip, agency string) context.Context {
	return testenv.As(context.Background(), auth.RoleSupervisor, agency, nip)
}

// agencyHR is sub acting as agency's HR administrator.
func agencyHR(sub, agency string) context.Context {
	return testenv.As(context.Background(), auth.RoleAgencyHR, agency, sub)
}

// kominfoHQ is DISKOMINFO's head office in Medan.
var kominfoHQ = app.Office{Office: domain.Office{ID: "kominfo-hq", Name: "Kantor Dinas Kominfo", Lat: 3.5952, Lon: 98.6722, TimeZone: domain.WIB}, Agency: "DISKOMINFO"}

// wib returns a time of day in Medan.
func wib(date string, h, m, s int) time.Time {
	d := domain.MustDate(date)
	return time.Date(d.Year, d.Month, d.Day, h, m, s, 0, domain.WIB.Location())
}

// clock is a suite's settable clock. While stepping, it advances by the step on every read,
// so that concurrent calls see different server times.
type clock struct {
	mu   sync.Mutex
	t    time.Time
	step time.Duration
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := c.t
	c.t = c.t.Add(c.step)
	return t
}

// set stops the clock at t.
func (c *clock) set(t time.Time) { c.stepping(t, 0) }

// stepping starts the clock at t, advancing by step on every read.
func (c *clock) stepping(t time.Time, step time.Duration) {
	c.mu.Lock()
	c.t, c.step = t, step
	c.mu.Unlock()
}
