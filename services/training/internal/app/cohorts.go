package app

// Internship cohorts (issue 10 §5): an intake of the catalogue's internship programme under a
// partner agreement, with dates inside the agreement's and seats per agency. City HR creates
// them; agency HR reads the cohorts with seats for their agency; city HR and the auditor read all.

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/resource"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

// CohortName is cohort id's resource name.
func CohortName(id string) string { return "cohorts/" + id }

// CreateCohort opens a cohort of the internship programme in.Programme under agreement
// in.Agreement: the programme is the catalogue's, of form internship and not retired; the
// agreement has not expired and the cohort's dates lie within it (domain.ValidateCohort); every
// agency in in.Quotas gets its seats. City HR only.
func (a *App) CreateCohort(ctx context.Context, in domain.Cohort) (domain.Cohort, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return domain.Cohort{}, err
	}
	if err := internCityHR(g, "create a cohort"); err != nil {
		return domain.Cohort{}, err
	}
	id, err := uuid.NewV7()
	if err != nil {
		return domain.Cohort{}, err
	}
	in.ID, in.Name, in.Programme = id.String(), strings.TrimSpace(in.Name), strings.TrimSpace(in.Programme)
	quotas := make(map[string]int, len(in.Quotas))
	for agency, seats := range in.Quotas {
		quotas[strings.TrimSpace(agency)] = seats
	}
	in.Quotas = quotas
	now := a.now()
	today := internToday(now)
	err = a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		ag, err := tx.GetAgreement(ctx, in.Agreement)
		if err != nil {
			if errs.IsKind(err, errs.NotFound) {
				return errs.Invalidf("agreement", "no agreement %q", in.Agreement)
			}
			return err
		}
		in.Partner = ag.Partner
		if err := domain.ValidateCohort(in, ag, today); err != nil {
			return err
		}
		prog, err := tx.InternshipProgramme(ctx, in.Programme)
		if err != nil {
			return err
		}
		if err := domain.CheckInternshipProgramme(prog.ID, prog.Form, prog.Retired); err != nil {
			return err
		}
		in.Version, in.Created = 1, now.UTC()
		in.Updated = in.Created
		if err := tx.InsertCohort(ctx, in); err != nil {
			return err
		}
		return tx.Audit(ctx, AuditEntry{Resource: CohortName(in.ID), Detail: fmt.Sprintf("created: %q of programme %s under agreement %s, %s – %s, seats %s",
			in.Name, in.Programme, ag.Number, in.Start.Format(time.DateOnly), in.End.Format(time.DateOnly), cohortSeats(in))})
	})
	if err != nil {
		return domain.Cohort{}, errs.Prefix("cohort", err)
	}
	return in, nil
}

// cohortSeats describes a cohort's quotas, e.g. "DINKES 2, DISKOMINFO 3".
func cohortSeats(c domain.Cohort) string {
	parts := make([]string, 0, len(c.Quotas))
	for _, agency := range c.Agencies() {
		parts = append(parts, fmt.Sprintf("%s %d", agency, c.Quotas[agency]))
	}
	return strings.Join(parts, ", ")
}

// cohortSees refuses a caller who may not read cohort c: agency HR reads the cohorts with seats
// for their agency, a caller reaching every agency reads all. The refusal names only what the
// caller sent, so it reads the same whether the cohort exists or not.
func cohortSees(g auth.Grant, id string, c *domain.Cohort) error {
	if g.Scope == auth.ScopeAll {
		return nil
	}
	if c != nil && g.Scope == auth.ScopeAgency && g.Agency != "" {
		if _, ok := c.Quotas[g.Agency]; ok {
			return nil
		}
	}
	return errs.Deniedf("%s (agency %q) may not see %s", g.Subject, g.Agency, CohortName(id))
}

// GetCohort reads a cohort with its quotas.
func (a *App) GetCohort(ctx context.Context, id string) (domain.Cohort, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return domain.Cohort{}, err
	}
	c, err := a.repo.GetCohort(ctx, id)
	if errs.IsKind(err, errs.NotFound) && g.Scope != auth.ScopeAll {
		return domain.Cohort{}, cohortSees(g, id, nil)
	}
	if err != nil {
		return domain.Cohort{}, err
	}
	if err := cohortSees(g, id, &c); err != nil {
		return domain.Cohort{}, err
	}
	return c, nil
}

// ListCohorts lists cohorts newest first, of an agreement or a partner when set; agency narrows
// to the cohorts with seats for it. An agency HR caller's list is their agency's.
func (a *App) ListCohorts(ctx context.Context, q CohortQuery, pageSize int, pageToken string) ([]domain.Cohort, string, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return nil, "", err
	}
	switch {
	case g.Scope == auth.ScopeAll:
	case g.Scope == auth.ScopeAgency && g.Agency != "" && (q.Agency == "" || q.Agency == g.Agency):
		q.Agency = g.Agency
	default:
		return nil, "", errs.Deniedf("%s (agency %q) may not list the cohorts of agency %q", g.Subject, g.Agency, q.Agency)
	}
	after, size, err := internPage(pageSize, pageToken)
	if err != nil {
		return nil, "", err
	}
	out, err := a.repo.ListCohorts(ctx, q, after, size+1)
	if err != nil {
		return nil, "", err
	}
	page, next := resource.Page(out, size, func(c domain.Cohort) string { return c.ID })
	return page, next, nil
}
