package app_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/testenv"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/app"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
	"github.com/simpeg-id/simpeg/services/planning/directory/directorytest"
)

// The feedback area's fixtures: the year 2026 opened quarterly by SQL, and SKPs stored as the
// SKP area leaves them, through the store's InsertSkp — staff1's approved by kabid with results
// r1 (indicators i1, i2) and r2 (i1); staff2's still a draft; staff3's approved and closed on
// 31 March; the DISKOMINFO head's approved by city HR. Three more people of DISKOMINFO serve as
// peer raters, one of them retired.

// More people for peer input.
const (
	rekan4  = "199404042018032009"
	rekan5  = "199505052019031010"
	pensiun = "196505051990031011"
)

// The fixture SKPs' ids.
var (
	fbSkp1    = fbSkpID(staff1)
	fbSkp2    = fbSkpID(staff2)
	fbSkp3    = fbSkpID(staff3)
	fbSkpHead = fbSkpID(kominfoHead)
)

// fbSkpID is the id of nip's first SKP of 2026.
func fbSkpID(nip string) string { return "2026-" + nip + "-1" }

// fbPeople are the fixture city with the raters.
func fbPeople() []*planningv1.Employee {
	retired := person(pensiun, "Pensiunan Kominfo", "DISKOMINFO", "DISKOMINFO-APTIKA", kabid, "pranata-komputer")
	retired.Status = directorytest.Retired
	return append(people(),
		person(rekan4, "Dewi Lestari", "DISKOMINFO", "DISKOMINFO-SEKRETARIAT", sekretaris, "analis"),
		person(rekan5, "Eko Prasetyo", "DISKOMINFO", "DISKOMINFO-SEKRETARIAT", sekretaris, "analis"),
		retired)
}

// fbSuite is the feedback area's suite on engine: the fixture city with the raters, 2026 open,
// the fixture SKPs stored and the clock at start.
func fbSuite(t *testing.T, engine testenv.Engine, start time.Time) suite {
	t.Helper()
	s := newSuite(t, newEnv(t, engine, fbPeople()...), start)
	ctx := context.Background()
	if _, err := s.db.ExecContext(ctx, `INSERT INTO periods (year, cadence, skp_due_date, rating_due_days, version, create_time, update_time)
		VALUES (2026, 'quarterly', '2026-01-31', 14, 1, $1, $1)`, database.Micros(start)); err != nil {
		t.Fatalf("opening 2026: %v", err)
	}
	results := []domain.WorkResult{
		{ID: "r1", Text: "Aplikasi layanan publik terbit", ParentSkp: fbSkpID(kabid), ParentResult: "r1",
			Indicators: []domain.Indicator{
				{ID: "i1", Text: "Aplikasi terbit", Targets: []domain.Target{{Aspect: domain.Quantity, Value: "4 aplikasi"}}},
				{ID: "i2", Text: "Ketepatan waktu", Targets: []domain.Target{{Aspect: domain.Time, Value: "12 bulan"}}},
			}},
		{ID: "r2", Text: "Laporan pengelolaan server", ParentSkp: fbSkpID(kabid), ParentResult: "r2",
			Indicators: []domain.Indicator{{ID: "i1", Text: "Laporan bulanan", Targets: []domain.Target{{Aspect: domain.Quantity, Value: "12 laporan"}}}}},
	}
	skp := func(id, nip, name string, state domain.SkpState, approved bool, end string) domain.Skp {
		return domain.Skp{ID: id, Employee: nip, EmployeeName: name, Year: 2026, Seq: 1, Agency: "DISKOMINFO",
			Unit: "DISKOMINFO-APTIKA", Position: "pranata-komputer", Appraiser: kabid, AppraiserName: "Kabid Aplikasi",
			State: state, StartDate: "2026-01-01", EndDate: end, Results: results, Approved: approved, Revision: 1,
			Latest: true, Version: 1, Created: start, Updated: start}
	}
	head := skp(fbSkpHead, kominfoHead, "Kepala Dinas Kominfo", domain.SkpApproved, true, "2026-12-31")
	head.Appraiser, head.AppraiserName, head.AgencyHead, head.Unit = "", "", true, "DISKOMINFO"
	closed := skp(fbSkp3, staff3, "Budi Santoso", domain.SkpClosed, true, "2026-03-31")
	closed.ClosedReason = "new supervisor"
	draft := skp(fbSkp2, staff2, "Siti Aminah", domain.SkpDraft, false, "2026-12-31")
	draft.Revision = 0
	for _, k := range []domain.Skp{skp(fbSkp1, staff1, "Andi Pranata", domain.SkpApproved, true, "2026-12-31"), draft, closed, head} {
		if err := s.store.Write(ctx, func(ctx context.Context, tx app.Tx) error { return tx.InsertSkp(ctx, k) }); err != nil {
			t.Fatalf("storing SKP %s: %v", k.ID, err)
		}
	}
	return s
}

// fbOutbox returns the subjects and payloads of the outbox's events, in order.
func fbOutbox(t *testing.T, e env) (subjects []string, payloads [][]byte) {
	t.Helper()
	err := database.QueryEach(context.Background(), e.db, func(sc database.Scanner) error {
		var (
			s string
			p []byte
		)
		if err := sc.Scan(&s, &p); err != nil {
			return err
		}
		subjects, payloads = append(subjects, s), append(payloads, p)
		return nil
	}, `SELECT subject, payload FROM outbox ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	return subjects, payloads
}

// fbDecode unmarshals payload into m.
func fbDecode[M proto.Message](t *testing.T, payload []byte, m M) M {
	t.Helper()
	if err := proto.Unmarshal(payload, m); err != nil {
		t.Fatal(err)
	}
	return m
}

// fbRefusal is one refused call: its name, the call and the error it must get.
type fbRefusal struct {
	name  string
	call  func() error
	kind  errs.Kind
	field string
}

// fbRefuse runs refusals, each must fail with its kind and field.
func fbRefuse(t *testing.T, refusals []fbRefusal) {
	t.Helper()
	for _, r := range refusals {
		t.Run(r.name, func(t *testing.T) { testenv.WantKind(t, r.call(), r.kind, r.field) })
	}
}

// fbCount is the number of rows of table.
func (e env) fbCount(t *testing.T, table string) int {
	t.Helper()
	return e.count(t, fmt.Sprintf(`SELECT COUNT(*) FROM %s`, table))
}
