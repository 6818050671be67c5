package app

// Performance years (issue 11 §1): city HR opens a year with its cadence and due dates; anyone
// signed in reads them.

import (
	"context"
	"strings"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/resource"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
)

// requireCityAdmin refuses anyone but city HR with the city-wide grant.
func requireCityAdmin(g auth.Grant, what string) error {
	if g.Has(auth.RoleCityHR) && g.Scope == auth.ScopeAll {
		return nil
	}
	return errs.Deniedf("only city HR may %s; the caller is %s", what, g.Subject)
}

// CreatePeriod opens performance year in (domain.NewPeriod: the cadence, SKP due date and
// rating due days default to the policy's), by city HR. A year already open is an
// AlreadyExists error. It announces PeriodOpened.
func (a *App) CreatePeriod(ctx context.Context, in domain.Period) (domain.Period, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return domain.Period{}, err
	}
	if err := requireCityAdmin(g, "open a performance year"); err != nil {
		return domain.Period{}, err
	}
	p, err := domain.NewPeriod(in, a.policy, a.now())
	if err != nil {
		return domain.Period{}, errs.Prefix("period", err)
	}
	err = a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		if err := tx.InsertPeriod(ctx, p); err != nil {
			return err
		}
		if err := tx.Emit(ctx, domain.PeriodOpened{Period: p}); err != nil {
			return err
		}
		return tx.Audit(ctx, AuditEntry{Resource: domain.PeriodName(p.Year), Detail: "opened: " + p.Summary()})
	})
	if err != nil {
		return domain.Period{}, err
	}
	return p, nil
}

// GetPeriod returns performance year year, to anyone signed in.
func (a *App) GetPeriod(ctx context.Context, year int) (domain.Period, error) {
	if _, err := resource.Grant(ctx); err != nil {
		return domain.Period{}, err
	}
	return a.repo.Period(ctx, year)
}

// ListPeriods returns the performance years, newest first, to anyone signed in.
func (a *App) ListPeriods(ctx context.Context) ([]domain.Period, error) {
	if _, err := resource.Grant(ctx); err != nil {
		return nil, err
	}
	return a.repo.Periods(ctx)
}

// UpdatePeriod changes the fields of year named in u (domain.PeriodFields) if etag (when
// given) is current, by city HR. The cadence is fixed once the year has a periodic rating
// (domain.Period.Apply). It announces PeriodOpened when something changed.
func (a *App) UpdatePeriod(ctx context.Context, year int, etag string, u domain.PeriodUpdate) (domain.Period, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return domain.Period{}, err
	}
	if err := requireCityAdmin(g, "change a performance year"); err != nil {
		return domain.Period{}, err
	}
	var out domain.Period
	err = a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		p, err := tx.Period(ctx, year)
		if err != nil {
			return err
		}
		if err := resource.CheckEtag(domain.PeriodName(year), etag, p.Version); err != nil {
			return err
		}
		rated, err := tx.YearHasPeriodRatings(ctx, year)
		if err != nil {
			return err
		}
		changed, err := p.Apply(u, a.policy, rated, a.now())
		if err != nil {
			return prefixRequestFields("period", err)
		}
		out = p
		if len(changed) == 0 {
			return nil
		}
		if err := tx.UpdatePeriod(ctx, p); err != nil {
			return err
		}
		if err := tx.Emit(ctx, domain.PeriodOpened{Period: p}); err != nil {
			return err
		}
		return tx.Audit(ctx, AuditEntry{Resource: domain.PeriodName(year), Detail: "updated " + strings.Join(changed, ", ") + ": " + p.Summary()})
	})
	if err != nil {
		return domain.Period{}, err
	}
	return out, nil
}

// prefixRequestFields prefixes the fields err's violations name with p and a dot, as the
// request nests them ("year" → "period.year"), keeping update_mask, a field of the request
// itself, and the error's kind and message.
func prefixRequestFields(p string, err error) error {
	e, ok := errs.As(err)
	if !ok || len(e.Violations) == 0 {
		return err
	}
	out := *e
	out.Violations = make([]errs.FieldViolation, len(e.Violations))
	for i, v := range e.Violations {
		if v.Field != "update_mask" {
			v.Field = p + "." + v.Field
		}
		out.Violations[i] = v
	}
	return &out
}
