package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/unitofwork"
	"github.com/simpeg-id/simpeg/services/planning/internal/app"
	"github.com/simpeg-id/simpeg/services/planning/internal/domain"
)

// The measure of the work plans' targets (plan_targets' measure columns and
// plan_target_points): read by the API (app.TargetReader), kept by the monitoring's loop
// (WriteMeasure). A target's definition (title, goal) comes from its plan's version in force.

var _ app.TargetReader = reader{}

const targetCols = `t.plan_id, t.target_key, t.agency, t.year, t.kind, t.goal_value, t.due_date, t.programmes, t.start_time, t.active,
	t.baseline, t.value, t.expected, t.status, t.measure_time, p.in_force`

func scanTarget(sc database.Scanner) (app.MeasuredTarget, error) {
	var (
		t                app.MeasuredTarget
		kind, due, progs string
		status, inForce  string
		start, at        int64
		active           int
	)
	if err := sc.Scan(&t.Plan, &t.Key, &t.Agency, &t.Year, &kind, &t.GoalValue, &due, &progs, &start, &active,
		&t.Measure.Baseline, &t.Measure.Value, &t.Measure.Expected, &status, &at, &inForce); err != nil {
		return t, err
	}
	t.Kind, t.Measure.Status, t.Active = domain.TargetKind(kind), domain.TargetStatus(status), active == 1
	t.Start = database.FromMicros(start)
	if at != 0 {
		t.Measure.At = database.FromMicros(at)
	}
	if d, err := domain.ParseDate(due); err == nil {
		t.Due = d
	}
	if err := json.Unmarshal([]byte(progs), &t.Programmes); err != nil {
		return t, fmt.Errorf("decoding the programmes of target %s/%s: %w", t.Plan, t.Key, err)
	}
	if inForce != "" {
		var c domain.PlanContent
		if err := json.Unmarshal([]byte(inForce), &c); err != nil {
			return t, fmt.Errorf("decoding work plan %s in force: %w", t.Plan, err)
		}
		for _, d := range c.Targets {
			if d.Key == t.Key {
				t.Goal, t.Title = d.Goal, d.Title
			}
		}
	}
	return t, nil
}

// PlanAgency returns the agency of plan id.
func (r reader) PlanAgency(ctx context.Context, id string) (string, error) {
	var agency string
	err := r.q.QueryRowContext(ctx, `SELECT agency FROM work_plans WHERE id = $1`, id).Scan(&agency)
	if errors.Is(err, sql.ErrNoRows) {
		return "", errs.NotFoundf("work plan %s not found", id)
	}
	if err != nil {
		return "", fmt.Errorf("reading work plan %s: %w", id, err)
	}
	return agency, nil
}

// MeasuredTarget returns target key of plan.
func (r reader) MeasuredTarget(ctx context.Context, plan, key string) (app.MeasuredTarget, error) {
	return database.Get(ctx, r.q, "target", errs.NotFoundf("work plan %s has no target %q in force", plan, key), scanTarget,
		`SELECT `+targetCols+` FROM plan_targets t JOIN work_plans p ON p.id = t.plan_id WHERE t.plan_id = $1 AND t.target_key = $2`, plan, key)
}

// TargetPoints returns the points of a target, oldest month first.
func (r reader) TargetPoints(ctx context.Context, plan, key string) ([]app.ProgressPoint, error) {
	pts, err := database.Query(ctx, r.q, func(sc database.Scanner) (app.ProgressPoint, error) {
		var p app.ProgressPoint
		var status string
		err := sc.Scan(&p.Month, &p.Value, &p.Expected, &status)
		p.Status = domain.TargetStatus(status)
		return p, err
	}, `SELECT month, value, expected, status FROM plan_target_points WHERE plan_id = $1 AND target_key = $2 ORDER BY month`, plan, key)
	if err != nil {
		return nil, fmt.Errorf("reading the points of target %s/%s: %w", plan, key, err)
	}
	return pts, nil
}

// DirtyKey is a (kind, agency, year) whose targets must be measured again.
type DirtyKey struct {
	Kind   domain.TargetKind
	Agency string
	Year   int
}

// Dirty returns the (kind, agency, year) marked to measure, up to limit.
func (s *Store) Dirty(ctx context.Context, limit int) ([]DirtyKey, error) {
	ks, err := database.Query(ctx, s.q, func(sc database.Scanner) (DirtyKey, error) {
		var k DirtyKey
		var kind string
		err := sc.Scan(&kind, &k.Agency, &k.Year)
		k.Kind = domain.TargetKind(kind)
		return k, err
	}, `SELECT kind, agency, year FROM plan_dirty ORDER BY kind, agency, year LIMIT $1`, limit)
	if err != nil {
		return nil, fmt.Errorf("reading what to measure: %w", err)
	}
	return ks, nil
}

// TargetRef names a target.
type TargetRef struct{ Plan, Key string }

// ActiveTargets returns the active targets, only those never measured when unmeasured.
func (s *Store) ActiveTargets(ctx context.Context, unmeasured bool) ([]TargetRef, error) {
	q := `SELECT plan_id, target_key FROM plan_targets WHERE active = 1`
	if unmeasured {
		q += ` AND measure_time = 0`
	}
	refs, err := database.Query(ctx, s.q, func(sc database.Scanner) (TargetRef, error) {
		var r TargetRef
		return r, sc.Scan(&r.Plan, &r.Key)
	}, q+` ORDER BY plan_id, target_key`)
	if err != nil {
		return nil, fmt.Errorf("reading the active targets: %w", err)
	}
	return refs, nil
}

// MeasureTx is the monitoring's unit of work: it measures targets with their rows locked and
// emits what changed through planning's outbox, in one transaction.
type MeasureTx struct {
	reader
	*unitofwork.Batch[domain.Event]
	tx *database.Tx
}

// WriteMeasure runs fn in a transaction whose events go to the outbox (Store.Write's unit of
// work, with the monitoring's transaction type).
func (s *Store) WriteMeasure(ctx context.Context, fn func(ctx context.Context, tx *MeasureTx) error) error {
	return unitofwork.WriteAs(ctx, s.uow, func(tx *database.Tx, b *unitofwork.Batch[domain.Event]) *MeasureTx {
		return &MeasureTx{reader: reader{tx.Q()}, Batch: b, tx: tx}
	}, fn)
}

// TakeDirty deletes the dirty mark of k and reports whether it was there (another replica may
// have taken it). Deleting first makes a fact committed while the targets are measured mark
// them again, for the next round.
func (t *MeasureTx) TakeDirty(ctx context.Context, k DirtyKey) (bool, error) {
	n, err := database.Affected(t.tx.ExecContext(ctx, `DELETE FROM plan_dirty WHERE kind = $1 AND agency = $2 AND year = $3`,
		string(k.Kind), k.Agency, k.Year))
	if err != nil {
		return false, fmt.Errorf("taking what to measure: %w", err)
	}
	return n > 0, nil
}

// LockDirtyTargets returns, locked, the active targets k concerns: those of its kind and year
// in its agency, and the city's.
func (t *MeasureTx) LockDirtyTargets(ctx context.Context, k DirtyKey) ([]app.MeasuredTarget, error) {
	ts, err := database.Query(ctx, t.q, scanTarget, `SELECT `+targetCols+` FROM plan_targets t JOIN work_plans p ON p.id = t.plan_id
		WHERE t.active = 1 AND t.kind = $1 AND t.year = $2 AND (t.agency = $3 OR t.agency = '') ORDER BY t.plan_id, t.target_key`+t.lockOf(),
		string(k.Kind), k.Year, k.Agency)
	if err != nil {
		return nil, fmt.Errorf("locking the targets of %s: %w", k.Kind, err)
	}
	return ts, nil
}

// LockTarget returns target ref, locked; found is false when it is not active.
func (t *MeasureTx) LockTarget(ctx context.Context, ref TargetRef) (app.MeasuredTarget, bool, error) {
	tg, found, err := database.One(t.q.QueryRowContext(ctx, `SELECT `+targetCols+` FROM plan_targets t JOIN work_plans p ON p.id = t.plan_id
		WHERE t.plan_id = $1 AND t.target_key = $2 AND t.active = 1`+t.lockOf(), ref.Plan, ref.Key), scanTarget)
	if err != nil {
		return tg, false, fmt.Errorf("locking target %s/%s: %w", ref.Plan, ref.Key, err)
	}
	return tg, found, nil
}

// lockOf locks the targets' rows only: PostgreSQL's FOR UPDATE OF names the table.
func (t *MeasureTx) lockOf() string {
	if t.q.Lock == "" {
		return ""
	}
	return " FOR UPDATE OF t"
}

// SaveMeasure stores tg's measure and its point of the month.
func (t *MeasureTx) SaveMeasure(ctx context.Context, tg app.MeasuredTarget) error {
	m := tg.Measure
	if err := database.CheckUpdated(t.tx.ExecContext(ctx, `UPDATE plan_targets SET baseline = $1, value = $2, expected = $3, status = $4, measure_time = $5
		WHERE plan_id = $6 AND target_key = $7`, m.Baseline, m.Value, m.Expected, string(m.Status), database.Micros(m.At), tg.Plan, tg.Key)); err != nil {
		return fmt.Errorf("storing the measure of target %s/%s: %w", tg.Plan, tg.Key, err)
	}
	if _, err := t.tx.ExecContext(ctx, `INSERT INTO plan_target_points (plan_id, target_key, month, value, expected, status) VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (plan_id, target_key, month) DO UPDATE SET value = excluded.value, expected = excluded.expected, status = excluded.status`,
		tg.Plan, tg.Key, domain.PointMonth(m.At), m.Value, m.Expected, string(m.Status)); err != nil {
		return fmt.Errorf("storing the point of target %s/%s: %w", tg.Plan, tg.Key, err)
	}
	return nil
}

// programmeIDs returns the programme ids of names ("programmes/{id}" or bare ids).
func programmeIDs(names []string) []string {
	out := make([]string, 0, len(names))
	for _, n := range names {
		out = append(out, strings.TrimPrefix(n, "programmes/"))
	}
	return database.Distinct(out)
}

// agencyCond returns " AND <col> = $n" with its argument for an agency target, nothing for the
// city's.
func agencyCond(col, agency string, n int) (string, []any) {
	if agency == "" {
		return "", nil
	}
	return fmt.Sprintf(" AND %s = $%d", col, n), []any{agency}
}

// ActiveNIPs returns the NIPs of the active employees of agency ("" the whole city), for
// the attendance back-fill.
func (s *Store) ActiveNIPs(ctx context.Context, agency string) ([]string, error) {
	cond, args := agencyCond("agency", agency, 1)
	nips, err := database.Query(ctx, s.q, func(sc database.Scanner) (string, error) {
		var n string
		return n, sc.Scan(&n)
	}, `SELECT nip FROM employees WHERE status = 'active'`+cond+` ORDER BY nip`, args...)
	if err != nil {
		return nil, fmt.Errorf("reading the active employees of %q: %w", agency, err)
	}
	return nips, nil
}
