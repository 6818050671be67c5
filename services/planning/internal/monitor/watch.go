package monitor

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/nats-io/nats.go/jetstream"
	"google.golang.org/protobuf/proto"

	"github.com/simpeg-id/simpeg/platform/outbox"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
)

// The watch: WatchWorkPlan's streams learn that a plan changed from planning's own stream, so a
// change made on any replica (a target measured, the plan approved, an action done or overdue)
// reaches a watcher on every replica. One ordered consumer per process (DeliverNew: only what
// happens from now) is started by the first watcher and fans each event out, by plan, to the
// watchers in the process; a watcher that has not taken its last notification yet gets no second
// one (it re-reads the whole plan anyway).

// watcher is one WatchWorkPlan stream's channel.
type watcher struct{ ch chan string }

// ErrNoWatch is returned by Watch when the monitor has no JetStream connection.
var ErrNoWatch = errors.New("monitor: no JetStream connection to watch plans with")

// Watch returns a channel that receives the kind of change ("target", "state", "action") each
// time plan id changes, until ctx is done; the channel is closed then. It implements
// grpcapi.Watcher.
func (m *Monitor) Watch(ctx context.Context, id string) (<-chan string, error) {
	if m.o.JS == nil {
		return nil, ErrNoWatch
	}
	w := &watcher{ch: make(chan string, 1)}
	m.watchMu.Lock()
	defer m.watchMu.Unlock()
	if m.watchCons == nil {
		if err := m.startWatch(); err != nil {
			return nil, err
		}
	}
	if m.watchers[id] == nil {
		m.watchers[id] = map[*watcher]bool{}
	}
	m.watchers[id][w] = true
	context.AfterFunc(ctx, func() {
		m.watchMu.Lock()
		defer m.watchMu.Unlock()
		delete(m.watchers[id], w)
		if len(m.watchers[id]) == 0 {
			delete(m.watchers, id)
		}
		close(w.ch)
	})
	return w.ch, nil
}

// startWatch starts the process's ordered consumer on planning's stream; m.watchMu is held.
func (m *Monitor) startWatch() error {
	ctx, cancel := context.WithCancel(context.Background())
	cons, err := m.o.JS.OrderedConsumer(ctx, outbox.StreamName(m.o.Prefix, "planning"), jetstream.OrderedConsumerConfig{
		FilterSubjects: []string{m.o.Prefix + "simpeg.planning.>"},
		DeliverPolicy:  jetstream.DeliverNewPolicy,
	})
	if err != nil {
		cancel()
		return fmt.Errorf("watching planning's stream: %w", err)
	}
	cc, err := cons.Consume(func(msg jetstream.Msg) {
		if plan, change := planChange(strings.TrimPrefix(msg.Subject(), m.o.Prefix), msg.Data()); plan != "" {
			m.notify(plan, change)
		}
	})
	if err != nil {
		cancel()
		return fmt.Errorf("watching planning's stream: %w", err)
	}
	m.watchCons, m.watchStop = cc, cancel
	return nil
}

// StopWatch stops the process's watch consumer (the watchers' channels close with their
// contexts).
func (m *Monitor) StopWatch() {
	m.watchMu.Lock()
	defer m.watchMu.Unlock()
	if m.watchCons != nil {
		m.watchCons.Stop()
		m.watchStop()
		m.watchCons = nil
	}
}

// notify tells plan's watchers of a change, without waiting for any of them.
func (m *Monitor) notify(plan, change string) {
	m.watchMu.Lock()
	defer m.watchMu.Unlock()
	for w := range m.watchers[plan] {
		select {
		case w.ch <- change:
		default: // a notification is pending: the plan will be read again anyway
		}
	}
}

// planChange returns the plan (its id) an event of planning's stream on subject concerns and
// the kind of change, or "" for an event about no plan.
func planChange(subject string, data []byte) (plan, change string) {
	var (
		msg  proto.Message
		name func() string
	)
	switch {
	case strings.HasPrefix(subject, "simpeg.planning.work_plan."):
		e := &planningv1.WorkPlanChanged{}
		msg, name = e, func() string { return e.GetWorkPlan().GetName() }
		change = "state"
		if strings.HasPrefix(strings.TrimPrefix(subject, "simpeg.planning.work_plan."), "action") {
			change = "action"
		}
	case subject == "simpeg.planning.target.progressed":
		e := &planningv1.TargetProgressed{}
		msg, name, change = e, e.GetWorkPlan, "target"
	case subject == "simpeg.planning.target.status_changed":
		e := &planningv1.TargetStatusChanged{}
		msg, name, change = e, e.GetWorkPlan, "target"
	case subject == "simpeg.planning.action.overdue":
		e := &planningv1.ActionOverdue{}
		msg, name, change = e, e.GetWorkPlan, "action"
	default:
		return "", ""
	}
	if err := proto.Unmarshal(data, msg); err != nil {
		return "", ""
	}
	return strings.TrimPrefix(name(), "workPlans/"), change
}
