package app_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/testenv"
	"github.com/simpeg-id/simpeg/services/training/internal/app"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
	"github.com/simpeg-id/simpeg/services/training/internal/events"
)

func TestCreateSession(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := newSuite(t, newEnv(t, engine), catalogueStart)
		mustProgramme(t, s, cityHR, networkBasics("net"))
		mustProgramme(t, s, kominfoHR, mentoring("mentor"))
		with := func(f func(*domain.Session)) domain.Session {
			in := classOf("net", "DISKOMINFO", "2026-04-06", 30)
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
			{"city HR, a city session", cityHR, classOf("net", "", "2026-04-06", 30), 0, ""},
			{"agency HR, the city's programme", kominfoHR, classOf("net", "DISKOMINFO", "2026-04-13", 30), 0, ""},
			{"agency HR, their own programme", kominfoHR, classOf("mentor", "DISKOMINFO", "2026-04-13", 5), 0, ""},
			{"online only", kominfoHR, with(func(x *domain.Session) { x.Place, x.Online = "", "https://zoom.us/j/123" }), 0, ""},
			{"agency HR, another agency's programme", dinkesHR, classOf("mentor", "DINKES", "2026-04-13", 5), errs.Invalid, "session.programme"},
			{"agency HR, a session of another agency", dinkesHR, classOf("net", "DISKOMINFO", "2026-04-13", 5), errs.PermissionDenied, ""},
			{"agency HR, a city session", kominfoHR, classOf("net", "", "2026-04-13", 5), errs.PermissionDenied, ""},
			{"an employee schedules nothing", employee(staff1, "DISKOMINFO"), with(func(*domain.Session) {}), errs.PermissionDenied, ""},
			{"an unknown programme", kominfoHR, with(func(x *domain.Session) { x.Programme = "nope" }), errs.Invalid, "session.programme"},
			{"no programme", kominfoHR, with(func(x *domain.Session) { x.Programme = "" }), errs.Invalid, "session.programme"},
			{"started already", kominfoHR, with(func(x *domain.Session) { x.Start = catalogueStart }), errs.Invalid, "session.start_time"},
			{"ends before it starts", kominfoHR, with(func(x *domain.Session) { x.End = x.Start.Add(-time.Hour) }), errs.Invalid, "session.end_time"},
			{"a zone", kominfoHR, with(func(x *domain.Session) { x.TimeZone = "WIB" }), errs.Invalid, "session.time_zone"},
			{"no place nor link", kominfoHR, with(func(x *domain.Session) { x.Place = " " }), errs.Invalid, "session.place"},
			{"a link that is not https", kominfoHR, with(func(x *domain.Session) { x.Online = "http://meet.example" }), errs.Invalid, "session.online_link"},
			{"no seats", kominfoHR, with(func(x *domain.Session) { x.Capacity = 0 }), errs.Invalid, "session.capacity"},
			{"an empty trainer", kominfoHR, with(func(x *domain.Session) { x.Trainers = []string{"Budi", " "} }), errs.Invalid, "session.trainers[1]"},
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
				if got.State != domain.Scheduled || got.Version != 1 || got.NextArrival != 1 || got.Seated != 0 || got.ID == "" {
					t.Fatalf("created %+v", got)
				}
				read, err := s.app.GetSession(employee(nurse, "DINKES"), got.ID)
				if err != nil || !read.Start.Equal(tt.in.Start) || !read.End.Equal(tt.in.End) || read.Capacity != tt.in.Capacity ||
					!slices.Equal(read.Trainers, tt.in.Trainers) || read.ProgrammeTitle == "" || read.JP == 0 || read.Agency != tt.in.Agency {
					t.Fatalf("read back %+v, %v", read, err)
				}
				if a := s.audits(t, app.SessionName(got.ID)); len(a) != 1 {
					t.Fatalf("audit %q", a)
				}
			})
		}
		if n := s.count(t, `SELECT COUNT(*) FROM sessions`); n != created {
			t.Fatalf("%d sessions stored, %d created", n, created)
		}
		if n := s.subjects(t, events.SubjectSessionScheduled); n != created {
			t.Fatalf("%d scheduled events, %d created", n, created)
		}
	})
}

func TestListSessions(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := newSuite(t, newEnv(t, engine), catalogueStart)
		mustProgramme(t, s, cityHR, networkBasics("net"))
		mustProgramme(t, s, kominfoHR, mentoring("mentor"))
		april := mustSession(t, s, cityHR, classOf("net", "", "2026-04-06", 30))
		march := mustSession(t, s, kominfoHR, classOf("net", "DISKOMINFO", "2026-03-09", 30))
		may := mustSession(t, s, kominfoHR, classOf("mentor", "DISKOMINFO", "2026-05-04", 5))
		dinkes := mustSession(t, s, dinkesHR, classOf("net", "DINKES", "2026-03-03", 10))
		tests := []struct {
			name string
			now  time.Time
			o    app.SessionListOptions
			want []string
		}{
			{"all in start order", catalogueStart, app.SessionListOptions{}, []string{dinkes.ID, march.ID, april.ID, may.ID}},
			{"of a programme", catalogueStart, app.SessionListOptions{Programme: "mentor"}, []string{may.ID}},
			{"run by DISKOMINFO", catalogueStart, app.SessionListOptions{Agency: "DISKOMINFO"}, []string{march.ID, may.ID}},
			{"from a day to a day, both included", catalogueStart, app.SessionListOptions{From: at("2026-03-09", 0, 0), To: at("2026-04-06", 0, 0)}, []string{march.ID, april.ID}},
			{"open: not started", at("2026-03-03", 9, 0), app.SessionListOptions{OpenOnly: true}, []string{march.ID, april.ID, may.ID}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				s.clock.set(tt.now)
				got, next, err := s.app.ListSessions(employee(staff2, "DISKOMINFO"), tt.o)
				if err != nil || next != "" {
					t.Fatalf("next %q, %v", next, err)
				}
				if ids := sessionIDs(got); !slices.Equal(ids, tt.want) {
					t.Fatalf("got %v, want %v", ids, tt.want)
				}
			})
		}
		t.Run("pages", func(t *testing.T) {
			var all []string
			tok := ""
			for range 10 {
				page, next, err := s.app.ListSessions(auditor, app.SessionListOptions{PageSize: 3, PageToken: tok})
				if err != nil {
					t.Fatal(err)
				}
				all = append(all, sessionIDs(page)...)
				if tok = next; tok == "" {
					break
				}
			}
			if want := []string{dinkes.ID, march.ID, april.ID, may.ID}; !slices.Equal(all, want) {
				t.Fatalf("paged %v, want %v", all, want)
			}
		})
		t.Run("a range backwards", func(t *testing.T) {
			_, _, err := s.app.ListSessions(cityHR, app.SessionListOptions{From: at("2026-04-01", 0, 0), To: at("2026-03-01", 0, 0)})
			testenv.WantKind(t, err, errs.Invalid, "to_date")
		})
	})
}

func sessionIDs(ss []domain.Session) []string {
	var out []string
	for _, x := range ss {
		out = append(out, x.ID)
	}
	return out
}

func TestUpdateSession(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := newSuite(t, newEnv(t, engine), catalogueStart)
		mustProgramme(t, s, cityHR, networkBasics("net"))
		class := mustSession(t, s, kominfoHR, classOf("net", "DISKOMINFO", "2026-04-06", 30))
		later := at("2026-04-13", 8, 0)
		tests := []struct {
			name   string
			ctx    context.Context
			now    time.Time
			etag   string
			fields []string
			values domain.Session
			kind   errs.Kind
			field  string
			reason string
			check  func(t *testing.T, x domain.Session)
		}{
			{name: "place and trainers", ctx: kominfoHR, now: catalogueStart, etag: "v1", fields: []string{"place", "trainers"},
				values: domain.Session{Place: "Lab Komputer Diskominfo", Trainers: []string{"Budi"}},
				check: func(t *testing.T, x domain.Session) {
					if x.Place != "Lab Komputer Diskominfo" || !slices.Equal(x.Trainers, []string{"Budi"}) || x.Version != 2 {
						t.Fatalf("%+v", x)
					}
				}},
			{name: "a stale etag", ctx: kominfoHR, now: catalogueStart, etag: "v1", fields: []string{"place"}, values: domain.Session{Place: "x"}, kind: errs.Conflict},
			{name: "moved a week", ctx: kominfoHR, now: catalogueStart, fields: []string{"start_time", "end_time"},
				values: domain.Session{Start: later, End: later.AddDate(0, 0, 2).Add(8 * time.Hour)},
				check: func(t *testing.T, x domain.Session) {
					if !x.Start.Equal(later) {
						t.Fatalf("start %s", x.Start)
					}
				}},
			{name: "into the past", ctx: kominfoHR, now: catalogueStart, fields: []string{"start_time"}, values: domain.Session{Start: catalogueStart.Add(-time.Hour)},
				kind: errs.Invalid, field: "session.start_time"},
			{name: "capacity", ctx: kominfoHR, now: catalogueStart, fields: []string{"capacity"}, values: domain.Session{Capacity: 25},
				check: func(t *testing.T, x domain.Session) {
					if x.Capacity != 25 {
						t.Fatalf("capacity %d", x.Capacity)
					}
				}},
			{name: "no seats", ctx: kominfoHR, now: catalogueStart, fields: []string{"capacity"}, values: domain.Session{Capacity: 0}, kind: errs.Invalid, field: "session.capacity"},
			{name: "another agency's HR", ctx: dinkesHR, now: catalogueStart, fields: []string{"capacity"}, values: domain.Session{Capacity: 5}, kind: errs.PermissionDenied},
			{name: "a field that cannot change", ctx: kominfoHR, now: catalogueStart, fields: []string{"programme"}, kind: errs.Invalid, field: "update_mask"},
			{name: "the place after the start", ctx: kominfoHR, now: later.Add(time.Hour), fields: []string{"place"}, values: domain.Session{Place: "x"},
				kind: errs.FailedPrecondition, reason: domain.ReasonSessionStarted},
			{name: "the capacity after the start", ctx: kominfoHR, now: later.Add(time.Hour), fields: []string{"capacity"}, values: domain.Session{Capacity: 28},
				check: func(t *testing.T, x domain.Session) {
					if x.Capacity != 28 {
						t.Fatalf("capacity %d", x.Capacity)
					}
				}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				s.clock.set(tt.now)
				got, err := s.app.UpdateSession(tt.ctx, class.ID, tt.etag, domain.SessionUpdate{Fields: tt.fields, Values: tt.values})
				if tt.kind != 0 {
					if e := testenv.WantKind(t, err, tt.kind, tt.field); tt.reason != "" && e.Reason != tt.reason {
						t.Fatalf("reason %q, want %q", e.Reason, tt.reason)
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				tt.check(t, got)
				if read, _ := s.app.GetSession(cityHR, class.ID); read.Version != got.Version || read.Capacity != got.Capacity || !read.Start.Equal(got.Start) {
					t.Fatalf("stored %+v, returned %+v", read, got)
				}
			})
		}
	})
}

func TestCancelSession(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := newSuite(t, newEnv(t, engine), catalogueStart)
		mustProgramme(t, s, cityHR, networkBasics("net"))
		class := mustSession(t, s, kominfoHR, classOf("net", "DISKOMINFO", "2026-04-06", 1))
		seat := mustEnrol(t, s, kominfoHR, class.ID, staff1)
		wait := mustEnrol(t, s, kominfoHR, class.ID, staff2)
		asked := mustEnrol(t, s, employee(kabid, "DISKOMINFO"), class.ID, "")
		tests := []struct {
			name   string
			ctx    context.Context
			now    time.Time
			kind   errs.Kind
			reason string
		}{
			{"another agency's HR", dinkesHR, catalogueStart, errs.PermissionDenied, ""},
			{"an employee", employee(staff1, "DISKOMINFO"), catalogueStart, errs.PermissionDenied, ""},
			{"after the start", kominfoHR, at("2026-04-06", 8, 0), errs.FailedPrecondition, domain.ReasonSessionStarted},
			{"before the start", kominfoHR, catalogueStart, 0, ""},
			{"twice", kominfoHR, catalogueStart, errs.FailedPrecondition, domain.ReasonSessionNotScheduled},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				s.clock.set(tt.now)
				got, err := s.app.CancelSession(tt.ctx, class.ID, "", "the trainer is ill")
				if tt.kind != 0 {
					if e := testenv.WantKind(t, err, tt.kind, ""); e.Reason != tt.reason {
						t.Fatalf("reason %q, want %q", e.Reason, tt.reason)
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				if got.State != domain.Cancelled || got.CancelReason != "the trainer is ill" || got.Seated != 0 {
					t.Fatalf("cancelled %+v", got)
				}
			})
		}
		for _, e := range []domain.Enrolment{seat, wait, asked} {
			got, err := s.app.GetEnrolment(cityHR, e.ID)
			if err != nil || got.State != domain.Withdrawn || got.Reason != "session cancelled: the trainer is ill" || got.DecidedBy != "kominfo-hr" {
				t.Fatalf("enrolment %s after the cancellation: %+v, %v", e.Employee, got, err)
			}
		}
		if n := s.subjects(t, events.SubjectEnrolmentWithdrawn); n != 3 {
			t.Fatalf("%d withdrawn events, want 3", n)
		}
		if n := s.subjects(t, events.SubjectSessionCancelled); n != 1 {
			t.Fatalf("%d cancelled events, want 1", n)
		}
		_, err := s.app.CreateEnrolment(kominfoHR, class.ID, staff1)
		if e := testenv.WantKind(t, err, errs.FailedPrecondition, ""); e.Reason != domain.ReasonSessionNotScheduled {
			t.Fatalf("enrolment into a cancelled session: %v", err)
		}
	})
}
