package app

// Feedback on sessions (issue 10 §4): after a session, its attendees rate the trainer, the
// material and the usefulness (1–5) and may add a text, once each. The results, per session and
// per provider, go to HR and the session's trainers, never naming respondents, and show only the
// count below domain.MinRespondents answers.

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/resource"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

// sessionFeedbackName is the resource a session's feedback is audited under.
func sessionFeedbackName(session string) string { return "sessions/" + session + "/feedback" }

// SubmitFeedback records the caller's rating of session id and returns how many have answered
// for it now. Only an attendee may answer — recorded present on at least one of the session's
// days — only after the session ended, and once. The answer is kept apart from the record that
// the caller answered (store: feedback_answers carries no employee and no time).
func (a *App) SubmitFeedback(ctx context.Context, id string, f domain.Feedback) (int, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return 0, err
	}
	s, err := a.repo.FeedbackSession(ctx, id)
	if err != nil {
		return 0, err
	}
	if s.Cancelled {
		return 0, errs.Preconditionf("session %s was cancelled; there is nothing to rate", id)
	}
	f.Text = strings.TrimSpace(f.Text)
	var count int
	err = a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		attended, err := tx.AttendedSession(ctx, id, g.Subject)
		if err != nil {
			return err
		}
		answered, err := tx.FeedbackGiven(ctx, id, g.Subject)
		if err != nil {
			return err
		}
		now := a.now()
		if err := domain.ValidateFeedback(f, attended, answered, domain.Session{ID: s.ID, Start: s.Start, End: s.End}, now); err != nil {
			return err
		}
		if err := tx.InsertFeedback(ctx, id, g.Subject, f, now); err != nil {
			return err
		}
		if count, err = tx.FeedbackCount(ctx, id); err != nil {
			return err
		}
		// The detail says nothing of the ratings: the trail names the respondent.
		return tx.Audit(ctx, AuditEntry{Resource: sessionFeedbackName(id), Detail: "a response recorded"})
	})
	if err != nil {
		return 0, err
	}
	return count, nil
}

// GetSessionFeedback returns the summary of session id's feedback: the count, and from
// domain.MinRespondents answers on the averages and the texts, in an order that says nothing of
// who wrote them. For HR of the agency that runs the session, city HR and auditors, and the
// session's trainers listed by NIP.
func (a *App) GetSessionFeedback(ctx context.Context, id string) (domain.FeedbackSummary, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return domain.FeedbackSummary{}, err
	}
	s, err := a.repo.FeedbackSession(ctx, id)
	if err != nil {
		return domain.FeedbackSummary{}, err
	}
	if !g.Reaches(s.Agency) && !slices.Contains(s.Trainers, g.Subject) {
		return domain.FeedbackSummary{}, errs.Deniedf("%s may not see the feedback of session %s: it is shown to the HR of the agency that runs it and to its trainers", g.Subject, id)
	}
	answers, err := a.repo.FeedbackAnswers(ctx, []string{id})
	if err != nil {
		return domain.FeedbackSummary{}, err
	}
	return domain.Summarize(answers[id]), nil
}

// ProviderFeedback is the summary over a provider's sessions of a year.
type ProviderFeedback struct {
	Summary domain.FeedbackSummary
	// Sessions is how many of the provider's sessions of the year have an answer.
	Sessions int
}

// GetProviderFeedback returns the feedback over the sessions of provider's programmes that ended
// in year (this year when 0), each session's year taken in its own zone: the count, and from
// domain.MinRespondents answers in all the averages; the texts only of sessions that reached
// domain.MinRespondents themselves (domain.SummarizeProvider). For HR (agency and city) and
// auditors: a provider's aggregate names nobody and helps every agency choose.
func (a *App) GetProviderFeedback(ctx context.Context, provider string, year int) (ProviderFeedback, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return ProviderFeedback{}, err
	}
	provider = strings.TrimSpace(provider)
	if provider == "" {
		return ProviderFeedback{}, errs.Invalidf("provider", "is required: the provider's name, as on the programmes")
	}
	if year == 0 {
		year = a.now().In(medan).Year()
	}
	if year < 2000 || year > 2100 {
		return ProviderFeedback{}, errs.Invalidf("year", "must be a year from 2000 to 2100, got %d", year)
	}
	if g.Scope < auth.ScopeAgency {
		return ProviderFeedback{}, errs.Deniedf("%s (%s scope) may not see a provider's feedback: it is shown to HR", g.Subject, g.Scope)
	}
	// A day either side covers every zone's new year; each session's own year is checked below.
	from := time.Date(year, time.January, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -1)
	to := time.Date(year+1, time.January, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, 1)
	sessions, err := a.repo.ProviderSessions(ctx, provider, from, to)
	if err != nil {
		return ProviderFeedback{}, err
	}
	var ids []string
	for _, s := range sessions {
		loc, err := time.LoadLocation(s.TimeZone)
		if err != nil {
			return ProviderFeedback{}, fmt.Errorf("session %s has time zone %q: %w", s.ID, s.TimeZone, err)
		}
		if s.End.In(loc).Year() == year {
			ids = append(ids, s.ID)
		}
	}
	answers, err := a.repo.FeedbackAnswers(ctx, ids)
	if err != nil {
		return ProviderFeedback{}, err
	}
	by := make([][]domain.Feedback, 0, len(ids))
	for _, id := range ids {
		by = append(by, answers[id])
	}
	sum, n := domain.SummarizeProvider(by)
	return ProviderFeedback{Summary: sum, Sessions: n}, nil
}
