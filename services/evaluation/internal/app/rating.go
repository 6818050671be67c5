package app

// Periodic and annual ratings (issue 11 §3): the appraiser rates an approved SKP at each
// period's end and finalises its annual rating, by the matrix, against the agency's bound.

import (
	"context"
	"fmt"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/resource"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
)

// PeriodRatingName is the resource name of SKP id's rating for period.
func PeriodRatingName(id, period string) string { return SkpName(id) + "/ratings/" + period }

// AnnualRatingName is the resource name of SKP id's annual rating.
func AnnualRatingName(id string) string { return SkpName(id) + "/annualRating" }

// AnnualRatingID returns the SKP id of name "skps/{id}/annualRating", or an Invalid error
// naming field.
func AnnualRatingID(name, field string) (string, error) {
	return resource.NameID(name, "skps/", "/annualRating", field)
}

// RatePeriod rates (or, with the etag of the rating as read, re-rates) SKP id for period of its
// year, by its appraiser (city HR for an agency head; requireAppraiser). The SKP has been
// approved, the period has ended (WIB) and overlaps the SKP (domain.CheckPeriodRateable); the
// predicate follows the matrix (domain.NewRating). Re-rating stops once the SKP's annual rating
// is finalised. It announces PeriodRated.
func (a *App) RatePeriod(ctx context.Context, id, period string, r domain.Rating, etag string) (domain.PeriodRating, error) {
	s, g, err := a.readSkp(ctx, id)
	if err != nil {
		return domain.PeriodRating{}, err
	}
	if err := requireAppraiser(g, s); err != nil {
		return domain.PeriodRating{}, err
	}
	rating, err := domain.NewRating(r)
	if err != nil {
		return domain.PeriodRating{}, errs.Prefix("rating", err)
	}
	var out domain.PeriodRating
	err = a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		s, err := tx.Skp(ctx, id)
		if err != nil {
			return err
		}
		y, err := tx.Period(ctx, s.Year)
		if err != nil {
			return err
		}
		sub, ok := y.SubPeriod(period)
		if !ok {
			return errs.Invalidf("period", "%q is not a period of %d (%s): want one of %s", period, s.Year, y.Cadence, ratingPeriodIDs(y))
		}
		if err := domain.CheckPeriodRateable(s, sub, a.today()); err != nil {
			return err
		}
		if _, err := tx.AnnualRating(ctx, id); err == nil {
			return errs.Preconditionf("the annual rating of %s is finalised: its periodic ratings are closed", SkpName(id))
		} else if !errs.IsKind(err, errs.NotFound) {
			return err
		}
		var stored *domain.PeriodRating
		if p, err := tx.PeriodRating(ctx, id, period); err == nil {
			stored = &p
			if err := resource.CheckEtag(PeriodRatingName(id, period), etag, p.Version); err != nil {
				return err
			}
		} else if !errs.IsKind(err, errs.NotFound) {
			return err
		}
		out = domain.RatePeriod(s, period, rating, stored, g.Subject, a.now())
		if err := tx.PutPeriodRating(ctx, out); err != nil {
			return err
		}
		if err := tx.Emit(ctx, domain.PeriodRated{Skp: s, Rating: out}); err != nil {
			return err
		}
		verb := "rated"
		if stored != nil {
			verb = "re-rated"
		}
		return tx.Audit(ctx, AuditEntry{Resource: PeriodRatingName(id, period), Detail: fmt.Sprintf("%s %s: results %s, behaviour %s",
			verb, rating.Predicate.Label(), rating.Results, rating.Behaviour)})
	})
	if err != nil {
		return domain.PeriodRating{}, err
	}
	return out, nil
}

// ratingPeriodIDs lists the ids of year y's periods.
func ratingPeriodIDs(y domain.Period) string {
	var out string
	for i, s := range y.SubPeriods() {
		if i > 0 {
			out += ", "
		}
		out += s.ID
	}
	return out
}

// ListPeriodRatings returns SKP id's periodic ratings in period order, to whoever may see it.
func (a *App) ListPeriodRatings(ctx context.Context, id string) ([]domain.PeriodRating, error) {
	if _, _, err := a.readSkp(ctx, id); err != nil {
		return nil, err
	}
	return a.repo.PeriodRatings(ctx, id)
}

// FinaliseAnnualRating finalises SKP id's annual rating r by its appraiser (city HR for an
// agency head), once (a second is an AlreadyExists error). The SKP has been approved and it is
// 1 December of its year or later, or after the last day of an SKP closed earlier
// (domain.CheckFinalisable: the annual evaluation falls at the year's end, a service choice).
// The predicate follows the matrix. For the holder's latest SKP — the one the agency's
// distribution counts — the organisation predicate must be set and the predicate must keep
// the agency within its bound (domain.Bounded.CheckChange). The holder may object until the
// policy's days after today (WIB). It announces AnnualRatingFinalised.
func (a *App) FinaliseAnnualRating(ctx context.Context, id string, r domain.Rating) (domain.AnnualRating, error) {
	s, g, err := a.readSkp(ctx, id)
	if err != nil {
		return domain.AnnualRating{}, err
	}
	if err := requireAppraiser(g, s); err != nil {
		return domain.AnnualRating{}, err
	}
	rating, err := domain.NewRating(r)
	if err != nil {
		return domain.AnnualRating{}, errs.Prefix("rating", err)
	}
	var out domain.AnnualRating
	err = a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		s, err := tx.Skp(ctx, id)
		if err != nil {
			return err
		}
		today := a.today()
		if err := domain.CheckFinalisable(s, today); err != nil {
			return err
		}
		if _, err := tx.AnnualRating(ctx, id); err == nil {
			return errs.Existsf("the annual rating of %s is already finalised: only an objection changes it", SkpName(id))
		} else if !errs.IsKind(err, errs.NotFound) {
			return err
		}
		if s.Latest {
			b, err := a.boundedNow(ctx, tx, s.Year, s.Agency)
			if err != nil {
				return err
			}
			if err := b.CheckChange("", rating.Predicate); err != nil {
				return err
			}
		}
		out = domain.FinaliseAnnual(s, rating, g.Subject, today, a.policy.ObjectionDays, a.now())
		if err := tx.InsertAnnualRating(ctx, out); err != nil {
			return err
		}
		if err := tx.Emit(ctx, domain.AnnualRatingFinalised{Rating: out}); err != nil {
			return err
		}
		return tx.Audit(ctx, AuditEntry{Resource: AnnualRatingName(id), Detail: fmt.Sprintf("finalised %s: results %s, behaviour %s; objections until %s",
			rating.Predicate.Label(), rating.Results, rating.Behaviour, out.ObjectionDeadline)})
	})
	if err != nil {
		return domain.AnnualRating{}, err
	}
	return out, nil
}

// GetAnnualRating returns SKP id's annual rating with its history, to whoever may see the SKP;
// NotFound when it is not finalised yet.
func (a *App) GetAnnualRating(ctx context.Context, id string) (domain.AnnualRating, error) {
	if _, _, err := a.readSkp(ctx, id); err != nil {
		return domain.AnnualRating{}, err
	}
	return a.repo.AnnualRating(ctx, id)
}
