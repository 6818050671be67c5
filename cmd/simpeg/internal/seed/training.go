package seed

// The training part of the demo (issue 10 §8): a catalogue with ICT programmes, sessions with
// enrolments, completions and certificates, external training, two university partners with an
// internship cohort, development plans and competency assessments. It is loaded through the
// training service's REST API like the rest of the demo, after the registry, and is safe to
// load again: what is found already (by id, number, name, place, employee or date) is left as it
// is and only unfinished steps are taken on.
//
// The demo's past classes are recorded as held (the service's held sessions: created after they
// ended, their participants nominated by HR): LoadTraining creates them on their days in the
// months before today, in office hours, fills them, records their days' attendance and the
// outcomes (mostly passed, a few failed or not finished) and closes them. Their JP counts in
// the year each ended. The rest of the past — external training, the internship cohort,
// assessments — carries its own dates.
//
// --no-history (TrainingOptions.NoHistory) leaves out what stands for the past: the held
// classes with their outcomes and certificates, HR's decisions on external training, and the
// cohort's logbooks and final assessment. The catalogue, the classes to come with their
// enrolments and waitlist, external training awaiting HR, partners, agreements, the cohort with
// its placements, the plans and the assessments are loaded either way.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/simpeg-id/simpeg/platform/auth"
)

// DefaultTrainingConcurrency is the number of training requests in flight when not told.
const DefaultTrainingConcurrency = 8

// TrainingOptions says where and how to load the training demo.
type TrainingOptions struct {
	// BaseURL is the gateway's address, e.g. "http://localhost:8080". Required.
	BaseURL string
	// Token is a city HR bearer token. Required.
	Token string
	// Signer signs the employees' and supervisors' own tokens (an employee asks for a seat,
	// records external training and writes a logbook; a supervisor approves; a mentor reviews).
	// Without one, the parts that need them are left out and TrainingStats says so.
	Signer *auth.Signer
	// Dataset is the data set loaded with Load. Required.
	Dataset *Dataset
	// NoHistory leaves out the held classes, HR's decisions on external training and the
	// cohort's logbooks and assessment (see the package's training notes).
	NoHistory bool
	// Progress receives the progress lines; nil means silent.
	Progress io.Writer
	// Concurrency is the number of requests in flight; DefaultTrainingConcurrency when zero.
	Concurrency int
	// Now is the moment the demo is built for; the current time when zero. The service checks
	// dates against its own clock, so against a running service it must be about now.
	Now time.Time
	// HTTPClient sends the requests; when nil, a keep-alive client of its own is used.
	HTTPClient *http.Client
}

// TrainingStats counts what LoadTraining did. "Present" counts are things found already there
// (an earlier run) and left as they are.
type TrainingStats struct {
	ProgrammesCreated, ProgrammesPresent int
	PartnersCreated, PartnersPresent     int
	AgreementsCreated, AgreementsPresent int
	SessionsCreated, SessionsPresent     int
	// EnrolmentsCreated counts nominations and requests made; Approved the requests approved.
	EnrolmentsCreated, EnrolmentsPresent, Approved int
	// SessionsHeld counts the held classes recorded (of SessionsCreated); Outcomes the outcomes recorded;
	// Certificates the certificates those issued; SessionsClosed the classes completed.
	SessionsHeld, Outcomes, Certificates, SessionsClosed int
	ExternalCreated, ExternalPresent, ExternalDecided    int
	CohortsCreated, CohortsPresent                       int
	PlacementsCreated, PlacementsPresent                 int
	LogbookCreated, LogbookPresent, LogbookReviewed      int
	PlacementsAssessed                                   int
	PlansCreated, PlansPresent                           int
	AssessmentsCreated, AssessmentsPresent               int
	AssessmentsVerified                                  int
	// Skipped says what was left out and why, e.g. "held classes: --no-history".
	Skipped []string
	// Phases are the parts loaded with the time each took, in order.
	Phases []TrainingPhase
	// Duration is the wall time of the load.
	Duration time.Duration
}

// TrainingPhase is one part of the training demo and the time it took.
type TrainingPhase struct {
	Name     string
	Duration time.Duration
}

// Report writes what the stats count as a few lines for the seed's user.
func (st TrainingStats) Report(w io.Writer) {
	fmt.Fprintf(w, "%d programmes created, %d already present; %d partners and %d agreements created, %d and %d already present\n",
		st.ProgrammesCreated, st.ProgrammesPresent, st.PartnersCreated, st.AgreementsCreated, st.PartnersPresent, st.AgreementsPresent)
	fmt.Fprintf(w, "%d sessions created, %d already present; %d enrolments made, %d already present, %d requests approved\n",
		st.SessionsCreated, st.SessionsPresent, st.EnrolmentsCreated, st.EnrolmentsPresent, st.Approved)
	if st.SessionsHeld+st.Outcomes+st.SessionsClosed > 0 {
		fmt.Fprintf(w, "%d classes recorded as held in the months before, %d outcomes recorded, %d certificates issued, %d classes closed\n",
			st.SessionsHeld, st.Outcomes, st.Certificates, st.SessionsClosed)
	}
	fmt.Fprintf(w, "%d external trainings recorded, %d already present, %d decided by HR; %d cohorts, %d placements, %d logbook entries (%d reviewed) made, %d placements assessed\n",
		st.ExternalCreated, st.ExternalPresent, st.ExternalDecided, st.CohortsCreated, st.PlacementsCreated, st.LogbookCreated, st.LogbookReviewed, st.PlacementsAssessed)
	fmt.Fprintf(w, "%d development plans and %d competency assessments made, %d and %d already present\n",
		st.PlansCreated, st.AssessmentsCreated, st.PlansPresent, st.AssessmentsPresent)
	for _, s := range st.Skipped {
		fmt.Fprintf(w, "left out: %s\n", s)
	}
	var phases []string
	for _, p := range st.Phases {
		phases = append(phases, p.Name+" "+p.Duration.Round(time.Millisecond).String())
	}
	fmt.Fprintf(w, "training demo loaded in %s (%s)\n", st.Duration.Round(time.Millisecond), strings.Join(phases, ", "))
}

// LoadTraining loads the training demo for opts.Dataset, which must already be loaded with
// Load: partners and agreements, the catalogue, sessions and enrolments, the held classes
// (unless opts.NoHistory), external training, the internship cohort, development plans and
// assessments, in that order. It first waits (up to two minutes) for the training service's copy
// of the directory to hold the employees it names. On error the returned stats count what was
// done until then.
func LoadTraining(ctx context.Context, opts TrainingOptions) (TrainingStats, error) {
	start := time.Now()
	if opts.Dataset == nil {
		return TrainingStats{}, errors.New("seed: no data set to load training for")
	}
	workers := opts.Concurrency
	switch {
	case workers < 0:
		return TrainingStats{}, fmt.Errorf("seed: concurrency %d is negative", workers)
	case workers == 0:
		workers = DefaultTrainingConcurrency
	}
	l, err := newLoader(LoadOptions{BaseURL: opts.BaseURL, Token: opts.Token, Dataset: opts.Dataset,
		Progress: opts.Progress, Concurrency: workers, HTTPClient: opts.HTTPClient})
	if err != nil {
		return TrainingStats{}, err
	}
	defer l.close()
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	t := &trainingLoader{loader: l, signer: opts.Signer, now: now.In(wib), noHistory: opts.NoHistory,
		plan: newTrainingPlan(opts.Dataset, now), tokens: map[string]string{}}
	err = t.run(ctx)
	t.st.Duration = time.Since(start)
	return t.st, err
}

// trainingLoader is the state of one LoadTraining.
type trainingLoader struct {
	*loader
	signer    *auth.Signer
	now       time.Time // in WIB
	noHistory bool
	plan      trainingPlan

	mu     sync.Mutex // guards st and tokens
	st     TrainingStats
	tokens map[string]string // role/NIP → bearer
	// sessions are the plan's sessions as loadSessions found or made them, for hold.
	sessions []*demoSession
}

// run loads the parts in order, timing each.
func (t *trainingLoader) run(ctx context.Context) error {
	if t.signer == nil {
		t.skip("enrolment requests, the held classes, logbooks and self-assessments: no signing key for the employees' own tokens")
	}
	if t.noHistory {
		t.skip("held classes, HR's decisions on external training, logbooks and the final assessment: --no-history")
	}
	parts := []struct {
		name string
		load func(context.Context) error
	}{
		{"directory", t.waitDirectory}, {"partners", t.loadPartners}, {"programmes", t.loadProgrammes},
		{"sessions", t.loadSessions}, {"held classes", t.hold}, {"external training", t.loadExternal}, {"internship", t.loadCohort},
		{"plans", t.loadPlans}, {"assessments", t.loadAssessments},
	}
	for _, p := range parts {
		start := time.Now()
		err := p.load(ctx)
		t.count(func(st *TrainingStats) { st.Phases = append(st.Phases, TrainingPhase{p.name, time.Since(start)}) })
		if err != nil {
			return err
		}
	}
	return nil
}

// skip records a part left out.
func (t *trainingLoader) skip(why string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.st.Skipped = append(t.st.Skipped, why)
}

// count updates the stats under the lock.
func (t *trainingLoader) count(f func(st *TrainingStats)) {
	t.mu.Lock()
	defer t.mu.Unlock()
	f(&t.st)
}

// token returns a bearer token of nip with role in agency, made once per run.
func (t *trainingLoader) token(role auth.Role, nip, agency string) (string, error) {
	key := string(role) + "/" + nip
	t.mu.Lock()
	defer t.mu.Unlock()
	if tok, ok := t.tokens[key]; ok {
		return tok, nil
	}
	if t.signer == nil {
		return "", fmt.Errorf("seed: no signing key for the token of %s %s", role, nip)
	}
	tok, err := t.signer.Issue(auth.Principal{Subject: nip, Roles: []auth.Role{role}, Agency: agency}, time.Hour)
	if err != nil {
		return "", fmt.Errorf("seed: minting the token of %s %s: %w", role, nip, err)
	}
	t.tokens[key] = tok
	return tok, nil
}

// callJSON makes r and decodes the JSON answer into out (when not nil).
func (t *trainingLoader) callJSON(ctx context.Context, r request, out any) error {
	_, body, err := t.send(ctx, r)
	if err != nil {
		return err
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(body, out); err != nil {
		return fmt.Errorf("seed: %s: decode the answer: %w", r.what, err)
	}
	return nil
}

// postNew posts body to path as bearer (city HR when empty) and reports whether it was created
// (false: 409, already there); out receives the created record. A record the service names
// itself carries an idempotency key from the content, so a retry after a lost answer creates
// nothing twice; one named by the caller (a programme's id, an agreement's number, an agency's
// plan of a year) needs none, and goes without, so that a run finding it answers 409 rather
// than the first run's answer replayed.
func (t *trainingLoader) postNew(ctx context.Context, what, path string, body []byte, bearer string, out any) (bool, error) {
	return t.post1(ctx, what, path, body, bearer, out, idempotencyKey(path, []byte(bearer), body))
}

// postNamed is postNew for a record named by the caller: no idempotency key.
func (t *trainingLoader) postNamed(ctx context.Context, what, path string, body []byte) (bool, error) {
	return t.post1(ctx, what, path, body, "", nil, "")
}

// post1 makes postNew's request with key.
func (t *trainingLoader) post1(ctx context.Context, what, path string, body []byte, bearer string, out any, key string) (bool, error) {
	status, resp, err := t.send(ctx, request{method: http.MethodPost, what: what, path: path, body: body,
		key: key, bearer: bearer, allowConflict: true})
	if err != nil {
		return false, err
	}
	if status == http.StatusConflict {
		return false, nil
	}
	if out != nil {
		if err := json.Unmarshal(resp, out); err != nil {
			return true, fmt.Errorf("seed: %s: decode the answer: %w", what, err)
		}
	}
	return true, nil
}

// listAll reads every page of a list as city HR: path with its query, the list's JSON field.
func listAll[T any](ctx context.Context, t *trainingLoader, what, path, field string) ([]T, error) {
	var out []T
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	for token := ""; ; {
		p := path + sep + "pageSize=1000"
		if token != "" {
			p += "&pageToken=" + url.QueryEscape(token)
		}
		var page map[string]json.RawMessage
		if err := t.callJSON(ctx, request{method: http.MethodGet, what: what, path: p}, &page); err != nil {
			return nil, err
		}
		if raw, ok := page[field]; ok {
			var items []T
			if err := json.Unmarshal(raw, &items); err != nil {
				return nil, fmt.Errorf("seed: %s: decode %s: %w", what, field, err)
			}
			out = append(out, items...)
		}
		token = ""
		if raw, ok := page["nextPageToken"]; ok {
			_ = json.Unmarshal(raw, &token)
		}
		if token == "" {
			return out, nil
		}
	}
}

// waitDirectory waits until the training service's copy of the directory holds every employee
// of the agencies the plan names, as planning's events reach it after the registry is loaded:
// the JP list of each agency counts them all.
func (t *trainingLoader) waitDirectory(ctx context.Context) error {
	want := map[string]int{}
	for _, e := range t.d.Employees {
		want[e.GetAgency()]++
	}
	deadline := time.Now().Add(directoryWait)
	for _, agency := range t.plan.Agencies {
		for {
			var page struct {
				Totals struct {
					Employees int `json:"employees"`
				} `json:"totals"`
			}
			path := "/v1/employeeJp?pageSize=1&agency=" + url.QueryEscape(agency)
			if err := t.callJSON(ctx, request{method: http.MethodGet, what: "count " + agency + "'s employees in training", path: path}, &page); err != nil {
				return err
			}
			if page.Totals.Employees >= want[agency] {
				break
			}
			if time.Now().After(deadline) {
				return fmt.Errorf("seed: the training service knows %d of %s's %d employees after %s: its copy of the directory is not catching up with planning",
					page.Totals.Employees, agency, want[agency], directoryWait)
			}
			tm := time.NewTimer(directoryPoll)
			select {
			case <-ctx.Done():
				tm.Stop()
				return ctx.Err()
			case <-tm.C:
			}
		}
	}
	return nil
}

// loadPartners registers the partners and their agreements (city HR).
func (t *trainingLoader) loadPartners(ctx context.Context) error {
	t.prog.begin("partners", len(t.plan.Partners))
	defer t.prog.end()
	for _, p := range t.plan.Partners {
		body := jsonBody(map[string]any{"displayName": p.Name, "kind": p.Kind, "address": p.Address, "contact": p.Contact})
		path := "/v1/partners?partnerId=" + url.QueryEscape(p.ID)
		created, err := t.postNamed(ctx, "register partner "+p.ID, path, body)
		if err != nil {
			return err
		}
		t.count(func(st *TrainingStats) { tally(created, &st.PartnersCreated, &st.PartnersPresent) })
		for _, a := range p.Agreements {
			body := jsonBody(map[string]any{"number": a.Number, "title": a.Title, "scope": a.Scope,
				"startDate": date(a.Start), "endDate": date(a.End), "contact": a.Contact})
			created, err := t.postNamed(ctx, "record agreement "+a.Number, "/v1/partners/"+p.ID+"/agreements", body)
			if err != nil {
				return err
			}
			t.count(func(st *TrainingStats) { tally(created, &st.AgreementsCreated, &st.AgreementsPresent) })
		}
		t.prog.add(1)
	}
	return nil
}

// tally adds one to created or to present.
func tally(created bool, c, present *int) {
	if created {
		*c++
	} else {
		*present++
	}
}

// loadProgrammes creates the catalogue (city HR).
func (t *trainingLoader) loadProgrammes(ctx context.Context) error {
	ps := t.plan.Programmes
	t.prog.begin("programmes", len(ps))
	defer t.prog.end()
	return t.parallel(ctx, len(ps), func(ctx context.Context, i int) error {
		p := ps[i]
		body := jsonBody(p)
		created, err := t.postNamed(ctx, "create programme "+p.ID, "/v1/programmes?programmeId="+url.QueryEscape(p.ID), body)
		if err != nil {
			return err
		}
		t.count(func(st *TrainingStats) { tally(created, &st.ProgrammesCreated, &st.ProgrammesPresent) })
		t.prog.add(1)
		return nil
	})
}
