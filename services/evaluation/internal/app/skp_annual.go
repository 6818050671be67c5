package app

import (
	"context"

	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
)

// AnnualSummary is where an SKP's annual rating is and its predicate in force.
type AnnualSummary struct {
	State     domain.AnnualRatingState
	Predicate domain.Predicate
}

// withAnnual returns skps with the summary of their annual ratings, read in one query, so that a
// reader (the holder above all: issue 11 §3, transparency) sees at once whether there is one
// and what it says.
func (a *App) withAnnual(ctx context.Context, skps []domain.Skp) ([]domain.Skp, error) {
	if len(skps) == 0 {
		return skps, nil
	}
	ids := make([]string, len(skps))
	for i, s := range skps {
		ids[i] = s.ID
	}
	sums, err := a.repo.AnnualSummaries(ctx, ids)
	if err != nil {
		return nil, err
	}
	for i := range skps {
		if sum, ok := sums[skps[i].ID]; ok {
			skps[i].AnnualState, skps[i].AnnualPredicate = sum.State, sum.Predicate
		}
	}
	return skps, nil
}
