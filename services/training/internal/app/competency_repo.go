package app

import (
	"context"
	"time"

	"github.com/simpeg-id/simpeg/services/planning/directory"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

// CompetencyReader reads the competency area's data outside a transaction: assessments,
// performance ratings, development plans, feedback, and what they need of the catalogue
// (programmes, sessions, session days) and of the directory copy.
type CompetencyReader interface {
	// Assessment returns assessment id, or a NotFound error.
	Assessment(ctx context.Context, id string) (domain.Assessment, error)
	// AssessmentsOf returns the assessments of employees, by employee, each in recording order
	// (date, then the time it was recorded).
	AssessmentsOf(ctx context.Context, employees []string) (map[string][]domain.Assessment, error)
	// PerformanceOf returns the performance ratings kept of employees, by employee, newest year
	// first; of the years given only, when any are.
	PerformanceOf(ctx context.Context, employees []string, years ...int) (map[string][]domain.Performance, error)
	// NeedsEmployees returns the directory copy's active employees of agency with the agency in
	// force on date ("YYYY-MM-DD"), in NIP order.
	NeedsEmployees(ctx context.Context, agency, date string) ([]directory.Employee, error)
	// CompetencyProgrammes returns the programmes an agency may use (the city's catalogue and
	// its own) that are not retired, with the competencies they build, in id order.
	CompetencyProgrammes(ctx context.Context, agency string) ([]domain.PlannedProgramme, error)
	// PlanProgrammes returns those of ids that exist, by id, retired or not.
	PlanProgrammes(ctx context.Context, ids []string) (map[string]domain.PlannedProgramme, error)
	// DevelopmentPlan returns the plan of agency and year, or a NotFound error.
	DevelopmentPlan(ctx context.Context, agency string, year int) (domain.DevelopmentPlan, error)
	// FeedbackSession returns what feedback needs to know of session id, or a NotFound error.
	FeedbackSession(ctx context.Context, id string) (FeedbackSession, error)
	// ProviderSessions returns the sessions of the programmes of provider that end between from
	// and to, not cancelled.
	ProviderSessions(ctx context.Context, provider string, from, to time.Time) ([]FeedbackSession, error)
	// FeedbackAnswers returns the answers of sessions, by session, in the order of their random
	// ids.
	FeedbackAnswers(ctx context.Context, sessions []string) (map[string][]domain.Feedback, error)
	// AttendedSession reports whether employee was recorded present on at least one day of
	// session (delivery's session_days).
	AttendedSession(ctx context.Context, session, employee string) (bool, error)
	// FeedbackGiven reports whether employee has answered for session.
	FeedbackGiven(ctx context.Context, session, employee string) (bool, error)
}

// CompetencyTx is the competency area's part of a unit of work.
type CompetencyTx interface {
	CompetencyReader
	// InsertAssessment stores a new assessment.
	InsertAssessment(ctx context.Context, a domain.Assessment) error
	// UpdateAssessment stores a's new version over the one before it (ErrRetry when another
	// writer got there first).
	UpdateAssessment(ctx context.Context, a domain.Assessment) error
	// Performance returns the rating kept of employee and year, ok false when none is.
	Performance(ctx context.Context, employee string, year int) (p domain.Performance, ok bool, err error)
	// PutPerformance keeps p as the rating of its employee and year, replacing any.
	PutPerformance(ctx context.Context, p domain.Performance) error
	// InsertDevelopmentPlan stores a new plan with its lines (AlreadyExists when the agency has
	// one for the year).
	InsertDevelopmentPlan(ctx context.Context, p domain.DevelopmentPlan) error
	// UpdateDevelopmentPlan stores p's new version and replaces its lines.
	UpdateDevelopmentPlan(ctx context.Context, p domain.DevelopmentPlan) error
	// InsertFeedback records that employee answered for session at now, and the answer apart
	// from them (AlreadyExists when they had answered).
	InsertFeedback(ctx context.Context, session, employee string, f domain.Feedback, now time.Time) error
	// FeedbackCount returns how many have answered for session.
	FeedbackCount(ctx context.Context, session string) (int, error)
}

// FeedbackSession is what feedback needs to know of a session: when it ended, who runs it, who
// teaches it.
type FeedbackSession struct {
	ID        string
	Programme string
	Provider  string
	Agency    string // the agency that runs it; '' for the city
	Start     time.Time
	End       time.Time
	TimeZone  string
	Cancelled bool
	Trainers  []string // names or NIPs
}
