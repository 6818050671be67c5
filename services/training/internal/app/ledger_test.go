package app_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/testenv"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
	"github.com/simpeg-id/simpeg/services/planning/directory/directorytest"
	"github.com/simpeg-id/simpeg/services/training/internal/app"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

// The reports' fixtures. The programmes, sessions and enrolments are written straight into the
// catalogue's tables with SQL: the catalogue's use cases were being written at the same time
// as the reports, and a report only reads those rows, so the fixture says exactly which rows
// it reads without a dozen use-case calls per enrolment.

// More people of the fixture city for the reports: CPNS with their TMT CPNS, a PPPK and a
// retired employee (who is on no list).
const (
	cpnsDone    = "200001012025031007" // DISKOMINFO, TMT 2025-03-01, Latsar passed in time
	cpnsLate    = "200002022025012008" // DISKOMINFO, TMT 2025-01-15, no Latsar
	cpnsNew     = "200003032025092009" // DINKES, TMT 2025-09-01, the year still runs
	cpnsNoDate  = "200004042025011010" // DISKOMINFO, TMT unknown
	pppkStaff   = "199505052023212011" // DISKOMINFO, PPPK
	retiredStaf = "196001011985031012" // DISKOMINFO, retired
)

// reportPeople are people() and the reports' extra employees, each with the display name the
// reports show.
func reportPeople() []*planningv1.Employee {
	e := func(nip, name, agency, sup string, typ planningv1.EmploymentType, tmt string) *planningv1.Employee {
		return &planningv1.Employee{Nip: nip, FullName: name, DisplayName: name, EmploymentType: typ, Rank: "III/a",
			Agency: agency, Supervisor: sup, Position: "pranata-komputer", AppointmentDate: tmt}
	}
	city := people()
	for _, p := range city {
		p.DisplayName = p.FullName
	}
	cpns, pppk := planningv1.EmploymentType_EMPLOYMENT_TYPE_CPNS, planningv1.EmploymentType_EMPLOYMENT_TYPE_PPPK
	retired := e(retiredStaf, "Pensiunan", "DISKOMINFO", kabid, planningv1.EmploymentType_EMPLOYMENT_TYPE_PNS, "1985-03-01")
	retired.Status = directorytest.Retired
	return append(city,
		e(cpnsDone, "Cahya CPNS", "DISKOMINFO", kabid, cpns, "2025-03-01"),
		e(cpnsLate, "Dewi CPNS", "DISKOMINFO", kabid, cpns, "2025-01-15"),
		e(cpnsNew, "Eka CPNS", "DINKES", dinkesHead, cpns, "2025-09-01"),
		e(cpnsNoDate, "Fajar CPNS", "DISKOMINFO", kabid, cpns, ""),
		e(pppkStaff, "Gita PPPK", "DISKOMINFO", kabid, pppk, "2023-12-01"),
		retired,
	)
}

// prog is a programme row of the fixture; its JP is computed from minutes for a form counted in
// hours, as the catalogue computes it.
type prog struct {
	id, title, form, provider, kind string
	minutes, jp                     int
	cost                            int64
	latsar                          bool
}

// sess is a session row of the fixture.
type sess struct {
	id, programme, zone string
	start, end          time.Time
	capacity            int
	cancelled           bool
}

// enrol is an enrolment row of the fixture.
type enrol struct {
	id, session, employee, agency string
	state                         domain.EnrolmentState
}

// seedCatalogue writes programmes, sessions and enrolments into db.
func seedCatalogue(t testing.TB, db *database.DB, progs []prog, sessions []sess, enrols []enrol) {
	t.Helper()
	ctx := context.Background()
	now := database.Micros(time.Now())
	bit := func(b bool) int {
		if b {
			return 1
		}
		return 0
	}
	byID := map[string]sess{}
	err := db.InTx(ctx, func(tx *database.Tx) error {
		for _, p := range progs {
			jp := p.jp
			if domain.Form(p.form).CountsHours() {
				jp = domain.JPFromMinutes(p.minutes, domain.DefaultPolicy().MinutesPerJP)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO programmes (id, title, description, competency_type, competencies, form,
				minutes, jp, provider, provider_kind, partner, cost_per_seat, certificate, latsar, agency, state, version, create_time, update_time)
				VALUES ($1, $2, '', 'technical', '[]', $3, $4, $5, $6, $7, '', $8, 1, $9, '', 'active', 1, $10, $10)`,
				p.id, p.title, p.form, p.minutes, jp, p.provider, p.kind, p.cost, bit(p.latsar), now); err != nil {
				return fmt.Errorf("programme %s: %w", p.id, err)
			}
		}
		for _, s := range sessions {
			byID[s.id] = s
			state := "scheduled"
			if s.cancelled {
				state = "cancelled"
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO sessions (id, programme, agency, start_time, end_time, time_zone, place,
				online_link, capacity, trainers, state, cancel_reason, seated, next_arrival, version, create_time, update_time)
				VALUES ($1, $2, '', $3, $4, $5, 'Aula', '', $6, '[]', $7, '', 0, 1, 1, $8, $8)`,
				s.id, s.programme, database.Micros(s.start), database.Micros(s.end), s.zone, s.capacity, state, now); err != nil {
				return fmt.Errorf("session %s: %w", s.id, err)
			}
		}
		for i, e := range enrols {
			s := byID[e.session]
			if _, err := tx.ExecContext(ctx, `INSERT INTO enrolments (id, session, employee, agency, origin, state, arrival,
				start_time, end_time, requested_by, decided_by, reason, score, finish_time, version, create_time, update_time)
				VALUES ($1, $2, $3, $4, 'nominated', $5, $6, $7, $8, 'hr', 'hr', '', 0, 0, 1, $9, $9)`,
				e.id, e.session, e.employee, e.agency, string(e.state), i+1, database.Micros(s.start), database.Micros(s.end), now); err != nil {
				return fmt.Errorf("enrolment %s: %w", e.id, err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("seeding the catalogue: %v", err)
	}
}

// wit is Papua's zone (Asia/Jayapura, UTC+9), two hours ahead of Medan.
var wit = time.FixedZone("WIT", 9*3600)

// ledgerCatalogue is the JP fixture: a 900-minute classroom course (20 JP), a 12 JP e-learning
// (540 minutes), a 6 JP coaching and the sessions around the 2026/2027 boundary in Medan and in
// Jayapura.
func ledgerCatalogue() ([]prog, []sess) {
	progs := []prog{
		{id: "p-class", title: "Keamanan Jaringan", form: "classroom", provider: "BPSDM Kota Medan", kind: "city_training_unit", minutes: 900, cost: 1_500_000},
		{id: "p-elearn", title: "Analisis Data", form: "e_learning", provider: "BPSDM Kota Medan", kind: "city_training_unit", minutes: 540, cost: 250_000},
		{id: "p-coach", title: "Coaching Kepemimpinan", form: "coaching", provider: "Universitas Sumatera Utara", kind: "university_partner", jp: 6, cost: 0},
	}
	sessions := []sess{
		{id: "s-mar", programme: "p-class", zone: "Asia/Jakarta", start: at("2026-03-09", 8, 0), end: at("2026-03-11", 16, 0), capacity: 30},
		// Ends 31 December 23:30 WIB (16:30 UTC): 2026 in Medan.
		{id: "s-eve", programme: "p-elearn", zone: "Asia/Jakarta", start: at("2026-12-31", 19, 0), end: at("2026-12-31", 23, 30), capacity: 30},
		// Ends 1 January 00:30 WIB (31 December 17:30 UTC): 2027.
		{id: "s-newyear", programme: "p-elearn", zone: "Asia/Jakarta", start: at("2026-12-31", 20, 0), end: at("2027-01-01", 0, 30), capacity: 30},
		// Ends 1 January 00:30 WIT (31 December 22:30 WIB): 2027 in its own zone.
		{id: "s-papua", programme: "p-coach", zone: "Asia/Jayapura", start: time.Date(2026, 12, 31, 20, 0, 0, 0, wit), end: time.Date(2027, 1, 1, 0, 30, 0, 0, wit), capacity: 10},
		{id: "s-oct", programme: "p-coach", zone: "Asia/Jakarta", start: at("2026-10-05", 8, 0), end: at("2026-10-05", 16, 0), capacity: 10},
		{id: "s-nov", programme: "p-class", zone: "Asia/Jakarta", start: at("2026-11-02", 8, 0), end: at("2026-11-04", 16, 0), capacity: 30},
	}
	return progs, sessions
}

// ledgerEnrolments: staff1 passed 20 + 12 (31 Dec) in 2026, 12 + 6 in 2027, enrolled 6 in
// October; staff2 enrolled 20 in November, failed in March, waitlisted in October; kabid
// passed 6 in October; nurse (DINKES) passed 20 in March.
var ledgerEnrolments = []enrol{
	{"e1", "s-mar", staff1, "DISKOMINFO", domain.Passed},
	{"e2", "s-eve", staff1, "DISKOMINFO", domain.Passed},
	{"e3", "s-newyear", staff1, "DISKOMINFO", domain.Passed},
	{"e4", "s-papua", staff1, "DISKOMINFO", domain.Passed},
	{"e5", "s-oct", staff1, "DISKOMINFO", domain.Enrolled},
	{"e6", "s-nov", staff2, "DISKOMINFO", domain.Enrolled},
	{"e7", "s-mar", staff2, "DISKOMINFO", domain.Failed},
	{"e8", "s-oct", staff2, "DISKOMINFO", domain.Waitlisted},
	{"e9", "s-oct", kabid, "DISKOMINFO", domain.Passed},
	{"e10", "s-mar", nurse, "DINKES", domain.Passed},
	{"e11", "s-nov", kabid, "DISKOMINFO", domain.Withdrawn},
	{"e12", "s-nov", kominfoHead, "DISKOMINFO", domain.DidNotFinish},
	{"e13", "s-nov", retiredStaf, "DISKOMINFO", domain.Passed},
}

// ledgerSuite is a suite on the report people with the JP fixture, the clock in March 2026.
func ledgerSuite(t *testing.T, engine testenv.Engine) suite {
	s := newSuite(t, newEnv(t, engine, reportPeople()...), at("2026-03-02", 8, 0))
	progs, sessions := ledgerCatalogue()
	seedCatalogue(t, s.db, progs, sessions, ledgerEnrolments)
	return s
}

// TestJPLedger: the ledger of a year holds the passed enrolments as earned and the seats not
// finished as projected, each in the year its session ends in its own zone.
func TestJPLedger(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := ledgerSuite(t, engine)
		tests := []struct {
			name              string
			nip               string
			year              int
			refs              []string // the entries, in date order
			earned, projected int
			short, projShort  int
		}{
			// 900 minutes of classroom = 20 JP, 540 minutes of e-learning = 12 JP.
			{"2026: 20 JP in March, 12 JP ending 31 Dec 23:30 WIB, 6 enrolled", staff1, 2026, []string{"e1", "e5", "e2"}, 32, 6, 0, 0},
			{"2027: 00:30 WIB and 00:30 WIT on 1 January", staff1, 2027, []string{"e4", "e3"}, 18, 0, 2, 2},
			{"failed and waitlisted count for nothing, enrolled projects", staff2, 2026, []string{"e6"}, 0, 20, 20, 0},
			{"withdrawn counts for nothing", kabid, 2026, []string{"e9"}, 6, 0, 14, 14},
			{"nobody's training in 2025", staff1, 2025, nil, 0, 0, 20, 20},
			{"the caller's own when no NIP is given", "", 2026, []string{"e1", "e5", "e2"}, 32, 6, 0, 0},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				l, err := s.app.GetJPLedger(employee(staff1, "DISKOMINFO"), tt.nip, tt.year)
				if tt.nip != staff1 && tt.nip != "" {
					l, err = s.app.GetJPLedger(cityHR, tt.nip, tt.year)
				}
				if err != nil {
					t.Fatal(err)
				}
				var refs []string
				for _, e := range l.Entries {
					refs = append(refs, e.Ref)
				}
				if fmt.Sprint(refs) != fmt.Sprint(tt.refs) {
					t.Errorf("entries %v, want %v", refs, tt.refs)
				}
				if l.Earned != tt.earned || l.Projected != tt.projected || l.Short() != tt.short || l.ProjectedShort() != tt.projShort {
					t.Errorf("earned %d projected %d short %d projected short %d; want %d %d %d %d",
						l.Earned, l.Projected, l.Short(), l.ProjectedShort(), tt.earned, tt.projected, tt.short, tt.projShort)
				}
			})
		}
		// An entry says what it is and when it ended, in its own zone.
		l, err := s.app.GetJPLedger(cityHR, staff1, 2027)
		if err != nil {
			t.Fatal(err)
		}
		want := app.LedgerEntry{Source: domain.FromSession, Ref: "e4", Session: "s-papua", Programme: "p-coach",
			Title: "Coaching Kepemimpinan", End: time.Date(2027, 1, 1, 0, 30, 0, 0, wit).UTC(), EndDate: "2027-01-01", JP: 6}
		if got := l.Entries[0]; got != want {
			t.Errorf("entry\n got %+v\nwant %+v", got, want)
		}
		if l.Name != "Andi Pranata" || l.Agency != "DISKOMINFO" || l.Year != 2027 {
			t.Errorf("ledger of %q (%s) %d", l.Name, l.Agency, l.Year)
		}
	})
}

// TestJPLedgerAccess: who may read whose ledger, and the year's bounds.
func TestJPLedgerAccess(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := ledgerSuite(t, engine)
		const unknown = "199912312099121999"
		tests := []struct {
			name  string
			ctx   context.Context
			nip   string
			year  int
			kind  errs.Kind // -1: allowed
			field string
		}{
			{"own", employee(staff1, "DISKOMINFO"), staff1, 2026, -1, ""},
			{"another employee's", employee(staff2, "DISKOMINFO"), staff1, 2026, errs.PermissionDenied, ""},
			{"a subordinate's", supervisor(kabid, "DISKOMINFO"), staff1, 2026, -1, ""},
			{"not a subordinate's", supervisor(kabid, "DISKOMINFO"), kominfoHead, 2026, errs.PermissionDenied, ""},
			{"own agency's", kominfoHR, staff2, 2026, -1, ""},
			{"another agency's", dinkesHR, staff1, 2026, errs.PermissionDenied, ""},
			{"auditor", auditor, nurse, 2026, -1, ""},
			{"planning's back-fill, a service client", testenv.As(context.Background(), auth.RoleService, "", "planning"), nurse, 2026, -1, ""},
			{"city HR", cityHR, nurse, 2026, -1, ""},
			{"unknown NIP, agency HR: as for a real one", kominfoHR, unknown, 2026, errs.PermissionDenied, ""},
			{"unknown NIP, city HR", cityHR, unknown, 2026, errs.NotFound, ""},
			{"year before 2000", cityHR, staff1, 1999, errs.Invalid, "year"},
			{"year after 2100", cityHR, staff1, 2101, errs.Invalid, "year"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := s.app.GetJPLedger(tt.ctx, tt.nip, tt.year)
				if tt.kind == -1 {
					if err != nil {
						t.Fatal(err)
					}
					return
				}
				testenv.WantKind(t, err, tt.kind, tt.field)
			})
		}
		// Year 0 is this year (the clock's, 2026).
		l, err := s.app.GetJPLedger(cityHR, staff1, 0)
		if err != nil || l.Year != 2026 || l.Earned != 32 {
			t.Errorf("year 0: %d, earned %d, %v", l.Year, l.Earned, err)
		}
	})
}

// TestListMatchesLedger: the JP list's aggregate query counts exactly what the ledger's
// entries, tallied with the domain's rule, count, for every employee and both years.
func TestListMatchesLedger(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := ledgerSuite(t, engine)
		for _, year := range []int{2026, 2027} {
			l, err := s.app.ListEmployeeJP(cityHR, app.EmployeeJPQuery{Year: year})
			if err != nil {
				t.Fatal(err)
			}
			if len(l.Rows) != 11 {
				t.Errorf("%d: %d employees, want the 11 active ones", year, len(l.Rows))
			}
			for _, r := range l.Rows {
				led, err := s.app.GetJPLedger(cityHR, r.Employee, year)
				if err != nil {
					t.Fatal(err)
				}
				if led.Earned != r.Earned || led.Projected != r.Projected {
					t.Errorf("%d %s: list %d+%d, ledger %d+%d", year, r.Employee, r.Earned, r.Projected, led.Earned, led.Projected)
				}
			}
		}
	})
}

// external is an external-training row of the fixture.
type external struct {
	id, employee, title, end string
	jp                       int
	state                    domain.ExternalState
}

// placement is an internship placement row of the fixture, in cohort "c-usu".
type placement struct {
	id, employee, end string
	jp                int
	state             domain.PlacementState
	passed            bool
}

// seedSources writes external training and internship placements (with the partner, agreement
// and cohort they hang from) into db. Written with SQL like seedCatalogue: the delivery and
// internship use cases were being written at the same time as the reports.
func seedSources(t testing.TB, db *database.DB, xs []external, ps []placement) {
	t.Helper()
	ctx := context.Background()
	now := database.Micros(time.Now())
	err := db.InTx(ctx, func(tx *database.Tx) error {
		for _, x := range xs {
			if _, err := tx.ExecContext(ctx, `INSERT INTO external_trainings (id, employee, agency, title, provider, form, start_date,
				end_date, minutes, jp, evidence, state, reason, submitted_by, decided_by, decide_time, version, create_time, update_time)
				VALUES ($1, $2, 'DISKOMINFO', $3, 'Dicoding', 'e_learning', $4, $4, 0, $5, 'documents/d1', $6, '', $2, 'hr', 0, 1, $7, $7)`,
				x.id, x.employee, x.title, x.end, x.jp, string(x.state), now); err != nil {
				return fmt.Errorf("external %s: %w", x.id, err)
			}
		}
		if len(ps) == 0 {
			return nil
		}
		for _, q := range []string{
			`INSERT INTO internship_partners (id, display_name, kind, address, contact_name, contact_email, contact_phone, version, create_time, update_time)
				VALUES ('usu', 'Universitas Sumatera Utara', 'university', 'Medan', '', '', '', 1, 0, 0)`,
			`INSERT INTO internship_agreements (id, partner, number, title, scope, start_date, end_date, contact_name, contact_email,
				contact_phone, document, version, create_time, update_time)
				VALUES ('a-usu', 'usu', '001/MOU/2025', 'Magang', 'ICT', '2025-01-01', '2028-12-31', '', '', '', 'documents/mou', 1, 0, 0)`,
			`INSERT INTO programmes (id, title, description, competency_type, competencies, form, minutes, jp, provider, provider_kind,
				partner, cost_per_seat, certificate, latsar, agency, state, version, create_time, update_time)
				VALUES ('p-magang', 'Magang Pengembangan Aplikasi', '', 'technical', '[]', 'internship', 0, 40, 'Universitas Sumatera Utara',
				'university_partner', 'usu', 0, 1, 0, '', 'active', 1, 0, 0)`,
			`INSERT INTO internship_cohorts (id, agreement, partner, display_name, programme, start_date, end_date, version, create_time, update_time)
				VALUES ('c-usu', 'a-usu', 'usu', 'Magang USU 2026', 'p-magang', '2026-01-05', '2027-01-31', 1, 0, 0)`,
		} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("internship fixture: %w", err)
			}
		}
		for _, p := range ps {
			kind, name, number := "employee", "", ""
			if p.employee == "" {
				kind, name, number = "student", "Mahasiswa", "NIM"+p.id
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO internship_placements (id, cohort, kind, employee, participant_name, student_number,
				institution, study_programme, agency, unit, mentor, start_date, end_date, state, jp, score, passed, notes, assessed_by,
				reason, finish_time, created_by, version, create_time, update_time)
				VALUES ($1, 'c-usu', $2, $3, $4, $5, 'USU', 'Ilmu Komputer', 'DISKOMINFO', 'Aptika', $6, '2026-01-05', $7, $8, $9, 80, $10,
				'', '', '', 0, 'hr', 1, $11, $11)`,
				p.id, kind, p.employee, name, number, kabid, p.end, string(p.state), p.jp, map[bool]int{false: 0, true: 1}[p.passed], now); err != nil {
				return fmt.Errorf("placement %s: %w", p.id, err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("seeding external training and placements: %v", err)
	}
}

// TestJPLedgerSources: verified external training earns in the year of its last day; an
// employee's internship placement earns its programme's JP when completed and passed and
// projects it while active; everything else counts for nothing. The JP list agrees.
func TestJPLedgerSources(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := ledgerSuite(t, engine)
		seedSources(t, s.db, []external{
			{"x1", staff2, "Sertifikasi Cloud", "2026-12-31", 16, domain.ExternalVerified},
			{"x2", staff2, "Webinar Keamanan", "2026-05-02", 10, domain.ExternalSubmitted},
			{"x3", staff2, "Kursus Tanpa Bukti", "2026-05-03", 12, domain.ExternalRejected},
			{"x4", staff2, "Kursus Tahun Baru", "2027-01-01", 8, domain.ExternalVerified},
		}, []placement{
			{"m1", staff2, "2026-06-30", 40, domain.PlacementStateCompleted, true},
			{"m2", cpnsDone, "2027-01-31", 40, domain.PlacementStateActive, false},
			{"m3", cpnsLate, "2026-06-30", 40, domain.PlacementStateCompleted, false},
			{"m4", pppkStaff, "2026-06-30", 40, domain.PlacementStateWithdrawn, false},
			{"m5", "", "2026-06-30", 0, domain.PlacementStateCompleted, true},
		})
		tests := []struct {
			nip               string
			year              int
			refs              []string
			earned, projected int
		}{
			// Placement m1 (30 June), enrolment e6 (4 November), external x1 (31 December).
			{staff2, 2026, []string{"m1", "e6", "x1"}, 56, 20},
			{staff2, 2027, []string{"x4"}, 8, 0},
			{cpnsDone, 2027, []string{"m2"}, 0, 40},
			{cpnsLate, 2026, nil, 0, 0},
			{pppkStaff, 2026, nil, 0, 0},
		}
		for _, tt := range tests {
			l, err := s.app.GetJPLedger(kominfoHR, tt.nip, tt.year)
			if err != nil {
				t.Fatal(err)
			}
			var refs []string
			for _, e := range l.Entries {
				refs = append(refs, e.Ref)
			}
			if fmt.Sprint(refs) != fmt.Sprint(tt.refs) || l.Earned != tt.earned || l.Projected != tt.projected {
				t.Errorf("%s %d: %v earned %d projected %d; want %v %d %d", tt.nip, tt.year, refs, l.Earned, l.Projected, tt.refs, tt.earned, tt.projected)
			}
		}
		for _, year := range []int{2026, 2027} {
			list, err := s.app.ListEmployeeJP(cityHR, app.EmployeeJPQuery{Year: year})
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range list.Rows {
				led, err := s.app.GetJPLedger(cityHR, r.Employee, year)
				if err != nil {
					t.Fatal(err)
				}
				if led.Earned != r.Earned || led.Projected != r.Projected {
					t.Errorf("%d %s: list %d+%d, ledger %d+%d", year, r.Employee, r.Earned, r.Projected, led.Earned, led.Projected)
				}
			}
		}
		l, err := s.app.GetJPLedger(cityHR, staff2, 2026)
		if err != nil {
			t.Fatal(err)
		}
		want := []app.LedgerEntry{
			{Source: domain.FromInternship, Ref: "m1", Session: "c-usu", Programme: "p-magang", Title: "Magang USU 2026",
				End: time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC), EndDate: "2026-06-30", JP: 40},
			{Source: domain.FromExternal, Ref: "x1", Title: "Sertifikasi Cloud", End: time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC),
				EndDate: "2026-12-31", JP: 16},
		}
		if got := []app.LedgerEntry{l.Entries[0], l.Entries[2]}; fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("entries\n%+v\nwant\n%+v", got, want)
		}
	})
}

// TestShortfallDropsThroughUseCases is issue 10's "see JP credited and the 20 JP shortfall
// drop" through the other areas' use cases, not SQL: a 900-minute classroom course is 20 JP;
// nominated, staff1 is projected; after three recorded days and a pass, earned. staff2's own
// e-learning counts once HR verifies it.
func TestShortfallDropsThroughUseCases(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := newSuite(t, newEnv(t, engine, reportPeople()...), at("2026-03-02", 8, 0))
		p := mustProgramme(t, s, cityHR, domain.Programme{ID: "keamanan-jaringan", Title: "Keamanan Jaringan", Type: domain.Technical,
			Competencies: []string{"technical:network-administration"}, Form: domain.Classroom, Minutes: 900,
			Provider: "UPT Pelatihan BKPSDM Kota Medan", Kind: domain.CityTrainingUnit, CostPerSeat: 750_000, Certificate: true})
		if p.JP != 20 {
			t.Fatalf("900 minutes of classroom = %d JP, want 20", p.JP)
		}
		session, err := s.app.CreateSession(kominfoHR, classOf(p.ID, "DISKOMINFO", "2026-05-04", 30))
		if err != nil {
			t.Fatal(err)
		}
		enrolment := mustEnrol(t, s, kominfoHR, session.ID, staff1)
		kominfo := func() app.JPTotals {
			t.Helper()
			l, err := s.app.ListEmployeeJP(kominfoHR, app.EmployeeJPQuery{Year: 2026})
			if err != nil {
				t.Fatal(err)
			}
			return l.Totals
		}
		ledger := func(nip string) string {
			t.Helper()
			l, err := s.app.GetJPLedger(kominfoHR, nip, 2026)
			if err != nil {
				t.Fatal(err)
			}
			return fmt.Sprintf("%d+%d short %d/%d", l.Earned, l.Projected, l.Short(), l.ProjectedShort())
		}
		before := kominfo()
		if got := ledger(staff1); got != "0+20 short 20/0" {
			t.Errorf("nominated: %s", got)
		}
		for _, day := range []string{"2026-05-04", "2026-05-05", "2026-05-06"} {
			s.clock.set(at(day, 16, 30))
			if _, err := s.app.RecordSessionAttendance(kominfoHR, session.ID, day, []string{enrolment.ID}); err != nil {
				t.Fatalf("recording %s: %v", day, err)
			}
		}
		s.clock.set(at("2026-05-07", 9, 0))
		if _, err := s.app.CompleteEnrolment(kominfoHR, enrolment.ID, domain.Passed, 88, ""); err != nil {
			t.Fatal(err)
		}
		if got := ledger(staff1); got != "20+0 short 0/0" {
			t.Errorf("passed: %s", got)
		}
		after := kominfo()
		if after.ShortNow != before.ShortNow-1 || after.EarnedJP != before.EarnedJP+20 || after.ShortJP != before.ShortJP-20 {
			t.Errorf("DISKOMINFO before %+v, after %+v", before, after)
		}
		x, err := s.app.CreateExternalTraining(employee(staff2, "DISKOMINFO"), cloudCourse())
		if err != nil {
			t.Fatal(err)
		}
		if got := ledger(staff2); got != "0+0 short 20/20" {
			t.Errorf("external, not verified: %s", got)
		}
		if _, err := s.app.VerifyExternalTraining(kominfoHR, x.ID, true, "", ""); err != nil {
			t.Fatal(err)
		}
		if got := ledger(staff2); got != "20+0 short 0/0" {
			t.Errorf("external, verified: %s", got)
		}
	})
}
