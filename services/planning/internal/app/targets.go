package app

import (
	"context"
	"strconv"
	"time"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/services/planning/internal/domain"
)

// The monitoring of the work plans' targets as the API reads it (issue 12 §2): a target's
// value, path and status as last measured, its trend by month, and the facts behind its value.
// The monitoring (package monitor) keeps them; these use cases only read, for whoever reads the
// target's plan.

// MeasuredTarget is a target of a plan in force as the monitoring keeps it.
type MeasuredTarget struct {
	Plan   string // the plan's id
	Agency string // the plan's agency; "" for the city plan
	Year   int
	// Target is the definition (from the plan's version in force) with its Measure.
	domain.Target
	Start  time.Time // where its path starts: the plan's approval
	Active bool      // false once the plan closed or the target was dropped
}

// ProgressPoint is a target's last measure in a month.
type ProgressPoint struct {
	Month    string // "YYYY-MM"
	Value    float64
	Expected float64
	Status   domain.TargetStatus
}

// TargetProgress is a target with its trend, oldest month first.
type TargetProgress struct {
	MeasuredTarget
	Points []ProgressPoint
}

// Evidence is one fact behind a target's value: an event, or a record the back-fill read.
type Evidence struct {
	EventID  string
	Subject  string
	Employee string
	Detail   string
	Occur    time.Time
	Record   time.Time
}

// TargetReader reads the monitoring's records; part of Repository.
type TargetReader interface {
	// PlanAgency returns the agency of plan id ("" the city plan), or NotFound.
	PlanAgency(ctx context.Context, id string) (string, error)
	// MeasuredTarget returns target key of plan id with its definition from the plan's version
	// in force, or NotFound.
	MeasuredTarget(ctx context.Context, plan, key string) (MeasuredTarget, error)
	// TargetPoints returns the target's points, oldest month first.
	TargetPoints(ctx context.Context, plan, key string) ([]ProgressPoint, error)
	// TargetEvidence returns up to limit facts behind t's value measured at now, newest
	// recorded first, skipping the first offset.
	TargetEvidence(ctx context.Context, t MeasuredTarget, now time.Time, offset, limit int) ([]Evidence, error)
}

// readTarget returns target key of plan for a caller who reads the plan. A plan the caller may
// not see is not found for them, as a plan that does not exist.
func (a *App) readTarget(ctx context.Context, plan, key string) (MeasuredTarget, error) {
	if plan == "" || key == "" {
		return MeasuredTarget{}, errs.Invalidf("name", "name a target, \"workPlans/{id}/targets/{key}\"")
	}
	agency, err := a.repo.PlanAgency(ctx, plan)
	if err != nil {
		return MeasuredTarget{}, err
	}
	if _, err := a.requireSees(ctx, agency); err != nil {
		return MeasuredTarget{}, err
	}
	return a.repo.MeasuredTarget(ctx, plan, key)
}

// GetTargetProgress returns target key of plan as last measured, with its trend by month.
// Whoever reads the plan reads its targets (app.reach).
func (a *App) GetTargetProgress(ctx context.Context, plan, key string) (TargetProgress, error) {
	t, err := a.readTarget(ctx, plan, key)
	if err != nil {
		return TargetProgress{}, err
	}
	pts, err := a.repo.TargetPoints(ctx, plan, key)
	if err != nil {
		return TargetProgress{}, err
	}
	return TargetProgress{MeasuredTarget: t, Points: pts}, nil
}

// ListTargetEvidence returns a page of the facts behind target key of plan's value, newest
// recorded first, and the next page's token ("" on the last page). The token is the offset
// of the next page.
func (a *App) ListTargetEvidence(ctx context.Context, plan, key string, size int, token string) ([]Evidence, string, error) {
	t, err := a.readTarget(ctx, plan, key)
	if err != nil {
		return nil, "", err
	}
	offset := 0
	if token != "" {
		if offset, err = strconv.Atoi(token); err != nil || offset < 0 {
			return nil, "", errs.Invalidf("page_token", "not a page token of this list: %q", token)
		}
	}
	size = pageSize(size)
	ev, err := a.repo.TargetEvidence(ctx, t, a.now(), offset, size+1)
	if err != nil {
		return nil, "", err
	}
	next := ""
	if len(ev) > size {
		ev, next = ev[:size], strconv.Itoa(offset+size)
	}
	return ev, next, nil
}
