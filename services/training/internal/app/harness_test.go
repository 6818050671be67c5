package app_test

import (
	"context"
	"crypto/ed25519"
	"sync"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/audit"
	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/outbox"
	"github.com/simpeg-id/simpeg/platform/testenv"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
	"github.com/simpeg-id/simpeg/services/planning/directory"
	"github.com/simpeg-id/simpeg/services/planning/directory/directorytest"
	"github.com/simpeg-id/simpeg/services/training/internal/app"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
	"github.com/simpeg-id/simpeg/services/training/internal/events"
	"github.com/simpeg-id/simpeg/services/training/internal/store"
)

// What the use-case suites share: a real store with its directory copy on each engine, the
// city's people, the callers, a settable clock and a certificate key. Each area's suite adds its
// own fixtures in its own *_test.go file.

// The people of the fixture city. DISKOMINFO: head ← kabid ← staff1, staff2; DINKES: head ←
// nurse.
const (
	kominfoHead = "197001011995031001"
	kabid       = "198001012005011002"
	staff1      = "199001012015031003"
	staff2      = "199202022016032004"
	dinkesHead  = "197502022000032005"
	nurse       = "198808082012012006"
)

// people are the fixture's employees as planning's events carry them.
func people() []*planningv1.Employee {
	pns := planningv1.EmploymentType_EMPLOYMENT_TYPE_PNS
	e := func(nip, name, agency, sup, pos string) *planningv1.Employee {
		return &planningv1.Employee{Nip: nip, FullName: name, EmploymentType: pns, Rank: "III/c", Agency: agency, Supervisor: sup, Position: pos}
	}
	return []*planningv1.Employee{
		e(kominfoHead, "Kepala Dinas Kominfo", "DISKOMINFO", "", "kadis-kominfo"),
		e(kabid, "Kabid Aplikasi", "DISKOMINFO", kominfoHead, "kabid-aptika"),
		e(staff1, "Andi Pranata", "DISKOMINFO", kabid, "pranata-komputer"),
		e(staff2, "Siti Aminah", "DISKOMINFO", kabid, "pranata-komputer"),
		e(dinkesHead, "Kepala Dinas Kesehatan", "DINKES", "", "kadis-dinkes"),
		e(nurse, "Rina Perawat", "DINKES", dinkesHead, "perawat"),
	}
}

// standards are the fixture positions' competency standards (planning's, level 1–5).
var standards = staticPositions{
	"pranata-komputer": {"technical:network-administration": 3, "technical:data-analysis": 2, "socio-cultural:public-service": 2},
	"kabid-aptika":     {"managerial:leadership": 3, "technical:network-administration": 2},
	"perawat":          {"technical:patient-care": 3},
}

// staticPositions answers app.Positions from a fixed table: planning's registry is another
// service, reached over gRPC in production; here its answer is given.
type staticPositions map[string]map[string]int

func (p staticPositions) Standards(_ context.Context, position string) (map[string]int, error) {
	return p[position], nil
}

// env is a migrated training database with the directory copy the suite seeded.
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
	if err := db.Migrate(context.Background(), "training", store.Migrations()); err != nil {
		t.Fatalf("migrating: %v", err)
	}
	if len(employees) == 0 {
		employees = people()
	}
	dir := directorytest.Seed(t, db, employees...)
	return env{db: db, dir: dir, store: store.New(db, outbox.New(), events.Encode)}
}

// suite is what a use-case suite works with: the database, the use cases over it with the
// default policy, the clock they read and the certificate key's public half.
type suite struct {
	env
	app   *app.App
	clock *clock
	pub   ed25519.PublicKey
}

// newSuite builds the use cases over e with the clock stopped at start.
func newSuite(t testing.TB, e env, start time.Time) suite {
	t.Helper()
	pub, key, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	clk := &clock{t: start}
	a := app.New(e.store, app.Options{Directory: e.dir, Positions: standards, Policy: domain.DefaultPolicy(),
		Signer: app.Signer{KeyID: "test-1", Key: key}, Now: clk.now})
	return suite{env: e, app: a, clock: clk, pub: pub}
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
// directory copy knows the people.
func TestHarness(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := newSuite(t, newEnv(t, engine), at("2026-03-02", 8, 0))
		if e, err := s.dir.Employee(context.Background(), staff1); err != nil || e.Agency != "DISKOMINFO" || e.Supervisor != kabid {
			t.Fatalf("directory copy: %+v, %v", e, err)
		}
		if n := s.count(t, `SELECT COUNT(*) FROM programmes`); n != 0 {
			t.Fatalf("programmes: %d", n)
		}
	})
}
