package main

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/cmd/simpeg/internal/seed"
	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/testenv"
)

// seedTrainingAgencies are the agencies of the demo loaded for the training seed's test: those
// whose staff the demo's classes, cohort and plans name most, and two more for the classes to
// come and the external training (with SETDA, which seedSubset adds).
var seedTrainingAgencies = []string{"DISKOMINFO", "BKPSDM", "BAPPEDA", "INSPEKTORAT", "KEC-MEDAN-POLONIA", "KEC-MEDAN-BARU", "KEC-MEDAN-KOTA", "BPKAD", "DISDUKCAPIL"}

// TestSeedDemoTraining loads the training demo into the suite on both engines for part of the
// data set: first without history (the catalogue, classes to come with requests and a waitlist,
// external training awaiting HR, partners, the cohort's placements, plans and assessments; no
// class held, no JP earned), then with it (classes recorded as held in the months before, with
// outcomes and signed certificates, HR's decisions, logbooks and the final assessment), then
// again, which writes
// nothing. It checks the data through the API: the catalogue, a certificate verified without a
// token, the JP shortfall list short of 20 for some and not for others, Latsar done and
// flagged, the expiring agreement, the cohort report and the development plan.
func TestSeedDemoTraining(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := startSuite(t, engine)
		cityHR := s.token(t, auth.RoleCityHR, "", "bkpsdm")
		ctx := context.Background()
		ds := seedSubset(seed.Generate(2026), seedTrainingAgencies...)
		start := time.Now()
		if _, err := seed.Load(ctx, seed.LoadOptions{BaseURL: s.base, Token: cityHR, Dataset: ds}); err != nil {
			t.Fatalf("loading the registry: %v", err)
		}
		t.Logf("%s: %d employees loaded in %s", engine, len(ds.Employees), time.Since(start).Round(time.Millisecond))
		opts := seed.TrainingOptions{BaseURL: s.base, Token: cityHR, Signer: s.signer, Dataset: ds, NoHistory: true}

		st, err := seed.LoadTraining(ctx, opts)
		if err != nil {
			t.Fatalf("without history: %v", err)
		}
		t.Logf("%s: the training demo without history took %s: %v", engine, st.Duration.Round(time.Millisecond), st.Phases)
		if st.ProgrammesCreated != 12 || st.PartnersCreated != 2 || st.AgreementsCreated != 2 || st.SessionsCreated != 11 ||
			st.EnrolmentsCreated < 50 || st.Approved == 0 || st.SessionsHeld+st.Outcomes+st.Certificates+st.ExternalDecided+st.LogbookCreated+st.PlacementsAssessed != 0 ||
			st.CohortsCreated != 1 || st.PlacementsCreated < 6 || st.PlansCreated != 2 || st.AssessmentsCreated < 5 || st.ExternalCreated < 2 {
			t.Errorf("without history: %+v; want the catalogue, 11 classes to come filled, no class held, no HR decision, no logbook", st)
		}
		year := time.Now().In(wib).Year()
		jp := seedJP(t, s, cityHR, "DISKOMINFO", year)
		if jp.Totals.Earned != 0 || jp.Totals.Projected == 0 {
			t.Errorf("Diskominfo's JP without history: %+v; want none earned, some projected", jp.Totals)
		}

		opts.NoHistory = false
		st, err = seed.LoadTraining(ctx, opts)
		if err != nil {
			t.Fatalf("with history: %v", err)
		}
		t.Logf("%s: the training demo with history took %s: %v", engine, st.Duration.Round(time.Millisecond), st.Phases)
		held := st.SessionsHeld
		if st.ProgrammesPresent != 12 || st.SessionsPresent != 11 || held < 20 || st.SessionsCreated != held || st.SessionsClosed != held ||
			st.Outcomes < 100 || st.Certificates == 0 || st.ExternalDecided < 4 || st.LogbookCreated == 0 || st.LogbookReviewed == 0 || st.PlacementsAssessed != 1 {
			t.Errorf("with history: %+v; want the held classes (20 or more) with outcomes and certificates, HR's decisions, logbooks and one assessment added", st)
		}
		checkSeededTraining(t, s, cityHR, year)
		audit := string(s.do(t, "GET", "/v1/training/auditRecords?pageSize=1", cityHR, nil).want(t, 200).raw)

		st, err = seed.LoadTraining(ctx, opts)
		if err != nil {
			t.Fatalf("again: %v", err)
		}
		t.Logf("%s: the training demo again took %s: %v", engine, st.Duration.Round(time.Millisecond), st.Phases)
		made := st.ProgrammesCreated + st.PartnersCreated + st.AgreementsCreated + st.SessionsCreated + st.EnrolmentsCreated + st.Approved +
			st.SessionsHeld + st.Outcomes + st.SessionsClosed + st.ExternalCreated + st.ExternalDecided + st.CohortsCreated + st.PlacementsCreated +
			st.LogbookCreated + st.LogbookReviewed + st.PlacementsAssessed + st.PlansCreated + st.AssessmentsCreated + st.AssessmentsVerified
		if made != 0 || st.SessionsPresent != 11+held || st.ProgrammesPresent != 12 {
			t.Errorf("loading again: %+v; want nothing new, everything found", st)
		}
		if again := string(s.do(t, "GET", "/v1/training/auditRecords?pageSize=1", cityHR, nil).want(t, 200).raw); again != audit {
			t.Errorf("loading again moved the training audit trail:\nbefore %.400s\nafter  %.400s", audit, again)
		}
	})
}

// seedJPList is GET /v1/employeeJp's answer (int64 totals come as strings).
type seedJPList struct {
	Employees []struct {
		Employee          string
		Earned, Projected int
	}
	Totals struct {
		Employees, Short  int
		Earned, Projected int64 `json:",string"`
	}
}

// seedJP reads agency's whole JP list of year.
func seedJP(t *testing.T, s *suite, token, agency string, year int) seedJPList {
	t.Helper()
	var l seedJPList
	q := url.Values{"agency": {agency}, "year": {fmt.Sprint(year)}, "pageSize": {"5000"}}
	decodeJSON(t, string(s.do(t, "GET", "/v1/employeeJp?"+q.Encode(), token, nil).want(t, 200).raw), &l)
	return l
}

// checkSeededTraining checks the training demo with its history through the API.
func checkSeededTraining(t *testing.T, s *suite, token string, year int) {
	t.Helper()
	var programmes struct {
		Programmes []struct{ Name, Title, Description, Form string }
	}
	decodeJSON(t, string(s.do(t, "GET", "/v1/programmes?pageSize=100", token, nil).want(t, 200).raw), &programmes)
	ict := 0
	for _, p := range programmes.Programmes {
		if !strings.HasPrefix(p.Description, "Data contoh (ilustrasi)") {
			t.Errorf("programme %s's description %q does not say it is illustrative", p.Name, p.Description)
		}
		if strings.HasPrefix(p.Name, "programmes/tik-") {
			ict++
		}
	}
	if len(programmes.Programmes) != 12 || ict != 5 {
		t.Errorf("%d programmes, %d ICT ones; want 12 with 5 ICT", len(programmes.Programmes), ict)
	}

	// A certificate checks out without a token.
	var certs struct {
		Certificates []struct{ Number, Employee string }
	}
	decodeJSON(t, string(s.do(t, "GET", "/v1/certificates?agency=DISKOMINFO&pageSize=1000", token, nil).want(t, 200).raw), &certs)
	if len(certs.Certificates) < 20 {
		t.Fatalf("%d certificates of Diskominfo's staff; want those of the classes held", len(certs.Certificates))
	}
	c := certs.Certificates[0]
	var verified struct {
		Valid       bool
		Certificate struct{ Number, Employee string }
	}
	decodeJSON(t, string(s.do(t, "GET", "/v1/certificates:verify?number="+url.QueryEscape(c.Number), "", nil).want(t, 200).raw), &verified)
	if !verified.Valid || verified.Certificate.Employee != c.Employee {
		t.Errorf("certificate %s checked without a token: %+v; want valid, of %s", c.Number, verified, c.Employee)
	}

	// The JP shortfall: many short of 20 (some with JP on the way), some done.
	for _, agency := range []string{"DISKOMINFO", "BAPPEDA"} {
		l := seedJP(t, s, token, agency, year)
		var done, partial int
		for _, e := range l.Employees {
			switch {
			case e.Earned >= 20:
				done++
			case e.Earned > 0:
				partial++
			}
		}
		if l.Totals.Short == 0 || partial == 0 || done == 0 || l.Totals.Short >= l.Totals.Employees {
			t.Errorf("%s's JP list: %d employees, %d short, %d done, %d partly there; want a spread", agency, l.Totals.Employees, l.Totals.Short, done, partial)
		}
	}

	var latsar struct {
		Statuses []struct{ Employee, State string }
	}
	decodeJSON(t, string(s.do(t, "GET", "/v1/latsarStatus", token, nil).want(t, 200).raw), &latsar)
	states := map[string]int{}
	for _, x := range latsar.Statuses {
		states[x.State]++
	}
	if states["LATSAR_STATE_DONE"] == 0 || states["LATSAR_STATE_FLAGGED"] == 0 {
		t.Errorf("Latsar states %v; want some done and some flagged", states)
	}

	var expiring struct {
		Agreements []struct{ Name, State string }
	}
	decodeJSON(t, string(s.do(t, "GET", "/v1/partners/-/agreements?expiringWithinDays=90", token, nil).want(t, 200).raw), &expiring)
	if len(expiring.Agreements) != 1 || !strings.HasPrefix(expiring.Agreements[0].Name, "partners/polmed/") || expiring.Agreements[0].State != "AGREEMENT_STATE_EXPIRING" {
		t.Errorf("agreements expiring within 90 days: %+v; want the Polytechnic's", expiring.Agreements)
	}

	var cohorts struct {
		Cohorts []struct{ Name, DisplayName string }
	}
	decodeJSON(t, string(s.do(t, "GET", "/v1/cohorts", token, nil).want(t, 200).raw), &cohorts)
	if len(cohorts.Cohorts) != 1 {
		t.Fatalf("cohorts %+v; want one", cohorts.Cohorts)
	}
	var report struct {
		Rows []struct {
			Agency                                   string
			Quota, Placed, Completed, Passed         int
			LogbookReviewed, LogbookPending, Mentors int
		}
	}
	decodeJSON(t, string(s.do(t, "GET", "/v1/"+cohorts.Cohorts[0].Name+"/report", token, nil).want(t, 200).raw), &report)
	var agencies []string
	placed, passed, reviewed, pending := 0, 0, 0, 0
	for _, r := range report.Rows {
		agencies = append(agencies, r.Agency)
		placed += r.Placed
		passed += r.Passed
		reviewed += r.LogbookReviewed
		pending += r.LogbookPending
		if r.Placed > r.Quota || r.Mentors == 0 {
			t.Errorf("cohort report row %+v: want the quota kept and mentors", r)
		}
	}
	if !slices.Equal(agencies, []string{"BAPPEDA", "BKPSDM", "DISKOMINFO"}) || placed < 6 || passed != 1 || reviewed == 0 || pending == 0 {
		t.Errorf("cohort report %+v; want Bappeda, BKPSDM and Diskominfo with placements, one passed, logbooks reviewed and pending", report.Rows)
	}

	var plan struct {
		Lines       []struct{ Programme string }
		TotalBudget string
	}
	decodeJSON(t, string(s.do(t, "GET", fmt.Sprintf("/v1/agencies/DISKOMINFO/developmentPlans/%d", year), token, nil).want(t, 200).raw), &plan)
	if len(plan.Lines) != 4 || plan.TotalBudget == "" || plan.TotalBudget == "0" {
		t.Errorf("Diskominfo's plan: %+v; want 4 lines with a budget", plan)
	}

	// The class to come with more nominations than seats keeps a waitlist.
	var sessions struct {
		Sessions []struct {
			Place            string
			Capacity, Seated int
			Waitlisted       int
			State            string
		}
	}
	decodeJSON(t, string(s.do(t, "GET", "/v1/sessions?programme=programmes/tik-jaringan-komputer-dasar", token, nil).want(t, 200).raw), &sessions)
	var waitlisted, completed int
	for _, x := range sessions.Sessions {
		waitlisted += x.Waitlisted
		if x.State == "SESSION_STATE_COMPLETED" {
			completed++
		}
		if x.Seated > x.Capacity {
			t.Errorf("session %+v seats more than its capacity", x)
		}
	}
	if waitlisted != 3 || completed != 1 {
		t.Errorf("the network classes %+v; want one held and completed, one to come with 3 waitlisted", sessions.Sessions)
	}
}
