package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/services/training/internal/app"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

// Feedback: tables feedback_respondents and feedback_answers (migrations/00003_competency.sql),
// and the reads of sessions (the catalogue's) and session days (delivery's) it needs. Who
// answered and what was answered are written apart: an answer row has a random id, no employee
// and no time.

const feedbackSessionCols = `s.id, s.programme, p.provider, s.agency, s.start_time, s.end_time, s.time_zone, s.state, s.trainers`

func scanFeedbackSession(sc database.Scanner) (app.FeedbackSession, error) {
	var s app.FeedbackSession
	var start, end int64
	var state, trainers string
	if err := sc.Scan(&s.ID, &s.Programme, &s.Provider, &s.Agency, &start, &end, &s.TimeZone, &state, &trainers); err != nil {
		return s, err
	}
	s.Start, s.End, s.Cancelled = database.FromMicros(start), database.FromMicros(end), state == "cancelled"
	if err := json.Unmarshal([]byte(trainers), &s.Trainers); err != nil {
		return s, fmt.Errorf("session %s: decoding trainers: %w", s.ID, err)
	}
	return s, nil
}

func (r reader) FeedbackSession(ctx context.Context, id string) (app.FeedbackSession, error) {
	return database.Get(ctx, r.q, "session", errs.NotFoundf("session %q does not exist", id), scanFeedbackSession,
		`SELECT `+feedbackSessionCols+` FROM sessions s JOIN programmes p ON p.id = s.programme WHERE s.id = $1`, id)
}

func (r reader) ProviderSessions(ctx context.Context, provider string, from, to time.Time) ([]app.FeedbackSession, error) {
	out, err := database.Query(ctx, r.q, scanFeedbackSession, `SELECT `+feedbackSessionCols+`
		FROM programmes p JOIN sessions s ON s.programme = p.id
		WHERE p.provider = $1 AND s.end_time >= $2 AND s.end_time < $3 AND s.state <> 'cancelled'
		ORDER BY s.end_time, s.id`, provider, database.Micros(from), database.Micros(to))
	if err != nil {
		return nil, fmt.Errorf("listing the provider's sessions: %w", err)
	}
	return out, nil
}

func (r reader) FeedbackAnswers(ctx context.Context, sessions []string) (map[string][]domain.Feedback, error) {
	out := map[string][]domain.Feedback{}
	err := database.EachIn(ctx, r.q, sessions, 0, func(sc database.Scanner) error {
		var session string
		var f domain.Feedback
		if err := sc.Scan(&session, &f.Trainer, &f.Material, &f.Usefulness, &f.Text); err != nil {
			return err
		}
		out[session] = append(out[session], f)
		return nil
	}, func(in string) string {
		return `SELECT session, trainer, material, usefulness, body FROM feedback_answers WHERE session IN (` + in + `) ORDER BY session, id`
	})
	if err != nil {
		return nil, fmt.Errorf("reading feedback: %w", err)
	}
	return out, nil
}

func (r reader) AttendedSession(ctx context.Context, session, employee string) (bool, error) {
	return r.exists(ctx, "session attendance", `SELECT 1 FROM session_days WHERE employee = $1 AND session = $2 AND present = 1`, employee, session)
}

func (r reader) FeedbackGiven(ctx context.Context, session, employee string) (bool, error) {
	return r.exists(ctx, "feedback respondent", `SELECT 1 FROM feedback_respondents WHERE session = $1 AND employee = $2`, session, employee)
}

// exists reports whether query selects a row.
func (r reader) exists(ctx context.Context, what, query string, args ...any) (bool, error) {
	_, found, err := database.One(r.q.QueryRowContext(ctx, query+` LIMIT 1`, args...), func(sc database.Scanner) (int, error) {
		var n int
		return n, sc.Scan(&n)
	})
	if err != nil {
		return false, fmt.Errorf("reading %s: %w", what, err)
	}
	return found, nil
}

func (t *txn) InsertFeedback(ctx context.Context, session, employee string, f domain.Feedback, now time.Time) error {
	_, err := t.tx.ExecContext(ctx, `INSERT INTO feedback_respondents (session, employee, create_time) VALUES ($1, $2, $3)`,
		session, employee, database.Micros(now))
	if err := database.CheckInserted(err, "feedback respondent", errs.Existsf("%s has already rated session %s", employee, session)); err != nil {
		return err
	}
	id, err := uuid.NewRandom() // v4: nothing of the time, so the order of ids says nothing of the order of answers
	if err != nil {
		return err
	}
	_, err = t.tx.ExecContext(ctx, `INSERT INTO feedback_answers (id, session, trainer, material, usefulness, body) VALUES ($1, $2, $3, $4, $5, $6)`,
		id.String(), session, f.Trainer, f.Material, f.Usefulness, f.Text)
	return database.CheckInserted(err, "feedback", errs.Existsf("feedback %s already exists", id))
}

func (t *txn) FeedbackCount(ctx context.Context, session string) (int, error) {
	var n int
	if err := t.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM feedback_respondents WHERE session = $1`, session).Scan(&n); err != nil {
		return 0, fmt.Errorf("counting feedback: %w", err)
	}
	return n, nil
}
