package app_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/testenv"
	"github.com/simpeg-id/simpeg/services/training/internal/app"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

// The competency names of the fixture positions (harness_test.go's standards).
const (
	netAdmin   = "technical:network-administration"
	dataAn     = "technical:data-analysis"
	pubService = "socio-cultural:public-service"
	leadership = "managerial:leadership"
)

// day is a date as an assessment carries it.
func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

// assess is an assessment of employee's competency at level on date from source.
func assess(employee, competency string, level int, date string, source domain.AssessmentSource) domain.Assessment {
	return domain.Assessment{Employee: employee, Competency: competency, Level: level, Date: day(date), Source: source, Note: "uji kompetensi"}
}

// kabidHR is the head of the applications division acting as the agency's HR (an HR officer who
// is also an employee of the directory).
var kabidHR = testenv.As(context.Background(), auth.RoleAgencyHR, "DISKOMINFO", kabid)

func TestRecordAssessment(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := newSuite(t, newEnv(t, engine), at("2026-03-02", 9, 0))
		tests := []struct {
			name  string
			ctx   context.Context
			in    domain.Assessment
			kind  errs.Kind // -1: recorded
			field string
		}{
			{"agency HR assesses their employee", kominfoHR, assess(staff1, netAdmin, 2, "2026-02-10", domain.FromAssessment), -1, ""},
			{"city HR records a training's assessment", cityHR, assess(nurse, "technical:patient-care", 3, "2026-01-15", domain.FromTraining), -1, ""},
			{"the employee assesses themselves", employee(staff1, "DISKOMINFO"), assess("", dataAn, 3, "2026-03-01", domain.FromSelfAssessment), -1, ""},
			{"another agency's HR", dinkesHR, assess(staff1, netAdmin, 2, "2026-02-10", domain.FromAssessment), errs.PermissionDenied, ""},
			{"an employee may not record a formal assessment", employee(staff1, "DISKOMINFO"), assess(staff1, netAdmin, 5, "2026-02-10", domain.FromAssessment), errs.PermissionDenied, ""},
			{"a self-assessment of someone else", employee(staff1, "DISKOMINFO"), assess(staff2, netAdmin, 5, "2026-02-10", domain.FromSelfAssessment), errs.PermissionDenied, ""},
			{"HR may not self-assess for an employee", kominfoHR, assess(staff1, netAdmin, 5, "2026-02-10", domain.FromSelfAssessment), errs.PermissionDenied, ""},
			{"an unknown NIP, agency HR: as if of another agency", kominfoHR, assess("199901012020011099", netAdmin, 2, "2026-02-10", domain.FromAssessment), errs.PermissionDenied, ""},
			{"an unknown NIP, city HR", cityHR, assess("199901012020011099", netAdmin, 2, "2026-02-10", domain.FromAssessment), errs.NotFound, ""},
			{"level 0", kominfoHR, assess(staff1, netAdmin, 0, "2026-02-10", domain.FromAssessment), errs.Invalid, "assessment.level"},
			{"level 6", kominfoHR, assess(staff1, netAdmin, 6, "2026-02-10", domain.FromAssessment), errs.Invalid, "assessment.level"},
			{"a name planning does not use", kominfoHR, assess(staff1, "jaringan komputer", 2, "2026-02-10", domain.FromAssessment), errs.Invalid, "assessment.competency"},
			{"a date to come", kominfoHR, assess(staff1, netAdmin, 2, "2026-03-04", domain.FromAssessment), errs.Invalid, "assessment.date"},
			{"no source", kominfoHR, assess(staff1, netAdmin, 2, "2026-02-10", ""), errs.Invalid, "assessment.source"},
		}
		for _, tt := range tests {
			got, err := s.app.RecordAssessment(tt.ctx, tt.in)
			if tt.kind != -1 {
				testenv.WantKind(t, err, tt.kind, tt.field)
				continue
			}
			if err != nil {
				t.Fatalf("%s: %v", tt.name, err)
			}
			self := tt.in.Source == domain.FromSelfAssessment
			if got.ID == "" || got.Version != 1 || got.Counts() == self || got.Agency == "" || got.RecordedBy == "" {
				t.Errorf("%s: recorded %+v; want an id, version 1, counting unless a self-assessment, the agency and the recorder", tt.name, got)
			}
			if a := s.audits(t, app.AssessmentName(got.ID)); len(a) != 1 {
				t.Errorf("%s: audit %q, want one record", tt.name, a)
			}
		}
		if n := s.count(t, `SELECT COUNT(*) FROM assessments`); n != 3 {
			t.Errorf("%d assessments stored, want the 3 accepted (nothing of the refused)", n)
		}
	})
}

func TestVerifyAssessment(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := newSuite(t, newEnv(t, engine), at("2026-03-02", 9, 0))
		self, err := s.app.RecordAssessment(employee(staff1, "DISKOMINFO"), assess("", dataAn, 3, "2026-03-01", domain.FromSelfAssessment))
		if err != nil {
			t.Fatal(err)
		}
		own, err := s.app.RecordAssessment(kabidHR, assess(kabid, leadership, 4, "2026-03-01", domain.FromSelfAssessment))
		if err != nil {
			t.Fatal(err)
		}
		formal, err := s.app.RecordAssessment(kominfoHR, assess(staff1, netAdmin, 2, "2026-02-10", domain.FromAssessment))
		if err != nil {
			t.Fatal(err)
		}
		testenv.RunSteps(t, []testenv.Step{
			{Name: "the employee may not verify their own", Run: func(t *testing.T) {
				_, err := s.app.VerifyAssessment(employee(staff1, "DISKOMINFO"), self.ID, "")
				testenv.WantKind(t, err, errs.PermissionDenied, "")
			}},
			{Name: "nor an HR officer theirs", Run: func(t *testing.T) {
				_, err := s.app.VerifyAssessment(kabidHR, own.ID, "")
				testenv.WantKind(t, err, errs.PermissionDenied, "")
			}},
			{Name: "nor another agency's HR", Run: func(t *testing.T) {
				_, err := s.app.VerifyAssessment(dinkesHR, self.ID, "")
				testenv.WantKind(t, err, errs.PermissionDenied, "")
			}},
			{Name: "a stale etag", Run: func(t *testing.T) {
				_, err := s.app.VerifyAssessment(kominfoHR, self.ID, "v7")
				testenv.WantKind(t, err, errs.Conflict, "")
			}},
			{Name: "an unknown assessment: denied to agency HR, not found to city HR", Run: func(t *testing.T) {
				_, err := s.app.VerifyAssessment(kominfoHR, "nope", "")
				testenv.WantKind(t, err, errs.PermissionDenied, "")
				_, err = s.app.VerifyAssessment(cityHR, "nope", "")
				testenv.WantKind(t, err, errs.NotFound, "")
			}},
			{Name: "a formal assessment needs no verification", Run: func(t *testing.T) {
				_, err := s.app.VerifyAssessment(kominfoHR, formal.ID, "")
				testenv.WantKind(t, err, errs.FailedPrecondition, "")
			}},
			{Name: "agency HR verifies: the level counts", Run: func(t *testing.T) {
				s.clock.set(at("2026-03-03", 10, 0))
				got, err := s.app.VerifyAssessment(kominfoHR, self.ID, "v1")
				if err != nil || !got.Verified || got.VerifiedBy != "kominfo-hr" || got.Version != 2 || !got.VerifyTime.Equal(at("2026-03-03", 10, 0)) {
					t.Fatalf("verified %+v, %v", got, err)
				}
				if a := s.audits(t, app.AssessmentName(self.ID)); len(a) != 2 {
					t.Errorf("audit %q, want recorded and verified", a)
				}
			}},
			{Name: "not twice", Run: func(t *testing.T) {
				_, err := s.app.VerifyAssessment(cityHR, self.ID, "")
				testenv.WantKind(t, err, errs.FailedPrecondition, "")
			}},
		})
	})
}

func TestCompetencyProfile(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := newSuite(t, newEnv(t, engine), at("2026-03-02", 9, 0))
		s.seedProgramme(t, "ict-net", "", "UPT Pelatihan Kota", false, netAdmin, dataAn)
		s.seedProgramme(t, "kominfo-net", "DISKOMINFO", "Diskominfo", false, netAdmin)
		s.seedProgramme(t, "dinkes-net", "DINKES", "Dinkes", false, netAdmin)
		s.seedProgramme(t, "old-net", "", "UPT Pelatihan Kota", true, netAdmin)
		for _, a := range []struct {
			ctx context.Context
			a   domain.Assessment
		}{
			{kominfoHR, assess(staff1, netAdmin, 1, "2025-01-20", domain.FromAssessment)},
			{kominfoHR, assess(staff1, netAdmin, 2, "2025-11-05", domain.FromTraining)}, // latest: 2 of 3
			{employee(staff1, "DISKOMINFO"), assess(staff1, dataAn, 3, "2026-02-01", domain.FromSelfAssessment)},
			{kominfoHR, assess(staff1, pubService, 2, "2025-06-01", domain.FromAssessment)}, // met
		} {
			if _, err := s.app.RecordAssessment(a.ctx, a.a); err != nil {
				t.Fatal(err)
			}
		}
		gapsOf := func(p app.CompetencyProfile) []string {
			var out []string
			for _, g := range p.Gaps {
				out = append(out, g.Competency+":"+itoa(g.Required)+"-"+itoa(g.Assessed)+"="+itoa(g.Gap.Gap))
			}
			return out
		}
		testenv.RunSteps(t, []testenv.Step{
			{Name: "the unverified self-assessment does not count", Run: func(t *testing.T) {
				p, err := s.app.GetCompetencyProfile(employee(staff1, "DISKOMINFO"), "")
				if err != nil {
					t.Fatal(err)
				}
				want := []string{dataAn + ":2-0=2", netAdmin + ":3-2=1"}
				if got := gapsOf(p); !slices.Equal(got, want) {
					t.Errorf("gaps %q, want %q", got, want)
				}
				if len(p.Standards) != 3 || p.Standards[0] != (app.Standard{Competency: pubService, Level: 2}) {
					t.Errorf("standards %+v, want the 3 of pranata-komputer by name", p.Standards)
				}
				if len(p.Assessments) != 4 || p.Assessments[0].Competency != dataAn || p.Assessments[3].Level != 1 {
					t.Errorf("assessments %+v, want 4, newest first", p.Assessments)
				}
				if !slices.Equal(p.Gaps[1].Programmes, []string{"ict-net", "kominfo-net"}) {
					t.Errorf("programmes building %s: %q, want the city's and the agency's active ones", netAdmin, p.Gaps[1].Programmes)
				}
				if p.Employee.NIP != staff1 || p.Employee.Position != "pranata-komputer" {
					t.Errorf("employee %+v", p.Employee)
				}
			}},
			{Name: "verified, it closes the data-analysis gap", Run: func(t *testing.T) {
				p, _ := s.app.GetCompetencyProfile(kominfoHR, staff1)
				if _, err := s.app.VerifyAssessment(kominfoHR, p.Assessments[0].ID, ""); err != nil {
					t.Fatal(err)
				}
				p, err := s.app.GetCompetencyProfile(kominfoHR, staff1)
				if err != nil {
					t.Fatal(err)
				}
				if got, want := gapsOf(p), []string{netAdmin + ":3-2=1"}; !slices.Equal(got, want) {
					t.Errorf("gaps %q, want %q", got, want)
				}
			}},
			{Name: "who sees it", Run: func(t *testing.T) {
				tests := []struct {
					name string
					ctx  context.Context
					nip  string
					kind errs.Kind // -1: allowed
				}{
					{"the supervisor", supervisor(kabid, "DISKOMINFO"), staff1, -1},
					{"the head above the supervisor", supervisor(kominfoHead, "DISKOMINFO"), staff1, -1},
					{"an auditor", auditor, staff1, -1},
					{"city HR", cityHR, nurse, -1},
					{"a colleague", employee(staff2, "DISKOMINFO"), staff1, errs.PermissionDenied},
					{"another agency's HR", dinkesHR, staff1, errs.PermissionDenied},
					{"an unknown NIP to an employee", employee(staff2, "DISKOMINFO"), "199901012020011099", errs.PermissionDenied},
					{"an unknown NIP to city HR", cityHR, "199901012020011099", errs.NotFound},
				}
				for _, tt := range tests {
					_, err := s.app.GetCompetencyProfile(tt.ctx, tt.nip)
					if tt.kind == -1 {
						if err != nil {
							t.Errorf("%s: %v", tt.name, err)
						}
						continue
					}
					testenv.WantKind(t, err, tt.kind, "")
				}
			}},
		})
	})
}

func TestRecordPerformanceGap(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := newSuite(t, newEnv(t, engine), at("2026-02-02", 9, 0))
		finalised := at("2026-01-20", 10, 0)
		rating := func(pred domain.Predicate, source string, when time.Time) domain.Performance {
			return domain.Performance{Employee: staff2, Year: 2025, Predicate: pred, Source: source, Evaluated: when}
		}
		perf := func(t *testing.T) []string {
			t.Helper()
			p, err := s.app.GetCompetencyProfile(kominfoHR, staff2)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, r := range p.Performance {
				out = append(out, itoa(r.Year)+" "+string(r.Predicate))
			}
			return out
		}
		steps := []struct {
			name    string
			in      domain.Performance
			changed bool
			want    []string
		}{
			{"the annual rating: kurang, a gap", rating(domain.Kurang, "ev-1", finalised), true, []string{"2025 kurang"}},
			{"the same event redelivered", rating(domain.Kurang, "ev-1", finalised), false, []string{"2025 kurang"}},
			{"an older rating arriving late", rating(domain.SangatBaik, "ev-0", finalised.Add(-time.Hour)), false, []string{"2025 kurang"}},
			{"the objection decided: baik closes the gap", rating(domain.Baik, "ev-2", finalised.AddDate(0, 0, 10)), true, nil},
		}
		for _, st := range steps {
			changed, err := s.app.RecordPerformanceGap(context.Background(), st.in)
			if err != nil || changed != st.changed {
				t.Fatalf("%s: changed %v, %v; want %v", st.name, changed, err, st.changed)
			}
			if got := perf(t); !slices.Equal(got, st.want) {
				t.Errorf("%s: performance gaps %q, want %q", st.name, got, st.want)
			}
		}
		if a := s.audits(t, "employees/"+staff2+"/competencyProfile"); len(a) != 2 {
			t.Errorf("audit %q, want the two changes", a)
		}
		_, err := s.app.RecordPerformanceGap(context.Background(), domain.Performance{Employee: staff2, Year: 2025, Predicate: "cukup", Source: "ev-3", Evaluated: finalised})
		testenv.WantKind(t, err, errs.Invalid, "predicate")
	})
}

// itoa is strconv.Itoa, short for the tables.
func itoa(n int) string { return fmt.Sprint(n) }
