package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/paging"
	"github.com/simpeg-id/simpeg/services/planning/internal/app"
	"github.com/simpeg-id/simpeg/services/planning/internal/domain"
)

// Staffing work plans: tables work_plans, work_plan_versions and the definition columns of
// plan_targets (migrations/00004_work_plans.sql). A plan's content and its version in force are
// JSON documents of domain.PlanContent.

const planCols = `id, agency, year, state, content, in_force, version, approved_version, comment, create_time, update_time, approve_time`

func scanWorkPlan(sc database.Scanner) (domain.WorkPlan, error) {
	var p domain.WorkPlan
	var state, content, inForce string
	var created, updated, approved int64
	if err := sc.Scan(&p.ID, &p.Agency, &p.Year, &state, &content, &inForce, &p.Version, &p.ApprovedVersion, &p.Comment, &created, &updated, &approved); err != nil {
		return p, err
	}
	p.State = domain.PlanState(state)
	if err := json.Unmarshal([]byte(content), &p.PlanContent); err != nil {
		return p, fmt.Errorf("decoding work plan %s: %w", p.ID, err)
	}
	if inForce != "" {
		p.InForce = &domain.PlanContent{}
		if err := json.Unmarshal([]byte(inForce), p.InForce); err != nil {
			return p, fmt.Errorf("decoding work plan %s in force: %w", p.ID, err)
		}
	}
	p.Created, p.Updated = database.FromMicros(created), database.FromMicros(updated)
	if approved != 0 {
		p.Approved = database.FromMicros(approved)
	}
	return p, nil
}

// encodeContent is the JSON of c, its lists written [] when empty.
func encodeContent(c domain.PlanContent) (string, error) {
	c.Goals, c.Targets, c.Actions, c.BudgetLines = database.NonNil(c.Goals), database.NonNil(c.Targets), database.NonNil(c.Actions), database.NonNil(c.BudgetLines)
	for i := range c.Targets {
		c.Targets[i].Programmes = database.NonNil(c.Targets[i].Programmes)
	}
	b, err := json.Marshal(c)
	if err != nil {
		return "", fmt.Errorf("encoding work plan content: %w", err)
	}
	return string(b), nil
}

func planArgs(p domain.WorkPlan) (content, inForce string, err error) {
	if content, err = encodeContent(p.PlanContent); err != nil {
		return "", "", err
	}
	if p.InForce != nil {
		if inForce, err = encodeContent(*p.InForce); err != nil {
			return "", "", err
		}
	}
	return content, inForce, nil
}

func micros(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return database.Micros(t)
}

// GetWorkPlan reads the plan id; inside a Write on PostgreSQL it locks the plan's row.
func (r reader) GetWorkPlan(ctx context.Context, id string) (domain.WorkPlan, error) {
	return database.Get(ctx, r.q, "work plan", errs.NotFoundf("work plan %q does not exist", id), scanWorkPlan,
		`SELECT `+planCols+` FROM work_plans WHERE id = $1`+r.q.Lock, id)
}

// WorkPlanVersions returns the kept versions of plan id, newest first.
func (r reader) WorkPlanVersions(ctx context.Context, id string) ([]domain.WorkPlanVersion, error) {
	out, err := database.Query(ctx, r.q, func(sc database.Scanner) (domain.WorkPlanVersion, error) {
		var v domain.WorkPlanVersion
		var state, content string
		var at int64
		if err := sc.Scan(&v.Plan, &v.Version, &state, &content, &v.Change, &v.Actor, &at); err != nil {
			return v, err
		}
		v.State, v.Time = domain.PlanState(state), database.FromMicros(at)
		if err := json.Unmarshal([]byte(content), &v.Content); err != nil {
			return v, fmt.Errorf("decoding version %d of work plan %s: %w", v.Version, v.Plan, err)
		}
		return v, nil
	}, `SELECT plan_id, version, state, content, change, actor, create_time FROM work_plan_versions WHERE plan_id = $1 ORDER BY version DESC`, id)
	if err != nil {
		return nil, fmt.Errorf("listing versions of work plan %s: %w", id, err)
	}
	return out, nil
}

// PlanOwners returns the registered employees among nips, with their name, titles, agency and
// status (the rest of the record left empty).
func (r reader) PlanOwners(ctx context.Context, nips ...string) (map[string]*domain.Employee, error) {
	out, err := database.IndexIn(ctx, r.q, database.Distinct(nips), 0, func(sc database.Scanner) (domain.Employee, error) {
		var e domain.Employee
		var status string
		err := sc.Scan(&e.NIP, &e.FullName, &e.FrontTitle, &e.BackTitle, &e.Agency, &status)
		e.Status = domain.Status(status)
		return e, err
	}, func(e domain.Employee) string { return e.NIP }, func(list string) string {
		return `SELECT nip, full_name, front_title, back_title, agency, status FROM employees WHERE nip IN (` + list + `)`
	})
	if err != nil {
		return nil, fmt.Errorf("reading the owners of plan actions: %w", err)
	}
	return out, nil
}

// PlanMeasures returns the measures the monitoring keeps of the targets of plans ids, by plan
// and target key.
func (r reader) PlanMeasures(ctx context.Context, ids ...string) (map[string]map[string]domain.Measure, error) {
	out := map[string]map[string]domain.Measure{}
	err := database.EachIn(ctx, r.q, database.Distinct(ids), 0, func(sc database.Scanner) error {
		var plan, key, status string
		var m domain.Measure
		var at int64
		if err := sc.Scan(&plan, &key, &m.Baseline, &m.Value, &m.Expected, &status, &at); err != nil {
			return err
		}
		m.Status = domain.TargetStatus(status)
		if at != 0 {
			m.At = database.FromMicros(at)
		}
		if out[plan] == nil {
			out[plan] = map[string]domain.Measure{}
		}
		out[plan][key] = m
		return nil
	}, func(list string) string {
		return `SELECT plan_id, target_key, baseline, value, expected, status, measure_time FROM plan_targets WHERE plan_id IN (` + list + `)`
	})
	if err != nil {
		return nil, fmt.Errorf("reading plan target measures: %w", err)
	}
	return out, nil
}

// ListWorkPlans lists plans in id order (app.WorkPlanFilter).
func (s *Store) ListWorkPlans(ctx context.Context, f app.WorkPlanFilter) ([]domain.WorkPlan, error) {
	after, err := paging.Key(f.After)
	if err != nil {
		return nil, err
	}
	q := `SELECT ` + planCols + ` FROM work_plans WHERE id > $1`
	args := []any{after}
	add := func(cond string, v any) {
		args = append(args, v)
		q += fmt.Sprintf(" AND "+cond, len(args))
	}
	switch f.Agency {
	case "":
	case "-":
		q += ` AND agency = ''`
	default:
		add("agency = $%d", f.Agency)
	}
	if f.Within != "" {
		add("(agency = $%d OR agency = '')", f.Within)
	}
	if f.Year != 0 {
		add("year = $%d", f.Year)
	}
	if len(f.States) > 0 {
		list := make([]string, len(f.States))
		for i, st := range f.States {
			args = append(args, string(st))
			list[i] = fmt.Sprintf("$%d", len(args))
		}
		q += ` AND state IN (` + strings.Join(list, ", ") + `)`
	}
	args = append(args, f.PageSize)
	q += fmt.Sprintf(` ORDER BY id LIMIT $%d`, len(args))
	out, err := database.Query(ctx, s.q, scanWorkPlan, q, args...)
	if err != nil {
		return nil, fmt.Errorf("listing work plans: %w", err)
	}
	return out, nil
}

func (t *txn) InsertWorkPlan(ctx context.Context, p domain.WorkPlan) error {
	content, inForce, err := planArgs(p)
	if err != nil {
		return err
	}
	_, err = t.tx.ExecContext(ctx, `INSERT INTO work_plans (id, agency, year, state, content, in_force, version, approved_version, comment, create_time, update_time, approve_time)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		p.ID, p.Agency, p.Year, string(p.State), content, inForce, p.Version, p.ApprovedVersion, p.Comment, micros(p.Created), micros(p.Updated), micros(p.Approved))
	who := fmt.Sprintf("agency %s", p.Agency)
	if p.Agency == domain.CityPlan {
		who = "the city"
	}
	return database.CheckInserted(err, "work plan", errs.Existsf("%s already has a work plan for %d; open it (ListWorkPlans agency and year) instead", who, p.Year))
}

func (t *txn) UpdateWorkPlan(ctx context.Context, p domain.WorkPlan, from int) error {
	content, inForce, err := planArgs(p)
	if err != nil {
		return err
	}
	return database.CheckUpdated(t.tx.ExecContext(ctx, `UPDATE work_plans SET state = $1, content = $2, in_force = $3, version = $4, approved_version = $5,
		comment = $6, update_time = $7, approve_time = $8 WHERE id = $9 AND version = $10`,
		string(p.State), content, inForce, p.Version, p.ApprovedVersion, p.Comment, micros(p.Updated), micros(p.Approved), p.ID, from))
}

func (t *txn) InsertWorkPlanVersions(ctx context.Context, vs ...domain.WorkPlanVersion) error {
	for _, v := range vs {
		content, err := encodeContent(v.Content)
		if err != nil {
			return err
		}
		_, err = t.tx.ExecContext(ctx, `INSERT INTO work_plan_versions (plan_id, version, state, content, change, actor, create_time)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, v.Plan, v.Version, string(v.State), content, v.Change, v.Actor, micros(v.Time))
		if err := database.CheckInserted(err, "work plan version", fmt.Errorf("version %d of work plan %s is already kept: %w", v.Version, v.Plan, database.ErrRetry)); err != nil {
			return err
		}
	}
	return nil
}

// SetPlanTargets writes the definition of each target of p's version in force to plan_targets,
// active. A key already there keeps its measure and the start of its path, unless its kind or
// programmes changed (then it is measured anew from start); a key no longer in force is set
// inactive, its measure frozen.
func (t *txn) SetPlanTargets(ctx context.Context, p domain.WorkPlan, start time.Time) error {
	if p.InForce == nil {
		return nil
	}
	keys := make([]any, 0, len(p.InForce.Targets)+1)
	keys = append(keys, p.ID)
	for _, tg := range p.InForce.Targets {
		progs, err := json.Marshal(database.NonNil(tg.Programmes))
		if err != nil {
			return fmt.Errorf("encoding programmes: %w", err)
		}
		_, err = t.tx.ExecContext(ctx, `INSERT INTO plan_targets (plan_id, target_key, agency, year, kind, goal_value, due_date, programmes, start_time, active,
				baseline, value, expected, status, measure_time)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1, 0, 0, 0, '', 0)
			ON CONFLICT (plan_id, target_key) DO UPDATE SET
				start_time = CASE WHEN `+same+` THEN plan_targets.start_time ELSE excluded.start_time END,
				baseline = CASE WHEN `+same+` THEN plan_targets.baseline ELSE 0 END,
				value = CASE WHEN `+same+` THEN plan_targets.value ELSE 0 END,
				expected = CASE WHEN `+same+` THEN plan_targets.expected ELSE 0 END,
				status = CASE WHEN `+same+` THEN plan_targets.status ELSE '' END,
				measure_time = CASE WHEN `+same+` THEN plan_targets.measure_time ELSE 0 END,
				agency = excluded.agency, year = excluded.year, kind = excluded.kind, goal_value = excluded.goal_value,
				due_date = excluded.due_date, programmes = excluded.programmes, active = 1`,
			p.ID, tg.Key, p.Agency, p.Year, string(tg.Kind), tg.GoalValue, tg.Due.String(), string(progs), database.Micros(start))
		if err != nil {
			return fmt.Errorf("writing target %s of work plan %s: %w", tg.Key, p.ID, err)
		}
		keys = append(keys, tg.Key)
	}
	q := `UPDATE plan_targets SET active = 0 WHERE plan_id = $1`
	if len(keys) > 1 {
		q += ` AND target_key NOT IN (` + database.Placeholders(2, len(keys)-1) + `)`
	}
	if _, err := t.tx.ExecContext(ctx, q, keys...); err != nil {
		return fmt.Errorf("retiring dropped targets of work plan %s: %w", p.ID, err)
	}
	return nil
}

// same is true in plan_targets' ON CONFLICT when the stored target measures what the new
// definition does.
const same = `(plan_targets.kind = excluded.kind AND plan_targets.programmes = excluded.programmes)`

// DeactivatePlanTargets sets every target of plan id inactive: its measure freezes.
func (t *txn) DeactivatePlanTargets(ctx context.Context, id string) error {
	if _, err := t.tx.ExecContext(ctx, `UPDATE plan_targets SET active = 0 WHERE plan_id = $1`, id); err != nil {
		return fmt.Errorf("freezing the targets of work plan %s: %w", id, err)
	}
	return nil
}
