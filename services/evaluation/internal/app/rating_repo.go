package app

import (
	"context"

	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
)

// RatingReader reads the rating area's data outside a transaction, or (through RatingTx)
// inside one: performance years, organisation ratings, the distribution's tallies, period and
// annual ratings.
type RatingReader interface {
	// Periods returns the performance years, newest first.
	Periods(ctx context.Context) ([]domain.Period, error)
	// YearHasPeriodRatings reports whether any SKP of year has a periodic rating.
	YearHasPeriodRatings(ctx context.Context, year int) (bool, error)
	// KnownAgency reports whether the directory copy knows code as a top-level agency.
	KnownAgency(ctx context.Context, code string) (bool, error)
	// OrganisationRating returns agency's rating for year, or an errs.NotFound error.
	OrganisationRating(ctx context.Context, year int, agency string) (domain.OrganisationRating, error)
	// OrganisationRatings returns year's ratings in agency order.
	OrganisationRatings(ctx context.Context, year int) ([]domain.OrganisationRating, error)
	// Tallies returns agency's tally for year per unit, in unit order: the employees whose
	// latest SKP of the year has been approved, and the annual predicates of those SKPs.
	Tallies(ctx context.Context, year int, agency string) ([]UnitSpread, error)
	// PeriodRating returns SKP skp's rating for period, or an errs.NotFound error.
	PeriodRating(ctx context.Context, skp, period string) (domain.PeriodRating, error)
	// PeriodRatings returns SKP skp's periodic ratings in period order.
	PeriodRatings(ctx context.Context, skp string) ([]domain.PeriodRating, error)
	// AnnualRating returns SKP skp's annual rating, or an errs.NotFound error.
	AnnualRating(ctx context.Context, skp string) (domain.AnnualRating, error)
}

// UnitSpread is one unit's tally for the distribution.
type UnitSpread struct {
	Unit string
	domain.Tally
}

// RatingTx changes the rating area's data inside a unit of work; its reads of rows about to
// change lock them on PostgreSQL (the organisation rating too, so that the changes of one
// agency's annual predicates are checked against the bound one at a time).
type RatingTx interface {
	RatingReader
	// InsertPeriod stores a new year; one already open is an errs.Exists error.
	InsertPeriod(ctx context.Context, p domain.Period) error
	// UpdatePeriod stores p over version p.Version-1.
	UpdatePeriod(ctx context.Context, p domain.Period) error
	// PutOrganisationRating stores r: inserted at version 1, over version r.Version-1 after.
	PutOrganisationRating(ctx context.Context, r domain.OrganisationRating) error
	// PutPeriodRating stores r: inserted at version 1, over version r.Version-1 after.
	PutPeriodRating(ctx context.Context, r domain.PeriodRating) error
	// InsertAnnualRating stores a finalised rating; a second of the SKP is an errs.Exists error.
	InsertAnnualRating(ctx context.Context, r domain.AnnualRating) error
	// UpdateAnnualRating stores r over version r.Version-1.
	UpdateAnnualRating(ctx context.Context, r domain.AnnualRating) error
}
