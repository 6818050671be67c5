package app

// The agencies' organisation predicates and the live distribution against their bounds (issue
// 11 §1 and §3): city HR sets each agency's predicate for a year; agency HR, auditors and city
// HR read them and the distribution, computed from the tables at each call.

import (
	"context"
	"fmt"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/resource"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
)

// OrganisationRatingName is the resource name of agency's rating for year.
func OrganisationRatingName(year int, agency string) string {
	return fmt.Sprintf("periods/%d/organisationRatings/%s", year, agency)
}

// SetOrganisationRating sets (or changes, if etag when given is current) in's agency's
// predicate for in's year, by city HR. The year must be open and the agency known to the
// directory copy (Invalid naming organisation_rating.agency otherwise). A change re-checks the
// agency's annual predicates already finalised against the new predicate's bounds and is
// refused (FailedPrecondition, DISTRIBUTION_BOUND) naming the rule it would break. It announces
// OrganisationRatingSet.
func (a *App) SetOrganisationRating(ctx context.Context, in domain.OrganisationRating, etag string) (domain.OrganisationRating, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return domain.OrganisationRating{}, err
	}
	if err := requireCityAdmin(g, "set an agency's organisation predicate"); err != nil {
		return domain.OrganisationRating{}, err
	}
	if in.Agency == "" {
		return domain.OrganisationRating{}, errs.Invalidf("organisation_rating.agency", "is required")
	}
	known, err := a.repo.KnownAgency(ctx, in.Agency)
	if err != nil {
		return domain.OrganisationRating{}, err
	}
	if !known {
		return domain.OrganisationRating{}, errs.Invalidf("organisation_rating.agency", "%q is not an agency the directory knows", in.Agency)
	}
	var out domain.OrganisationRating
	err = a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		if _, err := tx.Period(ctx, in.Year); err != nil {
			return yearNotOpen(err, in.Year, "organisation_rating.year")
		}
		var stored *domain.OrganisationRating
		if s, err := tx.OrganisationRating(ctx, in.Year, in.Agency); err == nil {
			stored = &s
		} else if !errs.IsKind(err, errs.NotFound) {
			return err
		}
		if stored != nil {
			if err := resource.CheckEtag(OrganisationRatingName(in.Year, in.Agency), etag, stored.Version); err != nil {
				return err
			}
		}
		o, err := domain.NewOrganisationRating(in, stored, g.Subject, a.now())
		if err != nil {
			return errs.Prefix("organisation_rating", err)
		}
		if stored != nil && stored.Predicate == o.Predicate && stored.Note == o.Note {
			out = *stored
			return nil
		}
		if stored == nil || stored.Predicate != o.Predicate {
			b, err := a.bounded(ctx, tx, o.Year, o.Agency, o.Predicate)
			if err != nil {
				return err
			}
			if err := b.CheckAll(); err != nil {
				return err
			}
		}
		if err := tx.PutOrganisationRating(ctx, o); err != nil {
			return err
		}
		out = o
		if err := tx.Emit(ctx, domain.OrganisationRatingSet{Rating: o}); err != nil {
			return err
		}
		return tx.Audit(ctx, AuditEntry{Resource: OrganisationRatingName(o.Year, o.Agency),
			Detail: fmt.Sprintf("set to %s: %s", o.Predicate.Label(), o.Note)})
	})
	if err != nil {
		return domain.OrganisationRating{}, err
	}
	return out, nil
}

// yearNotOpen turns the NotFound error of a year that is not open into an Invalid error
// naming field; other errors pass.
func yearNotOpen(err error, year int, field string) error {
	if errs.IsKind(err, errs.NotFound) {
		return errs.Invalidf(field, "performance year %d is not open (city HR opens it with CreatePeriod)", year)
	}
	return err
}

// ListOrganisationRatings returns year's organisation ratings in agency order: all of them to
// city HR and auditors, agency HR their own agency's only.
func (a *App) ListOrganisationRatings(ctx context.Context, year int) ([]domain.OrganisationRating, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return nil, err
	}
	all, err := a.repo.OrganisationRatings(ctx, year)
	if err != nil {
		return nil, err
	}
	if g.Scope == auth.ScopeAll {
		return all, nil
	}
	var out []domain.OrganisationRating
	for _, o := range all {
		if g.Reaches(o.Agency) {
			out = append(out, o)
		}
	}
	return out, nil
}

// Distribution is the live spread of an agency's annual predicates for a year (or of one of
// its units), with the bounds for the agency's row.
type Distribution struct {
	Agency, Unit string
	Year         int
	Organisation domain.OrganisationPredicate // "" when city HR has not set it
	domain.Tally
	Bounds []domain.BoundStatus // the agency's row only
}

// GetDistribution returns agency's distribution for year against its bounds, with a row per
// unit in unit order: to agency HR for their agency, to city HR and auditors for any.
func (a *App) GetDistribution(ctx context.Context, year int, agency string) (Distribution, []Distribution, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return Distribution{}, nil, err
	}
	if !g.Reaches(agency) {
		return Distribution{}, nil, errs.Deniedf("%s (agency %q) may not see the distribution of agency %q", g.Subject, g.Agency, agency)
	}
	if agency == "" {
		return Distribution{}, nil, errs.Invalidf("agency", "is required")
	}
	org := domain.OrganisationPredicate("")
	if o, err := a.repo.OrganisationRating(ctx, year, agency); err == nil {
		org = o.Predicate
	} else if !errs.IsKind(err, errs.NotFound) {
		return Distribution{}, nil, err
	}
	units, err := a.repo.Tallies(ctx, year, agency)
	if err != nil {
		return Distribution{}, nil, err
	}
	whole := Distribution{Agency: agency, Year: year, Organisation: org, Tally: domain.Tally{Counts: map[domain.Predicate]int{}}}
	rows := make([]Distribution, len(units))
	for i, u := range units {
		whole.Tally = whole.Tally.Add(u.Tally)
		rows[i] = Distribution{Agency: agency, Unit: u.Unit, Year: year, Organisation: org, Tally: u.Tally}
	}
	if org != "" {
		whole.Bounds = domain.Statuses(a.policy.Bounds[org], whole.Tally)
	}
	return whole, rows, nil
}

// bounded reads agency's year as the bound sees it, with organisation predicate org ("" when
// not set), through r (a transaction's reads, for a check made before a change).
func (a *App) bounded(ctx context.Context, r RatingReader, year int, agency string, org domain.OrganisationPredicate) (domain.Bounded, error) {
	units, err := r.Tallies(ctx, year, agency)
	if err != nil {
		return domain.Bounded{}, err
	}
	t := domain.Tally{Counts: map[domain.Predicate]int{}}
	for _, u := range units {
		t = t.Add(u.Tally)
	}
	return domain.Bounded{Agency: agency, Year: year, Organisation: org, Bounds: a.policy.Bounds[org], Tally: t}, nil
}

// boundedNow reads agency's year with its organisation predicate through tx, locking the
// organisation rating's row on PostgreSQL so that the agency's changes are checked one at a
// time.
func (a *App) boundedNow(ctx context.Context, tx Tx, year int, agency string) (domain.Bounded, error) {
	org := domain.OrganisationPredicate("")
	if o, err := tx.OrganisationRating(ctx, year, agency); err == nil {
		org = o.Predicate
	} else if !errs.IsKind(err, errs.NotFound) {
		return domain.Bounded{}, err
	}
	return a.bounded(ctx, tx, year, agency, org)
}
