package store

import (
	"context"
	"fmt"

	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/paging"
	"github.com/simpeg-id/simpeg/services/planning/internal/app"
	"github.com/simpeg-id/simpeg/services/planning/internal/domain"
)

// Agencies and their tree: table agencies (migrations/00001_registry.sql).

const agencyCols = `code, display_name, kind, COALESCE(parent, ''), root, version, create_time, update_time`

func scanAgency(sc database.Scanner) (domain.Agency, error) {
	var a domain.Agency
	var kind string
	var created, updated int64
	if err := sc.Scan(&a.Code, &a.Name, &kind, &a.Parent, &a.Root, &a.Version, &created, &updated); err != nil {
		return a, err
	}
	a.Kind = domain.AgencyKind(kind)
	a.Created, a.Updated = database.FromMicros(created), database.FromMicros(updated)
	return a, nil
}

func (r reader) GetAgency(ctx context.Context, code string) (domain.Agency, error) {
	return database.Get(ctx, r.q, "agency", errs.NotFoundf("agency %q does not exist", code), scanAgency, `SELECT `+agencyCols+` FROM agencies WHERE code = $1`+r.q.Lock, code)
}

func (r reader) Agencies(ctx context.Context, codes ...string) (map[string]*domain.Agency, error) {
	out, err := database.IndexIn(ctx, r.q, codes, 0, scanAgency, func(a domain.Agency) string { return a.Code }, func(list string) string {
		return `SELECT ` + agencyCols + ` FROM agencies WHERE code IN (` + list + `)`
	})
	if err != nil {
		return nil, fmt.Errorf("reading agencies: %w", err)
	}
	return out, nil
}

func (r reader) AgencyChain(ctx context.Context, code string) ([]string, error) {
	rows, err := r.q.QueryContext(ctx, `WITH RECURSIVE up(code, parent, depth) AS (
			SELECT code, parent, 0 FROM agencies WHERE code = $1
			UNION ALL
			SELECT a.code, a.parent, up.depth + 1 FROM agencies a JOIN up ON a.code = up.parent WHERE up.depth < 64
		) SELECT code FROM up ORDER BY depth`, code)
	if err != nil {
		return nil, fmt.Errorf("reading agency chain: %w", err)
	}
	return database.Strings(rows)
}

func (s *Store) ListAgencies(ctx context.Context, f app.AgencyFilter) ([]domain.Agency, error) {
	after, err := paging.Key(f.After)
	if err != nil {
		return nil, err
	}
	q := `SELECT ` + agencyCols + ` FROM agencies WHERE code > $1`
	args := []any{after}
	switch f.Parent {
	case "":
	case "-":
		q += ` AND parent IS NULL`
	default:
		args = append(args, f.Parent)
		q += fmt.Sprintf(` AND parent = $%d`, len(args))
	}
	args = append(args, f.PageSize)
	q += fmt.Sprintf(` ORDER BY code LIMIT $%d`, len(args))
	out, err := database.Query(ctx, s.q, scanAgency, q, args...)
	if err != nil {
		return nil, fmt.Errorf("listing agencies: %w", err)
	}
	return out, nil
}

func (t *txn) InsertAgency(ctx context.Context, a domain.Agency) error {
	_, err := t.tx.ExecContext(ctx, `INSERT INTO agencies (code, display_name, kind, parent, root, version, create_time, update_time)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		a.Code, a.Name, string(a.Kind), database.Nullable(a.Parent), a.Root, a.Version, database.Micros(a.Created), database.Micros(a.Updated))
	return database.CheckInserted(err, "agency", errs.Existsf("agency %q already exists", a.Code))
}

func (t *txn) UpdateAgency(ctx context.Context, a domain.Agency) error {
	return database.CheckUpdated(t.tx.ExecContext(ctx, `UPDATE agencies SET display_name = $1, kind = $2, parent = $3, version = $4, update_time = $5
		WHERE code = $6 AND version = $7`,
		a.Name, string(a.Kind), database.Nullable(a.Parent), a.Version, database.Micros(a.Updated), a.Code, a.Version-1))
}
