package domain

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/simpeg-id/simpeg/platform/errs"
)

// MinRespondents is how many answers a session or provider needs before its feedback figures
// are shown; below it only the count is shown, so no respondent can be singled out (issue 10 §4).
const MinRespondents = 3

// maxFeedbackText is the longest free text of a response, in characters.
const maxFeedbackText = 2000

// Feedback is one attendee's rating of a session, each rating 1 to 5.
type Feedback struct {
	Trainer, Material, Usefulness int
	Text                          string
}

// ValidateFeedback checks a response: only an attendee (attended at least one session day) may
// rate, only after the session ended, once; ratings are 1–5.
func ValidateFeedback(f Feedback, attended, alreadyAnswered bool, s Session, now time.Time) error {
	if !attended {
		return errs.Deniedf("only the attendees of session %s (recorded present on at least one of its days) may rate it", s.ID)
	}
	if now.Before(s.End) {
		return errs.Preconditionf("session %s has not ended yet", s.ID)
	}
	if alreadyAnswered {
		return errs.Existsf("this attendee has already rated session %s", s.ID)
	}
	var v errs.Violations
	for _, r := range []struct {
		field string
		value int
	}{{"trainer", f.Trainer}, {"material", f.Material}, {"usefulness", f.Usefulness}} {
		if r.value < 1 || r.value > 5 {
			v.Add(r.field, "must be from 1 to 5, got %d", r.value)
		}
	}
	if utf8.RuneCountInString(f.Text) > maxFeedbackText {
		v.Add("comment", "must be at most %d characters", maxFeedbackText)
	}
	return v.Err()
}

// FeedbackSummary is the aggregate of a session's or provider's feedback. When Hidden, only
// Count is set.
type FeedbackSummary struct {
	Count                         int
	Hidden                        bool
	Trainer, Material, Usefulness float64  // averages
	Texts                         []string // the non-empty free texts, in the order given
}

// Summarize aggregates responses, hiding the figures and texts below MinRespondents. The texts
// come in the order of fs; a caller passes them in an order that says nothing of who wrote them.
func Summarize(fs []Feedback) FeedbackSummary {
	s := FeedbackSummary{Count: len(fs)}
	if len(fs) < MinRespondents {
		s.Hidden = true
		return s
	}
	for _, f := range fs {
		s.Trainer += float64(f.Trainer)
		s.Material += float64(f.Material)
		s.Usefulness += float64(f.Usefulness)
		if t := strings.TrimSpace(f.Text); t != "" {
			s.Texts = append(s.Texts, t)
		}
	}
	n := float64(len(fs))
	s.Trainer, s.Material, s.Usefulness = s.Trainer/n, s.Material/n, s.Usefulness/n
	return s
}

// SummarizeProvider aggregates the responses of a provider's sessions, by session: the count and
// averages over every response, hidden below MinRespondents in all; the texts only of sessions
// that reached MinRespondents themselves, since a text from a session that one or two people
// rated could be told apart by whoever knows who attended it. sessions is how many sessions
// have a response.
func SummarizeProvider(bySession [][]Feedback) (s FeedbackSummary, sessions int) {
	var all []Feedback
	var texts []string
	for _, fs := range bySession {
		if len(fs) == 0 {
			continue
		}
		sessions++
		all = append(all, fs...)
		if len(fs) >= MinRespondents {
			texts = append(texts, Summarize(fs).Texts...)
		}
	}
	s = Summarize(all)
	if !s.Hidden {
		s.Texts = texts
	}
	return s, sessions
}
