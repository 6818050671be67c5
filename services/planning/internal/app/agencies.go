package app

import (
	"context"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/resource"
	"github.com/simpeg-id/simpeg/services/planning/internal/domain"
)

// CreateAgency registers an agency or unit.
func (a *App) CreateAgency(ctx context.Context, in domain.Agency) (domain.Agency, error) {
	var out domain.Agency
	err := a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		var parent *domain.Agency
		if in.Parent != "" {
			m, err := tx.Agencies(ctx, in.Parent)
			if err != nil {
				return err
			}
			parent = m[in.Parent]
		}
		ag, err := domain.NewAgency(in, parent, a.now())
		if err != nil {
			return errs.Prefix("agency", err)
		}
		if err := tx.InsertAgency(ctx, ag); err != nil {
			return err
		}
		out = ag
		if err := tx.Emit(ctx, domain.AgencyCreated{Agency: ag}); err != nil {
			return err
		}
		return tx.Audit(ctx, AuditEntry{Resource: AgencyName(ag.Code), Detail: "created"})
	})
	return out, err
}

// GetAgency reads an agency.
func (a *App) GetAgency(ctx context.Context, code string) (domain.Agency, error) {
	return a.repo.GetAgency(ctx, code)
}

// ListAgencies lists agencies in code order; the returned token continues the list.
func (a *App) ListAgencies(ctx context.Context, f AgencyFilter) ([]domain.Agency, string, error) {
	f.PageSize = pageSize(f.PageSize)
	f.PageSize++
	out, err := a.repo.ListAgencies(ctx, f)
	if err != nil {
		return nil, "", err
	}
	page, next := resource.Page(out, f.PageSize-1, func(x domain.Agency) string { return x.Code })
	return page, next, nil
}

// UpdateAgency applies the fields of u to the agency code if etag (when given) is current.
func (a *App) UpdateAgency(ctx context.Context, code, etag string, u domain.AgencyUpdate) (domain.Agency, error) {
	var out domain.Agency
	err := a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		ag, err := tx.GetAgency(ctx, code)
		if err != nil {
			return err
		}
		if err := resource.CheckEtag(AgencyName(code), etag, ag.Version); err != nil {
			return err
		}
		if p := u.Values.Parent; p != "" {
			m, err := tx.Agencies(ctx, p)
			if err != nil {
				return err
			}
			u.Parent = m[p]
			if u.ParentChain, err = tx.AgencyChain(ctx, p); err != nil {
				return err
			}
		}
		changed, err := ag.Apply(u, a.now())
		if err != nil {
			return errs.Prefix("agency", err)
		}
		out = ag
		if len(changed) == 0 {
			return nil
		}
		if err := tx.UpdateAgency(ctx, ag); err != nil {
			return err
		}
		if err := tx.Emit(ctx, domain.AgencyUpdated{Agency: ag, Changed: changed}); err != nil {
			return err
		}
		return tx.Audit(ctx, AuditEntry{Resource: AgencyName(code), Detail: fieldsDetail("updated", changed)})
	})
	return out, err
}
