package domain_test

import (
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

// A session's counters move with each step of its enrolments: seats, the waitlist, requests
// and queue numbers.
func TestSessionCounters(t *testing.T) {
	s := domain.Session{ID: "s1", Capacity: 2, NextArrival: 1, State: domain.Scheduled, Start: time.Date(2026, 4, 6, 1, 0, 0, 0, time.UTC)}
	steps := []struct {
		name       string
		do         func(s *domain.Session) (domain.Enrolment, error)
		state      domain.EnrolmentState
		arrival    int64
		seated     int
		waitlisted int
		requested  int
	}{
		{"a nomination takes a seat", func(s *domain.Session) (domain.Enrolment, error) { return s.Nominate(domain.Enrolment{ID: "a"}), nil }, domain.Enrolled, 1, 1, 0, 0},
		{"a request waits for approval, with no number", func(s *domain.Session) (domain.Enrolment, error) { return s.Request(domain.Enrolment{ID: "b"}), nil }, domain.Requested, 0, 1, 0, 1},
		{"its approval takes the last seat", func(s *domain.Session) (domain.Enrolment, error) {
			return s.ApproveRequest(domain.Enrolment{ID: "b", State: domain.Requested})
		}, domain.Enrolled, 2, 2, 0, 0},
		{"a nomination into a full session waits", func(s *domain.Session) (domain.Enrolment, error) { return s.Nominate(domain.Enrolment{ID: "c"}), nil }, domain.Waitlisted, 3, 2, 1, 0},
		{"a withdrawal frees a seat", func(s *domain.Session) (domain.Enrolment, error) {
			e, freed, err := s.WithdrawFrom(domain.Enrolment{ID: "a", State: domain.Enrolled, Arrival: 1}, "", s.Start.Add(-time.Hour))
			if !freed {
				t.Fatal("no seat freed")
			}
			return e, err
		}, domain.Withdrawn, 1, 1, 1, 0},
		{"the head of the waitlist takes it", func(s *domain.Session) (domain.Enrolment, error) {
			return s.PromoteInto(domain.Enrolment{ID: "c", State: domain.Waitlisted, Arrival: 3})
		}, domain.Enrolled, 3, 2, 0, 0},
	}
	for _, st := range steps {
		e, err := st.do(&s)
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if e.State != st.state || e.Arrival != st.arrival || s.Seated != st.seated || s.Waitlisted != st.waitlisted || s.Requested != st.requested {
			t.Fatalf("%s: %s arrival %d; session seated %d waitlisted %d requested %d", st.name, e.State, e.Arrival, s.Seated, s.Waitlisted, s.Requested)
		}
	}
	if _, err := s.PromoteInto(domain.Enrolment{ID: "d", State: domain.Waitlisted}); !errs.IsKind(err, errs.FailedPrecondition) {
		t.Fatalf("a promotion into a full session: %v", err)
	}
}

func TestSessionApply(t *testing.T) {
	start := time.Date(2026, 4, 6, 1, 0, 0, 0, time.UTC)
	base := domain.Session{ID: "s1", Programme: "p", Start: start, End: start.Add(56 * time.Hour), TimeZone: "Asia/Jakarta", Place: "Aula",
		Capacity: 10, Seated: 10, Waitlisted: 3, State: domain.Scheduled, Version: 4}
	before := start.Add(-24 * time.Hour)
	tests := []struct {
		name       string
		s          domain.Session
		fields     []string
		values     domain.Session
		now        time.Time
		kind       errs.Kind
		field      string
		changed    int
		promotions int
	}{
		{"raise the capacity by two", base, []string{"capacity"}, domain.Session{Capacity: 12}, before, 0, "", 1, 2},
		{"raise it beyond the waitlist", base, []string{"capacity"}, domain.Session{Capacity: 20}, before, 0, "", 1, 3},
		{"below the seats taken", base, []string{"capacity"}, domain.Session{Capacity: 9}, before, errs.Invalid, "capacity", 0, 0},
		{"the same place", base, []string{"place"}, domain.Session{Place: " Aula "}, before, 0, "", 0, 0},
		{"an unknown field", base, []string{"seated"}, domain.Session{}, before, errs.Invalid, "update_mask", 0, 0},
		{"the place after the start", base, []string{"place"}, domain.Session{Place: "Lab"}, start, errs.FailedPrecondition, "", 0, 0},
		{"the capacity after the start", base, []string{"capacity"}, domain.Session{Capacity: 11}, start, 0, "", 1, 1},
		{"a cancelled session", func() domain.Session { c := base; c.State = domain.Cancelled; return c }(), []string{"capacity"}, domain.Session{Capacity: 8}, before, errs.FailedPrecondition, "", 0, 0},
		{"too many trainers", base, []string{"trainers"}, domain.Session{Trainers: make([]string, 21)}, before, errs.Invalid, "trainers", 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := tt.s
			changed, err := s.Apply(domain.SessionUpdate{Fields: tt.fields, Values: tt.values}, tt.now)
			if tt.kind != 0 {
				wantKind(t, err, tt.kind, tt.field)
				if s.Version != tt.s.Version {
					t.Fatal("a refused change changed the session")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(changed) != tt.changed || s.Promotions() != tt.promotions {
				t.Fatalf("changed %v, %d promotions", changed, s.Promotions())
			}
			if want := tt.s.Version + int64(min(tt.changed, 1)); s.Version != want {
				t.Fatalf("version %d, want %d", s.Version, want)
			}
		})
	}
}

// wantKind fails t unless err is an errs.Error of kind naming field (when given).
func wantKind(t *testing.T, err error, kind errs.Kind, field string) {
	t.Helper()
	e, ok := errs.As(err)
	if !ok || e.Kind != kind {
		t.Fatalf("error %v, want kind %d", err, kind)
	}
	if field == "" {
		return
	}
	for _, v := range e.Violations {
		if v.Field == field {
			return
		}
	}
	t.Fatalf("error %v does not name %q", err, field)
}

func TestProgrammeApply(t *testing.T) {
	pol := domain.DefaultPolicy()
	now := time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)
	base, err := domain.CreateProgramme(domain.Programme{ID: "net", Title: "Jaringan", Type: domain.Technical, Form: domain.Classroom,
		Minutes: 1440, Provider: "BKPSDM", Kind: domain.CityTrainingUnit}, pol, now)
	if err != nil || base.JP != 32 {
		t.Fatalf("%+v, %v", base, err)
	}
	tests := []struct {
		name        string
		fields      []string
		values      domain.Programme
		hasSessions bool
		kind        errs.Kind
		field       string
		jp          int
	}{
		{"minutes: JP computed again", []string{"minutes"}, domain.Programme{Minutes: 90}, false, 0, "", 2},
		{"a typed JP for a form counted in hours", []string{"jp"}, domain.Programme{JP: 5}, false, errs.Invalid, "jp", 0},
		{"to a form that states its JP", []string{"form", "minutes", "jp"}, domain.Programme{Form: domain.Coaching, JP: 10}, false, 0, "", 10},
		{"the minutes once sessions exist", []string{"minutes"}, domain.Programme{Minutes: 90}, true, errs.FailedPrecondition, "minutes", 0},
		{"the title once sessions exist", []string{"title"}, domain.Programme{Title: "Jaringan Dasar"}, true, 0, "", 32},
		{"retired", []string{"retired"}, domain.Programme{State: domain.ProgrammeRetired}, true, 0, "", 32},
		{"a state that is not one", []string{"retired"}, domain.Programme{State: "paused"}, false, errs.Invalid, "retired", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := base
			_, err := p.Apply(domain.ProgrammeUpdate{Fields: tt.fields, Values: tt.values}, pol, tt.hasSessions, now)
			if tt.kind != 0 {
				wantKind(t, err, tt.kind, tt.field)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if p.JP != tt.jp || p.Version != 2 {
				t.Fatalf("JP %d version %d, want %d and 2", p.JP, p.Version, tt.jp)
			}
		})
	}
}

// A held session admits HR's nominations after its start, to its capacity; a session to come
// admits nominations and requests before its start only.
func TestSessionCheckAdmission(t *testing.T) {
	start := time.Date(2025, 11, 10, 1, 0, 0, 0, time.UTC)
	held := domain.Session{ID: "h", Start: start, End: start.Add(56 * time.Hour), Capacity: 2, Seated: 1, State: domain.Scheduled, Held: true}
	later := start.AddDate(0, 3, 0)
	tests := []struct {
		name   string
		s      domain.Session
		origin domain.Origin
		now    time.Time
		reason string
	}{
		{"held: a nomination after the start", held, domain.Nominated, later, ""},
		{"held: a request", held, domain.SelfRequest, later, domain.ReasonSessionHeld},
		{"held: full", func() domain.Session { s := held; s.Seated = 2; return s }(), domain.Nominated, later, domain.ReasonSessionFull},
		{"held: completed", func() domain.Session { s := held; s.State = domain.Completed; return s }(), domain.Nominated, later, domain.ReasonSessionNotScheduled},
		{"to come: a request before the start", func() domain.Session { s := held; s.Held = false; return s }(), domain.SelfRequest, start.Add(-time.Hour), ""},
		{"to come: a nomination after the start", func() domain.Session { s := held; s.Held = false; return s }(), domain.Nominated, later, domain.ReasonSessionStarted},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.s.CheckAdmission(tt.origin, tt.now)
			if tt.reason == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			e, ok := errs.As(err)
			if !ok || e.Kind != errs.FailedPrecondition || e.Reason != tt.reason {
				t.Fatalf("error %v, want reason %s", err, tt.reason)
			}
		})
	}
}
