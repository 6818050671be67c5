// Package store keeps the workforce registry in the service's database (PostgreSQL or SQLite,
// one SQL code path) and implements the app layer's Repository. A Write runs its closure in
// one transaction and writes the closure's events to the outbox and its audit records in that
// same transaction.
package store

import (
	"context"
	"database/sql"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"time"

	"github.com/simpeg-id/simpeg/platform/audit"
	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/outbox"
	"github.com/simpeg-id/simpeg/platform/paging"
	"github.com/simpeg-id/simpeg/services/planning/internal/app"
	"github.com/simpeg-id/simpeg/services/planning/internal/domain"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Migrations returns the service's goose migrations.
func Migrations() fs.FS {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		panic(err) // the embedded directory is part of the binary
	}
	return sub
}

// Encoder turns domain events into outbox events.
type Encoder func(domain.Event) (outbox.Event, error)

// Store is the registry's Repository.
type Store struct {
	reader // reads outside a transaction
	db     *database.DB
	outbox *outbox.Outbox
	encode Encoder
	now    func() time.Time
}

// New returns a Store on db writing events through ob, encoded by encode.
func New(db *database.DB, ob *outbox.Outbox, encode Encoder) *Store {
	return &Store{reader: reader{q: db, dialect: db.Dialect}, db: db, outbox: ob, encode: encode, now: time.Now}
}

var _ app.Repository = (*Store)(nil)

// querier is what both *sql.DB and *sql.Tx offer.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// Write runs fn in a transaction with its events and audit records.
func (s *Store) Write(ctx context.Context, fn func(ctx context.Context, tx app.Tx) error) error {
	return s.db.InTx(ctx, func(dtx *database.Tx) error {
		t := &txn{reader: reader{q: dtx, dialect: s.db.Dialect}, tx: dtx, store: s}
		if s.db.Dialect == database.Postgres {
			t.lock = " FOR UPDATE"
		}
		if err := fn(ctx, t); err != nil {
			return err
		}
		evs := make([]outbox.Event, 0, len(t.events))
		for _, e := range t.events {
			oe, err := s.encode(e)
			if err != nil {
				return fmt.Errorf("encoding event: %w", err)
			}
			evs = append(evs, oe)
		}
		if err := s.outbox.Add(ctx, dtx, evs...); err != nil {
			return err
		}
		entries := make([]audit.Entry, len(t.audits))
		for i, a := range t.audits {
			entries[i] = audit.Entry{Resource: a.Resource, Detail: a.Detail}
		}
		return audit.Record(ctx, dtx, s.now(), entries...)
	})
}

type txn struct {
	reader
	tx     *database.Tx
	store  *Store
	events []domain.Event
	audits []app.AuditEntry
}

func (t *txn) Emit(_ context.Context, events ...domain.Event) error {
	t.events = append(t.events, events...)
	return nil
}

func (t *txn) Audit(_ context.Context, entries ...app.AuditEntry) error {
	t.audits = append(t.audits, entries...)
	return nil
}

// LockSupervisorTree takes a transaction-scoped lock on PostgreSQL. SQLite needs none: its
// transactions take the database's write lock when they begin.
func (t *txn) LockSupervisorTree(ctx context.Context) error {
	if t.dialect != database.Postgres {
		return nil
	}
	if _, err := t.tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(7304511)`); err != nil {
		return fmt.Errorf("locking supervisor tree: %w", err)
	}
	return nil
}

// reader reads through a querier: the database, or a transaction.
type reader struct {
	q       querier
	dialect database.Dialect
	// lock is " FOR UPDATE" inside a PostgreSQL transaction, so a read-modify-write waits for a
	// concurrent one instead of losing the race; SQLite transactions are serialized already.
	lock string
}

// ---- agencies ----

const agencyCols = `code, display_name, kind, COALESCE(parent, ''), root, version, create_time, update_time`

func scanAgency(sc interface{ Scan(...any) error }) (domain.Agency, error) {
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
	a, err := scanAgency(r.q.QueryRowContext(ctx, `SELECT `+agencyCols+` FROM agencies WHERE code = $1`+r.lock, code))
	if errors.Is(err, sql.ErrNoRows) {
		return a, errs.NotFoundf("agency %q does not exist", code)
	}
	if err != nil {
		return a, fmt.Errorf("reading agency: %w", err)
	}
	return a, nil
}

func (r reader) Agencies(ctx context.Context, codes ...string) (map[string]*domain.Agency, error) {
	out := map[string]*domain.Agency{}
	keys := distinct(codes)
	for len(keys) > 0 {
		n := min(len(keys), 500)
		rows, err := r.q.QueryContext(ctx, `SELECT `+agencyCols+` FROM agencies WHERE code IN (`+database.Placeholders(1, n)+`)`, anys(keys[:n])...)
		if err != nil {
			return nil, fmt.Errorf("reading agencies: %w", err)
		}
		for rows.Next() {
			a, err := scanAgency(rows)
			if err != nil {
				rows.Close()
				return nil, fmt.Errorf("scanning agency: %w", err)
			}
			out[a.Code] = &a
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("reading agencies: %w", err)
		}
		keys = keys[n:]
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
	return scanStrings(rows)
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
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("listing agencies: %w", err)
	}
	defer rows.Close()
	var out []domain.Agency
	for rows.Next() {
		a, err := scanAgency(rows)
		if err != nil {
			return nil, fmt.Errorf("scanning agency: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

func (t *txn) InsertAgency(ctx context.Context, a domain.Agency) error {
	_, err := t.tx.ExecContext(ctx, `INSERT INTO agencies (code, display_name, kind, parent, root, version, create_time, update_time)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		a.Code, a.Name, string(a.Kind), nullable(a.Parent), a.Root, a.Version, database.Micros(a.Created), database.Micros(a.Updated))
	if database.IsUniqueViolation(err) {
		return errs.Existsf("agency %q already exists", a.Code)
	}
	if err != nil {
		return fmt.Errorf("inserting agency: %w", err)
	}
	return nil
}

func (t *txn) UpdateAgency(ctx context.Context, a domain.Agency) error {
	return checkUpdated(t.tx.ExecContext(ctx, `UPDATE agencies SET display_name = $1, kind = $2, parent = $3, version = $4, update_time = $5
		WHERE code = $6 AND version = $7`,
		a.Name, string(a.Kind), nullable(a.Parent), a.Version, database.Micros(a.Updated), a.Code, a.Version-1))
}

// checkUpdated turns "no row matched the version" into a retry of the whole transaction: a
// concurrent writer won, and the closure will now see its change.
func checkUpdated(res sql.Result, err error) error {
	if err != nil {
		return fmt.Errorf("updating: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("updating: %w", err)
	}
	if n != 1 {
		return database.ErrRetry
	}
	return nil
}

// ---- positions ----

const positionCols = `p.id, p.title, p.kind, p.class, p.agency, COALESCE(p.unit, ''), p.competencies, p.needed, p.version, p.create_time, p.update_time,
	(SELECT COUNT(*) FROM employees e WHERE e.position = p.id AND e.status = 'active')`

func scanPosition(sc interface{ Scan(...any) error }) (domain.Position, error) {
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
	p, err := scanPosition(r.q.QueryRowContext(ctx, `SELECT `+positionCols+` FROM positions p WHERE p.id = $1`+r.lock, id))
	if errors.Is(err, sql.ErrNoRows) {
		return p, errs.NotFoundf("position %q does not exist", id)
	}
	if err != nil {
		return p, fmt.Errorf("reading position: %w", err)
	}
	return p, nil
}

func (r reader) Positions(ctx context.Context, ids ...string) (map[string]*domain.Position, error) {
	out := map[string]*domain.Position{}
	keys := distinct(ids)
	for len(keys) > 0 {
		n := min(len(keys), 500)
		rows, err := r.q.QueryContext(ctx, `SELECT `+positionCols+` FROM positions p WHERE p.id IN (`+database.Placeholders(1, n)+`)`, anys(keys[:n])...)
		if err != nil {
			return nil, fmt.Errorf("reading positions: %w", err)
		}
		for rows.Next() {
			p, err := scanPosition(rows)
			if err != nil {
				rows.Close()
				return nil, fmt.Errorf("scanning position: %w", err)
			}
			out[p.ID] = &p
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("reading positions: %w", err)
		}
		keys = keys[n:]
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
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("listing positions: %w", err)
	}
	defer rows.Close()
	var out []domain.Position
	for rows.Next() {
		p, err := scanPosition(rows)
		if err != nil {
			return nil, fmt.Errorf("scanning position: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

func (t *txn) InsertPosition(ctx context.Context, p domain.Position) error {
	comps, err := json.Marshal(nonNil(p.Competencies))
	if err != nil {
		return fmt.Errorf("encoding competencies: %w", err)
	}
	_, err = t.tx.ExecContext(ctx, `INSERT INTO positions (id, title, kind, class, agency, unit, competencies, needed, version, create_time, update_time)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		p.ID, p.Title, string(p.Kind), p.Class, p.Agency, nullable(p.Unit), string(comps), p.Needed, p.Version, database.Micros(p.Created), database.Micros(p.Updated))
	if database.IsUniqueViolation(err) {
		return errs.Existsf("position %q already exists", p.ID)
	}
	if err != nil {
		return fmt.Errorf("inserting position: %w", err)
	}
	return nil
}

func (t *txn) UpdatePosition(ctx context.Context, p domain.Position) error {
	comps, err := json.Marshal(nonNil(p.Competencies))
	if err != nil {
		return fmt.Errorf("encoding competencies: %w", err)
	}
	return checkUpdated(t.tx.ExecContext(ctx, `UPDATE positions SET title = $1, kind = $2, class = $3, unit = $4, competencies = $5, needed = $6, version = $7, update_time = $8
		WHERE id = $9 AND version = $10`,
		p.Title, string(p.Kind), p.Class, nullable(p.Unit), string(comps), p.Needed, p.Version, database.Micros(p.Updated), p.ID, p.Version-1))
}

// ---- helpers ----

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func distinct(xs []string) []string {
	seen := make(map[string]bool, len(xs))
	out := make([]string, 0, len(xs))
	for _, x := range xs {
		if x != "" && !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

func anys(xs []string) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}

func scanStrings(rows *sql.Rows) ([]string, error) {
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, fmt.Errorf("scanning: %w", err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

func likePattern(q string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(strings.ToLower(q))
}
