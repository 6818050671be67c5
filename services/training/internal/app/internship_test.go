package app_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/testenv"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
	trainingv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/training/v1"
	"github.com/simpeg-id/simpeg/services/training/internal/app"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
	"github.com/simpeg-id/simpeg/services/training/internal/events"
)

// The internship suite's fixtures: the harness's city with display names, three new civil
// servants (CPNS) and a retired employee; a USU agreement for 2026–2027; the catalogue's ICT
// internship (60 JP) and a classroom course; a spring cohort with three seats for DISKOMINFO and
// one for DINKES.
const (
	cpnsKominfo1 = "200101012025011001" // DISKOMINFO, under kabid
	cpnsKominfo2 = "200202022025012002" // DISKOMINFO, under kabid
	cpnsDinkes   = "200303032025011003" // DINKES, under dinkesHead
	retiredStaff = "196505051990031004" // DISKOMINFO, retired
	planner      = "198402142008011003" // BAPPEDA, whose agency has no seats
)

// internPeople are the harness's people with their display names, and the suite's own.
func internPeople() []*planningv1.Employee {
	var out []*planningv1.Employee
	for _, e := range people() {
		e.DisplayName = e.GetFullName()
		out = append(out, e)
	}
	cpns := planningv1.EmploymentType_EMPLOYMENT_TYPE_CPNS
	e := func(nip, name, agency, sup string) *planningv1.Employee {
		return &planningv1.Employee{Nip: nip, FullName: name, DisplayName: name, EmploymentType: cpns, Rank: "III/a", Agency: agency,
			Supervisor: sup, Position: "pranata-komputer"}
	}
	retired := e(retiredStaff, "Harun Nasution", "DISKOMINFO", kabid)
	retired.Status = planningv1.EmployeeStatus_EMPLOYEE_STATUS_RETIRED
	return append(out, e(cpnsKominfo1, "Rizky Ananda", "DISKOMINFO", kabid), e(cpnsKominfo2, "Putri Lestari", "DISKOMINFO", kabid),
		e(cpnsDinkes, "Dimas Saragih", "DINKES", dinkesHead), e(planner, "Yusuf Harahap", "BAPPEDA", ""), retired)
}

// internSuite is the suite with its agreement and cohort.
type internSuite struct {
	suite
	agreement domain.Agreement
	cohort    domain.Cohort
}

// newInternSuite opens the suite on engine on Monday 2 March 2026 with the partner, the
// agreement, the two programmes and the cohort.
func newInternSuite(t *testing.T, engine testenv.Engine) *internSuite {
	s := &internSuite{suite: newSuite(t, newEnv(t, engine, internPeople()...), at("2026-03-02", 8, 0))}
	mustPartner(t, s.suite, partnerUSU())
	s.agreement = mustAgreement(t, s.suite, internAgreement("usu", "PKS/001/USU/2026", "2026-01-01", "2027-12-31"))
	for _, p := range []domain.Programme{
		{ID: "magang-tik", Title: "Magang Teknologi Informasi", Type: domain.Technical, Competencies: []string{"technical:network-administration"},
			Form: domain.Internship, JP: 60, Provider: "Universitas Sumatera Utara", Kind: domain.UniversityPartner, Partner: "usu"},
		{ID: "kelas-jaringan", Title: "Dasar Jaringan Komputer", Type: domain.Technical, Form: domain.Classroom, Minutes: 24 * 60,
			Provider: "UPT Pelatihan BKPSDM Kota Medan", Kind: domain.CityTrainingUnit, Certificate: true},
	} {
		if _, err := s.app.CreateProgramme(cityHR, p); err != nil {
			t.Fatalf("creating programme %s: %v", p.ID, err)
		}
	}
	c, err := s.app.CreateCohort(cityHR, springCohort(s.agreement))
	if err != nil {
		t.Fatalf("creating the cohort: %v", err)
	}
	s.cohort = c
	return s
}

// springCohort is the cohort of 2 March – 29 May 2026 under a.
func springCohort(a domain.Agreement) domain.Cohort {
	return domain.Cohort{Agreement: a.ID, Name: "Magang TIK 2026 Gelombang 1", Programme: "magang-tik",
		Start: internDay("2026-03-02"), End: internDay("2026-05-29"), Quotas: map[string]int{"DISKOMINFO": 3, "DINKES": 1}}
}

// intern is an employee participant of the cohort with mentor.
func (s *internSuite) intern(nip, mentor string) domain.Placement {
	return domain.Placement{Cohort: s.cohort.ID, Kind: domain.ParticipantEmployee, Employee: nip, Unit: "Bidang Aplikasi Informatika", Mentor: mentor}
}

// student is a student participant of the cohort in agency with mentor.
func (s *internSuite) student(name, number, agency, mentor string) domain.Placement {
	return domain.Placement{Cohort: s.cohort.ID, Kind: domain.ParticipantStudent, Agency: agency, Unit: "Bidang Aplikasi Informatika", Mentor: mentor,
		Student: domain.Student{Name: name, Number: number, StudyProgramme: "Teknologi Informasi"}}
}

// TestInternshipCohorts opens cohorts under agreements: dates inside the agreement's, the
// catalogue's internship programme, an agreement not expired, city HR only; agency HR reads the
// cohorts with seats for their agency.
func TestInternshipCohorts(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := newInternSuite(t, engine)
		old := mustAgreement(t, s.suite, internAgreement("usu", "PKS/009/USU/2024", "2024-01-01", "2025-12-31"))
		tests := []struct {
			name  string
			ctx   context.Context
			edit  func(*domain.Cohort)
			kind  errs.Kind
			field string
		}{
			{"the agreement's first and last day", cityHR, func(c *domain.Cohort) { c.Start, c.End = internDay("2026-01-01"), internDay("2027-12-31") }, 0, ""},
			{"starts before the agreement", cityHR, func(c *domain.Cohort) { c.Start = internDay("2025-12-31") }, errs.Invalid, "cohort.start_date"},
			{"ends after the agreement", cityHR, func(c *domain.Cohort) { c.End = internDay("2028-01-01") }, errs.Invalid, "cohort.end_date"},
			{"a classroom programme", cityHR, func(c *domain.Cohort) { c.Programme = "kelas-jaringan" }, errs.Invalid, "cohort.programme"},
			{"no such programme", cityHR, func(c *domain.Cohort) { c.Programme = "magang-hukum" }, errs.Invalid, "cohort.programme"},
			{"no such agreement", cityHR, func(c *domain.Cohort) { c.Agreement = "0190-none" }, errs.Invalid, "cohort.agreement"},
			{"no seats", cityHR, func(c *domain.Cohort) { c.Quotas = map[string]int{"DINKES": 0} }, errs.Invalid, "cohort.quotas[DINKES]"},
			{"an expired agreement", cityHR, func(c *domain.Cohort) {
				c.Agreement, c.Start, c.End = old.ID, internDay("2025-03-01"), internDay("2025-05-31")
			}, errs.FailedPrecondition, ""},
			{"agency HR may not", kominfoHR, func(*domain.Cohort) {}, errs.PermissionDenied, ""},
			{"the auditor may not", auditor, func(*domain.Cohort) {}, errs.PermissionDenied, ""},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				c := springCohort(s.agreement)
				tt.edit(&c)
				before := s.count(t, `SELECT COUNT(*) FROM internship_cohorts`)
				got, err := s.app.CreateCohort(tt.ctx, c)
				if tt.kind != 0 {
					testenv.WantKind(t, err, tt.kind, tt.field)
					if n := s.count(t, `SELECT COUNT(*) FROM internship_cohorts`); n != before {
						t.Errorf("cohorts %d, want %d: a refused call wrote", n, before)
					}
					return
				}
				if err != nil || got.Partner != "usu" || got.Version != 1 {
					t.Fatalf("created %+v, %v", got, err)
				}
			})
		}
		bappedaHR := testenv.As(context.Background(), auth.RoleAgencyHR, "BAPPEDA", "bappeda-hr")
		if c, err := s.app.GetCohort(kominfoHR, s.cohort.ID); err != nil || c.Quotas["DISKOMINFO"] != 3 || c.Placed["DISKOMINFO"] != 0 {
			t.Errorf("DISKOMINFO's HR reads the cohort: %+v, %v", c, err)
		}
		_, seen := s.app.GetCohort(bappedaHR, s.cohort.ID)
		_, missing := s.app.GetCohort(bappedaHR, "0190-none")
		testenv.WantKind(t, seen, errs.PermissionDenied, "")
		if strings.ReplaceAll(seen.Error(), s.cohort.ID, "X") != strings.ReplaceAll(missing.Error(), "0190-none", "X") {
			t.Errorf("a cohort without seats for the caller reads %q, a missing one %q", seen, missing)
		}
		_, err := s.app.GetCohort(cityHR, "0190-none")
		testenv.WantKind(t, err, errs.NotFound, "")
		_, err = s.app.GetCohort(employee(staff1, "DISKOMINFO"), s.cohort.ID)
		testenv.WantKind(t, err, errs.PermissionDenied, "")
		if list, _, err := s.app.ListCohorts(bappedaHR, app.CohortQuery{}, 0, ""); err != nil || len(list) != 0 {
			t.Errorf("BAPPEDA's HR lists %d cohorts, %v; want none", len(list), err)
		}
		if list, _, err := s.app.ListCohorts(cityHR, app.CohortQuery{Agreement: s.agreement.ID}, 0, ""); err != nil || len(list) != 2 || list[0].Start.Year() != 2026 || list[1].ID != s.cohort.ID {
			t.Errorf("city HR lists %+v, %v; want the two cohorts, newest first", list, err)
		}
		_, _, err = s.app.ListCohorts(kominfoHR, app.CohortQuery{Agency: "DINKES"}, 0, "")
		testenv.WantKind(t, err, errs.PermissionDenied, "")
	})
}

// TestInternshipPlacements runs the cohort from placement to final assessment over the real
// store on every engine: who may place whom, the quota, who sees what, the logbook and its
// review, the assessment and the JP it credits, and the cohort report.
func TestInternshipPlacements(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := newInternSuite(t, engine)
		p := map[string]domain.Placement{} // by participant
		testenv.RunSteps(t, []testenv.Step{
			{Name: "place", Run: func(t *testing.T) { s.place(t, p) }},
			{Name: "quota", Run: func(t *testing.T) { s.quota(t, p) }},
			{Name: "visibility", Run: func(t *testing.T) { s.visibility(t, p) }},
			{Name: "logbook", Run: func(t *testing.T) { s.logbook(t, p) }},
			{Name: "assessment", Run: func(t *testing.T) { s.assessment(t, p) }},
			{Name: "report", Run: func(t *testing.T) { s.report(t, p) }},
		})
	})
}

func (s *internSuite) place(t *testing.T, p map[string]domain.Placement) {
	nadia := s.student("Nadia Putri", "201402001", "", staff1)
	tests := []struct {
		name  string
		ctx   context.Context
		in    domain.Placement
		kind  errs.Kind
		field string
	}{
		{"a CPNS by their agency's HR", kominfoHR, s.intern(cpnsKominfo1, kabid), 0, ""},
		{"the same CPNS again", kominfoHR, s.intern(cpnsKominfo1, staff1), errs.AlreadyExists, ""},
		{"a student, in the HR's agency", kominfoHR, nadia, 0, ""},
		{"the same student again", kominfoHR, s.student("Nadia P.", "201402001", "", kabid), errs.AlreadyExists, ""},
		{"another agency's employee", kominfoHR, s.intern(cpnsDinkes, kabid), errs.PermissionDenied, ""},
		{"an unknown NIP", kominfoHR, s.intern("200909092025011009", kabid), errs.PermissionDenied, ""},
		{"an unknown NIP by city HR", cityHR, s.intern("200909092025011009", kabid), errs.Invalid, "placement.employee"},
		{"a retired employee", cityHR, s.intern(retiredStaff, kabid), errs.Invalid, "placement.employee"},
		{"outside their own agency", cityHR, func() domain.Placement { x := s.intern(cpnsDinkes, kabid); x.Agency = "DISKOMINFO"; return x }(), errs.Invalid, "placement.agency"},
		{"a mentor of another agency", kominfoHR, s.intern(cpnsKominfo2, nurse), errs.Invalid, "placement.mentor"},
		{"a retired mentor", kominfoHR, s.intern(cpnsKominfo2, retiredStaff), errs.Invalid, "placement.mentor"},
		{"mentoring themselves", kominfoHR, s.intern(cpnsKominfo2, cpnsKominfo2), errs.Invalid, "placement.mentor"},
		{"a student without a number", kominfoHR, s.student("Budi", "", "", staff1), errs.Invalid, "placement.student.student_number"},
		{"both an employee and a student", kominfoHR, func() domain.Placement { x := s.intern(cpnsKominfo2, kabid); x.Student = nadia.Student; return x }(), errs.Invalid, "placement.student"},
		{"neither", kominfoHR, func() domain.Placement { x := s.intern("", kabid); x.Kind = ""; return x }(), errs.Invalid, "placement.participant"},
		{"no unit", kominfoHR, func() domain.Placement { x := s.intern(cpnsKominfo2, kabid); x.Unit = ""; return x }(), errs.Invalid, "placement.unit"},
		{"no such cohort", kominfoHR, func() domain.Placement { x := s.intern(cpnsKominfo2, kabid); x.Cohort = "0190-none"; return x }(), errs.Invalid, "placement.cohort"},
		{"an agency without seats", cityHR, s.student("Sari", "201402002", "BAPPEDA", planner), errs.Invalid, "placement.agency"},
		{"dates outside the cohort", kominfoHR, func() domain.Placement { x := s.intern(cpnsKominfo2, kabid); x.End = internDay("2026-06-30"); return x }(), errs.Invalid, "placement.end_date"},
		{"the last seat", kominfoHR, s.intern(cpnsKominfo2, kabid), 0, ""},
		{"over the quota", kominfoHR, s.student("Yusuf", "201402003", "", staff1), errs.FailedPrecondition, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := s.count(t, `SELECT COUNT(*) FROM internship_placements`)
			got, err := s.app.CreatePlacement(tt.ctx, tt.in)
			if tt.kind != 0 {
				e := testenv.WantKind(t, err, tt.kind, tt.field)
				if tt.kind == errs.FailedPrecondition && e.Reason != domain.ReasonQuotaFull {
					t.Errorf("reason %q, want %s", e.Reason, domain.ReasonQuotaFull)
				}
				if n := s.count(t, `SELECT COUNT(*) FROM internship_placements`); n != before {
					t.Errorf("placements %d, want %d: a refused call wrote", n, before)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.State != domain.PlacementStateActive || got.Agency != "DISKOMINFO" || !got.Start.Equal(s.cohort.Start) || !got.End.Equal(s.cohort.End) {
				t.Errorf("placed %+v", got)
			}
			key := got.Employee
			if key == "" {
				key = got.Student.Name
			}
			p[key] = got
		})
	}
	if x := p[cpnsKominfo1]; x.Name != "Rizky Ananda" || x.JP != 60 {
		t.Errorf("the CPNS's placement: name %q, JP %d; want Rizky Ananda, 60", x.Name, x.JP)
	}
	if x := p["Nadia Putri"]; x.Student.Institution != "usu" || x.JP != 0 || x.Name != "Nadia Putri" {
		t.Errorf("the student's placement: institution %q, JP %d, name %q; want the partner, 0 JP", x.Student.Institution, x.JP, x.Name)
	}
	// An unknown NIP and another agency's employee read the same to agency HR.
	_, other := s.app.CreatePlacement(kominfoHR, s.intern(cpnsDinkes, kabid))
	_, unknown := s.app.CreatePlacement(kominfoHR, s.intern("200909092025011009", kabid))
	if strings.ReplaceAll(other.Error(), cpnsDinkes, "N") != strings.ReplaceAll(unknown.Error(), "200909092025011009", "N") {
		t.Errorf("another agency's employee: %q; an unknown NIP: %q", other, unknown)
	}
	if n := s.count(t, `SELECT COUNT(*) FROM outbox WHERE subject = $1`, events.SubjectPlacementStarted); n != 3 {
		t.Errorf("%d placement.started events, want 3", n)
	}
	var started trainingv1.PlacementStarted
	var payload []byte
	if err := s.db.QueryRowContext(context.Background(), `SELECT payload FROM outbox WHERE subject = $1 ORDER BY id LIMIT 1`, events.SubjectPlacementStarted).Scan(&payload); err != nil {
		t.Fatal(err)
	}
	if err := proto.Unmarshal(payload, &started); err != nil || started.GetPlacement().GetParticipantName() != "Rizky Ananda" || started.GetPlacement().GetMentor() != kabid {
		t.Errorf("placement.started carries %v, %v", started.GetPlacement(), err)
	}
	if c, err := s.app.GetCohort(kominfoHR, s.cohort.ID); err != nil || c.Placed["DISKOMINFO"] != 3 {
		t.Errorf("seats taken %v, %v; want 3 of DISKOMINFO's", c.Placed, err)
	}
}

// quota fills DINKES's one seat, frees it by a withdrawal and fills it again.
func (s *internSuite) quota(t *testing.T, p map[string]domain.Placement) {
	x := s.intern(cpnsDinkes, nurse)
	x.Unit = "Seksi Surveilans"
	dimas, err := s.app.CreatePlacement(dinkesHR, x)
	if err != nil {
		t.Fatal(err)
	}
	lia := s.student("Lia Hasibuan", "202001001", "", nurse)
	lia.Unit, lia.Student.Institution, lia.Student.StudyProgramme = "Seksi Surveilans", "Universitas Islam Negeri Sumatera Utara", "Kesehatan Masyarakat"
	_, err = s.app.CreatePlacement(dinkesHR, lia)
	if e := testenv.WantKind(t, err, errs.FailedPrecondition, ""); e.Reason != domain.ReasonQuotaFull {
		t.Fatalf("reason %q", e.Reason)
	}
	_, err = s.app.WithdrawPlacement(kominfoHR, dimas.ID, "", "pindah tugas")
	testenv.WantKind(t, err, errs.PermissionDenied, "")
	_, err = s.app.WithdrawPlacement(dinkesHR, dimas.ID, "", " ")
	testenv.WantKind(t, err, errs.Invalid, "reason")
	_, err = s.app.WithdrawPlacement(dinkesHR, dimas.ID, "v9", "pindah tugas")
	testenv.WantKind(t, err, errs.Conflict, "")
	w, err := s.app.WithdrawPlacement(dinkesHR, dimas.ID, "v1", "Mengikuti Latsar gelombang Maret")
	if err != nil || w.State != domain.PlacementStateWithdrawn || w.Version != 2 {
		t.Fatalf("withdrawn %+v, %v", w, err)
	}
	var withdrawn trainingv1.PlacementWithdrawn
	var payload []byte
	if err := s.db.QueryRowContext(context.Background(), `SELECT payload FROM outbox WHERE subject = $1`, events.SubjectPlacementWithdrawn).Scan(&payload); err != nil {
		t.Fatalf("the placement.withdrawn event: %v", err)
	}
	if err := proto.Unmarshal(payload, &withdrawn); err != nil || withdrawn.GetPlacement().GetReason() != "Mengikuti Latsar gelombang Maret" ||
		withdrawn.GetPlacement().GetState() != trainingv1.PlacementState_PLACEMENT_STATE_WITHDRAWN || withdrawn.GetPlacement().GetEtag() != "v2" {
		t.Errorf("placement.withdrawn carries %v, %v", withdrawn.GetPlacement(), err)
	}
	if p["Lia Hasibuan"], err = s.app.CreatePlacement(dinkesHR, lia); err != nil {
		t.Fatalf("the freed seat: %v", err)
	}
	_, err = s.app.WithdrawPlacement(dinkesHR, dimas.ID, "", "again")
	testenv.WantKind(t, err, errs.FailedPrecondition, "")
	// Withdrawn, the employee may be placed again; the seat is Lia's now.
	_, err = s.app.CreatePlacement(dinkesHR, x)
	testenv.WantKind(t, err, errs.FailedPrecondition, "")
	p["withdrawn"] = w
}

// visibility: the participant, the mentor, the participant's supervisors, the agency's HR, city
// HR and the auditor see a placement; nobody else, and a missing one reads the same to them.
func (s *internSuite) visibility(t *testing.T, p map[string]domain.Placement) {
	rizky, nadia := p[cpnsKominfo1].ID, p["Nadia Putri"].ID
	tests := []struct {
		name string
		ctx  context.Context
		id   string
		ok   bool
	}{
		{"the participant", employee(cpnsKominfo1, "DISKOMINFO"), rizky, true},
		{"the mentor", employee(kabid, "DISKOMINFO"), rizky, true},
		{"a student's mentor", employee(staff1, "DISKOMINFO"), nadia, true},
		{"another participant", employee(cpnsKominfo2, "DISKOMINFO"), rizky, false},
		{"a mentor of others", employee(staff1, "DISKOMINFO"), rizky, false},
		{"a colleague", employee(staff2, "DISKOMINFO"), nadia, false},
		{"the participant's head of agency as supervisor", supervisor(kominfoHead, "DISKOMINFO"), rizky, true},
		{"another supervisor", supervisor(dinkesHead, "DINKES"), rizky, false},
		{"the agency's HR", kominfoHR, nadia, true},
		{"another agency's HR", dinkesHR, rizky, false},
		{"city HR", cityHR, nadia, true},
		{"the auditor", auditor, rizky, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.app.GetPlacement(tt.ctx, tt.id)
			if !tt.ok {
				testenv.WantKind(t, err, errs.PermissionDenied, "")
				_, missing := s.app.GetPlacement(tt.ctx, "0190-none")
				if strings.ReplaceAll(err.Error(), tt.id, "X") != strings.ReplaceAll(missing.Error(), "0190-none", "X") {
					t.Errorf("an unseen placement reads %q, a missing one %q", err, missing)
				}
				return
			}
			if err != nil || got.ID != tt.id {
				t.Fatalf("%+v, %v", got, err)
			}
		})
	}
	_, err := s.app.GetPlacement(cityHR, "0190-none")
	testenv.WantKind(t, err, errs.NotFound, "")
	lists := []struct {
		name string
		ctx  context.Context
		q    app.PlacementQuery
		want []string // participants' names
		kind errs.Kind
	}{
		{"a mentor's", employee(kabid, "DISKOMINFO"), app.PlacementQuery{}, []string{"Rizky Ananda", "Putri Lestari"}, 0},
		{"a student's mentor's", employee(staff1, "DISKOMINFO"), app.PlacementQuery{}, []string{"Nadia Putri"}, 0},
		{"a participant's", employee(cpnsKominfo1, "DISKOMINFO"), app.PlacementQuery{}, []string{"Rizky Ananda"}, 0},
		{"a colleague's", employee(staff2, "DISKOMINFO"), app.PlacementQuery{}, nil, 0},
		{"a supervisor's subordinate", supervisor(kominfoHead, "DISKOMINFO"), app.PlacementQuery{Employee: cpnsKominfo2}, []string{"Putri Lestari"}, 0},
		{"another's subordinate", supervisor(dinkesHead, "DINKES"), app.PlacementQuery{Employee: cpnsKominfo2}, nil, 0},
		{"the agency's HR", kominfoHR, app.PlacementQuery{}, []string{"Rizky Ananda", "Nadia Putri", "Putri Lestari"}, 0},
		{"the agency's HR, by mentor", kominfoHR, app.PlacementQuery{Mentor: staff1}, []string{"Nadia Putri"}, 0},
		{"another agency's HR asking", dinkesHR, app.PlacementQuery{Agency: "DISKOMINFO"}, nil, errs.PermissionDenied},
		{"city HR, the cohort's active", cityHR, app.PlacementQuery{Cohort: s.cohort.ID, State: domain.PlacementStateActive},
			[]string{"Rizky Ananda", "Nadia Putri", "Putri Lestari", "Lia Hasibuan"}, 0},
		{"city HR, a bad state", cityHR, app.PlacementQuery{State: "paused"}, nil, errs.Invalid},
	}
	for _, tt := range lists {
		t.Run("list "+tt.name, func(t *testing.T) {
			var got []string
			token := ""
			for {
				page, next, err := s.app.ListPlacements(tt.ctx, tt.q, 2, token)
				if tt.kind != 0 {
					testenv.WantKind(t, err, tt.kind, "")
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				for _, x := range page {
					got = append(got, x.Name)
				}
				if token = next; token == "" {
					break
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// logbook: the employee participant writes their own entries, the mentor a student's; the mentor
// reviews each.
func (s *internSuite) logbook(t *testing.T, p map[string]domain.Placement) {
	s.clock.set(at("2026-03-06", 17, 0))
	rizky, nadia := p[cpnsKominfo1].ID, p["Nadia Putri"].ID
	entry := func(placement, date string, hours float64) domain.LogbookEntry {
		return domain.LogbookEntry{Placement: placement, Date: internDay(date), Activities: "Konfigurasi VLAN dan dokumentasi jaringan kantor",
			Hours: hours, Outcome: "Topologi jaringan lantai 2 terdokumentasi"}
	}
	written := map[string]domain.LogbookEntry{}
	tests := []struct {
		name  string
		ctx   context.Context
		in    domain.LogbookEntry
		kind  errs.Kind
		field string
	}{
		{"the participant", employee(cpnsKominfo1, "DISKOMINFO"), entry(rizky, "2026-03-02", 7.5), 0, ""},
		{"the participant, the same day again", employee(cpnsKominfo1, "DISKOMINFO"), entry(rizky, "2026-03-02", 2), errs.AlreadyExists, ""},
		{"the participant, next day", employee(cpnsKominfo1, "DISKOMINFO"), entry(rizky, "2026-03-03", 8), 0, ""},
		{"the participant, today", employee(cpnsKominfo1, "DISKOMINFO"), entry(rizky, "2026-03-06", 6), 0, ""},
		{"tomorrow", employee(cpnsKominfo1, "DISKOMINFO"), entry(rizky, "2026-03-07", 6), errs.Invalid, "logbook_entry.date"},
		{"before the placement", employee(cpnsKominfo1, "DISKOMINFO"), entry(rizky, "2026-03-01", 6), errs.Invalid, "logbook_entry.date"},
		{"no hours", employee(cpnsKominfo1, "DISKOMINFO"), entry(rizky, "2026-03-04", 0), errs.Invalid, "logbook_entry.hours"},
		{"the mentor for an employee", employee(kabid, "DISKOMINFO"), entry(rizky, "2026-03-04", 6), errs.PermissionDenied, ""},
		{"the agency's HR", kominfoHR, entry(rizky, "2026-03-04", 6), errs.PermissionDenied, ""},
		{"a colleague", employee(staff2, "DISKOMINFO"), entry(rizky, "2026-03-04", 6), errs.PermissionDenied, ""},
		{"the mentor for a student", employee(staff1, "DISKOMINFO"), entry(nadia, "2026-03-02", 8), 0, ""},
		{"someone else for a student", employee(cpnsKominfo1, "DISKOMINFO"), entry(nadia, "2026-03-03", 8), errs.PermissionDenied, ""},
		{"a withdrawn placement", employee(cpnsDinkes, "DINKES"), entry(p["withdrawn"].ID, "2026-03-03", 8), errs.FailedPrecondition, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.app.CreateLogbookEntry(tt.ctx, tt.in)
			if tt.kind != 0 {
				testenv.WantKind(t, err, tt.kind, tt.field)
				return
			}
			if err != nil || got.Review != domain.LogbookPending || got.Version != 1 {
				t.Fatalf("written %+v, %v", got, err)
			}
			written[got.Placement+" "+got.Date.Format("2006-01-02")] = got
		})
	}
	if got := written[nadia+" 2026-03-02"].Author; got != staff1 {
		t.Errorf("the student's entry was written by %q, want the mentor", got)
	}
	first, nadiaFirst := written[rizky+" 2026-03-02"], written[nadia+" 2026-03-02"]
	reviews := []struct {
		name      string
		ctx       context.Context
		placement string
		entry     string
		etag      string
		in        app.LogbookReviewInput
		want      domain.LogbookReview
		kind      errs.Kind
		field     string
	}{
		{"by the participant", employee(cpnsKominfo1, "DISKOMINFO"), rizky, first.ID, "", app.LogbookReviewInput{Approve: true}, "", errs.PermissionDenied, ""},
		{"by the agency's HR", kominfoHR, rizky, first.ID, "", app.LogbookReviewInput{Approve: true}, "", errs.PermissionDenied, ""},
		{"a comment without text", employee(kabid, "DISKOMINFO"), rizky, first.ID, "", app.LogbookReviewInput{Comment: " "}, "", errs.Invalid, "comment"},
		{"under another placement", employee(kabid, "DISKOMINFO"), p[cpnsKominfo2].ID, first.ID, "", app.LogbookReviewInput{Approve: true}, "", errs.NotFound, ""},
		{"a comment", employee(kabid, "DISKOMINFO"), rizky, first.ID, "v1", app.LogbookReviewInput{Comment: "Lampirkan diagram topologi"}, domain.LogbookCommented, 0, ""},
		{"a stale etag", employee(kabid, "DISKOMINFO"), rizky, first.ID, "v1", app.LogbookReviewInput{Approve: true}, "", errs.Conflict, ""},
		{"approved", employee(kabid, "DISKOMINFO"), rizky, first.ID, "v2", app.LogbookReviewInput{Approve: true}, domain.LogbookApproved, 0, ""},
		{"approved again", employee(kabid, "DISKOMINFO"), rizky, first.ID, "", app.LogbookReviewInput{Approve: true}, "", errs.FailedPrecondition, ""},
		{"the student's, by the mentor", employee(staff1, "DISKOMINFO"), nadia, nadiaFirst.ID, "", app.LogbookReviewInput{Approve: true}, domain.LogbookApproved, 0, ""},
	}
	for _, tt := range reviews {
		t.Run("review "+tt.name, func(t *testing.T) {
			got, err := s.app.ReviewLogbookEntry(tt.ctx, tt.placement, tt.entry, tt.etag, tt.in)
			if tt.kind != 0 {
				testenv.WantKind(t, err, tt.kind, tt.field)
				return
			}
			if err != nil || got.Review != tt.want || got.Reviewer == "" {
				t.Fatalf("reviewed %+v, %v", got, err)
			}
		})
	}
	var dates []string
	token := ""
	for {
		page, next, err := s.app.ListLogbookEntries(supervisor(kabid, "DISKOMINFO"), rizky, 2, token)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range page {
			dates = append(dates, e.Date.Format("2006-01-02")+" "+string(e.Review))
		}
		if token = next; token == "" {
			break
		}
	}
	if want := []string{"2026-03-02 approved", "2026-03-03 pending", "2026-03-06 pending"}; !slices.Equal(dates, want) {
		t.Errorf("the logbook reads %q, want %q", dates, want)
	}
	_, _, err := s.app.ListLogbookEntries(employee(staff2, "DISKOMINFO"), rizky, 0, "")
	testenv.WantKind(t, err, errs.PermissionDenied, "")
	if got := s.audits(t, app.LogbookEntryName(rizky, first.ID)); len(got) != 3 || got[0] != "reviewed: approved" {
		t.Errorf("audit %q", got)
	}
}

// assessment: on or after the last day the mentor (or the agency's HR) assesses; an employee who
// passed is credited the programme's JP, a student or an employee who did not pass nothing.
func (s *internSuite) assessment(t *testing.T, p map[string]domain.Placement) {
	rizky, putri, nadia := p[cpnsKominfo1].ID, p[cpnsKominfo2].ID, p["Nadia Putri"].ID
	s.clock.set(at("2026-05-28", 15, 0))
	_, err := s.app.AssessPlacement(employee(kabid, "DISKOMINFO"), rizky, "", app.Assessment{Score: 88, Passed: true})
	testenv.WantKind(t, err, errs.FailedPrecondition, "")
	s.clock.set(at("2026-05-29", 9, 0))
	tests := []struct {
		name   string
		ctx    context.Context
		id     string
		in     app.Assessment
		kind   errs.Kind
		field  string
		credit int // JP credited
	}{
		{"by the participant", employee(cpnsKominfo1, "DISKOMINFO"), rizky, app.Assessment{Score: 100, Passed: true}, errs.PermissionDenied, "", 0},
		{"by another mentor", employee(staff1, "DISKOMINFO"), rizky, app.Assessment{Score: 88, Passed: true}, errs.PermissionDenied, "", 0},
		{"by the participant's supervisor, not the mentor", supervisor(kominfoHead, "DISKOMINFO"), putri, app.Assessment{Score: 88, Passed: true}, errs.PermissionDenied, "", 0},
		{"a score over 100", employee(kabid, "DISKOMINFO"), rizky, app.Assessment{Score: 101, Passed: true}, errs.Invalid, "score", 0},
		{"an employee who passed, by the mentor", employee(kabid, "DISKOMINFO"), rizky, app.Assessment{Score: 88, Passed: true, Notes: "Mandiri dan teliti"}, 0, "", 60},
		{"assessed again", employee(kabid, "DISKOMINFO"), rizky, app.Assessment{Score: 90, Passed: true}, errs.FailedPrecondition, "", 0},
		{"an employee who did not pass, by the agency's HR", kominfoHR, putri, app.Assessment{Score: 55, Notes: "Logbook tidak lengkap"}, 0, "", 0},
		{"a student who passed", employee(staff1, "DISKOMINFO"), nadia, app.Assessment{Score: 90, Passed: true}, 0, "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.app.AssessPlacement(tt.ctx, tt.id, "", tt.in)
			if tt.kind != 0 {
				testenv.WantKind(t, err, tt.kind, tt.field)
				return
			}
			if err != nil || got.State != domain.PlacementStateCompleted || got.Score != tt.in.Score || got.Passed != tt.in.Passed {
				t.Fatalf("assessed %+v, %v", got, err)
			}
			credit := 0
			if e, ok := domain.InternshipEntry(got); ok && !e.Projected {
				credit = e.JP
			}
			if credit != tt.credit {
				t.Errorf("credits %d JP, want %d", credit, tt.credit)
			}
		})
	}
	if n := s.count(t, `SELECT COUNT(*) FROM outbox WHERE subject = $1`, events.SubjectPlacementCompleted); n != 3 {
		t.Errorf("%d placement.completed events, want 3", n)
	}
	var credits []string
	rows, err := s.db.QueryContext(context.Background(), `SELECT payload FROM outbox WHERE subject = $1`, events.SubjectJPCreditedInternship)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var payload []byte
		var m trainingv1.JPCredited
		if err := rows.Scan(&payload); err != nil {
			t.Fatal(err)
		}
		if err := proto.Unmarshal(payload, &m); err != nil {
			t.Fatal(err)
		}
		if m.GetSource() == string(domain.FromInternship) {
			credits = append(credits, fmt.Sprintf("%s %s %d %d JP %s %q", m.GetEmployee(), m.GetAgency(), m.GetYear(), m.GetJp(), m.GetReference(), m.GetTitle()))
		}
	}
	if want := []string{fmt.Sprintf("%s DISKOMINFO 2026 60 JP %s %q", cpnsKominfo1, app.PlacementName(rizky), "Magang Teknologi Informasi")}; !slices.Equal(credits, want) {
		t.Errorf("jp.credited: %q, want %q", credits, want)
	}
	// What the JP ledger reads: completed and passed, the employee's, the JP copied.
	if n := s.count(t, `SELECT COUNT(*) FROM internship_placements WHERE employee = $1 AND state = 'completed' AND passed = 1 AND jp = 60 AND end_date = '2026-05-29'`, cpnsKominfo1); n != 1 {
		t.Errorf("the ledger's row of the passed CPNS: %d, want 1", n)
	}
	_, err = s.app.CreateLogbookEntry(employee(cpnsKominfo1, "DISKOMINFO"), domain.LogbookEntry{Placement: rizky, Date: internDay("2026-05-29"), Activities: "x", Hours: 1})
	testenv.WantKind(t, err, errs.FailedPrecondition, "")
	if got := s.audits(t, app.PlacementName(rizky)); len(got) != 2 || !strings.Contains(got[0], "60 JP credited to "+cpnsKominfo1+" for 2026") {
		t.Errorf("audit %q", got)
	}
}

// report: per agency its seats, placements, mentors, average score and logbook reviews; agency
// HR sees their agency's row only.
func (s *internSuite) report(t *testing.T, p map[string]domain.Placement) {
	csv, err := s.app.ExportCohortReport(cityHR, s.cohort.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Join([]string{
		"agency,quota,placed,active,completed,passed,withdrawn,employees,students,average_score,mentors,logbook_reviewed,logbook_pending",
		"DINKES,1,1,1,0,0,1,0,1,,198808082012012006 Rina Perawat,0,0",
		"DISKOMINFO,3,3,0,3,2,0,2,1,77.7,198001012005011002 Kabid Aplikasi; 199001012015031003 Andi Pranata,2,2",
		"TOTAL,4,4,1,3,2,1,2,2,77.7,198001012005011002 Kabid Aplikasi; 198808082012012006 Rina Perawat; 199001012015031003 Andi Pranata,2,2",
	}, "\n") + "\n"
	if string(csv) != want {
		t.Errorf("the cohort report:\n%s\nwant:\n%s", csv, want)
	}
	r, err := s.app.GetCohortReport(kominfoHR, s.cohort.ID)
	if err != nil || len(r.Rows) != 1 || r.Rows[0].Agency != "DISKOMINFO" || r.Total.Placed != 3 || r.Rows[0].Passed != 2 {
		t.Errorf("DISKOMINFO's HR reads %+v, %v; want their row only", r.Rows, err)
	}
	_, err = s.app.GetCohortReport(employee(staff1, "DISKOMINFO"), s.cohort.ID)
	testenv.WantKind(t, err, errs.PermissionDenied, "")
	_, err = s.app.GetCohortReport(testenv.As(context.Background(), auth.RoleAgencyHR, "BAPPEDA", "bappeda-hr"), s.cohort.ID)
	testenv.WantKind(t, err, errs.PermissionDenied, "")
}

// TestPlacementQuotaUnderConcurrency: twenty agency HR calls placing students at the same moment
// into an agency with five seats fill exactly five; the count runs under the cohort's lock.
func TestPlacementQuotaUnderConcurrency(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := newInternSuite(t, engine)
		c := springCohort(s.agreement)
		c.Name, c.Quotas = "Magang TIK 2026 Gelombang 2", map[string]int{"DISKOMINFO": 5}
		cohort, err := s.app.CreateCohort(cityHR, c)
		if err != nil {
			t.Fatal(err)
		}
		s.cohort = cohort
		const callers = 20
		var wg sync.WaitGroup
		results := make([]error, callers)
		for i := range callers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, results[i] = s.app.CreatePlacement(kominfoHR, s.student(fmt.Sprintf("Mahasiswa %02d", i), fmt.Sprintf("2014020%02d", i), "", staff1))
			}()
		}
		wg.Wait()
		placed, full := 0, 0
		for _, err := range results {
			switch e, _ := errs.As(err); {
			case err == nil:
				placed++
			case e != nil && e.Reason == domain.ReasonQuotaFull:
				full++
			default:
				t.Errorf("unexpected error: %v", err)
			}
		}
		if placed != 5 || full != callers-5 {
			t.Errorf("%d placed, %d refused as full; want 5 and %d", placed, full, callers-5)
		}
		if n := s.count(t, `SELECT COUNT(*) FROM internship_placements WHERE cohort = $1`, cohort.ID); n != 5 {
			t.Errorf("%d placements stored, want 5", n)
		}
	})
}
