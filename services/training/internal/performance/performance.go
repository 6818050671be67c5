// Package performance keeps training's record of evaluation's final annual ratings (issue 11
// §4: "training consumes the finalised ratings as performance gaps"). It follows evaluation's
// stream with a durable consumer and records each final predicate as the employee's performance
// of the year (app.RecordPerformanceGap); a predicate below Baik is a performance gap in the
// competency profile and the development needs.
//
// Two events carry a final rating: simpeg.evaluation.annual_rating.finalised (the appraiser
// finalised it) and simpeg.evaluation.objection.decided (the appraiser's supervisor decided an
// objection; the rating in it replaces the finalised one, even when upheld). Each is applied
// exactly once, in the transaction bus.Consume records it processed in; a redelivered event, or
// an older rating arriving after a newer one, changes nothing.
package performance

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/simpeg-id/simpeg/platform/bus"
	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/outbox"
	evaluationv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/evaluation/v1"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

// Service is the service whose stream the consumer follows.
const Service = "evaluation"

// Durable is training's durable consumer on evaluation's stream: its replicas share the work
// and a restart resumes where it stopped. Spec.Follows names it, so that NATS allows it.
const Durable = "training-performance"

// The subjects of the events that carry a final annual rating, without the deployment's prefix.
const (
	FinalisedSubject = "simpeg.evaluation.annual_rating.finalised"
	DecidedSubject   = "simpeg.evaluation.objection.decided"
)

// The retry delays of Keep while evaluation's stream does not exist yet: each retry waits twice
// as long as the one before, up to a cap.
const (
	firstRetry    = time.Second
	maxFollowWait = 30 * time.Second
)

// Recorder records an employee's performance of a year: app.App.RecordPerformanceGap.
type Recorder interface {
	RecordPerformanceGap(ctx context.Context, p domain.Performance) (changed bool, err error)
}

// Options say where the consumer reads evaluation's events and how it records them.
type Options struct {
	// JS is the JetStream connection evaluation's stream is read from.
	JS jetstream.JetStream
	// Prefix is the deployment's SIMPEG_NATS_PREFIX, which names evaluation's stream and
	// subjects.
	Prefix string
	// DB is training's database, where bus.Consume records the events processed.
	DB *database.DB
	// Within returns the recorder whose writes go into tx, the consumer's transaction
	// (app.App.Within over store.Store.Within).
	Within func(tx *database.Tx) Recorder
	// Log receives what the consumer does; nil means slog.Default().
	Log *slog.Logger
}

// ErrOptions is returned by Keep and Follow for options that lack what they need.
var ErrOptions = errors.New("performance: Options needs JS, DB and Within")

// Keep follows evaluation's stream until ctx is done, for a training service that starts
// before or after evaluation: while the stream does not exist yet (evaluation has never
// started; the all-in-one binary starts training first), it retries in the background, waiting
// 1 s, 2 s, 4 s … up to 30 s between attempts. The first attempt is made before Keep returns.
// Keep returns an error only for incomplete options; everything else is retried and logged, so
// training's start never fails on evaluation. done is closed once the consumer runs, or ctx is
// done.
func Keep(ctx context.Context, o Options) (done <-chan struct{}, err error) {
	if o.JS == nil || o.DB == nil || o.Within == nil {
		return nil, ErrOptions
	}
	if o.Log == nil {
		o.Log = slog.Default()
	}
	ch := make(chan struct{})
	_, err = Follow(ctx, o)
	if err == nil {
		close(ch)
		return ch, nil
	}
	o.Log.Info("following evaluation's ratings; retrying in the background until its stream exists", "error", err)
	go func() {
		defer close(ch)
		for delay := firstRetry; ; delay = min(2*delay, maxFollowWait) {
			if !sleep(ctx, delay) {
				return
			}
			_, err := Follow(ctx, o)
			if err == nil {
				o.Log.Info("following evaluation's ratings")
				return
			}
			if ctx.Err() != nil {
				return
			}
			if !errors.Is(err, jetstream.ErrStreamNotFound) {
				o.Log.Warn("following evaluation's ratings; will retry", "error", err, "retry_in", min(2*delay, maxFollowWait))
			}
		}
	}()
	return ch, nil
}

// Follow consumes evaluation's final ratings with the durable consumer Durable until ctx is
// done; it fails when the stream does not exist (jetstream.ErrStreamNotFound). The consumer
// filters on evaluation's whole subject space, one filter (NATS servers before 2.10 take no
// more), and skips the events that carry no final rating, as the directory copy skips
// planning's position events.
func Follow(ctx context.Context, o Options) (jetstream.ConsumeContext, error) {
	if o.JS == nil || o.DB == nil || o.Within == nil {
		return nil, ErrOptions
	}
	if o.Log == nil {
		o.Log = slog.Default()
	}
	return bus.Consume(ctx, o.JS, o.DB, bus.ConsumerSpec{
		Stream:   outbox.StreamName(o.Prefix, Service),
		Durable:  Durable,
		Subjects: []string{o.Prefix + "simpeg." + Service + ".>"},
	}, o.Log, handler(o))
}

// handler records the rating of one event in the consumer's transaction. An event it cannot
// read, or whose rating training refuses, is a rejection: redelivered a few times, then logged
// as dead by bus.Consume.
func handler(o Options) bus.Handler {
	return func(ctx context.Context, tx *database.Tx, m bus.Message) error {
		if !CarriesRating(o.Prefix, m.Subject) {
			return nil
		}
		p, err := Decode(o.Prefix, m)
		if err != nil {
			return err
		}
		changed, err := o.Within(tx).RecordPerformanceGap(ctx, p)
		if err != nil {
			return fmt.Errorf("recording the performance of %s in %d: %w", p.Employee, p.Year, err)
		}
		if changed {
			o.Log.DebugContext(ctx, "performance recorded", "employee", p.Employee, "year", p.Year, "predicate", p.Predicate, "event_id", m.ID)
		}
		return nil
	}
}

// CarriesRating reports whether an event on subject (with the deployment's prefix) carries a
// final annual rating.
func CarriesRating(prefix, subject string) bool {
	s := strings.TrimPrefix(subject, prefix)
	return s == FinalisedSubject || s == DecidedSubject
}

// Decode reads the final rating an event of evaluation carries: the employee, the year and the
// predicate of its annual_rating.rating, when it became final (finalise_time, or the
// objection's decide_time) and the event's id as its source.
func Decode(prefix string, m bus.Message) (domain.Performance, error) {
	var (
		rating *evaluationv1.AnnualRating
		final  *timestamppb.Timestamp
	)
	switch strings.TrimPrefix(m.Subject, prefix) {
	case FinalisedSubject:
		e := &evaluationv1.AnnualRatingFinalised{}
		if err := unmarshal(m, e); err != nil {
			return domain.Performance{}, err
		}
		rating = e.GetAnnualRating()
		final = rating.GetFinaliseTime()
	case DecidedSubject:
		e := &evaluationv1.ObjectionDecided{}
		if err := unmarshal(m, e); err != nil {
			return domain.Performance{}, err
		}
		rating = e.GetAnnualRating()
		final = rating.GetObjection().GetDecideTime()
	default:
		return domain.Performance{}, fmt.Errorf("event %s: subject %s carries no final rating", m.ID, m.Subject)
	}
	p := domain.Performance{
		Employee:  rating.GetEmployee(),
		Year:      int(rating.GetYear()),
		Predicate: predicates[rating.GetRating().GetPredicate()],
		Source:    m.ID,
	}
	if final != nil {
		p.Evaluated = final.AsTime()
	}
	if err := domain.ValidatePerformance(p); err != nil {
		return domain.Performance{}, fmt.Errorf("event %s on %s (predicate %s): %w", m.ID, m.Subject, rating.GetRating().GetPredicate(), err)
	}
	return p, nil
}

// unmarshal reads m's payload into e, checking the type the publisher named when it named one.
func unmarshal(m bus.Message, e proto.Message) error {
	if want := string(proto.MessageName(e)); m.Type != "" && m.Type != want {
		return fmt.Errorf("event %s on %s is a %s, want %s", m.ID, m.Subject, m.Type, want)
	}
	if err := proto.Unmarshal(m.Data, e); err != nil {
		return fmt.Errorf("decoding event %s on %s: %w", m.ID, m.Subject, err)
	}
	return nil
}

// predicates maps evaluation's predicates to training's; PREDICATE_UNSPECIFIED maps to none,
// which ValidatePerformance refuses.
var predicates = map[evaluationv1.Predicate]domain.Predicate{
	evaluationv1.Predicate_PREDICATE_SANGAT_BAIK:     domain.SangatBaik,
	evaluationv1.Predicate_PREDICATE_BAIK:            domain.Baik,
	evaluationv1.Predicate_PREDICATE_BUTUH_PERBAIKAN: domain.ButuhPerbaikan,
	evaluationv1.Predicate_PREDICATE_KURANG:          domain.Kurang,
	evaluationv1.Predicate_PREDICATE_SANGAT_KURANG:   domain.SangatKurang,
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
