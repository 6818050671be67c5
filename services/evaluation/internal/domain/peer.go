package domain

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/simpeg-id/simpeg/platform/errs"
)

// Peer input (360) on behaviour (issue 11 §2): the appraiser asks colleagues of the holder's
// agency to score the seven BerAKHLAK behaviours for a period. Each rater sees only their own
// form; the holder and everyone else see only the aggregate, and only from MinPeerRespondents
// answers, so no single rater can be told apart.

// Limits of peer input.
const (
	// MinPeerRespondents is how many submitted forms the aggregate needs before it is shown.
	MinPeerRespondents = 3
	// MinPeerRaters and MaxPeerRaters bound the raters of one request.
	MinPeerRaters = 3
	MaxPeerRaters = 10
	// MinPeerScore and MaxPeerScore bound a behaviour's score (1 far below expectations, 5 far
	// above).
	MinPeerScore   = 1
	MaxPeerScore   = 5
	maxPeerComment = 2000
)

// PeerFormState is where a peer-input form is.
type PeerFormState string

// The form states.
const (
	PeerPending   PeerFormState = "pending"
	PeerSubmitted PeerFormState = "submitted"
)

// BehaviourScore is a rater's score of one behaviour.
type BehaviourScore struct {
	Behaviour Behaviour `json:"behaviour"`
	Score     int       `json:"score"`
}

// PeerForm is one rater's form of peer input on an SKP's holder for a period.
type PeerForm struct {
	ID           string
	Skp          string
	EmployeeName string // the rated holder's name (read with the form, not stored on it)
	Period       string
	Rater        string
	RequestedBy  string
	State        PeerFormState
	Scores       []BehaviourScore
	Comment      string
	Version      int64
	Created      time.Time
	Submitted    time.Time
}

// Rater is a proposed rater as the directory knows them.
type Rater struct {
	NIP    string
	Known  bool // in the directory
	Active bool
	Agency string
}

// ValidateRaters checks the raters of a request for peer input on SKP s: 3 to 10 distinct,
// active employees of the holder's agency, never the holder nor the appraiser. Fields are named
// as in RequestPeerInputRequest.
func ValidateRaters(raters []Rater, s Skp) error {
	var v errs.Violations
	if len(raters) < MinPeerRaters || len(raters) > MaxPeerRaters {
		v.Add("raters", "ask %d to %d colleagues, got %d", MinPeerRaters, MaxPeerRaters, len(raters))
	}
	seen := map[string]int{}
	for i, r := range raters {
		field := fmt.Sprintf("raters[%d]", i)
		if j, dup := seen[r.NIP]; dup {
			v.Add(field, "%s is already raters[%d]", r.NIP, j)
			continue
		}
		seen[r.NIP] = i
		switch {
		case r.NIP == "":
			v.Add(field, "is required: a colleague's NIP")
		case r.NIP == s.Employee:
			v.Add(field, "%s holds SKP %s: nobody rates themselves", r.NIP, s.ID)
		case r.NIP == s.Appraiser:
			v.Add(field, "%s appraises SKP %s: peer input comes from colleagues", r.NIP, s.ID)
		case !r.Known:
			v.Add(field, "employee %s is not in the directory", r.NIP)
		case !r.Active:
			v.Add(field, "employee %s no longer serves in the city", r.NIP)
		case r.Agency != s.Agency:
			v.Add(field, "employee %s is not in %s, the holder's agency", r.NIP, s.Agency)
		}
	}
	return v.Err()
}

// NewPeerForm is the pending form asking rater for input on SKP s in period, made at now.
func NewPeerForm(id string, s Skp, period, rater, requestedBy string, now time.Time) PeerForm {
	return PeerForm{ID: id, Skp: s.ID, EmployeeName: s.EmployeeName, Period: period, Rater: rater,
		RequestedBy: requestedBy, State: PeerPending, Version: 1, Created: now}
}

// Submit returns f submitted at now with scores and comment: only a pending form, with exactly
// one score of 1–5 for each of the seven behaviours and a comment of at most 2000 characters.
// Fields are named as in SubmitPeerFormRequest. The scores are kept in the behaviours' order.
func (f PeerForm) Submit(scores []BehaviourScore, comment string, now time.Time) (PeerForm, error) {
	if f.State != PeerPending {
		return f, errs.Preconditionf("peer form %s was submitted on %s; a form is submitted once", f.ID, f.Submitted.Format(time.DateOnly))
	}
	comment = strings.TrimSpace(comment)
	var v errs.Violations
	byBehaviour := checkPeerScores(&v, scores)
	fbText(&v, "comment", comment, 0, maxPeerComment)
	if err := v.Err(); err != nil {
		return f, err
	}
	f.Scores = make([]BehaviourScore, 0, len(Behaviours()))
	for _, b := range Behaviours() {
		f.Scores = append(f.Scores, BehaviourScore{Behaviour: b, Score: byBehaviour[b]})
	}
	f.State, f.Comment, f.Submitted, f.Version = PeerSubmitted, comment, now, f.Version+1
	return f, nil
}

// checkPeerScores checks that scores hold one score of 1–5 for each behaviour, and returns them
// by behaviour.
func checkPeerScores(v *errs.Violations, scores []BehaviourScore) map[Behaviour]int {
	by := map[Behaviour]int{}
	for i, s := range scores {
		switch _, dup := by[s.Behaviour]; {
		case !s.Behaviour.Valid():
			v.Add(fmt.Sprintf("scores[%d].behaviour", i), "must be one of the seven BerAKHLAK behaviours, got %q", s.Behaviour)
		case dup:
			v.Add(fmt.Sprintf("scores[%d].behaviour", i), "%s is scored twice", s.Behaviour)
		default:
			by[s.Behaviour] = s.Score
		}
		if s.Score < MinPeerScore || s.Score > MaxPeerScore {
			v.Add(fmt.Sprintf("scores[%d].score", i), "must be from %d to %d, got %d", MinPeerScore, MaxPeerScore, s.Score)
		}
	}
	if len(scores) != len(Behaviours()) {
		v.Add("scores", "exactly %d scores, one for each behaviour (%s), got %d", len(Behaviours()), fbBehaviourList(), len(scores))
	}
	return by
}

// fbBehaviourList is the seven behaviours, comma-separated.
func fbBehaviourList() string {
	var names []string
	for _, b := range Behaviours() {
		names = append(names, string(b))
	}
	return strings.Join(names, ", ")
}

// PeerSummary is the aggregate of the peer input on an SKP's holder in a period. Averages are
// set only when Shown.
type PeerSummary struct {
	Skp         string
	Period      string
	Asked       int
	Respondents int
	Shown       bool
	Averages    []BehaviourAverage
}

// BehaviourAverage is the mean peer score of one behaviour, to two decimals.
type BehaviourAverage struct {
	Behaviour Behaviour
	Average   float64
}

// SummarizePeer aggregates forms of SKP skp in period: how many were asked and answered, and
// from MinPeerRespondents answers the mean score of each behaviour rounded to two decimals.
// Below that only the counts come back; never a rater, a comment or a single form.
func SummarizePeer(skp, period string, forms []PeerForm) PeerSummary {
	s := PeerSummary{Skp: skp, Period: period, Asked: len(forms)}
	sums := map[Behaviour]int{}
	for _, f := range forms {
		if f.State != PeerSubmitted {
			continue
		}
		s.Respondents++
		for _, sc := range f.Scores {
			sums[sc.Behaviour] += sc.Score
		}
	}
	if s.Respondents < MinPeerRespondents {
		return s
	}
	s.Shown = true
	for _, b := range Behaviours() {
		mean := float64(sums[b]) / float64(s.Respondents)
		s.Averages = append(s.Averages, BehaviourAverage{Behaviour: b, Average: math.Round(mean*100) / 100})
	}
	return s
}
