package grpcapi_test

import (
	"context"
	"encoding/json"
	"sync"
	"testing"
	"time"

	"google.golang.org/grpc"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/outbox"
	"github.com/simpeg-id/simpeg/platform/testenv"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
	"github.com/simpeg-id/simpeg/services/planning/internal/app"
	"github.com/simpeg-id/simpeg/services/planning/internal/domain"
	"github.com/simpeg-id/simpeg/services/planning/internal/events"
	"github.com/simpeg-id/simpeg/services/planning/internal/grpcapi"
	"github.com/simpeg-id/simpeg/services/planning/internal/store"
)

// fakeWatcher hands WatchWorkPlan a channel the test feeds.
type fakeWatcher struct{ ch chan string }

func (w fakeWatcher) Watch(context.Context, string) (<-chan string, error) { return w.ch, nil }

// sink is a WatchWorkPlan stream that keeps what is sent.
type sink struct {
	grpc.ServerStream
	ctx  context.Context
	mu   sync.Mutex
	sent []*planningv1.WatchWorkPlanResponse
}

func (s *sink) Context() context.Context { return s.ctx }
func (s *sink) Send(m *planningv1.WatchWorkPlanResponse) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sent = append(s.sent, m)
	return nil
}
func (s *sink) changes() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, m := range s.sent {
		out = append(out, m.GetChange())
	}
	return out
}

// TestWatchAndTargets: WatchWorkPlan sends the plan first ("snapshot"), then the plan again for
// each change its watcher reports, and ends when the watcher's channel closes; without a
// watcher it sends the snapshot and ends; a caller who does not read the plan gets nothing. A
// target's progress is read by its resource name; a malformed name is the caller's mistake.
func TestWatchAndTargets(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		ctx := context.Background()
		db := testenv.OpenDB(t, engine)
		if err := db.Migrate(ctx, "planning", store.Migrations()); err != nil {
			t.Fatal(err)
		}
		content, err := json.Marshal(domain.PlanContent{Title: "Rencana DISKOMINFO 2026", Goals: []domain.Goal{{Key: "g", Title: "Kompetensi"}},
			Targets: []domain.Target{{Key: "jp", Goal: "g", Title: "Every PNS earns 20 JP", Kind: domain.TargetJPShare, GoalValue: 80,
				Due: domain.Date{Time: time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)}}}})
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range []struct {
			q    string
			args []any
		}{
			{`INSERT INTO agencies (code, display_name, kind, parent, root, version, create_time, update_time) VALUES ('DISKOMINFO', 'Dinas Kominfo', 'dinas', NULL, 'DISKOMINFO', 1, 0, 0)`, nil},
			{`INSERT INTO work_plans (id, agency, year, state, content, in_force, version, approved_version, comment, create_time, update_time, approve_time)
				VALUES ('wp1', 'DISKOMINFO', 2026, 'in_progress', $1, $1, 2, 2, '', 1, 1, 1)`, []any{string(content)}},
			{`INSERT INTO plan_targets (plan_id, target_key, agency, year, kind, goal_value, due_date, programmes, start_time, active, baseline, value, expected, status, measure_time)
				VALUES ('wp1', 'jp', 'DISKOMINFO', 2026, 'jp_share', 80, '2026-12-31', '[]', 1, 1, 20, 35, 30, 'on_track', 2)`, nil},
			{`INSERT INTO plan_target_points (plan_id, target_key, month, value, expected, status) VALUES ('wp1', 'jp', '2026-02', 35, 30, 'on_track'), ('wp1', 'jp', '2026-01', 20, 20, 'on_track')`, nil},
		} {
			if _, err := db.ExecContext(ctx, x.q, x.args...); err != nil {
				t.Fatalf("%s: %v", x.q, err)
			}
		}
		a := app.New(store.New(db, outbox.New(), events.Encode), func() time.Time { return time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC) })
		hr := testenv.As(ctx, auth.RoleAgencyHR, "DISKOMINFO", "hr-kominfo", auth.ScopeAgency)

		w := fakeWatcher{ch: make(chan string, 2)}
		s := &sink{ctx: hr}
		w.ch <- "target"
		w.ch <- "state"
		close(w.ch)
		if err := grpcapi.New(a, db, w).WatchWorkPlan(&planningv1.WatchWorkPlanRequest{Name: "workPlans/wp1"}, s); err != nil {
			t.Fatal(err)
		}
		if got := s.changes(); len(got) != 3 || got[0] != "snapshot" || got[1] != "target" || got[2] != "state" {
			t.Errorf("changes sent = %v, want snapshot target state", got)
		}
		if tg := s.sent[0].GetWorkPlan().GetTargets(); len(tg) != 1 || tg[0].GetValue() != 35 || tg[0].GetStatus() != planningv1.TargetStatus_TARGET_STATUS_ON_TRACK {
			t.Errorf("the snapshot's targets = %v", tg)
		}

		s = &sink{ctx: hr}
		if err := grpcapi.New(a, db, nil).WatchWorkPlan(&planningv1.WatchWorkPlanRequest{Name: "workPlans/wp1"}, s); err != nil || len(s.changes()) != 1 {
			t.Errorf("without a watcher: %v, %v sent; want the snapshot alone", err, s.changes())
		}
		s = &sink{ctx: testenv.As(ctx, auth.RoleAgencyHR, "DINKES", "hr-dinkes", auth.ScopeAgency)}
		if err := grpcapi.New(a, db, w).WatchWorkPlan(&planningv1.WatchWorkPlanRequest{Name: "workPlans/wp1"}, s); !errs.IsKind(err, errs.PermissionDenied) || len(s.changes()) != 0 {
			t.Errorf("another agency's HR: %v, %v sent; want denied, nothing", err, s.changes())
		}

		srv := grpcapi.New(a, db, nil)
		p, err := srv.GetTargetProgress(hr, &planningv1.GetTargetProgressRequest{Name: "workPlans/wp1/targets/jp"})
		if err != nil {
			t.Fatal(err)
		}
		pr := p.GetProgress()
		if pr.GetName() != "workPlans/wp1/targets/jp" || pr.GetTarget().GetTitle() != "Every PNS earns 20 JP" || pr.GetTarget().GetBaseline() != 20 ||
			len(pr.GetPoints()) != 2 || pr.GetPoints()[0].GetMonth() != "2026-01" || pr.GetPoints()[1].GetValue() != 35 {
			t.Errorf("progress = %v", pr)
		}
		if _, err := srv.GetTargetProgress(hr, &planningv1.GetTargetProgressRequest{Name: "workPlans/wp1"}); !errs.IsKind(err, errs.Invalid) {
			t.Errorf("a plan's name for a target's: %v, want invalid", err)
		}
		ev, err := srv.ListTargetEvidence(hr, &planningv1.ListTargetEvidenceRequest{Target: "workPlans/wp1/targets/jp"})
		if err != nil || len(ev.GetEvidence()) != 0 {
			t.Errorf("evidence with no facts = %v, %v", ev, err)
		}
	})
}
