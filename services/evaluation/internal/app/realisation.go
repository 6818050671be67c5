package app

// Realisation and evidence (issue 11 §2): the holder records, per indicator and period of their
// approved SKP, what they achieved and the evidence; everyone who may see the SKP reads it.

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/resource"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
)

// RealisationName is the resource name of realisation r,
// "skps/{id}/realisations/{result}.{indicator}.{period}".
func RealisationName(r domain.Realisation) string {
	return fmt.Sprintf("%s/realisations/%s.%s.%s", SkpName(r.Skp), r.ResultID, r.IndicatorID, r.Period)
}

// RecordRealisation records, or replaces, the holder's realisation of one indicator in one
// period of SKP skpID: the SKP approved (domain.RequireRealisable), the period one of the year's
// that has started and that the SKP covers, the result and indicator the SKP's
// (domain.ValidateRealisation). etag, when given, must be the stored one's; a realisation of
// the same SKP, period, result and indicator is replaced. The holder only.
func (a *App) RecordRealisation(ctx context.Context, skpID string, r domain.Realisation, etag string) (domain.Realisation, error) {
	s, g, err := a.readSkp(ctx, skpID)
	if err != nil {
		return domain.Realisation{}, err
	}
	if err := requireHolder(g, s); err != nil {
		return domain.Realisation{}, err
	}
	r = r.Normalised()
	r.Skp = s.ID
	var out domain.Realisation
	err = a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		s, err := tx.Skp(ctx, skpID) // again, in the unit: an approval or closing may have moved it
		if err != nil {
			return err
		}
		if err := domain.RequireRealisable(s); err != nil {
			return err
		}
		year, err := fbYear(ctx, tx, s)
		if err != nil {
			return err
		}
		if err := domain.ValidateRealisation(r, s, year, a.today()); err != nil {
			return errs.Prefix("realisation", err)
		}
		old, err := tx.Realisation(ctx, s.ID, r.Period, r.ResultID, r.IndicatorID)
		switch {
		case errs.IsKind(err, errs.NotFound):
			if etag != "" {
				return errs.New(errs.Conflict, "%s has not been recorded: etag %q names no version; send none to record it",
					RealisationName(r), etag).WithReason("ETAG_MISMATCH")
			}
			out = r.Replacing(nil, a.now())
			err = tx.InsertRealisation(ctx, out)
		case err != nil:
			return err
		default:
			if err := resource.CheckEtag(RealisationName(r), etag, old.Version); err != nil {
				return err
			}
			out = r.Replacing(&old, a.now())
			err = tx.UpdateRealisation(ctx, out)
		}
		if err != nil {
			return err
		}
		return tx.Audit(ctx, AuditEntry{Resource: RealisationName(out),
			Detail: fmt.Sprintf("realisation v%d recorded: %q with %d pieces of evidence", out.Version, out.Value, len(out.Evidence))})
	})
	if err != nil {
		return domain.Realisation{}, err
	}
	return out, nil
}

// ListRealisations returns SKP skpID's realisations, of period only when it is not empty, by
// period and then in the SKP's order of results and indicators. For whoever may see the SKP.
func (a *App) ListRealisations(ctx context.Context, skpID, period string) ([]domain.Realisation, error) {
	s, _, err := a.readSkp(ctx, skpID)
	if err != nil {
		return nil, err
	}
	if err := a.checkListPeriod(ctx, s, period); err != nil {
		return nil, err
	}
	rs, err := a.repo.Realisations(ctx, s.ID, period)
	if err != nil {
		return nil, err
	}
	pos := map[string]int{} // "r2" and "r2.i1" → their place in the SKP
	for i, res := range s.Results {
		pos[res.ID] = i
		for j, ind := range res.Indicators {
			pos[res.ID+"."+ind.ID] = j
		}
	}
	slices.SortStableFunc(rs, func(x, y domain.Realisation) int {
		if x.Period != y.Period {
			return cmp.Compare(x.Period, y.Period)
		}
		if c := pos[x.ResultID] - pos[y.ResultID]; c != 0 {
			return c
		}
		return pos[x.ResultID+"."+x.IndicatorID] - pos[y.ResultID+"."+y.IndicatorID]
	})
	return rs, nil
}

// checkListPeriod refuses a period filter that is not one of the SKP's year: an Invalid error
// naming period. An empty filter passes.
func (a *App) checkListPeriod(ctx context.Context, s domain.Skp, period string) error {
	if period == "" {
		return nil
	}
	year, err := fbYear(ctx, a.repo, s)
	if err != nil {
		return err
	}
	if _, ok := year.SubPeriod(period); !ok {
		return errs.Invalidf("period", "%q is not a period of %d, which is evaluated %s", period, year.Year, year.Cadence)
	}
	return nil
}

// fbYear returns the performance year of SKP s; a year that is not open is a precondition
// failure (an SKP cannot be without one).
func fbYear(ctx context.Context, r SkpReader, s domain.Skp) (domain.Period, error) {
	y, err := r.Period(ctx, s.Year)
	if errs.IsKind(err, errs.NotFound) {
		return y, errs.Preconditionf("performance year %d of SKP %s is not open", s.Year, SkpName(s.ID))
	}
	if err != nil {
		return y, err
	}
	return y, nil
}
