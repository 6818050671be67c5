package directory

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"
	"google.golang.org/grpc/metadata"

	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
)

// The retry delays of Keep: each retry waits twice as long as the one before, up to a cap.
const (
	firstRetry    = time.Second
	maxFollowWait = 30 * time.Second
	maxFillWait   = time.Minute
)

// KeepOptions say where Keep finds planning's events and API.
type KeepOptions struct {
	// JS is the JetStream connection planning's stream is read from.
	JS jetstream.JetStream
	// Prefix is the deployment's SIMPEG_NATS_PREFIX, which names planning's stream.
	Prefix string
	// Durable names the service's durable consumer, e.g. "attendance-directory"; one per
	// service, so that its replicas share the work and a restart resumes where it stopped.
	Durable string
	// Planning is planning's API, for the back-fill.
	Planning planningv1.PlanningServiceClient
	// Token is the bearer token (role service, scope planning.read) sent to planning; empty
	// sends none.
	Token string
	// Log receives what Keep does; nil means slog.Default().
	Log *slog.Logger
	// Metrics receives the counters of refused and checked events
	// (simpeg_directory_events_refused_total, simpeg_directory_events_checked_total); nil
	// keeps them unexported.
	Metrics prometheus.Registerer
	// ReconcileInterval is how often the copy is compared with planning's registry and healed
	// (Reconcile), the first time at start when the copy is not empty; zero or less never.
	// Services take it from SIMPEG_DIRECTORY_RECONCILE_INTERVAL.
	ReconcileInterval time.Duration
}

// ErrKeepOptions is returned by Keep for options that lack what it needs.
var ErrKeepOptions = errors.New("directory: KeepOptions needs JS, Durable and Planning")

// Keep keeps the copy current until ctx is done, for a service that starts before or after
// planning:
//
//   - It follows planning's events with the durable consumer o.Durable. While planning's
//     stream does not exist yet (planning has never started), it retries in the background,
//     waiting 1 s, 2 s, 4 s … up to 30 s between attempts.
//   - When the copy is empty, it back-fills the whole registry over planning's API, retrying
//     until planning answers (1 s, 2 s … up to a minute between attempts). Events keep the
//     copy current afterwards.
//   - At start (when the copy is not empty) and every o.ReconcileInterval, it reconciles the
//     copy with planning by version (Reconcile), so a divergence events did not heal does.
//
// The first attempt to follow is made before Keep returns. Keep returns an error only for
// incomplete options; everything else is retried and logged. done is closed when the
// background work has ended: the copy follows the stream and no back-fill is pending, or ctx
// is done.
func (r *Replica) Keep(ctx context.Context, o KeepOptions) (done <-chan struct{}, err error) {
	if o.JS == nil || o.Durable == "" || o.Planning == nil {
		return nil, ErrKeepOptions
	}
	if o.Log == nil {
		o.Log = slog.Default()
	}
	r.guard = newGuard(o.Planning, o.Token, o.Metrics)
	following := true
	if _, err := r.Follow(ctx, o.JS, o.Prefix, o.Durable, o.Log); err != nil {
		o.Log.Warn("following planning's events; retrying in the background", "error", err)
		following = false
	}
	var wg sync.WaitGroup
	wg.Go(func() { r.backfillOnce(ctx, o) })
	go r.reconcileEvery(ctx, o) // for the service's life: not part of done
	if !following {
		wg.Go(func() { r.followLater(ctx, o) })
	}
	ch := make(chan struct{})
	go func() {
		wg.Wait()
		close(ch)
	}()
	return ch, nil
}

// followLater keeps trying to follow planning's stream, which may not exist yet when planning
// starts after this service.
func (r *Replica) followLater(ctx context.Context, o KeepOptions) {
	for delay := firstRetry; ; delay = min(2*delay, maxFollowWait) {
		if !sleep(ctx, delay) {
			return
		}
		if _, err := r.Follow(ctx, o.JS, o.Prefix, o.Durable, o.Log); err == nil {
			o.Log.Info("following planning's events")
			return
		}
	}
}

// backfillOnce copies planning's registry when the copy is empty, retrying until planning
// answers or ctx is done.
func (r *Replica) backfillOnce(ctx context.Context, o KeepOptions) {
	if n, err := r.Count(ctx); err != nil || n > 0 {
		if err != nil && ctx.Err() == nil {
			o.Log.Warn("not back-filling the directory: its size is unknown", "error", err)
		}
		return
	}
	if o.Token != "" {
		ctx = metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+o.Token)
	}
	for delay := firstRetry; ; delay = min(2*delay, maxFillWait) {
		agencies, employees, err := r.Backfill(ctx, o.Planning)
		if err == nil {
			o.Log.Info("directory back-filled from planning", "agencies", agencies, "employees", employees)
			return
		}
		if ctx.Err() != nil {
			return
		}
		o.Log.Warn("back-filling the directory; will retry", "error", err, "retry_in", delay)
		if !sleep(ctx, delay) {
			return
		}
	}
}

// sleep waits d and reports true, or reports false as soon as ctx is done.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
