package app

import (
	"context"
	"fmt"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/resource"
	"github.com/simpeg-id/simpeg/services/planning/internal/domain"
)

// MaxPositionBatch is the most positions one BatchCreatePositions call takes.
const MaxPositionBatch = 1000

// PositionBatch is what BatchCreatePositions did: the positions it created, in request order,
// and the indexes of the rows whose id was already registered (left unchanged).
type PositionBatch struct {
	Created []domain.Position
	Present []int
}

// BatchCreatePositions registers the positions ins (each with its id) in one transaction. It
// is all or nothing: every row is checked first, and when any is bad the call fails with an
// Invalid error naming each bad field as "requests[i].position.<field>" (or
// "requests[i].position_id") and writes nothing; a row in an agency the caller's grant does not
// reach fails it with PermissionDenied. A row whose id is already registered is not an error:
// it is left unchanged and its index returned in Present, so a repeated import is harmless.
func (a *App) BatchCreatePositions(ctx context.Context, ins []domain.Position) (PositionBatch, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return PositionBatch{}, err
	}
	if len(ins) == 0 || len(ins) > MaxPositionBatch {
		return PositionBatch{}, errs.Invalidf("requests", "must hold 1 to %d positions, got %d", MaxPositionBatch, len(ins))
	}
	for i, in := range ins {
		if !g.Reaches(in.Agency) {
			return PositionBatch{}, errs.Deniedf("requests[%d]: %s (agency %q) may not create positions in agency %q", i, g.Subject, g.Agency, in.Agency)
		}
	}
	var out PositionBatch
	err = a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		out = PositionBatch{} // Write may run the body again
		valid, present, err := a.checkPositions(ctx, tx, ins)
		if err != nil {
			return err
		}
		out.Present = present
		if len(valid) == 0 {
			return nil
		}
		events := make([]domain.Event, 0, len(valid))
		audits := make([]AuditEntry, 0, len(valid))
		for _, p := range valid {
			if err := tx.InsertPosition(ctx, p); err != nil {
				if errs.IsKind(err, errs.AlreadyExists) {
					// Registered by a concurrent call between the check and the insert.
					return errs.New(errs.Conflict, "position %q was registered while the batch ran; send it again", p.ID)
				}
				return err
			}
			events = append(events, domain.PositionCreated{Position: p})
			audits = append(audits, AuditEntry{Resource: PositionName(p.ID), Detail: "created"})
		}
		if err := tx.Emit(ctx, events...); err != nil {
			return err
		}
		if err := tx.Audit(ctx, audits...); err != nil {
			return err
		}
		out.Created = valid
		return nil
	})
	if err != nil {
		return PositionBatch{}, err
	}
	return out, nil
}

// checkPositions checks every row of ins against the agencies and positions in l and returns
// the positions to create and the indexes of the rows already registered, or an Invalid error
// naming every bad field of every row.
func (a *App) checkPositions(ctx context.Context, l Lookup, ins []domain.Position) ([]domain.Position, []int, error) {
	codes := make([]string, 0, 2*len(ins))
	ids := make([]string, 0, len(ins))
	for _, in := range ins {
		codes = append(codes, in.Agency, in.Unit)
		ids = append(ids, in.ID)
	}
	agencies, err := l.Agencies(ctx, codes...)
	if err != nil {
		return nil, nil, err
	}
	existing, err := l.Positions(ctx, ids...)
	if err != nil {
		return nil, nil, err
	}
	var (
		v       errs.Violations
		valid   = make([]domain.Position, 0, len(ins))
		present []int
		seen    = make(map[string]int, len(ins))
		now     = a.now()
	)
	for i, in := range ins {
		prefix := fmt.Sprintf("requests[%d]", i)
		if j, dup := seen[in.ID]; dup && in.ID != "" {
			v.Add(prefix+".position_id", "position %q appears twice in the call (requests %d and %d)", in.ID, j, i)
			continue
		}
		seen[in.ID] = i
		p, err := domain.NewPosition(in, agencies[in.Agency], agencies[in.Unit], now)
		if err != nil {
			ev, ok := errs.As(err)
			if !ok {
				return nil, nil, err
			}
			for _, fv := range ev.Violations {
				field := prefix + ".position." + fv.Field
				if fv.Field == "position_id" {
					field = prefix + ".position_id"
				}
				v.Add(field, "%s", fv.Description)
			}
			continue
		}
		if existing[in.ID] != nil {
			present = append(present, i)
			continue
		}
		valid = append(valid, p)
	}
	if err := v.Err(); err != nil {
		return nil, nil, err
	}
	return valid, present, nil
}
