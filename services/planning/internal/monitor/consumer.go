package monitor

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/simpeg-id/simpeg/platform/bus"
	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/outbox"
	"github.com/simpeg-id/simpeg/services/planning/internal/store"
)

// source is a service whose events measure targets: its durable consumer and the handler of
// its subjects (without the deployment's prefix). A subject without a handler is skipped.
type source struct {
	service, durable string
	handlers         map[string]factHandler
}

// factHandler records the fact an event carries, through f (the consumer's transaction), as
// recorded by r.
type factHandler func(ctx context.Context, f store.Facts, m bus.Message, r store.Recorded) error

var sources = []source{
	{service: "training", durable: DurableTraining, handlers: trainingHandlers},
	{service: "attendance", durable: DurableAttendance, handlers: attendanceHandlers},
	{service: "evaluation", durable: DurableEvaluation, handlers: evaluationHandlers},
}

// The retry delays while a followed stream does not exist yet: doubling up to a cap.
const (
	firstRetry    = time.Second
	maxFollowWait = 30 * time.Second
)

// keep follows s's stream until ctx is done: the first attempt now, then in the background 1 s,
// 2 s, 4 s … up to 30 s apart while the stream does not exist (the service has never started).
func (m *Monitor) keep(ctx context.Context, s source) {
	if _, err := m.follow(ctx, s); err == nil {
		return
	} else {
		m.log.Info("following a stream for the work plans' targets; retrying in the background until it exists", "source", s.service, "error", err)
	}
	go func() {
		for delay := firstRetry; ; delay = min(2*delay, maxFollowWait) {
			if !sleep(ctx, delay) {
				return
			}
			_, err := m.follow(ctx, s)
			if err == nil {
				m.log.Info("following a stream for the work plans' targets", "source", s.service)
				return
			}
			if ctx.Err() != nil {
				return
			}
			if !errors.Is(err, jetstream.ErrStreamNotFound) {
				m.log.Warn("following a stream for the work plans' targets; will retry", "source", s.service, "error", err)
			}
		}
	}()
}

// follow runs s's durable consumer, one filter on the service's whole subject space (NATS
// servers before 2.10 take no more).
func (m *Monitor) follow(ctx context.Context, s source) (jetstream.ConsumeContext, error) {
	return bus.Consume(ctx, m.o.JS, m.o.DB, bus.ConsumerSpec{
		Stream:   outbox.StreamName(m.o.Prefix, s.service),
		Durable:  s.durable,
		Subjects: []string{m.o.Prefix + "simpeg." + s.service + ".>"},
		// A batch without a savepoint per event: 5 statements a CheckedIn instead of 7, its
		// catch-up ~1,150 → 1,544 events/s applied (docs/benchmarks.md, issue 13 §4). A failing
		// event's batch is applied again with savepoints; the handler's only effect outside
		// the transaction, the facts counter, is counted after the commit.
		Optimistic: true,
	}, m.log, m.handler(s))
}

// handler records one event's fact in the consumer's transaction. bus.Consume records the
// event processed in the same transaction, so a redelivered event is applied once; the fact
// writes are upserts by natural key besides.
func (m *Monitor) handler(s source) bus.Handler {
	return func(ctx context.Context, tx *database.Tx, msg bus.Message) error {
		subject := strings.TrimPrefix(msg.Subject, m.o.Prefix)
		h := s.handlers[subject]
		if h == nil {
			return nil
		}
		now := m.now()
		if err := h(ctx, store.FactsIn(tx), msg, store.Recorded{EventID: msg.ID, Subject: subject, Occur: now, At: now}); err != nil {
			return err
		}
		tx.AfterCommit(func() { m.metrics.facts.WithLabelValues(s.service).Inc() })
		return nil
	}
}

// decode reads msg's payload into e, checking the type the publisher named when it named one.
func decode(msg bus.Message, e proto.Message) error {
	if want := string(proto.MessageName(e)); msg.Type != "" && msg.Type != want {
		return fmt.Errorf("event %s on %s is a %s, want %s", msg.ID, msg.Subject, msg.Type, want)
	}
	if err := proto.Unmarshal(msg.Data, e); err != nil {
		return fmt.Errorf("decoding event %s on %s: %w", msg.ID, msg.Subject, err)
	}
	return nil
}

// agencyOf returns agency, or the registry's agency of employee when agency is empty.
func agencyOf(ctx context.Context, f store.Facts, agency, employee string) (string, error) {
	if agency != "" {
		return agency, nil
	}
	return f.EmployeeAgency(ctx, employee)
}

// occurred returns ts, or def when ts is not set.
func occurred(ts *timestamppb.Timestamp, def time.Time) time.Time {
	if ts == nil || !ts.IsValid() || ts.AsTime().IsZero() || ts.GetSeconds() == 0 {
		return def
	}
	return ts.AsTime()
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
