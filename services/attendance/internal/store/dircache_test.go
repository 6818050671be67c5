package store_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/simpeg-id/simpeg/platform/testenv"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
	"github.com/simpeg-id/simpeg/services/attendance/internal/store"
	"github.com/simpeg-id/simpeg/services/planning/directory"
	"github.com/simpeg-id/simpeg/services/planning/directory/directorytest"
)

// countingDir is the directory copy, counting the reads that reach the database.
type countingDir struct {
	*directory.Replica
	reads atomic.Int64
}

func (d *countingDir) Employee(ctx context.Context, nip string) (directory.Employee, error) {
	d.reads.Add(1)
	return d.Replica.Employee(ctx, nip)
}

// dcClock is a settable clock.
type dcClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *dcClock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *dcClock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func dcEmployee(i int, agency string) *planningv1.Employee {
	return &planningv1.Employee{Nip: fmt.Sprintf("19900101201501%04d", i), DisplayName: fmt.Sprintf("Pegawai %d", i), Agency: agency, Unit: agency + "-U1",
		Rank: "III/a", EmploymentType: planningv1.EmploymentType_EMPLOYMENT_TYPE_PNS}
}

// TestDirectoryCache checks on each engine that the check-in's snapshot of the directory copy
// answers exactly what the copy does, sees a change within DirectoryFresh (re-reading only the
// changed rows), reads an employee it does not hold (a new registration) or holds as not active
// from the database at once, and is taken again for a new day.
func TestDirectoryCache(t *testing.T) {
	for _, engine := range testenv.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			ctx := context.Background()
			db := testenv.OpenDB(t, engine)
			emps := make([]*planningv1.Employee, 50)
			for i := range emps {
				emps[i] = dcEmployee(i, []string{"DISKOMINFO", "BKPSDM"}[i%2])
			}
			base := &countingDir{Replica: directorytest.Seed(t, db, emps...)}
			clock := &dcClock{t: time.Date(2026, 12, 7, 0, 30, 0, 0, time.UTC)} // 07:30 WIB
			c := store.NewDirectoryCache(db, base, clock.now)
			first := emps[0].GetNip()

			// No snapshot yet: the database answers, and the snapshot is taken in the background.
			if _, err := c.Employee(ctx, first); err != nil {
				t.Fatal(err)
			}
			c.Wait()
			if loads, _ := c.Loads(); loads != 1 || base.reads.Load() != 1 {
				t.Fatalf("first check-in: %d loads, %d database reads; want 1 and 1", loads, base.reads.Load())
			}
			for _, e := range emps {
				got, err := c.Employee(ctx, e.GetNip())
				want, werr := base.Replica.Employee(ctx, e.GetNip())
				if err != nil || werr != nil || !reflect.DeepEqual(got, want) {
					t.Fatalf("%s: cache %+v (%v), copy %+v (%v)", e.GetNip(), got, err, want, werr)
				}
			}
			if n := base.reads.Load(); n != 1 {
				t.Fatalf("50 check-ins from a fresh snapshot read the database %d more times", n-1)
			}

			// A transfer and a retirement: the snapshot may answer the old agency until it is
			// re-checked, never past DirectoryFresh.
			moved, retired := proto.CloneOf(emps[1]), proto.CloneOf(emps[2])
			moved.Agency, moved.Unit, moved.Etag = "BAPPEDA", "BAPPEDA-U2", "v2"
			retired.Status, retired.Etag = directorytest.Retired, "v2"
			directorytest.Seed(t, db, moved, retired)
			clock.advance(store.DirectoryFresh / 2) // old enough to be re-checked
			if e, _ := c.Employee(ctx, moved.GetNip()); e.Agency != emps[1].GetAgency() && e.Agency != "BAPPEDA" {
				t.Fatalf("moved employee's agency %q", e.Agency)
			}
			c.Wait()
			if e, err := c.Employee(ctx, moved.GetNip()); err != nil || e.Agency != "BAPPEDA" || e.Unit != "BAPPEDA-U2" || e.Version != 2 {
				t.Fatalf("after the re-check the moved employee is %+v (%v), want BAPPEDA, BAPPEDA-U2, version 2", e, err)
			}
			reads := base.reads.Load()
			if e, err := c.Employee(ctx, retired.GetNip()); err != nil || e.Active() {
				t.Fatalf("the retired employee: %+v (%v), want not active", e, err)
			}
			if base.reads.Load() != reads+1 {
				t.Fatal("an employee the snapshot holds as not active was not read from the database")
			}
			if loads, checks := c.Loads(); loads != 1 || checks != 2 {
				t.Fatalf("after one change: %d whole loads (want 1: only the changed rows re-read), %d re-checks (want 2)", loads, checks)
			}

			// A new registration checks in at once, read from the database.
			newcomer := dcEmployee(99, "BKPSDM")
			directorytest.Seed(t, db, newcomer)
			if e, err := c.Employee(ctx, newcomer.GetNip()); err != nil || e.Agency != "BKPSDM" {
				t.Fatalf("a new registration: %+v (%v)", e, err)
			}
			if _, err := c.Employee(ctx, "199001012015019999"); !errors.Is(err, directory.ErrNotFound) {
				t.Fatalf("an unknown NIP: %v, want ErrNotFound", err)
			}

			// Past DirectoryFresh without a re-check, the snapshot is not used.
			clock.advance(store.DirectoryFresh + time.Second)
			reads = base.reads.Load()
			if _, err := c.Employee(ctx, first); err != nil {
				t.Fatal(err)
			}
			if base.reads.Load() != reads+1 {
				t.Fatalf("a snapshot checked %s ago answered", store.DirectoryFresh+time.Second)
			}
			c.Wait()

			// A new day takes the snapshot again (agencies as of that day).
			clock.advance(24 * time.Hour)
			if _, err := c.Employee(ctx, first); err != nil {
				t.Fatal(err)
			}
			c.Wait()
			if loads, _ := c.Loads(); loads != 2 {
				t.Fatalf("a new day: %d whole loads, want 2", loads)
			}
			reads = base.reads.Load()
			if e, err := c.Employee(ctx, newcomer.GetNip()); err != nil || e.Agency != "BKPSDM" || base.reads.Load() != reads {
				t.Fatalf("the next day's snapshot: %+v (%v), %d database reads", e, err, base.reads.Load()-reads)
			}
		})
	}
}
