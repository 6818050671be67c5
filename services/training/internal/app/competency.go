package app

// Competency profiles (issue 10 §1): assessed levels per competency with their date and source,
// the position's standards from planning, the gaps between them, and the performance gap the
// evaluation service's ratings open.
//
// A level is never implied by attendance: completing a session of a programme that builds a
// competency records no assessment by itself. HR records a "training" assessment when the
// training's own evaluation found a level.

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/google/uuid"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/resource"
	"github.com/simpeg-id/simpeg/services/planning/directory"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

// AssessmentName is the resource name of assessment id.
func AssessmentName(id string) string { return "assessments/" + id }

// competencyProfileName is the resource an employee's profile is audited under.
func competencyProfileName(nip string) string { return "employees/" + nip + "/competencyProfile" }

// medan is the zone "this year" is taken in when a caller gives no year.
var medan = time.FixedZone("WIB", 7*3600)

// RecordAssessment records an assessed level of a competency of in.Employee (the caller when
// empty). A formal assessment or a training's assessment is recorded by HR of the employee's
// agency or city HR and counts at once; a self-assessment is recorded by the employee for
// themselves and counts once HR verifies it (VerifyAssessment). Errors name the fields with the
// "assessment." prefix.
func (a *App) RecordAssessment(ctx context.Context, in domain.Assessment) (domain.Assessment, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return domain.Assessment{}, err
	}
	if in.Employee == "" {
		in.Employee = g.Subject
	}
	if !in.Source.Valid() {
		return domain.Assessment{}, errs.Invalidf("assessment.source", "must be assessment, training or self_assessment, got %q", in.Source)
	}
	self := in.Source == domain.FromSelfAssessment
	if self && in.Employee != g.Subject {
		return domain.Assessment{}, errs.Deniedf("%s may not record a self-assessment of %s: only the employee records their own", g.Subject, in.Employee)
	}
	emp, err := a.dir.Employee(ctx, in.Employee)
	switch {
	case errors.Is(err, directory.ErrNotFound):
		missing := errs.NotFoundf("employee %s is not in the directory", in.Employee)
		if self {
			return domain.Assessment{}, missing
		}
		return domain.Assessment{}, resource.ChangeMissing(g, "employees/"+in.Employee, missing)
	case err != nil:
		return domain.Assessment{}, err
	}
	if !self {
		if err := resource.RequireReach(g, emp.Agency); err != nil {
			return domain.Assessment{}, err
		}
	}
	if !emp.Active() {
		return domain.Assessment{}, errs.Preconditionf("employee %s is %s, not active in the city", emp.NIP, emp.Status)
	}
	id, err := uuid.NewV7()
	if err != nil {
		return domain.Assessment{}, err
	}
	in.ID, in.Agency, in.RecordedBy = id.String(), emp.Agency, g.Subject
	rec, err := domain.NewAssessment(in, a.now())
	if err != nil {
		return domain.Assessment{}, errs.Prefix("assessment", err)
	}
	err = a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		if err := tx.InsertAssessment(ctx, rec); err != nil {
			return err
		}
		return tx.Audit(ctx, AuditEntry{Resource: AssessmentName(rec.ID), Detail: fmt.Sprintf("recorded: %s at level %d on %s (%s) for employee %s",
			rec.Competency, rec.Level, rec.Date.Format(time.DateOnly), rec.Source, rec.Employee)})
	})
	if err != nil {
		return domain.Assessment{}, err
	}
	return rec, nil
}

// VerifyAssessment marks self-assessment id verified, if etag (when given) is current: by HR of
// the employee's agency (today's, from the directory copy) or city HR, never by the employee.
func (a *App) VerifyAssessment(ctx context.Context, id, etag string) (domain.Assessment, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return domain.Assessment{}, err
	}
	name := AssessmentName(id)
	held, err := a.repo.Assessment(ctx, id)
	if errs.IsKind(err, errs.NotFound) {
		return domain.Assessment{}, resource.ChangeMissing(g, name, err)
	}
	if err != nil {
		return domain.Assessment{}, err
	}
	agency := held.Agency
	if emp, err := a.dir.Employee(ctx, held.Employee); err == nil {
		agency = emp.Agency
	} else if !errors.Is(err, directory.ErrNotFound) {
		return domain.Assessment{}, err
	}
	var out domain.Assessment
	err = a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		cur, err := tx.Assessment(ctx, id)
		if err != nil {
			return err
		}
		if err := resource.CheckWrite(g, agency, name, etag, cur.Version); err != nil {
			return err
		}
		if out, err = cur.Verify(g.Subject, a.now()); err != nil {
			return err
		}
		if err := tx.UpdateAssessment(ctx, out); err != nil {
			return err
		}
		return tx.Audit(ctx, AuditEntry{Resource: name, Detail: fmt.Sprintf("verified: self-assessment of %s at level %d by employee %s",
			out.Competency, out.Level, out.Employee)})
	})
	if err != nil {
		return domain.Assessment{}, err
	}
	return out, nil
}

// Standard is one competency a position requires and the level it requires (0: planning has no
// level for it, and no gap is counted).
type Standard struct {
	Competency string
	Level      int
}

// CompetencyGap is a gap with the catalogue programmes (ids) that build its competency.
type CompetencyGap struct {
	domain.Gap
	Programmes []string
}

// CompetencyProfile is an employee's competency profile.
type CompetencyProfile struct {
	Employee directory.Employee
	// Standards are the position's, by competency name.
	Standards []Standard
	// Assessments are every assessment of the employee, newest first (by date, then recording).
	Assessments []domain.Assessment
	// Gaps are required − latest counting level, largest first.
	Gaps []CompetencyGap
	// Performance are the ratings below Baik, newest year first.
	Performance []domain.Performance
}

// GetCompetencyProfile returns the competency profile of employee nip (the caller when empty),
// to whoever may see the employee: themselves, their supervisors, their agency's HR, city HR
// and auditors.
func (a *App) GetCompetencyProfile(ctx context.Context, nip string) (CompetencyProfile, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return CompetencyProfile{}, err
	}
	if nip == "" {
		nip = g.Subject
	}
	emp, err := a.dir.Employee(ctx, nip)
	if errors.Is(err, directory.ErrNotFound) {
		return CompetencyProfile{}, resource.SeesMissing(g, nip, errs.NotFoundf("employee %s is not in the directory", nip))
	}
	if err != nil {
		return CompetencyProfile{}, err
	}
	if err := resource.RequireSees(ctx, g, nip, emp.Agency, a.dir.IsUnder); err != nil {
		return CompetencyProfile{}, err
	}
	standards, err := a.standardsOf(ctx, emp.Position)
	if err != nil {
		return CompetencyProfile{}, err
	}
	assessed, err := a.repo.AssessmentsOf(ctx, []string{nip})
	if err != nil {
		return CompetencyProfile{}, err
	}
	perf, err := a.repo.PerformanceOf(ctx, []string{nip})
	if err != nil {
		return CompetencyProfile{}, err
	}
	builds, err := a.programmesBuilding(ctx, emp.Agency)
	if err != nil {
		return CompetencyProfile{}, err
	}
	p := CompetencyProfile{Employee: emp, Standards: make([]Standard, 0, len(standards))}
	for c, l := range standards {
		p.Standards = append(p.Standards, Standard{Competency: c, Level: l})
	}
	sort.Slice(p.Standards, func(i, j int) bool { return p.Standards[i].Competency < p.Standards[j].Competency })
	list := assessed[nip]
	for i := len(list) - 1; i >= 0; i-- {
		p.Assessments = append(p.Assessments, list[i])
	}
	p.Gaps = gapsWithProgrammes(domain.CompetencyGaps(standards, list), builds)
	for _, r := range perf[nip] {
		if r.Gap() {
			p.Performance = append(p.Performance, r)
		}
	}
	return p, nil
}

// standardsOf returns the competency standards of position, none for an employee without one.
func (a *App) standardsOf(ctx context.Context, position string) (map[string]int, error) {
	if position == "" || a.positions == nil {
		return map[string]int{}, nil
	}
	s, err := a.positions.Standards(ctx, position)
	if err != nil {
		return nil, fmt.Errorf("reading the standards of position %s: %w", position, err)
	}
	return s, nil
}

// programmesBuilding returns, by competency, the ids of the programmes agency may use that build
// it.
func (a *App) programmesBuilding(ctx context.Context, agency string) (map[string][]string, error) {
	progs, err := a.repo.CompetencyProgrammes(ctx, agency)
	if err != nil {
		return nil, err
	}
	builds := map[string][]string{}
	for _, p := range progs {
		for _, c := range p.Competencies {
			builds[c] = append(builds[c], p.ID)
		}
	}
	return builds, nil
}

func gapsWithProgrammes(gaps []domain.Gap, builds map[string][]string) []CompetencyGap {
	out := make([]CompetencyGap, len(gaps))
	for i, g := range gaps {
		out[i] = CompetencyGap{Gap: g, Programmes: builds[g.Competency]}
	}
	return out
}

// RecordPerformanceGap keeps an employee's finalised annual performance rating, as the
// evaluation service announces it (issue 11 §4: "training consumes the finalised ratings as
// performance gaps"); a rating below Baik is a performance gap in the profile and the
// development needs. It is not an API method: the consumer of evaluation's events calls it,
// without a caller's grant (the audit trail names the system). Only the latest rating of an
// employee and year is kept; the same event again, or an older rating arriving late, changes
// nothing (changed false).
func (a *App) RecordPerformanceGap(ctx context.Context, p domain.Performance) (changed bool, err error) {
	if err := domain.ValidatePerformance(p); err != nil {
		return false, err
	}
	p.Recorded = a.now()
	err = a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		changed = false
		held, ok, err := tx.Performance(ctx, p.Employee, p.Year)
		if err != nil {
			return err
		}
		if ok && !p.Replaces(held) {
			return nil
		}
		if err := tx.PutPerformance(ctx, p); err != nil {
			return err
		}
		changed = true
		detail := fmt.Sprintf("performance %d: %s (event %s)", p.Year, p.Predicate, p.Source)
		if p.Gap() {
			detail += ", a performance gap"
		}
		if ok {
			detail += fmt.Sprintf(", was %s (event %s)", held.Predicate, held.Source)
		}
		return tx.Audit(ctx, AuditEntry{Resource: competencyProfileName(p.Employee), Detail: detail})
	})
	return changed, err
}
