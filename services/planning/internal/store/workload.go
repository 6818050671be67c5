package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/services/planning/internal/domain"
)

// Workloads: table position_workloads, one row per position with a workload analysis, its
// tasks a JSON array of taskJSON (migrations/00003_workload.sql). The position's needed
// headcount computed from it is in positions.needed, needed_from_workload = 1.

// taskJSON is one element of position_workloads.tasks.
type taskJSON struct {
	Task            string `json:"task"`
	OutputUnit      string `json:"output_unit"`
	YearlyVolume    int64  `json:"yearly_volume"`
	StandardMinutes int    `json:"standard_minutes"`
}

// sqlBool01 is a boolean as the portable schema stores it: 1 or 0.
func sqlBool01(b bool) int {
	if b {
		return 1
	}
	return 0
}

func scanWorkload(sc database.Scanner) (domain.Workload, error) {
	var w domain.Workload
	var tasks string
	var updated int64
	if err := sc.Scan(&w.Position, &tasks, &w.EffectiveHours, &w.Version, &w.UpdatedBy, &updated); err != nil {
		return w, err
	}
	var list []taskJSON
	if err := json.Unmarshal([]byte(tasks), &list); err != nil {
		return w, fmt.Errorf("decoding workload tasks of position %s: %w", w.Position, err)
	}
	for _, t := range list {
		w.Tasks = append(w.Tasks, domain.WorkloadTask{Task: t.Task, OutputUnit: t.OutputUnit, YearlyVolume: t.YearlyVolume, StandardMinutes: t.StandardMinutes})
	}
	w.Updated = database.FromMicros(updated)
	return w, nil
}

func (r reader) Workload(ctx context.Context, position string) (domain.Workload, bool, error) {
	w, err := database.Get(ctx, r.q, "workload", errs.NotFoundf("no workload"), scanWorkload,
		`SELECT position, tasks, effective_hours, version, updated_by, update_time FROM position_workloads WHERE position = $1`+r.q.Lock, position)
	if errs.IsKind(err, errs.NotFound) {
		return domain.Workload{}, false, nil
	}
	if err != nil {
		return domain.Workload{}, false, err
	}
	return w, true, nil
}

func (t *txn) PutWorkload(ctx context.Context, w domain.Workload) error {
	list := make([]taskJSON, len(w.Tasks))
	for i, x := range w.Tasks {
		list[i] = taskJSON{Task: x.Task, OutputUnit: x.OutputUnit, YearlyVolume: x.YearlyVolume, StandardMinutes: x.StandardMinutes}
	}
	tasks, err := json.Marshal(list)
	if err != nil {
		return fmt.Errorf("encoding workload tasks: %w", err)
	}
	if w.Version == 1 {
		_, err := t.tx.ExecContext(ctx, `INSERT INTO position_workloads (position, tasks, effective_hours, version, updated_by, update_time)
			VALUES ($1, $2, $3, $4, $5, $6)`, w.Position, string(tasks), w.EffectiveHours, w.Version, w.UpdatedBy, database.Micros(w.Updated))
		return database.CheckInserted(err, "workload", errs.New(errs.Conflict, "the workload of position %q was set concurrently; read it again and retry", w.Position))
	}
	return database.CheckUpdated(t.tx.ExecContext(ctx, `UPDATE position_workloads SET tasks = $1, effective_hours = $2, version = $3, updated_by = $4, update_time = $5
		WHERE position = $6 AND version = $7`, string(tasks), w.EffectiveHours, w.Version, w.UpdatedBy, database.Micros(w.Updated), w.Position, w.Version-1))
}

func (r reader) AgencyTree(ctx context.Context, root string) ([]domain.Agency, error) {
	out, err := database.Query(ctx, r.q, scanAgency, `SELECT `+agencyCols+` FROM agencies WHERE root = $1 ORDER BY code`, root)
	if err != nil {
		return nil, fmt.Errorf("reading the units of %s: %w", root, err)
	}
	return out, nil
}

func (r reader) AgencyPositions(ctx context.Context, agency string) ([]domain.Position, error) {
	out, err := database.Query(ctx, r.q, scanPosition, `SELECT `+positionCols+` FROM positions p WHERE p.agency = $1 ORDER BY p.id`, agency)
	if err != nil {
		return nil, fmt.Errorf("reading the positions of %s: %w", agency, err)
	}
	return out, nil
}

// ActiveStaff reads what the retirement forecast needs of each active employee: identity,
// titles, birth date, type and placement.
func (r reader) ActiveStaff(ctx context.Context, agency string) ([]domain.Employee, error) {
	q := `SELECT nip, full_name, front_title, back_title, birth_date, employment_type, agency, COALESCE(unit, ''), COALESCE(position, '')
		FROM employees WHERE status = 'active'`
	var args []any
	if agency != "" {
		q += ` AND agency = $1`
		args = append(args, agency)
	}
	out, err := database.Query(ctx, r.q, func(sc database.Scanner) (domain.Employee, error) {
		var e domain.Employee
		var birth, typ string
		if err := sc.Scan(&e.NIP, &e.FullName, &e.FrontTitle, &e.BackTitle, &birth, &typ, &e.Agency, &e.Unit, &e.Position); err != nil {
			return e, err
		}
		e.Type, e.Status = domain.EmploymentType(typ), domain.Active
		if birth != "" {
			d, err := domain.ParseDate(birth)
			if err != nil {
				return e, fmt.Errorf("employee %s: birth date %w", e.NIP, err)
			}
			e.BirthDate = d
		}
		return e, nil
	}, q+` ORDER BY nip`, args...)
	if err != nil {
		return nil, fmt.Errorf("reading active employees: %w", err)
	}
	return out, nil
}
