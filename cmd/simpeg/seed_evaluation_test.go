package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/cmd/simpeg/internal/seed"
	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/testenv"
)

// seedEvaluationAgencies are the agencies of the demo loaded for the evaluation seed's test
// (with SETDA, which seedSubset adds, whose head tops every tree): an Istimewa agency, a Butuh
// Perbaikan one and a Baik one.
var seedEvaluationAgencies = []string{"BKPSDM", "SETWAN", "DISKOMINFO"}

// TestSeedDemoEvaluation loads the evaluation demo into the suite on both engines for part of
// the data set, checks it through the API — every employee's SKP, the cascade whole in every
// agency, the organisation predicates labelled illustrative, period ratings, and (from 1
// December, when finalisation is open) every agency's spread within its bound and the two
// objections decided — then loads it again, which writes nothing.
func TestSeedDemoEvaluation(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := startSuite(t, engine)
		cityHR := s.token(t, auth.RoleCityHR, "", "bkpsdm")
		ctx := context.Background()
		ds := seedSubset(seed.Generate(2026), seedEvaluationAgencies...)
		start := time.Now()
		if _, err := seed.Load(ctx, seed.LoadOptions{BaseURL: s.base, Token: cityHR, Dataset: ds}); err != nil {
			t.Fatalf("loading the registry: %v", err)
		}
		t.Logf("%s: %d employees loaded in %s", engine, len(ds.Employees), time.Since(start).Round(time.Millisecond))
		opts := seed.EvaluationOptions{BaseURL: s.base, Token: cityHR, Signer: s.signer, Dataset: ds}

		st, err := seed.LoadEvaluation(ctx, opts)
		if err != nil {
			t.Fatalf("loading the evaluation demo: %v", err)
		}
		var report strings.Builder
		st.Report(&report)
		t.Logf("%s: the evaluation demo took %s:\n%s", engine, st.Duration.Round(time.Millisecond), report.String())
		now := time.Now().In(wib)
		december := now.Month() == time.December
		n := len(ds.Employees)
		if st.YearOpened != 1 || st.OrganisationSet != 1+len(seedEvaluationAgencies) || st.SkpsCreated != n || st.Approved < n*97/100 ||
			st.Proposed < st.Approved || st.Returned == 0 && n > 500 || st.Feedback == 0 || st.PeerForms != 20 || st.PeerSubmitted != 14 {
			t.Errorf("the first load: %+v; want the year, %d predicates, %d SKPs nearly all approved, feedback and peer input", st, 1+len(seedEvaluationAgencies), n)
		}
		if now.Month() > time.March && (st.PeriodRatings < st.Approved || st.Realisations == 0) {
			t.Errorf("after q1 ended: %d period ratings of %d approved SKPs, %d realisations; want the ended periods rated and realised", st.PeriodRatings, st.Approved, st.Realisations)
		}
		switch {
		case december && (st.AnnualFinalised < n/2 || st.AnnualRefused != 0 || st.ObjectionsFiled != 2 || st.Decided != 2 || st.Acknowledged == 0):
			t.Errorf("in December: %+v; want half or more finalised, none refused, two objections decided, some acknowledged", st)
		case !december && !strings.Contains(strings.Join(st.Skipped, "; "), "1 December"):
			t.Errorf("before December: skipped %v; want the annual ratings left out, saying why", st.Skipped)
		}
		checkSeededEvaluation(t, s, cityHR, now.Year(), december)
		audit := string(s.do(t, "GET", "/v1/evaluation/auditRecords?pageSize=1", cityHR, nil).want(t, 200).raw)

		st, err = seed.LoadEvaluation(ctx, opts)
		if err != nil {
			t.Fatalf("again: %v", err)
		}
		t.Logf("%s: the evaluation demo again took %s: %v", engine, st.Duration.Round(time.Millisecond), st.Phases)
		made := st.YearOpened + st.OrganisationSet + st.SkpsCreated + st.Proposed + st.Returned + st.Approved + st.Realisations + st.Feedback +
			st.Replies + st.Dialogues + st.PeerForms + st.PeerSubmitted + st.PeriodRatings + st.AnnualFinalised + st.Acknowledged + st.ObjectionsFiled + st.Decided
		if made != 0 || st.SkpsPresent != n || st.YearPresent != 1 {
			t.Errorf("loading again: %+v; want nothing new, everything found", st)
		}
		if again := string(s.do(t, "GET", "/v1/evaluation/auditRecords?pageSize=1", cityHR, nil).want(t, 200).raw); again != audit {
			t.Errorf("loading again moved the evaluation audit trail:\nbefore %.400s\nafter  %.400s", audit, again)
		}
	})
}

// checkSeededEvaluation checks the evaluation demo through the API.
func checkSeededEvaluation(t *testing.T, s *suite, token string, year int, december bool) {
	t.Helper()
	var orgs struct {
		OrganisationRatings []struct{ Agency, Predicate, Note string }
	}
	decodeJSON(t, string(s.do(t, "GET", fmt.Sprintf("/v1/periods/%d/organisationRatings", year), token, nil).want(t, 200).raw), &orgs)
	predicates := map[string]string{}
	for _, o := range orgs.OrganisationRatings {
		predicates[o.Agency] = o.Predicate
		if !strings.HasPrefix(o.Note, "Data contoh (ilustrasi)") {
			t.Errorf("%s's organisation predicate note %q does not say it is illustrative", o.Agency, o.Note)
		}
	}
	if predicates["BKPSDM"] != "ORGANISATION_PREDICATE_ISTIMEWA" || predicates["SETWAN"] != "ORGANISATION_PREDICATE_BUTUH_PERBAIKAN" || predicates["DISKOMINFO"] != "ORGANISATION_PREDICATE_BAIK" {
		t.Errorf("organisation predicates %v; want BKPSDM Istimewa, SETWAN Butuh Perbaikan, DISKOMINFO Baik", predicates)
	}

	for _, agency := range append([]string{"SETDA"}, seedEvaluationAgencies...) {
		var cascade struct {
			SkpsChecked, ResultsChecked int
			Breaks                      []struct{ Skp, ResultID, Reason string }
		}
		decodeJSON(t, string(s.do(t, "GET", fmt.Sprintf("/v1/periods/%d/cascades/%s", year, agency), token, nil).want(t, 200).raw), &cascade)
		if cascade.SkpsChecked < 100 || cascade.ResultsChecked < 2*cascade.SkpsChecked || len(cascade.Breaks) != 0 {
			t.Errorf("%s's cascade: %d SKPs, %d results checked, breaks %v; want a whole tree", agency, cascade.SkpsChecked, cascade.ResultsChecked, cascade.Breaks)
		}
		if !december {
			continue
		}
		var dist struct {
			Distribution struct {
				Population, Rated int
				Counts            []struct {
					Predicate string
					Count     int
				}
				Bounds []struct {
					Description string
					Satisfied   bool
					Limit       int
					Current     int
				}
			}
		}
		decodeJSON(t, string(s.do(t, "GET", fmt.Sprintf("/v1/periods/%d/distributions/%s", year, agency), token, nil).want(t, 200).raw), &dist)
		d := dist.Distribution
		if d.Rated < d.Population/2 || d.Rated > d.Population*3/4+1 || len(d.Bounds) == 0 {
			t.Errorf("%s's distribution: %d of %d rated, bounds %v; want about three in five rated against the bounds", agency, d.Rated, d.Population, d.Bounds)
		}
		for _, b := range d.Bounds {
			if !b.Satisfied {
				t.Errorf("%s's bound %q: %d against %d; want it kept", agency, b.Description, b.Current, b.Limit)
			}
		}
		counts := map[string]int{}
		for _, c := range d.Counts {
			counts[c.Predicate] = c.Count
		}
		if predicates[agency] == "ORGANISATION_PREDICATE_BAIK" && (counts["PREDICATE_BAIK"] < d.Rated/2 || counts["PREDICATE_SANGAT_BAIK"] == 0 || counts["PREDICATE_BUTUH_PERBAIKAN"]+counts["PREDICATE_KURANG"] == 0) {
			t.Errorf("%s's spread %v of %d rated; want Baik the bulk, some Sangat Baik, a few below", agency, counts, d.Rated)
		}
	}
}
