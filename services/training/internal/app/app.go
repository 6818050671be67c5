// Package app holds the training service's use cases: it checks who may do what (with the grant
// the authorization interceptor put in the context and the directory copy of planning's
// registry), applies the domain rules, and stores through the interfaces it declares. It knows
// nothing of gRPC, SQL or NATS.
//
// Each area declares its own part of Tx and Repository in its *_repo.go file: catalogue
// (programmes, sessions, enrolment), delivery (session-day attendance, completion, certificates,
// external training), competency (profiles, needs, development plans, feedback), internship
// (partners, agreements, cohorts, placements, logbooks) and reports (the JP ledger and the
// reports, read only).
package app

import (
	"context"
	"crypto/ed25519"
	"time"

	"github.com/simpeg-id/simpeg/platform/audit"
	"github.com/simpeg-id/simpeg/services/planning/directory"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

// AuditEntry is one audited change: the resource changed and what changed. It is the audit
// trail's own entry, so a store's transaction hands it to its unit of work as it is.
type AuditEntry = audit.Entry

// Tx is a unit of work: everything done through it commits together with its events and audit
// records, or not at all. Reads through it lock the rows they read on PostgreSQL.
type Tx interface {
	CatalogueTx
	DeliveryTx
	CompetencyTx
	InternshipTx
	// Emit records events for publication after commit.
	Emit(ctx context.Context, events ...domain.Event) error
	// Audit records changes to resources, with detail saying what changed.
	Audit(ctx context.Context, entries ...AuditEntry) error
}

// Repository stores the service's data.
type Repository interface {
	CatalogueReader
	CatalogueWriter
	DeliveryReader
	CompetencyReader
	InternshipReader
	ReportReader
	Write(ctx context.Context, fn func(ctx context.Context, tx Tx) error) error
}

// Directory answers who employees are, from the copy of planning's registry.
type Directory interface {
	Employee(ctx context.Context, nip string) (directory.Employee, error)
	IsUnder(ctx context.Context, supervisor, nip string) (bool, error)
}

// Positions answers a position's competency standards (competency → required level), from
// planning's registry. A position without standards answers an empty map.
type Positions interface {
	Standards(ctx context.Context, position string) (map[string]int, error)
}

// Signer signs certificates; its public key is what verification checks against.
type Signer struct {
	KeyID string
	Key   ed25519.PrivateKey
}

// Options are what the use cases need besides the repository.
type Options struct {
	Directory Directory
	Positions Positions
	Policy    domain.Policy
	Signer    Signer
	Now       func() time.Time
}

// App is the training service's use cases.
type App struct {
	repo      Repository
	dir       Directory
	positions Positions
	policy    domain.Policy
	signer    Signer
	now       func() time.Time
}

// New returns the use cases over repo.
func New(repo Repository, o Options) *App {
	if o.Now == nil {
		o.Now = time.Now
	}
	return &App{repo: repo, dir: o.Directory, positions: o.Positions, policy: o.Policy, signer: o.Signer, now: o.Now}
}
