package monitor_test

import (
	"context"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/testenv"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
	"github.com/simpeg-id/simpeg/services/planning/internal/monitor"
)

// TestWatch: a watcher of a plan hears, from planning's own stream, its targets measured
// ("target"), its actions ("action") and its state ("state"), and nothing of another plan's;
// its channel closes when its context ends.
func TestWatch(t *testing.T) {
	natsURL := testenv.NATS(t)
	f := newFixture(t, testenv.SQLite, natsURL, monitor.Clients{})
	f.createStream(t, "planning")
	ctx, cancel := context.WithCancel(context.Background())
	ch, err := f.mon.Watch(ctx, plan)
	if err != nil {
		t.Fatal(err)
	}
	defer f.mon.StopWatch()
	next := func() string {
		t.Helper()
		select {
		case c := <-ch:
			return c
		case <-time.After(5 * time.Second):
			t.Fatal("no change heard in 5 s")
		}
		return ""
	}
	f.publish(t, "simpeg.planning.work_plan.approved", "w-0", &planningv1.WorkPlanChanged{WorkPlan: &planningv1.WorkPlan{Name: "workPlans/other"}, Change: "approved"})
	f.publish(t, "simpeg.planning.target.progressed", "w-1", &planningv1.TargetProgressed{WorkPlan: "workPlans/" + plan, PreviousValue: 0})
	if c := next(); c != "target" {
		t.Errorf("change = %q, want target (another plan's change unheard)", c)
	}
	f.publish(t, "simpeg.planning.work_plan.action_completed", "w-2", &planningv1.WorkPlanChanged{WorkPlan: &planningv1.WorkPlan{Name: "workPlans/" + plan}, Change: "action_completed"})
	if c := next(); c != "action" {
		t.Errorf("change = %q, want action", c)
	}
	f.publish(t, "simpeg.planning.work_plan.closed", "w-3", &planningv1.WorkPlanChanged{WorkPlan: &planningv1.WorkPlan{Name: "workPlans/" + plan}, Change: "closed"})
	if c := next(); c != "state" {
		t.Errorf("change = %q, want state", c)
	}
	cancel()
	select {
	case _, ok := <-ch:
		if ok {
			t.Error("a change after the watcher left")
		}
	case <-time.After(5 * time.Second):
		t.Error("the channel stayed open after the watcher's context ended")
	}
}
