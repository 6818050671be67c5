package app

import (
	"context"

	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
)

// ReportReader reads the reports (read only, outside a transaction): aggregates over the other
// areas' tables (skps, period_ratings, annual_ratings, feedback, organisation_ratings) and the
// directory copy, a few GROUP BY queries per report. Every method's Agency narrows to one
// agency when set.
type ReportReader interface {
	// ReportCompletion returns, per agency, the directory's active employees and those with no
	// SKP for the year, the latest SKPs of the year by state and approval with their annual
	// ratings, and the overdue period ratings of q.Overdue, in agency order.
	ReportCompletion(ctx context.Context, q CompletionQuery) ([]CompletionCounts, error)
	// ReportCompletionLines returns at most limit lines after key after (the zero key: from the
	// first), by agency, employee, issue order, SKP and period.
	ReportCompletionLines(ctx context.Context, q CompletionQuery, after CompletionKey, limit int) ([]CompletionLine, error)
	// ReportTallies returns the year's population (latest SKPs approved) and annual predicates
	// per agency and unit, in agency and unit order.
	ReportTallies(ctx context.Context, year int, agency string) ([]UnitTally, error)
	// ReportOrganisationPredicates returns the agencies' organisation predicates for the year.
	ReportOrganisationPredicates(ctx context.Context, year int, agency string) (map[string]domain.OrganisationPredicate, error)
	// ReportFeedbackActivity returns, per appraiser of SKPs in force during q.Period, what they
	// wrote in it.
	ReportFeedbackActivity(ctx context.Context, q FeedbackActivityQuery) ([]FeedbackActivity, error)
	// ReportCredits returns the SKPs of functional-position holders with a final annual rating
	// (one not under an open objection), by employee and start date.
	ReportCredits(ctx context.Context, q CreditQuery) ([]CreditSkp, error)
}

// CompletionQuery selects the completion report's year and agency, with the periods whose
// rating is overdue today.
type CompletionQuery struct {
	Year    int
	Agency  string
	Overdue []domain.SubPeriod
}

// StageCount is how many latest SKPs of an agency are in one state, and how many of them have
// an annual rating.
type StageCount struct {
	State     domain.SkpState
	Approved  bool
	SKPs      int
	Finalised int
}

// CompletionCounts are one agency's raw completion figures.
type CompletionCounts struct {
	Agency     string
	Employees  int // active in the directory
	WithoutSkp int // active, with no SKP of the year
	Stages     []StageCount
	Overdue    int // period ratings overdue
}

// CompletionKey is the position of a completion line, for keyset paging.
type CompletionKey struct {
	Agency, Employee string
	Order            int // the issue's order: no_skp 0, not_approved 1, rating_overdue 2
	Skp, Period      string
}

// CompletionLine is one employee with no approved SKP, or one overdue period rating.
type CompletionLine struct {
	CompletionKey
	EmployeeName string
	Issue        domain.Issue
	State        domain.SkpState // "" for no_skp
	Appraiser    string          // who is to act: the appraiser, or for no_skp the supervisor
	DueDate      string          // for rating_overdue
}

// UnitTally is a unit's population and annual predicates.
type UnitTally struct {
	Agency, Unit string
	domain.Tally
}

// FeedbackActivityQuery selects the SKPs in force during a period and the feedback written in
// it: From and To are the period's bounds as instants (the first day's and the day after the
// last's midnight in Medan).
type FeedbackActivityQuery struct {
	Year     int
	Agency   string
	Period   domain.SubPeriod
	From, To int64 // unix microseconds, [From, To)
}

// FeedbackActivity is one appraiser's activity in a period.
type FeedbackActivity struct {
	Agency, Appraiser, AppraiserName string
	SKPs                             int
	Feedback, Dialogues              int
	SKPsWithout                      int // SKPs with neither feedback nor dialogue from them
}

// CreditQuery selects the credit point report's SKPs.
type CreditQuery struct {
	Year             int
	Agency, Employee string
}

// CreditSkp is an SKP of a functional-position holder with its final annual predicate.
type CreditSkp struct {
	Agency, Employee, EmployeeName, Skp string
	Level                               domain.FunctionalLevel
	Predicate                           domain.Predicate
	Start, End                          string
}
