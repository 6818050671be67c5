package events_test

import (
	"testing"
	"time"

	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
	"github.com/simpeg-id/simpeg/services/planning/internal/domain"
	"github.com/simpeg-id/simpeg/services/planning/internal/events"
)

// TestTargetEvents: the monitoring's events go out on their subjects with the plan's name, its
// agency, the target as measured and what it was before.
func TestTargetEvents(t *testing.T) {
	tg := domain.Target{Key: "jp", Goal: "g", Title: "Every PNS earns 20 JP", Kind: domain.TargetJPShare, GoalValue: 80,
		Due:     domain.Date{Time: time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)},
		Measure: domain.Measure{Baseline: 20, Value: 34, Expected: 35, Status: domain.StatusAtRisk, At: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)}}
	e, err := events.Encode(domain.TargetProgressed{Plan: "wp1", Agency: "DISKOMINFO", Target: tg, Previous: 30})
	if err != nil {
		t.Fatal(err)
	}
	p, ok := e.Msg.(*planningv1.TargetProgressed)
	if e.Subject != events.SubjectTargetProgressed || !ok || p.GetWorkPlan() != "workPlans/wp1" || p.GetAgency() != "DISKOMINFO" ||
		p.GetPreviousValue() != 30 || p.GetTarget().GetValue() != 34 || p.GetTarget().GetUnit() != "percent" {
		t.Errorf("progressed = %s %v", e.Subject, e.Msg)
	}
	e, err = events.Encode(domain.TargetStatusChanged{Plan: "wp1", Agency: "DISKOMINFO", Target: tg, Previous: domain.StatusOnTrack})
	if err != nil {
		t.Fatal(err)
	}
	s, ok := e.Msg.(*planningv1.TargetStatusChanged)
	if e.Subject != events.SubjectTargetStatusChanged || !ok || s.GetPreviousStatus() != planningv1.TargetStatus_TARGET_STATUS_ON_TRACK ||
		s.GetTarget().GetStatus() != planningv1.TargetStatus_TARGET_STATUS_AT_RISK {
		t.Errorf("status changed = %s %v", e.Subject, e.Msg)
	}
}
