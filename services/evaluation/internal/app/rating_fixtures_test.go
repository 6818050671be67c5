package app_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/testenv"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/app"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
)

// The rating suites' fixtures: BAPPEDA, an agency big enough for the distribution bounds — its
// head ← kabid ← ten staff in two units — beside the harness's city; the directory's agencies;
// approved SKPs written through the store's InsertSkp.

// BAPPEDA's people.
const (
	bappedaHead  = "196801011990031101"
	bappedaKabid = "197801012003031102"
)

// bappedaStaff is BAPPEDA's staff member i (1 … 10): 1–5 in BAPPEDA-EKO, 6–10 in BAPPEDA-SOS.
func bappedaStaff(i int) string { return fmt.Sprintf("19900101201501%04d", i) }

// bappedaUnit is staff member i's unit.
func bappedaUnit(i int) string {
	if i <= 5 {
		return "BAPPEDA-EKO"
	}
	return "BAPPEDA-SOS"
}

// ratingPeople are the harness's people with BAPPEDA's.
func ratingPeople() []*planningv1.Employee {
	out := append(people(),
		person(bappedaHead, "Kepala Bappeda", "BAPPEDA", "BAPPEDA", "", "kepala-bappeda"),
		person(bappedaKabid, "Kabid Ekonomi", "BAPPEDA", "BAPPEDA-EKO", bappedaHead, "kabid-ekonomi"))
	for i := 1; i <= 10; i++ {
		out = append(out, person(bappedaStaff(i), fmt.Sprintf("Perencana %d", i), "BAPPEDA", bappedaUnit(i), bappedaKabid, "perencana"))
	}
	return out
}

// bappedaKabidCtx is BAPPEDA's kabid acting as supervisor.
var bappedaKabidCtx = supervisor(bappedaKabid, "BAPPEDA")

// ratingSuite is a suite over ratingPeople on engine with the directory's agencies (and a unit,
// which is not an agency), the clock at 1 December 2026, 09:00 WIB, and 2026 opened by city HR.
func ratingSuite(t *testing.T, engine testenv.Engine) suite {
	t.Helper()
	s := newSuite(t, newEnv(t, engine, ratingPeople()...), at("2026-12-01", 9, 0))
	for _, a := range [][2]string{{"DISKOMINFO", ""}, {"DINKES", ""}, {"BAPPEDA", ""}, {"BAPPEDA-EKO", "BAPPEDA"}} {
		root := a[0]
		if a[1] != "" {
			root = a[1]
		}
		if _, err := s.db.ExecContext(context.Background(), `INSERT INTO directory_agencies (code, display_name, kind, parent, root, version, synced_at)
			VALUES ($1, $1, 'dinas', $2, $3, 1, 0)`, a[0], a[1], root); err != nil {
			t.Fatalf("agency %s: %v", a[0], err)
		}
	}
	if _, err := s.app.CreatePeriod(cityHR, domain.Period{Year: 2026}); err != nil {
		t.Fatalf("opening 2026: %v", err)
	}
	return s
}

// approved writes an approved SKP of 2026 for nip (seq 1, the latest, the whole year) through
// the store's InsertSkp, with the directory's agency, unit and supervisor as its appraiser.
func approved(t testing.TB, s suite, nip string) domain.Skp {
	t.Helper()
	e, err := s.dir.Employee(context.Background(), nip)
	if err != nil {
		t.Fatal(err)
	}
	sk := domain.Skp{ID: fmt.Sprintf("2026-%s-1", nip), Employee: nip, EmployeeName: e.DisplayName, Year: 2026, Seq: 1,
		Agency: e.Agency, Unit: e.Unit, Position: e.Position, Appraiser: e.Supervisor, AppraiserName: "Atasan", AgencyHead: e.Supervisor == "",
		State: domain.SkpApproved, StartDate: "2026-01-01", EndDate: "2026-12-31", Revision: 1, Approved: true, Latest: true,
		Results: []domain.WorkResult{{ID: "r1", Text: "Dokumen perencanaan", PlanReference: "rpjmd-1",
			Indicators: []domain.Indicator{{ID: "i1", Text: "dokumen", Targets: []domain.Target{{Aspect: domain.Quantity, Value: "4"}}}}}},
		Version: 1, Created: at("2026-01-10", 8, 0), Updated: at("2026-01-10", 8, 0)}
	putSkp(t, s, sk)
	return sk
}

// putSkp stores sk through the store's InsertSkp.
func putSkp(t testing.TB, s suite, sk domain.Skp) {
	t.Helper()
	if err := s.store.Write(context.Background(), func(ctx context.Context, tx app.Tx) error { return tx.InsertSkp(ctx, sk) }); err != nil {
		t.Fatalf("storing SKP %s: %v", sk.ID, err)
	}
}

// rate is a rating of results and behaviour with reasons.
func rate(results, behaviour domain.Expectation) domain.Rating {
	return domain.Rating{Results: results, ResultsReason: "target dokumen tercapai", Behaviour: behaviour, BehaviourReason: "kolaboratif dan tepat waktu"}
}

// ratingOf is the rating whose matrix cell gives p.
func ratingOf(p domain.Predicate) domain.Rating {
	switch p {
	case domain.SangatBaik:
		return rate(domain.Above, domain.Above)
	case domain.Baik:
		return rate(domain.Meets, domain.Meets)
	case domain.ButuhPerbaikan:
		return rate(domain.Below, domain.Meets)
	case domain.Kurang:
		return rate(domain.Meets, domain.Below)
	}
	return rate(domain.Below, domain.Below)
}

// setOrg sets agency's organisation predicate for 2026 as city HR.
func setOrg(t testing.TB, s suite, agency string, p domain.OrganisationPredicate) {
	t.Helper()
	if _, err := s.app.SetOrganisationRating(cityHR, domain.OrganisationRating{Year: 2026, Agency: agency, Predicate: p}, ""); err != nil {
		t.Fatalf("setting %s to %s: %v", agency, p, err)
	}
}

// wantRefusal fails t unless err is of kind and its message holds every one of want.
func wantRefusal(t testing.TB, err error, kind errs.Kind, want ...string) {
	t.Helper()
	e := testenv.WantKind(t, err, kind, "")
	for _, w := range want {
		if !strings.Contains(e.Message, w) {
			t.Errorf("message %q\n lacks %q", e.Message, w)
		}
	}
}

// subjects returns the outbox's subjects under prefix, in order.
func (e env) subjects(t testing.TB, prefix string) []string {
	t.Helper()
	rows, err := e.db.QueryContext(context.Background(), `SELECT subject FROM outbox WHERE subject LIKE $1 ORDER BY id`, prefix+"%")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

// day is 09:00 WIB n days after 1 December 2026.
func day(n int) time.Time { return at("2026-12-01", 9, 0).AddDate(0, 0, n) }
