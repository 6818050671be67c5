package load

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"google.golang.org/protobuf/proto"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/bus"
	"github.com/simpeg-id/simpeg/platform/outbox"
	attendancev1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/attendance/v1"
)

// subjectCheckedIn is the subject of attendance's CheckedIn event
// (services/attendance/internal/events, not importable from here).
const subjectCheckedIn = "simpeg.attendance.attendance.checked_in"

// EventOptions configure a run of the event path: check-ins sent at a fixed rate over gRPC and
// their CheckedIn events read by a durable consumer of attendance's stream of the load's own.
type EventOptions struct {
	// BaseURL, GRPCAddr, Employees, OfficePerAgency, Signer and Log as for CheckIn; the
	// check-ins always go over gRPC.
	BaseURL         string
	GRPCAddr        string
	Employees       int
	OfficePerAgency bool
	Signer          *auth.Signer
	Log             io.Writer

	// Rate is check-ins per second, sent open loop (on schedule whether or not earlier ones
	// were answered); 0 sends as fast as Concurrency callers can (the relay's ceiling).
	Rate float64
	// Concurrency bounds the check-ins in flight (the workers the schedule hands them to).
	Concurrency int
	// Warmup is sent first and not measured; Duration is the measured run (with StopFor, the
	// catch-up phase).
	Warmup, Duration time.Duration
	// StopFor, when set, stops the consumer for that long while the load goes on (the backlog
	// phase), then starts it again and measures its catch-up during Duration.
	StopFor time.Duration

	// NATSURL, NATSPrefix (SIMPEG_NATS_PREFIX of the suite) and, for the embedded server, the
	// NKey seed file to connect with and its inbox prefix.
	NATSURL, NATSPrefix string
	NATSSeedFile        string
	NATSInbox           string
	// Durable is the consumer's durable name; it is deleted at the end.
	Durable string
	// AckNone makes the consumer acknowledge nothing (AckNonePolicy): the embedded server lets
	// no client but a follower acknowledge on a service's stream.
	AckNone bool
	// MetricsURL is the attendance service's metrics endpoint ("http://host:port/metrics"),
	// read for the relay's simpeg_outbox_published_total; empty skips it.
	MetricsURL string

	// Watch names another service's durable consumer of the stream (planning's
	// "planning-attendance"), whose lag is sampled every 100 ms (watch.go). With StopFor, that
	// consumer is the one stopped and started again — StopCmd and StartCmd run with sh -c at
	// the two phase boundaries, e.g. kill the service and start it in the background — while
	// the load's own consumer stays live. WatchDB is that service's database URL: its
	// processed_events rows time each event's application there; empty skips those figures.
	Watch, WatchDB    string
	StopCmd, StartCmd string
	// CatchUpFor is the catch-up phase's length; Duration when zero.
	CatchUpFor time.Duration
	// StopRate is the check-ins per second while the consumer is stopped (the backlog is made
	// faster than the live rate when set); Rate when zero.
	StopRate float64
}

// EventPhase is what one phase of an event run measured.
type EventPhase struct {
	Name    string  `json:"name"`
	Seconds float64 `json:"seconds"`
	// The check-ins sent in the phase: requests, successes, throughput and latency measured
	// from the time each was due (open loop), in ms.
	Requests    int64            `json:"requests"`
	OK          int64            `json:"ok"`
	CheckInRate float64          `json:"checkInsPerSecond"`
	CheckIn     Percentiles      `json:"checkInMs"`
	Errors      map[string]int64 `json:"errors,omitempty"`
	// Events the consumer received in the phase (of this run's check-ins, whenever sent) and
	// their rate.
	Received  int64   `json:"received"`
	EventRate float64 `json:"eventsPerSecond"`
	// The event carries no commit time: the outbox row's created_at stays in the table and the
	// event id's UUIDv7 time is taken before the commit too. So, for the events of check-ins
	// sent in this phase: CommitToConsumer is the record's server time (payload: when the
	// service received the check-in, before the group commit) → the consumer's receipt, an
	// upper bound of commit → consumer; AnswerToConsumer is the caller's receipt of the answer
	// (sent after the commit) → the consumer's receipt, a lower bound. CommitToStored and
	// StoredToConsumer split the first at JetStream's store time (the message's metadata).
	CommitToConsumer Percentiles `json:"serverTimeToConsumerMs"`
	CommitToStored   Percentiles `json:"serverTimeToStoredMs"`
	StoredToConsumer Percentiles `json:"storedToConsumerMs"`
	AnswerToConsumer Percentiles `json:"answerToConsumerMs"`
	// RelayRate is simpeg_outbox_published_total's growth per second over the phase (all the
	// service's events); -1 when not read.
	RelayRate float64 `json:"relayPublishedPerSecond"`
	// Backlog and CatchUp are set for the catch-up phase: the events waiting for the consumer
	// when it started again, how long it took to reach the live edge and at what rate.
	Backlog        int64   `json:"backlog,omitempty"`
	CatchUpSeconds float64 `json:"catchUpSeconds,omitempty"`
	CatchUpRate    float64 `json:"catchUpPerSecond,omitempty"`
	// CheckInWhileCatchingUp: the latency of the check-ins due while the consumer caught up.
	CheckInWhileCatchingUp Percentiles `json:"checkInWhileCatchingUpMs"`
	// Watched is the watched consumer's part (EventOptions.Watch).
	Watched *WatchedPhase `json:"watched,omitempty"`
}

// Percentiles of latencies in milliseconds.
type Percentiles struct {
	N   int     `json:"n"`
	P50 float64 `json:"p50"`
	P90 float64 `json:"p90"`
	P99 float64 `json:"p99"`
	Max float64 `json:"max"`
}

// percentiles sorts d and returns its nearest-rank percentiles.
func percentiles(d []time.Duration) Percentiles {
	if len(d) == 0 {
		return Percentiles{}
	}
	slices.Sort(d)
	ms := func(x time.Duration) float64 { return float64(x.Microseconds()) / 1000 }
	pct := func(p float64) float64 {
		i := int(math.Ceil(p*float64(len(d)))) - 1
		return ms(d[min(max(i, 0), len(d)-1)])
	}
	return Percentiles{N: len(d), P50: pct(0.50), P90: pct(0.90), P99: pct(0.99), Max: ms(d[len(d)-1])}
}

// EventResult is a whole event run.
type EventResult struct {
	Rate        float64      `json:"rate"`
	Concurrency int          `json:"concurrency"`
	Employees   int          `json:"employees"`
	Stream      string       `json:"stream"`
	Durable     string       `json:"durable"`
	Acks        bool         `json:"acks"`
	Phases      []EventPhase `json:"phases"`
	// Missing counts acknowledged check-ins whose event the consumer never received (after a
	// grace period at the end).
	Missing int64 `json:"missing"`
}

// sent is one check-in of the run, indexed by its sequence number (the client id's suffix).
type sentRec struct {
	phase    int8
	ok       bool
	answered int64 // unix nanos the answer arrived
	due      int64 // unix nanos it was due
}

// eventRun is the state shared by the sender and the consumer.
type eventRun struct {
	run     string
	mu      sync.Mutex
	sent    []sentRec
	phase   atomic.Int32 // the phase now running, for received events
	recv    []received1
	seen    map[int64]bool
	dupes   int64
	maxSeen atomic.Int64
	// ownStopped: the load's own consumer is the one stopped and caught up (no Watch).
	ownStopped bool
}

// received1 is one event the consumer received.
type received1 struct {
	seq                int64
	phase              int8 // the phase it was received in
	at, server, stored int64
	id                 string // the event id (Nats-Msg-Id), kept when a watched consumer's times are read
}

// Events runs the event path measurement (see EventOptions) and returns what it measured.
func Events(ctx context.Context, o EventOptions) (EventResult, error) {
	switch {
	case o.Concurrency < 1:
		return EventResult{}, fmt.Errorf("load: concurrency %d must be at least 1", o.Concurrency)
	case o.Duration <= 0:
		return EventResult{}, errors.New("load: set a duration")
	case o.Rate < 0:
		return EventResult{}, fmt.Errorf("load: rate %v is negative", o.Rate)
	case o.Signer == nil:
		return EventResult{}, errors.New("load: a signer is required")
	case o.Durable == "":
		return EventResult{}, errors.New("load: a durable name is required")
	case o.StopRate < 0:
		return EventResult{}, fmt.Errorf("load: --stop-rate %v is negative", o.StopRate)
	case o.Watch == "" && (o.StopCmd != "" || o.StartCmd != "" || o.WatchDB != ""):
		return EventResult{}, errors.New("load: --stop-cmd, --start-cmd and --watch-db need a watched consumer (--watch)")
	case o.Watch != "" && o.StopFor > 0 && (o.StopCmd == "" || o.StartCmd == ""):
		return EventResult{}, errors.New("load: --watch with --stop-for needs --stop-cmd and --start-cmd (the watched consumer's service is stopped and started)")
	}
	logf := func(format string, args ...any) {
		if o.Log != nil {
			fmt.Fprintf(o.Log, format+"\n", args...)
		}
	}
	callers, err := prepareCallers(ctx, o, logf)
	if err != nil {
		return EventResult{}, err
	}
	var opts []bus.Option
	if o.NATSSeedFile != "" {
		opts = append(opts, bus.WithNKeySeedFile(o.NATSSeedFile))
	}
	if o.NATSInbox != "" {
		opts = append(opts, bus.WithInboxPrefix(o.NATSInbox))
	}
	nc, js, err := bus.Connect(ctx, o.NATSURL, "simpeg-load-events", slog.New(slog.NewTextHandler(io.Discard, nil)), opts...)
	if err != nil {
		return EventResult{}, err
	}
	defer nc.Close()
	stream := outbox.StreamName(o.NATSPrefix, "attendance")
	cfg := jetstream.ConsumerConfig{
		Durable:       o.Durable,
		FilterSubject: o.NATSPrefix + subjectCheckedIn,
		AckPolicy:     jetstream.AckExplicitPolicy,
		AckWait:       30 * time.Second,
		DeliverPolicy: jetstream.DeliverNewPolicy,
	}
	if o.AckNone {
		cfg.AckPolicy = jetstream.AckNonePolicy
	}
	cons, err := js.CreateOrUpdateConsumer(ctx, stream, cfg)
	if err != nil {
		return EventResult{}, fmt.Errorf("load: creating consumer %s on %s: %w", o.Durable, stream, err)
	}
	defer func() {
		dctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = js.DeleteConsumer(dctx, stream, o.Durable)
	}()

	r := &eventRun{run: fmt.Sprintf("e%07x", rand.Uint32()>>4), seen: map[int64]bool{}}
	handler := func(msg jetstream.Msg) {
		at := time.Now().UnixNano()
		if !o.AckNone {
			_ = msg.Ack()
		}
		var ev attendancev1.CheckedIn
		if err := proto.Unmarshal(msg.Data(), &ev); err != nil {
			return
		}
		cid := ev.GetRecord().GetClientId()
		if !strings.HasPrefix(cid, r.run+"-") {
			return // another run's, or another caller's
		}
		seq, err := strconv.ParseInt(cid[len(r.run)+1:], 36, 64)
		if err != nil {
			return
		}
		x := received1{seq: seq, phase: int8(r.phase.Load()), at: at, server: ev.GetRecord().GetServerTime().AsTime().UnixNano()}
		if o.WatchDB != "" {
			x.id = msg.Headers().Get(jetstream.MsgIDHeader)
		}
		if meta, err := msg.Metadata(); err == nil {
			x.stored = meta.Timestamp.UnixNano()
		}
		r.mu.Lock()
		if r.seen[seq] {
			r.dupes++
		} else {
			r.seen[seq] = true
			r.recv = append(r.recv, x)
		}
		r.mu.Unlock()
	}
	startConsumer := func() (jetstream.ConsumeContext, error) { return cons.Consume(handler) }
	cc, err := startConsumer()
	if err != nil {
		return EventResult{}, fmt.Errorf("load: starting consumer %s: %w", o.Durable, err)
	}
	defer func() { cc.Stop() }()
	var w *watcher
	if o.Watch != "" {
		if w, err = startWatch(ctx, js, stream, o.Watch, 100*time.Millisecond); err != nil {
			return EventResult{}, err
		}
		defer w.stop()
	}
	runStart := time.Now()

	sender, err := newGRPCSender(o.GRPCAddr, runtime.NumCPU())
	if err != nil {
		return EventResult{}, err
	}
	defer sender.close()
	res := EventResult{Rate: o.Rate, Concurrency: o.Concurrency, Employees: len(callers), Stream: stream, Durable: o.Durable, Acks: !o.AckNone}

	type phaseSpec struct {
		name   string
		d      time.Duration
		rate   float64
		before func() error
	}
	phases := []phaseSpec{}
	if o.Warmup > 0 {
		phases = append(phases, phaseSpec{name: "warm-up", d: o.Warmup, rate: o.Rate})
	}
	stopRate := o.Rate
	if o.StopRate > 0 {
		stopRate = o.StopRate
	}
	catchUpFor := o.Duration
	if o.CatchUpFor > 0 {
		catchUpFor = o.CatchUpFor
	}
	var backlog, restart, stopAt int64
	catchPhase := int8(-1)
	phases = append(phases, phaseSpec{name: "live", d: o.Duration, rate: o.Rate})
	switch {
	case o.StopFor > 0 && w != nil:
		// Another service's consumer: stopped and started by the commands; the load's own
		// consumer stays live.
		phases = append(phases, phaseSpec{name: "consumer stopped", d: o.StopFor, rate: stopRate, before: func() error {
			stopAt = time.Now().UnixNano()
			logf("stopping %s's service: %s", o.Watch, o.StopCmd)
			return runHook(ctx, "stop", o.StopCmd, o.Log)
		}})
		phases = append(phases, phaseSpec{name: "catching up", d: catchUpFor, rate: o.Rate, before: func() error {
			if err := w.sample(ctx, w.cons); err != nil {
				return fmt.Errorf("load: reading watched consumer %s: %w", o.Watch, err)
			}
			backlog, restart = w.last().pending, time.Now().UnixNano()
			logf("starting %s's service again (backlog %d events): %s", o.Watch, backlog, o.StartCmd)
			return runHook(ctx, "start", o.StartCmd, o.Log)
		}})
	case o.StopFor > 0:
		r.ownStopped = true
		var backlogFrom int64
		phases = append(phases, phaseSpec{name: "consumer stopped", d: o.StopFor, rate: stopRate, before: func() error {
			cc.Stop()
			<-cc.Closed()
			r.mu.Lock()
			backlogFrom = int64(len(r.recv))
			r.mu.Unlock()
			logf("consumer %s stopped after %d events", o.Durable, backlogFrom)
			return nil
		}})
		phases = append(phases, phaseSpec{name: "catching up", d: catchUpFor, rate: o.Rate, before: func() error {
			if info, err := cons.Info(ctx); err == nil {
				backlog = int64(info.NumPending) + int64(info.NumAckPending)
			} else {
				// No right to read the consumer's state (the embedded server): the run's
				// acknowledged check-ins not yet received.
				r.mu.Lock()
				backlog = -int64(len(r.recv))
				r.mu.Unlock()
				backlog += okCount(r)
			}
			cc, err = startConsumer()
			logf("consumer %s started again", o.Durable)
			return err
		}})
	}

	pub0 := relayPublished(ctx, o.MetricsURL)
	var seq atomic.Int64
	starts, ends := make([]int64, len(phases)), make([]int64, len(phases))
	for i, ph := range phases {
		if ph.before != nil {
			if err := ph.before(); err != nil {
				return res, err
			}
		}
		if ph.name == "catching up" {
			catchPhase = int8(i)
		}
		r.phase.Store(int32(i))
		logf("%s: %s at %s", ph.name, ph.d, rateName(ph.rate))
		t0 := time.Now()
		starts[i] = t0.UnixNano()
		st := sendPhase(ctx, sender, callers, r, int8(i), &seq, ph.rate, o.Concurrency, ph.d)
		elapsed := time.Since(t0)
		ends[i] = time.Now().UnixNano()
		pub1 := relayPublished(ctx, o.MetricsURL)
		p := EventPhase{Name: ph.name, Seconds: elapsed.Seconds(), Requests: int64(len(st.latencies)), OK: st.ok,
			CheckIn: percentiles(st.latencies), Errors: st.errors, RelayRate: -1}
		if len(st.errors) == 0 {
			p.Errors = nil
		}
		p.CheckInRate = float64(st.ok) / elapsed.Seconds()
		if pub0 >= 0 && pub1 >= 0 {
			p.RelayRate = (pub1 - pub0) / elapsed.Seconds()
		}
		pub0 = pub1
		if ph.name == "catching up" {
			p.Backlog = backlog
		}
		res.Phases = append(res.Phases, p)
		if ctx.Err() != nil {
			return res, ctx.Err()
		}
	}
	// A grace period for the last events (and the watched consumer's lag), then the figures.
	total := seq.Load()
	deadline := time.Now().Add(30 * time.Second)
	if w != nil {
		deadline = time.Now().Add(2 * time.Minute)
	}
	for time.Now().Before(deadline) && ctx.Err() == nil {
		r.mu.Lock()
		n := int64(len(r.recv))
		r.mu.Unlock()
		if n >= okCount(r) && (w == nil || w.last().pending == 0) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	var wr *watchRun
	if w != nil {
		wr = &watchRun{name: o.Watch, samples: w.stop(), start: starts, end: ends, restart: restart, stopAt: stopAt,
			caughtLag: max(int64(o.Rate), 1), catchPhase: catchPhase}
		if o.WatchDB != "" {
			if wr.applied, err = appliedTimes(ctx, o.WatchDB, o.Watch, runStart); err != nil {
				return res, err
			}
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for i := range res.Phases {
		fillEvents(&res.Phases[i], r, int8(i))
		if wr != nil {
			fillWatched(&res.Phases[i], r, int8(i), wr)
		}
	}
	var okN int64
	for i := range total {
		if r.sent[i].ok {
			okN++
		}
	}
	res.Missing = okN - int64(len(r.recv))
	if wi := slices.IndexFunc(res.Phases, func(p EventPhase) bool { return p.Name == "warm-up" }); wi >= 0 {
		res.Phases = slices.Delete(res.Phases, wi, wi+1)
	}
	return res, nil
}

func rateName(rate float64) string {
	if rate == 0 {
		return "as fast as possible"
	}
	return fmt.Sprintf("%.0f check-ins/s", rate)
}

func okCount(r *eventRun) int64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	var n int64
	for _, s := range r.sent {
		if s.ok {
			n++
		}
	}
	return n
}

// fillEvents computes phase i's event figures from r (locked): the events received during
// the phase, and the latencies of the events of check-ins sent in it.
func fillEvents(p *EventPhase, r *eventRun, i int8) {
	var commit, stored, toStore, answer []time.Duration
	var firstAt, lastAt int64
	caughtUp := int64(0)
	var catchN int64
	for _, x := range r.recv {
		if x.phase == i {
			p.Received++
			if firstAt == 0 || x.at < firstAt {
				firstAt = x.at
			}
			lastAt = max(lastAt, x.at)
			if p.Name == "catching up" && r.ownStopped && caughtUp == 0 {
				catchN++
				if r.sent[x.seq].phase == i && x.at-x.server < int64(time.Second) {
					caughtUp = x.at
				}
			}
		}
		if r.sent[x.seq].phase != i || (p.Name == "live" && r.ownStopped && x.phase != i) {
			// Of another phase; or of the live phase but received only after the consumer
			// was stopped (in flight then), which measures the stop, not the path.
			continue
		}
		commit = append(commit, time.Duration(x.at-x.server))
		if x.stored > 0 {
			stored = append(stored, time.Duration(x.at-x.stored))
			toStore = append(toStore, time.Duration(x.stored-x.server))
		}
		if a := r.sent[x.seq].answered; a > 0 {
			answer = append(answer, max(time.Duration(x.at-a), 0))
		}
	}
	p.EventRate = float64(p.Received) / p.Seconds
	p.CommitToConsumer = percentiles(commit)
	p.CommitToStored = percentiles(toStore)
	p.StoredToConsumer = percentiles(stored)
	p.AnswerToConsumer = percentiles(answer)
	if p.Name == "catching up" && r.ownStopped && caughtUp > 0 && firstAt > 0 {
		d := time.Duration(caughtUp - firstAt)
		p.CatchUpSeconds = d.Seconds()
		if d > 0 {
			p.CatchUpRate = float64(catchN) / d.Seconds()
		}
		var during []time.Duration
		for _, x := range r.sent {
			if x.phase == i && x.answered > 0 && x.due >= firstAt && x.due <= caughtUp {
				during = append(during, time.Duration(x.answered-x.due))
			}
		}
		p.CheckInWhileCatchingUp = percentiles(during)
	}
}

// sendPhase sends check-ins for d at rate per second (open loop; 0: closed loop with
// concurrency callers) and records each in r.sent; latencies are measured from the time each
// was due, so a schedule the service cannot follow shows as latency, not as a slower rate.
func sendPhase(ctx context.Context, s sender, callers []caller, r *eventRun, phase int8, seq *atomic.Int64,
	rate float64, concurrency int, d time.Duration) stats {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type job struct {
		i   int64
		due time.Time
	}
	jobs := make(chan job, concurrency)
	var (
		wg sync.WaitGroup
		mu sync.Mutex
		st = stats{errors: map[string]int64{}}
	)
	start := time.Now()
	deadline := start.Add(d)
	send := func(rng *rand.Rand, j job, lat *[]time.Duration, ok *int64, errs map[string]int64, first *string) {
		c := &callers[int(j.i%int64(len(callers)))]
		dist, angle := 50*math.Sqrt(rng.Float64()), 2*math.Pi*rng.Float64()
		in := checkIn{
			clientID: r.run + "-" + strconv.FormatInt(j.i, 36),
			device:   time.Now(),
			lat:      c.lat + dist*math.Cos(angle)/metersPerDegree,
			lon:      c.lon + dist*math.Sin(angle)/(metersPerDegree*math.Cos(c.lat*math.Pi/180)),
			accuracy: 10 + 20*rng.Float64(),
		}
		failure, err := s.send(ctx, c, in)
		now := time.Now()
		if ctx.Err() != nil && failure != "" {
			return
		}
		*lat = append(*lat, now.Sub(j.due))
		r.mu.Lock()
		r.sent[j.i] = sentRec{phase: phase, ok: failure == "", answered: now.UnixNano(), due: j.due.UnixNano()}
		r.mu.Unlock()
		if failure == "" {
			*ok++
			return
		}
		errs[failure]++
		if *first == "" && err != nil {
			*first = err.Error()
		}
	}
	// next reserves the next sequence number and its slot in r.sent.
	next := func() int64 {
		i := seq.Add(1) - 1
		r.mu.Lock()
		for int64(len(r.sent)) <= i {
			r.sent = append(r.sent, sentRec{phase: -1})
		}
		r.sent[i].phase = phase
		r.mu.Unlock()
		return i
	}
	for w := range concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(w), uint64(start.UnixNano())))
			lat := make([]time.Duration, 0, 1024)
			var ok int64
			errs := map[string]int64{}
			var first string
			if rate == 0 {
				for ctx.Err() == nil && time.Now().Before(deadline) {
					send(rng, job{i: next(), due: time.Now()}, &lat, &ok, errs, &first)
				}
			} else {
				for j := range jobs {
					send(rng, j, &lat, &ok, errs, &first)
				}
			}
			mu.Lock()
			st.latencies = append(st.latencies, lat...)
			st.ok += ok
			for k, v := range errs {
				st.errors[k] += v
			}
			if st.first == "" {
				st.first = first
			}
			mu.Unlock()
		}()
	}
	if rate > 0 {
		pace(ctx, start, rate, d, func(due time.Time) bool {
			select {
			case jobs <- job{i: next(), due: due}:
				return true
			case <-ctx.Done():
				return false
			}
		})
		close(jobs)
	}
	wg.Wait()
	st.elapsed = time.Since(start)
	return st
}

// pace calls emit once for every 1/rate seconds of [start, start+d), with the time each call
// was due, sleeping while none is due; when it falls behind it catches up by emitting the late
// ones at once. It stops early when emit returns false or ctx is done, and returns the number
// of calls.
func pace(ctx context.Context, start time.Time, rate float64, d time.Duration, emit func(due time.Time) bool) int64 {
	n := int64(math.Floor(rate * d.Seconds()))
	interval := float64(time.Second) / rate
	for i := int64(0); i < n; i++ {
		due := start.Add(time.Duration(float64(i) * interval))
		if wait := time.Until(due); wait > 0 {
			// Sleep at least a millisecond: the timer's resolution; the calls due meanwhile
			// go together.
			t := time.NewTimer(max(wait, time.Millisecond))
			select {
			case <-ctx.Done():
				t.Stop()
				return i
			case <-t.C:
			}
		}
		if ctx.Err() != nil || !emit(due) {
			return i
		}
	}
	return n
}
