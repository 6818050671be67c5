package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/testenv"
	"github.com/simpeg-id/simpeg/services/training/internal/app"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
	"github.com/simpeg-id/simpeg/services/training/internal/events"
)

// heldClassOf is classOf recorded after it was held: three days from day, 08.00 to 16.00 WIB.
func heldClassOf(programme, agency, day string, capacity int) domain.Session {
	s := classOf(programme, agency, day, capacity)
	s.Held = true
	return s
}

func TestCreateHeldSession(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := newSuite(t, newEnv(t, engine), catalogueStart)
		mustProgramme(t, s, cityHR, networkBasics("net"))
		with := func(f func(*domain.Session)) domain.Session {
			in := heldClassOf("net", "DISKOMINFO", "2025-11-10", 20)
			f(&in)
			return in
		}
		tests := []struct {
			name  string
			ctx   context.Context
			in    domain.Session
			kind  errs.Kind
			field string
		}{
			{"city HR, a city session held last year", cityHR, heldClassOf("net", "", "2025-11-10", 20), 0, ""},
			{"agency HR, their agency's, held last month", kominfoHR, heldClassOf("net", "DISKOMINFO", "2026-02-02", 20), 0, ""},
			{"ended a moment ago", kominfoHR, with(func(x *domain.Session) { x.Start, x.End = catalogueStart.Add(-2*time.Hour), catalogueStart }), 0, ""},
			{"agency HR, another agency's", dinkesHR, with(func(*domain.Session) {}), errs.PermissionDenied, ""},
			{"agency HR, the city's", kominfoHR, heldClassOf("net", "", "2025-11-10", 20), errs.PermissionDenied, ""},
			{"an employee records nothing", employee(staff1, "DISKOMINFO"), with(func(*domain.Session) {}), errs.PermissionDenied, ""},
			{"a supervisor records nothing", supervisor(kabid, "DISKOMINFO"), with(func(*domain.Session) {}), errs.PermissionDenied, ""},
			{"still running", kominfoHR, with(func(x *domain.Session) {
				x.Start, x.End = catalogueStart.Add(-time.Hour), catalogueStart.Add(time.Hour)
			}), errs.Invalid, "session.end_time"},
			{"still to come", kominfoHR, heldClassOf("net", "DISKOMINFO", "2026-04-06", 20), errs.Invalid, "session.end_time"},
			{"ends before it starts", kominfoHR, with(func(x *domain.Session) { x.End = x.Start.Add(-time.Hour) }), errs.Invalid, "session.end_time"},
			{"no seats", kominfoHR, with(func(x *domain.Session) { x.Capacity = 0 }), errs.Invalid, "session.capacity"},
			{"not held, in the past", kominfoHR, classOf("net", "DISKOMINFO", "2025-11-10", 20), errs.Invalid, "session.start_time"},
		}
		created := 0
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, err := s.app.CreateSession(tt.ctx, tt.in)
				if tt.kind != 0 {
					testenv.WantKind(t, err, tt.kind, tt.field)
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				created++
				read, err := s.app.GetSession(employee(nurse, "DINKES"), got.ID)
				if err != nil || !read.Held || read.State != domain.Scheduled || !read.Start.Equal(tt.in.Start) || !read.End.Equal(tt.in.End) {
					t.Fatalf("read back %+v, %v", read, err)
				}
				if a := s.audits(t, app.SessionName(got.ID)); len(a) != 1 {
					t.Fatalf("audit %q", a)
				}
			})
		}
		if n := s.count(t, `SELECT COUNT(*) FROM sessions WHERE held = 1`); n != created {
			t.Fatalf("%d held sessions stored, %d created", n, created)
		}
		open, _, err := s.app.ListSessions(cityHR, app.SessionListOptions{OpenOnly: true})
		if err != nil || len(open) != 0 {
			t.Fatalf("open sessions %v, %v: a held session takes no requests", sessionIDs(open), err)
		}
	})
}

// TestHeldSession records a class held last November: HR nominates its participants (nobody
// asks, nobody waits), records its days and the outcome, and the pass counts in 2025's ledger.
func TestHeldSession(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := newSuite(t, newEnv(t, engine, dlvPeople()...), catalogueStart) // names for the certificate
		mustProgramme(t, s, cityHR, networkBasics("net"))
		held := mustSession(t, s, cityHR, heldClassOf("net", "", "2025-11-10", 2))
		overlapping := mustSession(t, s, kominfoHR, heldClassOf("net", "DISKOMINFO", "2025-11-11", 5))
		var first domain.Enrolment
		steps := []struct {
			name    string
			ctx     context.Context
			session string
			nip     string
			state   domain.EnrolmentState
			kind    errs.Kind
			field   string
		}{
			{"the employee cannot ask for a seat", employee(staff1, "DISKOMINFO"), held.ID, "", "", errs.FailedPrecondition, "enrolment.employee"},
			{"the supervisor does not nominate", supervisor(kabid, "DISKOMINFO"), held.ID, staff1, "", errs.PermissionDenied, ""},
			{"another agency's HR does not nominate", dinkesHR, held.ID, staff1, "", errs.PermissionDenied, ""},
			{"agency HR nominates after the start", kominfoHR, held.ID, staff1, domain.Enrolled, 0, ""},
			{"twice", kominfoHR, held.ID, staff1, "", errs.AlreadyExists, ""},
			{"into an overlapping held session", kominfoHR, overlapping.ID, staff1, "", errs.Invalid, "enrolment.session"},
			{"city HR nominates the last seat", cityHR, held.ID, nurse, domain.Enrolled, 0, ""},
			{"full: no waitlist", kominfoHR, held.ID, staff2, "", errs.FailedPrecondition, "session.capacity"},
		}
		for _, st := range steps {
			t.Run(st.name, func(t *testing.T) {
				e, err := s.app.CreateEnrolment(st.ctx, st.session, st.nip)
				if st.kind != 0 {
					testenv.WantKind(t, err, st.kind, st.field)
					return
				}
				if err != nil || e.State != st.state || e.Origin != domain.Nominated {
					t.Fatalf("enrolment %+v, %v", e, err)
				}
				if first.ID == "" {
					first = e
				}
			})
		}
		if first.ID == "" {
			t.Fatal("no nomination was admitted")
		}
		if n := s.count(t, `SELECT COUNT(*) FROM enrolments WHERE session = $1 AND state = 'waitlisted'`, held.ID); n != 0 {
			t.Fatalf("%d waitlisted in a held session", n)
		}
		if n := s.subjects(t, events.SubjectEnrolmentApproved); n != 2 {
			t.Fatalf("%d enrolment.approved events, want 2", n)
		}
		_, err := s.app.WithdrawEnrolment(kominfoHR, first.ID, "", "recorded by mistake")
		testenv.WantKind(t, err, errs.FailedPrecondition, "")

		for _, day := range []string{"2025-11-10", "2025-11-11", "2025-11-12"} {
			if _, err := s.app.RecordSessionAttendance(cityHR, held.ID, day, []string{first.ID}); err != nil {
				t.Fatalf("recording %s: %v", day, err)
			}
		}
		if _, err := s.app.CompleteEnrolment(cityHR, first.ID, domain.Passed, 85, ""); err != nil {
			t.Fatalf("passing: %v", err)
		}
		ledger, err := s.app.GetJPLedger(employee(staff1, "DISKOMINFO"), staff1, 2025)
		if err != nil || ledger.Earned != 32 || ledger.Projected != 0 || len(ledger.Entries) != 1 || ledger.Entries[0].EndDate != "2025-11-12" {
			t.Fatalf("2025 ledger %+v, %v", ledger, err)
		}
		this, err := s.app.GetJPLedger(employee(staff1, "DISKOMINFO"), staff1, 2026)
		if err != nil || this.Earned != 0 || this.Projected != 0 {
			t.Fatalf("2026 ledger %+v, %v", this, err)
		}
		if n := s.subjects(t, events.SubjectJPCredited); n != 1 {
			t.Fatalf("%d jp.credited events, want 1", n)
		}
	})
}
