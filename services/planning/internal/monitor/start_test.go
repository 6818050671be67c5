package monitor_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/testenv"
	"github.com/simpeg-id/simpeg/services/planning/internal/domain"
	"github.com/simpeg-id/simpeg/services/planning/internal/monitor"
)

// TestStart: started with only training's stream there (attendance and evaluation have never
// run), the monitor starts without error, measures the targets on its own and moves the JP share
// within seconds of a credit; the missing streams are retried in the background.
func TestStart(t *testing.T) {
	natsURL := testenv.NATS(t)
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		f := newFixture(t, engine, natsURL, monitor.Clients{})
		f.createStream(t, "training")
		m := monitor.New(monitor.Options{DB: f.db, Store: f.st, JS: f.js, Prefix: f.prefix, Policy: domain.DefaultPolicy(),
			Interval: 20 * time.Millisecond, Log: slog.New(slog.DiscardHandler), Now: f.clock.now})
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		if err := m.Start(ctx); err != nil {
			t.Fatal(err)
		}
		f.publish(t, "simpeg.training.jp.credited", "ev-1", jp(budi, "enrolments/e-1", 24))
		deadline := time.Now().Add(10 * time.Second)
		for {
			if v, s := f.target(t, "jp"); v == 50 && s == domain.StatusOnTrack {
				break
			}
			if time.Now().After(deadline) {
				v, s := f.target(t, "jp")
				t.Fatalf("jp = %v %s after 10 s, want 50 on_track", v, s)
			}
			time.Sleep(20 * time.Millisecond)
		}
		if _, s := f.target(t, "attendance"); s != domain.StatusOnTrack {
			t.Errorf("attendance = %s, want measured on_track without attendance's stream", s)
		}
	})
}
