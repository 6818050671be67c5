package app_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/simpeg-id/simpeg/platform/testenv"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/app"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
	"github.com/simpeg-id/simpeg/services/planning/directory/directorytest"
)

// syncSuite sets the DISKOMINFO tree and the staff's SKPs on 12 January 2026: staff1's approved
// with a functional level, staff2's and staff3's drafts, the nurse's draft.
func syncSuite(t *testing.T, engine testenv.Engine) suite {
	t.Helper()
	s := newSuite(t, newEnv(t, engine, skpPeople()...), at("2026-01-12", 9, 0))
	kominfoTree(t, s)
	me := employee(staff1, "DISKOMINFO")
	c := skpOK(t)(s.app.CreateSkp(me, domain.Skp{Year: 2026, FunctionalLevel: domain.AhliPertama,
		Results: []domain.WorkResult{cascaded("Integrasi aplikasi", skpOf(kabid, 1), "r1")}}))
	skpOK(t)(s.app.ProposeSkp(me, c.ID, ""))
	skpOK(t)(s.app.ApproveSkp(supervisor(kabid, "DISKOMINFO"), c.ID, "", nil))
	skpOK(t)(s.app.CreateSkp(employee(staff2, "DISKOMINFO"), domain.Skp{Year: 2026}))
	skpOK(t)(s.app.CreateSkp(employee(staff3, "DISKOMINFO"), domain.Skp{Year: 2026}))
	skpOK(t)(s.app.CreateSkp(employee(nurse, "DINKES"), domain.Skp{Year: 2026}))
	return s
}

// moved changes employees in the directory copy as planning's next version of them would.
func moved(t *testing.T, s suite, change ...*planningv1.Employee) {
	t.Helper()
	for _, e := range change {
		e.DisplayName, e.Etag = e.GetFullName(), "v2"
	}
	directorytest.Seed(t, s.db, change...)
}

// TestSyncSupervisors: a new supervisor and a transfer close the SKP the day before and open the
// next from today with the new appraiser; nothing else moves; a second run moves nothing.
func TestSyncSupervisors(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := syncSuite(t, engine)
		if n, err := s.app.SyncSupervisors(context.Background()); err != nil || n != 0 {
			t.Fatalf("nothing changed yet: moved %d, %v", n, err)
		}
		s.clock.set(at("2026-07-01", 6, 0))
		retired := person(nurse, "Rina Perawat", "DINKES", "DINKES", "", "perawat")
		retired.Status = planningv1.EmployeeStatus_EMPLOYEE_STATUS_RETIRED
		moved(t, s,
			person(staff1, "Andi Pranata", "DISKOMINFO", "DISKOMINFO-SEKRETARIAT", sekretaris, "pranata-komputer"),
			person(staff2, "Siti Aminah", "DINKES", "DINKES", dinkesHead, "pranata-komputer"),
			retired)
		n, err := s.app.SyncSupervisors(context.Background())
		if err != nil || n != 2 {
			t.Fatalf("moved %d, %v; want 2", n, err)
		}
		tests := []struct {
			nip, agency, appraiser, reason string
		}{
			{staff1, "DISKOMINFO", sekretaris, "new supervisor " + sekretaris},
			{staff2, "DINKES", dinkesHead, "transferred to DINKES"},
		}
		for _, tt := range tests {
			old := skpOK(t)(s.app.GetSkp(cityHR, skpOf(tt.nip, 1)))
			next := skpOK(t)(s.app.GetSkp(cityHR, skpOf(tt.nip, 2)))
			if old.State != domain.SkpClosed || old.EndDate != "2026-06-30" || old.ClosedReason != tt.reason || old.Latest {
				t.Errorf("%s's old SKP: %+v", tt.nip, old)
			}
			if next.State != domain.SkpDraft || next.StartDate != "2026-07-01" || next.EndDate != "2026-12-31" || next.Previous != old.ID ||
				next.Agency != tt.agency || next.Appraiser != tt.appraiser || !next.Latest || next.Approved {
				t.Errorf("%s's next SKP: %+v", tt.nip, next)
			}
			if len(next.Results) != len(old.Results) || next.FunctionalLevel != old.FunctionalLevel {
				t.Errorf("%s's next SKP lost results or level: %+v", tt.nip, next)
			}
			for _, r := range next.Results {
				if r.ParentSkp != "" || r.ParentResult != "" {
					t.Errorf("%s's next SKP kept a parent: %+v", tt.nip, r)
				}
			}
		}
		if got := skpOK(t)(s.app.GetSkp(cityHR, skpOf(staff1, 2))); got.Unit != "DISKOMINFO-SEKRETARIAT" || got.AppraiserName != "Sekretaris Kominfo" {
			t.Errorf("staff1's next SKP: %+v", got)
		}
		for _, nip := range []string{staff3, nurse} {
			if got := skpOK(t)(s.app.GetSkp(cityHR, skpOf(nip, 1))); got.State != domain.SkpDraft || !got.Latest {
				t.Errorf("%s's SKP moved: %+v", nip, got)
			}
		}
		if n := s.count(t, `SELECT COUNT(*) FROM outbox WHERE subject = 'simpeg.evaluation.skp.closed'`); n != 2 {
			t.Errorf("skp.closed events: %d", n)
		}
		if a := strings.Join(s.audits(t, app.SkpName(skpOf(staff2, 1))), " | "); !strings.Contains(a, "transferred to DINKES; continued by skps/"+skpOf(staff2, 2)) {
			t.Errorf("audit: %s", a)
		}
		if n, err := s.app.SyncSupervisors(context.Background()); err != nil || n != 0 {
			t.Fatalf("second run moved %d, %v", n, err)
		}
		// The new appraiser sees the continued SKP; the holder cascades again from them.
		if _, err := s.app.GetSkp(supervisor(sekretaris, "DISKOMINFO"), skpOf(staff1, 2)); err != nil {
			t.Errorf("the new appraiser: %v", err)
		}
	})
}

// TestSyncSupervisorsConcurrently runs the sync in two replicas at once: each SKP moves once.
func TestSyncSupervisorsConcurrently(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := syncSuite(t, engine)
		s.clock.set(at("2026-07-01", 6, 0))
		moved(t, s,
			person(staff1, "Andi Pranata", "DISKOMINFO", "DISKOMINFO-APTIKA", sekretaris, "pranata-komputer"),
			person(staff2, "Siti Aminah", "DINKES", "DINKES", dinkesHead, "pranata-komputer"),
			person(staff3, "Budi Santoso", "DISKOMINFO", "DISKOMINFO-APTIKA", sekretaris, "pranata-komputer"))
		other := newSuite(t, s.env, at("2026-07-01", 6, 0))
		var (
			wg    sync.WaitGroup
			total [2]int
			errs  [2]error
		)
		for i, a := range []*app.App{s.app, other.app} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				total[i], errs[i] = a.SyncSupervisors(context.Background())
			}()
		}
		wg.Wait()
		if errs[0] != nil || errs[1] != nil || total[0]+total[1] != 3 {
			t.Fatalf("moved %v with %v; want 3 in all", total, errs)
		}
		for _, nip := range []string{staff1, staff2, staff3} {
			if n := s.count(t, `SELECT COUNT(*) FROM skps WHERE employee = $1 AND state <> 'closed'`, nip); n != 1 {
				t.Errorf("%s has %d open SKPs", nip, n)
			}
			if n := s.count(t, `SELECT COUNT(*) FROM skps WHERE employee = $1`, nip); n != 2 {
				t.Errorf("%s has %d SKPs", nip, n)
			}
		}
	})
}
