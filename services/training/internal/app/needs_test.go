package app_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/testenv"
	"github.com/simpeg-id/simpeg/services/training/internal/app"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

// TestListDevelopmentNeeds: DISKOMINFO's four employees against their positions' standards
// (harness_test.go): staff1 assessed at network administration 2 of 3 and public service 2 of
// 2, staff2 never assessed, kabid at network administration 2 of 2 and never at leadership
// (3), the head with no standard but rated kurang for 2025.
func TestListDevelopmentNeeds(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := newSuite(t, newEnv(t, engine), at("2026-03-02", 9, 0))
		s.seedProgramme(t, "ict-net", "", "UPT Pelatihan Kota", false, netAdmin, dataAn)
		s.seedProgramme(t, "lead", "", "BPSDM Provinsi", false, leadership)
		s.seedProgramme(t, "dinkes-net", "DINKES", "Dinkes", false, netAdmin)
		for _, a := range []domain.Assessment{
			assess(staff1, netAdmin, 2, "2025-11-05", domain.FromAssessment),
			assess(staff1, pubService, 2, "2025-06-01", domain.FromAssessment),
			assess(kabid, netAdmin, 2, "2025-06-01", domain.FromAssessment),
			assess(nurse, "technical:patient-care", 1, "2025-06-01", domain.FromAssessment), // another agency
		} {
			if _, err := s.app.RecordAssessment(cityHR, a); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.app.RecordPerformanceGap(context.Background(), domain.Performance{Employee: kominfoHead, Year: 2025,
			Predicate: domain.Kurang, Source: "ev-1", Evaluated: at("2026-01-20", 10, 0)}); err != nil {
			t.Fatal(err)
		}
		// needsOf renders a page: each employee's gaps and performance gap, then the competencies.
		needsOf := func(n app.DevelopmentNeeds) (emps, comps []string) {
			for _, e := range n.Employees {
				line := e.Employee[:4] + ":"
				for _, g := range e.Gaps {
					line += fmt.Sprintf(" %s=%d %q", g.Competency, g.Gap.Gap, g.Programmes)
				}
				if e.Performance != nil {
					line += fmt.Sprintf(" performance %d %s", e.Performance.Year, e.Performance.Predicate)
				}
				emps = append(emps, line)
			}
			for _, c := range n.Competencies {
				comps = append(comps, fmt.Sprintf("%s %d/%d %q", c.Competency, c.Employees, c.TotalGap, c.Programmes))
			}
			return emps, comps
		}
		wantComps := []string{
			dataAn + ` 2/4 ["ict-net"]`, // staff1 2, staff2 2; a tie with network administration, by name
			netAdmin + ` 2/4 ["ict-net"]`,
			leadership + ` 1/3 ["lead"]`,
			pubService + ` 1/2 []`,
		}
		testenv.RunSteps(t, []testenv.Step{
			{Name: "the first page of two", Run: func(t *testing.T) {
				n, err := s.app.ListDevelopmentNeeds(kominfoHR, "DISKOMINFO", 2026, 2, "")
				if err != nil {
					t.Fatal(err)
				}
				emps, comps := needsOf(n)
				want := []string{
					"1970: performance 2025 kurang",
					`1980: ` + leadership + `=3 ["lead"]`,
				}
				if !slices.Equal(emps, want) || !slices.Equal(comps, wantComps) || n.Next == "" || n.Year != 2026 {
					t.Errorf("page 1:\n%q\n%q\nnext %q; want\n%q\n%q", emps, comps, n.Next, want, wantComps)
				}
				n, err = s.app.ListDevelopmentNeeds(kominfoHR, "DISKOMINFO", 2026, 2, n.Next)
				if err != nil {
					t.Fatal(err)
				}
				emps, comps = needsOf(n)
				want = []string{
					`1990: ` + dataAn + `=2 ["ict-net"] ` + netAdmin + `=1 ["ict-net"]`,
					`1992: ` + netAdmin + `=3 ["ict-net"] ` + pubService + `=2 [] ` + dataAn + `=2 ["ict-net"]`, // equal gaps by name
				}
				if !slices.Equal(emps, want) || !slices.Equal(comps, wantComps) || n.Next != "" {
					t.Errorf("page 2:\n%q\n%q\nnext %q; want\n%q\n%q (the same competencies on every page)", emps, comps, n.Next, want, wantComps)
				}
			}},
			{Name: "2027 takes the ratings of 2026 and 2027: none", Run: func(t *testing.T) {
				n, err := s.app.ListDevelopmentNeeds(auditor, "DISKOMINFO", 2027, 0, "")
				if err != nil || len(n.Employees) != 3 || n.Employees[0].Employee != kabid {
					t.Errorf("2027: %+v, %v; want the three with competency gaps only", n.Employees, err)
				}
			}},
			{Name: "this year when none is given", Run: func(t *testing.T) {
				n, err := s.app.ListDevelopmentNeeds(cityHR, "DISKOMINFO", 0, 0, "")
				if err != nil || n.Year != 2026 || len(n.Employees) != 4 {
					t.Errorf("year 0: year %d, %d employees, %v; want 2026, 4", n.Year, len(n.Employees), err)
				}
			}},
			{Name: "refused", Run: func(t *testing.T) {
				tests := []struct {
					name   string
					ctx    context.Context
					agency string
					year   int
					token  string
					kind   errs.Kind
					field  string
				}{
					{"another agency's HR", dinkesHR, "DISKOMINFO", 2026, "", errs.PermissionDenied, ""},
					{"an employee", employee(staff1, "DISKOMINFO"), "DISKOMINFO", 2026, "", errs.PermissionDenied, ""},
					{"a supervisor", supervisor(kabid, "DISKOMINFO"), "DISKOMINFO", 2026, "", errs.PermissionDenied, ""},
					{"no agency", cityHR, "", 2026, "", errs.Invalid, "agency"},
					{"year 1999", cityHR, "DISKOMINFO", 1999, "", errs.Invalid, "year"},
					{"a made-up page token", cityHR, "DISKOMINFO", 2026, "!!!", errs.Invalid, "page_token"},
				}
				for _, tt := range tests {
					_, err := s.app.ListDevelopmentNeeds(tt.ctx, tt.agency, tt.year, 0, tt.token)
					testenv.WantKind(t, err, tt.kind, tt.field)
				}
			}},
		})
	})
}
