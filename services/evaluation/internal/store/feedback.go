package store

// Feedback threads (table feedback of migrations/00001_evaluation.sql): feedback, replies and
// dialogues, never changed once written.

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
)

const feedbackCols = `id, skp, kind, author, author_name, result_id, behaviour, text, reply_to, dialogue_date, agreed_actions,
	period, create_time`

func scanFeedback(sc database.Scanner) (domain.Feedback, error) {
	var (
		f                    domain.Feedback
		kind, behaviour, act string
		created              int64
	)
	if err := sc.Scan(&f.ID, &f.Skp, &kind, &f.Author, &f.AuthorName, &f.ResultID, &behaviour, &f.Text, &f.ReplyTo,
		&f.DialogueDate, &act, &f.Period, &created); err != nil {
		return f, err
	}
	f.Kind, f.Behaviour = domain.FeedbackKind(kind), domain.Behaviour(behaviour)
	if err := json.Unmarshal([]byte(act), &f.AgreedActions); err != nil {
		return f, fmt.Errorf("decoding the agreed actions of feedback %s: %w", f.ID, err)
	}
	f.Created = database.FromMicros(created)
	return f, nil
}

func (r reader) FeedbackThread(ctx context.Context, skp, period string) ([]domain.Feedback, error) {
	out, err := database.Query(ctx, r.q, scanFeedback, `SELECT `+feedbackCols+` FROM feedback
		WHERE skp = $1 AND ($2 = '' OR period = $2) ORDER BY create_time, id`, skp, period)
	if err != nil {
		return nil, fmt.Errorf("reading the feedback of SKP %s: %w", skp, err)
	}
	return out, nil
}

func (r reader) FeedbackEntry(ctx context.Context, skp, id string) (domain.Feedback, error) {
	return database.Get(ctx, r.q, "feedback", errs.NotFoundf("skps/%s/feedback/%s does not exist", skp, id), scanFeedback,
		`SELECT `+feedbackCols+` FROM feedback WHERE skp = $1 AND id = $2`, skp, id)
}

func (t *txn) InsertFeedback(ctx context.Context, f domain.Feedback) error {
	actions, err := json.Marshal(database.NonNil(f.AgreedActions))
	if err != nil {
		return fmt.Errorf("encoding agreed actions: %w", err)
	}
	_, err = t.tx.ExecContext(ctx, `INSERT INTO feedback (`+feedbackCols+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
		f.ID, f.Skp, string(f.Kind), f.Author, f.AuthorName, f.ResultID, string(f.Behaviour), f.Text, f.ReplyTo, f.DialogueDate,
		string(actions), f.Period, database.Micros(f.Created))
	return database.CheckInserted(err, "feedback", errs.Existsf("feedback %s already exists", f.ID))
}
