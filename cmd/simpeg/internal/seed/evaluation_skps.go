package seed

// The evaluation demo's SKPs: every employee's, level by level down the supervisor tree, so an
// appraiser's SKP is approved before anyone cascades from it.

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// The SKP states the service answers.
const (
	skpDraft    = "SKP_STATE_DRAFT"
	skpProposed = "SKP_STATE_PROPOSED"
	skpReturned = "SKP_STATE_RETURNED"
	skpApproved = "SKP_STATE_APPROVED"
)

// loadSkps reads the SKPs of the year there are already, then takes every employee's SKP to
// its planned stage, level by level.
func (e *evalLoader) loadSkps(ctx context.Context) error {
	if err := e.readSkps(ctx); err != nil {
		return err
	}
	e.prog.begin("SKPs", len(e.plan.People))
	defer e.prog.end()
	for _, level := range e.plan.Levels {
		err := e.parallel(ctx, len(level), func(ctx context.Context, i int) error {
			err := e.skpFlow(ctx, level[i])
			e.prog.add(1)
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// readSkps reads every SKP of the year (city HR sees all) and keeps each employee's open one.
func (e *evalLoader) readSkps(ctx context.Context) error {
	for token := ""; ; {
		path := fmt.Sprintf("/v1/skps?year=%d&pageSize=1000", e.plan.Year)
		if token != "" {
			path += "&pageToken=" + url.QueryEscape(token)
		}
		var page struct {
			Skps          []*evalSkp `json:"skps"`
			NextPageToken string     `json:"nextPageToken"`
		}
		if _, err := e.get(ctx, "list the SKPs", path, &page); err != nil {
			return err
		}
		for _, s := range page.Skps {
			if s.State != "SKP_STATE_CLOSED" {
				s.present = true
				e.skps[s.Employee] = s
			}
		}
		if token = page.NextPageToken; token == "" {
			return nil
		}
	}
}

// skpFlow takes p's SKP from wherever it is to its planned stage: created with its results,
// proposed, returned once with comments and changed (for a few), approved.
func (e *evalLoader) skpFlow(ctx context.Context, p *evalPerson) error {
	tok, err := e.tokenOf(p.NIP)
	if err != nil {
		return err
	}
	s := e.skp(p.NIP)
	if s == nil {
		if s, err = e.createSkp(ctx, p, tok); err != nil {
			return err
		}
		e.count(func(st *EvaluationStats) { st.SkpsCreated++ })
	} else {
		e.count(func(st *EvaluationStats) { st.SkpsPresent++ })
	}
	for steps := 0; steps < 8; steps++ {
		var next evalSkp
		switch s.State {
		case skpReturned:
			if err := e.amend(ctx, s, tok); err != nil {
				return err
			}
			fallthrough
		case skpDraft:
			if p.Stage == stageDraft {
				return nil
			}
			if err := e.call(ctx, "propose "+s.Name, http.MethodPost, "/v1/"+s.Name+":propose", tok, map[string]any{"etag": s.Etag}, &next); err != nil {
				return err
			}
			e.count(func(st *EvaluationStats) { st.Proposed++ })
		case skpProposed:
			if p.Stage == stageProposed {
				return nil
			}
			appraiser, err := e.appraiserToken(s)
			if err != nil {
				return err
			}
			if p.ReturnFirst && s.ReturnComment == "" {
				body := map[string]any{"etag": s.Etag, "comment": returnComment}
				if err := e.call(ctx, "return "+s.Name, http.MethodPost, "/v1/"+s.Name+":return", appraiser, body, &next); err != nil {
					return err
				}
				e.count(func(st *EvaluationStats) { st.Returned++ })
				break
			}
			body := map[string]any{"etag": s.Etag, "behaviours": behaviourExpectations}
			if err := e.call(ctx, "approve "+s.Name, http.MethodPost, "/v1/"+s.Name+":approve", appraiser, body, &next); err != nil {
				return err
			}
			e.count(func(st *EvaluationStats) { st.Approved++ })
		default: // approved, or closed by HR: nothing to do
			e.setSkp(p.NIP, s)
			return nil
		}
		next.present = s.present
		s = &next
		e.setSkp(p.NIP, s)
	}
	return fmt.Errorf("seed: %s's SKP %s does not settle (state %s)", p.NIP, s.Name, s.State)
}

// createSkp opens p's SKP with its results. An agency head (no supervisor in the data set)
// takes them from the agency's plan; anyone else cascades each from a result of the
// appraiser's SKP. Should the service see it otherwise (another appraiser in its directory
// copy), the SKP is opened empty and its results written for the appraiser it names.
func (e *evalLoader) createSkp(ctx context.Context, p *evalPerson, tok string) (*evalSkp, error) {
	head := p.Supervisor == ""
	results, err := e.resultsFor(p, head, p.Supervisor)
	if err != nil {
		return nil, err
	}
	body := map[string]any{"year": e.plan.Year, "results": results}
	if p.Functional != "" {
		body["functionalLevel"] = p.Functional
	}
	s := &evalSkp{}
	what := "create " + p.NIP + "'s SKP"
	err = untilKnown(ctx, func() (bool, bool, error) {
		err := e.call(ctx, what, http.MethodPost, "/v1/skps", tok, body, s)
		return err == nil, notInDirectory(err), err
	})
	if status, _ := answerOf(err); status == http.StatusBadRequest && !notInDirectory(err) {
		delete(body, "results") // the service sees another appraiser: open it empty first
		err = e.call(ctx, what+" (without results)", http.MethodPost, "/v1/skps", tok, body, s)
		s.AgencyHead = !head // force the results to be written below
	}
	if err != nil {
		return nil, err
	}
	if s.AgencyHead == head && (head || s.Appraiser == p.Supervisor) {
		return s, nil
	}
	if results, err = e.resultsFor(p, s.AgencyHead, s.Appraiser); err != nil {
		return nil, err
	}
	return s, e.writeResults(ctx, s, tok, results)
}

// resultsFor writes p's results: from the agency's plan for a head, else cascaded from the
// results of appraiser's SKP, which must be approved by now.
func (e *evalLoader) resultsFor(p *evalPerson, head bool, appraiser string) ([]workResult, error) {
	name := e.units[p.Unit]
	if name == "" {
		name = e.units[p.Agency]
	}
	if head {
		return skpResults(e.plan.Year, p, true, name, nil), nil
	}
	a := e.skp(appraiser)
	if a == nil || a.State != skpApproved || len(a.Results) == 0 {
		return nil, fmt.Errorf("seed: %s's appraiser %s has no approved SKP with results to cascade from", p.NIP, appraiser)
	}
	parents := make([]string, len(a.Results))
	for i, r := range a.Results {
		parents[i] = a.Name + "/results/" + r.ID
	}
	return skpResults(e.plan.Year, p, false, name, parents), nil
}

// writeResults replaces the results of draft or returned SKP s.
func (e *evalLoader) writeResults(ctx context.Context, s *evalSkp, tok string, results []workResult) error {
	var next evalSkp
	body := map[string]any{"results": results, "etag": s.Etag}
	if err := e.call(ctx, "write the results of "+s.Name, http.MethodPatch, "/v1/"+s.Name+"?updateMask=results", tok, body, &next); err != nil {
		return err
	}
	next.present = s.present
	*s = next
	return nil
}

// amend answers the return's comment: the first indicator of each result gains a quality
// target (unless it has one).
func (e *evalLoader) amend(ctx context.Context, s *evalSkp, tok string) error {
	results := make([]workResult, len(s.Results))
	changed := false
	for i, r := range s.Results {
		r.Indicators = append([]indicator(nil), r.Indicators...)
		if len(r.Indicators) > 0 {
			first := r.Indicators[0]
			has := false
			for _, t := range first.Targets {
				has = has || t.Aspect == qualityTarget.Aspect
			}
			if !has {
				first.Targets = append(append([]target(nil), first.Targets...), qualityTarget)
				r.Indicators[0] = first
				changed = true
			}
		}
		results[i] = r
	}
	if !changed {
		return nil
	}
	return e.writeResults(ctx, s, tok, results)
}

// notInDirectory reports whether err is the service's refusal of an employee its directory
// copy does not know yet.
func notInDirectory(err error) bool {
	var ae *answerError
	if !errors.As(err, &ae) || ae.status != http.StatusBadRequest {
		return false
	}
	return strings.Contains(string(ae.body), "not in the directory")
}
