package app

// Internship placements (issue 10 §5): a participant — an employee from the directory or a
// student who is not one — placed in a unit of an agency with a mentor, within a cohort's dates
// and its agency's seats; the final assessment completes it and credits the programme's JP to an
// employee participant who passed.
//
// Who sees a placement: the participant (their own), the mentor (their participants'), a
// supervisor (their subordinates' as participants), agency HR (their agency's), city HR and the
// auditor (all).

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/resource"
	"github.com/simpeg-id/simpeg/services/planning/directory"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

// PlacementName is placement id's resource name.
func PlacementName(id string) string { return "placements/" + id }

// placementSees refuses a caller who may not see placement p (nil when it does not exist):
// everyone reached (city HR, the auditor), the placement's agency for agency HR, and otherwise
// the participant, the mentor and the participant's supervisors. The refusal names only what
// the caller sent, so a placement the caller may not see reads the same as one that does not
// exist.
func (a *App) placementSees(ctx context.Context, g auth.Grant, id string, p *domain.Placement) error {
	if g.Scope == auth.ScopeAll {
		return nil
	}
	if p != nil {
		switch {
		case g.Scope == auth.ScopeAgency && g.Agency != "" && g.Agency == p.Agency:
			return nil
		case g.Subject != "" && (g.Subject == p.Mentor || (p.Kind == domain.ParticipantEmployee && g.Subject == p.Employee)):
			return nil
		case g.Scope == auth.ScopeSubordinates && p.Kind == domain.ParticipantEmployee:
			under, err := a.dir.IsUnder(ctx, g.Subject, p.Employee)
			if err != nil {
				return err
			}
			if under {
				return nil
			}
		}
	}
	return errs.Deniedf("%s (%s scope) may not see %s", g.Subject, g.Scope, PlacementName(id))
}

// placementFor reads placement id through r for a caller who must see it (placementSees).
func (a *App) placementFor(ctx context.Context, g auth.Grant, r InternshipReader, id string) (domain.Placement, error) {
	p, err := r.GetPlacement(ctx, id)
	if errs.IsKind(err, errs.NotFound) && g.Scope != auth.ScopeAll {
		return p, a.placementSees(ctx, g, id, nil)
	}
	if err != nil {
		return p, err
	}
	return p, a.placementSees(ctx, g, id, &p)
}

// CreatePlacement places a participant in cohort in.Cohort (issue 10 §5). An employee
// participant (in.Kind employee, in.Employee their NIP) must be active and is placed in their
// own agency (in.Agency defaults to it); a student (in.Kind student) gives name, student number,
// institution (the cohort's partner when empty) and study programme. The mentor is an active
// employee of the placement's agency. The agency's seats in the cohort are counted under the
// cohort's lock and never exceeded; an employee is placed once in a cohort. Agency HR places in
// their agency, city HR anywhere. Event PlacementStarted.
func (a *App) CreatePlacement(ctx context.Context, in domain.Placement) (domain.Placement, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return domain.Placement{}, err
	}
	id, err := uuid.NewV7()
	if err != nil {
		return domain.Placement{}, err
	}
	in.ID = id.String()
	in.Employee, in.Agency, in.Unit, in.Mentor = strings.TrimSpace(in.Employee), strings.TrimSpace(in.Agency), strings.TrimSpace(in.Unit), strings.TrimSpace(in.Mentor)
	s := &in.Student
	s.Name, s.Number, s.Institution, s.StudyProgramme = strings.TrimSpace(s.Name), strings.TrimSpace(s.Number), strings.TrimSpace(s.Institution), strings.TrimSpace(s.StudyProgramme)
	in.State, in.Score, in.Passed, in.Notes, in.Assessor, in.Reason, in.Finished = domain.PlacementStateActive, 0, false, "", "", "", time.Time{}
	if in.Kind == domain.ParticipantEmployee && in.Employee != "" {
		if err := a.placeEmployee(ctx, g, &in); err != nil {
			return domain.Placement{}, errs.Prefix("placement", err)
		}
	}
	if in.Agency == "" && g.Scope == auth.ScopeAgency {
		in.Agency = g.Agency
	}
	if in.Agency != "" {
		if err := resource.RequireReach(g, in.Agency); err != nil {
			return domain.Placement{}, err
		}
	}
	if in.Mentor != "" && in.Agency != "" {
		if err := a.checkMentor(ctx, in.Mentor, in.Agency); err != nil {
			return domain.Placement{}, errs.Prefix("placement", err)
		}
	}
	now := a.now()
	err = a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		c, err := tx.GetCohort(ctx, in.Cohort) // locks the cohort: the quota count below is one at a time
		if err != nil {
			if errs.IsKind(err, errs.NotFound) {
				return errs.Invalidf("cohort", "no cohort %q", in.Cohort)
			}
			return err
		}
		if in.Kind == domain.ParticipantStudent && in.Student.Institution == "" {
			in.Student.Institution = c.Partner
		}
		p, err := domain.ValidatePlacement(in, c)
		if err != nil {
			return err
		}
		placed, err := tx.CountPlacements(ctx, c.ID, p.Agency)
		if err != nil {
			return err
		}
		if err := domain.CheckQuota(c, p.Agency, placed); err != nil {
			return err
		}
		if p.Kind == domain.ParticipantEmployee {
			prog, err := tx.InternshipProgramme(ctx, c.Programme)
			if err != nil {
				return err
			}
			p.JP = prog.JP
		}
		p.Version, p.Created = 1, now.UTC()
		p.Updated = p.Created
		if err := tx.InsertPlacement(ctx, p, g.Subject); err != nil {
			return err
		}
		in = p
		if err := tx.Emit(ctx, domain.PlacementStarted{Placement: p}); err != nil {
			return err
		}
		return tx.Audit(ctx, AuditEntry{Resource: PlacementName(p.ID), Detail: fmt.Sprintf("placed: %s %s in cohort %q, agency %s unit %s, mentor %s, %s – %s (seat %d of %d)",
			p.Kind, p.Participant(), c.Name, p.Agency, p.Unit, p.Mentor, p.Start.Format(time.DateOnly), p.End.Format(time.DateOnly), placed+1, c.Quotas[p.Agency])})
	})
	if err != nil {
		return domain.Placement{}, errs.Prefix("placement", err)
	}
	return in, nil
}

// placeEmployee checks an employee participant: known to the caller's reach and active, and
// placed in their own agency (in.Agency defaults to it). An employee out of the caller's reach
// and an unknown NIP get the same refusal, so the call does not tell which NIPs exist.
func (a *App) placeEmployee(ctx context.Context, g auth.Grant, in *domain.Placement) error {
	emp, err := a.dir.Employee(ctx, in.Employee)
	cannot := errs.Deniedf("%s (agency %q) may not place employee %s", g.Subject, g.Agency, in.Employee)
	switch {
	case errors.Is(err, directory.ErrNotFound):
		if g.Scope != auth.ScopeAll {
			return cannot
		}
		return errs.Invalidf("employee", "no employee %s in the directory", in.Employee)
	case err != nil:
		return err
	case !g.Reaches(emp.Agency):
		return cannot
	case !emp.Active():
		return errs.Invalidf("employee", "employee %s is %s, not active in the city", emp.NIP, emp.Status)
	case in.Agency == "":
		in.Agency = emp.Agency
	case in.Agency != emp.Agency:
		return errs.Invalidf("agency", "employee %s serves in %s: an employee is placed in their own agency", emp.NIP, emp.Agency)
	}
	in.Name = emp.DisplayName
	return nil
}

// checkMentor checks that nip is an active employee of agency. An unknown NIP, an employee of
// another agency and a retired one are refused alike, so the answer tells nothing of other
// agencies' employees.
func (a *App) checkMentor(ctx context.Context, nip, agency string) error {
	emp, err := a.dir.Employee(ctx, nip)
	if err != nil && !errors.Is(err, directory.ErrNotFound) {
		return err
	}
	if err != nil || !emp.Active() || emp.Agency != agency {
		return errs.Invalidf("mentor", "must be an active employee of agency %s; %s is not", agency, nip)
	}
	return nil
}

// GetPlacement reads a placement the caller may see.
func (a *App) GetPlacement(ctx context.Context, id string) (domain.Placement, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return domain.Placement{}, err
	}
	return a.placementFor(ctx, g, a.repo, id)
}

// ListPlacements lists placements in id order, narrowed by q's fields. A caller reaching every
// agency lists any; agency HR their agency's; anyone else the placements where they are the
// participant or the mentor, or — for a supervisor asking for one employee (q.Employee) — that
// subordinate's.
func (a *App) ListPlacements(ctx context.Context, q PlacementQuery, pageSize int, pageToken string) ([]domain.Placement, string, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return nil, "", err
	}
	if q.State != "" && q.State != domain.PlacementStateActive && q.State != domain.PlacementStateCompleted && q.State != domain.PlacementStateWithdrawn {
		return nil, "", errs.Invalidf("state", "must be active, completed or withdrawn, got %q", q.State)
	}
	q.Involving = ""
	switch g.Scope {
	case auth.ScopeAll:
	case auth.ScopeAgency:
		if q.Agency != "" && q.Agency != g.Agency || g.Agency == "" {
			return nil, "", errs.Deniedf("%s (agency %q) may not list the placements of agency %q", g.Subject, g.Agency, q.Agency)
		}
		q.Agency = g.Agency
	default:
		under := false
		if g.Scope == auth.ScopeSubordinates && q.Employee != "" && q.Employee != g.Subject {
			if under, err = a.dir.IsUnder(ctx, g.Subject, q.Employee); err != nil {
				return nil, "", err
			}
		}
		if !under {
			q.Involving = g.Subject
		}
	}
	after, size, err := internPage(pageSize, pageToken)
	if err != nil {
		return nil, "", err
	}
	out, err := a.repo.ListPlacements(ctx, q, after, size+1)
	if err != nil {
		return nil, "", err
	}
	page, next := resource.Page(out, size, func(p domain.Placement) string { return p.ID })
	return page, next, nil
}

// Assessment is a placement's final assessment.
type Assessment struct {
	Score  int
	Passed bool
	Notes  string
}

// AssessPlacement records placement id's final assessment (domain.Placement.Assess) on or after
// its last day, by its mentor or by HR reaching its agency, if etag (when given) is current. The
// placement is completed (event PlacementCompleted); an employee participant who passed is
// credited the cohort programme's JP, as it stands in the catalogue now (event
// InternshipJPCredited). A student, or an employee who did not pass, is credited nothing.
func (a *App) AssessPlacement(ctx context.Context, id, etag string, in Assessment) (domain.Placement, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return domain.Placement{}, err
	}
	now := a.now()
	var out domain.Placement
	err = a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		p, err := a.placementFor(ctx, g, tx, id)
		if err != nil {
			return err
		}
		if g.Subject != p.Mentor && !g.Reaches(p.Agency) {
			return errs.Deniedf("%s may not assess %s: its mentor %s or the agency's HR does", g.Subject, PlacementName(id), p.Mentor)
		}
		if err := resource.CheckEtag(PlacementName(id), etag, p.Version); err != nil {
			return err
		}
		next, err := p.Assess(in.Score, in.Passed, in.Notes, g.Subject, internToday(now), now.UTC())
		if err != nil {
			return err
		}
		c, err := tx.GetCohort(ctx, p.Cohort)
		if err != nil {
			return err
		}
		prog, err := tx.InternshipProgramme(ctx, c.Programme)
		if err != nil {
			return err
		}
		if next.Kind == domain.ParticipantEmployee {
			next.JP = prog.JP
		}
		next.Updated = next.Finished
		if err := tx.UpdatePlacement(ctx, next); err != nil {
			return err
		}
		out = next
		events := []domain.Event{domain.PlacementCompleted{Placement: next}}
		detail := fmt.Sprintf("assessed: score %d, %s", next.Score, passedWord(next.Passed))
		if entry, ok := domain.InternshipEntry(next); ok && !entry.Projected {
			events = append(events, domain.InternshipJPCredited{Entry: entry, Agency: next.Agency, Title: prog.Title})
			detail += fmt.Sprintf("; %d JP credited to %s for %d", entry.JP, entry.Employee, entry.Year)
		}
		if err := tx.Emit(ctx, events...); err != nil {
			return err
		}
		return tx.Audit(ctx, AuditEntry{Resource: PlacementName(id), Detail: detail})
	})
	return out, err
}

// passedWord is "passed" or "not passed".
func passedWord(passed bool) string {
	if passed {
		return "passed"
	}
	return "not passed"
}

// WithdrawPlacement ends active placement id before its assessment, with a reason, freeing its
// agency's seat in the cohort: HR reaching its agency, if etag (when given) is current. Audited;
// event PlacementWithdrawn.
func (a *App) WithdrawPlacement(ctx context.Context, id, etag, reason string) (domain.Placement, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return domain.Placement{}, err
	}
	now := a.now().UTC()
	var out domain.Placement
	err = a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		p, err := tx.GetPlacement(ctx, id)
		if errs.IsKind(err, errs.NotFound) {
			return resource.ChangeMissing(g, PlacementName(id), err)
		}
		if err != nil {
			return err
		}
		if err := resource.CheckWrite(g, p.Agency, PlacementName(id), etag, p.Version); err != nil {
			return err
		}
		next, err := p.Withdraw(reason, now)
		if err != nil {
			return err
		}
		next.Updated = now
		if err := tx.UpdatePlacement(ctx, next); err != nil {
			return err
		}
		out = next
		if err := tx.Emit(ctx, domain.PlacementWithdrawn{Placement: next}); err != nil {
			return err
		}
		return tx.Audit(ctx, AuditEntry{Resource: PlacementName(id), Detail: "withdrawn: " + next.Reason})
	})
	return out, err
}
