package domain

import (
	"sort"
	"strings"
	"time"

	"github.com/simpeg-id/simpeg/platform/errs"
)

// Session is one class of a programme: when and where it runs and how many it seats.
type Session struct {
	ID        string
	Programme string
	Start     time.Time // the first day's start, an instant
	End       time.Time // the last day's end, an instant after Start
	TimeZone  string    // IANA zone the dates are shown in, e.g. Asia/Jakarta (WIB)
	Place     string
	Online    string // online link, when the session is held online
	Capacity  int
	Trainers  []string
	// Agency runs the session; '' for the city.
	Agency       string
	State        SessionState
	CancelReason string
	// Held marks a session recorded after it was held (training before the city used simpeg,
	// or organised outside it): its times are in the past, HR nominates its participants (no
	// requests, no waitlist) and then records attendance and outcomes as for any session. It is
	// set on create only.
	Held bool
	// Seated counts the enrolments holding a seat (enrolled, or finished after holding one);
	// Waitlisted and Requested count those waiting for a seat and for approval.
	Seated     int
	Waitlisted int
	Requested  int
	// NextArrival is the queue number the next admitted enrolment gets.
	NextArrival int64
	Version     int64
	Created     time.Time
	Updated     time.Time
	// ProgrammeTitle and JP are the programme's, filled in by reads for display; not stored
	// with the session.
	ProgrammeTitle string
	JP             int
}

// ValidateSession checks a session before it is stored.
func ValidateSession(s Session) error {
	var v errs.Violations
	if s.Programme == "" {
		v.Add("programme", "must name the programme")
	}
	if s.Start.IsZero() {
		v.Add("start_time", "is required")
	}
	if !s.End.After(s.Start) {
		v.Add("end_time", "must be after start_time")
	}
	if _, err := time.LoadLocation(s.TimeZone); s.TimeZone == "" || err != nil {
		v.Add("time_zone", "must be an IANA time zone such as Asia/Jakarta, got %q", s.TimeZone)
	}
	if strings.TrimSpace(s.Place) == "" && strings.TrimSpace(s.Online) == "" {
		v.Add("place", "give a place or an online link")
	}
	if s.Online != "" && !strings.HasPrefix(s.Online, "https://") {
		v.Add("online_link", "must be an https:// link")
	}
	if s.Capacity < 1 {
		v.Add("capacity", "must be at least 1, got %d", s.Capacity)
	}
	return v.Err()
}

// Overlaps reports whether two sessions share any instant. Sessions are half-open intervals
// [Start, End): one that ends at 12:00 does not overlap one that starts at 12:00.
func (s Session) Overlaps(o Session) bool {
	return s.Start.Before(o.End) && o.Start.Before(s.End)
}

// CheckOverlap refuses a session that overlaps one the employee already holds (issue 10 §2: an
// employee cannot hold two sessions that overlap in time). held are the sessions of the
// employee's live enrolments (requested, enrolled or waitlisted).
func CheckOverlap(s Session, held []Session) error {
	for _, h := range held {
		if h.ID != s.ID && s.Overlaps(h) {
			return errs.Invalidf("session", "overlaps session %s (%s – %s) the employee already holds",
				h.ID, h.Start.Format(time.RFC3339), h.End.Format(time.RFC3339))
		}
	}
	return nil
}

// EnrolmentState is where an enrolment stands.
type EnrolmentState string

// The enrolment states. Requested waits for the supervisor; Enrolled holds a seat; Waitlisted
// waits for one; Rejected, Withdrawn and the three outcomes are final.
const (
	Requested    EnrolmentState = "requested"
	Enrolled     EnrolmentState = "enrolled"
	Waitlisted   EnrolmentState = "waitlisted"
	Rejected     EnrolmentState = "rejected"
	Withdrawn    EnrolmentState = "withdrawn"
	Passed       EnrolmentState = "passed"
	Failed       EnrolmentState = "failed"
	DidNotFinish EnrolmentState = "did_not_finish"
)

// Live reports whether the enrolment still claims the employee's time (for the overlap rule).
func (s EnrolmentState) Live() bool { return s == Requested || s == Enrolled || s == Waitlisted }

// Origin is how an enrolment came about.
type Origin string

// The origins: agency HR nominates (no supervisor approval needed), or the employee asks and
// the supervisor approves.
const (
	Nominated   Origin = "nominated"
	SelfRequest Origin = "self_request"
)

// Enrolment is one employee's place in a session.
type Enrolment struct {
	ID       string
	Session  string
	Employee string
	Origin   Origin
	State    EnrolmentState
	// Arrival is the enrolment's place in the session's queue, given when it is approved (or
	// nominated): lower came first. The store hands it out in commit order.
	Arrival int64
	// Agency is the employee's agency when enrolled; Start and End are the session's, copied
	// for the overlap rule.
	Agency string
	Start  time.Time
	End    time.Time
	// RequestedBy nominated or asked; DecidedBy approved, rejected or withdrew it, with Reason
	// (a rejection's or withdrawal's).
	RequestedBy string
	DecidedBy   string
	Reason      string
	// Score (0–100, -1 for none) and Finished are set when the outcome is recorded.
	Score    int
	Finished time.Time
	Version  int64
	Created  time.Time
	Updated  time.Time
	// Filled in by reads for display, not stored with the enrolment: the employee's name (from
	// the directory copy), the programme's title, the place on the waitlist of a waitlisted
	// enrolment (1 is next) and the number of its valid certificate.
	EmployeeName      string
	ProgrammeTitle    string
	WaitlistPosition  int
	CertificateNumber string
}

// Admit places an approved enrolment: a seat when fewer than capacity are Enrolled, the
// waitlist otherwise. seated is the number of Enrolled enrolments in the session now.
func Admit(capacity, seated int) EnrolmentState {
	if seated < capacity {
		return Enrolled
	}
	return Waitlisted
}

// Approve moves a requested enrolment into the session: a seat or the waitlist (Admit).
func (e Enrolment) Approve(capacity, seated int, arrival int64) (Enrolment, error) {
	if e.State != Requested {
		return e, errs.Preconditionf("enrolment %s is %s, only a requested enrolment can be approved", e.ID, e.State)
	}
	e.State, e.Arrival = Admit(capacity, seated), arrival
	e.Version++
	return e, nil
}

// Reject refuses a requested enrolment.
func (e Enrolment) Reject() (Enrolment, error) {
	if e.State != Requested {
		return e, errs.Preconditionf("enrolment %s is %s, only a requested enrolment can be rejected", e.ID, e.State)
	}
	e.State = Rejected
	e.Version++
	return e, nil
}

// Withdraw takes the employee out of the session. It is allowed only before the session
// starts (issue 10 §2) and only from a live state. freed reports whether a seat was given up,
// so the caller promotes the head of the waitlist (NextOnWaitlist) in the same transaction.
func (e Enrolment) Withdraw(s Session, now time.Time) (next Enrolment, freed bool, err error) {
	if !e.State.Live() {
		return e, false, errs.Preconditionf("enrolment %s is %s and cannot be withdrawn", e.ID, e.State)
	}
	if !now.Before(s.Start) {
		return e, false, errs.Preconditionf("session %s started at %s: withdrawal is possible only before the start",
			s.ID, s.Start.Format(time.RFC3339))
	}
	freed = e.State == Enrolled
	e.State = Withdrawn
	e.Version++
	return e, freed, nil
}

// NextOnWaitlist returns the waitlisted enrolment that came first (lowest Arrival, then ID), the
// one that takes a freed seat. ok is false when nobody waits.
func NextOnWaitlist(es []Enrolment) (Enrolment, bool) {
	w := Waitlist(es)
	if len(w) == 0 {
		return Enrolment{}, false
	}
	return w[0], true
}

// Waitlist returns the waitlisted enrolments in arrival order.
func Waitlist(es []Enrolment) []Enrolment {
	var w []Enrolment
	for _, e := range es {
		if e.State == Waitlisted {
			w = append(w, e)
		}
	}
	sort.Slice(w, func(i, j int) bool {
		if w[i].Arrival != w[j].Arrival {
			return w[i].Arrival < w[j].Arrival
		}
		return w[i].ID < w[j].ID
	})
	return w
}

// Promote gives a waitlisted enrolment the seat freed for it.
func (e Enrolment) Promote() (Enrolment, error) {
	if e.State != Waitlisted {
		return e, errs.Preconditionf("enrolment %s is %s, only a waitlisted enrolment can move up", e.ID, e.State)
	}
	e.State = Enrolled
	e.Version++
	return e, nil
}

// CheckCapacityChange refuses a capacity below the seats already given; raising it frees
// capacity − seated seats for the waitlist, in arrival order.
func CheckCapacityChange(capacity, seated int) error {
	if capacity < 1 {
		return errs.Invalidf("capacity", "must be at least 1, got %d", capacity)
	}
	if capacity < seated {
		return errs.Invalidf("capacity", "%d seats are already taken; capacity cannot go below that, got %d", seated, capacity)
	}
	return nil
}
