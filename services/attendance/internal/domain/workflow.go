package domain

// The leave request workflow:
//
//	                 ┌────────── deferred ──────────┐ (new dates; approve / reject / cancel)
//	                 │                              ▼
//	Submit ─▶ submitted ─▶ approve ─▶ [awaiting_second_approval ─▶ approve] ─▶ approved
//	                 │                  │ (agency HR, long types)
//	                 ├──▶ rejected ◀────┘ (reason required)
//	                 └──▶ cancelled ◀── any active state, by the employee, before the start
//
//   - The direct supervisor (the directory's current one) approves, rejects or defers a submitted
//     request; anyone else gets PermissionDenied naming the rule. A top official (no supervisor
//     in the directory) has their leave decided by the PPK, which city HR records with the
//     decree's number (ppk.go); that approval is final.
//   - Every history entry names the real actor and their role: agency HR submitting on an
//     employee's behalf is the submitter, the employee stays the requester (SubmitBy).
//   - Long types (besar, CLTN, sick over 14 working days) need, under the policy, a second
//     approval by the agency's HR administrator (a different person from the first approver),
//     who may also reject.
//   - Deferral (penangguhan, Peraturan BKN 24/2017): only annual and long leave, for the needs of
//     the service, so a reason is required; the supervisor sets new dates that start after the
//     asked start and at most one year after it. It may happen once: a request deferred is then
//     approved or rejected at the new dates, never deferred again (a second postponement would
//     be a refusal in disguise). The service re-checks the new dates with ValidateRequest and
//     passes the Assessment; days are spent only at the final approval, from the ledger of the
//     year the new dates start in.
//   - The final approval of annual leave spends the days (Balance.Spend) and returns the entry;
//     a cancellation before the first day returns them (Balance.Return). On or after the first
//     day a request cannot be cancelled.
//   - Sick leave of one working day is a notice, not a request: Submit records it approved.
//
// Each transition changes the request only when it succeeds, and returns the event to publish.

import (
	"fmt"
	"strings"

	"github.com/simpeg-id/simpeg/platform/errs"
)

// LeaveState is where a leave request stands.
type LeaveState string

// The leave request states.
const (
	RequestSubmitted              LeaveState = "submitted"
	RequestAwaitingSecondApproval LeaveState = "awaiting_second_approval"
	RequestDeferred               LeaveState = "deferred"
	RequestApproved               LeaveState = "approved"
	RequestRejected               LeaveState = "rejected"
	RequestCancelled              LeaveState = "cancelled"
)

// Active reports whether a request in state s holds its dates (and may still be cancelled).
func (s LeaveState) Active() bool {
	switch s {
	case RequestSubmitted, RequestAwaitingSecondApproval, RequestDeferred, RequestApproved:
		return true
	}
	return false
}

// MaxDeferrals is how many times a request may be deferred.
const MaxDeferrals = 1

// LeaveActor is who acts on a request: their NIP (the token's subject), whether they are an HR
// administrator (role agency-hr) of Agency or city HR (role city-hr), the role they submit in
// (Role, for SubmitBy's history entry), and the number of the PPK's decree when city HR records
// the PPK's decision on a top official's leave (Decree; see the workflow's comment).
type LeaveActor struct {
	NIP      string
	Agency   string
	AgencyHR bool
	CityHR   bool
	Role     string
	Decree   string
}

// The roles a history entry names: the names of the platform's auth roles.
const (
	RoleEmployee   = "employee"
	RoleSupervisor = "supervisor"
	RoleAgencyHR   = "agency-hr"
	RoleCityHR     = "city-hr"
)

// LeaveDecision is one step in a request's history: what was done, by whom (By, the actor's
// NIP or subject) in which role, on which day, why, and, for a decision of the PPK that city
// HR records, the decree's number.
type LeaveDecision struct {
	Action string // submitted, approved, second_approved, rejected, deferred, cancelled, noticed, recounted, imported
	By     string
	Role   string
	On     Date
	Reason string
	// Decree is the number of the PPK's decree (nomor SK) for a top official's leave decided by
	// the PPK, recorded by city HR (Role city-hr); empty otherwise.
	Decree string
}

// LeaveEvent is an event about a leave request, published on
// simpeg.attendance.<Subject()>. Each carries the request after the change.
type LeaveEvent interface {
	Subject() string
	// Changed returns the request after the change.
	Changed() LeaveRequest
	leaveEvent()
}

// LeaveRequested reports a submitted request (or, for one day of sick leave, a notice).
type LeaveRequested struct{ Request LeaveRequest }

// LeaveAwaitingSecondApproval reports the supervisor's approval of a long type, which now
// waits for agency HR.
type LeaveAwaitingSecondApproval struct {
	Request    LeaveRequest
	ApprovedBy string
}

// LeaveApproved reports the final approval; Entry is the annual-leave ledger entry it spent, if
// any.
type LeaveApproved struct {
	Request    LeaveRequest
	ApprovedBy string
	Entry      *LedgerEntry
}

// LeaveRejected reports a rejection and its reason.
type LeaveRejected struct {
	Request    LeaveRequest
	RejectedBy string
	Reason     string
}

// LeaveDeferred reports that the supervisor moved the request to new dates.
type LeaveDeferred struct {
	Request    LeaveRequest
	DeferredBy string
	From, To   DateRange
	Reason     string
}

// LeaveCancelled reports the employee's cancellation; Entry returns annual-leave days, if any.
type LeaveCancelled struct {
	Request     LeaveRequest
	CancelledBy string
	Entry       *LedgerEntry
}

// Subject returns "leave.requested".
func (LeaveRequested) Subject() string { return "leave.requested" }

// Subject returns "leave.awaiting_second_approval".
func (LeaveAwaitingSecondApproval) Subject() string { return "leave.awaiting_second_approval" }

// Subject returns "leave.approved".
func (LeaveApproved) Subject() string { return "leave.approved" }

// Subject returns "leave.rejected".
func (LeaveRejected) Subject() string { return "leave.rejected" }

// Subject returns "leave.deferred".
func (LeaveDeferred) Subject() string { return "leave.deferred" }

// Subject returns "leave.cancelled".
func (LeaveCancelled) Subject() string { return "leave.cancelled" }

// Changed returns the submitted request.
func (e LeaveRequested) Changed() LeaveRequest { return e.Request }

// Changed returns the request approved by the supervisor.
func (e LeaveAwaitingSecondApproval) Changed() LeaveRequest { return e.Request }

// Changed returns the approved request.
func (e LeaveApproved) Changed() LeaveRequest { return e.Request }

// Changed returns the rejected request.
func (e LeaveRejected) Changed() LeaveRequest { return e.Request }

// Changed returns the request at its new dates.
func (e LeaveDeferred) Changed() LeaveRequest { return e.Request }

// Changed returns the cancelled request.
func (e LeaveCancelled) Changed() LeaveRequest { return e.Request }

func (LeaveRequested) leaveEvent()              {}
func (LeaveAwaitingSecondApproval) leaveEvent() {}
func (LeaveApproved) leaveEvent()               {}
func (LeaveRejected) leaveEvent()               {}
func (LeaveDeferred) leaveEvent()               {}
func (LeaveCancelled) leaveEvent()              {}

// Submit records r as submitted by the employee themselves; see SubmitBy.
func Submit(r LeaveRequest, emp LeaveEmployee, a Assessment, today Date) (LeaveRequest, []LeaveEvent) {
	return SubmitBy(r, emp, a, LeaveActor{NIP: r.EmployeeNIP, Role: RoleEmployee}, today)
}

// SubmitBy records r, already checked by ValidateRequest (giving a) and CheckOverlap, as
// submitted on today by actor, and returns it with the events to publish: LeaveRequested, and
// for a notice-only sick day (recorded approved at once) also LeaveApproved. The employee stays
// the requester (r.EmployeeNIP); the history's first entry names who really submitted it and in
// which role (agency HR filing on the employee's behalf, say), so the audit trail and the
// request agree. An actor without a role is the employee.
func SubmitBy(r LeaveRequest, emp LeaveEmployee, a Assessment, actor LeaveActor, today Date) (LeaveRequest, []LeaveEvent) {
	by, role := actor.NIP, actor.Role
	if by == "" {
		by = r.EmployeeNIP
	}
	if role == "" {
		role = RoleEmployee
	}
	r.State = RequestSubmitted
	r.Days, r.Counting = a.Days, a.Counting
	r.NeedsSecondApproval, r.NoticeOnly = a.NeedsSecondApproval, a.NoticeOnly
	r.SubmittedOn = today
	r.Supervisor = emp.Supervisor
	r.ApprovedBy, r.SecondApprovedBy, r.RejectionReason = "", "", ""
	r.DeferredFrom, r.Deferrals, r.Spent = DateRange{}, 0, 0
	r.Decisions = []LeaveDecision{{Action: "submitted", By: by, Role: role, On: today}}
	if !a.NoticeOnly {
		return r, []LeaveEvent{LeaveRequested{Request: r}}
	}
	requested := r
	r.State = RequestApproved
	r.Decisions = append(r.Decisions[:1:1], LeaveDecision{Action: "noticed", By: by, Role: role, On: today,
		Reason: "one day of sick leave: the supervisor is told, with a doctor's note"})
	return r, []LeaveEvent{LeaveRequested{Request: requested}, LeaveApproved{Request: r, ApprovedBy: ""}}
}

// Approve records actor's approval. A submitted or deferred request is approved by the direct
// supervisor: it becomes approved, or, when it needs a second approval, awaiting_second_approval
// (event LeaveAwaitingSecondApproval). A request awaiting the second approval is approved by an
// HR administrator of the employee's agency who is not the first approver. The final approval
// of annual leave spends the days from bal, the balance of the year the leave starts in, and
// returns the entry; bal may be nil for other types. On an error nothing changes, bal included.
func (r *LeaveRequest) Approve(emp LeaveEmployee, actor LeaveActor, bal *Balance, today Date) (LeaveEvent, *LedgerEntry, error) {
	next := *r
	switch r.State {
	case RequestSubmitted, RequestDeferred:
		d, err := checkFirstDecider(*r, emp, actor, "approve")
		if err != nil {
			return nil, nil, err
		}
		d.Action, d.On = "approved", today
		next.ApprovedBy = actor.NIP
		if r.NeedsSecondApproval && d.Decree == "" {
			next.State = RequestAwaitingSecondApproval
			next.Decisions = leaveAppend(r.Decisions, d)
			*r = next
			return LeaveAwaitingSecondApproval{Request: next, ApprovedBy: actor.NIP}, nil, nil
		}
		next.Decisions = leaveAppend(r.Decisions, d)
	case RequestAwaitingSecondApproval:
		if err := checkAgencyHR(*r, emp, actor, "give the second approval of"); err != nil {
			return nil, nil, err
		}
		if actor.NIP == r.ApprovedBy {
			return nil, nil, errs.Deniedf("%s gave the first approval of leave request %s; the second approval must come from another HR administrator of agency %q", actor.NIP, r.ID, emp.Agency)
		}
		next.SecondApprovedBy = actor.NIP
		next.Decisions = leaveAppend(r.Decisions, LeaveDecision{Action: "second_approved", By: actor.NIP, Role: RoleAgencyHR, On: today})
	default:
		return nil, nil, errs.Preconditionf("leave request %s is %s; only a submitted, deferred or awaiting_second_approval request can be approved", r.ID, r.State)
	}
	next.State = RequestApproved
	var entry *LedgerEntry
	if r.Type == LeaveAnnual {
		if bal == nil || bal.Year != r.Start.Year {
			return nil, nil, fmt.Errorf("leave rules: approving annual leave %s starting in %d needs that year's balance", r.ID, r.Start.Year)
		}
		e, err := bal.Spend(r.Days, r.ID)
		if err != nil {
			return nil, nil, err
		}
		entry = &e
		next.Spent = r.Days
	}
	*r = next
	return LeaveApproved{Request: next, ApprovedBy: actor.NIP, Entry: entry}, entry, nil
}

// Reject records actor's rejection with a reason (field reason). The direct supervisor rejects
// a submitted or deferred request; an HR administrator of the employee's agency rejects one
// awaiting the second approval.
func (r *LeaveRequest) Reject(emp LeaveEmployee, actor LeaveActor, reason string, today Date) (LeaveEvent, error) {
	var d LeaveDecision
	switch r.State {
	case RequestSubmitted, RequestDeferred:
		var err error
		if d, err = checkFirstDecider(*r, emp, actor, "reject"); err != nil {
			return nil, err
		}
	case RequestAwaitingSecondApproval:
		if err := checkAgencyHR(*r, emp, actor, "reject"); err != nil {
			return nil, err
		}
		d = LeaveDecision{By: actor.NIP, Role: RoleAgencyHR}
	default:
		return nil, errs.Preconditionf("leave request %s is %s; only a submitted, deferred or awaiting_second_approval request can be rejected", r.ID, r.State)
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return nil, errs.Invalidf("reason", "is required: tell the employee why the leave is rejected")
	}
	next := *r
	next.State = RequestRejected
	next.RejectionReason = reason
	d.Action, d.On, d.Reason = "rejected", today, reason
	next.Decisions = leaveAppend(r.Decisions, d)
	*r = next
	return LeaveRejected{Request: next, RejectedBy: actor.NIP, Reason: reason}, nil
}

// Defer records the direct supervisor's deferral of a submitted annual or long leave to the
// dates to (fields start_date, end_date), for the reason given (field reason). a is
// ValidateRequest's answer for the request at the new dates. The request becomes deferred and
// waits for the supervisor's approval at the new dates; it may be deferred MaxDeferrals time.
func (r *LeaveRequest) Defer(emp LeaveEmployee, actor LeaveActor, to DateRange, a Assessment, reason string, today Date) (LeaveEvent, error) {
	if r.State != RequestSubmitted {
		if r.State == RequestDeferred {
			return nil, errs.Preconditionf("leave request %s is deferred already (from %s to %s); a request is deferred at most %d time, then approved or rejected", r.ID, r.DeferredFrom, r.Range(), MaxDeferrals)
		}
		return nil, errs.Preconditionf("leave request %s is %s; only a submitted request can be deferred", r.ID, r.State)
	}
	d, err := checkFirstDecider(*r, emp, actor, "defer")
	if err != nil {
		return nil, err
	}
	rule := leaveRules[r.Type]
	if !rule.Deferrable {
		return nil, errs.Preconditionf("leave request %s is %s; only annual and long leave can be deferred, approve or reject it", r.ID, rule.label())
	}
	if r.Deferrals >= MaxDeferrals {
		return nil, errs.Preconditionf("leave request %s was deferred %d time already; it can only be approved or rejected", r.ID, r.Deferrals)
	}
	var v errs.Violations
	switch {
	case to.Start.IsZero():
		v.Add("start_date", "is required: a deferral sets new dates")
	case !to.Start.After(r.Start):
		v.Add("start_date", "%s is not after the asked start %s; a deferral postpones the leave", to.Start, r.Start)
	case to.Start.After(DateOf(r.Start.Time().AddDate(1, 0, 0))):
		v.Add("start_date", "%s is more than a year after the asked start %s; leave may be deferred for at most 1 year", to.Start, r.Start)
	}
	switch {
	case to.End.IsZero():
		v.Add("end_date", "is required: a deferral sets new dates")
	case !to.Start.IsZero() && to.End.Before(to.Start):
		v.Add("end_date", "%s is before start_date %s", to.End, to.Start)
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		v.Add("reason", "is required: leave is deferred for the needs of the service; say which")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	next := *r
	next.State = RequestDeferred
	next.DeferredFrom = r.Range()
	next.Start, next.End = to.Start, to.End
	next.Days, next.Counting = a.Days, a.Counting
	next.NeedsSecondApproval = a.NeedsSecondApproval
	next.Deferrals++
	d.Action, d.On, d.Reason = "deferred", today, reason
	next.Decisions = leaveAppend(r.Decisions, d)
	*r = next
	return LeaveDeferred{Request: next, DeferredBy: actor.NIP, From: next.DeferredFrom, To: to, Reason: reason}, nil
}

// Cancel records the employee's cancellation of an active request before its first day. The
// annual-leave days it spent go back to bal (the balance of the year it starts in; nil when it
// spent none) and the returned entry is given to append. From the first day on it cannot be
// cancelled.
func (r *LeaveRequest) Cancel(actor LeaveActor, bal *Balance, today Date) (LeaveEvent, *LedgerEntry, error) {
	if !r.State.Active() {
		return nil, nil, errs.Preconditionf("leave request %s is %s; only a submitted, awaiting_second_approval, deferred or approved request can be cancelled", r.ID, r.State)
	}
	if actor.NIP != r.EmployeeNIP {
		return nil, nil, errs.Deniedf("only the employee (%s) may cancel their leave request %s; %s may not", r.EmployeeNIP, r.ID, actor.NIP)
	}
	if !today.Before(r.Start) {
		return nil, nil, errs.Preconditionf("leave request %s started on %s (today is %s); leave can be cancelled only before its first day", r.ID, r.Start, today)
	}
	next := *r
	var entry *LedgerEntry
	if r.Spent > 0 {
		if bal == nil || bal.Year != r.Start.Year {
			return nil, nil, fmt.Errorf("leave rules: cancelling leave %s that spent %d days needs the balance of %d", r.ID, r.Spent, r.Start.Year)
		}
		e, err := bal.Return(r.Spent, r.ID)
		if err != nil {
			return nil, nil, err
		}
		entry = &e
		next.Spent = 0
	}
	next.State = RequestCancelled
	next.Decisions = leaveAppend(r.Decisions, LeaveDecision{Action: "cancelled", By: actor.NIP, Role: RoleEmployee, On: today})
	*r = next
	return LeaveCancelled{Request: next, CancelledBy: actor.NIP, Entry: entry}, entry, nil
}

func checkDirectSupervisor(r LeaveRequest, emp LeaveEmployee, actor LeaveActor, verb string) error {
	if emp.Supervisor == "" {
		return errs.Preconditionf("employee %s has no direct supervisor in the directory; set one before leave request %s can be decided", emp.NIP, r.ID)
	}
	if actor.NIP != emp.Supervisor {
		return errs.Deniedf("only the direct supervisor of %s (%s) may %s leave request %s; %s is not", emp.NIP, emp.Supervisor, verb, r.ID, actor.NIP)
	}
	return nil
}

func checkAgencyHR(r LeaveRequest, emp LeaveEmployee, actor LeaveActor, verb string) error {
	if strings.TrimSpace(actor.Decree) != "" {
		return errs.Invalidf("decree_number", "is only for recording the PPK's decision on the leave of a top official without a direct supervisor; leave request %s waits for the second approval by agency HR", r.ID)
	}
	if !actor.AgencyHR || actor.Agency != emp.Agency {
		return errs.Deniedf("leave request %s (%s) waits for the second approval by an HR administrator of agency %q; %s may not %s it", r.ID, r.Type, emp.Agency, actor.NIP, verb)
	}
	if actor.NIP == r.EmployeeNIP {
		return errs.Deniedf("%s may not decide their own leave request %s", actor.NIP, r.ID)
	}
	return nil
}

// leaveAppend appends to a copy, so a failed or copied request never shares its history.
func leaveAppend(list []LeaveDecision, d LeaveDecision) []LeaveDecision {
	out := make([]LeaveDecision, len(list), len(list)+1)
	copy(out, list)
	return append(out, d)
}
