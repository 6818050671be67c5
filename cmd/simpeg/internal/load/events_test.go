package load

import (
	"context"
	"strings"
	"testing"
	"time"
)

func TestPercentiles(t *testing.T) {
	var d []time.Duration
	for i := 1000; i >= 1; i-- { // unsorted on purpose
		d = append(d, time.Duration(i)*time.Millisecond)
	}
	p := percentiles(d)
	if p.N != 1000 || p.P50 != 500 || p.P90 != 900 || p.P99 != 990 || p.Max != 1000 {
		t.Fatalf("got %+v; want n 1000, p50 500, p90 900, p99 990, max 1000", p)
	}
	if one := percentiles([]time.Duration{1500 * time.Microsecond}); one.P50 != 1.5 || one.P99 != 1.5 || one.Max != 1.5 {
		t.Fatalf("one sample: %+v", one)
	}
	if empty := percentiles(nil); empty != (Percentiles{}) {
		t.Fatalf("no sample: %+v", empty)
	}
}

// pace emits rate × d calls, each at or after its due time, the due times 1/rate apart, and
// does not take much longer than d.
func TestPace(t *testing.T) {
	const rate = 2000.0
	d := 300 * time.Millisecond
	start := time.Now()
	var dues []time.Time
	var late time.Duration
	n := pace(context.Background(), start, rate, d, func(due time.Time) bool {
		if now := time.Now(); now.Before(due) {
			t.Errorf("call %d emitted %s before it was due", len(dues), due.Sub(now))
		} else {
			late = max(late, now.Sub(due))
		}
		dues = append(dues, due)
		return true
	})
	took := time.Since(start)
	if n != 600 || len(dues) != 600 {
		t.Fatalf("%d calls (returned %d), want 600", len(dues), n)
	}
	for i := 1; i < len(dues); i++ {
		if gap := dues[i].Sub(dues[i-1]); gap < 499*time.Microsecond || gap > 501*time.Microsecond {
			t.Fatalf("due times %d and %d are %s apart, want 500µs", i-1, i, gap)
		}
	}
	if took > d+200*time.Millisecond {
		t.Errorf("took %s for %s of schedule", took, d)
	}
	t.Logf("600 calls in %s, latest %s after its due time", took, late)

	// A slow emitter: the schedule keeps its due times (the delay shows as latency) and
	// stopping ends it.
	calls := 0
	n = pace(context.Background(), time.Now(), 1000, time.Second, func(time.Time) bool {
		calls++
		time.Sleep(2 * time.Millisecond)
		return calls < 10
	})
	if n != 9 || calls != 10 {
		t.Fatalf("stopped emitter: returned %d after %d calls, want 9 after 10", n, calls)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if n := pace(ctx, time.Now().Add(time.Hour), 10, time.Second, func(time.Time) bool { return true }); n != 0 {
		t.Fatalf("cancelled: %d calls", n)
	}
}

func TestMetricValue(t *testing.T) {
	text := "# HELP simpeg_outbox_published_total x\n# TYPE simpeg_outbox_published_total counter\n" +
		"simpeg_outbox_published_total_other 7\nsimpeg_outbox_published_total 1.234e+06\nsimpeg_outbox_pending 3\n"
	if v := metricValue(strings.NewReader(text), "simpeg_outbox_published_total"); v != 1234000 {
		t.Fatalf("got %v", v)
	}
	if v := metricValue(strings.NewReader(text), "missing"); v != -1 {
		t.Fatalf("missing metric: %v", v)
	}
}
