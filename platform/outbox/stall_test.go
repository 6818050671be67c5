package outbox_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/outbox"
	"github.com/simpeg-id/simpeg/platform/testenv"
)

// syncBuffer is a log sink the relay's goroutine and the test share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestRelayStall puts a proxy in front of NATS and blackholes it during a burst of writes: the
// acks never come while the connection looks alive. Every wait of the relay is bounded (it
// reports the failure within its ack timeout instead of waiting for the network), and once the
// proxy passes again every event is in the stream exactly once within seconds. Issue 7, item 5.
func TestRelayStall(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		u, err := url.Parse(testenv.NATS(t))
		if err != nil {
			t.Fatal(err)
		}
		proxy := testenv.NewProxy(t, u.Host)
		e := newEnv(t, engine, "nats://"+proxy.Addr())
		ctx := context.Background()
		e.add(t, ctx, "simpeg.test.warmup", "w")
		logs := &syncBuffer{}
		const ackTimeout = time.Second
		r := &outbox.Relay{Outbox: e.ob, DB: e.db, JS: e.js, Log: slog.New(slog.NewTextHandler(logs, nil)),
			SubjectPrefix: e.prefix, BatchSize: 500, Poll: 50 * time.Millisecond, AckTimeout: ackTimeout}
		rctx, cancel := context.WithCancel(ctx)
		done := make(chan error, 1)
		go func() { done <- r.Run(rctx) }()
		defer func() {
			cancel()
			select {
			case <-done:
			case <-time.After(15 * time.Second):
				t.Error("relay did not stop")
			}
		}()
		eventually(t, 5*time.Second, "the warm-up event to be sent", func() bool { return e.pending(t) == 0 })

		proxy.Set(testenv.Blackhole)
		const n = 3000
		for i := 0; i < n; i += 500 {
			e.add(t, ctx, "simpeg.test.burst", values("b", n)[i:i+500]...)
		}
		blackholed := time.Now()
		eventually(t, 3*ackTimeout+2*time.Second, "the relay to report the missing acks", func() bool {
			return strings.Contains(logs.String(), "outbox relay cannot publish")
		})
		t.Logf("relay reported the stall %s after the blackhole began", time.Since(blackholed).Round(time.Millisecond))
		if !strings.Contains(logs.String(), "ack") {
			t.Errorf("the warning does not say the acks are missing:\n%s", logs)
		}
		b, err := outbox.ReadBacklog(ctx, e.db, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if b.Pending != n || b.Draining(time.Second) {
			t.Errorf("backlog during the blackhole = %+v; want %d pending, not draining after 1s", b, n)
		}

		proxy.Set(testenv.Pass)
		passed := time.Now()
		eventually(t, 10*time.Second, "every event to be marked sent", func() bool { return e.pending(t) == 0 })
		t.Logf("outbox drained %s after the network came back", time.Since(passed).Round(time.Millisecond))
		msgs := e.messages(t)
		if len(msgs) != n+1 {
			t.Fatalf("%d distinct events in the stream, want %d", len(msgs), n+1)
		}
		for v, ms := range msgs {
			if len(ms) != 1 {
				t.Fatalf("event %s stored %d times", v, len(ms))
			}
		}
	})
}

// TestRelayDiskFull fills the SQLite database (PRAGMA max_page_count makes writes fail with
// SQLITE_FULL exactly as a full disk does) after the events are written: the relay publishes
// but cannot mark rows sent, publishes them again (JetStream drops the duplicates), and once
// there is room again every event is marked sent and stored once.
func TestRelayDiskFull(t *testing.T) {
	e := newEnv(t, testenv.SQLite, testenv.NATS(t))
	ctx := context.Background()
	// One connection, so the page limit set below holds for every statement of the relay.
	e.db.SetMaxOpenConns(1)
	const n = 2000
	for i := 0; i < n; i += 500 {
		e.add(t, ctx, "simpeg.test.full", values("f", n)[i:i+500]...)
	}
	var pages int
	if err := e.db.QueryRowContext(ctx, `PRAGMA page_count`).Scan(&pages); err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.ExecContext(ctx, `PRAGMA max_page_count = `+strconv.Itoa(pages)); err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	r := &outbox.Relay{Outbox: e.ob, DB: e.db, JS: e.js, Log: slog.New(slog.NewTextHandler(logs, nil)),
		SubjectPrefix: e.prefix, BatchSize: 500, Poll: 50 * time.Millisecond, AckTimeout: time.Second}
	rctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- r.Run(rctx) }()
	defer func() { cancel(); <-done }()
	eventually(t, 5*time.Second, "the relay to hit the full disk", func() bool {
		return strings.Contains(logs.String(), "full")
	})
	if got := e.streamCount(t); got == 0 {
		t.Error("nothing was published while the database was full")
	}
	time.Sleep(2 * time.Second) // a few rounds against the full database
	if _, err := e.db.ExecContext(ctx, `PRAGMA max_page_count = 1073741823`); err != nil {
		t.Fatal(err)
	}
	eventually(t, 10*time.Second, "every event to be marked sent", func() bool { return e.pending(t) == 0 })
	msgs := e.messages(t)
	if len(msgs) != n {
		t.Fatalf("%d distinct events in the stream, want %d", len(msgs), n)
	}
	for v, ms := range msgs {
		if len(ms) != 1 {
			t.Fatalf("event %s stored %d times", v, len(ms))
		}
	}
}
