// Package app holds the attendance service's use cases: it checks who may do what (with the
// grant the authorization interceptor put in the context and the directory copy of planning's
// registry), applies the domain rules, and stores through the interfaces it declares. It knows
// nothing of gRPC, SQL or NATS.
package app

import (
	"context"
	"errors"
	"time"

	"github.com/simpeg-id/simpeg/platform/audit"
	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/resource"
	"github.com/simpeg-id/simpeg/services/attendance/internal/domain"
	"github.com/simpeg-id/simpeg/services/planning/directory"
)

// Office is an office with what the API keeps besides its geofence.
type Office struct {
	domain.Office
	Agency   string
	Unit     string
	Geofence domain.GeofenceAction // "" keeps the deployment's policy
	Version  int64
	Created  time.Time
	Updated  time.Time
}

// ShiftRecord is a shift of an agency.
type ShiftRecord struct {
	Agency string
	domain.Shift
}

// Schedule is an agency's stored working hours; Regular or Ramadan nil keeps the national week.
type Schedule struct {
	Agency  string
	Regular *domain.WorkSchedule
	Ramadan *domain.WorkSchedule
	Version int64
}

// RosterEntry is one employee's shift (or "OFF") on one date.
type RosterEntry struct {
	Employee string
	Date     domain.Date
	Shift    string
}

// Record is a stored check-in or check-out.
type Record struct {
	Employee string
	Office   string
	In       domain.CheckIn
	Result   domain.Result
}

// Event is something the service announces.
type Event interface{ event() }

// CheckedIn and CheckedOut announce a recorded check.
type (
	CheckedIn  struct{ Record Record }
	CheckedOut struct{ Record Record }
)

func (CheckedIn) event()  {}
func (CheckedOut) event() {}

// AuditEntry is one audited change: the resource changed and what changed. It is the audit
// trail's own entry, so a store's transaction hands it to its unit of work as it is.
type AuditEntry = audit.Entry

// Tx is a unit of work: everything done through it commits together with its events and audit
// records, or not at all.
type Tx interface {
	Reader
	LeaveTx
	DayTx
	DocumentTx
	InsertOffice(ctx context.Context, o Office) error
	UpdateOffice(ctx context.Context, o Office) error
	PutHolidays(ctx context.Context, hs []domain.Holiday) error
	DeleteHoliday(ctx context.Context, d domain.Date) (bool, error)
	PutSchedule(ctx context.Context, s Schedule) error
	PutRamadan(ctx context.Context, p domain.RamadanPeriod) error
	InsertShift(ctx context.Context, s ShiftRecord) error
	PutRoster(ctx context.Context, entries []RosterEntry) error
	Emit(ctx context.Context, events ...Event) error
	Audit(ctx context.Context, entries ...AuditEntry) error
}

// Reader reads the calendar, offices and records.
type Reader interface {
	LeaveReader
	DayReader
	RecountReader
	TeamReader
	SummaryReader
	DocumentReader
	GetOffice(ctx context.Context, id string) (Office, error)
	ListOffices(ctx context.Context, agency, after string, limit int) ([]Office, error)
	ListHolidays(ctx context.Context, year int) ([]domain.Holiday, error)
	GetSchedule(ctx context.Context, agency string) (Schedule, bool, error)
	ListRamadan(ctx context.Context) ([]domain.RamadanPeriod, error)
	ListShifts(ctx context.Context, agency string) ([]ShiftRecord, error)
	ListRoster(ctx context.Context, employee string, from, to domain.Date) ([]RosterEntry, error)
	// GetRecord returns the employee's record with a client id, if any.
	GetRecord(ctx context.Context, employee, clientID string) (Record, bool, error)
	ListRecords(ctx context.Context, employee string, from, to domain.Date) ([]Record, error)
	// Calendar returns the whole working calendar (holidays, Ramadan periods, agency hours and
	// shifts), which the app caches.
	Calendar(ctx context.Context) (domain.Calendar, error)
	ApprovedLeaveOn(ctx context.Context, date domain.Date, employees []string) (map[string]domain.LeaveType, error) // approved leave covering date, by employee (of every employee when none are given); see store/leave.go
}

// Repository stores the service's data.
type Repository interface {
	Reader
	RecordCommitter
	Write(ctx context.Context, fn func(ctx context.Context, tx Tx) error) error
}

// Directory answers who employees are, from the copy of planning's registry.
type Directory interface {
	Employee(ctx context.Context, nip string) (directory.Employee, error)
	IsUnder(ctx context.Context, supervisor, nip string) (bool, error)
}

// App is the attendance service's use cases.
type App struct {
	repo     Repository
	dir      Directory
	checkIn  Directory // the check-in's read of the employee: dir unless WithCheckInDirectory
	policy   domain.Policy
	now      func() time.Time
	calendar *calendarCache
}

// New returns the use cases.
func New(repo Repository, dir Directory, policy domain.Policy, now func() time.Time) *App {
	if now == nil {
		now = time.Now
	}
	return &App{repo: repo, dir: dir, checkIn: dir, policy: policy, now: now, calendar: newCalendarCache(repo, now)}
}

// WithCheckInDirectory makes RecordAttendance read the employee from d (a snapshot kept in
// memory, store.DirectoryCache, whose staleness bound it documents) instead of the directory
// copy every other use case reads, and returns a.
func (a *App) WithCheckInDirectory(d Directory) *App {
	a.checkIn = d
	return a
}

// employeeFor returns the directory entry of nip if the caller may see that employee: their own
// record (self), anyone below them (subordinates), their agency's (agency), everyone (all).
func (a *App) employeeFor(ctx context.Context, g auth.Grant, nip string) (directory.Employee, error) {
	e, err := a.dir.Employee(ctx, nip)
	if errors.Is(err, directory.ErrNotFound) {
		// A caller without reach gets the same 403 as for a real NIP (resource.SeesMissing).
		return e, resource.SeesMissing(g, nip, errs.NotFoundf("employee %s is not in the directory", nip))
	}
	if err != nil {
		return e, err
	}
	return e, resource.RequireSees(ctx, g, nip, e.Agency, a.dir.IsUnder)
}

// OfficeName and the other functions below give resource names.
func OfficeName(id string) string { return "offices/" + id }

// HolidayName is the resource name of a holiday.
func HolidayName(d domain.Date) string { return "holidays/" + d.String() }

// ScheduleName is the resource name of an agency's working hours.
func ScheduleName(agency string) string { return "agencies/" + agency + "/workSchedule" }

// RecordName is the resource name of a check-in or check-out.
func RecordName(employee, clientID string) string {
	return "employees/" + employee + "/attendanceRecords/" + clientID
}
