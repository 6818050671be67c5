package store

// Enrolments (table enrolments of migrations/00001_catalogue.sql) and the per-employee lock
// (enrolment_locks).

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/services/training/internal/app"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

const enrolmentCols = `n.id, n.session, n.employee, n.agency, n.origin, n.state, n.arrival, n.start_time, n.end_time, n.requested_by,
	n.decided_by, n.reason, n.score, n.finish_time, n.version, n.create_time, n.update_time`

// enrolmentView are what a read adds to enrolmentCols for display: the employee's name (the
// directory copy d), the programme's title (p, through the session s), the place on the
// waitlist and the valid certificate's number (c, the delivery area's table).
const enrolmentView = `, COALESCE(d.display_name, ''), p.title,
	CASE WHEN n.state = 'waitlisted' THEN (SELECT COUNT(*) FROM enrolments w WHERE w.session = n.session AND w.state = 'waitlisted'
		AND (w.arrival < n.arrival OR (w.arrival = n.arrival AND w.id <= n.id))) ELSE 0 END,
	COALESCE(c.number, '')`

const enrolmentFrom = ` FROM enrolments n JOIN sessions s ON s.id = n.session JOIN programmes p ON p.id = s.programme
	LEFT JOIN directory_employees d ON d.nip = n.employee
	LEFT JOIN certificates c ON c.enrolment = n.id AND c.state = 'valid'`

func scanEnrolmentRow(sc database.Scanner, view bool) (domain.Enrolment, error) {
	var (
		e                                domain.Enrolment
		origin, state                    string
		start, end, finish, created, upd int64
	)
	dest := []any{&e.ID, &e.Session, &e.Employee, &e.Agency, &origin, &state, &e.Arrival, &start, &end, &e.RequestedBy,
		&e.DecidedBy, &e.Reason, &e.Score, &finish, &e.Version, &created, &upd}
	if view {
		dest = append(dest, &e.EmployeeName, &e.ProgrammeTitle, &e.WaitlistPosition, &e.CertificateNumber)
	}
	if err := sc.Scan(dest...); err != nil {
		return e, err
	}
	e.Origin, e.State = domain.Origin(origin), domain.EnrolmentState(state)
	e.Start, e.End = database.FromMicros(start), database.FromMicros(end)
	if finish != 0 {
		e.Finished = database.FromMicros(finish)
	}
	e.Created, e.Updated = database.FromMicros(created), database.FromMicros(upd)
	return e, nil
}

// scanEnrolment reads enrolmentCols alone, for the reads a transaction changes rows by.
func scanEnrolment(sc database.Scanner) (domain.Enrolment, error) { return scanEnrolmentRow(sc, false) }

// scanEnrolmentView reads enrolmentCols and enrolmentView.
func scanEnrolmentView(sc database.Scanner) (domain.Enrolment, error) {
	return scanEnrolmentRow(sc, true)
}

func micros0(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return database.Micros(t)
}

// GetEnrolment reads an enrolment. In a PostgreSQL transaction it locks the enrolment's row
// (FOR UPDATE, which the outer joins of the view would not allow) and reads the view in a
// second statement.
func (r reader) GetEnrolment(ctx context.Context, id string) (domain.Enrolment, error) {
	missing := errs.NotFoundf("enrolment %q does not exist", id)
	if r.q.Lock == "" {
		return database.Get(ctx, r.q, "enrolment", missing, scanEnrolmentView, `SELECT `+enrolmentCols+enrolmentView+enrolmentFrom+` WHERE n.id = $1`, id)
	}
	e, err := database.Get(ctx, r.q, "enrolment", missing, scanEnrolment, `SELECT `+enrolmentCols+` FROM enrolments n WHERE n.id = $1`+r.q.Lock, id)
	if err != nil {
		return e, err
	}
	err = r.q.QueryRowContext(ctx, `SELECT `+strings.TrimPrefix(enrolmentView, ",")+enrolmentFrom+` WHERE n.id = $1`, id).
		Scan(&e.EmployeeName, &e.ProgrammeTitle, &e.WaitlistPosition, &e.CertificateNumber)
	if err != nil {
		return e, fmt.Errorf("reading the enrolment's employee and programme: %w", err)
	}
	return e, nil
}

func (r reader) ListEnrolments(ctx context.Context, f app.EnrolmentFilter) ([]domain.Enrolment, error) {
	w := catFilter{}
	with := ""
	if f.Under != "" {
		// The employee and everyone below them; UNION (not UNION ALL) ends a cycle in a
		// damaged tree.
		w.args = append(w.args, f.Under)
		with = `WITH RECURSIVE team(nip) AS (
			SELECT nip FROM directory_employees WHERE nip = $1
			UNION
			SELECT t.nip FROM directory_employees t JOIN team ON t.supervisor = team.nip
		) `
		w.conds = append(w.conds, `n.employee IN (SELECT nip FROM team)`)
	}
	cmp, order := ">", ` ORDER BY n.start_time, n.arrival, n.id`
	if f.Newest {
		cmp, order = "<", ` ORDER BY n.start_time DESC, n.arrival DESC, n.id DESC`
	}
	if f.After != nil {
		w.args = append(w.args, database.Micros(f.After.Time), f.After.Seq, f.After.ID)
		k := len(w.args)
		w.conds = append(w.conds, fmt.Sprintf(`(n.start_time %[4]s $%[1]d OR (n.start_time = $%[1]d AND (n.arrival %[4]s $%[2]d
			OR (n.arrival = $%[2]d AND n.id %[4]s $%[3]d))))`, k-2, k-1, k, cmp))
	}
	if f.Session != "" {
		w.add("n.session = $%d", f.Session)
	}
	if f.Employee != "" {
		w.add("n.employee = $%d", f.Employee)
	}
	if f.NotEmployee != "" {
		w.add("n.employee <> $%d", f.NotEmployee)
	}
	if f.Agency != "" {
		w.add("n.agency = $%d", f.Agency)
	}
	if len(f.States) > 0 {
		w.conds = append(w.conds, `n.state IN (`+database.Placeholders(len(w.args)+1, len(f.States))+`)`)
		for _, st := range f.States {
			w.args = append(w.args, string(st))
		}
	}
	q := with + `SELECT ` + enrolmentCols + enrolmentView + enrolmentFrom + ` WHERE ` + w.sql() + w.limit(order, f.Limit)
	out, err := database.Query(ctx, r.q, scanEnrolmentView, q, w.args...)
	if err != nil {
		return nil, fmt.Errorf("listing enrolments: %w", err)
	}
	return out, nil
}

func (t *txn) LockEnrolmentEmployee(ctx context.Context, employee string) error {
	_, err := t.tx.ExecContext(ctx, `INSERT INTO enrolment_locks (employee, version) VALUES ($1, 1)
		ON CONFLICT (employee) DO UPDATE SET version = enrolment_locks.version + 1`, employee)
	if err != nil {
		return fmt.Errorf("locking the employee's enrolments: %w", err)
	}
	return nil
}

func (t *txn) LiveEnrolments(ctx context.Context, employee string) ([]domain.Enrolment, error) {
	out, err := database.Query(ctx, t.q, scanEnrolment, `SELECT `+enrolmentCols+` FROM enrolments n
		WHERE n.employee = $1 AND n.state IN ('requested', 'enrolled', 'waitlisted') ORDER BY n.start_time, n.id`, employee)
	if err != nil {
		return nil, fmt.Errorf("reading the employee's enrolments: %w", err)
	}
	return out, nil
}

func (t *txn) SessionEnrolments(ctx context.Context, session string, states ...domain.EnrolmentState) ([]domain.Enrolment, error) {
	args := []any{session}
	q := `SELECT ` + enrolmentCols + ` FROM enrolments n WHERE n.session = $1`
	if len(states) > 0 {
		q += ` AND n.state IN (` + database.Placeholders(2, len(states)) + `)`
		for _, s := range states {
			args = append(args, string(s))
		}
	}
	out, err := database.Query(ctx, t.q, scanEnrolment, q+` ORDER BY n.arrival, n.id`+t.q.Lock, args...)
	if err != nil {
		return nil, fmt.Errorf("reading the session's enrolments: %w", err)
	}
	return out, nil
}

func (t *txn) WaitlistHead(ctx context.Context, session string, n int) ([]domain.Enrolment, error) {
	if n <= 0 {
		return nil, nil
	}
	out, err := database.Query(ctx, t.q, scanEnrolment, `SELECT `+enrolmentCols+` FROM enrolments n
		WHERE n.session = $1 AND n.state = 'waitlisted' ORDER BY n.arrival, n.id LIMIT $2`+t.q.Lock, session, n)
	if err != nil {
		return nil, fmt.Errorf("reading the session's waitlist: %w", err)
	}
	return out, nil
}

func enrolmentArgs(e domain.Enrolment) []any {
	return []any{e.Session, e.Employee, e.Agency, string(e.Origin), string(e.State), e.Arrival, database.Micros(e.Start), database.Micros(e.End),
		e.RequestedBy, e.DecidedBy, e.Reason, e.Score, micros0(e.Finished), e.Version, database.Micros(e.Created), database.Micros(e.Updated)}
}

func (t *txn) InsertEnrolment(ctx context.Context, e domain.Enrolment) error {
	cols := strings.ReplaceAll(enrolmentCols, "n.", "")
	_, err := t.tx.ExecContext(ctx, `INSERT INTO enrolments (`+cols+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`, append([]any{e.ID}, enrolmentArgs(e)...)...)
	return database.CheckInserted(err, "enrolment", errs.Existsf("employee %s already holds an enrolment in session %s", e.Employee, e.Session))
}

func (t *txn) UpdateEnrolment(ctx context.Context, e domain.Enrolment) error {
	return database.CheckUpdated(t.tx.ExecContext(ctx, `UPDATE enrolments SET session = $1, employee = $2, agency = $3, origin = $4,
		state = $5, arrival = $6, start_time = $7, end_time = $8, requested_by = $9, decided_by = $10, reason = $11, score = $12,
		finish_time = $13, version = $14, create_time = $15, update_time = $16
		WHERE id = $17 AND version = $18`, append(enrolmentArgs(e), e.ID, e.Version-1)...))
}

func (t *txn) MoveEnrolments(ctx context.Context, session string, start, end time.Time) error {
	_, err := t.tx.ExecContext(ctx, `UPDATE enrolments SET start_time = $1, end_time = $2 WHERE session = $3`,
		database.Micros(start), database.Micros(end), session)
	if err != nil {
		return fmt.Errorf("moving the session's enrolments: %w", err)
	}
	return nil
}
