package store

// Performance years and organisation ratings (tables periods and organisation_ratings of
// migrations/00001_evaluation.sql). The Period read is in skps.go, shared with the SKP area.

import (
	"context"
	"fmt"

	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
)

func (r reader) Periods(ctx context.Context) ([]domain.Period, error) {
	out, err := database.Query(ctx, r.q, scanPeriod,
		`SELECT year, cadence, skp_due_date, rating_due_days, version, create_time, update_time FROM periods ORDER BY year DESC`)
	if err != nil {
		return nil, fmt.Errorf("listing performance years: %w", err)
	}
	return out, nil
}

func (r reader) YearHasPeriodRatings(ctx context.Context, year int) (bool, error) {
	var n int
	err := r.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM period_ratings pr JOIN skps s ON s.id = pr.skp
		WHERE s.year = $1 LIMIT 1) x`, year).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("looking for the periodic ratings of %d: %w", year, err)
	}
	return n > 0, nil
}

func (r reader) KnownAgency(ctx context.Context, code string) (bool, error) {
	var n int
	err := r.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM directory_agencies WHERE code = $1 AND parent = ''`, code).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("looking up agency %s in the directory copy: %w", code, err)
	}
	return n > 0, nil
}

func (t *txn) InsertPeriod(ctx context.Context, p domain.Period) error {
	_, err := t.tx.ExecContext(ctx, `INSERT INTO periods (year, cadence, skp_due_date, rating_due_days, version, create_time, update_time)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, p.Year, string(p.Cadence), p.SkpDueDate, p.RatingDueDays, p.Version,
		database.Micros(p.Created), database.Micros(p.Updated))
	return database.CheckInserted(err, "performance year", errs.Existsf("performance year %d is already open (%s)", p.Year, domain.PeriodName(p.Year)))
}

func (t *txn) UpdatePeriod(ctx context.Context, p domain.Period) error {
	return database.CheckUpdated(t.tx.ExecContext(ctx, `UPDATE periods SET cadence = $1, skp_due_date = $2, rating_due_days = $3,
		version = $4, update_time = $5 WHERE year = $6 AND version = $7`,
		string(p.Cadence), p.SkpDueDate, p.RatingDueDays, p.Version, database.Micros(p.Updated), p.Year, p.Version-1))
}

const orgRatingCols = `year, agency, predicate, note, set_by, version, update_time`

func scanOrgRating(sc database.Scanner) (domain.OrganisationRating, error) {
	var (
		o         domain.OrganisationRating
		predicate string
		updated   int64
	)
	if err := sc.Scan(&o.Year, &o.Agency, &predicate, &o.Note, &o.SetBy, &o.Version, &updated); err != nil {
		return o, err
	}
	o.Predicate, o.Updated = domain.OrganisationPredicate(predicate), database.FromMicros(updated)
	return o, nil
}

func (r reader) OrganisationRating(ctx context.Context, year int, agency string) (domain.OrganisationRating, error) {
	return database.Get(ctx, r.q, "organisation rating",
		errs.NotFoundf("city HR has not set %s's organisation predicate for %d", agency, year), scanOrgRating,
		`SELECT `+orgRatingCols+` FROM organisation_ratings WHERE year = $1 AND agency = $2`+r.q.Lock, year, agency)
}

func (r reader) OrganisationRatings(ctx context.Context, year int) ([]domain.OrganisationRating, error) {
	out, err := database.Query(ctx, r.q, scanOrgRating,
		`SELECT `+orgRatingCols+` FROM organisation_ratings WHERE year = $1 ORDER BY agency`, year)
	if err != nil {
		return nil, fmt.Errorf("listing the organisation ratings of %d: %w", year, err)
	}
	return out, nil
}

func (t *txn) PutOrganisationRating(ctx context.Context, o domain.OrganisationRating) error {
	if o.Version == 1 {
		_, err := t.tx.ExecContext(ctx, `INSERT INTO organisation_ratings (`+orgRatingCols+`) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			o.Year, o.Agency, string(o.Predicate), o.Note, o.SetBy, o.Version, database.Micros(o.Updated))
		if database.IsUniqueViolation(err) {
			return database.ErrRetry // set concurrently: read it again
		}
		return database.CheckInserted(err, "organisation rating", nil)
	}
	return database.CheckUpdated(t.tx.ExecContext(ctx, `UPDATE organisation_ratings SET predicate = $1, note = $2, set_by = $3,
		version = $4, update_time = $5 WHERE year = $6 AND agency = $7 AND version = $8`,
		string(o.Predicate), o.Note, o.SetBy, o.Version, database.Micros(o.Updated), o.Year, o.Agency, o.Version-1))
}
