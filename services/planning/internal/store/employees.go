package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/paging"
	"github.com/simpeg-id/simpeg/services/planning/internal/app"
	"github.com/simpeg-id/simpeg/services/planning/internal/domain"
)

const employeeCols = `nip, id_kind, full_name, front_title, back_title, sex, birth_date, appointment_date, employment_type, rank,
	agency, COALESCE(unit, ''), COALESCE(position, ''), COALESCE(supervisor, ''), status, version, create_time, update_time, education`

func scanEmployee(sc database.Scanner) (domain.Employee, error) {
	var e domain.Employee
	var idKind, sex, birth, appt, typ, status, education string
	var created, updated int64
	if err := sc.Scan(&e.NIP, &idKind, &e.FullName, &e.FrontTitle, &e.BackTitle, &sex, &birth, &appt, &typ, &e.Rank,
		&e.Agency, &e.Unit, &e.Position, &e.Supervisor, &status, &e.Version, &created, &updated, &education); err != nil {
		return e, err
	}
	e.IDKind, e.Sex, e.Type, e.Status = domain.IDKind(idKind), domain.Sex(sex), domain.EmploymentType(typ), domain.Status(status)
	e.Education = domain.Education(education)
	var err error
	if e.BirthDate, err = domain.ParseDate(birth); err != nil {
		return e, fmt.Errorf("stored birth date: %w", err)
	}
	if e.Appointment, err = domain.ParseDate(appt); err != nil {
		return e, fmt.Errorf("stored appointment date: %w", err)
	}
	e.Created, e.Updated = database.FromMicros(created), database.FromMicros(updated)
	return e, nil
}

func (r reader) GetEmployee(ctx context.Context, nip string) (domain.Employee, error) {
	e, err := database.Get(ctx, r.q, "employee", errs.NotFoundf("employee %s is not registered", nip), scanEmployee,
		`SELECT `+employeeCols+` FROM employees WHERE nip = $1`+r.q.Lock, nip)
	if err != nil {
		return e, err
	}
	e.History, err = database.Query(ctx, r.q, scanAssignment,
		`SELECT agency, unit, position, start_date, end_date, end_reason FROM assignments WHERE nip = $1 ORDER BY seq`, nip)
	if err != nil {
		return e, fmt.Errorf("reading assignments: %w", err)
	}
	return e, nil
}

func scanAssignment(sc database.Scanner) (domain.Assignment, error) {
	var (
		a          domain.Assignment
		start, end string
		err        error
	)
	if err := sc.Scan(&a.Agency, &a.Unit, &a.Position, &start, &end, &a.EndReason); err != nil {
		return a, err
	}
	if a.Start, err = domain.ParseDate(start); err != nil {
		return a, fmt.Errorf("stored assignment start: %w", err)
	}
	if end != "" {
		if a.End, err = domain.ParseDate(end); err != nil {
			return a, fmt.Errorf("stored assignment end: %w", err)
		}
	}
	return a, nil
}

func (r reader) ExistingEmployees(ctx context.Context, nips ...string) (map[string]bool, error) {
	out, err := database.SetIn(ctx, r.q, nips, 0, func(list string) string {
		return `SELECT nip FROM employees WHERE nip IN (` + list + `)`
	})
	if err != nil {
		return nil, fmt.Errorf("reading employees: %w", err)
	}
	return out, nil
}

// Supervisors reads, in one recursive query, each NIP's status and chain of supervisors.
func (r reader) Supervisors(ctx context.Context, nips ...string) (map[string]*domain.Supervisor, error) {
	out := map[string]*domain.Supervisor{}
	err := database.EachIn(ctx, r.q, nips, 0, func(sc database.Scanner) error {
		var start, nip, status string
		var depth int
		if err := sc.Scan(&start, &nip, &status, &depth); err != nil {
			return err
		}
		if depth == 0 {
			out[start] = &domain.Supervisor{NIP: start, Status: domain.Status(status)}
		} else if s := out[start]; s != nil {
			s.Chain = append(s.Chain, nip)
		}
		return nil
	}, func(list string) string {
		return `WITH RECURSIVE up(start, nip, sup, status, depth) AS (
				SELECT nip, nip, supervisor, status, 0 FROM employees WHERE nip IN (` + list + `)
				UNION ALL
				SELECT up.start, e.nip, e.supervisor, e.status, up.depth + 1 FROM employees e JOIN up ON e.nip = up.sup
				WHERE up.depth < ` + fmt.Sprint(domain.MaxSupervisorDepth) + `
			) SELECT start, nip, status, depth FROM up ORDER BY start, depth`
	})
	if err != nil {
		return nil, fmt.Errorf("reading supervisor chains: %w", err)
	}
	return out, nil
}

func (s *Store) IsUnder(ctx context.Context, supervisor, nip string) (bool, error) {
	m, err := s.Supervisors(ctx, nip)
	if err != nil {
		return false, err
	}
	if e := m[nip]; e != nil {
		for _, c := range e.Chain {
			if c == supervisor {
				return true, nil
			}
		}
	}
	return false, nil
}

func (s *Store) ListEmployees(ctx context.Context, f app.EmployeeFilter) ([]domain.Employee, error) {
	after, err := paging.Key(f.After)
	if err != nil {
		return nil, err
	}
	var q strings.Builder
	args := []any{after}
	if f.Under != "" {
		args = append(args, f.Under)
		q.WriteString(`WITH RECURSIVE sub(nip) AS (
				SELECT nip FROM employees WHERE nip = $2
				UNION
				SELECT e.nip FROM employees e JOIN sub ON e.supervisor = sub.nip
			) `)
	}
	q.WriteString(`SELECT ` + employeeCols + ` FROM employees WHERE nip > $1`)
	if f.Under != "" {
		q.WriteString(` AND nip IN (SELECT nip FROM sub)`)
	}
	add := func(cond string, v any) {
		args = append(args, v)
		fmt.Fprintf(&q, " AND "+cond, len(args))
	}
	if f.Only != "" {
		add("nip = $%d", f.Only)
	}
	switch {
	case f.Agency != "" && !f.AsOf.IsZero():
		// The agency in force on f.AsOf: the assignment covering the day, else (retired,
		// moved out) the stored one.
		args = append(args, f.Agency, f.AsOf.String())
		a, d := len(args)-1, len(args)
		fmt.Fprintf(&q, ` AND (nip IN (SELECT nip FROM assignments WHERE agency = $%d AND start_date <= $%d AND (end_date = '' OR end_date >= $%d))
			OR (agency = $%d AND nip NOT IN (SELECT nip FROM assignments WHERE start_date <= $%d AND (end_date = '' OR end_date >= $%d))))`, a, d, d, a, d, d)
	case f.Agency != "":
		add("agency = $%d", f.Agency)
	}
	if f.Unit != "" {
		add("unit = $%d", f.Unit)
	}
	if f.Position != "" {
		add("position = $%d", f.Position)
	}
	if f.Supervisor != "" {
		add("supervisor = $%d", f.Supervisor)
	}
	if f.Status != "" {
		add("status = $%d", string(f.Status))
	}
	if f.Query != "" {
		p := database.LikePattern(strings.TrimSpace(f.Query))
		args = append(args, "%"+p+"%", p+"%")
		fmt.Fprintf(&q, ` AND (search_name LIKE $%d ESCAPE '\' OR nip LIKE $%d ESCAPE '\')`, len(args)-1, len(args))
	}
	args = append(args, f.PageSize)
	fmt.Fprintf(&q, ` ORDER BY nip LIMIT $%d`, len(args))
	out, err := database.Query(ctx, s.q, scanEmployee, q.String(), args...)
	if err != nil {
		return nil, fmt.Errorf("listing employees: %w", err)
	}
	if err := s.fillHistory(ctx, out); err != nil {
		return nil, err
	}
	return out, nil
}

// fillHistory reads the assignments of es in one query per batch, so a listed employee carries
// its history like a read one (the directory copies keep the periods from it).
func (s *Store) fillHistory(ctx context.Context, es []domain.Employee) error {
	if len(es) == 0 {
		return nil
	}
	at := make(map[string]int, len(es))
	nips := make([]string, len(es))
	for i, e := range es {
		at[e.NIP], nips[i] = i, e.NIP
	}
	err := database.EachIn(ctx, s.q, nips, 0, func(sc database.Scanner) error {
		var nip string
		var row assignmentRow
		if err := sc.Scan(&nip, &row.agency, &row.unit, &row.position, &row.start, &row.end, &row.reason); err != nil {
			return err
		}
		a, err := row.assignment()
		if err != nil {
			return err
		}
		es[at[nip]].History = append(es[at[nip]].History, a)
		return nil
	}, func(list string) string {
		return `SELECT nip, agency, unit, position, start_date, end_date, end_reason FROM assignments WHERE nip IN (` + list + `) ORDER BY nip, seq`
	})
	if err != nil {
		return fmt.Errorf("reading assignments: %w", err)
	}
	return nil
}

type assignmentRow struct{ agency, unit, position, start, end, reason string }

func (r assignmentRow) assignment() (domain.Assignment, error) {
	a := domain.Assignment{Agency: r.agency, Unit: r.unit, Position: r.position, EndReason: r.reason}
	var err error
	if a.Start, err = domain.ParseDate(r.start); err != nil {
		return a, fmt.Errorf("stored assignment start: %w", err)
	}
	if r.end != "" {
		if a.End, err = domain.ParseDate(r.end); err != nil {
			return a, fmt.Errorf("stored assignment end: %w", err)
		}
	}
	return a, nil
}

const employeeInsertCols = 20

func employeeArgs(e domain.Employee) []any {
	return []any{e.NIP, string(e.IDKind), e.FullName, strings.ToLower(e.FullName), e.FrontTitle, e.BackTitle, string(e.Sex),
		e.BirthDate.String(), e.Appointment.String(), string(e.Type), e.Rank, e.Agency, database.Nullable(e.Unit), database.Nullable(e.Position),
		database.Nullable(e.Supervisor), string(e.Status), e.Version, database.Micros(e.Created), database.Micros(e.Updated), string(e.Education)}
}

func (t *txn) InsertEmployees(ctx context.Context, es []domain.Employee) (map[string]bool, error) {
	inserted := make(map[string]bool, len(es))
	err := database.Chunks(es, 400, func(part []domain.Employee) error {
		args := make([]any, 0, len(part)*employeeInsertCols)
		for _, e := range part {
			args = append(args, employeeArgs(e)...)
		}
		rows, err := t.tx.QueryContext(ctx, `INSERT INTO employees (nip, id_kind, full_name, search_name, front_title, back_title, sex,
			birth_date, appointment_date, employment_type, rank, agency, unit, position, supervisor, status, version, create_time,
			update_time, education) VALUES `+database.Values(1, len(part), employeeInsertCols)+` ON CONFLICT (nip) DO NOTHING RETURNING nip`, args...)
		if err != nil {
			return err
		}
		got, err := database.Strings(rows)
		for _, nip := range got {
			inserted[nip] = true
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("inserting employees: %w", err)
	}
	var newOnes []domain.Employee
	for _, e := range es {
		if inserted[e.NIP] {
			newOnes = append(newOnes, e)
		}
	}
	if err := t.writeHistory(ctx, newOnes, false); err != nil {
		return nil, err
	}
	return inserted, nil
}

// writeHistory stores the assignments of es, replacing what is stored when replace is set.
func (t *txn) writeHistory(ctx context.Context, es []domain.Employee, replace bool) error {
	const cols = 8
	var args []any // cols a row
	for _, e := range es {
		if replace {
			if _, err := t.tx.ExecContext(ctx, `DELETE FROM assignments WHERE nip = $1`, e.NIP); err != nil {
				return fmt.Errorf("replacing assignments: %w", err)
			}
		}
		for i, a := range e.History {
			args = append(args, e.NIP, i+1, a.Agency, a.Unit, a.Position, a.Start.String(), a.End.String(), a.EndReason)
		}
	}
	err := database.Chunks(args, database.DefaultBatch*cols, func(part []any) error {
		_, err := t.tx.ExecContext(ctx, `INSERT INTO assignments (nip, seq, agency, unit, position, start_date, end_date, end_reason)
			VALUES `+database.Values(1, len(part)/cols, cols), part...)
		return err
	})
	if err != nil {
		return fmt.Errorf("inserting assignments: %w", err)
	}
	return nil
}

func (t *txn) UpdateEmployee(ctx context.Context, e domain.Employee) error {
	err := database.CheckUpdated(t.tx.ExecContext(ctx, `UPDATE employees SET full_name = $1, search_name = $2, front_title = $3, back_title = $4,
		appointment_date = $5, rank = $6, agency = $7, unit = $8, position = $9, supervisor = $10, status = $11, version = $12, update_time = $13,
		employment_type = $14, education = $17
		WHERE nip = $15 AND version = $16`,
		e.FullName, strings.ToLower(e.FullName), e.FrontTitle, e.BackTitle, e.Appointment.String(), e.Rank, e.Agency,
		database.Nullable(e.Unit), database.Nullable(e.Position), database.Nullable(e.Supervisor), string(e.Status), e.Version, database.Micros(e.Updated),
		string(e.Type), e.NIP, e.Version-1, string(e.Education)))
	if err != nil {
		return err
	}
	return t.writeHistory(ctx, []domain.Employee{e}, true)
}
