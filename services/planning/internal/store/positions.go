package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/paging"
	"github.com/simpeg-id/simpeg/services/planning/internal/app"
	"github.com/simpeg-id/simpeg/services/planning/internal/domain"
)

// Positions (formasi): table positions; the number of active holders is counted from employees
// (migrations/00001_registry.sql). The competency standard is competency_standards, a JSON
// array of standardJSON; competencies holds its names too (migrations/00002_competency_standards.sql).

const positionCols = `p.id, p.title, p.kind, p.class, p.agency, COALESCE(p.unit, ''), p.competencies, p.competency_standards, p.needed, p.version, p.create_time, p.update_time,
	(SELECT COUNT(*) FROM employees e WHERE e.position = p.id AND e.status = 'active'),
	p.level, p.retirement_age, p.needed_from_workload`

// standardJSON is one element of the competency_standards column.
type standardJSON struct {
	Competency string `json:"competency"`
	Level      int    `json:"level"`
}

func scanPosition(sc database.Scanner) (domain.Position, error) {
	var p domain.Position
	var kind, names, standards string
	var created, updated int64
	var level string
	var fromWorkload int
	if err := sc.Scan(&p.ID, &p.Title, &kind, &p.Class, &p.Agency, &p.Unit, &names, &standards, &p.Needed, &p.Version, &created, &updated, &p.Current,
		&level, &p.RetirementAge, &fromWorkload); err != nil {
		return p, err
	}
	p.Kind, p.Level, p.NeededFromWorkload = domain.PositionKind(kind), domain.PositionLevel(level), fromWorkload != 0
	if standards == "" {
		// A row the migration left (a name with an escaped character): its names, level not set.
		var list []string
		if err := json.Unmarshal([]byte(names), &list); err != nil {
			return p, fmt.Errorf("decoding competencies of position %s: %w", p.ID, err)
		}
		p.Standards = domain.StandardsOf(list)
	} else {
		var list []standardJSON
		if err := json.Unmarshal([]byte(standards), &list); err != nil {
			return p, fmt.Errorf("decoding competency standards of position %s: %w", p.ID, err)
		}
		for _, s := range list {
			p.Standards = append(p.Standards, domain.CompetencyStandard{Competency: s.Competency, Level: s.Level})
		}
	}
	p.Created, p.Updated = database.FromMicros(created), database.FromMicros(updated)
	return p, nil
}

// encodeStandards returns the competencies and competency_standards columns of p.
func encodeStandards(p domain.Position) (names, standards string, err error) {
	n, err := json.Marshal(database.NonNil(p.Competencies()))
	if err != nil {
		return "", "", fmt.Errorf("encoding competencies: %w", err)
	}
	list := make([]standardJSON, len(p.Standards))
	for i, s := range p.Standards {
		list[i] = standardJSON{Competency: s.Competency, Level: s.Level}
	}
	st, err := json.Marshal(list)
	if err != nil {
		return "", "", fmt.Errorf("encoding competency standards: %w", err)
	}
	return string(n), string(st), nil
}

func (r reader) GetPosition(ctx context.Context, id string) (domain.Position, error) {
	return database.Get(ctx, r.q, "position", errs.NotFoundf("position %q does not exist", id), scanPosition, `SELECT `+positionCols+` FROM positions p WHERE p.id = $1`+r.q.Lock, id)
}

func (r reader) Positions(ctx context.Context, ids ...string) (map[string]*domain.Position, error) {
	out, err := database.IndexIn(ctx, r.q, ids, 0, scanPosition, func(p domain.Position) string { return p.ID }, func(list string) string {
		return `SELECT ` + positionCols + ` FROM positions p WHERE p.id IN (` + list + `)`
	})
	if err != nil {
		return nil, fmt.Errorf("reading positions: %w", err)
	}
	return out, nil
}

func (s *Store) ListPositions(ctx context.Context, f app.PositionFilter) ([]domain.Position, error) {
	after, err := paging.Key(f.After)
	if err != nil {
		return nil, err
	}
	q := `SELECT ` + positionCols + ` FROM positions p WHERE p.id > $1`
	args := []any{after}
	add := func(cond string, v any) {
		args = append(args, v)
		q += fmt.Sprintf(" AND "+cond, len(args))
	}
	if f.Agency != "" {
		add("p.agency = $%d", f.Agency)
	}
	if f.Unit != "" {
		add("p.unit = $%d", f.Unit)
	}
	if f.Kind != "" {
		add("p.kind = $%d", string(f.Kind))
	}
	args = append(args, f.PageSize)
	q += fmt.Sprintf(` ORDER BY p.id LIMIT $%d`, len(args))
	out, err := database.Query(ctx, s.q, scanPosition, q, args...)
	if err != nil {
		return nil, fmt.Errorf("listing positions: %w", err)
	}
	return out, nil
}

func (t *txn) InsertPosition(ctx context.Context, p domain.Position) error {
	names, standards, err := encodeStandards(p)
	if err != nil {
		return err
	}
	_, err = t.tx.ExecContext(ctx, `INSERT INTO positions (id, title, kind, class, agency, unit, competencies, competency_standards, needed, version, create_time, update_time,
		level, retirement_age, needed_from_workload)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
		p.ID, p.Title, string(p.Kind), p.Class, p.Agency, database.Nullable(p.Unit), names, standards, p.Needed, p.Version, database.Micros(p.Created), database.Micros(p.Updated),
		string(p.Level), p.RetirementAge, sqlBool01(p.NeededFromWorkload))
	return database.CheckInserted(err, "position", errs.Existsf("position %q already exists", p.ID))
}

func (t *txn) UpdatePosition(ctx context.Context, p domain.Position) error {
	names, standards, err := encodeStandards(p)
	if err != nil {
		return err
	}
	return database.CheckUpdated(t.tx.ExecContext(ctx, `UPDATE positions SET title = $1, kind = $2, class = $3, unit = $4, competencies = $5, competency_standards = $6,
		needed = $7, version = $8, update_time = $9, level = $12, retirement_age = $13, needed_from_workload = $14
		WHERE id = $10 AND version = $11`,
		p.Title, string(p.Kind), p.Class, database.Nullable(p.Unit), names, standards, p.Needed, p.Version, database.Micros(p.Updated), p.ID, p.Version-1,
		string(p.Level), p.RetirementAge, sqlBool01(p.NeededFromWorkload)))
}
