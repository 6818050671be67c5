package seed

// The evaluation part of the demo (issue 11 §6): a performance year of the city, loaded through
// the evaluation service's REST API like the rest of the demo, after the registry. City HR opens
// the current year (quarterly) and sets every agency's organisation predicate; every employee
// drafts an SKP, cascaded down the supervisor tree top-down — the agency head's results from
// the agency's plan, approved by city HR, every other SKP's from its appraiser's results,
// approved by the appraiser — then records realisation with evidence for the ended periods
// (a share), receives feedback and dialogues (a share), replies, and a handful receive peer
// input. Appraisers rate the ended periods; from 1 December the annual ratings of a share of
// every agency are finalised within its distribution bound, a share acknowledged, one objection
// upheld and one changed. The plan is evaluation_plan.go's; everything is illustrative.
//
// It is safe to load again: what is found already (the year, a predicate, an SKP in its
// stage, a realisation, a feedback entry by its text, a rating) is left as it is and only
// unfinished steps are taken.

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

// DefaultEvaluationConcurrency is the number of evaluation requests in flight when not told.
const DefaultEvaluationConcurrency = 8

// EvaluationOptions says where and how to load the evaluation demo.
type EvaluationOptions struct {
	// BaseURL is the gateway's address, e.g. "http://localhost:8080". Required.
	BaseURL string
	// Token is a city HR bearer token. Required.
	Token string
	// Signer signs the employees' and appraisers' own tokens. Required: every SKP is the
	// holder's own and approved by their appraiser.
	Signer *auth.Signer
	// Dataset is the data set loaded with Load. Required.
	Dataset *Dataset
	// Progress receives the progress lines; nil means silent.
	Progress io.Writer
	// Concurrency is the number of requests in flight; DefaultEvaluationConcurrency when zero.
	Concurrency int
	// Now is the moment the demo is built for (its year is the one opened); the current time
	// when zero. The service checks dates against its own clock, so against a running service
	// it must be about now.
	Now time.Time
	// HTTPClient sends the requests; when nil, a keep-alive client of its own is used.
	HTTPClient *http.Client
}

// EvaluationStats counts what LoadEvaluation did. "Present" counts are things found already
// there (an earlier run) and left as they are.
type EvaluationStats struct {
	Year                                 int
	YearOpened, YearPresent              int
	OrganisationSet, OrganisationPresent int
	SkpsCreated, SkpsPresent             int
	// Proposed, Returned and Approved count the workflow steps taken.
	Proposed, Returned, Approved           int
	Realisations, RealisationsPresent      int
	Feedback, Replies, Dialogues           int
	FeedbackPresent                        int
	PeerForms, PeerSubmitted               int
	PeriodRatings, PeriodRatingsPresent    int
	AnnualFinalised, AnnualPresent         int
	AnnualRefused                          int
	Acknowledged, ObjectionsFiled, Decided int
	// Skipped says what was left out and why, e.g. "annual ratings: before 1 December".
	Skipped []string
	// Phases are the parts loaded with the time each took, in order.
	Phases []TrainingPhase
	// Duration is the wall time of the load.
	Duration time.Duration
}

// Report writes what the stats count as a few lines for the seed's user.
func (st EvaluationStats) Report(w io.Writer) {
	fmt.Fprintf(w, "performance year %d: %d opened, %d already open; %d organisation predicates set, %d already set\n",
		st.Year, st.YearOpened, st.YearPresent, st.OrganisationSet, st.OrganisationPresent)
	fmt.Fprintf(w, "%d SKPs created, %d already present; %d proposed, %d returned with comments, %d approved\n",
		st.SkpsCreated, st.SkpsPresent, st.Proposed, st.Returned, st.Approved)
	fmt.Fprintf(w, "%d realisations with evidence recorded, %d already present; %d feedback entries, %d replies and %d dialogues written, %d already present; %d peer forms asked, %d answered\n",
		st.Realisations, st.RealisationsPresent, st.Feedback, st.Replies, st.Dialogues, st.FeedbackPresent, st.PeerForms, st.PeerSubmitted)
	fmt.Fprintf(w, "%d period ratings given, %d already present; %d annual ratings finalised, %d already present, %d refused by a distribution bound; %d acknowledged, %d objections filed, %d decided\n",
		st.PeriodRatings, st.PeriodRatingsPresent, st.AnnualFinalised, st.AnnualPresent, st.AnnualRefused, st.Acknowledged, st.ObjectionsFiled, st.Decided)
	for _, s := range st.Skipped {
		fmt.Fprintf(w, "left out: %s\n", s)
	}
	var phases []string
	for _, p := range st.Phases {
		phases = append(phases, p.Name+" "+p.Duration.Round(time.Millisecond).String())
	}
	fmt.Fprintf(w, "evaluation demo loaded in %s (%s)\n", st.Duration.Round(time.Millisecond), strings.Join(phases, ", "))
}

// LoadEvaluation loads the evaluation demo for opts.Dataset, which must already be loaded with
// Load. On error the returned stats count what was done until then.
func LoadEvaluation(ctx context.Context, opts EvaluationOptions) (EvaluationStats, error) {
	start := time.Now()
	if opts.Dataset == nil {
		return EvaluationStats{}, errors.New("seed: no data set to load evaluation for")
	}
	if opts.Signer == nil {
		return EvaluationStats{}, errors.New("seed: the evaluation demo needs a signing key for the employees' own tokens")
	}
	workers := opts.Concurrency
	switch {
	case workers < 0:
		return EvaluationStats{}, fmt.Errorf("seed: concurrency %d is negative", workers)
	case workers == 0:
		workers = DefaultEvaluationConcurrency
	}
	l, err := newLoader(LoadOptions{BaseURL: opts.BaseURL, Token: opts.Token, Dataset: opts.Dataset,
		Progress: opts.Progress, Concurrency: workers, HTTPClient: opts.HTTPClient})
	if err != nil {
		return EvaluationStats{}, err
	}
	defer l.close()
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	now = now.In(wib)
	plan, err := newEvaluationPlan(opts.Dataset, now.Year())
	if err != nil {
		return EvaluationStats{}, fmt.Errorf("seed: plan the evaluation demo: %w", err)
	}
	e := &evalLoader{loader: l, signer: opts.Signer, now: now, plan: plan, tokens: map[string]string{},
		skps: map[string]*evalSkp{}, annual: map[string]*evalAnnual{}, units: map[string]string{}}
	for _, a := range opts.Dataset.Agencies {
		e.units[a.GetCode()] = a.GetDisplayName()
	}
	e.st.Year = now.Year()
	err = e.run(ctx)
	e.st.Duration = time.Since(start)
	return e.st, err
}

// evalLoader is the state of one LoadEvaluation.
type evalLoader struct {
	*loader
	signer *auth.Signer
	now    time.Time // in WIB
	plan   evalPlan
	units  map[string]string // agency or unit code → name

	// periods are the year's periods as the service has them; ended those over before today.
	periods, ended []subPeriod

	mu     sync.Mutex // guards st, tokens and skps
	st     EvaluationStats
	tokens map[string]string      // role/NIP → bearer
	skps   map[string]*evalSkp    // employee → their open SKP
	annual map[string]*evalAnnual // employee → their annual rating
}

// subPeriod is one period of the year.
type subPeriod struct {
	ID        string `json:"id"`
	StartDate string `json:"startDate"`
	EndDate   string `json:"endDate"`
}

// evalSkp is an SKP as the service answers it, with whether it was there before this run.
type evalSkp struct {
	Name          string       `json:"name"`
	Employee      string       `json:"employee"`
	Agency        string       `json:"agency"`
	Appraiser     string       `json:"appraiser"`
	AgencyHead    bool         `json:"agencyHead"`
	State         string       `json:"state"`
	ReturnComment string       `json:"returnComment"`
	Etag          string       `json:"etag"`
	Results       []workResult `json:"results"`
	present       bool
}

// run loads the parts in order, timing each.
func (e *evalLoader) run(ctx context.Context) error {
	parts := []struct {
		name string
		load func(context.Context) error
	}{
		{"year", e.openYear}, {"skps", e.loadSkps}, {"realisation", e.loadRealisations}, {"feedback", e.loadFeedback},
		{"peer input", e.loadPeers}, {"period ratings", e.ratePeriods}, {"annual ratings", e.finalise}, {"acknowledgements and objections", e.respond},
	}
	for _, p := range parts {
		start := time.Now()
		err := p.load(ctx)
		e.count(func(st *EvaluationStats) { st.Phases = append(st.Phases, TrainingPhase{p.name, time.Since(start)}) })
		if err != nil {
			return err
		}
	}
	return nil
}

// skip records a part left out.
func (e *evalLoader) skip(why string) {
	e.count(func(st *EvaluationStats) { st.Skipped = append(st.Skipped, why) })
}

// count updates the stats under the lock.
func (e *evalLoader) count(f func(st *EvaluationStats)) {
	e.mu.Lock()
	defer e.mu.Unlock()
	f(&e.st)
}

// skp returns the SKP of nip as this run knows it, or nil.
func (e *evalLoader) skp(nip string) *evalSkp {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.skps[nip]
}

// setSkp records the SKP of nip.
func (e *evalLoader) setSkp(nip string, s *evalSkp) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.skps[nip] = s
}

// tokenOf returns the bearer of nip: a supervisor's when anyone reports to them, an
// employee's otherwise, in their agency; made once per run.
func (e *evalLoader) tokenOf(nip string) (string, error) {
	role, agency := auth.RoleSupervisor, ""
	if p := e.plan.People[nip]; p != nil {
		agency = p.Agency
		if len(p.Reports) == 0 {
			role = auth.RoleEmployee
		}
	}
	key := string(role) + "/" + nip
	e.mu.Lock()
	defer e.mu.Unlock()
	if tok, ok := e.tokens[key]; ok {
		return tok, nil
	}
	tok, err := e.signer.Issue(auth.Principal{Subject: nip, Roles: []auth.Role{role}, Agency: agency}, 2*time.Hour)
	if err != nil {
		return "", fmt.Errorf("seed: minting the token of %s %s: %w", role, nip, err)
	}
	e.tokens[key] = tok
	return tok, nil
}

// appraiserToken returns the bearer of whoever appraises s: city HR (the loader's own, "")
// for an agency head, the appraiser otherwise.
func (e *evalLoader) appraiserToken(s *evalSkp) (string, error) {
	if s.AgencyHead || s.Appraiser == "" {
		return "", nil
	}
	return e.tokenOf(s.Appraiser)
}

// call sends body (nil for none) to path as bearer (city HR when empty) and decodes the answer
// into out (when not nil). A POST carries an idempotency key from its content, so a retry after
// a lost answer does nothing twice.
func (e *evalLoader) call(ctx context.Context, what, method, path, bearer string, body, out any) error {
	r := request{method: method, what: what, path: path, bearer: bearer}
	if body != nil {
		r.body = jsonBody(body)
		if method == http.MethodPost {
			r.key = idempotencyKey(path, []byte(bearer), r.body)
		}
	}
	_, resp, err := e.send(ctx, r)
	if err != nil || out == nil {
		return err
	}
	if err := json.Unmarshal(resp, out); err != nil {
		return fmt.Errorf("seed: %s: decode the answer: %w", what, err)
	}
	return nil
}

// get reads path as city HR into out; found is false on 404.
func (e *evalLoader) get(ctx context.Context, what, path string, out any) (found bool, err error) {
	err = e.call(ctx, what, http.MethodGet, path, "", nil, out)
	if status, _ := answerOf(err); status == http.StatusNotFound {
		return false, nil
	}
	return err == nil, err
}

// openYear opens the performance year (quarterly) unless it is open, reads its periods, and
// sets every agency's organisation predicate not set yet.
func (e *evalLoader) openYear(ctx context.Context) error {
	year := e.plan.Year
	var period struct {
		Periods []subPeriod `json:"periods"`
	}
	status, resp, err := e.send(ctx, request{method: http.MethodPost, what: fmt.Sprintf("open %d", year), path: "/v1/periods",
		body: jsonBody(map[string]any{"year": year, "cadence": "CADENCE_QUARTERLY"}), allowConflict: true})
	switch {
	case err != nil:
		return err
	case status == http.StatusConflict:
		e.count(func(st *EvaluationStats) { st.YearPresent++ })
		if _, err := e.get(ctx, fmt.Sprintf("read %d", year), fmt.Sprintf("/v1/periods/%d", year), &period); err != nil {
			return err
		}
	default:
		e.count(func(st *EvaluationStats) { st.YearOpened++ })
		if err := json.Unmarshal(resp, &period); err != nil {
			return fmt.Errorf("seed: open %d: decode the answer: %w", year, err)
		}
	}
	e.periods = period.Periods
	today := date(e.now)
	for _, p := range e.periods {
		if p.EndDate < today {
			e.ended = append(e.ended, p)
		}
	}
	if len(e.ended) == 0 {
		e.skip(fmt.Sprintf("realisation and period ratings: no period of %d has ended yet", year))
	}

	var set struct {
		OrganisationRatings []struct {
			Agency string `json:"agency"`
		} `json:"organisationRatings"`
	}
	if _, err := e.get(ctx, "list the organisation predicates", fmt.Sprintf("/v1/periods/%d/organisationRatings", year), &set); err != nil {
		return err
	}
	have := map[string]bool{}
	for _, o := range set.OrganisationRatings {
		have[o.Agency] = true
	}
	return e.parallel(ctx, len(e.plan.Agencies), func(ctx context.Context, i int) error {
		a := e.plan.Agencies[i]
		if have[a.Code] {
			e.count(func(st *EvaluationStats) { st.OrganisationPresent++ })
			return nil
		}
		path := fmt.Sprintf("/v1/periods/%d/organisationRatings/%s", year, url.PathEscape(a.Code))
		body := map[string]any{"agency": a.Code, "year": year, "predicate": a.Predicate, "note": organisationNoteFor(a.Predicate)}
		if err := e.call(ctx, "set "+a.Code+"'s organisation predicate", http.MethodPut, path, "", body, nil); err != nil {
			return err
		}
		e.count(func(st *EvaluationStats) { st.OrganisationSet++ })
		return nil
	})
}

// periodIndex returns the position of period id among the year's periods, or -1.
func (e *evalLoader) periodIndex(id string) int {
	for i, p := range e.periods {
		if p.ID == id {
			return i
		}
	}
	return -1
}
