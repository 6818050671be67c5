package outbox_test

import (
	"context"
	"crypto/rand"
	"testing"
	"time"

	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/outbox"
	"github.com/simpeg-id/simpeg/platform/testenv"
)

// BenchmarkRelayDrain is the relay's ceiling (issue 13 §4): b.N unsent rows of a check-in
// event's size are written first (not timed), then a relay as the services run it (batches of
// 500, the default window, full read and ack timeout) is started and timed until the outbox
// has none unsent. It reports events/s. On each engine (PostgreSQL when
// SIMPEG_TEST_POSTGRES_URL is set) with SIMPEG_TEST_NATS_URL's server, or an embedded one:
//
//	SIMPEG_TEST_POSTGRES_URL=… SIMPEG_TEST_NATS_URL=nats://127.0.0.1:4222 \
//	  go test ./platform/outbox -run '^$' -bench RelayDrain -benchtime 200000x
func BenchmarkRelayDrain(b *testing.B) {
	for _, engine := range testenv.Engines(b) {
		b.Run(string(engine), func(b *testing.B) {
			e := newEnv(b, engine, testenv.NATS(b))
			fillUnsent(b, e, b.N)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			r := &outbox.Relay{Outbox: e.ob, DB: e.db, JS: e.js, Log: discard, SubjectPrefix: e.prefix}
			done := make(chan error, 1)
			b.ResetTimer()
			start := time.Now()
			go func() { done <- r.Run(ctx) }()
			for {
				n, err := outbox.Pending(ctx, e.db)
				if err != nil {
					b.Fatal(err)
				}
				if n == 0 {
					break
				}
				time.Sleep(20 * time.Millisecond)
			}
			took := time.Since(start)
			b.StopTimer()
			cancel()
			if err := <-done; err != nil {
				b.Fatalf("relay: %v", err)
			}
			if got := e.streamCount(b); got != uint64(b.N) {
				b.Fatalf("%d messages in the stream, want %d", got, b.N)
			}
			b.ReportMetric(float64(b.N)/took.Seconds(), "events/s")
		})
	}
}

// fillUnsent writes n events of a CheckedIn's size (about 330 bytes of payload) through
// Outbox.Add, 1,000 to a transaction, as n check-ins would have.
func fillUnsent(b *testing.B, e *env, n int) {
	b.Helper()
	ctx := context.Background()
	payload := make([]byte, 330)
	_, _ = rand.Read(payload)
	for done := 0; done < n; {
		k := min(1000, n-done)
		events := make([]outbox.Event, k)
		for i := range events {
			events[i] = outbox.Event{Subject: "simpeg.test.attendance.checked_in", Msg: wrapperspb.Bytes(payload)}
		}
		if err := e.db.InTx(ctx, func(tx *database.Tx) error { return e.ob.Add(ctx, tx, events...) }); err != nil {
			b.Fatalf("writing unsent events: %v", err)
		}
		done += k
	}
}
