package store

import (
	"context"
	"fmt"

	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

// Development plans: tables development_plans and development_plan_lines
// (migrations/00003_competency.sql). A plan's lines are replaced whole when it changes.

func (r reader) DevelopmentPlan(ctx context.Context, agency string, year int) (domain.DevelopmentPlan, error) {
	p, err := database.Get(ctx, r.q, "development plan", errs.NotFoundf("agency %s has no development plan for %d", agency, year),
		func(sc database.Scanner) (domain.DevelopmentPlan, error) {
			p := domain.DevelopmentPlan{Agency: agency, Year: year}
			var created, updated int64
			err := sc.Scan(&p.Note, &p.Version, &created, &updated)
			p.Created, p.Updated = database.FromMicros(created), database.FromMicros(updated)
			return p, err
		}, `SELECT note, version, create_time, update_time FROM development_plans WHERE agency = $1 AND year = $2`+r.q.Lock, agency, year)
	if err != nil {
		return p, err
	}
	p.Lines, err = database.Query(ctx, r.q, func(sc database.Scanner) (domain.PlanLine, error) {
		var l domain.PlanLine
		err := sc.Scan(&l.Programme, &l.Competency, &l.Seats, &l.Budget, &l.Note)
		return l, err
	}, `SELECT programme, competency, seats, budget, note FROM development_plan_lines WHERE agency = $1 AND year = $2 ORDER BY line`, agency, year)
	if err != nil {
		return p, fmt.Errorf("reading development plan lines: %w", err)
	}
	return p, nil
}

func (t *txn) InsertDevelopmentPlan(ctx context.Context, p domain.DevelopmentPlan) error {
	_, err := t.tx.ExecContext(ctx, `INSERT INTO development_plans (agency, year, note, version, create_time, update_time) VALUES ($1, $2, $3, $4, $5, $6)`,
		p.Agency, p.Year, p.Note, p.Version, database.Micros(p.Created), database.Micros(p.Updated))
	if err := database.CheckInserted(err, "development plan", errs.Existsf("agency %s already has a development plan for %d; change it instead", p.Agency, p.Year)); err != nil {
		return err
	}
	return t.insertPlanLines(ctx, p)
}

func (t *txn) UpdateDevelopmentPlan(ctx context.Context, p domain.DevelopmentPlan) error {
	err := database.CheckUpdated(t.tx.ExecContext(ctx, `UPDATE development_plans SET note = $1, version = $2, update_time = $3
		WHERE agency = $4 AND year = $5 AND version = $6`, p.Note, p.Version, database.Micros(p.Updated), p.Agency, p.Year, p.Version-1))
	if err != nil {
		return err
	}
	if _, err := t.tx.ExecContext(ctx, `DELETE FROM development_plan_lines WHERE agency = $1 AND year = $2`, p.Agency, p.Year); err != nil {
		return fmt.Errorf("replacing development plan lines: %w", err)
	}
	return t.insertPlanLines(ctx, p)
}

// planLineCols is how many columns a plan line row has.
const planLineCols = 8

func (t *txn) insertPlanLines(ctx context.Context, p domain.DevelopmentPlan) error {
	type numbered struct {
		n int
		domain.PlanLine
	}
	rows := make([]numbered, len(p.Lines))
	for i, l := range p.Lines {
		rows[i] = numbered{i, l}
	}
	return database.Chunks(rows, database.DefaultBatch/planLineCols, func(part []numbered) error {
		args := make([]any, 0, len(part)*planLineCols)
		for _, l := range part {
			args = append(args, p.Agency, p.Year, l.n, l.Programme, l.Competency, l.Seats, l.Budget, l.Note)
		}
		_, err := t.tx.ExecContext(ctx, `INSERT INTO development_plan_lines (agency, year, line, programme, competency, seats, budget, note)
			VALUES `+database.Values(1, len(part), planLineCols), args...)
		return database.CheckInserted(err, "development plan lines", errs.Existsf("a development plan names a programme twice"))
	})
}
