package store

import (
	"context"
	"fmt"

	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/app"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
)

// annualSummary is one row of AnnualSummaries.
type annualSummary struct {
	skp              string
	state, predicate string
}

func (r reader) AnnualSummaries(ctx context.Context, ids []string) (map[string]app.AnnualSummary, error) {
	rows, err := database.QueryIn(ctx, r.q, database.Distinct(ids), 0, func(sc database.Scanner) (annualSummary, error) {
		var s annualSummary
		return s, sc.Scan(&s.skp, &s.state, &s.predicate)
	}, func(list string) string {
		return `SELECT skp, state, predicate FROM annual_ratings WHERE skp IN (` + list + `)`
	})
	if err != nil {
		return nil, fmt.Errorf("reading the annual ratings of %d SKPs: %w", len(ids), err)
	}
	out := make(map[string]app.AnnualSummary, len(rows))
	for _, s := range rows {
		out[s.skp] = app.AnnualSummary{State: domain.AnnualRatingState(s.state), Predicate: domain.Predicate(s.predicate)}
	}
	return out, nil
}
