package domain

// After finalisation (issue 11 §3; PP 30/2019 art. 59): the holder acknowledges the annual
// rating or objects (keberatan) within the policy's days — 14 by the regulation — to the
// appraiser's own superior, whose decision, upholding or changing the rating with reasons, is
// final. Every step stays in the rating's history.

import (
	"strings"
	"time"

	"github.com/simpeg-id/simpeg/platform/errs"
)

// The lengths of an objection's reasons, in characters.
const (
	MinObjectionReason = 10
	MaxObjectionReason = 4000
)

// AnnualRatingAcknowledged announces a holder accepting their annual rating.
type AnnualRatingAcknowledged struct {
	event
	Rating AnnualRating
}

// ObjectionFiled announces a holder's objection to their annual rating.
type ObjectionFiled struct {
	event
	Rating AnnualRating
}

// ObjectionDecided announces an objection decided; the rating it carries is the one in force.
type ObjectionDecided struct {
	event
	Rating AnnualRating
}

// requireFinalised refuses unless a is finalised and not yet acknowledged or objected to.
func (a AnnualRating) requireFinalised(what string) error {
	if a.State != AnnualFinalised {
		return errs.Preconditionf("the annual rating of SKP %s is %s: only a finalised rating may be %s", a.Skp, a.State, what)
	}
	return nil
}

// Acknowledge records the holder by accepting the finalised rating at now.
func (a *AnnualRating) Acknowledge(by string, now time.Time) error {
	if err := a.requireFinalised("acknowledged"); err != nil {
		return err
	}
	a.State = AnnualAcknowledged
	a.History = append(a.History, RatingStep{Action: "acknowledged", Actor: by, Predicate: a.Rating.Predicate, Time: now})
	a.Version++
	return nil
}

// FileObjection records the holder by's objection for reason today (WIB) at now, to decider
// (the appraiser's supervisor; "" when city HR decides). It is refused after the objection
// deadline (PP 30/2019 art. 59), naming it; reason must be MinObjectionReason to
// MaxObjectionReason characters (a violation of field reason).
func (a *AnnualRating) FileObjection(by, reason, decider, today string, now time.Time) error {
	reason = strings.TrimSpace(reason)
	if n := len([]rune(reason)); n < MinObjectionReason || n > MaxObjectionReason {
		return errs.Invalidf("reason", "must be %d to %d characters, got %d", MinObjectionReason, MaxObjectionReason, n)
	}
	if err := a.requireFinalised("objected to"); err != nil {
		return err
	}
	if today > a.ObjectionDeadline {
		return errs.Preconditionf("the objection deadline of the annual rating of SKP %s was %s (finalised on %s, PP 30/2019 art. 59); today is %s",
			a.Skp, a.ObjectionDeadline, a.Finalised.In(objectionZone).Format(time.DateOnly), today)
	}
	a.State = AnnualObjected
	a.Objection = &Objection{Reason: reason, Filed: now, Decider: decider}
	a.History = append(a.History, RatingStep{Action: "objected", Actor: by, Predicate: a.Rating.Predicate, Note: reason, Time: now})
	a.Version++
	return nil
}

// Decision is the decider's answer to an objection.
type Decision struct {
	Change bool
	Rating Rating // the new rating when Change; valid (NewRating)
	Reason string
}

// CheckDecision validates d: its reason is MinRatingReason to MaxRatingReason characters (field reason),
// and a change carries a valid rating (fields rating.*), whose predicate it computes.
func CheckDecision(d Decision) (Decision, error) {
	var v errs.Violations
	d.Reason = strings.TrimSpace(d.Reason)
	checkRatingReason(&v, "reason", d.Reason)
	if d.Change {
		r, err := NewRating(d.Rating)
		if e, ok := errs.As(errs.Prefix("rating", err)); ok {
			v = append(v, e.Violations...)
		}
		d.Rating = r
	}
	if err := v.Err(); err != nil {
		return Decision{}, err
	}
	if !d.Change {
		d.Rating = Rating{}
	}
	return d, nil
}

// Decide records decision d (CheckDecision) by by at now on the objected rating: upheld keeps
// the rating, changed replaces it; the decision is final.
func (a *AnnualRating) Decide(d Decision, by string, now time.Time) error {
	if a.State != AnnualObjected || a.Objection == nil {
		return errs.Preconditionf("the annual rating of SKP %s is %s: only an objected rating is decided", a.Skp, a.State)
	}
	action := "upheld"
	if d.Change {
		action, a.Rating = "changed", d.Rating
	}
	a.Objection.Changed, a.Objection.DecisionReason, a.Objection.DecidedBy, a.Objection.Decided = d.Change, d.Reason, by, now
	a.State = AnnualDecided
	a.History = append(a.History, RatingStep{Action: action, Actor: by, Predicate: a.Rating.Predicate, Note: d.Reason, Time: now})
	a.Version++
	return nil
}

// objectionZone is the city's zone (Medan, UTC+7), for the days of deadlines.
var objectionZone = time.FixedZone("WIB", 7*3600)
