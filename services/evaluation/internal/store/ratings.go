package store

// Period and annual ratings and the distribution's tallies (tables period_ratings and
// annual_ratings of migrations/00001_evaluation.sql, counted against skps).

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/app"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
)

// Tallies counts, per unit, the agency's employees whose latest SKP of the year has been
// approved (skps.latest = 1, approved_state = 1) and the annual predicates of those SKPs: the
// ratings of closed, earlier SKPs do not count.
func (r reader) Tallies(ctx context.Context, year int, agency string) ([]app.UnitSpread, error) {
	byUnit := map[string]*app.UnitSpread{}
	var order []string
	err := database.QueryEach(ctx, r.q, func(sc database.Scanner) error {
		var (
			unit, predicate string
			n               int
		)
		if err := sc.Scan(&unit, &predicate, &n); err != nil {
			return err
		}
		u := byUnit[unit]
		if u == nil {
			u = &app.UnitSpread{Unit: unit, Tally: domain.Tally{Counts: map[domain.Predicate]int{}}}
			byUnit[unit] = u
			order = append(order, unit)
		}
		u.Population += n
		if predicate != "" {
			u.Counts[domain.Predicate(predicate)] += n
		}
		return nil
	}, `SELECT s.unit, COALESCE(a.predicate, ''), COUNT(*) FROM skps s LEFT JOIN annual_ratings a ON a.skp = s.id
		WHERE s.year = $1 AND s.agency = $2 AND s.latest = 1 AND s.approved_state = 1
		GROUP BY s.unit, COALESCE(a.predicate, '') ORDER BY s.unit`, year, agency)
	if err != nil {
		return nil, fmt.Errorf("counting the annual predicates of %s for %d: %w", agency, year, err)
	}
	out := make([]app.UnitSpread, len(order))
	for i, u := range order {
		out[i] = *byUnit[u]
	}
	return out, nil
}

const periodRatingCols = `skp, period, results, results_reason, behaviour, behaviour_reason, predicate, rated_by, version, rate_time`

func scanPeriodRating(sc database.Scanner) (domain.PeriodRating, error) {
	var (
		p                             domain.PeriodRating
		results, behaviour, predicate string
		rated                         int64
	)
	if err := sc.Scan(&p.Skp, &p.Period, &results, &p.Rating.ResultsReason, &behaviour, &p.Rating.BehaviourReason, &predicate,
		&p.RatedBy, &p.Version, &rated); err != nil {
		return p, err
	}
	p.Rating.Results, p.Rating.Behaviour = domain.Expectation(results), domain.Expectation(behaviour)
	p.Rating.Predicate, p.Rated = domain.Predicate(predicate), database.FromMicros(rated)
	return p, nil
}

func (r reader) PeriodRating(ctx context.Context, skp, period string) (domain.PeriodRating, error) {
	return database.Get(ctx, r.q, "period rating", errs.NotFoundf("SKP %s has no rating for period %s", skp, period), scanPeriodRating,
		`SELECT `+periodRatingCols+` FROM period_ratings WHERE skp = $1 AND period = $2`+r.q.Lock, skp, period)
}

func (r reader) PeriodRatings(ctx context.Context, skp string) ([]domain.PeriodRating, error) {
	out, err := database.Query(ctx, r.q, scanPeriodRating,
		`SELECT `+periodRatingCols+` FROM period_ratings WHERE skp = $1 ORDER BY period`, skp)
	if err != nil {
		return nil, fmt.Errorf("listing the period ratings of SKP %s: %w", skp, err)
	}
	return out, nil
}

func (t *txn) PutPeriodRating(ctx context.Context, p domain.PeriodRating) error {
	r := p.Rating
	if p.Version == 1 {
		_, err := t.tx.ExecContext(ctx, `INSERT INTO period_ratings (`+periodRatingCols+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
			p.Skp, p.Period, string(r.Results), r.ResultsReason, string(r.Behaviour), r.BehaviourReason, string(r.Predicate),
			p.RatedBy, p.Version, database.Micros(p.Rated))
		if database.IsUniqueViolation(err) {
			return database.ErrRetry // rated concurrently: read it again
		}
		return database.CheckInserted(err, "period rating", nil)
	}
	return database.CheckUpdated(t.tx.ExecContext(ctx, `UPDATE period_ratings SET results = $1, results_reason = $2, behaviour = $3,
		behaviour_reason = $4, predicate = $5, rated_by = $6, version = $7, rate_time = $8
		WHERE skp = $9 AND period = $10 AND version = $11`,
		string(r.Results), r.ResultsReason, string(r.Behaviour), r.BehaviourReason, string(r.Predicate), p.RatedBy, p.Version,
		database.Micros(p.Rated), p.Skp, p.Period, p.Version-1))
}

const annualRatingCols = `skp, employee, year, agency, unit, results, results_reason, behaviour, behaviour_reason, predicate, state,
	rated_by, finalise_time, objection_deadline, objection, history, counted, version`

func scanAnnualRating(sc database.Scanner) (domain.AnnualRating, error) {
	var (
		a                                    domain.AnnualRating
		results, behaviour, predicate, state string
		objection, history                   string
		finalised                            int64
		counted                              int
	)
	if err := sc.Scan(&a.Skp, &a.Employee, &a.Year, &a.Agency, &a.Unit, &results, &a.Rating.ResultsReason, &behaviour,
		&a.Rating.BehaviourReason, &predicate, &state, &a.RatedBy, &finalised, &a.ObjectionDeadline, &objection, &history,
		&counted, &a.Version); err != nil {
		return a, err
	}
	a.Rating.Results, a.Rating.Behaviour = domain.Expectation(results), domain.Expectation(behaviour)
	a.Rating.Predicate, a.State = domain.Predicate(predicate), domain.AnnualRatingState(state)
	a.Finalised, a.Counted = database.FromMicros(finalised), counted == 1
	if objection != "" {
		a.Objection = &domain.Objection{}
		if err := json.Unmarshal([]byte(objection), a.Objection); err != nil {
			return a, fmt.Errorf("decoding the objection of SKP %s: %w", a.Skp, err)
		}
	}
	if err := json.Unmarshal([]byte(history), &a.History); err != nil {
		return a, fmt.Errorf("decoding the rating history of SKP %s: %w", a.Skp, err)
	}
	return a, nil
}

func (r reader) AnnualRating(ctx context.Context, skp string) (domain.AnnualRating, error) {
	return database.Get(ctx, r.q, "annual rating", errs.NotFoundf("SKP %s has no annual rating yet", skp), scanAnnualRating,
		`SELECT `+annualRatingCols+` FROM annual_ratings WHERE skp = $1`+r.q.Lock, skp)
}

// annualArgs are a's columns after skp, in annualRatingCols' order.
func annualArgs(a domain.AnnualRating) ([]any, error) {
	objection := ""
	if a.Objection != nil {
		b, err := json.Marshal(a.Objection)
		if err != nil {
			return nil, fmt.Errorf("encoding the objection: %w", err)
		}
		objection = string(b)
	}
	history, err := json.Marshal(database.NonNil(a.History))
	if err != nil {
		return nil, fmt.Errorf("encoding the rating history: %w", err)
	}
	r := a.Rating
	return []any{a.Employee, a.Year, a.Agency, a.Unit, string(r.Results), r.ResultsReason, string(r.Behaviour), r.BehaviourReason,
		string(r.Predicate), string(a.State), a.RatedBy, database.Micros(a.Finalised), a.ObjectionDeadline, objection,
		string(history), bit(a.Counted), a.Version}, nil
}

func (t *txn) InsertAnnualRating(ctx context.Context, a domain.AnnualRating) error {
	args, err := annualArgs(a)
	if err != nil {
		return err
	}
	_, err = t.tx.ExecContext(ctx, `INSERT INTO annual_ratings (`+annualRatingCols+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9,
		$10, $11, $12, $13, $14, $15, $16, $17, $18)`, append([]any{a.Skp}, args...)...)
	return database.CheckInserted(err, "annual rating", errs.Existsf("the annual rating of SKP %s is already finalised (skps/%s/annualRating)", a.Skp, a.Skp))
}

func (t *txn) UpdateAnnualRating(ctx context.Context, a domain.AnnualRating) error {
	args, err := annualArgs(a)
	if err != nil {
		return err
	}
	return database.CheckUpdated(t.tx.ExecContext(ctx, `UPDATE annual_ratings SET employee = $1, year = $2, agency = $3, unit = $4,
		results = $5, results_reason = $6, behaviour = $7, behaviour_reason = $8, predicate = $9, state = $10, rated_by = $11,
		finalise_time = $12, objection_deadline = $13, objection = $14, history = $15, counted = $16, version = $17
		WHERE skp = $18 AND version = $19`, append(args, a.Skp, a.Version-1)...))
}
