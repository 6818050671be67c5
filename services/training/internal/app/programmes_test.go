package app_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/testenv"
	"github.com/simpeg-id/simpeg/services/training/internal/app"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

// The catalogue suites' fixtures: a Monday morning in Medan, an ICT classroom programme of the
// city's catalogue and three-day sessions of it.

// catalogueStart is when the catalogue suites' clock stands: Monday 2 March 2026, 08:00 WIB.
var catalogueStart = at("2026-03-02", 8, 0)

// networkBasics is a classroom programme of the city's catalogue: 24 hours of instruction,
// 1,440 minutes, 32 JP at 45 minutes.
func networkBasics(id string) domain.Programme {
	return domain.Programme{ID: id, Title: "Dasar Jaringan Komputer", Description: "TCP/IP, switching, routing and Wi-Fi for agency ICT staff",
		Type: domain.Technical, Competencies: []string{"technical:network-administration"}, Form: domain.Classroom, Minutes: 24 * 60,
		Provider: "UPT Pelatihan BKPSDM Kota Medan", Kind: domain.CityTrainingUnit, CostPerSeat: 750_000, Certificate: true}
}

// mentoring is a mentoring programme of DISKOMINFO's: its JP is stated.
func mentoring(id string) domain.Programme {
	return domain.Programme{ID: id, Title: "Mentoring Analisis Data", Type: domain.Technical, Competencies: []string{"technical:data-analysis"},
		Form: domain.Mentoring, JP: 12, Provider: "Universitas Sumatera Utara", Kind: domain.UniversityPartner, Partner: "usu",
		Agency: "DISKOMINFO"}
}

// classOf is a three-day session of programme from day at 08:00 to the third day at 16:00 WIB,
// run by agency, with capacity seats.
func classOf(programme, agency, day string, capacity int) domain.Session {
	start := at(day, 8, 0)
	return domain.Session{Programme: programme, Agency: agency, Start: start, End: start.AddDate(0, 0, 2).Add(8 * time.Hour),
		TimeZone: "Asia/Jakarta", Place: "Gedung Diklat BKPSDM, Jl. Kapten Maulana Lubis", Capacity: capacity,
		Trainers: []string{"Ir. Bambang Sitorus", "Dewi Lubis, S.Kom."}}
}

// mustProgramme creates p as ctx's caller.
func mustProgramme(t testing.TB, s suite, ctx context.Context, p domain.Programme) domain.Programme {
	t.Helper()
	out, err := s.app.CreateProgramme(ctx, p)
	if err != nil {
		t.Fatalf("creating programme %s: %v", p.ID, err)
	}
	return out
}

// mustSession schedules in as ctx's caller.
func mustSession(t testing.TB, s suite, ctx context.Context, in domain.Session) domain.Session {
	t.Helper()
	out, err := s.app.CreateSession(ctx, in)
	if err != nil {
		t.Fatalf("scheduling a session of %s: %v", in.Programme, err)
	}
	return out
}

// subjects counts the outbox's events by subject.
func (e env) subjects(t *testing.T, subject string) int {
	t.Helper()
	return e.count(t, `SELECT COUNT(*) FROM outbox WHERE subject = $1`, subject)
}

func TestCreateProgramme(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := newSuite(t, newEnv(t, engine), catalogueStart)
		with := func(f func(*domain.Programme)) domain.Programme {
			p := networkBasics("net-basics")
			f(&p)
			return p
		}
		tests := []struct {
			name   string
			ctx    context.Context
			in     domain.Programme
			kind   errs.Kind // 0: created
			field  string
			wantJP int
		}{
			{"city HR, the city's catalogue, JP from the minutes", cityHR, networkBasics("net-basics"), 0, "", 32},
			{"agency HR, their agency's, JP stated", kominfoHR, mentoring("mentoring-data"), 0, "", 12},
			{"agency HR may not add to the city's catalogue", kominfoHR, networkBasics("net-2"), errs.PermissionDenied, "", 0},
			{"agency HR may not add to another agency's", dinkesHR, mentoring("mentoring-2"), errs.PermissionDenied, "", 0},
			{"an employee adds nothing", employee(staff1, "DISKOMINFO"), mentoring("mentoring-3"), errs.PermissionDenied, "", 0},
			{"the id's pattern", cityHR, with(func(p *domain.Programme) { p.ID = "Net_Basics" }), errs.Invalid, "programme_id", 0},
			{"an empty id", cityHR, with(func(p *domain.Programme) { p.ID = "" }), errs.Invalid, "programme_id", 0},
			{"a title", cityHR, with(func(p *domain.Programme) { p.ID, p.Title = "t1", "  " }), errs.Invalid, "programme.title", 0},
			{"a typed JP that is not the minutes'", cityHR, with(func(p *domain.Programme) { p.ID, p.JP = "t2", 40 }), errs.Invalid, "programme.jp", 0},
			{"the minutes of a form counted in hours", cityHR, with(func(p *domain.Programme) { p.ID, p.Minutes = "t3", 0 }), errs.Invalid, "programme.minutes", 0},
			{"a form", cityHR, with(func(p *domain.Programme) { p.ID, p.Form = "t4", "webinar" }), errs.Invalid, "programme.form", 0},
			{"a partner of a provider that is not a university", cityHR, with(func(p *domain.Programme) { p.ID, p.Partner = "t5", "usu" }), errs.Invalid, "programme.partner", 0},
			{"a long description", cityHR, with(func(p *domain.Programme) { p.ID, p.Description = "t6", strings.Repeat("x", 4001) }), errs.Invalid, "programme.description", 0},
			{"a negative cost", cityHR, with(func(p *domain.Programme) { p.ID, p.CostPerSeat = "t7", -1 }), errs.Invalid, "programme.cost_per_seat", 0},
			{"the same id again", cityHR, networkBasics("net-basics"), errs.AlreadyExists, "", 0},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, err := s.app.CreateProgramme(tt.ctx, tt.in)
				if tt.kind != 0 {
					testenv.WantKind(t, err, tt.kind, tt.field)
					if n := s.count(t, `SELECT COUNT(*) FROM programmes WHERE id = $1`, tt.in.ID); n != 0 && tt.kind != errs.AlreadyExists {
						t.Fatalf("refused programme %q stored", tt.in.ID)
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				if got.JP != tt.wantJP || got.State != domain.ProgrammeActive || got.Version != 1 || !got.Created.Equal(catalogueStart) {
					t.Fatalf("created %+v, want %d JP, active, version 1", got, tt.wantJP)
				}
				read, err := s.app.GetProgramme(employee(nurse, "DINKES"), got.ID)
				if err != nil || read.JP != got.JP || read.Agency != got.Agency || read.Partner != got.Partner ||
					!slices.Equal(read.Competencies, got.Competencies) || read.Description != got.Description {
					t.Fatalf("read back %+v, %v; want %+v", read, err, got)
				}
				if a := s.audits(t, app.ProgrammeName(got.ID)); len(a) != 1 || !strings.HasPrefix(a[0], "created: ") {
					t.Fatalf("audit = %q", a)
				}
			})
		}
	})
}

func TestListProgrammes(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := newSuite(t, newEnv(t, engine), catalogueStart)
		mustProgramme(t, s, cityHR, networkBasics("a-net"))
		security := networkBasics("b-security")
		security.Title, security.Competencies = "Keamanan Informasi 100%", []string{"technical:information-security"}
		mustProgramme(t, s, cityHR, security)
		mustProgramme(t, s, kominfoHR, mentoring("c-mentoring"))
		nursing := mentoring("d-nursing")
		nursing.Title, nursing.Agency, nursing.Kind, nursing.Partner, nursing.Competencies = "Asuhan Keperawatan", "DINKES", domain.Institute, "", []string{"technical:patient-care"}
		mustProgramme(t, s, dinkesHR, nursing)
		retired := networkBasics("e-retired")
		mustProgramme(t, s, cityHR, retired)
		if _, err := s.app.UpdateProgramme(cityHR, "e-retired", "", domain.ProgrammeUpdate{Fields: []string{"retired"}, Values: domain.Programme{State: domain.ProgrammeRetired}}); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name string
			o    app.ProgrammeListOptions
			want []string
		}{
			{"the active catalogue", app.ProgrammeListOptions{}, []string{"a-net", "b-security", "c-mentoring", "d-nursing"}},
			{"with the retired", app.ProgrammeListOptions{IncludeRetired: true}, []string{"a-net", "b-security", "c-mentoring", "d-nursing", "e-retired"}},
			{"what DISKOMINFO may use: the city's and its own", app.ProgrammeListOptions{Agency: "DISKOMINFO"}, []string{"a-net", "b-security", "c-mentoring"}},
			{"by form", app.ProgrammeListOptions{Form: domain.Mentoring}, []string{"c-mentoring", "d-nursing"}},
			{"by title, case-insensitive", app.ProgrammeListOptions{Query: "JARINGAN"}, []string{"a-net"}},
			{"a wildcard in the query is text", app.ProgrammeListOptions{Query: "100%"}, []string{"b-security"}},
			{"by competency", app.ProgrammeListOptions{Competency: "technical:patient-care"}, []string{"d-nursing"}},
			{"by type", app.ProgrammeListOptions{Type: domain.Managerial}, nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, next, err := s.app.ListProgrammes(employee(staff1, "DISKOMINFO"), tt.o)
				if err != nil || next != "" {
					t.Fatalf("next %q, %v", next, err)
				}
				if ids := programmeIDs(got); !slices.Equal(ids, tt.want) {
					t.Fatalf("got %v, want %v", ids, tt.want)
				}
			})
		}
		t.Run("pages", func(t *testing.T) {
			var all []string
			tok := ""
			for range 10 {
				page, next, err := s.app.ListProgrammes(auditor, app.ProgrammeListOptions{PageSize: 2, PageToken: tok, IncludeRetired: true})
				if err != nil {
					t.Fatal(err)
				}
				all = append(all, programmeIDs(page)...)
				if tok = next; tok == "" {
					break
				}
			}
			if want := []string{"a-net", "b-security", "c-mentoring", "d-nursing", "e-retired"}; !slices.Equal(all, want) {
				t.Fatalf("paged %v, want %v", all, want)
			}
		})
		t.Run("bad filters", func(t *testing.T) {
			_, _, err := s.app.ListProgrammes(cityHR, app.ProgrammeListOptions{Form: "webinar"})
			testenv.WantKind(t, err, errs.Invalid, "form")
			_, _, err = s.app.ListProgrammes(cityHR, app.ProgrammeListOptions{PageToken: "!!"})
			testenv.WantKind(t, err, errs.Invalid, "page_token")
		})
	})
}

func programmeIDs(ps []domain.Programme) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.ID)
	}
	return out
}

func TestUpdateProgramme(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := newSuite(t, newEnv(t, engine), catalogueStart)
		mustProgramme(t, s, cityHR, networkBasics("net"))
		mustProgramme(t, s, kominfoHR, mentoring("mentor"))
		tests := []struct {
			name    string
			ctx     context.Context
			id      string
			etag    string
			fields  []string
			values  domain.Programme
			kind    errs.Kind
			field   string
			check   func(t *testing.T, p domain.Programme)
			version int64
		}{
			{name: "title", ctx: cityHR, id: "net", etag: "v1", fields: []string{"title"}, values: domain.Programme{Title: "Jaringan Komputer Dasar"},
				version: 2, check: func(t *testing.T, p domain.Programme) {
					if p.Title != "Jaringan Komputer Dasar" || p.JP != 32 {
						t.Fatalf("%+v", p)
					}
				}},
			{name: "a stale etag", ctx: cityHR, id: "net", etag: "v1", fields: []string{"title"}, values: domain.Programme{Title: "x"}, kind: errs.Conflict},
			{name: "minutes before any session: JP computed again", ctx: cityHR, id: "net", fields: []string{"minutes"}, values: domain.Programme{Minutes: 900},
				version: 3, check: func(t *testing.T, p domain.Programme) {
					if p.Minutes != 900 || p.JP != 20 {
						t.Fatalf("%d minutes, %d JP; want 900, 20", p.Minutes, p.JP)
					}
				}},
			{name: "nothing changed keeps the version", ctx: cityHR, id: "net", fields: []string{"minutes"}, values: domain.Programme{Minutes: 900}, version: 3},
			{name: "agency HR may not change the city's", ctx: kominfoHR, id: "net", fields: []string{"title"}, values: domain.Programme{Title: "x"}, kind: errs.PermissionDenied},
			{name: "agency HR changes their own", ctx: kominfoHR, id: "mentor", fields: []string{"jp", "cost_per_seat"}, values: domain.Programme{JP: 16, CostPerSeat: 100_000}, version: 2,
				check: func(t *testing.T, p domain.Programme) {
					if p.JP != 16 || p.CostPerSeat != 100_000 {
						t.Fatalf("%+v", p)
					}
				}},
			{name: "another agency's HR may not", ctx: dinkesHR, id: "mentor", fields: []string{"jp"}, values: domain.Programme{JP: 1}, kind: errs.PermissionDenied},
			{name: "an empty mask", ctx: cityHR, id: "net", kind: errs.Invalid, field: "update_mask"},
			{name: "a field that cannot change", ctx: cityHR, id: "net", fields: []string{"agency"}, kind: errs.Invalid, field: "update_mask"},
			{name: "a bad value names the field", ctx: cityHR, id: "net", fields: []string{"competency_type"}, values: domain.Programme{Type: "spiritual"}, kind: errs.Invalid, field: "programme.competency_type"},
			{name: "a missing programme", ctx: cityHR, id: "nope", fields: []string{"title"}, values: domain.Programme{Title: "x"}, kind: errs.NotFound},
			{name: "retire", ctx: cityHR, id: "net", fields: []string{"retired"}, values: domain.Programme{State: domain.ProgrammeRetired}, version: 4,
				check: func(t *testing.T, p domain.Programme) {
					if p.State != domain.ProgrammeRetired {
						t.Fatalf("state %s", p.State)
					}
				}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, err := s.app.UpdateProgramme(tt.ctx, tt.id, tt.etag, domain.ProgrammeUpdate{Fields: tt.fields, Values: tt.values})
				if tt.kind != 0 {
					testenv.WantKind(t, err, tt.kind, tt.field)
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				if got.Version != tt.version {
					t.Fatalf("version %d, want %d", got.Version, tt.version)
				}
				if tt.check != nil {
					tt.check(t, got)
				}
			})
		}
		t.Run("a retired programme takes no new session", func(t *testing.T) {
			_, err := s.app.CreateSession(cityHR, classOf("net", "", "2026-04-06", 20))
			if e := testenv.WantKind(t, err, errs.FailedPrecondition, ""); e.Reason != domain.ReasonProgrammeRetired {
				t.Fatalf("reason %q", e.Reason)
			}
		})
		t.Run("the JP is fixed once the programme has sessions", func(t *testing.T) {
			mustSession(t, s, kominfoHR, classOf("mentor", "DISKOMINFO", "2026-04-06", 5))
			_, err := s.app.UpdateProgramme(kominfoHR, "mentor", "", domain.ProgrammeUpdate{Fields: []string{"jp"}, Values: domain.Programme{JP: 20}})
			if e := testenv.WantKind(t, err, errs.FailedPrecondition, "programme.jp"); e.Reason != domain.ReasonProgrammeHasSessions {
				t.Fatalf("reason %q", e.Reason)
			}
			if p, _ := s.app.GetProgramme(auditor, "mentor"); p.JP != 16 {
				t.Fatalf("JP %d after a refused change", p.JP)
			}
			if _, err := s.app.UpdateProgramme(kominfoHR, "mentor", "", domain.ProgrammeUpdate{Fields: []string{"title"}, Values: domain.Programme{Title: "Mentoring Analisis Data Lanjut"}}); err != nil {
				t.Fatalf("the title still changes: %v", err)
			}
		})
		if a := s.audits(t, app.ProgrammeName("net")); len(a) != 4 {
			t.Fatalf("audit of net: %q, want created and three updates", a)
		}
	})
}
