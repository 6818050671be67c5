package domain

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/simpeg-id/simpeg/platform/errs"
)

// SessionState is where a session stands.
type SessionState string

// The session states: a scheduled session takes enrolments until it starts; a cancelled one
// was called off before its start; a completed one has had its outcomes recorded (delivery).
const (
	Scheduled SessionState = "scheduled"
	Cancelled SessionState = "cancelled"
	Completed SessionState = "completed"
)

// Limits of a session's free text.
const (
	MaxPlace       = 300
	MaxOnlineLink  = 500
	MaxTrainers    = 20
	MaxTrainerName = 200
	MaxReason      = 1000
)

// NewSession checks a new session of programme p (ValidateSession, and the catalogue's rules)
// and returns it scheduled at version 1, created now, with no seat taken and the first queue
// number 1. It must start after now: a session is scheduled to take enrolments, which close at
// its start. A held session (Session.Held, recorded after it was held) is the exception: it
// must have ended by now instead, and stays scheduled until its outcomes are recorded. p must be active, and the city's or the session's agency's own (an agency runs
// sessions of its own programmes and of the city's catalogue).
func NewSession(s Session, p Programme, now time.Time) (Session, error) {
	s.Place, s.Online = strings.TrimSpace(s.Place), strings.TrimSpace(s.Online)
	s.Trainers = trimAll(s.Trainers)
	var v errs.Violations
	if err := ValidateSession(s); err != nil {
		v = append(v, violations(err)...)
	}
	checkSessionText(&v, s)
	switch {
	case s.Held:
		if s.End.After(now) {
			v.Add("end_time", "a session recorded after it was held has ended: must not be after now (%s), got %s",
				now.Format(time.RFC3339), s.End.Format(time.RFC3339))
		}
	case !s.Start.IsZero() && !s.Start.After(now):
		v.Add("start_time", "must be in the future: enrolment closes at the start, got %s", s.Start.Format(time.RFC3339))
	}
	if p.Agency != "" && p.Agency != s.Agency {
		v.Add("programme", "programme %s belongs to agency %s: only that agency runs its sessions", p.ID, p.Agency)
	}
	if err := v.Err(); err != nil {
		return s, err
	}
	if p.State != ProgrammeActive {
		return s, errs.New(errs.FailedPrecondition, "programme %s is %s and takes no new sessions", p.ID, p.State).WithReason(ReasonProgrammeRetired)
	}
	s.State, s.CancelReason = Scheduled, ""
	s.Seated, s.Waitlisted, s.Requested, s.NextArrival = 0, 0, 0, 1
	s.Version, s.Created, s.Updated = 1, now, now
	return s, nil
}

func trimAll(xs []string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = strings.TrimSpace(x)
	}
	return out
}

// checkSessionText adds the violations of the session's free text: place and trainers.
func checkSessionText(v *errs.Violations, s Session) {
	if utf8.RuneCountInString(s.Place) > MaxPlace {
		v.Add("place", "must be at most %d characters", MaxPlace)
	}
	if len(s.Online) > MaxOnlineLink {
		v.Add("online_link", "must be at most %d characters", MaxOnlineLink)
	}
	if len(s.Trainers) > MaxTrainers {
		v.Add("trainers", "at most %d trainers, got %d", MaxTrainers, len(s.Trainers))
	}
	for i, t := range s.Trainers {
		if t == "" || utf8.RuneCountInString(t) > MaxTrainerName {
			v.Add(fmt.Sprintf("trainers[%d]", i), "must be 1 to %d characters", MaxTrainerName)
		}
	}
}

// FreeSeats is how many seats are not taken.
func (s Session) FreeSeats() int { return max(s.Capacity-s.Seated, 0) }

// Reasons of the refusals of an enrolment into a held session.
const (
	ReasonSessionHeld = "SESSION_HELD"
	ReasonSessionFull = "SESSION_FULL"
)

// CheckAdmission refuses an enrolment of origin o into s: into a session to come as
// CheckEnrolable does; into a held session (Session.Held) anything but HR's nomination (its
// participants are known, nobody asks for a seat in the past) and a nomination beyond its
// capacity (a held session has no waitlist: nobody waits for a seat in a class already given).
func (s Session) CheckAdmission(o Origin, now time.Time) error {
	if !s.Held {
		return s.CheckEnrolable(now)
	}
	if s.State != Scheduled {
		return errs.New(errs.FailedPrecondition, "session %s is %s and takes no enrolments", s.ID, s.State).WithReason(ReasonSessionNotScheduled)
	}
	if o != Nominated {
		err := errs.New(errs.FailedPrecondition, "session %s was recorded after it was held: HR nominates its participants; an employee cannot ask for a seat in it", s.ID).WithReason(ReasonSessionHeld)
		err.Violations = []errs.FieldViolation{{Field: "enrolment.employee", Description: "only HR nominates the participants of a held session"}}
		return err
	}
	if s.Seated >= s.Capacity {
		err := errs.New(errs.FailedPrecondition, "session %s was held with %d seats, all taken: a held session has no waitlist; raise its capacity first", s.ID, s.Capacity).WithReason(ReasonSessionFull)
		err.Violations = []errs.FieldViolation{{Field: "session.capacity", Description: fmt.Sprintf("all %d seats are taken", s.Capacity)}}
		return err
	}
	return nil
}

// CheckEnrolable refuses an enrolment, an approval or a nomination into s when s is not
// scheduled or has started (issue 10 §2: enrolment is for a session still to come). A held
// session has started by definition: CheckAdmission admits HR's nominations into it.
func (s Session) CheckEnrolable(now time.Time) error {
	if s.State != Scheduled {
		return errs.New(errs.FailedPrecondition, "session %s is %s and takes no enrolments", s.ID, s.State).WithReason(ReasonSessionNotScheduled)
	}
	if !now.Before(s.Start) {
		return errs.New(errs.FailedPrecondition, "session %s started at %s: enrolment closed at its start", s.ID, s.Start.Format(time.RFC3339)).WithReason(ReasonSessionStarted)
	}
	return nil
}

// SessionFields are the fields UpdateSession may change, in the order changes are reported.
var SessionFields = []string{"capacity", "start_time", "end_time", "time_zone", "place", "online_link", "trainers"}

// SessionUpdate is a change of the fields named in Fields to their values in Values.
type SessionUpdate struct {
	Fields []string
	Values Session
}

// Apply changes the scheduled session s by u and returns the fields whose value changed. The
// capacity may change until the session is completed, never below the seats taken
// (CheckCapacityChange); the caller then promotes the waitlist into the seats a raise frees
// (Promotions). The times, the place, the link and the trainers change only before the start,
// and a new start must still be in the future.
func (s *Session) Apply(u SessionUpdate, now time.Time) ([]string, error) {
	if len(u.Fields) == 0 {
		return nil, errs.Invalidf("update_mask", "is required: name the fields to change, of %s", strings.Join(SessionFields, ", "))
	}
	next := *s
	var v errs.Violations
	before := false // a field that changes only before the start
	for _, f := range u.Fields {
		switch f {
		case "capacity":
			next.Capacity = u.Values.Capacity
		case "start_time":
			next.Start, before = u.Values.Start, true
		case "end_time":
			next.End, before = u.Values.End, true
		case "time_zone":
			next.TimeZone, before = u.Values.TimeZone, true
		case "place":
			next.Place, before = strings.TrimSpace(u.Values.Place), true
		case "online_link":
			next.Online, before = strings.TrimSpace(u.Values.Online), true
		case "trainers":
			next.Trainers, before = trimAll(u.Values.Trainers), true
		default:
			v.Add("update_mask", "field %q cannot be updated; updatable: %s", f, strings.Join(SessionFields, ", "))
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if s.State != Scheduled {
		return nil, errs.New(errs.FailedPrecondition, "session %s is %s and can no longer change", s.ID, s.State).WithReason(ReasonSessionNotScheduled)
	}
	if before && !now.Before(s.Start) {
		return nil, errs.New(errs.FailedPrecondition, "session %s started at %s: its times, place, link and trainers are fixed; only its capacity may change",
			s.ID, s.Start.Format(time.RFC3339)).WithReason(ReasonSessionStarted)
	}
	if err := ValidateSession(next); err != nil {
		v = append(v, violations(err)...)
	}
	checkSessionText(&v, next)
	if !next.Start.Equal(s.Start) && !next.Start.IsZero() && !next.Start.After(now) {
		v.Add("start_time", "must be in the future, got %s", next.Start.Format(time.RFC3339))
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if next.Capacity != s.Capacity {
		if err := CheckCapacityChange(next.Capacity, s.Seated); err != nil {
			return nil, err
		}
	}
	var changed []string
	add := func(name string, diff bool) {
		if diff {
			changed = append(changed, name)
		}
	}
	add("capacity", next.Capacity != s.Capacity)
	add("start_time", !next.Start.Equal(s.Start))
	add("end_time", !next.End.Equal(s.End))
	add("time_zone", next.TimeZone != s.TimeZone)
	add("place", next.Place != s.Place)
	add("online_link", next.Online != s.Online)
	add("trainers", !slices.Equal(next.Trainers, s.Trainers))
	if len(changed) > 0 {
		next.Version++
		next.Updated = now
	}
	*s = next
	return changed, nil
}

// Promotions is how many waitlisted enrolments take a seat now: as many as there are free
// seats and people waiting.
func (s Session) Promotions() int { return min(s.FreeSeats(), s.Waitlisted) }

// Cancel calls the scheduled session off before its start, for reason (optional). The caller
// withdraws its live enrolments (CancelEnrolment).
func (s Session) Cancel(reason string, now time.Time) (Session, error) {
	reason = strings.TrimSpace(reason)
	if utf8.RuneCountInString(reason) > MaxReason {
		return s, errs.Invalidf("reason", "must be at most %d characters", MaxReason)
	}
	if s.State != Scheduled {
		return s, errs.New(errs.FailedPrecondition, "session %s is %s and cannot be cancelled", s.ID, s.State).WithReason(ReasonSessionNotScheduled)
	}
	if !now.Before(s.Start) {
		return s, errs.New(errs.FailedPrecondition, "session %s started at %s: only a session still to come can be cancelled",
			s.ID, s.Start.Format(time.RFC3339)).WithReason(ReasonSessionStarted)
	}
	s.State, s.CancelReason = Cancelled, reason
	s.Seated, s.Waitlisted, s.Requested = 0, 0, 0
	s.Version++
	s.Updated = now
	return s, nil
}

// SessionCancelledReason is the reason a cancelled session's enrolments are withdrawn with.
const SessionCancelledReason = "session cancelled"

// Nominate admits a nomination by HR into s (no approval needed): a seat when one is free,
// the waitlist otherwise, with the session's next queue number. s's counters move with it.
func (s *Session) Nominate(e Enrolment) Enrolment {
	e.Origin, e.State, e.Arrival = Nominated, Admit(s.Capacity, s.Seated), s.NextArrival
	s.count(e.State, 1)
	s.NextArrival++
	return e
}

// Request records an employee's own request for a seat in s, waiting for approval.
func (s *Session) Request(e Enrolment) Enrolment {
	e.Origin, e.State, e.Arrival = SelfRequest, Requested, 0
	s.count(Requested, 1)
	return e
}

// ApproveRequest approves a requested enrolment of s (Approve): it gets the session's next
// queue number, and a seat or a place on the waitlist. s's counters move with it.
func (s *Session) ApproveRequest(e Enrolment) (Enrolment, error) {
	next, err := e.Approve(s.Capacity, s.Seated, s.NextArrival)
	if err != nil {
		return e, err
	}
	s.count(Requested, -1)
	s.count(next.State, 1)
	s.NextArrival++
	return next, nil
}

// RejectRequest rejects a requested enrolment of s for reason (required).
func (s *Session) RejectRequest(e Enrolment, reason string) (Enrolment, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" || utf8.RuneCountInString(reason) > MaxReason {
		return e, errs.Invalidf("reason", "give the reason of the rejection, at most %d characters", MaxReason)
	}
	next, err := e.Reject()
	if err != nil {
		return e, err
	}
	next.Reason = reason
	s.count(Requested, -1)
	return next, nil
}

// WithdrawFrom takes e out of s before the start (Withdraw), for reason (optional); freed
// reports whether a seat was given up, which the caller hands to the waitlist's head
// (PromoteInto).
func (s *Session) WithdrawFrom(e Enrolment, reason string, now time.Time) (next Enrolment, freed bool, err error) {
	reason = strings.TrimSpace(reason)
	if utf8.RuneCountInString(reason) > MaxReason {
		return e, false, errs.Invalidf("reason", "must be at most %d characters", MaxReason)
	}
	if e.State.Live() && !now.Before(s.Start) {
		return e, false, errs.New(errs.FailedPrecondition, "session %s started at %s: withdrawal is possible only before the start",
			s.ID, s.Start.Format(time.RFC3339)).WithReason(ReasonSessionStarted)
	}
	was := e.State
	next, freed, err = e.Withdraw(*s, now)
	if err != nil {
		return e, false, err
	}
	next.Reason = reason
	s.count(was, -1)
	return next, freed, nil
}

// PromoteInto gives a waitlisted enrolment of s a free seat (Promote).
func (s *Session) PromoteInto(e Enrolment) (Enrolment, error) {
	if s.FreeSeats() == 0 {
		return e, errs.Preconditionf("session %s has no free seat", s.ID)
	}
	next, err := e.Promote()
	if err != nil {
		return e, err
	}
	s.count(Waitlisted, -1)
	s.count(Enrolled, 1)
	return next, nil
}

// count moves the session's counter of state by n.
func (s *Session) count(state EnrolmentState, n int) {
	switch state {
	case Enrolled:
		s.Seated += n
	case Waitlisted:
		s.Waitlisted += n
	case Requested:
		s.Requested += n
	}
}
