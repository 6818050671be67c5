package app

import (
	"context"
	"time"

	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

// CatalogueReader reads the catalogue area's data outside a transaction. Inside one (as part of
// CatalogueTx) the Get reads lock the row they read on PostgreSQL.
type CatalogueReader interface {
	// GetProgramme reads a programme; NotFound when there is none.
	GetProgramme(ctx context.Context, id string) (domain.Programme, error)
	// ListProgrammes lists programmes in id order after f.After, at most f.Limit.
	ListProgrammes(ctx context.Context, f ProgrammeFilter) ([]domain.Programme, error)
	// GetSession reads a session with its counters; NotFound when there is none.
	GetSession(ctx context.Context, id string) (domain.Session, error)
	// GetSessionUncounted reads a session as GetSession does but without counting its waiting
	// enrolments (Waitlisted and Requested are 0), for a use case that needs its times alone.
	GetSessionUncounted(ctx context.Context, id string) (domain.Session, error)
	// ListSessions lists sessions in (start, id) order after f.After, at most f.Limit.
	ListSessions(ctx context.Context, f SessionFilter) ([]domain.Session, error)
	// GetEnrolment reads an enrolment; NotFound when there is none.
	GetEnrolment(ctx context.Context, id string) (domain.Enrolment, error)
	// ListEnrolments lists enrolments in (session start, arrival, id) order (descending with
	// f.Newest) after f.After, at most f.Limit.
	ListEnrolments(ctx context.Context, f EnrolmentFilter) ([]domain.Enrolment, error)
}

// CatalogueWriter is the catalogue area's part of Repository beyond Write.
type CatalogueWriter interface {
	// WriteGrouped runs fn as Write does, but in a transaction it may share with other calls
	// naming the same key at about the same time (group commit: one commit for all of them).
	// Each fn runs alone in its part of the transaction, with its own events and audit
	// records taken from its caller's context; one that fails with a caller's error (an
	// errs.Error) is undone alone and its caller gets the error, any other failure fails them
	// all. The calls of one transaction run in order of order, for callers to lock rows in one
	// order. It returns once the transaction has committed (or failed). fn may run more than
	// once, as Write's.
	WriteGrouped(ctx context.Context, key, order string, fn func(ctx context.Context, tx Tx) error) error
}

// CatalogueTx is the catalogue area's part of a unit of work.
type CatalogueTx interface {
	CatalogueReader
	InsertProgramme(ctx context.Context, p domain.Programme) error
	// UpdateProgramme stores p, whose version is one above the stored one.
	UpdateProgramme(ctx context.Context, p domain.Programme) error
	// ProgrammeHasSessions reports whether any session of the programme exists.
	ProgrammeHasSessions(ctx context.Context, id string) (bool, error)

	InsertSession(ctx context.Context, s domain.Session) error
	// UpdateSession stores s, whose version is one above the stored one, with its counters.
	UpdateSession(ctx context.Context, s domain.Session) error
	// SaveSessionCounters stores the seats taken and the next queue number of s, which the
	// transaction read with GetSession or ClaimArrival (locked); its version does not change.
	SaveSessionCounters(ctx context.Context, s domain.Session) error
	// ClaimArrival locks the session's row until the transaction ends and returns the session
	// as stored, without the display fields and counts of GetSession; NotFound when there is
	// none. With admit the same statement hands out the session's next arrival number: the
	// returned NextArrival is the claimed one, and the stored one has already moved past it
	// (domain.Session.Nominate then leaves s as stored). A transaction claims as late as it
	// can, after everything that does not depend on the session's counters.
	ClaimArrival(ctx context.Context, id string, admit bool) (domain.Session, error)
	// WaitlistLength returns how many of the session's enrolments are waitlisted, with the
	// session's row locked (after ClaimArrival) and while it takes enrolments.
	WaitlistLength(ctx context.Context, session string) (int, error)

	// LockEnrolmentEmployee makes the transaction the only one checking the employee's
	// enrolments until it ends, so two enrolments of one employee are checked for overlap one
	// after the other.
	LockEnrolmentEmployee(ctx context.Context, employee string) error
	// LiveEnrolments returns the employee's requested, enrolled and waitlisted enrolments.
	LiveEnrolments(ctx context.Context, employee string) ([]domain.Enrolment, error)
	// SessionEnrolments returns the enrolments of a session in the given states (all when
	// none), in arrival order, locked.
	SessionEnrolments(ctx context.Context, session string, states ...domain.EnrolmentState) ([]domain.Enrolment, error)
	// WaitlistHead returns the first n waitlisted enrolments of a session in arrival order
	// (domain.Waitlist's order), locked.
	WaitlistHead(ctx context.Context, session string, n int) ([]domain.Enrolment, error)
	InsertEnrolment(ctx context.Context, e domain.Enrolment) error
	// UpdateEnrolment stores e, whose version is one above the stored one.
	UpdateEnrolment(ctx context.Context, e domain.Enrolment) error
	// MoveEnrolments copies a session's new start and end onto its enrolments.
	MoveEnrolments(ctx context.Context, session string, start, end time.Time) error
}

// ProgrammeFilter selects programmes.
type ProgrammeFilter struct {
	// Agency keeps the programmes of that agency and the city's catalogue; "" keeps all.
	Agency string
	Form   domain.Form
	Type   domain.CompetencyType
	State  domain.ProgrammeState
	// Competency keeps the programmes building it.
	Competency string
	// Query keeps titles containing it, case-insensitively.
	Query string
	After string // the last id of the previous page
	Limit int
}

// SessionFilter selects sessions.
type SessionFilter struct {
	Programme string
	// Agency keeps the sessions that agency runs; "" keeps all.
	Agency string
	// From and To keep sessions starting in [From, To) when set.
	From, To time.Time
	// OpenAt, when set, keeps scheduled sessions that start after it (still taking enrolments).
	OpenAt time.Time
	After  *Cursor
	Limit  int
}

// EnrolmentFilter selects enrolments; empty fields select everything.
type EnrolmentFilter struct {
	Session  string
	Employee string
	// Agency keeps the enrolments of employees of that agency (their agency when enrolled).
	Agency string
	// States keeps the enrolments in one of them; none keeps all.
	States []domain.EnrolmentState
	// Under keeps the enrolments of that employee and everyone below them in the supervisor
	// tree; NotEmployee leaves out one employee's own (a supervisor's among their team's).
	Under       string
	NotEmployee string
	// Newest orders the list newest session first (start, arrival and id descending).
	Newest bool
	After  *Cursor
	Limit  int
}

// Cursor is where a list ordered by a time and an id continues: after (Time, Seq, ID).
type Cursor struct {
	Time time.Time
	Seq  int64
	ID   string
}
