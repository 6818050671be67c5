package load

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// relayPublished reads simpeg_outbox_published_total from the metrics endpoint; -1 when it
// cannot.
func relayPublished(ctx context.Context, url string) float64 {
	if url == "" {
		return -1
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return -1
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return -1
	}
	defer resp.Body.Close()
	return metricValue(resp.Body, "simpeg_outbox_published_total")
}

// metricValue returns the value of the unlabelled metric name in a Prometheus text exposition,
// -1 when it is absent.
func metricValue(r io.Reader, name string) float64 {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if rest, ok := strings.CutPrefix(line, name+" "); ok {
			v, err := strconv.ParseFloat(strings.TrimSpace(rest), 64)
			if err == nil {
				return v
			}
		}
	}
	return -1
}

// RelayDrain is what WatchRelay measured: the events the relay published from its first
// increase until it stopped publishing, over how long, and its best one-second rate.
type RelayDrain struct {
	Published float64 `json:"published"`
	Seconds   float64 `json:"seconds"`
	Rate      float64 `json:"publishedPerSecond"`
	BestRate  float64 `json:"bestOneSecondRate"`
}

// WatchRelay reads simpeg_outbox_published_total at url every 100 ms until it has grown and
// then stayed put for quiet (the relay drained its backlog), or until ctx is done. It is the
// relay's ceiling when a backlog was made for it (see docs/benchmarks.md, issue 13).
func WatchRelay(ctx context.Context, url string, quiet time.Duration) (RelayDrain, error) {
	type sample struct {
		at time.Time
		v  float64
	}
	var samples []sample
	first := relayPublished(ctx, url)
	if first < 0 {
		return RelayDrain{}, fmt.Errorf("load: no simpeg_outbox_published_total at %s", url)
	}
	last, lastChange := first, time.Time{}
	var startAt time.Time
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return RelayDrain{}, ctx.Err()
		case <-tick.C:
		}
		v := relayPublished(ctx, url)
		now := time.Now()
		if v < 0 {
			continue
		}
		if v != last {
			if startAt.IsZero() {
				startAt = now
				samples = append(samples, sample{now, last})
			}
			last, lastChange = v, now
		}
		if !startAt.IsZero() {
			samples = append(samples, sample{now, v})
			if now.Sub(lastChange) >= quiet {
				break
			}
		}
	}
	d := RelayDrain{Published: last - first, Seconds: lastChange.Sub(startAt).Seconds()}
	if d.Seconds > 0 {
		d.Rate = d.Published / d.Seconds
	}
	for i, j := 0, 0; i < len(samples); i++ {
		for j < i && samples[i].at.Sub(samples[j].at) > time.Second {
			j++
		}
		if dt := samples[i].at.Sub(samples[j].at).Seconds(); dt >= 0.9 {
			d.BestRate = max(d.BestRate, (samples[i].v-samples[j].v)/dt)
		}
	}
	return d, nil
}
