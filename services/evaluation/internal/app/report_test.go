package app_test

import (
	"context"
	"encoding/csv"
	"reflect"
	"strings"
	"testing"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/testenv"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/app"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
)

// The reports on the fixture of report_fixtures_test.go, with its figures counted by hand.

// service is a service client with scope evaluation.read: it reads like an auditor.
var service = testenv.As(context.Background(), auth.RoleService, "", "portal-reports")

func TestSkpCompletionReport(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := reportSuite(t, engine)
		r, err := s.app.GetSkpCompletionReport(cityHR, 2026, "", 0, "")
		if err != nil {
			t.Fatal(err)
		}
		want := []app.CompletionRow{
			{Agency: "DINKES", Employees: 2, WithoutSkp: 1, Approved: 1, AnnualFinalised: 1},
			// 7 active (the retiree not); staff4 has none; head, kabid, staff1, staff2's second
			// approved; staff3 draft; sekretaris proposed; q2 of kabid and of both of staff2's.
			{Agency: "DISKOMINFO", Employees: 7, WithoutSkp: 1, Draft: 1, Proposed: 1, Approved: 4, RatingsOverdue: 3, AnnualFinalised: 2},
		}
		if r.AsOf != "2026-07-20" || !reflect.DeepEqual(r.Agencies, want) {
			t.Fatalf("as of %s:\n got %+v\nwant %+v", r.AsOf, r.Agencies, want)
		}
		type line struct{ agency, employee, issue, skp, state, appraiser, period, due string }
		wantLines := []line{
			{"DINKES", dinkesHead, "no_skp", "", "", "", "", ""},
			{"DISKOMINFO", kabid, "rating_overdue", kabidPlan.id(), "approved", kominfoHead, "q2", "2026-07-14"},
			{"DISKOMINFO", sekretaris, "not_approved", sekrPlan.id(), "proposed", kominfoHead, "", ""},
			{"DISKOMINFO", staff2, "rating_overdue", staff2Old.id(), "closed", kabid, "q2", "2026-07-14"},
			{"DISKOMINFO", staff2, "rating_overdue", staff2New.id(), "approved", sekretaris, "q2", "2026-07-14"},
			{"DISKOMINFO", staff3, "not_approved", staff3Plan.id(), "draft", kabid, "", ""},
			{"DISKOMINFO", staff4, "no_skp", "", "", kabid, "", ""},
		}
		// Pages of 3: the lines in order, then no token.
		var got []line
		token := ""
		for page := 0; ; page++ {
			r, err := s.app.GetSkpCompletionReport(auditor, 2026, "", 3, token)
			if err != nil {
				t.Fatal(err)
			}
			for _, l := range r.Lines {
				got = append(got, line{l.Agency, l.Employee, string(l.Issue), l.Skp, string(l.State), l.Appraiser, l.Period, l.DueDate})
			}
			if token = r.NextPageToken; token == "" {
				if page != 2 {
					t.Fatalf("%d pages, want 3", page+1)
				}
				break
			}
		}
		if !reflect.DeepEqual(got, wantLines) {
			t.Fatalf("lines:\n got %+v\nwant %+v", got, wantLines)
		}
		// Agency HR see their agency's row and lines only.
		r, err = s.app.GetSkpCompletionReport(kominfoHR, 2026, "", 0, "")
		if err != nil || len(r.Agencies) != 1 || r.Agencies[0] != want[1] || len(r.Lines) != 6 {
			t.Fatalf("agency HR: %+v, %d lines, %v", r.Agencies, len(r.Lines), err)
		}
		// The day q3's rating falls due nothing more is overdue; the day after, every SKP in
		// force in q3 without it is (head, kabid, staff1, staff2's second and the nurse).
		s.clock.set(at("2026-10-14", 12, 0))
		if r, _ := s.app.GetSkpCompletionReport(cityHR, 2026, "DISKOMINFO", 0, ""); r.Agencies[0].RatingsOverdue != 3 {
			t.Fatalf("on q3's due day: %+v", r.Agencies[0])
		}
		s.clock.set(at("2026-10-15", 12, 0))
		r, err = s.app.GetSkpCompletionReport(cityHR, 2026, "", 0, "")
		if err != nil || r.Agencies[0].RatingsOverdue != 1 || r.Agencies[1].RatingsOverdue != 7 {
			t.Fatalf("after q3's due day: %+v, %v", r.Agencies, err)
		}
	})
}

func TestSkpCompletionCSV(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := reportSuite(t, engine)
		data, err := s.app.ExportSkpCompletionReport(kominfoHR, 2026, "DISKOMINFO")
		if err != nil {
			t.Fatal(err)
		}
		recs := readCSV(t, data)
		wantHeader := []string{"agency", "employee", "employee_name", "issue", "skp", "state", "appraiser", "period", "due_date"}
		if len(recs) != 7 || !reflect.DeepEqual(recs[0], wantHeader) {
			t.Fatalf("%d records, header %v", len(recs), recs[0])
		}
		if want := []string{"DISKOMINFO", kabid, "Kabid Aplikasi", "rating_overdue", "skps/" + kabidPlan.id(), "approved", kominfoHead, "q2", "2026-07-14"}; !reflect.DeepEqual(recs[1], want) {
			t.Fatalf("first line %v, want %v", recs[1], want)
		}
	})
}

func TestPredicateDistributionReport(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := reportSuite(t, engine)
		r, err := s.app.GetPredicateDistributionReport(auditor, 2026, "", true)
		if err != nil {
			t.Fatal(err)
		}
		type row struct {
			agency, unit string
			org          domain.OrganisationPredicate
			population   int
			rated        int
			counts       map[domain.Predicate]int
			bounds       int
		}
		// DISKOMINFO's population: the latest approved SKPs (head, kabid, staff1, staff2's
		// second); staff2's first, closed, Sangat Baik does not count. DINKES has no predicate
		// set, so no bounds.
		want := []row{
			{"DINKES", "", "", 1, 1, map[domain.Predicate]int{domain.Kurang: 1}, 0},
			{"DINKES", "DINKES", "", 1, 1, map[domain.Predicate]int{domain.Kurang: 1}, 0},
			{"DISKOMINFO", "", domain.OrgBaik, 4, 2, map[domain.Predicate]int{domain.Baik: 2}, 2},
			{"DISKOMINFO", "DISKOMINFO", domain.OrgBaik, 1, 0, map[domain.Predicate]int{}, 0},
			{"DISKOMINFO", "DISKOMINFO-APTIKA", domain.OrgBaik, 2, 1, map[domain.Predicate]int{domain.Baik: 1}, 0},
			{"DISKOMINFO", "DISKOMINFO-SEKRETARIAT", domain.OrgBaik, 1, 1, map[domain.Predicate]int{domain.Baik: 1}, 0},
		}
		var got []row
		for _, d := range r.Rows {
			counts := map[domain.Predicate]int{}
			for p, n := range d.Counts {
				if n > 0 {
					counts[p] = n
				}
			}
			got = append(got, row{d.Agency, d.Unit, d.Organisation, d.Population, d.Rated(), counts, len(d.Bounds)})
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("rows:\n got %+v\nwant %+v", got, want)
		}
		// A Baik agency of 4: at most 70 % Sangat Baik or Baik is 2 of 4, and 2 hold it; at
		// least 1 Butuh Perbaikan or Kurang is still reachable by the 2 not yet rated.
		b := r.Rows[2].Bounds
		if b[0].Limit != 2 || b[0].Current != 2 || !b[0].Satisfied || b[1].Limit != 1 || b[1].Current != 0 || !b[1].Satisfied {
			t.Fatalf("bounds %+v", b)
		}
		if c := r.City; c.Population != 5 || c.Rated() != 3 || c.Counts[domain.Baik] != 2 || c.Counts[domain.Kurang] != 1 || len(c.Bounds) != 0 {
			t.Fatalf("city %+v", c)
		}
		// One agency without units: its row only; the city is that agency.
		r, err = s.app.GetPredicateDistributionReport(dinkesHR, 2026, "", false)
		if err != nil || len(r.Rows) != 1 || r.Rows[0].Agency != "DINKES" || r.City.Population != 1 {
			t.Fatalf("agency HR: %+v, %v", r, err)
		}
		data, err := s.app.ExportPredicateDistributionReport(cityHR, 2026, "DISKOMINFO", false)
		if err != nil {
			t.Fatal(err)
		}
		recs := readCSV(t, data)
		wantCSV := [][]string{
			{"level", "agency", "unit", "organisation_predicate", "population", "rated", "sangat_baik", "baik", "butuh_perbaikan",
				"kurang", "sangat_kurang", "bounds", "bounds_satisfied"},
			{"agency", "DISKOMINFO", "", "baik", "4", "2", "0", "2", "0", "0", "0",
				"at most 70 % Sangat Baik or Baik: 2 of limit 2; at least 1 Butuh Perbaikan or Kurang: 0 of limit 1", "true"},
			{"city", "", "", "", "4", "2", "0", "2", "0", "0", "0", "", ""},
		}
		if !reflect.DeepEqual(recs, wantCSV) {
			t.Fatalf("CSV:\n got %q\nwant %q", recs, wantCSV)
		}
	})
}

func TestFeedbackActivityReport(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := reportSuite(t, engine)
		r, err := s.app.GetFeedbackActivityReport(service, 2026, "", "")
		if err != nil {
			t.Fatal(err)
		}
		// q3 runs on 20 July. In force in it with an appraiser: kabid's (the head's), staff1's
		// (kabid's), staff2's second (the sekretaris's) and the nurse's (the DINKES head's);
		// staff2's first ended in June, staff3's and the sekretaris's were never approved, the
		// head's is city HR's. Those who gave none come first.
		want := []app.FeedbackActivity{
			{Agency: "DISKOMINFO", Appraiser: kominfoHead, AppraiserName: "Atasan " + kominfoHead, SKPs: 1, SKPsWithout: 1},
			{Agency: "DISKOMINFO", Appraiser: sekretaris, AppraiserName: "Atasan " + sekretaris, SKPs: 1, SKPsWithout: 1},
			{Agency: "DINKES", Appraiser: dinkesHead, AppraiserName: "Atasan " + dinkesHead, SKPs: 1, Dialogues: 1},
			{Agency: "DISKOMINFO", Appraiser: kabid, AppraiserName: "Atasan " + kabid, SKPs: 1, Feedback: 2, Dialogues: 1},
		}
		if r.Period.ID != "q3" || !reflect.DeepEqual(r.Rows, want) {
			t.Fatalf("period %s:\n got %+v\nwant %+v", r.Period.ID, r.Rows, want)
		}
		// q2: kabid appraised staff1 and staff2's first (one entry in May on it, one on 30 June
		// at 23:59 Medan on staff1's), the sekretaris staff2's second from 16 June.
		r, err = s.app.GetFeedbackActivityReport(kominfoHR, 2026, "q2", "")
		if err != nil {
			t.Fatal(err)
		}
		wantQ2 := []app.FeedbackActivity{
			{Agency: "DISKOMINFO", Appraiser: kominfoHead, AppraiserName: "Atasan " + kominfoHead, SKPs: 1, SKPsWithout: 1},
			{Agency: "DISKOMINFO", Appraiser: sekretaris, AppraiserName: "Atasan " + sekretaris, SKPs: 1, SKPsWithout: 1},
			{Agency: "DISKOMINFO", Appraiser: kabid, AppraiserName: "Atasan " + kabid, SKPs: 2, Feedback: 2},
		}
		if !reflect.DeepEqual(r.Rows, wantQ2) {
			t.Fatalf("q2:\n got %+v\nwant %+v", r.Rows, wantQ2)
		}
		data, err := s.app.ExportFeedbackActivityReport(cityHR, 2026, "q3", "DINKES")
		if err != nil {
			t.Fatal(err)
		}
		wantCSV := [][]string{{"period", "agency", "appraiser", "appraiser_name", "skps", "feedback", "dialogues", "skps_without_feedback"},
			{"q3", "DINKES", dinkesHead, "Atasan " + dinkesHead, "1", "0", "1", "0"}}
		if recs := readCSV(t, data); !reflect.DeepEqual(recs, wantCSV) {
			t.Fatalf("CSV %q", recs)
		}
		_, err = s.app.GetFeedbackActivityReport(cityHR, 2026, "q5", "")
		testenv.WantKind(t, err, errs.Invalid, "period")
		_, err = s.app.GetFeedbackActivityReport(cityHR, 2027, "", "")
		testenv.WantKind(t, err, errs.NotFound, "")
	})
}

func TestCreditPointReport(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := reportSuite(t, engine)
		r, err := s.app.GetCreditPointReport(cityHR, 2026, "", "")
		if err != nil {
			t.Fatal(err)
		}
		// staff1: Ahli Pertama, Baik, the whole year: 12.5 (DOMAIN.md). staff2: Sangat Baik for
		// January to May and June's 15th (6 months) = 18.75 × 6/12 = 9.375, then Baik for July to
		// December = 6.25. The nurse's rating is under objection: not final, not listed.
		type line struct {
			skp    string
			pred   domain.Predicate
			pct    int
			months int
			points string
		}
		want := []line{
			{staff1Plan.id(), domain.Baik, 100, 12, "12.500"},
			{staff2Old.id(), domain.SangatBaik, 150, 6, "9.375"},
			{staff2New.id(), domain.Baik, 100, 6, "6.250"},
		}
		var got []line
		for _, l := range r.Lines {
			if l.Coefficient != 12.5 || l.Level != domain.AhliPertama {
				t.Fatalf("line %+v", l)
			}
			got = append(got, line{l.Skp, l.Predicate, l.Percent, l.Months, l.Points.String()})
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("lines:\n got %+v\nwant %+v", got, want)
		}
		wantTotals := []app.CreditTotal{
			{Employee: staff1, EmployeeName: "Andi Pranata", Agency: "DISKOMINFO", Points: 12500},
			{Employee: staff2, EmployeeName: "Siti Aminah", Agency: "DISKOMINFO", Points: 15625},
		}
		if !reflect.DeepEqual(r.Totals, wantTotals) {
			t.Fatalf("totals %+v", r.Totals)
		}
		// Once the objection is decided (upheld), the nurse's Kurang is final: Terampil 5 × 50 % = 2.5.
		s.exec(t, `UPDATE annual_ratings SET state = 'decided' WHERE skp = $1`, nursePlan.id())
		r, err = s.app.GetCreditPointReport(dinkesHR, 2026, "", nurse)
		if err != nil || len(r.Lines) != 1 || r.Totals[0].Points.String() != "2.500" {
			t.Fatalf("nurse: %+v, %v", r, err)
		}
		data, err := s.app.ExportCreditPointReport(kominfoHR, 2026, "")
		if err != nil {
			t.Fatal(err)
		}
		recs := readCSV(t, data)
		if len(recs) != 6 || !reflect.DeepEqual(recs[0], []string{"row", "agency", "employee", "employee_name", "skp", "level",
			"coefficient", "predicate", "percent", "months", "credit_points"}) {
			t.Fatalf("CSV %q", recs)
		}
		if want := []string{"line", "DISKOMINFO", staff2, "Siti Aminah", "skps/" + staff2Old.id(), "ahli_pertama", "12.5", "sangat_baik", "150", "6", "9.375"}; !reflect.DeepEqual(recs[2], want) {
			t.Fatalf("line %q", recs[2])
		}
		if want := []string{"total", "DISKOMINFO", staff2, "Siti Aminah", "", "", "", "", "", "", "15.625"}; !reflect.DeepEqual(recs[5], want) {
			t.Fatalf("total %q", recs[5])
		}
	})
}

// Who may read the reports: city HR, auditors and service clients any agency; agency HR their
// own (another agency refused); employees and supervisors none. A bad year is the caller's
// mistake, naming year; a year not open is not found where the report needs its periods.
func TestReportVisibility(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := reportSuite(t, engine)
		reports := map[string]func(ctx context.Context, year int, agency string) error{
			"completion": func(ctx context.Context, y int, a string) error {
				_, err := s.app.GetSkpCompletionReport(ctx, y, a, 0, "")
				return err
			},
			"completion CSV": func(ctx context.Context, y int, a string) error {
				_, err := s.app.ExportSkpCompletionReport(ctx, y, a)
				return err
			},
			"distribution": func(ctx context.Context, y int, a string) error {
				_, err := s.app.GetPredicateDistributionReport(ctx, y, a, true)
				return err
			},
			"distribution CSV": func(ctx context.Context, y int, a string) error {
				_, err := s.app.ExportPredicateDistributionReport(ctx, y, a, true)
				return err
			},
			"feedback": func(ctx context.Context, y int, a string) error {
				_, err := s.app.GetFeedbackActivityReport(ctx, y, "", a)
				return err
			},
			"feedback CSV": func(ctx context.Context, y int, a string) error {
				_, err := s.app.ExportFeedbackActivityReport(ctx, y, "", a)
				return err
			},
			"credit": func(ctx context.Context, y int, a string) error {
				_, err := s.app.GetCreditPointReport(ctx, y, a, "")
				return err
			},
			"credit CSV": func(ctx context.Context, y int, a string) error {
				_, err := s.app.ExportCreditPointReport(ctx, y, a)
				return err
			},
		}
		tests := []struct {
			name   string
			ctx    context.Context
			year   int
			agency string
			kind   errs.Kind // 0 when allowed
			field  string
		}{
			{"city HR, the city", cityHR, 2026, "", 0, ""},
			{"auditor, an agency", auditor, 2026, "DINKES", 0, ""},
			{"service client", service, 2026, "", 0, ""},
			{"agency HR, their own", kominfoHR, 2026, "DISKOMINFO", 0, ""},
			{"agency HR, another agency", kominfoHR, 2026, "DINKES", errs.PermissionDenied, ""},
			{"employee", employee(staff1, "DISKOMINFO"), 2026, "DISKOMINFO", errs.PermissionDenied, ""},
			{"supervisor", supervisor(kabid, "DISKOMINFO"), 2026, "", errs.PermissionDenied, ""},
			{"year out of range", cityHR, 1999, "", errs.Invalid, "year"},
		}
		for _, tt := range tests {
			for name, report := range reports {
				t.Run(tt.name+"/"+name, func(t *testing.T) {
					err := report(tt.ctx, tt.year, tt.agency)
					if tt.kind == 0 {
						if err != nil {
							t.Fatal(err)
						}
						return
					}
					testenv.WantKind(t, err, tt.kind, tt.field)
				})
			}
		}
		_, err := s.app.GetSkpCompletionReport(cityHR, 2026, "", 0, "not-a-token")
		testenv.WantKind(t, err, errs.Invalid, "page_token")
		_, err = s.app.GetSkpCompletionReport(cityHR, 2027, "", 0, "")
		testenv.WantKind(t, err, errs.NotFound, "")
	})
}

// readCSV parses an export.
func readCSV(t *testing.T, data []byte) [][]string {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(string(data))).ReadAll()
	if err != nil {
		t.Fatalf("%v in %s", err, data)
	}
	return recs
}
