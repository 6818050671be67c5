package store

// Peer-input forms (table peer_forms of migrations/00001_evaluation.sql, with the version of
// 00003_feedback.sql). A form is read with the rated holder's name from its SKP.

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
)

const peerFormCols = `f.id, f.skp, s.employee_name, f.period, f.rater, f.requested_by, f.state, f.scores, f.comment, f.version,
	f.create_time, f.submit_time`

const peerFormFrom = ` FROM peer_forms f JOIN skps s ON s.id = f.skp`

func scanPeerForm(sc database.Scanner) (domain.PeerForm, error) {
	var (
		f                  domain.PeerForm
		state, scores      string
		created, submitted int64
	)
	if err := sc.Scan(&f.ID, &f.Skp, &f.EmployeeName, &f.Period, &f.Rater, &f.RequestedBy, &state, &scores, &f.Comment,
		&f.Version, &created, &submitted); err != nil {
		return f, err
	}
	f.State = domain.PeerFormState(state)
	if err := json.Unmarshal([]byte(scores), &f.Scores); err != nil {
		return f, fmt.Errorf("decoding the scores of peer form %s: %w", f.ID, err)
	}
	f.Created = database.FromMicros(created)
	if submitted != 0 {
		f.Submitted = database.FromMicros(submitted)
	}
	return f, nil
}

func (r reader) PeerForm(ctx context.Context, id string) (domain.PeerForm, error) {
	lock := ""
	if r.q.Lock != "" {
		lock = r.q.Lock + " OF f"
	}
	return database.Get(ctx, r.q, "peer form", errs.NotFoundf("peerForms/%s does not exist", id), scanPeerForm,
		`SELECT `+peerFormCols+peerFormFrom+` WHERE f.id = $1`+lock, id)
}

func (r reader) PeerFormsOfRater(ctx context.Context, rater string, state domain.PeerFormState) ([]domain.PeerForm, error) {
	out, err := database.Query(ctx, r.q, scanPeerForm, `SELECT `+peerFormCols+peerFormFrom+`
		WHERE f.rater = $1 AND ($2 = '' OR f.state = $2)
		ORDER BY CASE f.state WHEN 'pending' THEN 0 ELSE 1 END, f.create_time DESC, f.id`, rater, string(state))
	if err != nil {
		return nil, fmt.Errorf("reading the peer forms of %s: %w", rater, err)
	}
	return out, nil
}

func (r reader) PeerFormsOfSkp(ctx context.Context, skp, period string) ([]domain.PeerForm, error) {
	out, err := database.Query(ctx, r.q, scanPeerForm, `SELECT `+peerFormCols+peerFormFrom+`
		WHERE f.skp = $1 AND f.period = $2 ORDER BY f.create_time, f.id`, skp, period)
	if err != nil {
		return nil, fmt.Errorf("reading the peer forms of SKP %s: %w", skp, err)
	}
	return out, nil
}

func scoresJSON(scores []domain.BehaviourScore) (string, error) {
	b, err := json.Marshal(database.NonNil(scores))
	if err != nil {
		return "", fmt.Errorf("encoding peer scores: %w", err)
	}
	return string(b), nil
}

func (t *txn) InsertPeerForm(ctx context.Context, f domain.PeerForm) error {
	scores, err := scoresJSON(f.Scores)
	if err != nil {
		return err
	}
	var submitted int64
	if !f.Submitted.IsZero() {
		submitted = database.Micros(f.Submitted)
	}
	_, err = t.tx.ExecContext(ctx, `INSERT INTO peer_forms (id, skp, period, rater, requested_by, state, scores, comment, version,
		create_time, submit_time) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		f.ID, f.Skp, f.Period, f.Rater, f.RequestedBy, string(f.State), scores, f.Comment, f.Version, database.Micros(f.Created), submitted)
	if database.IsUniqueViolation(err) {
		return database.ErrRetry // a concurrent request asked the same rater: run again, which skips them
	}
	return database.CheckInserted(err, "peer form", nil)
}

func (t *txn) UpdatePeerForm(ctx context.Context, f domain.PeerForm) error {
	scores, err := scoresJSON(f.Scores)
	if err != nil {
		return err
	}
	var submitted int64
	if !f.Submitted.IsZero() {
		submitted = database.Micros(f.Submitted)
	}
	return database.CheckUpdated(t.tx.ExecContext(ctx, `UPDATE peer_forms SET state = $1, scores = $2, comment = $3, version = $4,
		submit_time = $5 WHERE id = $6 AND version = $7`, string(f.State), scores, f.Comment, f.Version, submitted, f.ID, f.Version-1))
}
