package app

// The supervisor changes (issue 11 §1): the supervisor chain comes from the directory copy of
// planning's registry; a transfer or a new supervisor mid-year closes the SKP with the old
// appraiser and opens one with the new, both counting (the ratings of the old stay with it).

import (
	"context"
	"errors"
	"fmt"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
)

// SyncSupervisors compares the open latest SKPs of the current year (WIB) with the directory: an
// SKP whose active holder now has another supervisor (a head who gains one, or loses theirs,
// too) or another agency is closed the day before today ("new supervisor 19…", "transferred to
// DINKES") and the next one opened from today, a draft with the new appraiser, agency, unit and
// position, the results copied without their parents (the holder cascades them again from the
// new appraiser's SKP) and the functional level kept. Inactive holders are left to HR's
// CloseSkp. Each SKP moves in a Write of its own that reads it again under lock, so two replicas
// running this at once move it once (and the index of open SKPs refuses a second). It returns
// how many SKPs moved.
func (a *App) SyncSupervisors(ctx context.Context) (int, error) {
	now := a.now()
	today, year := a.today(), now.In(wib).Year()
	refs, err := a.repo.SkpsToMove(ctx, year, today)
	if err != nil {
		return 0, fmt.Errorf("finding SKPs whose holder moved: %w", err)
	}
	moved := 0
	var failed []error
	for _, r := range refs {
		if err := ctx.Err(); err != nil {
			return moved, err
		}
		ok, err := a.moveSkp(ctx, r, year, today)
		if err != nil {
			failed = append(failed, fmt.Errorf("moving %s: %w", SkpName(r.ID), err))
			continue
		}
		if ok {
			moved++
		}
	}
	return moved, errors.Join(failed...)
}

// moveSkp closes SKP r and opens the next if its holder's appraiser or agency still differs
// from the directory's, and reports whether it did.
func (a *App) moveSkp(ctx context.Context, r SkpRef, year int, today string) (bool, error) {
	h, err := a.holder(ctx, r.Employee, "employee")
	if errs.IsKind(err, errs.FailedPrecondition) || errs.IsKind(err, errs.Invalid) {
		return false, nil // no longer active or in the directory: HR closes it
	}
	if err != nil {
		return false, err
	}
	moved := false
	err = a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		moved = false
		s, err := tx.Skp(ctx, r.ID)
		if err != nil {
			return err
		}
		reason := s.MoveReason(h)
		if !s.Open() || !s.Latest || s.Year != year || reason == "" {
			return nil
		}
		closed, next := s.Continue(h, reason, today, a.now().UTC())
		if err := tx.UpdateSkp(ctx, closed); err != nil {
			return err
		}
		if err := tx.InsertSkp(ctx, next); err != nil {
			return err
		}
		if err := tx.Emit(ctx, domain.SkpClosedEvent{Skp: closed}); err != nil {
			return err
		}
		moved = true
		return tx.Audit(ctx,
			AuditEntry{Resource: SkpName(closed.ID), Detail: fmt.Sprintf("closed on %s: %s; continued by %s", closed.EndDate, reason, SkpName(next.ID))},
			AuditEntry{Resource: SkpName(next.ID), Detail: fmt.Sprintf("created from %s (%s): draft with appraiser %q in %s, %d results to cascade again", SkpName(closed.ID), reason, next.Appraiser, next.Agency, len(next.Results))})
	})
	if errs.IsKind(err, errs.AlreadyExists) {
		return false, nil // another replica opened the next one
	}
	return moved, err
}
