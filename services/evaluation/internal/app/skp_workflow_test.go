package app_test

import (
	"context"
	"strings"
	"testing"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/resource"
	"github.com/simpeg-id/simpeg/platform/testenv"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/app"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
)

// The SKP suite's fixtures: 2026 open, the DISKOMINFO tree's SKPs set top-down (the head's from
// the agency's plan, approved by city HR; the kabid's cascaded from the head's; the staff's from
// the kabid's).

// openYear opens performance year year (unless open) directly in the store (the rating area's CreatePeriod is
// another suite's subject).
func openYear(t testing.TB, e env, year int) {
	t.Helper()
	if _, err := e.db.ExecContext(context.Background(), `INSERT INTO periods (year, cadence, skp_due_date, rating_due_days, version, create_time, update_time)
		VALUES ($1, 'quarterly', $2, 14, 1, 0, 0) ON CONFLICT (year) DO NOTHING`, year, domain.YearStart(year)[:5]+"01-31"); err != nil {
		t.Fatalf("opening %d: %v", year, err)
	}
}

// planResult is an agency head's result from the agency's plan.
func planResult(text, plan string) domain.WorkResult {
	return domain.WorkResult{Text: text, PlanReference: plan, Indicators: []domain.Indicator{{Text: "Indeks " + text,
		Targets: []domain.Target{{Aspect: domain.Quantity, Value: "3,5 dari 4"}, {Aspect: domain.Time, Value: "12 bulan"}}}}}
}

// cascaded is a result cascading from result of SKP parent.
func cascaded(text, parent, result string) domain.WorkResult {
	return domain.WorkResult{Text: text, ParentSkp: parent, ParentResult: result, Indicators: []domain.Indicator{{Text: "Jumlah " + text,
		Targets: []domain.Target{{Aspect: domain.Quantity, Value: "12 laporan"}}}}}
}

// skpPeople are the fixture's people with their display names (the harness's person sets only
// the full name, which the directory copy does not keep).
func skpPeople(extra ...*planningv1.Employee) []*planningv1.Employee {
	out := append(people(), extra...)
	for _, p := range out {
		p.DisplayName = p.GetFullName()
	}
	return out
}

// skpOf is the id of nip's seq-th SKP of 2026.
func skpOf(nip string, seq int) string { return domain.SkpID(2026, nip, seq) }

// skpOK returns a function that fails t on its error and returns its SKP:
// skpOK(t)(s.app.GetSkp(…)).
func skpOK(t testing.TB) func(domain.Skp, error) domain.Skp {
	t.Helper()
	return func(v domain.Skp, err error) domain.Skp {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

// setSkp opens nip's SKP with results, proposes it and has approver approve it.
func setSkp(t testing.TB, s suite, nip, agency string, approver context.Context, results ...domain.WorkResult) domain.Skp {
	t.Helper()
	own := employee(nip, agency)
	c := skpOK(t)(s.app.CreateSkp(own, domain.Skp{Year: 2026, Results: results}))
	skpOK(t)(s.app.ProposeSkp(own, c.ID, ""))
	return skpOK(t)(s.app.ApproveSkp(approver, c.ID, "", nil))
}

// kominfoTree sets the head's SKP (two plan results) and the kabid's (two results, one from
// each of the head's).
func kominfoTree(t testing.TB, s suite) {
	t.Helper()
	openYear(t, s.env, 2026)
	setSkp(t, s, kominfoHead, "DISKOMINFO", cityHR,
		planResult("Indeks SPBE kota", "RPJMD 2025-2029 sasaran 4.2"), planResult("Layanan publik digital", "Renstra Diskominfo sasaran 1"))
	setSkp(t, s, kabid, "DISKOMINFO", supervisor(kominfoHead, "DISKOMINFO"),
		cascaded("Aplikasi terintegrasi", skpOf(kominfoHead, 1), "r1"), cascaded("Layanan daring", skpOf(kominfoHead, 1), "r2"))
}

// TestSkpWorkflow tells the SKP's story on each engine: a draft proposed, returned with a
// comment, changed, proposed again and approved; revised and approved again with both revisions
// kept whole; closed by agency HR. Each step leaves its audit record and events.
func TestSkpWorkflow(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := newSuite(t, newEnv(t, engine, skpPeople()...), at("2026-01-12", 9, 0))
		kominfoTree(t, s)
		me, boss := employee(staff1, "DISKOMINFO"), supervisor(kabid, "DISKOMINFO")
		id := skpOf(staff1, 1)
		var cur domain.Skp
		testenv.RunSteps(t, []testenv.Step{
			{Name: "draft", Run: func(t *testing.T) {
				cur = skpOK(t)(s.app.CreateSkp(me, domain.Skp{Employee: staff1, Year: 2026, FunctionalLevel: domain.AhliPertama,
					Results: []domain.WorkResult{cascaded("Integrasi aplikasi kepegawaian", skpOf(kabid, 1), "r1")}}))
				if cur.ID != id || cur.State != domain.SkpDraft || cur.Appraiser != kabid || cur.AppraiserName != "Kabid Aplikasi" ||
					cur.EmployeeName != "Andi Pranata" || cur.Unit != "DISKOMINFO-APTIKA" || cur.StartDate != "2026-01-01" ||
					cur.EndDate != "2026-12-31" || !cur.Latest || cur.AgencyHead || len(cur.Behaviours) != 7 ||
					cur.Results[0].ID != "r1" || cur.Results[0].Indicators[0].ID != "i1" {
					t.Fatalf("created %+v", cur)
				}
			}},
			{Name: "proposed", Run: func(t *testing.T) {
				cur = skpOK(t)(s.app.ProposeSkp(me, id, resource.Etag(cur.Version)))
				if cur.State != domain.SkpProposed {
					t.Fatalf("state %s", cur.State)
				}
			}},
			{Name: "returned", Run: func(t *testing.T) {
				cur = skpOK(t)(s.app.ReturnSkp(boss, id, "", "Tambahkan hasil kerja untuk layanan daring"))
				if cur.State != domain.SkpReturned || cur.ReturnComment != "Tambahkan hasil kerja untuk layanan daring" {
					t.Fatalf("returned %+v", cur)
				}
			}},
			{Name: "changed and proposed again", Run: func(t *testing.T) {
				rs := append(cur.Results, cascaded("Portal layanan daring", skpOf(kabid, 1), "r2"))
				cur = skpOK(t)(s.app.UpdateSkp(me, domain.Skp{ID: id, Results: rs}, resource.Etag(cur.Version), []string{"results"}))
				if len(cur.Results) != 2 || cur.Results[1].ID != "r2" || cur.FunctionalLevel != domain.AhliPertama {
					t.Fatalf("updated %+v", cur)
				}
				cur = skpOK(t)(s.app.ProposeSkp(me, id, ""))
			}},
			{Name: "approved", Run: func(t *testing.T) {
				cur = skpOK(t)(s.app.ApproveSkp(boss, id, resource.Etag(cur.Version), []domain.BehaviourExpectation{
					{Behaviour: domain.Kompeten, Expectation: "Menguasai integrasi API antarsistem"}}))
				if cur.State != domain.SkpApproved || !cur.Approved || cur.Revision != 1 || cur.Behaviours[2].Expectation == "" {
					t.Fatalf("approved %+v", cur)
				}
			}},
			{Name: "revised and approved again", Run: func(t *testing.T) {
				cur = skpOK(t)(s.app.ReviseSkp(me, id, ""))
				if cur.State != domain.SkpDraft || !cur.Approved || cur.Revision != 1 {
					t.Fatalf("revised %+v", cur)
				}
				rs := append(cur.Results[:1:1], cascaded("Portal layanan daring versi 2", skpOf(kabid, 1), "r2"))
				cur = skpOK(t)(s.app.UpdateSkp(me, domain.Skp{ID: id, Results: rs, FunctionalLevel: domain.AhliMuda}, "", nil))
				skpOK(t)(s.app.ProposeSkp(me, id, ""))
				cur = skpOK(t)(s.app.ApproveSkp(boss, id, "", []domain.BehaviourExpectation{{Behaviour: domain.Loyal, Expectation: "Menjaga kerahasiaan data"}}))
				if cur.Revision != 2 || cur.FunctionalLevel != domain.AhliMuda || cur.Behaviours[2].Expectation == "" || cur.Behaviours[4].Expectation == "" {
					t.Fatalf("second approval %+v", cur)
				}
			}},
			{Name: "both revisions kept", Run: func(t *testing.T) {
				revs, err := s.app.ListSkpRevisions(me, id)
				if err != nil {
					t.Fatal(err)
				}
				if len(revs) != 2 || revs[0].Revision != 1 || revs[1].Revision != 2 || revs[0].ApprovedBy != kabid {
					t.Fatalf("revisions %+v", revs)
				}
				if revs[0].Skp.Results[1].Text != "Portal layanan daring" || revs[0].Skp.FunctionalLevel != domain.AhliPertama ||
					revs[1].Skp.Results[1].Text != "Portal layanan daring versi 2" {
					t.Fatalf("revision 1 was overwritten: %+v / %+v", revs[0].Skp.Results, revs[1].Skp.Results)
				}
			}},
			{Name: "closed by agency HR", Run: func(t *testing.T) {
				s.clock.set(at("2026-06-15", 10, 0))
				_, err := s.app.CloseSkp(dinkesHR, id, "", "Pensiun dini")
				testenv.WantKind(t, err, errs.PermissionDenied, "")
				cur = skpOK(t)(s.app.CloseSkp(kominfoHR, id, "", "Diberhentikan dengan hormat"))
				if cur.State != domain.SkpClosed || cur.EndDate != "2026-06-15" || cur.ClosedReason != "Diberhentikan dengan hormat" {
					t.Fatalf("closed %+v", cur)
				}
			}},
			{Name: "the next one after a closed one", Run: func(t *testing.T) {
				next := skpOK(t)(s.app.CreateSkp(me, domain.Skp{Year: 2026}))
				if next.ID != skpOf(staff1, 2) || next.StartDate != "2026-06-16" || !next.Latest {
					t.Fatalf("next %+v", next)
				}
				if old := skpOK(t)(s.app.GetSkp(me, id)); old.Latest {
					t.Fatal("the closed SKP is still the latest")
				}
			}},
			{Name: "events and audit", Run: func(t *testing.T) {
				for subject, want := range map[string]int{"simpeg.evaluation.skp.proposed": 2 + 3, "simpeg.evaluation.skp.returned": 1,
					"simpeg.evaluation.skp.approved": 2 + 2, "simpeg.evaluation.skp.closed": 1} {
					if n := s.count(t, `SELECT COUNT(*) FROM outbox WHERE subject = $1`, subject); n != want {
						t.Errorf("%s: %d events, want %d", subject, n, want)
					}
				}
				got := strings.Join(s.audits(t, app.SkpName(id)), " | ")
				for _, w := range []string{"created", "proposed to " + kabid, "returned: Tambahkan", "approved: revision 1", "revising", "approved: revision 2", "closed on 2026-06-15"} {
					if !strings.Contains(got, w) {
						t.Errorf("audit %q lacks %q", got, w)
					}
				}
			}},
		})
	})
}
