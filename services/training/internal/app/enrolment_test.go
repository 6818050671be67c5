package app_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/resource"
	"github.com/simpeg-id/simpeg/platform/testenv"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
	"github.com/simpeg-id/simpeg/services/training/internal/app"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
	"github.com/simpeg-id/simpeg/services/training/internal/events"
)

// retiree is a DISKOMINFO employee who has retired: in the directory, no longer active.
const retiree = "196501011990031007"

// catalogueCity is the fixture city with the retiree.
func catalogueCity() []*planningv1.Employee {
	r := &planningv1.Employee{Nip: retiree, FullName: "Pensiunan Kominfo", EmploymentType: planningv1.EmploymentType_EMPLOYMENT_TYPE_PNS,
		Rank: "IV/a", Agency: "DISKOMINFO", Supervisor: kominfoHead, Position: "pranata-komputer", Status: planningv1.EmployeeStatus_EMPLOYEE_STATUS_RETIRED}
	return append(people(), r)
}

// mustEnrol enrols nip ("" the caller) in session as ctx's caller.
func mustEnrol(t *testing.T, s suite, ctx context.Context, session, nip string) domain.Enrolment {
	t.Helper()
	e, err := s.app.CreateEnrolment(ctx, session, nip)
	if err != nil {
		t.Fatalf("enrolling %q in %s: %v", nip, session, err)
	}
	return e
}

// enrolment reads enrolment id back as city HR.
func (s suite) enrolment(t *testing.T, id string) domain.Enrolment {
	t.Helper()
	e, err := s.app.GetEnrolment(cityHR, id)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestCreateEnrolment(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := newSuite(t, newEnv(t, engine, catalogueCity()...), catalogueStart)
		mustProgramme(t, s, cityHR, networkBasics("net"))
		class := mustSession(t, s, kominfoHR, classOf("net", "DISKOMINFO", "2026-04-06", 2))
		// overlapping is a one-day class on the second day of class; soon starts at 09:00.
		overlapping := classOf("net", "DISKOMINFO", "2026-04-07", 10)
		overlapping.End = at("2026-04-07", 12, 0)
		other := mustSession(t, s, kominfoHR, overlapping)
		nine := classOf("net", "", "2026-03-02", 10)
		nine.Start = at("2026-03-02", 9, 0)
		soon := mustSession(t, s, cityHR, nine)
		tests := []struct {
			name    string
			ctx     context.Context
			now     time.Time
			session string
			nip     string
			kind    errs.Kind
			field   string
			reason  string
			state   domain.EnrolmentState
			arrival int64
			origin  domain.Origin
			subject string
		}{
			{name: "HR nominates: a seat", ctx: kominfoHR, session: class.ID, nip: staff1, state: domain.Enrolled, arrival: 1, origin: domain.Nominated, subject: events.SubjectEnrolmentApproved},
			{name: "city HR nominates from another agency", ctx: cityHR, session: class.ID, nip: nurse, state: domain.Enrolled, arrival: 2, origin: domain.Nominated, subject: events.SubjectEnrolmentApproved},
			{name: "HR nominates into a full session: the waitlist", ctx: kominfoHR, session: class.ID, nip: kabid, state: domain.Waitlisted, arrival: 3, origin: domain.Nominated, subject: events.SubjectEnrolmentWaitlisted},
			{name: "the employee asks for themselves", ctx: employee(staff2, "DISKOMINFO"), session: class.ID, state: domain.Requested, arrival: 0, origin: domain.SelfRequest, subject: events.SubjectEnrolmentRequested},
			{name: "twice in one session", ctx: kominfoHR, session: class.ID, nip: staff1, kind: errs.AlreadyExists},
			{name: "a session overlapping one held", ctx: kominfoHR, session: other.ID, nip: staff1, kind: errs.Invalid, field: "enrolment.session"},
			{name: "a request overlapping a request", ctx: employee(staff2, "DISKOMINFO"), session: other.ID, kind: errs.Invalid, field: "enrolment.session"},
			{name: "a supervisor does not nominate", ctx: supervisor(kabid, "DISKOMINFO"), session: other.ID, nip: staff2, kind: errs.PermissionDenied},
			{name: "an employee enrols nobody else", ctx: employee(staff1, "DISKOMINFO"), session: other.ID, nip: staff2, kind: errs.PermissionDenied},
			{name: "agency HR, another agency's employee", ctx: dinkesHR, session: other.ID, nip: staff2, kind: errs.PermissionDenied},
			{name: "agency HR, a made-up NIP: the same refusal", ctx: dinkesHR, session: other.ID, nip: "199901012020011999", kind: errs.PermissionDenied},
			{name: "city HR, a made-up NIP", ctx: cityHR, session: other.ID, nip: "199901012020011999", kind: errs.NotFound},
			{name: "a retired employee", ctx: kominfoHR, session: other.ID, nip: retiree, kind: errs.FailedPrecondition, field: "enrolment.employee", reason: domain.ReasonEmployeeNotActive},
			{name: "an unknown session", ctx: kominfoHR, session: "nope", nip: staff2, kind: errs.Invalid, field: "enrolment.session"},
			{name: "no session", ctx: kominfoHR, nip: staff2, kind: errs.Invalid, field: "enrolment.session"},
			{name: "a session that started", ctx: cityHR, now: at("2026-03-02", 9, 0), session: soon.ID, nip: dinkesHead, kind: errs.FailedPrecondition, reason: domain.ReasonSessionStarted},
			{name: "a minute before its start", ctx: cityHR, now: at("2026-03-02", 8, 59), session: soon.ID, nip: dinkesHead, state: domain.Enrolled, arrival: 1, origin: domain.Nominated, subject: events.SubjectEnrolmentApproved},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				s.clock.set(catalogueStart)
				if !tt.now.IsZero() {
					s.clock.set(tt.now)
				}
				before := s.count(t, `SELECT COUNT(*) FROM enrolments`)
				events := 0
				if tt.subject != "" {
					events = s.subjects(t, tt.subject)
				}
				got, err := s.app.CreateEnrolment(tt.ctx, tt.session, tt.nip)
				if tt.kind != 0 {
					if e := testenv.WantKind(t, err, tt.kind, tt.field); tt.reason != "" && e.Reason != tt.reason {
						t.Fatalf("reason %q, want %q", e.Reason, tt.reason)
					}
					if n := s.count(t, `SELECT COUNT(*) FROM enrolments`); n != before {
						t.Fatalf("%d enrolments after a refusal, %d before", n, before)
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				if got.State != tt.state || got.Arrival != tt.arrival || got.Origin != tt.origin || got.Version != 1 {
					t.Fatalf("got %s arrival %d %s v%d, want %s arrival %d %s", got.State, got.Arrival, got.Origin, got.Version, tt.state, tt.arrival, tt.origin)
				}
				read := s.enrolment(t, got.ID)
				if read.State != got.State || read.Arrival != got.Arrival || read.EmployeeName != got.EmployeeName || read.ProgrammeTitle != "Dasar Jaringan Komputer" ||
					!read.Start.Equal(got.Start) || read.WaitlistPosition != got.WaitlistPosition || read.Agency == "" {
					t.Fatalf("stored %+v, returned %+v", read, got)
				}
				if n := s.subjects(t, tt.subject); n != events+1 {
					t.Fatalf("%d %s events, want %d", n, tt.subject, events+1)
				}
				if a := s.audits(t, app.EnrolmentName(got.ID)); len(a) != 1 {
					t.Fatalf("audit %q", a)
				}
			})
		}
		if c, _ := s.app.GetSession(cityHR, class.ID); c.Seated != 2 || c.Waitlisted != 1 || c.Requested != 1 || c.NextArrival != 4 {
			t.Fatalf("session counters: seated %d waitlisted %d requested %d next %d", c.Seated, c.Waitlisted, c.Requested, c.NextArrival)
		}
	})
}

func TestDecideEnrolment(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := newSuite(t, newEnv(t, engine, catalogueCity()...), catalogueStart)
		mustProgramme(t, s, cityHR, networkBasics("net"))
		class := mustSession(t, s, kominfoHR, classOf("net", "DISKOMINFO", "2026-04-06", 1))
		later := mustSession(t, s, kominfoHR, classOf("net", "DISKOMINFO", "2026-05-04", 5))
		mine := mustEnrol(t, s, employee(staff1, "DISKOMINFO"), class.ID, "")
		theirs := mustEnrol(t, s, employee(staff2, "DISKOMINFO"), class.ID, "")
		boss := mustEnrol(t, s, employee(kabid, "DISKOMINFO"), later.ID, "")
		nurses := mustEnrol(t, s, employee(nurse, "DINKES"), later.ID, "")
		tests := []struct {
			name    string
			ctx     context.Context
			id      string
			etag    string
			reject  string // a rejection with this reason; approval otherwise
			kind    errs.Kind
			field   string
			reason  string
			state   domain.EnrolmentState
			arrival int64
		}{
			{name: "by the employee themselves", ctx: employee(staff1, "DISKOMINFO"), id: mine.ID, kind: errs.PermissionDenied},
			{name: "a supervisor deciding their own request", ctx: supervisor(kabid, "DISKOMINFO"), id: boss.ID, kind: errs.PermissionDenied},
			{name: "by a colleague", ctx: employee(staff2, "DISKOMINFO"), id: mine.ID, kind: errs.PermissionDenied},
			{name: "by another agency's HR", ctx: dinkesHR, id: mine.ID, kind: errs.PermissionDenied},
			{name: "by another agency's supervisor", ctx: supervisor(dinkesHead, "DINKES"), id: mine.ID, kind: errs.PermissionDenied},
			{name: "a made-up enrolment", ctx: supervisor(kabid, "DISKOMINFO"), id: "nope", kind: errs.PermissionDenied},
			{name: "a made-up enrolment, city HR", ctx: cityHR, id: "nope", kind: errs.NotFound},
			{name: "a stale etag", ctx: supervisor(kabid, "DISKOMINFO"), id: mine.ID, etag: "v7", kind: errs.Conflict},
			{name: "the direct supervisor approves: the seat", ctx: supervisor(kabid, "DISKOMINFO"), id: mine.ID, etag: "v1", state: domain.Enrolled, arrival: 1},
			{name: "approved twice", ctx: supervisor(kabid, "DISKOMINFO"), id: mine.ID, kind: errs.FailedPrecondition, reason: domain.ReasonEnrolmentState},
			{name: "the head above approves: the waitlist", ctx: supervisor(kominfoHead, "DISKOMINFO"), id: theirs.ID, state: domain.Waitlisted, arrival: 2},
			{name: "a rejection needs a reason", ctx: kominfoHR, id: boss.ID, reject: " ", kind: errs.Invalid, field: "reason"},
			{name: "agency HR rejects", ctx: kominfoHR, id: boss.ID, reject: "the budget of this quarter is spent", state: domain.Rejected},
			{name: "a rejected request is not approved", ctx: kominfoHR, id: boss.ID, kind: errs.FailedPrecondition, reason: domain.ReasonEnrolmentState},
			{name: "the nurse's own agency HR approves", ctx: dinkesHR, id: nurses.ID, state: domain.Enrolled, arrival: 1},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				var (
					got domain.Enrolment
					err error
				)
				if tt.reject != "" {
					got, err = s.app.RejectEnrolment(tt.ctx, tt.id, tt.etag, tt.reject)
				} else {
					got, err = s.app.ApproveEnrolment(tt.ctx, tt.id, tt.etag)
				}
				if tt.kind != 0 {
					if e := testenv.WantKind(t, err, tt.kind, tt.field); tt.reason != "" && e.Reason != tt.reason {
						t.Fatalf("reason %q, want %q", e.Reason, tt.reason)
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				read := s.enrolment(t, tt.id)
				if got.State != tt.state || got.Arrival != tt.arrival || read.State != tt.state || read.Arrival != tt.arrival || read.Version != 2 ||
					read.DecidedBy == "" || read.WaitlistPosition != got.WaitlistPosition {
					t.Fatalf("got %+v, stored %+v; want %s arrival %d", got, read, tt.state, tt.arrival)
				}
				if tt.reject != "" && read.Reason != tt.reject {
					t.Fatalf("reason %q", read.Reason)
				}
			})
		}
		if w := s.enrolment(t, theirs.ID); w.WaitlistPosition != 1 {
			t.Fatalf("waitlist position %d, want 1", w.WaitlistPosition)
		}
		t.Run("after the start", func(t *testing.T) {
			late := mustEnrol(t, s, employee(staff1, "DISKOMINFO"), later.ID, "")
			s.clock.set(later.Start)
			_, err := s.app.ApproveEnrolment(supervisor(kabid, "DISKOMINFO"), late.ID, "")
			if e := testenv.WantKind(t, err, errs.FailedPrecondition, ""); e.Reason != domain.ReasonSessionStarted {
				t.Fatalf("reason %q", e.Reason)
			}
		})
		if n := s.subjects(t, events.SubjectEnrolmentRejected); n != 1 {
			t.Fatalf("%d rejected events", n)
		}
	})
}

func TestWithdrawEnrolment(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := newSuite(t, newEnv(t, engine), catalogueStart)
		mustProgramme(t, s, cityHR, networkBasics("net"))
		class := mustSession(t, s, kominfoHR, classOf("net", "DISKOMINFO", "2026-04-06", 2))
		first := mustEnrol(t, s, kominfoHR, class.ID, staff1)
		second := mustEnrol(t, s, kominfoHR, class.ID, staff2)
		third := mustEnrol(t, s, cityHR, class.ID, nurse)
		fourth := mustEnrol(t, s, kominfoHR, class.ID, kabid)
		if third.State != domain.Waitlisted || third.WaitlistPosition != 1 || fourth.WaitlistPosition != 2 {
			t.Fatalf("waitlist: %+v, %+v", third, fourth)
		}
		tests := []struct {
			name     string
			ctx      context.Context
			now      time.Time
			id       string
			kind     errs.Kind
			reason   string
			promoted string // the enrolment that moved up, if any
		}{
			{name: "another agency's HR", ctx: dinkesHR, id: first.ID, kind: errs.PermissionDenied},
			{name: "a colleague", ctx: employee(staff2, "DISKOMINFO"), id: first.ID, kind: errs.PermissionDenied},
			{name: "after the start", ctx: employee(staff1, "DISKOMINFO"), now: class.Start, id: first.ID, kind: errs.FailedPrecondition, reason: domain.ReasonSessionStarted},
			{name: "the employee gives up the seat: the waitlist's head moves up", ctx: employee(staff1, "DISKOMINFO"), id: first.ID, promoted: third.ID},
			{name: "withdrawn twice", ctx: employee(staff1, "DISKOMINFO"), id: first.ID, kind: errs.FailedPrecondition, reason: domain.ReasonEnrolmentState},
			{name: "the supervisor withdraws a waitlisted one: nobody moves", ctx: supervisor(kominfoHead, "DISKOMINFO"), id: fourth.ID},
			{name: "HR withdraws a seat with nobody waiting", ctx: kominfoHR, id: second.ID},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				s.clock.set(catalogueStart)
				if !tt.now.IsZero() {
					s.clock.set(tt.now)
				}
				promotedBefore := s.subjects(t, events.SubjectEnrolmentPromoted)
				got, err := s.app.WithdrawEnrolment(tt.ctx, tt.id, "", "a field audit that week")
				if tt.kind != 0 {
					if e := testenv.WantKind(t, err, tt.kind, ""); e.Reason != tt.reason {
						t.Fatalf("reason %q, want %q", e.Reason, tt.reason)
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				if got.State != domain.Withdrawn || got.Reason != "a field audit that week" {
					t.Fatalf("withdrawn %+v", got)
				}
				promoted := s.subjects(t, events.SubjectEnrolmentPromoted) - promotedBefore
				if tt.promoted == "" {
					if promoted != 0 {
						t.Fatalf("%d promoted", promoted)
					}
					return
				}
				if up := s.enrolment(t, tt.promoted); promoted != 1 || up.State != domain.Enrolled || up.WaitlistPosition != 0 {
					t.Fatalf("%d promoted; %+v", promoted, up)
				}
				if a := s.audits(t, app.EnrolmentName(tt.promoted)); len(a) != 2 {
					t.Fatalf("audit of the promoted: %q", a)
				}
			})
		}
		if c, _ := s.app.GetSession(cityHR, class.ID); c.Seated != 1 || c.Waitlisted != 0 {
			t.Fatalf("seated %d waitlisted %d, want 1 and 0", c.Seated, c.Waitlisted)
		}
	})
}

func TestCapacityMovesTheWaitlist(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := newSuite(t, newEnv(t, engine), catalogueStart)
		mustProgramme(t, s, cityHR, networkBasics("net"))
		class := mustSession(t, s, kominfoHR, classOf("net", "DISKOMINFO", "2026-04-06", 1))
		var es []domain.Enrolment
		for _, nip := range []string{staff1, staff2, kabid, kominfoHead} {
			es = append(es, mustEnrol(t, s, kominfoHR, class.ID, nip))
		}
		steps := []struct {
			name     string
			capacity int
			kind     errs.Kind
			states   []domain.EnrolmentState
		}{
			{"raised to 3: the first two waiting move up in arrival order", 3, 0, []domain.EnrolmentState{domain.Enrolled, domain.Enrolled, domain.Enrolled, domain.Waitlisted}},
			{"not below the seats taken", 2, errs.Invalid, nil},
			{"raised to 10: the last one moves up", 10, 0, []domain.EnrolmentState{domain.Enrolled, domain.Enrolled, domain.Enrolled, domain.Enrolled}},
			{"lowered to the seats taken", 4, 0, []domain.EnrolmentState{domain.Enrolled, domain.Enrolled, domain.Enrolled, domain.Enrolled}},
		}
		for _, st := range steps {
			t.Run(st.name, func(t *testing.T) {
				_, err := s.app.UpdateSession(kominfoHR, class.ID, "", domain.SessionUpdate{Fields: []string{"capacity"}, Values: domain.Session{Capacity: st.capacity}})
				if st.kind != 0 {
					testenv.WantKind(t, err, st.kind, "session.capacity")
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				for i, e := range es {
					if got := s.enrolment(t, e.ID); got.State != st.states[i] {
						t.Fatalf("enrolment %d (arrival %d) is %s, want %s", i, e.Arrival, got.State, st.states[i])
					}
				}
			})
		}
		if n := s.subjects(t, events.SubjectEnrolmentPromoted); n != 3 {
			t.Fatalf("%d promoted events, want 3", n)
		}
	})
}

func TestMoveSessionKeepsNoOverlap(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := newSuite(t, newEnv(t, engine), catalogueStart)
		mustProgramme(t, s, cityHR, networkBasics("net"))
		april := mustSession(t, s, kominfoHR, classOf("net", "DISKOMINFO", "2026-04-06", 5))
		may := mustSession(t, s, kominfoHR, classOf("net", "DISKOMINFO", "2026-05-04", 5))
		mustEnrol(t, s, kominfoHR, april.ID, staff1)
		moved := mustEnrol(t, s, kominfoHR, may.ID, staff1)
		onto := domain.SessionUpdate{Fields: []string{"start_time", "end_time"}, Values: domain.Session{Start: april.Start.Add(24 * time.Hour), End: april.End.Add(24 * time.Hour)}}
		_, err := s.app.UpdateSession(kominfoHR, may.ID, "", onto)
		testenv.WantKind(t, err, errs.Invalid, "session.start_time")
		after := domain.SessionUpdate{Fields: []string{"start_time", "end_time"}, Values: domain.Session{Start: april.End, End: april.End.Add(8 * time.Hour)}}
		if _, err := s.app.UpdateSession(kominfoHR, may.ID, "", after); err != nil {
			t.Fatalf("moving right after april's end: %v", err)
		}
		if e := s.enrolment(t, moved.ID); !e.Start.Equal(april.End) || !e.End.Equal(april.End.Add(8*time.Hour)) {
			t.Fatalf("the enrolment's copy of the times: %s – %s", e.Start, e.End)
		}
	})
}

func TestListEnrolments(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := newSuite(t, newEnv(t, engine), catalogueStart)
		mustProgramme(t, s, cityHR, networkBasics("net"))
		april := mustSession(t, s, kominfoHR, classOf("net", "DISKOMINFO", "2026-04-06", 2))
		may := mustSession(t, s, cityHR, classOf("net", "", "2026-05-04", 5))
		a1 := mustEnrol(t, s, kominfoHR, april.ID, staff1)
		a2 := mustEnrol(t, s, cityHR, april.ID, nurse)
		a3 := mustEnrol(t, s, kominfoHR, april.ID, kominfoHead)
		aReq := mustEnrol(t, s, employee(staff2, "DISKOMINFO"), april.ID, "")
		m1 := mustEnrol(t, s, employee(staff1, "DISKOMINFO"), may.ID, "")
		m2 := mustEnrol(t, s, employee(kabid, "DISKOMINFO"), may.ID, "")
		m3 := mustEnrol(t, s, employee(nurse, "DINKES"), may.ID, "")
		tests := []struct {
			name string
			ctx  context.Context
			o    app.EnrolmentListOptions
			want []string
			kind errs.Kind
		}{
			{"a session, by the HR running it: requests first, then arrival order", kominfoHR, app.EnrolmentListOptions{Session: april.ID}, []string{aReq.ID, a1.ID, a2.ID, a3.ID}, 0},
			{"a session, by another agency's HR: their own people", dinkesHR, app.EnrolmentListOptions{Session: april.ID}, []string{a2.ID}, 0},
			{"a session, by an employee: their own", employee(staff1, "DISKOMINFO"), app.EnrolmentListOptions{Session: april.ID}, []string{a1.ID}, 0},
			{"a session's waitlist", auditor, app.EnrolmentListOptions{Session: april.ID, States: []domain.EnrolmentState{domain.Waitlisted}}, []string{a3.ID}, 0},
			{"an employee's, newest first", employee(staff1, "DISKOMINFO"), app.EnrolmentListOptions{Employee: staff1}, []string{m1.ID, a1.ID}, 0},
			{"a subordinate's, by the supervisor", supervisor(kabid, "DISKOMINFO"), app.EnrolmentListOptions{Employee: staff1}, []string{m1.ID, a1.ID}, 0},
			{"someone else's, by an employee", employee(staff2, "DISKOMINFO"), app.EnrolmentListOptions{Employee: staff1}, nil, errs.PermissionDenied},
			{"awaiting the direct supervisor", supervisor(kabid, "DISKOMINFO"), app.EnrolmentListOptions{AwaitingMe: true}, []string{aReq.ID, m1.ID}, 0},
			{"awaiting the head: the whole subtree, not their own", supervisor(kominfoHead, "DISKOMINFO"), app.EnrolmentListOptions{AwaitingMe: true}, []string{aReq.ID, m1.ID, m2.ID}, 0},
			{"awaiting agency HR: their agency's", dinkesHR, app.EnrolmentListOptions{AwaitingMe: true}, []string{m3.ID}, 0},
			{"awaiting an employee: nothing", employee(staff1, "DISKOMINFO"), app.EnrolmentListOptions{AwaitingMe: true}, nil, 0},
			{"an agency's, by its HR", kominfoHR, app.EnrolmentListOptions{Agency: "DINKES"}, nil, errs.PermissionDenied},
			{"an agency's, by city HR", cityHR, app.EnrolmentListOptions{Agency: "DINKES"}, []string{a2.ID, m3.ID}, 0},
			{"everything a supervisor may see", supervisor(kabid, "DISKOMINFO"), app.EnrolmentListOptions{}, []string{aReq.ID, a1.ID, m1.ID, m2.ID}, 0},
			{"a bad state", cityHR, app.EnrolmentListOptions{States: []domain.EnrolmentState{"lost"}}, nil, errs.Invalid},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, next, err := s.app.ListEnrolments(tt.ctx, tt.o)
				if tt.kind != 0 {
					testenv.WantKind(t, err, tt.kind, "")
					return
				}
				if err != nil || next != "" {
					t.Fatalf("next %q, %v", next, err)
				}
				if ids := enrolmentIDs(got); !slices.Equal(ids, tt.want) {
					t.Fatalf("got %v, want %v", ids, tt.want)
				}
			})
		}
		t.Run("pages", func(t *testing.T) {
			for _, o := range []app.EnrolmentListOptions{{Session: april.ID}, {Employee: staff1}, {}} {
				whole, _, err := s.app.ListEnrolments(cityHR, o)
				if err != nil {
					t.Fatal(err)
				}
				var paged []string
				o.PageSize = 1
				for range 20 {
					page, next, err := s.app.ListEnrolments(cityHR, o)
					if err != nil {
						t.Fatal(err)
					}
					paged = append(paged, enrolmentIDs(page)...)
					if o.PageToken = next; next == "" {
						break
					}
				}
				if !slices.Equal(paged, enrolmentIDs(whole)) {
					t.Fatalf("%+v: paged %v, whole %v", o, paged, enrolmentIDs(whole))
				}
			}
		})
		t.Run("get", func(t *testing.T) {
			if _, err := s.app.GetEnrolment(dinkesHR, a1.ID); !errs.IsKind(err, errs.PermissionDenied) {
				t.Fatalf("another agency's HR reads a DISKOMINFO employee's enrolment in a DISKOMINFO session: %v", err)
			}
			if e, err := s.app.GetEnrolment(kominfoHR, a2.ID); err != nil || e.Employee != nurse {
				t.Fatalf("the HR running the session reads a participant of another agency: %+v, %v", e, err)
			}
			if e, err := s.app.GetEnrolment(employee(staff1, "DISKOMINFO"), a1.ID); err != nil || resource.Etag(e.Version) != "v1" {
				t.Fatalf("the employee reads their own: %+v, %v", e, err)
			}
			_, err := s.app.GetEnrolment(employee(staff1, "DISKOMINFO"), "nope")
			testenv.WantKind(t, err, errs.PermissionDenied, "")
		})
	})
}

func enrolmentIDs(es []domain.Enrolment) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.ID)
	}
	return out
}
