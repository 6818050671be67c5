package seed

// The evaluation demo through the year: realisation with evidence for the ended periods,
// feedback, replies and dialogues, and peer input for a handful.

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// approved returns the people the plan gives an approved SKP and whose SKP is approved, those
// keep reports in the data set's order level by level.
func (e *evalLoader) approved(keep func(p *evalPerson) bool) []*evalPerson {
	var out []*evalPerson
	for _, level := range e.plan.Levels {
		for _, p := range level {
			if s := e.skp(p.NIP); s != nil && s.State == skpApproved && keep(p) {
				out = append(out, p)
			}
		}
	}
	return out
}

// loadRealisations records, for the planned share, the realisation of each result's first
// indicator in every ended period, with evidence.
func (e *evalLoader) loadRealisations(ctx context.Context) error {
	if len(e.ended) == 0 {
		return nil
	}
	todo := e.approved(func(p *evalPerson) bool { return p.Realise })
	e.prog.begin("realisation", len(todo))
	defer e.prog.end()
	return e.parallel(ctx, len(todo), func(ctx context.Context, i int) error {
		defer e.prog.add(1)
		p := todo[i]
		s := e.skp(p.NIP)
		have := map[string]bool{}
		if s.present {
			var list struct {
				Realisations []struct{ ResultID, IndicatorID, Period string }
			}
			if _, err := e.get(ctx, "list the realisations of "+s.Name, "/v1/"+s.Name+"/realisations", &list); err != nil {
				return err
			}
			for _, r := range list.Realisations {
				have[r.ResultID+"."+r.IndicatorID+"."+r.Period] = true
			}
		}
		tok, err := e.tokenOf(p.NIP)
		if err != nil {
			return err
		}
		r := evalRand(e.plan.Year, p.NIP, "realisation")
		for _, per := range e.ended {
			for _, res := range s.Results {
				if len(res.Indicators) == 0 {
					continue
				}
				ind := res.Indicators[0]
				if have[res.ID+"."+ind.ID+"."+per.ID] {
					e.count(func(st *EvaluationStats) { st.RealisationsPresent++ })
					continue
				}
				body := map[string]any{"resultId": res.ID, "indicatorId": ind.ID, "period": per.ID,
					"value": realisationValue(r, ind, per.ID), "evidence": evidence(e.plan.Year, p, res.ID, per.ID, r)}
				if err := e.call(ctx, "record a realisation of "+s.Name, http.MethodPost, "/v1/"+s.Name+"/realisations", tok, body, nil); err != nil {
					return err
				}
				e.count(func(st *EvaluationStats) { st.Realisations++ })
			}
		}
		return nil
	})
}

// feedbackEntry is an entry of an SKP's feedback thread as the service answers it.
type feedbackEntry struct {
	Name    string `json:"name"`
	Kind    string `json:"kind"`
	Text    string `json:"text"`
	ReplyTo string `json:"replyTo"`
}

// loadFeedback writes the planned feedback (the appraiser's, on a result and on a behaviour or
// the work in general), the holders' replies and the dialogues, each unless the thread holds it.
func (e *evalLoader) loadFeedback(ctx context.Context) error {
	todo := e.approved(func(p *evalPerson) bool { return (p.Feedback > 0 || p.Dialogue) && p.Supervisor != "" })
	e.prog.begin("feedback", len(todo))
	defer e.prog.end()
	return e.parallel(ctx, len(todo), func(ctx context.Context, i int) error {
		defer e.prog.add(1)
		return e.feedbackOf(ctx, todo[i])
	})
}

// feedbackOf writes p's planned thread.
func (e *evalLoader) feedbackOf(ctx context.Context, p *evalPerson) error {
	s := e.skp(p.NIP)
	if s.AgencyHead || s.Appraiser == "" || len(s.Results) == 0 {
		return nil
	}
	var thread struct {
		Feedback []feedbackEntry `json:"feedback"`
	}
	if s.present {
		if _, err := e.get(ctx, "read the feedback of "+s.Name, "/v1/"+s.Name+"/feedback", &thread); err != nil {
			return err
		}
	}
	find := func(match func(f feedbackEntry) bool) string {
		for _, f := range thread.Feedback {
			if match(f) {
				return f.Name
			}
		}
		return ""
	}
	appraiser, err := e.appraiserToken(s)
	if err != nil {
		return err
	}
	holder, err := e.tokenOf(p.NIP)
	if err != nil {
		return err
	}
	r := evalRand(e.plan.Year, p.NIP, "feedback")
	var first string
	for i := range p.Feedback {
		body := map[string]any{}
		switch {
		case i == 0:
			res := s.Results[r.IntN(len(s.Results))]
			body["resultId"], body["text"] = res.ID, describe(choose(r, resultFeedback, res.Text))
		case r.IntN(2) == 0:
			body["behaviour"], body["text"] = behaviourExpectations[r.IntN(7)].Behaviour, describe(choose(r, behaviourFeedback))
		default:
			body["text"] = describe(choose(r, generalFeedback))
		}
		name := find(func(f feedbackEntry) bool { return f.Kind == "FEEDBACK_KIND_FEEDBACK" && f.Text == body["text"] })
		if name != "" {
			e.count(func(st *EvaluationStats) { st.FeedbackPresent++ })
		} else {
			var made feedbackEntry
			if err := e.call(ctx, "give feedback on "+s.Name, http.MethodPost, "/v1/"+s.Name+"/feedback", appraiser, body, &made); err != nil {
				return err
			}
			name = made.Name
			e.count(func(st *EvaluationStats) { st.Feedback++ })
		}
		if i == 0 {
			first = name
		}
	}
	reply := describe(choose(r, replies)) // drawn whether or not it is written, so the draws after it stay the same
	if p.Reply && first != "" {
		if find(func(f feedbackEntry) bool { return f.Kind == "FEEDBACK_KIND_REPLY" && f.ReplyTo == first }) != "" {
			e.count(func(st *EvaluationStats) { st.FeedbackPresent++ })
		} else {
			body := map[string]any{"text": reply}
			if err := e.call(ctx, "reply on "+s.Name, http.MethodPost, "/v1/"+first+":reply", holder, body, nil); err != nil {
				return err
			}
			e.count(func(st *EvaluationStats) { st.Replies++ })
		}
	}
	if !p.Dialogue {
		return nil
	}
	r = evalRand(e.plan.Year, p.NIP, "dialogue")
	k := r.IntN(len(dialogueSummaries))
	text := describe(dialogueSummaries[k])
	if find(func(f feedbackEntry) bool { return f.Kind == "FEEDBACK_KIND_DIALOGUE" && f.Text == text }) != "" {
		e.count(func(st *EvaluationStats) { st.FeedbackPresent++ })
		return nil
	}
	body := map[string]any{"dialogueDate": e.dialogueDate(r.IntN(20)), "text": text, "agreedActions": dialogueActions[k]}
	if err := e.call(ctx, "record a dialogue on "+s.Name, http.MethodPost, "/v1/"+s.Name+"/dialogues", appraiser, body, nil); err != nil {
		return err
	}
	e.count(func(st *EvaluationStats) { st.Dialogues++ })
	return nil
}

// dialogueDate is a day back days before the end of the last ended period, or today when none
// has ended.
func (e *evalLoader) dialogueDate(back int) string {
	if len(e.ended) == 0 {
		return date(e.now)
	}
	end, err := time.ParseInLocation(time.DateOnly, e.ended[len(e.ended)-1].EndDate, wib)
	if err != nil {
		return date(e.now)
	}
	return date(end.AddDate(0, 0, -back))
}

// peerPeriod is the period peer input is asked for: the last ended one, or the one running.
func (e *evalLoader) peerPeriod() string {
	if len(e.ended) > 0 {
		return e.ended[len(e.ended)-1].ID
	}
	today := date(e.now)
	for _, p := range e.periods {
		if p.StartDate <= today && today <= p.EndDate {
			return p.ID
		}
	}
	return ""
}

// loadPeers has the appraisers of the planned holders ask colleagues for peer input, and the
// planned number of them answer.
func (e *evalLoader) loadPeers(ctx context.Context) error {
	period := e.peerPeriod()
	if period == "" {
		e.skip("peer input: no period of the year has started")
		return nil
	}
	todo := e.approved(func(p *evalPerson) bool { return len(p.PeerRaters) > 0 })
	return e.parallel(ctx, len(todo), func(ctx context.Context, i int) error {
		p := todo[i]
		s := e.skp(p.NIP)
		var sum struct{ Asked, Respondents int }
		q := "?period=" + url.QueryEscape(period)
		if _, err := e.get(ctx, "read the peer summary of "+s.Name, "/v1/"+s.Name+"/peerSummary"+q, &sum); err != nil {
			return err
		}
		if sum.Asked == 0 {
			appraiser, err := e.appraiserToken(s)
			if err != nil {
				return err
			}
			var made struct {
				PeerForms []struct{ Name string } `json:"peerForms"`
			}
			body := map[string]any{"period": period, "raters": p.PeerRaters}
			if err := e.call(ctx, "ask peer input on "+s.Name, http.MethodPost, "/v1/"+s.Name+":requestPeerInput", appraiser, body, &made); err != nil {
				return err
			}
			e.count(func(st *EvaluationStats) { st.PeerForms += len(made.PeerForms) })
		}
		for k, rater := range p.PeerRaters[:p.PeerSubmit] {
			if sum.Respondents >= p.PeerSubmit {
				break
			}
			if err := e.submitPeer(ctx, s.Name, period, rater, k); err != nil {
				return err
			}
		}
		return nil
	})
}

// submitPeer submits rater's pending form on skp for period, if there is one.
func (e *evalLoader) submitPeer(ctx context.Context, skp, period, rater string, k int) error {
	tok, err := e.tokenOf(rater)
	if err != nil {
		return err
	}
	var forms struct {
		PeerForms []struct{ Name, Skp, Period string } `json:"peerForms"`
	}
	if err := e.call(ctx, "list "+rater+"'s peer forms", http.MethodGet, "/v1/peerForms?state=PEER_FORM_STATE_PENDING", tok, nil, &forms); err != nil {
		return err
	}
	for _, f := range forms.PeerForms {
		if f.Skp != skp || f.Period != period {
			continue
		}
		scores := make([]map[string]any, len(behaviourExpectations))
		for j, b := range behaviourExpectations {
			scores[j] = map[string]any{"behaviour": b.Behaviour, "score": peerScores[(j+k)%len(peerScores)]}
		}
		body := map[string]any{"scores": scores, "comment": describe(peerComments[k%len(peerComments)])}
		if err := e.call(ctx, fmt.Sprintf("submit %s's peer form", rater), http.MethodPost, "/v1/"+f.Name+":submit", tok, body, nil); err != nil {
			return err
		}
		e.count(func(st *EvaluationStats) { st.PeerSubmitted++ })
	}
	return nil
}
