package domain_test

import (
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

var wib = time.FixedZone("WIB", 7*3600)

// at returns 2026-month-day hh:mm in WIB.
func at(month time.Month, day, hh, mm int) time.Time {
	return time.Date(2026, month, day, hh, mm, 0, 0, wib)
}

func session(id string, start, end time.Time) domain.Session {
	return domain.Session{ID: id, Programme: "p1", Start: start, End: end, TimeZone: "Asia/Jakarta",
		Place: "Aula BKPSDM, Jl. Kapten Maulana Lubis", Capacity: 30}
}

func TestValidateSession(t *testing.T) {
	ok := session("s1", at(3, 9, 8, 0), at(3, 11, 16, 0))
	tests := []struct {
		name  string
		edit  func(*domain.Session)
		field string
	}{
		{"valid three days in Medan", func(*domain.Session) {}, ""},
		{"online only", func(s *domain.Session) { s.Place = ""; s.Online = "https://meet.example.go.id/x" }, ""},
		{"neither place nor link", func(s *domain.Session) { s.Place = "" }, "place"},
		{"plain http link", func(s *domain.Session) { s.Online = "http://x" }, "online_link"},
		{"ends at its start", func(s *domain.Session) { s.End = s.Start }, "end_time"},
		{"no time zone", func(s *domain.Session) { s.TimeZone = "" }, "time_zone"},
		{"bad time zone", func(s *domain.Session) { s.TimeZone = "WIB" }, "time_zone"},
		{"zero capacity", func(s *domain.Session) { s.Capacity = 0 }, "capacity"},
		{"no programme", func(s *domain.Session) { s.Programme = "" }, "programme"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := ok
			tt.edit(&s)
			wantField(t, domain.ValidateSession(s), tt.field)
		})
	}
}

func TestCheckOverlap(t *testing.T) {
	held := []domain.Session{
		session("morning", at(3, 9, 8, 0), at(3, 9, 12, 0)),
		session("week", at(4, 6, 8, 0), at(4, 10, 16, 0)),
	}
	tests := []struct {
		name      string
		candidate domain.Session
		overlaps  bool
	}{
		{"afternoon right after the morning", session("pm", at(3, 9, 12, 0), at(3, 9, 16, 0)), false},
		{"starts a minute before the morning ends", session("pm", at(3, 9, 11, 59), at(3, 9, 16, 0)), true},
		{"inside the April week", session("day", at(4, 8, 9, 0), at(4, 8, 15, 0)), true},
		{"spanning the April week", session("month", at(4, 1, 8, 0), at(4, 30, 16, 0)), true},
		{"ends when the week starts", session("before", at(4, 3, 8, 0), at(4, 6, 8, 0)), false},
		{"the same session again is not an overlap with itself", session("week", at(4, 6, 8, 0), at(4, 10, 16, 0)), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := domain.CheckOverlap(tt.candidate, held)
			if tt.overlaps {
				wantField(t, err, "session")
			} else {
				wantField(t, err, "")
			}
		})
	}
}

// TestWaitlistMovesUp fills a 2-seat session with 5 approvals in arrival order and withdraws
// seat holders one by one: the waitlist moves up in arrival order, never past capacity.
func TestWaitlistMovesUp(t *testing.T) {
	const capacity = 2
	s := session("s1", at(5, 4, 8, 0), at(5, 6, 16, 0))
	var es []domain.Enrolment
	seated := func() int {
		n := 0
		for _, e := range es {
			if e.State == domain.Enrolled {
				n++
			}
		}
		return n
	}
	// Approvals arrive as e1…e5; arrival numbers are handed out 10, 20, … by the store.
	for i, id := range []string{"e1", "e2", "e3", "e4", "e5"} {
		e := domain.Enrolment{ID: id, Session: "s1", State: domain.Requested, Origin: domain.SelfRequest}
		e, err := e.Approve(capacity, seated(), int64(10*(i+1)))
		if err != nil {
			t.Fatal(err)
		}
		es = append(es, e)
	}
	wantStates := func(step string, want map[string]domain.EnrolmentState) {
		t.Helper()
		for _, e := range es {
			if e.State != want[e.ID] {
				t.Errorf("%s: %s is %s, want %s", step, e.ID, e.State, want[e.ID])
			}
		}
		if seated() > capacity {
			t.Errorf("%s: %d seated, capacity %d", step, seated(), capacity)
		}
	}
	wantStates("filled", map[string]domain.EnrolmentState{"e1": domain.Enrolled, "e2": domain.Enrolled,
		"e3": domain.Waitlisted, "e4": domain.Waitlisted, "e5": domain.Waitlisted})

	withdraw := func(id string) {
		t.Helper()
		for i := range es {
			if es[i].ID != id {
				continue
			}
			var freed bool
			var err error
			es[i], freed, err = es[i].Withdraw(s, at(5, 1, 9, 0))
			if err != nil {
				t.Fatal(err)
			}
			if !freed {
				return
			}
			next, ok := domain.NextOnWaitlist(es)
			if !ok {
				return
			}
			for j := range es {
				if es[j].ID == next.ID {
					if es[j], err = es[j].Promote(); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
	}
	withdraw("e4") // a waitlisted one leaves: no seat frees, e5 stays behind e3
	wantStates("e4 leaves the waitlist", map[string]domain.EnrolmentState{"e1": domain.Enrolled, "e2": domain.Enrolled,
		"e3": domain.Waitlisted, "e4": domain.Withdrawn, "e5": domain.Waitlisted})
	withdraw("e1") // a seat frees: e3 (arrival 30) moves up before e5 (arrival 50)
	wantStates("e1 withdraws", map[string]domain.EnrolmentState{"e1": domain.Withdrawn, "e2": domain.Enrolled,
		"e3": domain.Enrolled, "e4": domain.Withdrawn, "e5": domain.Waitlisted})
	withdraw("e2")
	wantStates("e2 withdraws", map[string]domain.EnrolmentState{"e1": domain.Withdrawn, "e2": domain.Withdrawn,
		"e3": domain.Enrolled, "e4": domain.Withdrawn, "e5": domain.Enrolled})
}

func TestWaitlistOrder(t *testing.T) {
	es := []domain.Enrolment{
		{ID: "c", State: domain.Waitlisted, Arrival: 7},
		{ID: "a", State: domain.Enrolled, Arrival: 1},
		{ID: "b", State: domain.Waitlisted, Arrival: 3},
		{ID: "d", State: domain.Waitlisted, Arrival: 7},
		{ID: "z", State: domain.Withdrawn, Arrival: 2},
	}
	var got []string
	for _, e := range domain.Waitlist(es) {
		got = append(got, e.ID)
	}
	if want := "b c d"; join(got) != want {
		t.Errorf("waitlist %q, want %q", join(got), want)
	}
	if _, ok := domain.NextOnWaitlist(es[:2]); !ok {
		t.Error("c waits in es[:2]")
	}
	if _, ok := domain.NextOnWaitlist(es[1:2]); ok {
		t.Error("nobody waits in es[1:2]")
	}
}

func join(s []string) string {
	out := ""
	for i, x := range s {
		if i > 0 {
			out += " "
		}
		out += x
	}
	return out
}

func TestWithdrawOnlyBeforeStart(t *testing.T) {
	s := session("s1", at(5, 4, 8, 0), at(5, 6, 16, 0))
	tests := []struct {
		name      string
		state     domain.EnrolmentState
		now       time.Time
		freed     bool
		wantError bool
	}{
		{"seat holder the day before", domain.Enrolled, at(5, 3, 17, 0), true, false},
		{"seat holder a minute before", domain.Enrolled, at(5, 4, 7, 59), true, false},
		{"waitlisted the day before", domain.Waitlisted, at(5, 3, 17, 0), false, false},
		{"requested the day before", domain.Requested, at(5, 3, 17, 0), false, false},
		{"at the start", domain.Enrolled, at(5, 4, 8, 0), false, true},
		{"on the second day", domain.Enrolled, at(5, 5, 9, 0), false, true},
		{"already withdrawn", domain.Withdrawn, at(5, 1, 9, 0), false, true},
		{"passed", domain.Passed, at(5, 1, 9, 0), false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := domain.Enrolment{ID: "e1", State: tt.state, Version: 3}
			got, freed, err := e.Withdraw(s, tt.now)
			if tt.wantError {
				if !errs.IsKind(err, errs.FailedPrecondition) {
					t.Fatalf("want FailedPrecondition, got %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.State != domain.Withdrawn || freed != tt.freed || got.Version != 4 {
				t.Errorf("got %s freed=%v v%d, want withdrawn freed=%v v4", got.State, freed, got.Version, tt.freed)
			}
		})
	}
}

func TestApproveRejectPromoteStates(t *testing.T) {
	if _, err := (domain.Enrolment{State: domain.Enrolled}).Approve(2, 0, 1); !errs.IsKind(err, errs.FailedPrecondition) {
		t.Errorf("approving an enrolled one: %v", err)
	}
	if _, err := (domain.Enrolment{State: domain.Waitlisted}).Reject(); !errs.IsKind(err, errs.FailedPrecondition) {
		t.Errorf("rejecting a waitlisted one: %v", err)
	}
	if e, err := (domain.Enrolment{State: domain.Requested}).Reject(); err != nil || e.State != domain.Rejected {
		t.Errorf("rejecting a request: %v %v", e.State, err)
	}
	if _, err := (domain.Enrolment{State: domain.Enrolled}).Promote(); !errs.IsKind(err, errs.FailedPrecondition) {
		t.Errorf("promoting an enrolled one: %v", err)
	}
}

func TestCheckCapacityChange(t *testing.T) {
	wantField(t, domain.CheckCapacityChange(30, 25), "")
	wantField(t, domain.CheckCapacityChange(25, 25), "")
	wantField(t, domain.CheckCapacityChange(24, 25), "capacity")
	wantField(t, domain.CheckCapacityChange(0, 0), "capacity")
}
