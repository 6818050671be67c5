// Package store keeps the workforce registry in the service's database (PostgreSQL or SQLite,
// one SQL code path) and implements the app layer's Repository. A Write runs its closure in
// one transaction and writes the closure's events to the outbox and its audit records in that
// same transaction.
package store

import (
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"time"

	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/outbox"
	"github.com/simpeg-id/simpeg/platform/paging"
	"github.com/simpeg-id/simpeg/platform/unitofwork"
	"github.com/simpeg-id/simpeg/services/planning/internal/app"
	"github.com/simpeg-id/simpeg/services/planning/internal/domain"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Migrations returns the service's goose migrations.
func Migrations() fs.FS { return database.Embedded(migrations, "migrations") }

// Encoder turns domain events into outbox events.
type Encoder = unitofwork.Encoder[domain.Event]

// Store is the registry's Repository.
type Store struct {
	reader // reads outside a transaction
	uow    *unitofwork.Writer[domain.Event]
}

// New returns a Store on db writing events through ob, encoded by encode.
func New(db *database.DB, ob *outbox.Outbox, encode Encoder) *Store {
	return &Store{reader: reader{db.Q()}, uow: unitofwork.New(db, ob, encode, time.Now)}
}

var (
	_ app.Repository = (*Store)(nil)
	_ app.Tx         = (*txn)(nil)
)

// Write runs fn in a transaction with its events and audit records (unitofwork.Writer).
func (s *Store) Write(ctx context.Context, fn func(ctx context.Context, tx app.Tx) error) error {
	return s.uow.Write(ctx, func(ctx context.Context, tx *database.Tx, b *unitofwork.Batch[domain.Event]) error {
		return fn(ctx, &txn{reader: reader{tx.Q()}, Batch: b, tx: tx})
	})
}

// txn is app.Tx: the reads lock on PostgreSQL, and Emit and Audit go to the unit's batch.
type txn struct {
	reader
	*unitofwork.Batch[domain.Event]
	tx *database.Tx
}

func (t *txn) Audit(ctx context.Context, entries ...app.AuditEntry) error {
	return t.Batch.Audit(ctx, unitofwork.AuditEntries(entries)...)
}

// LockSupervisorTree takes a transaction-scoped lock on PostgreSQL. SQLite needs none: its
// transactions take the database's write lock when they begin.
func (t *txn) LockSupervisorTree(ctx context.Context) error {
	if t.q.Dialect != database.Postgres {
		return nil
	}
	if _, err := t.tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(7304511)`); err != nil {
		return fmt.Errorf("locking supervisor tree: %w", err)
	}
	return nil
}

// reader reads through the database or a transaction; inside a PostgreSQL transaction the reads
// of rows about to change end with q.Lock (FOR UPDATE), so a read-modify-write waits for a
// concurrent one instead of losing the race.
type reader struct{ q database.Q }

// ---- agencies ----

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
	a, found, err := database.One(r.q.QueryRowContext(ctx, `SELECT `+agencyCols+` FROM agencies WHERE code = $1`+r.q.Lock, code), scanAgency)
	if err != nil {
		return a, fmt.Errorf("reading agency: %w", err)
	}
	if !found {
		return a, errs.NotFoundf("agency %q does not exist", code)
	}
	return a, nil
}

func (r reader) Agencies(ctx context.Context, codes ...string) (map[string]*domain.Agency, error) {
	out := map[string]*domain.Agency{}
	err := database.InBatches(codes, 0, func(keys []any) error {
		return database.QueryEach(ctx, r.q, func(sc database.Scanner) error {
			a, err := scanAgency(sc)
			if err == nil {
				out[a.Code] = &a
			}
			return err
		}, `SELECT `+agencyCols+` FROM agencies WHERE code IN (`+database.Placeholders(1, len(keys))+`)`, keys...)
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
	if database.IsUniqueViolation(err) {
		return errs.Existsf("agency %q already exists", a.Code)
	}
	if err != nil {
		return fmt.Errorf("inserting agency: %w", err)
	}
	return nil
}

func (t *txn) UpdateAgency(ctx context.Context, a domain.Agency) error {
	return database.CheckUpdated(t.tx.ExecContext(ctx, `UPDATE agencies SET display_name = $1, kind = $2, parent = $3, version = $4, update_time = $5
		WHERE code = $6 AND version = $7`,
		a.Name, string(a.Kind), database.Nullable(a.Parent), a.Version, database.Micros(a.Updated), a.Code, a.Version-1))
}

// ---- positions ----

const positionCols = `p.id, p.title, p.kind, p.class, p.agency, COALESCE(p.unit, ''), p.competencies, p.needed, p.version, p.create_time, p.update_time,
	(SELECT COUNT(*) FROM employees e WHERE e.position = p.id AND e.status = 'active')`

func scanPosition(sc database.Scanner) (domain.Position, error) {
	var p domain.Position
	var kind, comps string
	var created, updated int64
	if err := sc.Scan(&p.ID, &p.Title, &kind, &p.Class, &p.Agency, &p.Unit, &comps, &p.Needed, &p.Version, &created, &updated, &p.Current); err != nil {
		return p, err
	}
	p.Kind = domain.PositionKind(kind)
	if err := json.Unmarshal([]byte(comps), &p.Competencies); err != nil {
		return p, fmt.Errorf("decoding competencies: %w", err)
	}
	p.Created, p.Updated = database.FromMicros(created), database.FromMicros(updated)
	return p, nil
}

func (r reader) GetPosition(ctx context.Context, id string) (domain.Position, error) {
	p, found, err := database.One(r.q.QueryRowContext(ctx, `SELECT `+positionCols+` FROM positions p WHERE p.id = $1`+r.q.Lock, id), scanPosition)
	if err != nil {
		return p, fmt.Errorf("reading position: %w", err)
	}
	if !found {
		return p, errs.NotFoundf("position %q does not exist", id)
	}
	return p, nil
}

func (r reader) Positions(ctx context.Context, ids ...string) (map[string]*domain.Position, error) {
	out := map[string]*domain.Position{}
	err := database.InBatches(ids, 0, func(keys []any) error {
		return database.QueryEach(ctx, r.q, func(sc database.Scanner) error {
			p, err := scanPosition(sc)
			if err == nil {
				out[p.ID] = &p
			}
			return err
		}, `SELECT `+positionCols+` FROM positions p WHERE p.id IN (`+database.Placeholders(1, len(keys))+`)`, keys...)
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
	comps, err := json.Marshal(database.NonNil(p.Competencies))
	if err != nil {
		return fmt.Errorf("encoding competencies: %w", err)
	}
	_, err = t.tx.ExecContext(ctx, `INSERT INTO positions (id, title, kind, class, agency, unit, competencies, needed, version, create_time, update_time)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		p.ID, p.Title, string(p.Kind), p.Class, p.Agency, database.Nullable(p.Unit), string(comps), p.Needed, p.Version, database.Micros(p.Created), database.Micros(p.Updated))
	if database.IsUniqueViolation(err) {
		return errs.Existsf("position %q already exists", p.ID)
	}
	if err != nil {
		return fmt.Errorf("inserting position: %w", err)
	}
	return nil
}

func (t *txn) UpdatePosition(ctx context.Context, p domain.Position) error {
	comps, err := json.Marshal(database.NonNil(p.Competencies))
	if err != nil {
		return fmt.Errorf("encoding competencies: %w", err)
	}
	return database.CheckUpdated(t.tx.ExecContext(ctx, `UPDATE positions SET title = $1, kind = $2, class = $3, unit = $4, competencies = $5, needed = $6, version = $7, update_time = $8
		WHERE id = $9 AND version = $10`,
		p.Title, string(p.Kind), p.Class, database.Nullable(p.Unit), string(comps), p.Needed, p.Version, database.Micros(p.Updated), p.ID, p.Version-1))
}
