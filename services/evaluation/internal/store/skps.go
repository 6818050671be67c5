package store

// SKPs (table skps of migrations/00001_evaluation.sql): the row codec and the reads and writes
// every area shares. The SKP area's lists and revisions are in skps_*.go.

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
)

// SkpCols are the skps columns scanSkp reads, in its order (for the areas' own queries).
const SkpCols = `id, employee, employee_name, year, seq, agency, unit, position, appraiser, appraiser_name, agency_head,
	state, start_date, end_date, results, behaviours, functional_level, revision, approved_state, return_comment,
	closed_reason, previous, latest, version, create_time, update_time`

func scanSkp(sc database.Scanner) (domain.Skp, error) {
	var (
		s                          domain.Skp
		head, approved, latest     int
		state, results, behaviours string
		level                      string
		created, updated           int64
	)
	if err := sc.Scan(&s.ID, &s.Employee, &s.EmployeeName, &s.Year, &s.Seq, &s.Agency, &s.Unit, &s.Position, &s.Appraiser,
		&s.AppraiserName, &head, &state, &s.StartDate, &s.EndDate, &results, &behaviours, &level, &s.Revision, &approved,
		&s.ReturnComment, &s.ClosedReason, &s.Previous, &latest, &s.Version, &created, &updated); err != nil {
		return s, err
	}
	s.AgencyHead, s.Approved, s.Latest = head == 1, approved == 1, latest == 1
	s.State, s.FunctionalLevel = domain.SkpState(state), domain.FunctionalLevel(level)
	if err := json.Unmarshal([]byte(results), &s.Results); err != nil {
		return s, fmt.Errorf("decoding the results of SKP %s: %w", s.ID, err)
	}
	if err := json.Unmarshal([]byte(behaviours), &s.Behaviours); err != nil {
		return s, fmt.Errorf("decoding the behaviours of SKP %s: %w", s.ID, err)
	}
	s.Created, s.Updated = database.FromMicros(created), database.FromMicros(updated)
	return s, nil
}

func bit(b bool) int {
	if b {
		return 1
	}
	return 0
}

// skpArgs are s's columns after id, in SkpCols' order.
func skpArgs(s domain.Skp) ([]any, error) {
	results, err := json.Marshal(database.NonNil(s.Results))
	if err != nil {
		return nil, fmt.Errorf("encoding results: %w", err)
	}
	behaviours, err := json.Marshal(database.NonNil(s.Behaviours))
	if err != nil {
		return nil, fmt.Errorf("encoding behaviours: %w", err)
	}
	return []any{s.Employee, s.EmployeeName, s.Year, s.Seq, s.Agency, s.Unit, s.Position, s.Appraiser, s.AppraiserName,
		bit(s.AgencyHead), string(s.State), s.StartDate, s.EndDate, string(results), string(behaviours),
		string(s.FunctionalLevel), s.Revision, bit(s.Approved), s.ReturnComment, s.ClosedReason, s.Previous, bit(s.Latest),
		s.Version, database.Micros(s.Created), database.Micros(s.Updated)}, nil
}

func (r reader) Skp(ctx context.Context, id string) (domain.Skp, error) {
	return database.Get(ctx, r.q, "SKP", errs.NotFoundf("SKP %q does not exist", "skps/"+id), scanSkp,
		`SELECT `+SkpCols+` FROM skps WHERE id = $1`+r.q.Lock, id)
}

func (t *txn) InsertSkp(ctx context.Context, s domain.Skp) error {
	args, err := skpArgs(s)
	if err != nil {
		return err
	}
	_, err = t.tx.ExecContext(ctx, `INSERT INTO skps (`+SkpCols+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,
		$11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26)`, append([]any{s.ID}, args...)...)
	return database.CheckInserted(err, "SKP", errs.Existsf("employee %s already has an open SKP for %d", s.Employee, s.Year))
}

func (t *txn) UpdateSkp(ctx context.Context, s domain.Skp) error {
	args, err := skpArgs(s)
	if err != nil {
		return err
	}
	return database.CheckUpdated(t.tx.ExecContext(ctx, `UPDATE skps SET employee = $1, employee_name = $2, year = $3, seq = $4,
		agency = $5, unit = $6, position = $7, appraiser = $8, appraiser_name = $9, agency_head = $10, state = $11,
		start_date = $12, end_date = $13, results = $14, behaviours = $15, functional_level = $16, revision = $17,
		approved_state = $18, return_comment = $19, closed_reason = $20, previous = $21, latest = $22, version = $23,
		create_time = $24, update_time = $25
		WHERE id = $26 AND version = $27`, append(args, s.ID, s.Version-1)...))
}

// Period returns performance year year, or an errs.NotFound error naming it.
func (r reader) Period(ctx context.Context, year int) (domain.Period, error) {
	return database.Get(ctx, r.q, "period", errs.NotFoundf("performance year %d is not open (periods/%d)", year, year), scanPeriod,
		`SELECT year, cadence, skp_due_date, rating_due_days, version, create_time, update_time FROM periods WHERE year = $1`+r.q.Lock, year)
}

func scanPeriod(sc database.Scanner) (domain.Period, error) {
	var (
		p                domain.Period
		cadence          string
		created, updated int64
	)
	if err := sc.Scan(&p.Year, &cadence, &p.SkpDueDate, &p.RatingDueDays, &p.Version, &created, &updated); err != nil {
		return p, err
	}
	p.Cadence = domain.Cadence(cadence)
	p.Created, p.Updated = database.FromMicros(created), database.FromMicros(updated)
	return p, nil
}
