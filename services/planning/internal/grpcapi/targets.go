package grpcapi

import (
	"context"
	"strings"
	"time"

	"google.golang.org/grpc"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/pbconv"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
	"github.com/simpeg-id/simpeg/services/planning/internal/app"
	"github.com/simpeg-id/simpeg/services/planning/internal/convert"
)

// The monitoring of the work plans' targets: progress, evidence and the live watch.

// WatchTime is how long one WatchWorkPlan stream lasts; the caller then watches again.
const WatchTime = 10 * time.Minute

// targetName splits "workPlans/{id}/targets/{key}" into the plan's id and the key.
func targetName(name, field string) (plan, key string, err error) {
	rest, ok := strings.CutPrefix(name, "workPlans/")
	plan, key, found := strings.Cut(rest, "/targets/")
	if !ok || !found || plan == "" || key == "" || strings.Contains(key, "/") || strings.Contains(plan, "/") {
		return "", "", errs.Invalidf(field, "must be \"workPlans/{id}/targets/{key}\", got %q", name)
	}
	return plan, key, nil
}

// GetTargetProgress returns a target as measured now with its trend by month.
func (s *Server) GetTargetProgress(ctx context.Context, req *planningv1.GetTargetProgressRequest) (*planningv1.GetTargetProgressResponse, error) {
	plan, key, err := targetName(req.GetName(), "name")
	if err != nil {
		return nil, err
	}
	p, err := s.app.GetTargetProgress(ctx, plan, key)
	if err != nil {
		return nil, err
	}
	return &planningv1.GetTargetProgressResponse{Progress: targetProgressPB(p)}, nil
}

func targetProgressPB(p app.TargetProgress) *planningv1.TargetProgress {
	out := &planningv1.TargetProgress{Name: convert.TargetName(p.Plan, p.Key), Target: convert.TargetPB(p.Target)}
	for _, pt := range p.Points {
		out.Points = append(out.Points, &planningv1.ProgressPoint{Month: pt.Month, Value: pt.Value, Expected: pt.Expected,
			Status: convert.TargetStatusPB(pt.Status)})
	}
	return out
}

// ListTargetEvidence lists the facts behind a target's value, newest recorded first.
func (s *Server) ListTargetEvidence(ctx context.Context, req *planningv1.ListTargetEvidenceRequest) (*planningv1.ListTargetEvidenceResponse, error) {
	plan, key, err := targetName(req.GetTarget(), "target")
	if err != nil {
		return nil, err
	}
	ev, next, err := s.app.ListTargetEvidence(ctx, plan, key, int(req.GetPageSize()), req.GetPageToken())
	if err != nil {
		return nil, err
	}
	out := &planningv1.ListTargetEvidenceResponse{NextPageToken: next, Evidence: make([]*planningv1.TargetEvidence, len(ev))}
	for i, e := range ev {
		out.Evidence[i] = &planningv1.TargetEvidence{EventId: e.EventID, Subject: e.Subject, Employee: e.Employee, Detail: e.Detail,
			OccurTime: pbconv.Timestamp(e.Occur), RecordTime: pbconv.Timestamp(e.Record)}
	}
	return out, nil
}

// WatchWorkPlan streams a plan: the plan as it stands ("snapshot"), then the plan read again
// each time the watcher says it changed, for WatchTime or until the caller goes. The caller must
// read the plan (GetWorkPlan's check, made for the snapshot and each re-read). Without a watcher
// the snapshot is sent and the stream ends.
func (s *Server) WatchWorkPlan(req *planningv1.WatchWorkPlanRequest, stream grpc.ServerStreamingServer[planningv1.WatchWorkPlanResponse]) error {
	ctx, cancel := context.WithTimeout(stream.Context(), WatchTime)
	defer cancel()
	id, err := planID(req.GetName(), "name")
	if err != nil {
		return err
	}
	send := func(change string) error {
		p, err := s.app.GetWorkPlan(ctx, id)
		if err != nil {
			return err
		}
		return stream.Send(&planningv1.WatchWorkPlanResponse{WorkPlan: convert.WorkPlanPB(p), Change: change})
	}
	// The snapshot's read checks the caller first; only then is the plan watched.
	if err := send("snapshot"); err != nil {
		return err
	}
	if s.watcher == nil {
		return nil
	}
	changes, err := s.watcher.Watch(ctx, id)
	if err != nil {
		return nil // no live changes to give: the snapshot stands, the caller watches again later
	}
	for {
		select {
		case <-ctx.Done():
			return nil
		case change, ok := <-changes:
			if !ok {
				return nil
			}
			if err := send(change); err != nil {
				if ctx.Err() != nil {
					return nil
				}
				return err
			}
		}
	}
}
