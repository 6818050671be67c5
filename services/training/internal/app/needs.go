package app

// Development needs (issue 10 §1): per employee of an agency, the competency gaps against their
// position's standard and the performance gap; per competency, how many need it and which
// programmes build it. Agency HR turns them into the yearly development plan (devplan.go).

import (
	"context"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/paging"
	"github.com/simpeg-id/simpeg/platform/resource"
	"github.com/simpeg-id/simpeg/services/planning/directory"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

// Page sizes of ListDevelopmentNeeds (employees per page).
const (
	DefaultNeedsPageSize = 100
	MaxNeedsPageSize     = 1000
)

// DevelopmentNeeds is one page of an agency's needs.
type DevelopmentNeeds struct {
	Agency string
	Year   int
	// Employees are the employees with a need, in NIP order: this page of them.
	Employees []EmployeeNeed
	// Competencies are the needs per competency over the whole agency (on every page).
	Competencies []domain.CompetencyNeed
	// Next continues the list of employees; "" on the last page.
	Next string
}

// EmployeeNeed is one employee's needs, each gap with the programmes that build its competency.
type EmployeeNeed struct {
	Employee    string
	Name        string
	Position    string
	Gaps        []CompetencyGap
	Performance *domain.Performance // the performance gap, if any
}

// ListDevelopmentNeeds returns the development needs of agency for year (this year when 0): for
// each active employee of the agency (the directory copy, today), the competency gaps against
// their position's standard and the performance gap, and the needs summed per competency with
// the programmes of the city's catalogue and the agency's own that build it. An employee's
// performance gap for year is their latest rating of year or the year before (the annual rating
// of a year is finalised early the next, when that year's plan is made) when it is below Baik.
// For the agency's HR, city HR and auditors.
func (a *App) ListDevelopmentNeeds(ctx context.Context, agency string, year, pageSize int, pageToken string) (DevelopmentNeeds, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return DevelopmentNeeds{}, err
	}
	if agency == "" {
		return DevelopmentNeeds{}, errs.Invalidf("agency", "is required")
	}
	if year == 0 {
		year = a.now().In(medan).Year()
	}
	if year < 2000 || year > 2100 {
		return DevelopmentNeeds{}, errs.Invalidf("year", "must be a year from 2000 to 2100, got %d", year)
	}
	after, err := paging.Key(pageToken)
	if err != nil {
		return DevelopmentNeeds{}, err
	}
	if !g.Reaches(agency) {
		return DevelopmentNeeds{}, errs.Deniedf("%s (agency %q) may not see the development needs of agency %q", g.Subject, g.Agency, agency)
	}
	pageSize = resource.PageSize(pageSize, DefaultNeedsPageSize, MaxNeedsPageSize)
	emps, err := a.repo.NeedsEmployees(ctx, agency, directory.Today(a.now()))
	if err != nil {
		return DevelopmentNeeds{}, err
	}
	nips := make([]string, len(emps))
	for i, e := range emps {
		nips[i] = e.NIP
	}
	assessed, err := a.repo.AssessmentsOf(ctx, nips)
	if err != nil {
		return DevelopmentNeeds{}, err
	}
	perf, err := a.repo.PerformanceOf(ctx, nips, year-1, year)
	if err != nil {
		return DevelopmentNeeds{}, err
	}
	builds, err := a.programmesBuilding(ctx, agency)
	if err != nil {
		return DevelopmentNeeds{}, err
	}
	standards := map[string]map[string]int{} // by position: one read of each
	var all []domain.EmployeeNeeds
	var page []EmployeeNeed
	for _, e := range emps {
		std, ok := standards[e.Position]
		if !ok {
			if std, err = a.standardsOf(ctx, e.Position); err != nil {
				return DevelopmentNeeds{}, err
			}
			standards[e.Position] = std
		}
		n := domain.EmployeeNeeds{Employee: e.NIP, Name: e.DisplayName, Position: e.Position,
			Gaps: domain.CompetencyGaps(std, assessed[e.NIP])}
		if ratings := perf[e.NIP]; len(ratings) > 0 && ratings[0].Gap() {
			n.Performance = &ratings[0]
		}
		if len(n.Gaps) == 0 && n.Performance == nil {
			continue
		}
		all = append(all, n)
		if e.NIP > after && len(page) <= pageSize {
			page = append(page, EmployeeNeed{Employee: n.Employee, Name: n.Name, Position: n.Position,
				Gaps: gapsWithProgrammes(n.Gaps, builds), Performance: n.Performance})
		}
	}
	out := DevelopmentNeeds{Agency: agency, Year: year, Competencies: domain.AggregateNeeds(all, builds)}
	out.Employees, out.Next = resource.Page(page, pageSize, func(n EmployeeNeed) string { return n.Employee })
	return out, nil
}
