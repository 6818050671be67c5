package main

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/storage"
	"github.com/chromedp/chromedp"
)

// slow3G is Chromium DevTools' "Slow 3G" preset as Chromium applies it: 400 kbit/s down and up
// (500 kbit/s × 0.8) and 2,000 ms of latency on every request (a 400 ms round trip × DevTools'
// adjustment factor 5). slow3GRTT is the same with only the 400 ms round trip as latency.
var (
	slow3G    = network.Conditions{Latency: 400 * 5, DownloadThroughput: 500 * 1000 / 8 * 0.8, UploadThroughput: 500 * 1000 / 8 * 0.8, ConnectionType: network.ConnectionTypeCellular3g}
	slow3GRTT = network.Conditions{Latency: 400, DownloadThroughput: 500 * 1000 / 8 * 0.8, UploadThroughput: 500 * 1000 / 8 * 0.8, ConnectionType: network.ConnectionTypeCellular3g}
)

// BenchmarkPortalFirstLoadSlow3G measures the employee's first load of the portal on a phone on
// Slow 3G: a signed-in employee (signed in through the sign-in screen, then the service worker,
// its caches and the HTTP cache forgotten, the cache disabled) opens /. It reports the
// milliseconds from the navigation's start to an interactive check-in button
// ([data-test=checkin-button] visible and enabled, by the page's own clock) and the bytes
// transferred for the page (the sum of the requests' encoded lengths, headers included) until
// the network is quiet. Issue 9's targets: ≤ 3 s and ≤ 300 KB. "devtools" is the preset as
// Chromium applies it (2 s per request); "rtt400ms" takes only the round trip as latency.
//
//	go test -run '^$' -bench PortalFirstLoadSlow3G -benchtime 3x ./cmd/simpeg
func BenchmarkPortalFirstLoadSlow3G(b *testing.B) {
	p := portalFor(b)
	b.Run("devtools", func(b *testing.B) { firstLoad(b, p, slow3G) })
	b.Run("rtt400ms", func(b *testing.B) { firstLoad(b, p, slow3GRTT) })
}

// checkinClock runs in the page before its own script and notes, in window.__checkinAt, the
// moment (performance.now()) the check-in button is first there, visible and enabled.
const checkinClock = `(() => {
  const check = () => {
    const b = document.querySelector('[data-test="checkin-button"]');
    if (b && !b.disabled && b.offsetParent !== null) { window.__checkinAt = performance.now(); return; }
    requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})();`

func firstLoad(b *testing.B, p *portalSuite, conditions network.Conditions) {
	emp := p.person(b, "employee")
	var ms, bytes, requests float64
	b.ResetTimer()
	for i := range b.N {
		b.StopTimer()
		tt := p.open(b, phone)
		tt.signIn(emp.NIP, "employee")
		tt.run("forgetting the service worker and the caches", 20*time.Second, chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			if _, err := chromedp.Call(ctx, storage.ClearDataForOrigin, storage.ClearDataForOriginParams{Origin: p.base, StorageTypes: "service_workers,cache_storage"}); err != nil {
				return err
			}
			if _, err := chromedp.Call(ctx, network.ClearBrowserCache, struct{}{}); err != nil {
				return err
			}
			if _, err := chromedp.Call(ctx, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true}); err != nil {
				return err
			}
			return nil
		}), chromedp.Navigate("about:blank"))
		tt.throttle(conditions)
		tt.resetBytes()
		b.StartTimer()
		// The page records when the button became usable, by its own clock: reading it from
		// outside would come late, as chromedp.Navigate returns at the load event, after the icon
		// and the home screen's API calls (2 s each here), long after the button.
		tt.run("opening / on Slow 3G", 60*time.Second, chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: checkinClock})
			return err
		}), chromedp.Navigate(p.base+"/"))
		at := tt.pollMS(`window.__checkinAt || 0`, 60*time.Second)
		b.StopTimer()
		tt.waitQuiet(time.Second, 60*time.Second)
		n, got, each := tt.transferred()
		if i == 0 {
			b.Logf("%d ms to the check-in button, %.0f bytes in %d requests: %s", int(at), got, n, strings.Join(each, ", "))
		}
		ms += at
		bytes += got
		requests += float64(n)
		tt.noProblems("the first load")
		tt.close()
	}
	b.ReportMetric(ms/float64(b.N), "ms-to-checkin")
	b.ReportMetric(bytes/float64(b.N), "bytes")
	b.ReportMetric(requests/float64(b.N), "requests")
}

// throttle applies network conditions to the tab (the service worker's requests included).
func (tt *tab) throttle(c network.Conditions) {
	tt.tb.Helper()
	ctx, cancel := context.WithTimeout(tt.ctx, 10*time.Second)
	defer cancel()
	on := false
	if _, err := chromedp.Call(ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
		EmulateOfflineServiceWorker: &on, MatchedNetworkConditions: []*network.Conditions{&c},
	}); err != nil {
		tt.tb.Fatalf("throttling the network: %v", err)
	}
	if _, err := chromedp.Call(ctx, network.OverrideNetworkState, network.OverrideNetworkStateParams{
		Latency: c.Latency, DownloadThroughput: c.DownloadThroughput, UploadThroughput: c.UploadThroughput, ConnectionType: c.ConnectionType,
	}); err != nil {
		tt.tb.Fatalf("overriding the network state: %v", err)
	}
}

// resetBytes starts counting the transferred bytes and requests anew.
func (tt *tab) resetBytes() {
	tt.mu.Lock()
	defer tt.mu.Unlock()
	tt.bytes, tt.finished, tt.loaded = 0, 0, nil
}

// transferred is how many requests finished and their encoded bytes since resetBytes, and
// each one's URL and bytes.
func (tt *tab) transferred() (int, float64, []string) {
	tt.mu.Lock()
	defer tt.mu.Unlock()
	return tt.finished, tt.bytes, slices.Clone(tt.loaded)
}

// waitQuiet waits until no request has been in flight for quiet.
func (tt *tab) waitQuiet(quiet, limit time.Duration) {
	tt.tb.Helper()
	deadline := time.Now().Add(limit)
	since := time.Now()
	for time.Since(since) < quiet {
		if time.Now().After(deadline) {
			tt.tb.Fatalf("the network did not go quiet within %s", limit)
		}
		tt.mu.Lock()
		busy := len(tt.inflight) > 0
		tt.mu.Unlock()
		if busy {
			since = time.Now()
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// pollMS polls a JavaScript expression every 10 ms until it gives a non-zero number.
func (tt *tab) pollMS(expr string, limit time.Duration) float64 {
	tt.tb.Helper()
	ctx, cancel := context.WithTimeout(tt.ctx, limit)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Poll[float64](expr, chromedp.WithPollingInterval(10*time.Millisecond), chromedp.WithPollingTimeout(limit)))
	if err != nil {
		tt.tb.Fatalf("waiting for %.80s: %v\npage: %s", expr, err, tt.bodyText())
	}
	return v
}
