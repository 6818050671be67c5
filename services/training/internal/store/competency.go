package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/services/planning/directory"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

// Competency: assessments, performance ratings and the directory reads of the needs
// (migrations/00003_competency.sql); development plans in competency_plans.go, feedback in
// competency_feedback.go.

const assessmentCols = `id, employee, agency, competency, level, assessed_on, source, note, recorded_by, verified_by, verify_time, version, create_time, update_time`

func scanAssessment(sc database.Scanner) (domain.Assessment, error) {
	var a domain.Assessment
	var date, source string
	var verified, created, updated int64
	if err := sc.Scan(&a.ID, &a.Employee, &a.Agency, &a.Competency, &a.Level, &date, &source, &a.Note, &a.RecordedBy, &a.VerifiedBy,
		&verified, &a.Version, &created, &updated); err != nil {
		return a, err
	}
	d, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return a, fmt.Errorf("assessment %s has date %q: %w", a.ID, date, err)
	}
	a.Date, a.Source, a.Verified = d, domain.AssessmentSource(source), a.VerifiedBy != ""
	if verified != 0 {
		a.VerifyTime = database.FromMicros(verified)
	}
	a.Created, a.Updated = database.FromMicros(created), database.FromMicros(updated)
	return a, nil
}

func (r reader) Assessment(ctx context.Context, id string) (domain.Assessment, error) {
	return database.Get(ctx, r.q, "assessment", errs.NotFoundf("assessment %q does not exist", id), scanAssessment,
		`SELECT `+assessmentCols+` FROM assessments WHERE id = $1`+r.q.Lock, id)
}

func (r reader) AssessmentsOf(ctx context.Context, employees []string) (map[string][]domain.Assessment, error) {
	list, err := database.QueryIn(ctx, r.q, employees, 0, scanAssessment, func(in string) string {
		return `SELECT ` + assessmentCols + ` FROM assessments WHERE employee IN (` + in + `) ORDER BY employee, assessed_on, create_time, id`
	})
	if err != nil {
		return nil, fmt.Errorf("reading assessments: %w", err)
	}
	out := map[string][]domain.Assessment{}
	for _, a := range list {
		out[a.Employee] = append(out[a.Employee], a)
	}
	return out, nil
}

func (t *txn) InsertAssessment(ctx context.Context, a domain.Assessment) error {
	_, err := t.tx.ExecContext(ctx, `INSERT INTO assessments (`+assessmentCols+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
		a.ID, a.Employee, a.Agency, a.Competency, a.Level, a.Date.Format(time.DateOnly), string(a.Source), a.Note, a.RecordedBy, a.VerifiedBy,
		micros(a.VerifyTime), a.Version, database.Micros(a.Created), database.Micros(a.Updated))
	return database.CheckInserted(err, "assessment", errs.Existsf("assessment %q already exists", a.ID))
}

func (t *txn) UpdateAssessment(ctx context.Context, a domain.Assessment) error {
	return database.CheckUpdated(t.tx.ExecContext(ctx, `UPDATE assessments SET verified_by = $1, verify_time = $2, note = $3, version = $4, update_time = $5
		WHERE id = $6 AND version = $7`,
		a.VerifiedBy, micros(a.VerifyTime), a.Note, a.Version, database.Micros(a.Updated), a.ID, a.Version-1))
}

// micros is database.Micros with 0 for the zero time.
func micros(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return database.Micros(t)
}

const performanceCols = `employee, year, predicate, source_event, evaluate_time, record_time`

func scanPerformance(sc database.Scanner) (domain.Performance, error) {
	var p domain.Performance
	var predicate string
	var evaluated, recorded int64
	err := sc.Scan(&p.Employee, &p.Year, &predicate, &p.Source, &evaluated, &recorded)
	p.Predicate, p.Evaluated, p.Recorded = domain.Predicate(predicate), database.FromMicros(evaluated), database.FromMicros(recorded)
	return p, err
}

func (r reader) PerformanceOf(ctx context.Context, employees []string, years ...int) (map[string][]domain.Performance, error) {
	only := ""
	if len(years) > 0 {
		ys := make([]string, len(years))
		for i, y := range years {
			ys[i] = strconv.Itoa(y)
		}
		only = ` AND year IN (` + strings.Join(ys, ", ") + `)`
	}
	list, err := database.QueryIn(ctx, r.q, employees, 0, scanPerformance, func(in string) string {
		return `SELECT ` + performanceCols + ` FROM performance_gaps WHERE employee IN (` + in + `)` + only + ` ORDER BY employee, year DESC`
	})
	if err != nil {
		return nil, fmt.Errorf("reading performance ratings: %w", err)
	}
	out := map[string][]domain.Performance{}
	for _, p := range list {
		out[p.Employee] = append(out[p.Employee], p)
	}
	return out, nil
}

func (t *txn) Performance(ctx context.Context, employee string, year int) (domain.Performance, bool, error) {
	p, found, err := database.One(t.q.QueryRowContext(ctx, `SELECT `+performanceCols+` FROM performance_gaps WHERE employee = $1 AND year = $2`+t.q.Lock,
		employee, year), scanPerformance)
	if err != nil {
		return p, false, fmt.Errorf("reading performance rating: %w", err)
	}
	return p, found, nil
}

func (t *txn) PutPerformance(ctx context.Context, p domain.Performance) error {
	_, err := t.tx.ExecContext(ctx, `INSERT INTO performance_gaps (`+performanceCols+`) VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (employee, year) DO UPDATE SET predicate = excluded.predicate, source_event = excluded.source_event,
			evaluate_time = excluded.evaluate_time, record_time = excluded.record_time`,
		p.Employee, p.Year, string(p.Predicate), p.Source, database.Micros(p.Evaluated), database.Micros(p.Recorded))
	if err != nil {
		return fmt.Errorf("keeping performance rating: %w", err)
	}
	return nil
}

// NeedsEmployees reads the directory copy (directory_employees, in this database): the active
// employees whose agency in force on date (directory.PeriodOn) is agency.
func (r reader) NeedsEmployees(ctx context.Context, agency, date string) ([]directory.Employee, error) {
	out, err := database.Query(ctx, r.q, func(sc database.Scanner) (directory.Employee, error) {
		var e directory.Employee
		err := sc.Scan(&e.NIP, &e.DisplayName, &e.Sex, &e.BirthDate, &e.AppointmentDate, &e.EmploymentType, &e.Rank,
			&e.Agency, &e.Unit, &e.Position, &e.Supervisor, &e.Status, &e.Version)
		return e, err
	}, `SELECT e.nip, e.display_name, e.sex, e.birth_date, e.appointment_date, e.employment_type, e.rank,
		COALESCE(p.agency, e.agency), COALESCE(p.unit, e.unit), e.position, e.supervisor, e.status, e.version
		FROM directory_employees e LEFT JOIN directory_assignments p ON `+directory.PeriodOn(1)+`
		WHERE e.status = 'active' AND COALESCE(p.agency, e.agency) = $2 ORDER BY e.nip`, date, agency)
	if err != nil {
		return nil, fmt.Errorf("listing the agency's employees: %w", err)
	}
	return out, nil
}

const plannedCols = `id, agency, state, competencies`

func scanPlanned(sc database.Scanner) (domain.PlannedProgramme, error) {
	var p domain.PlannedProgramme
	var state, comps string
	if err := sc.Scan(&p.ID, &p.Agency, &state, &comps); err != nil {
		return p, err
	}
	p.Retired = state == "retired"
	if err := json.Unmarshal([]byte(comps), &p.Competencies); err != nil {
		return p, fmt.Errorf("programme %s: decoding competencies: %w", p.ID, err)
	}
	return p, nil
}

func (r reader) CompetencyProgrammes(ctx context.Context, agency string) ([]domain.PlannedProgramme, error) {
	out, err := database.Query(ctx, r.q, scanPlanned, `SELECT `+plannedCols+` FROM programmes
		WHERE agency IN ('', $1) AND state <> 'retired' ORDER BY id`, agency)
	if err != nil {
		return nil, fmt.Errorf("reading the programmes' competencies: %w", err)
	}
	return out, nil
}

func (r reader) PlanProgrammes(ctx context.Context, ids []string) (map[string]domain.PlannedProgramme, error) {
	found, err := database.IndexIn(ctx, r.q, ids, 0, scanPlanned, func(p domain.PlannedProgramme) string { return p.ID }, func(in string) string {
		return `SELECT ` + plannedCols + ` FROM programmes WHERE id IN (` + in + `)`
	})
	if err != nil {
		return nil, fmt.Errorf("reading the plan's programmes: %w", err)
	}
	out := make(map[string]domain.PlannedProgramme, len(found))
	for id, p := range found {
		out[id] = *p
	}
	return out, nil
}
