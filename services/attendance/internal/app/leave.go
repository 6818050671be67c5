package app

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/services/attendance/internal/domain"
)

// Leave: requests for the ASN leave types and their workflow (domain/leave.go, workflow.go),
// and the annual-leave ledger (domain/ledger.go).
//
// The ledger of an employee's year is opened the first time something needs it (a request for
// annual or long leave starting that year, an approval, GetLeaveBalance): its opening entries
// are domain.OpeningEntries of the years before, themselves opened first when the employee has
// an earlier year (a year nobody touched still grants its 12 days and carries them on). The
// carry-over into a year is computed only once the year before is over: a year opened ahead
// (a request in December for January) opens with its grant, and gets its carry-over the first
// time it is used on or after 1 January. An employee's ledger starts with the first year the
// service opens for them; nothing carries into that one.
//
// Every change runs in one transaction: the request row is locked, then the balance row of the
// year it spends from, so two approvals at the same instant queue and the second sees the first
// one's entry (store/leave.go). Everything the transaction needs from elsewhere (the directory,
// the calendar, the roster) is read before it begins.

// Page sizes of ListLeaveRequests.
const (
	DefaultLeavePageSize = 100
	MaxLeavePageSize     = 1000
)

// LeaveRequest is a stored leave request.
type LeaveRequest struct {
	domain.LeaveRequest
	// Agency is the employee's agency at the request's last change.
	Agency  string
	Version int64
	Created time.Time
	Updated time.Time
}

// LeaveBalance is an employee's annual-leave ledger for a year as it is stored: the domain's
// Balance (the entries, in order, and the long-leave flag) with what the service keeps beside.
type LeaveBalance struct {
	Employee string
	domain.Balance
	// CarryDone: the carry-over from the year before has been computed (that year was over, or
	// the employee's ledger starts with this year).
	CarryDone bool
	// CollectiveCounted is how many collective leave days of the year have been weighed against
	// the balance (policy CollectiveLeaveReducesAnnual).
	CollectiveCounted int
	Version           int64
	Updated           time.Time
}

// LeaveQuery selects leave requests; the set filters are combined with AND.
type LeaveQuery struct {
	Employee string
	State    domain.LeaveState
	Agency   string
	// Related keeps the requests of this employee and those whose supervisor at submission
	// was them.
	Related string
	// AwaitingSupervisor keeps the submitted and deferred requests whose supervisor at
	// submission is this NIP; AwaitingAgency those of this agency awaiting the second approval.
	// With both set, a request matching either is kept.
	AwaitingSupervisor string
	AwaitingAgency     string
	// After continues a list: only requests after this one, newest first.
	After *LeaveCursor
	Limit int
}

// LeaveCursor is a position in a list of leave requests, newest first.
type LeaveCursor struct {
	Created time.Time
	ID      string
}

// LeaveListOptions are ListLeaveRequests' filters and page.
type LeaveListOptions struct {
	Employee   string
	State      domain.LeaveState
	AwaitingMe bool
	PageSize   int
	PageToken  string
}

// LeaveChanged announces a change of a leave request: Change is the domain's event (its
// Subject names the topic, under simpeg.attendance) and Request the request as it reports it.
type LeaveChanged struct {
	Change  domain.LeaveEvent
	Request LeaveRequest
}

func (LeaveChanged) event() {}

// LeaveReader reads leave requests and the annual-leave ledger; part of Reader. Inside a
// transaction GetLeaveRequest and GetLeaveBalance lock what they read.
type LeaveReader interface {
	GetLeaveRequest(ctx context.Context, id string) (LeaveRequest, error)
	// ListLeaveRequests returns up to q.Limit requests, newest first.
	ListLeaveRequests(ctx context.Context, q LeaveQuery) ([]LeaveRequest, error)
	// EmployeeLeave returns the employee's requests in any state whose period meets from to to
	// (either bound zero: unbounded on that side), by start date.
	EmployeeLeave(ctx context.Context, employee string, from, to domain.Date) ([]LeaveRequest, error)
	// OnLeave returns the approved requests covering date, of agency when it is set, by
	// employee.
	OnLeave(ctx context.Context, date domain.Date, agency string) ([]LeaveRequest, error)
	// GetLeaveBalance returns the employee's ledger of year, if it is opened.
	GetLeaveBalance(ctx context.Context, employee string, year int) (LeaveBalance, bool, error)
	// LeaveBalanceYears returns the years the employee's ledger has, in order.
	LeaveBalanceYears(ctx context.Context, employee string) ([]int, error)
	// OpeningFacts returns, for the go-live import, which of nips the directory copy knows and
	// the years each one's ledger has, in order.
	OpeningFacts(ctx context.Context, nips []string) (known map[string]bool, years map[string][]int, err error)
	// ImportedLeave returns the go-live imports of approved leave stored under refs, by
	// reference.
	ImportedLeave(ctx context.Context, refs []string) (map[string]LeaveImport, error)
}

// LeaveTx is what leave changes write, inside Repository.Write; part of Tx.
type LeaveTx interface {
	// LockLeaveEmployee makes the employee's submissions and deferrals queue, so that two
	// requests at the same instant are checked for overlap one after the other.
	LockLeaveEmployee(ctx context.Context, employee string) error
	InsertLeaveRequest(ctx context.Context, r LeaveRequest) error
	// UpdateLeaveRequest stores r if the stored version is still r.Version-1.
	UpdateLeaveRequest(ctx context.Context, r LeaveRequest) error
	// InsertLeaveBalance opens a year's ledger with b's entries. When another transaction
	// opened it first, the store has the whole transaction retried.
	InsertLeaveBalance(ctx context.Context, b LeaveBalance) error
	// UpdateLeaveBalance stores b if the stored version is still b.Version-1, appending
	// b.Entries[from:] to the ledger and keeping the balance equal to it.
	UpdateLeaveBalance(ctx context.Context, b LeaveBalance, from int) error
	// InsertLeaveImport records the reference of an imported approved leave; a reference
	// stored already is AlreadyExists.
	InsertLeaveImport(ctx context.Context, li LeaveImport) error
}

// LeaveRequestName is the resource name of a leave request.
func LeaveRequestName(id string) string { return "leaveRequests/" + id }

// LeaveBalanceName is the resource name of an employee's annual-leave balance for a year.
func LeaveBalanceName(employee string, year int) string {
	return "employees/" + employee + "/leaveBalances/" + strconv.Itoa(year)
}

// leaveActor is the caller as the workflow sees them.
func leaveActor(g auth.Grant) domain.LeaveActor {
	return domain.LeaveActor{NIP: g.Subject, Agency: g.Agency, AgencyHR: g.Has(auth.RoleAgencyHR), CityHR: g.Has(auth.RoleCityHR)}
}

// leaveSubmitter is the caller submitting leave for employee, with the role the history names:
// the employee themselves, or else the role that let them file for someone else (city HR's
// reach before agency HR's, then whatever role the token has).
func leaveSubmitter(g auth.Grant, employee string) domain.LeaveActor {
	actor := leaveActor(g)
	switch {
	case g.Subject == employee:
		actor.Role = domain.RoleEmployee
	case g.Has(auth.RoleCityHR):
		actor.Role = string(auth.RoleCityHR)
	case g.Has(auth.RoleAgencyHR):
		actor.Role = string(auth.RoleAgencyHR)
	case len(g.Roles) > 0:
		actor.Role = string(g.Roles[0])
	}
	return actor
}

// ppkRecord describes, for an audit detail, a decision city HR recorded for the PPK under
// decree; empty when the decision was not the PPK's.
func ppkRecord(d domain.LeaveDecision) string {
	if d.Decree == "" {
		return ""
	}
	return fmt.Sprintf(" for the PPK under decree %s (employee has no direct supervisor)", d.Decree)
}

// storedLeave returns r as the store gives it back, so that a change's answer equals a later
// read: empty lists are nil.
func storedLeave(r LeaveRequest) LeaveRequest {
	if len(r.Attachments) == 0 {
		r.Attachments = nil
	}
	if len(r.Decisions) == 0 {
		r.Decisions = nil
	}
	return r
}

// leaveEvents wraps the domain's events with the stored request. The supervisor's approval of a
// long type (domain.LeaveAwaitingSecondApproval) is audited but not published: events.proto has
// no message for it.
func leaveEvents(evs []domain.LeaveEvent, stored LeaveRequest) []Event {
	out := make([]Event, 0, len(evs))
	for _, ev := range evs {
		if _, unpublished := ev.(domain.LeaveAwaitingSecondApproval); unpublished {
			continue
		}
		r := stored
		r.LeaveRequest = ev.Changed()
		out = append(out, LeaveChanged{Change: ev, Request: storedLeave(r)})
	}
	return out
}

// leaveSummary says in a few words what a request asks, for the audit trail.
func leaveSummary(r domain.LeaveRequest) string {
	unit := "day"
	if r.Counting == domain.CountWorkingDays {
		unit = "working day"
	}
	if r.Days != 1 {
		unit += "s"
	}
	return fmt.Sprintf("%s leave %s, %d %s", r.Type, r.Range(), r.Days, unit)
}

func leaveDomain(list []LeaveRequest) []domain.LeaveRequest {
	out := make([]domain.LeaveRequest, len(list))
	for i, r := range list {
		out[i] = r.LeaveRequest
	}
	return out
}
