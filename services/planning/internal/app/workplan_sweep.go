package app

import (
	"context"
	"errors"
	"fmt"

	"github.com/simpeg-id/simpeg/platform/paging"
	"github.com/simpeg-id/simpeg/services/planning/internal/domain"
)

// SweepPlans moves the work plans along with the calendar (Asia/Jakarta), and returns how many
// it changed:
//   - an approved plan whose year has begun is started (in progress, version "started");
//   - an action in force of a plan in force that is past its due date and not done is
//     announced once (ActionOverdue). That announcement is bookkeeping, not a change of what
//     the plan says: the action is marked announced in the plan's content without a new
//     version or etag, and audited.
//
// It runs without a caller (the audit's actor is "system") every SIMPEG_PLANNING_SWEEP_INTERVAL
// and at start. It is idempotent and safe on several replicas at once: it reads the candidates,
// then changes each plan in its own transaction with the plan's row locked, deciding again on
// what it reads there, so two sweeps never both start a plan or announce an action.
func (a *App) SweepPlans(ctx context.Context) (changed int, err error) {
	now := a.now()
	today := domain.PlanDate(now)
	var errsSeen []error
	after := ""
	for {
		ps, err := a.repo.ListWorkPlans(ctx, WorkPlanFilter{States: []domain.PlanState{domain.PlanApproved, domain.PlanInProgress}, PageSize: MaxPageSize, After: after})
		if err != nil {
			return changed, err
		}
		for _, p := range ps {
			if !(p.State == domain.PlanApproved && p.YearBegun(now)) && len(p.Overdue(today)) == 0 {
				continue
			}
			did, err := a.sweepPlan(ctx, p.ID)
			if err != nil {
				errsSeen = append(errsSeen, fmt.Errorf("sweeping work plan %s: %w", p.ID, err))
				continue
			}
			if did {
				changed++
			}
		}
		if len(ps) < MaxPageSize {
			break
		}
		after = paging.Token(ps[len(ps)-1].ID)
	}
	return changed, errors.Join(errsSeen...)
}

// sweepPlan starts plan id and announces its overdue actions, deciding on the row it locks.
func (a *App) sweepPlan(ctx context.Context, id string) (bool, error) {
	did := false
	err := a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		did = false
		now := a.now()
		p, err := tx.GetWorkPlan(ctx, id)
		if err != nil {
			return err
		}
		from := p.Version
		var snaps []snapshot
		if p.State == domain.PlanApproved && p.YearBegun(now) {
			if err := p.Start(now); err != nil {
				return err
			}
			s := p
			s.PlanContent = p.PlanContent.Clone()
			snaps = append(snaps, snapshot{plan: s, change: domain.ChangeStarted, detail: fmt.Sprintf("started: %d has begun", p.Year)})
		}
		overdue := p.Overdue(domain.PlanDate(now))
		for _, ac := range overdue {
			p.MarkOverdue(ac.Key)
		}
		if len(snaps) == 0 && len(overdue) == 0 {
			return nil
		}
		did = true
		if err := tx.UpdateWorkPlan(ctx, p, from); err != nil {
			return err
		}
		view := domain.PlanView{}
		if len(snaps) > 0 {
			if view, err = a.save(ctx, tx, p, snaps); err != nil {
				return err
			}
		} else {
			vs, err := a.views(ctx, tx, p)
			if err != nil {
				return err
			}
			view = vs[0]
		}
		for _, ac := range overdue {
			ac.OverdueNotified = true
			if err := tx.Emit(ctx, domain.PlanActionOverdue{Plan: view, Action: ac}); err != nil {
				return err
			}
			if err := tx.Audit(ctx, AuditEntry{Resource: WorkPlanName(p.ID), Detail: fmt.Sprintf("action %s overdue since %s: announced", ac.Key, ac.Due)}); err != nil {
				return err
			}
		}
		return nil
	})
	return did, err
}
