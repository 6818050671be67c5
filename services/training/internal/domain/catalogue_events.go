package domain

// The catalogue's events (issue 10 §6): what happens to sessions and enrolments. Each carries
// the resource as stored after the change, its version being the etag.

// SessionScheduled announces a new session of a programme.
type SessionScheduled struct {
	event
	Session Session
}

// SessionCancelled announces a session called off before its start; its enrolments are
// withdrawn with their own EnrolmentWithdrawn events.
type SessionCancelled struct {
	event
	Session Session
}

// EnrolmentRequested announces an employee's own request for a seat, awaiting their
// supervisor's approval.
type EnrolmentRequested struct {
	event
	Enrolment Enrolment
}

// EnrolmentApproved announces an enrolment that took a seat when admitted: a nomination by HR
// or an approved request.
type EnrolmentApproved struct {
	event
	Enrolment Enrolment
}

// EnrolmentWaitlisted announces an enrolment admitted to a full session: it waits on the
// waitlist at its arrival number.
type EnrolmentWaitlisted struct {
	event
	Enrolment Enrolment
}

// EnrolmentPromoted announces a waitlisted enrolment that moved up into a freed seat.
type EnrolmentPromoted struct {
	event
	Enrolment Enrolment
}

// EnrolmentRejected announces a request the supervisor (or HR) refused, with the reason.
type EnrolmentRejected struct {
	event
	Enrolment Enrolment
}

// EnrolmentWithdrawn announces an enrolment taken out of its session before the start: by the
// employee, their supervisor or HR, or because the session was cancelled.
type EnrolmentWithdrawn struct {
	event
	Enrolment Enrolment
}

// Admitted returns the event of an enrolment just admitted (nominated or approved): approved
// when it holds a seat, waitlisted otherwise.
func Admitted(e Enrolment) Event {
	if e.State == Enrolled {
		return EnrolmentApproved{Enrolment: e}
	}
	return EnrolmentWaitlisted{Enrolment: e}
}
