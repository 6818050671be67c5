package app

import (
	"context"

	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
)

// SkpReader reads SKPs, outside a transaction or (through SkpTx) inside one, locking on
// PostgreSQL.
type SkpReader interface {
	// Skp returns SKP id, or an errs.NotFound error naming it.
	Skp(ctx context.Context, id string) (domain.Skp, error)
	// Period returns performance year year, or an errs.NotFound error naming it.
	Period(ctx context.Context, year int) (domain.Period, error)
	// AnnualSummaries returns the state and predicate of the annual ratings of the SKPs ids
	// that have one, by SKP id.
	AnnualSummaries(ctx context.Context, ids []string) (map[string]AnnualSummary, error)
	// ListSkps returns the SKPs f selects, in id order, after f.After, at most f.Limit.
	ListSkps(ctx context.Context, f SkpFilter) ([]domain.Skp, error)
	// SkpRevisions returns SKP id's approved revisions, oldest first.
	SkpRevisions(ctx context.Context, id string) ([]domain.SkpRevision, error)
	// EmployeeSkps returns employee's SKPs of year, by seq.
	EmployeeSkps(ctx context.Context, employee string, year int) ([]domain.Skp, error)
	// SkpsAppraisedBy returns the SKPs in force of year whose appraiser is appraiser.
	SkpsAppraisedBy(ctx context.Context, appraiser string, year int) ([]domain.Skp, error)
	// AgencySkpsInForce returns the SKPs in force of agency for year, in one query, with only
	// what cascading reads: id, employee, year, appraiser, agency head, state, approval and the
	// results' ids, parents and plan references.
	AgencySkpsInForce(ctx context.Context, year int, agency string) ([]domain.Skp, error)
	// SkpsInForceOf returns the SKPs in force of year held by holders, read as AgencySkpsInForce
	// reads them.
	SkpsInForceOf(ctx context.Context, year int, holders []string) ([]domain.Skp, error)
	// SkpsToMove returns the open latest SKPs of year whose active holder's supervisor or agency
	// in force on date differs, in the directory copy, from the SKP's appraiser or agency.
	SkpsToMove(ctx context.Context, year int, date string) ([]SkpRef, error)
}

// SkpTx changes SKPs inside a unit of work.
type SkpTx interface {
	SkpReader
	// InsertSkp stores a new SKP (version 1); an SKP with the same id, or a second open one of
	// the employee and year, is an errs.Exists error.
	InsertSkp(ctx context.Context, s domain.Skp) error
	// UpdateSkp stores s over the version s.Version-1; another version is a conflict retried by
	// the unit of work.
	UpdateSkp(ctx context.Context, s domain.Skp) error
	// InsertSkpRevision keeps an approval; a revision is never overwritten (errs.Exists).
	InsertSkpRevision(ctx context.Context, r domain.SkpRevision) error
}

// SkpFilter selects SKPs for ListSkps: the request's filters (zero values select all) and the
// caller's reach (Holder, InAgency or Below, set by the use case from the grant).
type SkpFilter struct {
	Year                              int
	Employee, Appraiser, Agency, Unit string
	State                             domain.SkpState
	// Holder: only this employee's (an employee's own).
	Holder string
	// InAgency: only this agency's (agency HR).
	InAgency string
	// AgencyHeads: only the SKPs of employees with no supervisor (city HR appraises them).
	AgencyHeads bool
	// Below: the SKPs held or appraised by this NIP or held by anyone below them in the
	// directory's supervisor tree (a supervisor's reach, as seesSkp decides it for one SKP).
	Below string
	After string
	Limit int
}

// SkpRef names an SKP and its holder.
type SkpRef struct{ ID, Employee string }
