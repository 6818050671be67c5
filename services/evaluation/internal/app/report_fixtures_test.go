package app_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/testenv"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/app"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
	"github.com/simpeg-id/simpeg/services/planning/directory/directorytest"
)

// The reports' fixtures: the other areas' rows written directly (SKPs through the store's
// InsertSkp, the rest by SQL), so the reports are tested on exactly the rows they read.

// Two more DISKOMINFO people for the reports: staff4, active with no SKP, and a retiree, who
// counts nowhere.
const (
	staff4  = "199505052019031009"
	retiree = "196001011985031010"
)

// reportPeople are the harness's people with staff4 and the retiree.
func reportPeople() []*planningv1.Employee {
	retired := person(retiree, "Pensiunan Kominfo", "DISKOMINFO", "DISKOMINFO-APTIKA", kabid, "pranata-komputer")
	retired.Status = directorytest.Retired
	return append(people(), person(staff4, "Dewi Lestari", "DISKOMINFO", "DISKOMINFO-APTIKA", kabid, "pranata-komputer"), retired)
}

// plan is an SKP of the fixture: its holder, appraiser and dates, and where it stands.
type plan struct {
	nip, name, agency, unit, appraiser string
	seq                                int
	state                              domain.SkpState
	approved, latest                   bool
	level                              domain.FunctionalLevel
	start, end                         string
}

// id is the plan's SKP id.
func (p plan) id() string { return fmt.Sprintf("2026-%s-%d", p.nip, p.seq) }

// skp is the plan as the store keeps it, with one work result.
func (p plan) skp() domain.Skp {
	return domain.Skp{ID: p.id(), Employee: p.nip, EmployeeName: p.name, Year: 2026, Seq: p.seq, Agency: p.agency, Unit: p.unit,
		Position: "jabatan", Appraiser: p.appraiser, AppraiserName: "Atasan " + p.appraiser, AgencyHead: p.appraiser == "",
		State: p.state, StartDate: p.start, EndDate: p.end, FunctionalLevel: p.level, Approved: p.approved, Latest: p.latest,
		Results: []domain.WorkResult{{ID: "r1", Text: "Layanan aplikasi tersedia", PlanReference: "renstra-1",
			Indicators: []domain.Indicator{{ID: "i1", Text: "ketersediaan", Targets: []domain.Target{{Aspect: domain.Quantity, Value: "99%"}}}}}},
		Version: 1, Created: at("2026-01-05", 8, 0), Updated: at("2026-01-05", 8, 0)}
}

// putSkps stores plans through the store's InsertSkp in one unit of work.
func (e env) putSkps(t testing.TB, plans ...plan) {
	t.Helper()
	err := e.store.Write(context.Background(), func(ctx context.Context, tx app.Tx) error {
		for _, p := range plans {
			if err := tx.InsertSkp(ctx, p.skp()); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("storing SKPs: %v", err)
	}
}

// exec runs a fixture statement.
func (e env) exec(t testing.TB, query string, args ...any) {
	t.Helper()
	if _, err := e.db.ExecContext(context.Background(), query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

// openYear opens 2026, quarterly, ratings due 14 days after each period.
func (e env) openYear(t testing.TB) {
	e.exec(t, `INSERT INTO periods (year, cadence, skp_due_date, rating_due_days, version, create_time, update_time)
		VALUES (2026, 'quarterly', '2026-01-31', 14, 1, 0, 0)`)
}

// setOrganisation sets an agency's organisation predicate for 2026.
func (e env) setOrganisation(t testing.TB, agency string, p domain.OrganisationPredicate) {
	e.exec(t, `INSERT INTO organisation_ratings (year, agency, predicate, note, set_by, version, update_time)
		VALUES (2026, $1, $2, '', 'bkpsdm-admin', 1, 0)`, agency, string(p))
}

// ratePeriods gives an SKP its ratings of periods (meets, meets: Baik).
func (e env) ratePeriods(t testing.TB, p plan, periods ...string) {
	for _, id := range periods {
		e.exec(t, `INSERT INTO period_ratings (skp, period, results, results_reason, behaviour, behaviour_reason, predicate, rated_by,
			version, rate_time) VALUES ($1, $2, 'meets', 'sesuai', 'meets', 'sesuai', 'baik', $3, 1, 0)`, p.id(), id, p.appraiser)
	}
}

// rateYear gives an SKP its annual rating with predicate pred in state.
func (e env) rateYear(t testing.TB, p plan, pred domain.Predicate, state domain.AnnualRatingState) {
	counted := 0 // the distribution counts the rating of the employee's latest SKP
	if p.latest {
		counted = 1
	}
	e.exec(t, `INSERT INTO annual_ratings (skp, employee, year, agency, unit, results, results_reason, behaviour, behaviour_reason,
		predicate, state, rated_by, finalise_time, objection_deadline, objection, history, counted, version)
		VALUES ($1, $2, 2026, $3, $4, 'meets', 'sesuai', 'meets', 'sesuai', $5, $6, $7, 0, '2026-12-15', '', '[]', $8, 1)`,
		p.id(), p.nip, p.agency, p.unit, string(pred), string(state), p.appraiser, counted)
}

// feedbackEntry stores one entry of an SKP's thread written by author at when.
func (e env) feedbackEntry(t testing.TB, id string, p plan, kind, author string, when time.Time) {
	e.exec(t, `INSERT INTO feedback (id, skp, kind, author, author_name, result_id, behaviour, text, reply_to, dialogue_date,
		agreed_actions, period, create_time) VALUES ($1, $2, $3, $4, 'Penulis', 'r1', '', 'catatan', '', '', '[]', '', $5)`,
		id, p.id(), kind, author, database.Micros(when))
}

// The fixture's SKPs of 2026 (the clock: 20 July 2026, so q1's and q2's ratings are overdue
// when missing and q3 is running):
//
//	head        approved (city HR appraises), q1 q2 rated
//	kabid       approved, appraised by the head, q1 rated, q2 overdue
//	staff1      approved, Ahli Pertama, q1 q2 rated, annual Baik (acknowledged): 12.5 credit points
//	staff2 #1   approved then closed on 15 June (a new appraiser), Ahli Pertama, q1 rated, q2 overdue,
//	            annual Sangat Baik (decided): 6 months, 9.375
//	staff2 #2   approved from 16 June under the sekretaris, Ahli Pertama, q2 overdue, annual Baik: 6.25
//	staff3      draft, never approved
//	sekretaris  proposed, never approved
//	staff4      no SKP; the retiree none, and not counted
//	DINKES: head no SKP; nurse approved, Terampil, q1 q2 rated, annual Kurang under objection
var (
	headPlan   = plan{kominfoHead, "Kepala Dinas Kominfo", "DISKOMINFO", "DISKOMINFO", "", 1, domain.SkpApproved, true, true, "", "2026-01-01", "2026-12-31"}
	kabidPlan  = plan{kabid, "Kabid Aplikasi", "DISKOMINFO", "DISKOMINFO-APTIKA", kominfoHead, 1, domain.SkpApproved, true, true, "", "2026-01-01", "2026-12-31"}
	staff1Plan = plan{staff1, "Andi Pranata", "DISKOMINFO", "DISKOMINFO-APTIKA", kabid, 1, domain.SkpApproved, true, true, domain.AhliPertama, "2026-01-01", "2026-12-31"}
	staff2Old  = plan{staff2, "Siti Aminah", "DISKOMINFO", "DISKOMINFO-APTIKA", kabid, 1, domain.SkpClosed, true, false, domain.AhliPertama, "2026-01-01", "2026-06-15"}
	staff2New  = plan{staff2, "Siti Aminah", "DISKOMINFO", "DISKOMINFO-SEKRETARIAT", sekretaris, 2, domain.SkpApproved, true, true, domain.AhliPertama, "2026-06-16", "2026-12-31"}
	staff3Plan = plan{staff3, "Budi Santoso", "DISKOMINFO", "DISKOMINFO-APTIKA", kabid, 1, domain.SkpDraft, false, true, domain.AhliPertama, "2026-01-01", "2026-12-31"}
	sekrPlan   = plan{sekretaris, "Sekretaris Kominfo", "DISKOMINFO", "DISKOMINFO-SEKRETARIAT", kominfoHead, 1, domain.SkpProposed, false, true, "", "2026-01-01", "2026-12-31"}
	nursePlan  = plan{nurse, "Rina Perawat", "DINKES", "DINKES", dinkesHead, 1, domain.SkpApproved, true, true, domain.Terampil, "2026-01-01", "2026-12-31"}
)

// reportSuite is the fixture city with the SKPs above, their ratings and feedback, and
// DISKOMINFO rated Baik.
func reportSuite(t *testing.T, engine testenv.Engine) suite {
	t.Helper()
	s := newSuite(t, newEnv(t, engine, reportPeople()...), at("2026-07-20", 9, 0))
	s.openYear(t)
	s.setOrganisation(t, "DISKOMINFO", domain.OrgBaik)
	s.putSkps(t, headPlan, kabidPlan, staff1Plan, staff2Old, staff3Plan, sekrPlan, nursePlan)
	s.putSkps(t, staff2New)
	s.ratePeriods(t, headPlan, "q1", "q2")
	s.ratePeriods(t, kabidPlan, "q1")
	s.ratePeriods(t, staff1Plan, "q1", "q2")
	s.ratePeriods(t, staff2Old, "q1")
	s.ratePeriods(t, nursePlan, "q1", "q2")
	s.rateYear(t, staff1Plan, domain.Baik, domain.AnnualAcknowledged)
	s.rateYear(t, staff2Old, domain.SangatBaik, domain.AnnualDecided)
	s.rateYear(t, staff2New, domain.Baik, domain.AnnualFinalised)
	s.rateYear(t, nursePlan, domain.Kurang, domain.AnnualObjected)
	// q3 (July on): kabid gives staff1 two feedback entries and a dialogue, staff1 replies;
	// the DINKES head records a dialogue with the nurse. Earlier entries do not count in q3.
	s.feedbackEntry(t, "f1", staff1Plan, "feedback", kabid, at("2026-07-01", 0, 0))
	s.feedbackEntry(t, "f2", staff1Plan, "feedback", kabid, at("2026-07-10", 10, 0))
	s.feedbackEntry(t, "f3", staff1Plan, "dialogue", kabid, at("2026-07-15", 10, 0))
	s.feedbackEntry(t, "f4", staff1Plan, "reply", staff1, at("2026-07-15", 11, 0))
	s.feedbackEntry(t, "f5", staff1Plan, "feedback", kabid, at("2026-06-30", 23, 59))
	s.feedbackEntry(t, "f6", nursePlan, "dialogue", dinkesHead, at("2026-07-02", 9, 0))
	s.feedbackEntry(t, "f7", staff2Old, "feedback", kabid, at("2026-05-02", 9, 0))
	return s
}
