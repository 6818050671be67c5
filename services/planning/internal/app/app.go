// Package app holds the planning service's use cases. It checks who may do what (with the
// grant the authorization interceptor put in the context), applies the domain rules, and
// stores through the Repository it declares; it knows nothing of gRPC, SQL or NATS.
package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/simpeg-id/simpeg/platform/audit"
	"github.com/simpeg-id/simpeg/platform/resource"
	"github.com/simpeg-id/simpeg/services/planning/internal/domain"
)

// Lookup reads the records a change refers to. Inside Write it reads within the transaction.
type Lookup interface {
	// Agencies returns the agencies among codes that exist.
	Agencies(ctx context.Context, codes ...string) (map[string]*domain.Agency, error)
	// AgencyChain returns code and its ancestors, nearest first.
	AgencyChain(ctx context.Context, code string) ([]string, error)
	// Positions returns the positions among ids that exist.
	Positions(ctx context.Context, ids ...string) (map[string]*domain.Position, error)
	// Supervisors returns, for the employees among nips that exist, their status and chain of
	// supervisors.
	Supervisors(ctx context.Context, nips ...string) (map[string]*domain.Supervisor, error)
	// ExistingEmployees returns which of nips are registered.
	ExistingEmployees(ctx context.Context, nips ...string) (map[string]bool, error)
	// Histories returns the assignment history, oldest first, of each registered NIP among nips.
	Histories(ctx context.Context, nips ...string) (map[string][]domain.Assignment, error)
}

// Tx is a unit of work: everything done through it commits together, with its events and
// audit records, or not at all.
type Tx interface {
	Lookup
	WorkloadTx
	WorkPlanWriter
	InsertAgency(ctx context.Context, a domain.Agency) error
	UpdateAgency(ctx context.Context, a domain.Agency) error
	GetAgency(ctx context.Context, code string) (domain.Agency, error)
	InsertPosition(ctx context.Context, p domain.Position) error
	UpdatePosition(ctx context.Context, p domain.Position) error
	GetPosition(ctx context.Context, id string) (domain.Position, error)
	// InsertEmployees inserts es and returns the NIPs that were new (an existing NIP is skipped).
	InsertEmployees(ctx context.Context, es []domain.Employee) (map[string]bool, error)
	// UpdateEmployee stores e if its stored version is still e.Version-1.
	UpdateEmployee(ctx context.Context, e domain.Employee) error
	GetEmployee(ctx context.Context, nip string) (domain.Employee, error)
	// LockSupervisorTree serializes changes to supervisor links, so two concurrent changes cannot
	// together make a cycle that each alone would not.
	LockSupervisorTree(ctx context.Context) error
	// PutMonthlyReport stores r, replacing the agency's report of the month when replace is
	// set; without replace an existing one is kept and PutMonthlyReport reports false.
	PutMonthlyReport(ctx context.Context, r domain.MonthlyReport, replace bool) (bool, error)
	// Emit records events for publication after commit.
	Emit(ctx context.Context, events ...domain.Event) error
	// Audit records changes to resources, with detail saying what changed.
	Audit(ctx context.Context, entries ...AuditEntry) error
}

// AuditEntry is one audited change: the resource changed and what changed. It is the audit
// trail's own entry, so a store's transaction hands it to its unit of work as it is.
type AuditEntry = audit.Entry

// AgencyFilter selects agencies.
type AgencyFilter struct {
	Parent   string // "-" for top-level only
	PageSize int
	After    string
}

// PositionFilter selects positions.
type PositionFilter struct {
	Agency, Unit string
	Kind         domain.PositionKind
	PageSize     int
	After        string
}

// EmployeeFilter selects employees.
type EmployeeFilter struct {
	Agency, Unit, Position, Supervisor string
	Status                             domain.Status
	Query                              string
	Under                              string // only this NIP and everyone under them
	Only                               string // only this NIP
	PageSize                           int
	After                              string
	// AsOf is the day whose assignments decide the agency filter (a transfer is in force
	// from its effective date); zero filters by the stored agency.
	AsOf domain.Date
}

// Repository stores the registry.
type Repository interface {
	Lookup
	HeadcountReader
	HeadReader
	TargetReader
	DashboardReader
	ReportStore
	WorkloadReader
	FormasiReader
	WorkPlanReader
	WorkPlanLister
	Write(ctx context.Context, fn func(ctx context.Context, tx Tx) error) error
	GetAgency(ctx context.Context, code string) (domain.Agency, error)
	ListAgencies(ctx context.Context, f AgencyFilter) ([]domain.Agency, error)
	GetPosition(ctx context.Context, id string) (domain.Position, error)
	ListPositions(ctx context.Context, f PositionFilter) ([]domain.Position, error)
	GetEmployee(ctx context.Context, nip string) (domain.Employee, error)
	ListEmployees(ctx context.Context, f EmployeeFilter) ([]domain.Employee, error)
	// IsUnder reports whether nip is below supervisor in the supervisor tree.
	IsUnder(ctx context.Context, supervisor, nip string) (bool, error)
}

// App is the planning service's use cases.
type App struct {
	repo   Repository
	now    func() time.Time
	policy domain.Policy
	// sources are the services whose reports measure targets and which this deployment
	// reaches ("training", "attendance", "evaluation"; "planning" always): a target of a kind
	// whose source is missing is refused, never faked.
	sources map[string]bool
}

// Option sets an optional part of the use cases.
type Option func(*App)

// WithPolicy sets the staffing policy (domain.DefaultPolicy otherwise).
func WithPolicy(p domain.Policy) Option { return func(a *App) { a.policy = p } }

// WithSources names the services the deployment reaches to measure targets (every one
// otherwise).
func WithSources(names ...string) Option {
	return func(a *App) {
		a.sources = map[string]bool{"planning": true}
		for _, n := range names {
			a.sources[n] = true
		}
	}
}

// New returns the use cases over repo.
func New(repo Repository, now func() time.Time, opts ...Option) *App {
	if now == nil {
		now = time.Now
	}
	a := &App{repo: repo, now: now, policy: domain.DefaultPolicy(),
		sources: map[string]bool{"planning": true, "training": true, "attendance": true, "evaluation": true}}
	for _, o := range opts {
		o(a)
	}
	return a
}

// Page sizes of list calls.
const (
	DefaultPageSize = 100
	MaxPageSize     = 1000
)

func pageSize(n int) int { return resource.PageSize(n, DefaultPageSize, MaxPageSize) }

// Etag returns the etag of a version, as resource.Etag does; the use-case tests name it.
func Etag(version int64) string { return resource.Etag(version) }

// EmployeeName is the resource name of an employee.
func EmployeeName(nip string) string { return "employees/" + nip }

// AgencyName is the resource name of an agency.
func AgencyName(code string) string { return "agencies/" + code }

// PositionName is the resource name of a position.
func PositionName(id string) string { return "positions/" + id }

func fieldsDetail(prefix string, fields []string) string {
	if len(fields) == 0 {
		return prefix + " (no change)"
	}
	return fmt.Sprintf("%s: %s", prefix, strings.Join(fields, ", "))
}
