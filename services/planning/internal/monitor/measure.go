package monitor

import (
	"context"
	"time"

	"github.com/simpeg-id/simpeg/services/planning/internal/app"
	"github.com/simpeg-id/simpeg/services/planning/internal/domain"
	"github.com/simpeg-id/simpeg/services/planning/internal/store"
)

// dirtyBatch bounds the dirty marks one round takes.
const dirtyBatch = 500

// Run measures until ctx is done: every Interval the back-fills due, the dirty targets and the
// targets never measured; every RemeasureInterval every active target. A failing round is
// logged and tried again next tick.
func (m *Monitor) Run(ctx context.Context) {
	tick := time.NewTicker(m.o.Interval)
	defer tick.Stop()
	last := time.Time{}
	for {
		all := time.Since(last) >= m.o.RemeasureInterval
		if all {
			last = time.Now()
		}
		if m.backfilling.CompareAndSwap(false, true) {
			go func() {
				defer m.backfilling.Store(false)
				m.Backfill(ctx)
			}()
		}
		if _, err := m.Round(ctx, all); err != nil && ctx.Err() == nil {
			m.metrics.failures.WithLabelValues("measure").Inc()
			m.log.Warn("measuring the work plans' targets; will retry", "error", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// Round measures once: the targets the dirty marks concern (each mark taken in the transaction
// that measures its targets), the targets never measured, and every active one when all is
// set. It returns how many targets it measured.
func (m *Monitor) Round(ctx context.Context, all bool) (int, error) {
	st := m.o.Store
	n := 0
	dirty, err := st.Dirty(ctx, dirtyBatch)
	if err != nil {
		return n, err
	}
	for _, k := range dirty {
		err := st.WriteMeasure(ctx, func(ctx context.Context, tx *store.MeasureTx) error {
			taken, err := tx.TakeDirty(ctx, k)
			if err != nil || !taken {
				return err
			}
			ts, err := tx.LockDirtyTargets(ctx, k)
			if err != nil {
				return err
			}
			for _, t := range ts {
				if err := m.measure(ctx, tx, t); err != nil {
					return err
				}
			}
			n += len(ts)
			return nil
		})
		if err != nil {
			return n, err
		}
	}
	refs, err := st.ActiveTargets(ctx, !all)
	if err != nil {
		return n, err
	}
	for _, ref := range refs {
		err := st.WriteMeasure(ctx, func(ctx context.Context, tx *store.MeasureTx) error {
			t, found, err := tx.LockTarget(ctx, ref)
			if err != nil || !found {
				return err
			}
			if !all && !t.Measure.At.IsZero() {
				return nil // measured meanwhile, by a dirty mark or another replica
			}
			n++
			return m.measure(ctx, tx, t)
		})
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// measure computes t's value now, its baseline at the first measure, where its path is and its
// status, stores them with the month's point, and emits TargetProgressed when the value changed
// and TargetStatusChanged when the status did. t's row is locked by tx, so two replicas never
// both emit for one change.
func (m *Monitor) measure(ctx context.Context, tx *store.MeasureTx, t app.MeasuredTarget) error {
	now := m.now()
	v, err := tx.TargetValue(ctx, t, now)
	if err != nil {
		return err
	}
	prev := t.Measure
	next := prev
	first := prev.At.IsZero()
	if first {
		next.Baseline = v
	}
	next.Value = v
	next.Expected, next.Status = domain.Assess(domain.PathInput{Kind: t.Kind, Baseline: next.Baseline, Goal: t.GoalValue, Value: v,
		Start: t.Start, Due: t.Due, Now: now, Margin: m.o.Policy.AtRiskMargin})
	next.At = now
	t.Measure = next
	if err := tx.SaveMeasure(ctx, t); err != nil {
		return err
	}
	m.metrics.measures.Inc()
	if next.Value != prev.Value {
		if err := tx.Emit(ctx, domain.TargetProgressed{Plan: t.Plan, Agency: t.Agency, Target: t.Target, Previous: prev.Value}); err != nil {
			return err
		}
	}
	if next.Status != prev.Status {
		if err := tx.Emit(ctx, domain.TargetStatusChanged{Plan: t.Plan, Agency: t.Agency, Target: t.Target, Previous: prev.Status}); err != nil {
			return err
		}
		m.log.InfoContext(ctx, "target status changed", "plan", t.Plan, "target", t.Key, "from", prev.Status, "to", next.Status, "value", v, "expected", next.Expected)
	}
	return nil
}
