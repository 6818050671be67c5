package app

// The agency's yearly development plan (issue 10 §1): which programmes, how many seats, what
// budget. One plan per agency and year, created and changed by the agency's HR or city HR.

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/resource"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

// DevelopmentPlanName is the resource name of agency's plan for year.
func DevelopmentPlanName(agency string, year int) string {
	return "agencies/" + agency + "/developmentPlans/" + strconv.Itoa(year)
}

// ParseDevelopmentPlanName returns the agency and year of a plan's resource name, or an Invalid
// error naming field.
func ParseDevelopmentPlanName(name, field string) (agency string, year int, err error) {
	rest, ok := strings.CutPrefix(name, "agencies/")
	if ok {
		var y string
		agency, y, ok = strings.Cut(rest, "/developmentPlans/")
		year, err = strconv.Atoi(y)
		ok = ok && err == nil && agency != "" && !strings.Contains(agency, "/") && year >= 2000 && year <= 2100
	}
	if !ok {
		return "", 0, errs.Invalidf(field, "must look like agencies/{agency}/developmentPlans/{year}, got %q", name)
	}
	return agency, year, nil
}

// The fields UpdateDevelopmentPlan may change.
var developmentPlanFields = []string{"lines", "note"}

// CreateDevelopmentPlan creates in.Agency's plan for in.Year, by the agency's HR or city HR.
// Every line names a programme of the city's catalogue or the agency's own, not retired, once;
// seats at least 1, budget at least 0; a competency, when given, one the programme builds.
// Errors name the fields with the "development_plan." prefix.
func (a *App) CreateDevelopmentPlan(ctx context.Context, in domain.DevelopmentPlan) (domain.DevelopmentPlan, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return domain.DevelopmentPlan{}, err
	}
	if in.Agency == "" {
		return domain.DevelopmentPlan{}, errs.Invalidf("development_plan.agency", "is required")
	}
	if err := resource.RequireReach(g, in.Agency); err != nil {
		return domain.DevelopmentPlan{}, err
	}
	in.Note = strings.TrimSpace(in.Note)
	now := a.now()
	in.Version, in.Created, in.Updated = 1, now, now
	name := DevelopmentPlanName(in.Agency, in.Year)
	err = a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		if err := validatePlan(ctx, tx, in); err != nil {
			return err
		}
		if err := tx.InsertDevelopmentPlan(ctx, in); err != nil {
			return err
		}
		if err := tx.Emit(ctx, domain.DevelopmentPlanUpdated{Plan: in}); err != nil {
			return err
		}
		return tx.Audit(ctx, AuditEntry{Resource: name, Detail: "created: " + planSummary(in)})
	})
	if err != nil {
		return domain.DevelopmentPlan{}, err
	}
	return in, nil
}

// GetDevelopmentPlan returns agency's plan for year, to the agency's HR, city HR and auditors.
func (a *App) GetDevelopmentPlan(ctx context.Context, agency string, year int) (domain.DevelopmentPlan, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return domain.DevelopmentPlan{}, err
	}
	if !g.Reaches(agency) {
		return domain.DevelopmentPlan{}, errs.Deniedf("%s (agency %q) may not see %s", g.Subject, g.Agency, DevelopmentPlanName(agency, year))
	}
	return a.repo.DevelopmentPlan(ctx, agency, year)
}

// UpdateDevelopmentPlan sets the fields of agency's plan for year named in fields (lines, note)
// to their values in values, if etag (when given) is current. The lines are replaced whole and
// checked as on creation.
func (a *App) UpdateDevelopmentPlan(ctx context.Context, agency string, year int, etag string, fields []string, values domain.DevelopmentPlan) (domain.DevelopmentPlan, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return domain.DevelopmentPlan{}, err
	}
	if len(fields) == 0 {
		return domain.DevelopmentPlan{}, errs.Invalidf("update_mask", "is required: name the fields to change, of %s", strings.Join(developmentPlanFields, ", "))
	}
	for _, f := range fields {
		if !slices.Contains(developmentPlanFields, f) {
			return domain.DevelopmentPlan{}, errs.Invalidf("update_mask", "%q cannot be changed; the fields are %s", f, strings.Join(developmentPlanFields, ", "))
		}
	}
	// The agency is in the plan's name: a caller who does not reach it is refused first, and
	// one who does learns whether the plan exists.
	if err := resource.RequireReach(g, agency); err != nil {
		return domain.DevelopmentPlan{}, err
	}
	name := DevelopmentPlanName(agency, year)
	var out domain.DevelopmentPlan
	err = a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		cur, err := tx.DevelopmentPlan(ctx, agency, year)
		if err != nil {
			return err
		}
		if err := resource.CheckWrite(g, agency, name, etag, cur.Version); err != nil {
			return err
		}
		next := cur
		var changed []string
		for _, f := range fields {
			switch f {
			case "lines":
				next.Lines = values.Lines
				changed = append(changed, fmt.Sprintf("lines (were %d lines, %d seats, Rp %d)", len(cur.Lines), cur.Seats(), cur.Budget()))
			case "note":
				next.Note = strings.TrimSpace(values.Note)
				changed = append(changed, "note")
			}
		}
		if err := validatePlan(ctx, tx, next); err != nil {
			return err
		}
		next.Version++
		next.Updated = a.now()
		if err := tx.UpdateDevelopmentPlan(ctx, next); err != nil {
			return err
		}
		if err := tx.Emit(ctx, domain.DevelopmentPlanUpdated{Plan: next}); err != nil {
			return err
		}
		out = next
		return tx.Audit(ctx, AuditEntry{Resource: name, Detail: "updated " + strings.Join(changed, ", ") + ": " + planSummary(next)})
	})
	if err != nil {
		return domain.DevelopmentPlan{}, err
	}
	return out, nil
}

// validatePlan checks p against the catalogue as the transaction sees it.
func validatePlan(ctx context.Context, tx Tx, p domain.DevelopmentPlan) error {
	ids := make([]string, 0, len(p.Lines))
	for _, l := range p.Lines {
		ids = append(ids, l.Programme)
	}
	progs, err := tx.PlanProgrammes(ctx, ids)
	if err != nil {
		return err
	}
	return errs.Prefix("development_plan", domain.ValidatePlan(p, progs))
}

// planSummary is a plan's size for the audit trail.
func planSummary(p domain.DevelopmentPlan) string {
	return fmt.Sprintf("%d lines, %d seats, Rp %d", len(p.Lines), p.Seats(), p.Budget())
}
