package app

import (
	"context"
	"time"

	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

// ReportReader reads the JP ledger and the reports (read only, outside a transaction). It reads
// the rows the other areas keep (programmes, sessions, enrolments, external training, internship
// placements, development plans) and the directory copy; it never writes.
type ReportReader interface {
	// SessionZones returns the distinct time zones of the sessions that end in [from, to).
	SessionZones(ctx context.Context, from, to time.Time) ([]string, error)
	// LedgerRows returns the rows that may make the JP ledger of q's employee (q.Employee) in
	// q's year: the enrolments in sessions ending in the window of their zone, the external
	// training and the employee's internship placements ending in the year, each in a state q's
	// rules count.
	LedgerRows(ctx context.Context, q JPQuery) ([]LedgerRow, error)
	// EmployeeJP returns, for every active employee of the directory copy q selects, the JP
	// earned and projected in q's year from the three sources, by NIP. Employees with nothing
	// count 0.
	EmployeeJP(ctx context.Context, q JPQuery) ([]EmployeeJP, error)
	// Participation returns the counts of each programme with a session ending in q's year (one
	// with an enrolment of q.Agency's employees, when set), by programme id.
	Participation(ctx context.Context, q ParticipationQuery) ([]ProgrammeCounts, error)
	// ProgrammeTitles returns the titles of the programmes among ids that exist, by id.
	ProgrammeTitles(ctx context.Context, ids []string) (map[string]string, error)
	// LatsarRows returns the active CPNS q selects, by NIP, each once per passed enrolment in a
	// Latsar programme (a row with an empty Enrolment when there is none).
	LatsarRows(ctx context.Context, q LatsarQuery) ([]LatsarRow, error)
}

// ZoneYear is a ledger year in one time zone: the instants from From (inclusive) to To
// (exclusive) whose year in Zone is the ledger's year (domain.YearBounds).
type ZoneYear struct {
	Zone     string
	From, To time.Time
}

// LedgerRow is a stored row that may be an entry of an employee's JP ledger: an enrolment, an
// external training or an internship placement.
type LedgerRow struct {
	Source domain.JPSource
	// Ref is the enrolment's, external training's or placement's id.
	Ref string
	// Session is the enrolment's session, or the placement's cohort.
	Session   string
	Programme string // the session's or cohort's programme
	Title     string
	// End is a session's end (an instant), or the last day of external training or a
	// placement (a date, at midnight UTC).
	End      time.Time
	TimeZone string // a session's zone
	JP       int
	// State is the enrolment's, external training's or placement's state.
	State  string
	Passed bool // a placement's assessment
}

// ReportScope narrows a report to the employees its caller may see: an agency's, one employee's, or
// one employee's and everyone's below them in the supervisor tree. Empty fields do not narrow.
type ReportScope struct {
	Agency   string
	Employee string
	Under    string
}

// LedgerRules are the states in which each source of the JP ledger counts, from the domain's
// rules (domain.LedgerStates, ExternalLedgerStates, PlacementLedgerOutcomes).
type LedgerRules struct {
	Earned, Projected                     []domain.EnrolmentState
	External                              []domain.ExternalState
	PlacementsEarned, PlacementsProjected []domain.PlacementOutcome
}

// JPQuery selects the employees of a JP list or ledger and the year their JP is summed for.
type JPQuery struct {
	ReportScope
	Year int
	// Windows are Year in each session time zone.
	Windows []ZoneYear
	LedgerRules
}

// EmployeeJP is one employee's JP of a year with who they are.
type EmployeeJP struct {
	Employee       string
	Name           string
	Agency         string
	EmploymentType string
	Earned         int
	Projected      int
}

// ParticipationQuery selects the sessions (ending in Year) and enrolments (of Agency's
// employees when Agency is set) a participation report counts.
type ParticipationQuery struct {
	Year   []ZoneYear
	Agency string
}

// ProgrammeCounts is what a participation report counts of one programme: its sessions and
// their seats, and its enrolments by state.
type ProgrammeCounts struct {
	Programme    string
	Title        string
	Form         string
	Provider     string
	ProviderKind string
	JP           int
	CostPerSeat  int64
	Sessions     int
	Capacity     int
	States       map[domain.EnrolmentState]int
}

// LatsarQuery selects the CPNS of a Latsar list.
type LatsarQuery struct{ ReportScope }

// LatsarRow is a CPNS with one of their passed Latsar enrolments, or none.
type LatsarRow struct {
	Employee        string
	Name            string
	Agency          string
	AppointmentDate string // TMT CPNS, "YYYY-MM-DD"; "" when the directory does not know it
	Enrolment       string // "" when the CPNS has no Latsar enrolment
	Session         string
	Programme       string
	Title           string
	State           domain.EnrolmentState
	End             time.Time
	TimeZone        string
}
