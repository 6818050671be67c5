package app

import (
	"context"

	"github.com/google/uuid"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/resource"
	"github.com/simpeg-id/simpeg/services/planning/internal/domain"
)

// CreatePosition registers a position; an empty id gets a generated one.
func (a *App) CreatePosition(ctx context.Context, in domain.Position) (domain.Position, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return domain.Position{}, err
	}
	if err := resource.RequireReach(g, in.Agency); err != nil {
		return domain.Position{}, err
	}
	if in.ID == "" {
		id, err := uuid.NewV7()
		if err != nil {
			return domain.Position{}, err
		}
		in.ID = id.String()
	}
	var out domain.Position
	err = a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		m, err := tx.Agencies(ctx, in.Agency, in.Unit)
		if err != nil {
			return err
		}
		p, err := domain.NewPosition(in, m[in.Agency], m[in.Unit], a.now())
		if err != nil {
			return errs.Prefix("position", err)
		}
		if err := tx.InsertPosition(ctx, p); err != nil {
			return err
		}
		out = p
		if err := tx.Emit(ctx, domain.PositionCreated{Position: p}); err != nil {
			return err
		}
		return tx.Audit(ctx, AuditEntry{Resource: PositionName(p.ID), Detail: "created"})
	})
	return out, err
}

// GetPosition reads a position.
func (a *App) GetPosition(ctx context.Context, id string) (domain.Position, error) {
	return a.repo.GetPosition(ctx, id)
}

// ListPositions lists positions in id order.
func (a *App) ListPositions(ctx context.Context, f PositionFilter) ([]domain.Position, string, error) {
	f.PageSize = pageSize(f.PageSize) + 1
	out, err := a.repo.ListPositions(ctx, f)
	if err != nil {
		return nil, "", err
	}
	page, next := resource.Page(out, f.PageSize-1, func(x domain.Position) string { return x.ID })
	return page, next, nil
}

// UpdatePosition applies u to the position id if etag (when given) is current.
func (a *App) UpdatePosition(ctx context.Context, id, etag string, u domain.PositionUpdate) (domain.Position, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return domain.Position{}, err
	}
	var out domain.Position
	err = a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		p, err := tx.GetPosition(ctx, id)
		if err != nil {
			return err
		}
		if err := resource.CheckWrite(g, p.Agency, PositionName(id), etag, p.Version); err != nil {
			return err
		}
		unit := pick(u.Fields, "unit", u.Values.Unit, p.Unit)
		m, err := tx.Agencies(ctx, p.Agency, unit)
		if err != nil {
			return err
		}
		u.Agency, u.Unit = m[p.Agency], m[unit]
		changed, err := p.Apply(u, a.now())
		if err != nil {
			return errs.Prefix("position", err)
		}
		out = p
		if len(changed) == 0 {
			return nil
		}
		if err := tx.UpdatePosition(ctx, p); err != nil {
			return err
		}
		if err := tx.Emit(ctx, domain.PositionUpdated{Position: p, Changed: changed}); err != nil {
			return err
		}
		return tx.Audit(ctx, AuditEntry{Resource: PositionName(id), Detail: fieldsDetail("updated", changed)})
	})
	return out, err
}
