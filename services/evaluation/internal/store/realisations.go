package store

// Realisations (table realisations of migrations/00001_evaluation.sql): what the holder achieved
// per indicator and period, with the evidence as JSON.

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
)

const realisationCols = `skp, result_id, indicator_id, period, value, evidence, version, update_time`

func scanRealisation(sc database.Scanner) (domain.Realisation, error) {
	var (
		r        domain.Realisation
		evidence string
		updated  int64
	)
	if err := sc.Scan(&r.Skp, &r.ResultID, &r.IndicatorID, &r.Period, &r.Value, &evidence, &r.Version, &updated); err != nil {
		return r, err
	}
	if err := json.Unmarshal([]byte(evidence), &r.Evidence); err != nil {
		return r, fmt.Errorf("decoding the evidence of a realisation of SKP %s: %w", r.Skp, err)
	}
	r.Updated = database.FromMicros(updated)
	return r, nil
}

func (r reader) Realisations(ctx context.Context, skp, period string) ([]domain.Realisation, error) {
	out, err := database.Query(ctx, r.q, scanRealisation, `SELECT `+realisationCols+` FROM realisations
		WHERE skp = $1 AND ($2 = '' OR period = $2) ORDER BY period, result_id, indicator_id`, skp, period)
	if err != nil {
		return nil, fmt.Errorf("reading the realisations of SKP %s: %w", skp, err)
	}
	return out, nil
}

func (r reader) Realisation(ctx context.Context, skp, period, result, indicator string) (domain.Realisation, error) {
	return database.Get(ctx, r.q, "realisation", errs.NotFoundf("SKP %s has no realisation of %s.%s in %s", skp, result, indicator, period),
		scanRealisation, `SELECT `+realisationCols+` FROM realisations
		WHERE skp = $1 AND period = $2 AND result_id = $3 AND indicator_id = $4`+r.q.Lock, skp, period, result, indicator)
}

func evidenceJSON(ev []domain.Evidence) (string, error) {
	b, err := json.Marshal(database.NonNil(ev))
	if err != nil {
		return "", fmt.Errorf("encoding evidence: %w", err)
	}
	return string(b), nil
}

func (t *txn) InsertRealisation(ctx context.Context, r domain.Realisation) error {
	ev, err := evidenceJSON(r.Evidence)
	if err != nil {
		return err
	}
	_, err = t.tx.ExecContext(ctx, `INSERT INTO realisations (`+realisationCols+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		r.Skp, r.ResultID, r.IndicatorID, r.Period, r.Value, ev, r.Version, database.Micros(r.Updated))
	if database.IsUniqueViolation(err) {
		return database.ErrRetry // recorded by a concurrent call: run again and replace it
	}
	return database.CheckInserted(err, "realisation", nil)
}

func (t *txn) UpdateRealisation(ctx context.Context, r domain.Realisation) error {
	ev, err := evidenceJSON(r.Evidence)
	if err != nil {
		return err
	}
	return database.CheckUpdated(t.tx.ExecContext(ctx, `UPDATE realisations SET value = $1, evidence = $2, version = $3, update_time = $4
		WHERE skp = $5 AND period = $6 AND result_id = $7 AND indicator_id = $8 AND version = $9`,
		r.Value, ev, r.Version, database.Micros(r.Updated), r.Skp, r.Period, r.ResultID, r.IndicatorID, r.Version-1))
}
