package outbox

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/simpeg-id/simpeg/platform/database"
)

// Backlog is the state of the unsent part of the outbox: how many events wait and how long the
// oldest has waited. A relay that drains keeps OldestAge near zero; a growing OldestAge is a
// relay that cannot publish (NATS down, acks not coming, a database that cannot be written).
type Backlog struct {
	Pending   int
	OldestAge time.Duration
}

// Draining reports whether the oldest unsent event is younger than stallAfter.
func (b Backlog) Draining(stallAfter time.Duration) bool { return b.OldestAge < stallAfter }

// ReadBacklog counts the unsent events and finds the oldest, over the index of unsent rows
// (outbox_unsent), so it stays cheap with a long backlog.
func ReadBacklog(ctx context.Context, db *database.DB, now time.Time) (Backlog, error) {
	var n int
	var oldest sql.NullInt64
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*), MIN(created_at) FROM outbox WHERE sent_at IS NULL`).Scan(&n, &oldest); err != nil {
		return Backlog{}, fmt.Errorf("reading outbox backlog: %w", err)
	}
	b := Backlog{Pending: n}
	if oldest.Valid {
		b.OldestAge = max(now.Sub(time.UnixMicro(oldest.Int64)), 0)
	}
	return b, nil
}

// Metrics are the outbox's Prometheus metrics. A nil *Metrics records nothing.
type Metrics struct {
	pending   prometheus.Gauge
	oldestAge prometheus.Gauge
	sent      prometheus.Counter
	failed    prometheus.Counter
}

// NewMetrics registers the outbox metrics on reg:
//
//	simpeg_outbox_pending                    events not yet published
//	simpeg_outbox_oldest_pending_age_seconds age of the oldest of them (0 when none): the alert
//	simpeg_outbox_published_total            events JetStream acknowledged
//	simpeg_outbox_failed_rounds_total        relay rounds that ended in an error
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		pending:   prometheus.NewGauge(prometheus.GaugeOpts{Name: "simpeg_outbox_pending", Help: "Outbox events not yet published to JetStream."}),
		oldestAge: prometheus.NewGauge(prometheus.GaugeOpts{Name: "simpeg_outbox_oldest_pending_age_seconds", Help: "Age of the oldest unpublished outbox event; grows while the relay is not draining."}),
		sent:      prometheus.NewCounter(prometheus.CounterOpts{Name: "simpeg_outbox_published_total", Help: "Outbox events acknowledged by JetStream."}),
		failed:    prometheus.NewCounter(prometheus.CounterOpts{Name: "simpeg_outbox_failed_rounds_total", Help: "Outbox relay rounds that ended in an error (NATS, acknowledgements or the database)."}),
	}
	reg.MustRegister(m.pending, m.oldestAge, m.sent, m.failed)
	return m
}

// Observe records a backlog read by ReadBacklog.
func (m *Metrics) Observe(b Backlog) {
	if m == nil {
		return
	}
	m.pending.Set(float64(b.Pending))
	m.oldestAge.Set(b.OldestAge.Seconds())
}

func (m *Metrics) published(n int) {
	if m != nil && n > 0 {
		m.sent.Add(float64(n))
	}
}

func (m *Metrics) round(err error) {
	if m != nil && err != nil {
		m.failed.Inc()
	}
}
