package app

import (
	"context"
	"time"

	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

// InternshipReader reads the internship area's data outside a transaction: partners, their
// agreements, cohorts, placements and logbooks (partners.go, cohorts.go, placements.go,
// logbook.go, internship_report.go). List reads take the id to continue after ("" from the
// start) and a limit, and answer in id order.
type InternshipReader interface {
	// GetPartner returns partner id, or a NotFound error.
	GetPartner(ctx context.Context, id string) (domain.Partner, error)
	// ListPartners lists partners in id order.
	ListPartners(ctx context.Context, after string, limit int) ([]domain.Partner, error)
	// GetAgreement returns agreement id, or a NotFound error.
	GetAgreement(ctx context.Context, id string) (domain.Agreement, error)
	// ListAgreements lists the agreements q selects in id order.
	ListAgreements(ctx context.Context, q AgreementQuery, after string, limit int) ([]domain.Agreement, error)
	// InternshipProgramme returns the catalogue programme id as a cohort needs it, or an
	// Invalid error naming programme when there is none.
	InternshipProgramme(ctx context.Context, id string) (InternshipProgramme, error)
	// GetCohort returns cohort id with its quotas, or a NotFound error.
	GetCohort(ctx context.Context, id string) (domain.Cohort, error)
	// ListCohorts lists the cohorts q selects in id order, with their quotas.
	ListCohorts(ctx context.Context, q CohortQuery, after string, limit int) ([]domain.Cohort, error)
	// GetPlacement returns placement id, or a NotFound error.
	GetPlacement(ctx context.Context, id string) (domain.Placement, error)
	// ListPlacements lists the placements q selects in id order.
	ListPlacements(ctx context.Context, q PlacementQuery, after string, limit int) ([]domain.Placement, error)
	// GetLogbookEntry returns logbook entry id, or a NotFound error.
	GetLogbookEntry(ctx context.Context, id string) (domain.LogbookEntry, error)
	// ListLogbookEntries lists a placement's logbook in date order, continuing after the date
	// after ("YYYY-MM-DD", "" from the start).
	ListLogbookEntries(ctx context.Context, placement, after string, limit int) ([]domain.LogbookEntry, error)
	// CohortLogbookCounts returns, per placement of the cohort, how many of its logbook entries
	// are in each review state.
	CohortLogbookCounts(ctx context.Context, cohort string) (map[string]map[domain.LogbookReview]int, error)
}

// InternshipTx is the internship area's part of a unit of work. Its reads lock the rows they
// read on PostgreSQL: reading the cohort locks it, so placements in one cohort are counted
// against the quota one at a time.
type InternshipTx interface {
	InternshipReader
	// InsertPartner stores a new partner; an existing id is an AlreadyExists error.
	InsertPartner(ctx context.Context, p domain.Partner) error
	// UpdatePartner stores p over the version before it (p.Version − 1).
	UpdatePartner(ctx context.Context, p domain.Partner) error
	// InsertAgreement stores a new agreement; a number in use is an AlreadyExists error.
	InsertAgreement(ctx context.Context, a domain.Agreement) error
	// InsertCohort stores a new cohort with its quotas.
	InsertCohort(ctx context.Context, c domain.Cohort) error
	// CountPlacements returns how many placements of agency in cohort hold a seat (not
	// withdrawn).
	CountPlacements(ctx context.Context, cohort, agency string) (int, error)
	// InsertPlacement stores a new placement; the participant already placed in the cohort is
	// an AlreadyExists error.
	InsertPlacement(ctx context.Context, p domain.Placement, createdBy string) error
	// UpdatePlacement stores p over the version before it (p.Version − 1).
	UpdatePlacement(ctx context.Context, p domain.Placement) error
	// InsertLogbookEntry stores a new logbook entry; a second entry of the placement on the same
	// date is an AlreadyExists error.
	InsertLogbookEntry(ctx context.Context, e domain.LogbookEntry) error
	// UpdateLogbookEntry stores e over the version before it (e.Version − 1).
	UpdateLogbookEntry(ctx context.Context, e domain.LogbookEntry) error
}

// AgreementQuery selects agreements: a partner's (when set), with bounds on their dates (zero
// bounds do not narrow). ListAgreements turns its state and expiring_within_days filters into
// these bounds.
type AgreementQuery struct {
	Partner string
	// StartFrom and StartTo bound the first day, inclusive.
	StartFrom, StartTo time.Time
	// EndFrom and EndTo bound the last day, inclusive.
	EndFrom, EndTo time.Time
}

// CohortQuery selects cohorts: of an agreement, of a partner, with seats for an agency (each
// when set).
type CohortQuery struct {
	Agreement string
	Partner   string
	Agency    string
}

// PlacementQuery selects placements; every field set narrows. Involving keeps the placements
// where that person is the participant or the mentor.
type PlacementQuery struct {
	Cohort    string
	Agency    string
	Mentor    string
	Employee  string
	State     domain.PlacementState
	Involving string
}

// InternshipProgramme is what a cohort needs of its catalogue programme.
type InternshipProgramme struct {
	ID      string
	Title   string
	Form    domain.Form
	JP      int
	Retired bool
}
