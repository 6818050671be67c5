package seed

// The evaluation demo's ratings: the ended periods rated by the appraisers, the annual ratings
// finalised from 1 December within each agency's bound, acknowledged or objected to.

import (
	"context"
	"fmt"
	"net/http"
	"time"
)

// reasonBound is the ErrorInfo reason of a finalisation the agency's distribution bound refuses.
const reasonBound = "DISTRIBUTION_BOUND"

// The annual rating states the service answers.
const (
	annualFinalised = "ANNUAL_RATING_STATE_FINALISED"
	annualObjected  = "ANNUAL_RATING_STATE_OBJECTED"
)

// evalAnnual is an annual rating as the service answers it.
type evalAnnual struct {
	Name   string `json:"name"`
	State  string `json:"state"`
	Rating struct {
		Predicate string `json:"predicate"`
	} `json:"rating"`
	Objection struct {
		Decider string `json:"decider"`
	} `json:"objection"`
}

// ratePeriods rates every approved SKP for the ended periods (but the last one of the few left
// overdue), each by its appraiser (city HR for an agency head).
func (e *evalLoader) ratePeriods(ctx context.Context) error {
	if len(e.ended) == 0 {
		return nil
	}
	todo := e.approved(func(*evalPerson) bool { return true })
	e.prog.begin("period ratings", len(todo))
	defer e.prog.end()
	return e.parallel(ctx, len(todo), func(ctx context.Context, i int) error {
		defer e.prog.add(1)
		p := todo[i]
		s := e.skp(p.NIP)
		have := map[string]bool{}
		if s.present {
			var list struct {
				PeriodRatings []struct{ Period string } `json:"periodRatings"`
			}
			if _, err := e.get(ctx, "list the ratings of "+s.Name, "/v1/"+s.Name+"/ratings", &list); err != nil {
				return err
			}
			for _, r := range list.PeriodRatings {
				have[r.Period] = true
			}
		}
		appraiser, err := e.appraiserToken(s)
		if err != nil {
			return err
		}
		for k, per := range e.ended {
			if p.Overdue && k == len(e.ended)-1 {
				break
			}
			if have[per.ID] {
				e.count(func(st *EvaluationStats) { st.PeriodRatingsPresent++ })
				continue
			}
			results, behaviour := p.periodRating(e.plan.Year, e.periodIndex(per.ID))
			r := evalRand(e.plan.Year, p.NIP, "reason"+per.ID)
			path := "/v1/" + s.Name + "/ratings/" + per.ID
			if err := e.call(ctx, "rate "+s.Name+" for "+per.ID, http.MethodPut, path, appraiser, rating(r, results, behaviour), nil); err != nil {
				return err
			}
			e.count(func(st *EvaluationStats) { st.PeriodRatings++ })
		}
		return nil
	})
}

// finaliseFrom is the first day annual ratings may be finalised: 1 December of the year.
func (e *evalLoader) finaliseFrom() time.Time {
	return time.Date(e.plan.Year, time.December, 1, 0, 0, 0, 0, wib)
}

// finalise finalises the planned annual ratings from 1 December: first those an at-least rule
// of the agency waits for, then the rest, so that every count on the way keeps the bounds.
// A finalisation the service's bound still refuses (a deployment with other rules) is counted
// and left out.
func (e *evalLoader) finalise(ctx context.Context) error {
	if e.now.Before(e.finaliseFrom()) {
		e.skip(fmt.Sprintf("annual ratings, acknowledgements and objections: finalisation opens on 1 December %d", e.plan.Year))
		return nil
	}
	for wave := 1; wave <= 2; wave++ {
		todo := e.approved(func(p *evalPerson) bool { return p.Annual != "" && p.Wave == wave })
		e.prog.begin(fmt.Sprintf("annual ratings (%d of 2)", wave), len(todo))
		err := e.parallel(ctx, len(todo), func(ctx context.Context, i int) error {
			defer e.prog.add(1)
			return e.finaliseOne(ctx, todo[i])
		})
		e.prog.end()
		if err != nil {
			return err
		}
	}
	return nil
}

// finaliseOne finalises p's annual rating unless it is there.
func (e *evalLoader) finaliseOne(ctx context.Context, p *evalPerson) error {
	s := e.skp(p.NIP)
	a := &evalAnnual{}
	if s.present {
		found, err := e.get(ctx, "read the annual rating of "+s.Name, "/v1/"+s.Name+"/annualRating", a)
		if err != nil {
			return err
		}
		if found {
			e.count(func(st *EvaluationStats) { st.AnnualPresent++ })
			e.setAnnual(p.NIP, a)
			return nil
		}
	}
	appraiser, err := e.appraiserToken(s)
	if err != nil {
		return err
	}
	results, behaviour := ratingFor(p.Annual, evalRand(e.plan.Year, p.NIP, "annual-cell"))
	body := rating(evalRand(e.plan.Year, p.NIP, "annual-reason"), results, behaviour)
	err = e.call(ctx, "finalise the annual rating of "+s.Name, http.MethodPost, "/v1/"+s.Name+"/annualRating:finalise", appraiser, body, a)
	if status, reason := answerOf(err); status == http.StatusBadRequest && reason == reasonBound {
		e.count(func(st *EvaluationStats) { st.AnnualRefused++ })
		return nil
	}
	if err != nil {
		return err
	}
	e.count(func(st *EvaluationStats) { st.AnnualFinalised++ })
	e.setAnnual(p.NIP, a)
	return nil
}

// setAnnual records nip's annual rating.
func (e *evalLoader) setAnnual(nip string, a *evalAnnual) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.annual[nip] = a
}

// respond has the holders act on their finalised ratings: the planned share acknowledges, the
// two planned objections are filed and decided by the appraiser's own supervisor (city HR when
// there is none): one upheld, one changed to Sangat Baik.
func (e *evalLoader) respond(ctx context.Context) error {
	if e.now.Before(e.finaliseFrom()) {
		return nil
	}
	todo := e.approved(func(p *evalPerson) bool { return p.Acknowledge || p.Objection != "" })
	return e.parallel(ctx, len(todo), func(ctx context.Context, i int) error {
		p := todo[i]
		e.mu.Lock()
		a := e.annual[p.NIP]
		e.mu.Unlock()
		if a == nil {
			return nil
		}
		holder, err := e.tokenOf(p.NIP)
		if err != nil {
			return err
		}
		switch {
		case a.State == annualFinalised && p.Objection == "":
			err := e.call(ctx, "acknowledge "+a.Name, http.MethodPost, "/v1/"+a.Name+":acknowledge", holder, map[string]any{}, nil)
			if err == nil {
				e.count(func(st *EvaluationStats) { st.Acknowledged++ })
			}
			return e.late(err, a.Name)
		case a.State == annualFinalised:
			err := e.call(ctx, "object to "+a.Name, http.MethodPost, "/v1/"+a.Name+":object", holder, map[string]any{"reason": objectionReason}, a)
			if err != nil {
				return e.late(err, a.Name)
			}
			e.count(func(st *EvaluationStats) { st.ObjectionsFiled++ })
		}
		if a.State != annualObjected {
			return nil
		}
		decider := ""
		if a.Objection.Decider != "" {
			if decider, err = e.tokenOf(a.Objection.Decider); err != nil {
				return err
			}
		}
		body := map[string]any{"change": false, "reason": upheldReason}
		if p.Objection == objectionChanged {
			r := evalRand(e.plan.Year, p.NIP, "decision")
			body = map[string]any{"change": true, "reason": changedReason,
				"rating": rating(r, changedDecisionRating[0], changedDecisionRating[1])}
		}
		if err := e.call(ctx, "decide the objection to "+a.Name, http.MethodPost, "/v1/"+a.Name+":decide", decider, body, nil); err != nil {
			return err
		}
		e.count(func(st *EvaluationStats) { st.Decided++ })
		return nil
	})
}

// late turns the service's refusal of an acknowledgement or an objection the state no longer
// allows (a run after the objection deadline, PP 30/2019 art. 59's 14 days) into a part left
// out; any other error stays one.
func (e *evalLoader) late(err error, name string) error {
	if status, _ := answerOf(err); status == http.StatusBadRequest {
		e.skip(fmt.Sprintf("%s: %v", name, err))
		return nil
	}
	return err
}
