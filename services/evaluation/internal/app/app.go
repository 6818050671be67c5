// Package app holds the evaluation service's use cases: it checks who may do what (with the
// grant the authorization interceptor put in the context and the directory copy of planning's
// registry, whose supervisor chain names every SKP's appraiser), applies the domain rules, and
// stores through the interfaces it declares. It knows nothing of gRPC, SQL or NATS.
//
// Each area declares its own part of Tx and Repository in its *_repo.go file: skp (the SKP's
// workflow, revisions, cascading and the supervisor changes), feedback (realisation and
// evidence, feedback, dialogues, peer input), rating (years, organisation ratings, the
// distribution, period and annual ratings, objections) and report (read only).
package app

import (
	"context"
	"time"

	"github.com/simpeg-id/simpeg/platform/audit"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
	"github.com/simpeg-id/simpeg/services/planning/directory"
)

// AuditEntry is one audited change: the resource changed and what changed. It is the audit
// trail's own entry, so a store's transaction hands it to its unit of work as it is.
type AuditEntry = audit.Entry

// Tx is a unit of work: everything done through it commits together with its events and audit
// records, or not at all. Reads through it lock the rows they read on PostgreSQL.
type Tx interface {
	SkpTx
	FeedbackTx
	RatingTx
	// Emit records events for publication after commit.
	Emit(ctx context.Context, events ...domain.Event) error
	// Audit records changes to resources, with detail saying what changed.
	Audit(ctx context.Context, entries ...AuditEntry) error
}

// Repository stores the service's data.
type Repository interface {
	SkpReader
	FeedbackReader
	RatingReader
	ReportReader
	Write(ctx context.Context, fn func(ctx context.Context, tx Tx) error) error
}

// Directory answers who employees are and who supervises whom, from the copy of planning's
// registry.
type Directory interface {
	Employee(ctx context.Context, nip string) (directory.Employee, error)
	IsUnder(ctx context.Context, supervisor, nip string) (bool, error)
}

// Options are what the use cases need besides the repository.
type Options struct {
	Directory Directory
	Policy    domain.Policy
	Now       func() time.Time
}

// App is the evaluation service's use cases.
type App struct {
	repo   Repository
	dir    Directory
	policy domain.Policy
	now    func() time.Time
}

// New returns the use cases over repo.
func New(repo Repository, o Options) *App {
	if o.Now == nil {
		o.Now = time.Now
	}
	return &App{repo: repo, dir: o.Directory, policy: o.Policy, now: o.Now}
}

// Policy returns the policy the use cases apply.
func (a *App) Policy() domain.Policy { return a.policy }

// today is the date in Medan's zone (WIB) — the city's working day, for deadlines and periods.
func (a *App) today() string { return a.now().In(wib).Format(time.DateOnly) }

// wib is the city's zone (Medan, UTC+7).
var wib = time.FixedZone("WIB", 7*3600)
