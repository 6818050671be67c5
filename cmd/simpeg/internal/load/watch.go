package load

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sync"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/simpeg-id/simpeg/platform/database"
)

// The watched consumer (EventOptions.Watch): another service's durable consumer of the stream,
// such as planning's "planning-attendance", which applies every event in its database. With
// StopFor the load stops and starts that service (StopCmd, StartCmd) instead of its own
// consumer, which stays live; the watched consumer's lag is sampled every 100 ms throughout,
// and its processed_events rows (WatchDB) give each of the run's events the time it was
// applied there.

// lagSample is one reading of the watched consumer's state.
type lagSample struct {
	at      int64  // unix nanos
	pending int64  // NumPending + NumAckPending: the events not yet applied
	acked   uint64 // AckFloor.Consumer: the deliveries applied
}

// watcher samples a durable consumer's lag until stopped.
type watcher struct {
	cons    jetstream.Consumer
	mu      sync.Mutex
	samples []lagSample
	errs    int
	cancel  context.CancelFunc
	done    chan struct{}
}

// startWatch checks that the durable consumer name exists on stream and samples it every
// interval in the background.
func startWatch(ctx context.Context, js jetstream.JetStream, stream, name string, interval time.Duration) (*watcher, error) {
	cons, err := js.Consumer(ctx, stream, name)
	if err != nil {
		return nil, fmt.Errorf("load: watched consumer %s on %s: %w (is its service running with this NATS prefix?)", name, stream, err)
	}
	w := &watcher{cons: cons, done: make(chan struct{})}
	if err := w.sample(ctx, cons); err != nil {
		return nil, fmt.Errorf("load: reading watched consumer %s on %s: %w", name, stream, err)
	}
	ctx, w.cancel = context.WithCancel(ctx)
	go func() {
		defer close(w.done)
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			if err := w.sample(ctx, cons); err != nil && ctx.Err() == nil {
				w.mu.Lock()
				w.errs++
				w.mu.Unlock()
			}
		}
	}()
	return w, nil
}

// sample reads cons's state once and keeps it.
func (w *watcher) sample(ctx context.Context, cons jetstream.Consumer) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	info, err := cons.Info(ctx)
	if err != nil {
		return err
	}
	s := lagSample{at: time.Now().UnixNano(), pending: int64(info.NumPending) + int64(info.NumAckPending), acked: info.AckFloor.Consumer}
	w.mu.Lock()
	w.samples = append(w.samples, s)
	w.mu.Unlock()
	return nil
}

// last returns the latest sample.
func (w *watcher) last() lagSample {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.samples[len(w.samples)-1]
}

// stop ends the sampling and returns the samples.
func (w *watcher) stop() []lagSample {
	w.cancel()
	<-w.done
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.samples
}

// WatchedPhase is what a phase measured of the watched consumer.
type WatchedPhase struct {
	Consumer string `json:"consumer"`
	// MaxLag and MeanLag: its events not yet applied, over the phase's samples.
	MaxLag  int64   `json:"maxLag"`
	MeanLag float64 `json:"meanLag"`
	// Applied is the events it applied in the phase (all of the stream's, not only this run's).
	Applied uint64 `json:"applied"`
	// ServerToApplied and AnswerToApplied: the events of the check-ins sent in the phase, from
	// the record's server time (upper bound) and from the caller's receipt of the answer (lower
	// bound) to the processed_events row the consumer wrote applying them (WatchDB); NotApplied
	// counts the phase's acknowledged check-ins whose event has no such row.
	ServerToApplied Percentiles `json:"serverTimeToAppliedMs"`
	AnswerToApplied Percentiles `json:"answerToAppliedMs"`
	NotApplied      int64       `json:"notApplied,omitempty"`
	// For the catch-up phase: the lag when its service was started again, how long until it
	// applied its first event (the service's start-up), until its lag was under a second of the
	// live rate ("caught up") and until it was zero (0 when not reached in the phase), the net
	// rate (backlog / caught-up time) and the gross one (events applied from the first to the
	// caught-up sample), and the check-ins due and the events of those check-ins meanwhile.
	Backlog            int64       `json:"backlog,omitempty"`
	StartupSeconds     float64     `json:"startupSeconds,omitempty"`
	CaughtUpSeconds    float64     `json:"caughtUpSeconds,omitempty"`
	ZeroLagSeconds     float64     `json:"zeroLagSeconds,omitempty"`
	NetRate            float64     `json:"netCatchUpPerSecond,omitempty"`
	GrossRate          float64     `json:"grossAppliedPerSecond,omitempty"`
	CheckInWhileBehind Percentiles `json:"checkInWhileCatchingUpMs"`
	AppliedWhileBehind Percentiles `json:"serverTimeToAppliedWhileCatchingUpMs"`
	OwnWhileBehind     Percentiles `json:"serverTimeToLoadConsumerWhileCatchingUpMs"`
	// The same for the check-ins due after it caught up, to the phase's end: the live path
	// again without a backlog, in the same phase.
	CheckInAfter Percentiles `json:"checkInAfterCaughtUpMs"`
	AppliedAfter Percentiles `json:"serverTimeToAppliedAfterCaughtUpMs"`
	OwnAfter     Percentiles `json:"serverTimeToLoadConsumerAfterCaughtUpMs"`
	// InFlightAtStop: events of the phase applied only after the consumer's service was
	// stopped (they waited for its restart); left out of the phase's latencies.
	InFlightAtStop int64 `json:"inFlightAtStop,omitempty"`
}

// catchUp is the catch-up read from the samples after a restart at from (unix nanos):
// the first progress, the first sample with a lag of at most caughtLag and the first with none.
type catchUp struct {
	progress, caught, zero int64 // unix nanos; 0 when not reached
	appliedFrom, appliedTo uint64
}

// findCatchUp reads the catch-up after from in samples (in time order), up to until.
func findCatchUp(samples []lagSample, from, until int64, caughtLag int64) catchUp {
	var c catchUp
	var base *lagSample
	for i := range samples {
		s := &samples[i]
		if s.at < from || s.at > until {
			continue
		}
		if base == nil {
			base = s
			c.appliedFrom = s.acked
			continue
		}
		if c.progress == 0 && s.acked != base.acked {
			c.progress = s.at
		}
		if c.progress != 0 && c.caught == 0 && s.pending <= caughtLag {
			c.caught, c.appliedTo = s.at, s.acked
		}
		if c.progress != 0 && c.zero == 0 && s.pending == 0 {
			c.zero = s.at
		}
	}
	return c
}

// lagOver summarises the samples in [from, to].
func lagOver(samples []lagSample, from, to int64) (maxLag int64, mean float64, applied uint64) {
	var n, sum int64
	var first, last *lagSample
	for i := range samples {
		s := &samples[i]
		if s.at < from || s.at > to {
			continue
		}
		if first == nil {
			first = s
		}
		last = s
		n++
		sum += s.pending
		maxLag = max(maxLag, s.pending)
	}
	if n == 0 {
		return 0, 0, 0
	}
	if last.acked >= first.acked {
		applied = last.acked - first.acked
	}
	return maxLag, float64(sum) / float64(n), applied
}

// appliedTimes reads the watched consumer's processed_events rows written since since (the
// run's start): event id → the unix nanos it was applied.
func appliedTimes(ctx context.Context, dbURL, consumer string, since time.Time) (map[string]int64, error) {
	db, err := database.Open(ctx, dbURL)
	if err != nil {
		return nil, fmt.Errorf("load: opening the watched consumer's database: %w", err)
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, `SELECT event_id, processed_at FROM processed_events WHERE consumer = $1 AND processed_at >= $2`,
		consumer, database.Micros(since))
	if err != nil {
		return nil, fmt.Errorf("load: reading %s's processed events: %w", consumer, err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var id string
		var us int64
		if err := rows.Scan(&id, &us); err != nil {
			return nil, fmt.Errorf("load: reading %s's processed events: %w", consumer, err)
		}
		out[id] = us * 1000
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("load: reading %s's processed events: %w", consumer, err)
	}
	return out, nil
}

// runHook runs cmd with sh -c, its output on log when log is a file (a pipe would make it wait
// for a service the command starts in the background), for at most a minute.
func runHook(ctx context.Context, what, cmd string, log io.Writer) error {
	if cmd == "" {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	c := exec.CommandContext(ctx, "sh", "-c", cmd)
	if f, ok := log.(*os.File); ok {
		c.Stdout, c.Stderr = f, f
	}
	if err := c.Run(); err != nil {
		return fmt.Errorf("load: %s command %q: %w", what, cmd, err)
	}
	return nil
}

// watchRun is what fillWatched needs besides the run: the samples, the applied times (nil
// without WatchDB), each phase's bounds (unix nanos), the restart and the caught-up lag.
type watchRun struct {
	name       string
	samples    []lagSample
	applied    map[string]int64
	start, end []int64
	restart    int64
	stopAt     int64 // when the consumer was stopped; 0 when it was not
	caughtLag  int64
	catchPhase int8
}

// fillWatched computes phase i's watched-consumer figures from r (locked) and wr.
func fillWatched(p *EventPhase, r *eventRun, i int8, wr *watchRun) {
	w := &WatchedPhase{Consumer: wr.name}
	w.MaxLag, w.MeanLag, w.Applied = lagOver(wr.samples, wr.start[i], wr.end[i])
	var c catchUp
	if i == wr.catchPhase && wr.restart > 0 {
		c = findCatchUp(wr.samples, wr.restart, wr.end[i], wr.caughtLag)
		w.Backlog = p.Backlog
		if c.progress > 0 {
			w.StartupSeconds = time.Duration(c.progress - wr.restart).Seconds()
		}
		if c.caught > 0 {
			w.CaughtUpSeconds = time.Duration(c.caught - wr.restart).Seconds()
			w.NetRate = float64(w.Backlog) / w.CaughtUpSeconds
			if d := time.Duration(c.caught - c.progress).Seconds(); d > 0 {
				w.GrossRate = float64(c.appliedTo-c.appliedFrom) / d
			}
		}
		if c.zero > 0 {
			w.ZeroLagSeconds = time.Duration(c.zero - wr.restart).Seconds()
		}
	}
	behindTo := c.caught
	if behindTo == 0 {
		behindTo = wr.end[i] // never caught up in the phase: all of it was behind
	}
	// when puts a check-in of the catch-up phase before (0) or after (1) the caught-up point;
	// -1 for the other phases.
	when := func(s sentRec) int {
		switch {
		case i != wr.catchPhase || wr.restart == 0 || s.due < wr.restart:
			return -1
		case s.due <= behindTo:
			return 0
		}
		return 1
	}
	var checkIns, own, applied [2][]time.Duration
	for _, s := range r.sent {
		if k := when(s); s.phase == i && s.answered > 0 && k >= 0 {
			checkIns[k] = append(checkIns[k], time.Duration(s.answered-s.due))
		}
	}
	var server, answer []time.Duration
	got := map[int64]bool{}
	for _, x := range r.recv {
		s := r.sent[x.seq]
		if s.phase != i {
			continue
		}
		k := when(s)
		if k >= 0 {
			own[k] = append(own[k], time.Duration(x.at-x.server))
		}
		at, ok := wr.applied[x.id]
		if !ok {
			continue
		}
		got[x.seq] = true
		if wr.stopAt > 0 && i < wr.catchPhase && at > wr.stopAt {
			// Not applied when its service was stopped: it waited for the restart, which
			// measures the stop, not the path.
			w.InFlightAtStop++
			continue
		}
		server = append(server, time.Duration(at-x.server))
		if s.answered > 0 {
			answer = append(answer, max(time.Duration(at-s.answered), 0))
		}
		if k >= 0 {
			applied[k] = append(applied[k], time.Duration(at-x.server))
		}
	}
	if wr.applied != nil {
		for seq, s := range r.sent {
			if s.phase == i && s.ok && !got[int64(seq)] {
				w.NotApplied++
			}
		}
	}
	w.ServerToApplied, w.AnswerToApplied = percentiles(server), percentiles(answer)
	if i == wr.catchPhase {
		w.CheckInWhileBehind, w.AppliedWhileBehind, w.OwnWhileBehind = percentiles(checkIns[0]), percentiles(applied[0]), percentiles(own[0])
		w.CheckInAfter, w.AppliedAfter, w.OwnAfter = percentiles(checkIns[1]), percentiles(applied[1]), percentiles(own[1])
	}
	p.Watched = w
}

// writeWatched writes w's lines of a phase's table.
func writeWatched(wr io.Writer, w *WatchedPhase) {
	fmt.Fprintf(wr, "  watched consumer %s: lag max %d mean %.0f; applied %d events\n", w.Consumer, w.MaxLag, w.MeanLag, w.Applied)
	line := func(name string, p Percentiles) {
		fmt.Fprintf(wr, "  %-34s n %7d  p50 %8.1f  p90 %8.1f  p99 %8.1f  max %8.1f ms\n", name, p.N, p.P50, p.P90, p.P99, p.Max)
	}
	if w.ServerToApplied.N > 0 || w.NotApplied > 0 {
		line("server time → applied by it", w.ServerToApplied)
		line("answer at the caller → applied", w.AnswerToApplied)
		if w.InFlightAtStop > 0 {
			fmt.Fprintf(wr, "  (%d events applied only after its service was stopped and started again left out)\n", w.InFlightAtStop)
		}
		if w.NotApplied > 0 {
			fmt.Fprintf(wr, "  acknowledged check-ins of the phase it never applied: %d\n", w.NotApplied)
		}
	}
	if w.Backlog == 0 && w.CaughtUpSeconds == 0 {
		return
	}
	caught := "not caught up in the phase"
	if w.CaughtUpSeconds > 0 {
		caught = fmt.Sprintf("caught up (lag ≤ 1 s of the rate) after %.1f s: %.0f events/s net, %.0f/s applied", w.CaughtUpSeconds, w.NetRate, w.GrossRate)
	}
	zero := "lag 0 not seen"
	if w.ZeroLagSeconds > 0 {
		zero = fmt.Sprintf("lag 0 after %.1f s", w.ZeroLagSeconds)
	}
	fmt.Fprintf(wr, "  backlog at restart %d events; first applied after %.1f s; %s; %s\n", w.Backlog, w.StartupSeconds, caught, zero)
	line("check-ins due while it was behind", w.CheckInWhileBehind)
	line("  their events → applied by it", w.AppliedWhileBehind)
	line("  their events → the load's consumer", w.OwnWhileBehind)
	if w.CheckInAfter.N > 0 {
		line("check-ins due after it caught up", w.CheckInAfter)
		line("  their events → applied by it", w.AppliedAfter)
		line("  their events → the load's consumer", w.OwnAfter)
	}
}
