// Package directory is the read copy of planning's workforce registry that other services keep
// in their own database: agencies and employees (with supervisor, agency, unit, status and the
// dates leave rules need), fed by planning's events and back-filled over planning's gRPC API when
// the copy is empty or behind. Authorization questions in those services ("is the caller this
// employee's supervisor?", "same agency?") are answered from it without calling planning.
//
// Planning publishes the whole resource with every event and its etag ("v<version>"); the copy
// keeps the newest version it has seen, so events arriving twice or late never roll it back.
// The consumer records each processed event in the same transaction (platform/bus), so a
// redelivery changes nothing.
package directory

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/simpeg-id/simpeg/platform/bus"
	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/outbox"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Migrations returns the goose migrations of the copy's tables; apply them with
// db.Migrate(ctx, "directory", directory.Migrations()).
func Migrations() fs.FS {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		panic(err) // the embedded directory is part of the binary
	}
	return sub
}

// Employee is an employee as the copy knows them.
type Employee struct {
	NIP, DisplayName, Sex, BirthDate, AppointmentDate, EmploymentType, Rank string
	Agency, Unit, Position, Supervisor, Status                              string
	Version                                                                 int64
}

// Active reports whether the employee serves in the city now.
func (e Employee) Active() bool { return e.Status == "active" }

// Replica is one service's copy of the directory.
type Replica struct {
	db  *database.DB
	now func() time.Time
	// guard checks followed events (guard.go); Keep sets it with planning's API.
	guard *guard
	// stmts prepares the statements that apply events once per transaction (SQLite): a
	// batch of hundreds of events runs the same four statements for each.
	stmts database.Statements
}

// New returns the copy kept in db (migrated with Migrations).
func New(db *database.DB) *Replica { return &Replica{db: db, now: time.Now} }

// ErrNotFound is returned for an employee the copy does not know.
var ErrNotFound = errors.New("employee not in the directory")

// Employee returns the copy of employee nip, with the agency and unit in force today (see
// Today and EmployeeOn).
func (r *Replica) Employee(ctx context.Context, nip string) (Employee, error) {
	return r.EmployeeOn(ctx, nip, Today(r.now()))
}

// Today is the date of t in WIT (UTC+9), the easternmost zone of Indonesia, where dates change
// first: the same "today" as attendance's day closing.
func Today(t time.Time) string { return t.In(time.FixedZone("WIT", 9*3600)).Format(time.DateOnly) }

// PeriodOn is the SQL condition, for an employee row aliased e and the date parameter $n,
// that picks the assignment period in force that day: the latest (by seq) covering it, since
// a move within an agency ends one period and starts the next on the same day.
func PeriodOn(n int) string {
	d := "$" + strconv.Itoa(n)
	return `p.nip = e.nip AND p.seq = (SELECT MAX(x.seq) FROM directory_assignments x WHERE x.nip = e.nip
		AND x.start_date <= ` + d + ` AND (x.end_date = '' OR x.end_date >= ` + d + `))`
}

// EmployeeOn returns the copy of employee nip with the agency and unit in force on date
// ("YYYY-MM-DD"): those of the assignment period covering it, or the record's own when no
// period does (a copy filled before periods were kept, a day before the first posting). A
// transfer takes effect on its effective date; days before it stay with the old agency
// (issue 8 item 5).
func (r *Replica) EmployeeOn(ctx context.Context, nip, date string) (Employee, error) {
	var e Employee
	err := r.db.QueryRowContext(ctx, `SELECT e.nip, e.display_name, e.sex, e.birth_date, e.appointment_date, e.employment_type, e.rank,
		COALESCE(p.agency, e.agency), COALESCE(p.unit, e.unit), e.position, e.supervisor, e.status, e.version
		FROM directory_employees e LEFT JOIN directory_assignments p ON `+PeriodOn(2)+` WHERE e.nip = $1`, nip, date).
		Scan(&e.NIP, &e.DisplayName, &e.Sex, &e.BirthDate, &e.AppointmentDate, &e.EmploymentType, &e.Rank,
			&e.Agency, &e.Unit, &e.Position, &e.Supervisor, &e.Status, &e.Version)
	if errors.Is(err, sql.ErrNoRows) {
		return e, ErrNotFound
	}
	if err != nil {
		return e, fmt.Errorf("reading directory employee: %w", err)
	}
	return e, nil
}

// IsUnder reports whether nip is below supervisor in the supervisor tree.
func (r *Replica) IsUnder(ctx context.Context, supervisor, nip string) (bool, error) {
	var n int
	err := r.db.QueryRowContext(ctx, `WITH RECURSIVE up(nip, sup, depth) AS (
			SELECT nip, supervisor, 0 FROM directory_employees WHERE nip = $1
			UNION ALL
			SELECT e.nip, e.supervisor, up.depth + 1 FROM directory_employees e JOIN up ON e.nip = up.sup WHERE up.depth < 64
		) SELECT COUNT(*) FROM up WHERE depth > 0 AND nip = $2`, nip, supervisor).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("walking directory supervisor chain: %w", err)
	}
	return n > 0, nil
}

// Count returns how many employees the copy holds.
func (r *Replica) Count(ctx context.Context) (int, error) {
	var n int
	if err := r.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM directory_employees`).Scan(&n); err != nil {
		return 0, fmt.Errorf("counting directory employees: %w", err)
	}
	return n, nil
}

// Apply applies one planning event in tx, trusting it (the seeds of tests do; the followed
// stream goes through the checks of guard.go first). Events of other types are ignored.
func (r *Replica) Apply(ctx context.Context, tx *database.Tx, m bus.Message) error {
	rec, err := decode(m)
	if err != nil || rec == nil {
		return err
	}
	return r.put(ctx, tx, rec)
}

func version(etag string) (int64, error) {
	v, err := strconv.ParseInt(strings.TrimPrefix(etag, "v"), 10, 64)
	if err != nil || !strings.HasPrefix(etag, "v") {
		return 0, fmt.Errorf("etag %q is not a planning version", etag)
	}
	return v, nil
}

// putAgency stores a unless the copy already has the same or a newer version.
func (r *Replica) putAgency(ctx context.Context, tx *database.Tx, a *planningv1.Agency) error {
	v, err := version(a.GetEtag())
	if err != nil {
		return err
	}
	_, err = r.stmts.Exec(ctx, tx, `INSERT INTO directory_agencies (code, display_name, kind, parent, root, version, synced_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (code) DO UPDATE SET display_name = excluded.display_name, kind = excluded.kind, parent = excluded.parent,
			root = excluded.root, version = excluded.version, synced_at = excluded.synced_at
		WHERE directory_agencies.version < excluded.version`,
		a.GetCode(), a.GetDisplayName(), strings.ToLower(strings.TrimPrefix(a.GetKind().String(), "AGENCY_KIND_")),
		a.GetParent(), a.GetRoot(), v, database.Micros(r.now()))
	if err != nil {
		return fmt.Errorf("storing directory agency: %w", err)
	}
	return nil
}

// putEmployee stores e unless the copy already has the same or a newer version.
func (r *Replica) putEmployee(ctx context.Context, tx *database.Tx, e *planningv1.Employee) error {
	v, err := version(e.GetEtag())
	if err != nil {
		return err
	}
	res, err := r.stmts.Exec(ctx, tx, `INSERT INTO directory_employees (nip, display_name, sex, birth_date, appointment_date,
			employment_type, rank, agency, unit, position, supervisor, status, version, synced_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
		ON CONFLICT (nip) DO UPDATE SET display_name = excluded.display_name, sex = excluded.sex, birth_date = excluded.birth_date,
			appointment_date = excluded.appointment_date, employment_type = excluded.employment_type, rank = excluded.rank,
			agency = excluded.agency, unit = excluded.unit, position = excluded.position, supervisor = excluded.supervisor,
			status = excluded.status, version = excluded.version, synced_at = excluded.synced_at
		WHERE directory_employees.version < excluded.version`,
		e.GetNip(), e.GetDisplayName(), enumName(e.GetSex().String(), "SEX_"), e.GetBirthDate(), e.GetAppointmentDate(),
		enumName(e.GetEmploymentType().String(), "EMPLOYMENT_TYPE_"), e.GetRank(), e.GetAgency(), e.GetUnit(), e.GetPosition(),
		e.GetSupervisor(), enumName(e.GetStatus().String(), "EMPLOYEE_STATUS_"), v, database.Micros(r.now()))
	if err != nil {
		return fmt.Errorf("storing directory employee: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return err // the copy held this version or a newer one: its periods stay
	}
	return r.putPeriods(ctx, tx, e)
}

// putPeriods replaces the copy's assignment periods of e with e's history.
func (r *Replica) putPeriods(ctx context.Context, tx *database.Tx, e *planningv1.Employee) error {
	if _, err := r.stmts.Exec(ctx, tx, `DELETE FROM directory_assignments WHERE nip = $1`, e.GetNip()); err != nil {
		return fmt.Errorf("replacing directory assignment periods: %w", err)
	}
	for i, a := range e.GetHistory() {
		if _, err := r.stmts.Exec(ctx, tx, `INSERT INTO directory_assignments (nip, seq, agency, unit, start_date, end_date)
			VALUES ($1, $2, $3, $4, $5, $6)`, e.GetNip(), i+1, a.GetAgency(), a.GetUnit(), a.GetStartDate(), a.GetEndDate()); err != nil {
			return fmt.Errorf("storing directory assignment periods: %w", err)
		}
	}
	return nil
}

func enumName(s, prefix string) string { return strings.ToLower(strings.TrimPrefix(s, prefix)) }

// Follow consumes planning's stream (named with prefix, as SIMPEG_NATS_PREFIX) with the durable
// consumer durable (one per service, e.g. "attendance-directory") until ctx is done. Events not
// from planning's subject space are refused, and one far ahead of the copy is checked with
// planning first (guard.go).
func (r *Replica) Follow(ctx context.Context, js jetstream.JetStream, prefix, durable string, log *slog.Logger) (jetstream.ConsumeContext, error) {
	return bus.Consume(ctx, js, r.db, bus.ConsumerSpec{
		Stream:  outbox.StreamName(prefix, "planning"),
		Durable: durable,
		// One filter (servers before NATS 2.10 take no more); position events are skipped by Apply.
		Subjects: []string{prefix + "simpeg.planning.>"},
		// The handler only writes the copy (and asks planning about an event far ahead):
		// applying a failed batch again is harmless (a refused event may be logged and counted
		// twice), and a batch without a savepoint per event is the copy's cheaper way on SQLite.
		Optimistic: true,
	}, log, r.followed(prefix, durable, log))
}

// Backfill copies the whole registry over planning's API: every agency and employee, page by
// page, each stored only if newer than the copy's. It is how a new service (or one whose copy
// fell behind the stream's retention) catches up; events keep it current afterwards.
func (r *Replica) Backfill(ctx context.Context, client planningv1.PlanningServiceClient) (agencies, employees int, err error) {
	tok := ""
	for {
		resp, err := client.ListAgencies(ctx, &planningv1.ListAgenciesRequest{PageSize: 1000, PageToken: tok})
		if err != nil {
			return agencies, employees, fmt.Errorf("listing agencies: %w", err)
		}
		if err := r.db.InTx(ctx, func(tx *database.Tx) error {
			for _, a := range resp.GetAgencies() {
				if err := r.putAgency(ctx, tx, a); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			return agencies, employees, err
		}
		agencies += len(resp.GetAgencies())
		if tok = resp.GetNextPageToken(); tok == "" {
			break
		}
	}
	for {
		resp, err := client.ListEmployees(ctx, &planningv1.ListEmployeesRequest{PageSize: 1000, PageToken: tok})
		if err != nil {
			return agencies, employees, fmt.Errorf("listing employees: %w", err)
		}
		if err := r.db.InTx(ctx, func(tx *database.Tx) error {
			for _, e := range resp.GetEmployees() {
				if err := r.putEmployee(ctx, tx, e); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			return agencies, employees, err
		}
		employees += len(resp.GetEmployees())
		if tok = resp.GetNextPageToken(); tok == "" {
			return agencies, employees, nil
		}
	}
}
