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
	"github.com/simpeg-id/simpeg/services/evaluation/internal/app"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/events"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/store"
	"github.com/simpeg-id/simpeg/services/planning/directory"
	"github.com/simpeg-id/simpeg/services/planning/directory/directorytest"
)

// What the use-case suites share: a real store with its directory copy on each engine, the
// city's people, the callers and a settable clock. Each area's suite adds its own fixtures in
// its own *_test.go file (a bigger agency for the distribution bounds, say, through newEnv's
// employees).

// The people of the fixture city. DISKOMINFO: head ← kabid ← staff1, staff2, staff3; head ←
// sekretaris. DINKES: head ← nurse.
const (
	kominfoHead = "197001011995031001"
	kabid       = "198001012005011002"
	staff1      = "199001012015031003"
	staff2      = "199202022016032004"
	staff3      = "199303032017031007"
	sekretaris  = "198404042008012008"
	dinkesHead  = "197502022000032005"
	nurse       = "198808082012012006"
)

// person is one employee as planning's events carry them.
func person(nip, name, agency, unit, sup, pos string) *planningv1.Employee {
	return &planningv1.Employee{Nip: nip, FullName: name, DisplayName: name, EmploymentType: planningv1.EmploymentType_EMPLOYMENT_TYPE_PNS,
		Rank: "III/c", Agency: agency, Unit: unit, Supervisor: sup, Position: pos}
}

// people are the fixture's employees.
func people() []*planningv1.Employee {
	return []*planningv1.Employee{
		person(kominfoHead, "Kepala Dinas Kominfo", "DISKOMINFO", "DISKOMINFO", "", "kadis-kominfo"),
		person(kabid, "Kabid Aplikasi", "DISKOMINFO", "DISKOMINFO-APTIKA", kominfoHead, "kabid-aptika"),
		person(staff1, "Andi Pranata", "DISKOMINFO", "DISKOMINFO-APTIKA", kabid, "pranata-komputer"),
		person(staff2, "Siti Aminah", "DISKOMINFO", "DISKOMINFO-APTIKA", kabid, "pranata-komputer"),
		person(staff3, "Budi Santoso", "DISKOMINFO", "DISKOMINFO-APTIKA", kabid, "pranata-komputer"),
		person(sekretaris, "Sekretaris Kominfo", "DISKOMINFO", "DISKOMINFO-SEKRETARIAT", kominfoHead, "sekretaris-dinas"),
		person(dinkesHead, "Kepala Dinas Kesehatan", "DINKES", "DINKES", "", "kadis-dinkes"),
		person(nurse, "Rina Perawat", "DINKES", "DINKES", dinkesHead, "perawat"),
	}
}

// env is a migrated evaluation database with the directory copy the suite seeded.
type env struct {
	db    *database.DB
	dir   *directory.Replica
	store *store.Store
}

// newEnv opens a fresh database on engine, migrates it and seeds the directory copy with
// employees (people() when none are given).
func newEnv(t testing.TB, engine testenv.Engine, employees ...*planningv1.Employee) env {
	t.Helper()
	db := testenv.OpenDB(t, engine)
	if err := db.Migrate(context.Background(), "evaluation", store.Migrations()); err != nil {
		t.Fatalf("migrating: %v", err)
	}
	if len(employees) == 0 {
		employees = people()
	}
	dir := directorytest.Seed(t, db, employees...)
	return env{db: db, dir: dir, store: store.New(db, outbox.New(), events.Encode)}
}

// suite is what a use-case suite works with: the database, the use cases over it with the
// default policy and the clock they read.
type suite struct {
	env
	app   *app.App
	clock *clock
}

// newSuite builds the use cases over e with the clock stopped at start.
func newSuite(t testing.TB, e env, start time.Time) suite {
	t.Helper()
	clk := &clock{t: start}
	a := app.New(e.store, app.Options{Directory: e.dir, Policy: domain.DefaultPolicy(), Now: clk.now})
	return suite{env: e, app: a, clock: clk}
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
	dinkesHR  = testenv.As(context.Background(), auth.RoleAgencyHR, "DINKES", "dinkes-hr")
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

// wib is Medan's zone.
var wib = time.FixedZone("WIB", 7*3600)

// at returns a time in Medan.
func at(date string, h, m int) time.Time {
	d, err := time.ParseInLocation(time.DateOnly, date, wib)
	if err != nil {
		panic(err)
	}
	return d.Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute)
}

// clock is a suite's settable clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// set stops the clock at t.
func (c *clock) set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// TestHarness checks the fixture itself: the database migrates on each engine and the
// directory copy knows the people and their supervisors.
func TestHarness(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := newSuite(t, newEnv(t, engine), at("2026-01-05", 8, 0))
		if e, err := s.dir.Employee(context.Background(), staff1); err != nil || e.Agency != "DISKOMINFO" || e.Supervisor != kabid {
			t.Fatalf("directory copy: %+v, %v", e, err)
		}
		if n := s.count(t, `SELECT COUNT(*) FROM skps`); n != 0 {
			t.Fatalf("skps: %d", n)
		}
	})
}
