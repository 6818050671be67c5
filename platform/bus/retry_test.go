package bus_test

import (
	"context"
	"errors"
	"fmt"
	"syscall"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/simpeg-id/simpeg/platform/bus"
	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/testenv"
)

// TestInfrastructureFailures: an event whose handler meets an unreachable database more times
// than MaxDeliver is still applied once the database answers (issue 7, item 6), while a
// rejection is terminated after MaxDeliver attempts as before; a consumer created by an older
// release with a server-side MaxDeliver is updated to redeliver forever.
func TestInfrastructureFailures(t *testing.T) {
	engine := testenv.Engines(t)[0]
	e := newEnv(t, engine)
	ctx := context.Background()
	// The durable as an older release left it: JetStream itself would drop after 2 deliveries.
	if _, err := e.js.CreateOrUpdateConsumer(ctx, e.stream, jetstream.ConsumerConfig{Durable: "outage", AckPolicy: jetstream.AckExplicitPolicy, MaxDeliver: 2}); err != nil {
		t.Fatal(err)
	}
	const outages = 4 // deliveries that meet the "outage", twice MaxDeliver
	var rejected int
	handle := func(ctx context.Context, tx *database.Tx, m bus.Message) error {
		switch {
		case m.ID == "applied" && m.Delivered <= outages:
			return fmt.Errorf("storing directory employee: %w", syscall.ECONNREFUSED)
		case m.ID == "wrapped" && m.Delivered <= outages:
			return bus.Transient(errors.New("planning unreachable"))
		case m.ID == "poison":
			rejected++
			return errors.New("decoding: not a planning event")
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO effects (event_id, value) VALUES ($1, $2)`, m.ID, string(m.Data))
		return err
	}
	cctx, cancel := context.WithCancel(ctx)
	t.Cleanup(cancel)
	if _, err := bus.Consume(cctx, e.js, e.db, bus.ConsumerSpec{Stream: e.stream, Durable: "outage", MaxDeliver: 2, Backoff: []time.Duration{10 * time.Millisecond}}, discard, handle); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"applied", "wrapped", "poison"} {
		e.publish(t, e.stream, "simpeg.test.thing.created", id, "v")
	}
	start := time.Now()
	eventually(t, 30*time.Second, "every event applied or terminated", func() bool { return e.settled(t, e.stream, "outage") })
	t.Logf("settled after %s (infrastructure delays 1 s, 2 s, 4 s, 5 s)", time.Since(start).Round(time.Millisecond))
	for _, c := range []struct {
		id   string
		want int
	}{{"applied", 1}, {"wrapped", 1}, {"poison", 0}} {
		if got := e.effects(t, c.id); got != c.want {
			t.Errorf("%s: %d effects, want %d", c.id, got, c.want)
		}
	}
	if rejected != 2 {
		t.Errorf("poison event rejected %d times, want MaxDeliver = 2", rejected)
	}
	c, err := e.js.Consumer(ctx, e.stream, "outage")
	if err != nil {
		t.Fatal(err)
	}
	if md := c.CachedInfo().Config.MaxDeliver; md != -1 {
		t.Errorf("server-side MaxDeliver = %d, want -1 (unbounded; Consume counts rejections)", md)
	}
}

func TestIsTransient(t *testing.T) {
	for _, c := range []struct {
		name string
		err  error
		want bool
	}{
		{"refused", fmt.Errorf("x: %w", syscall.ECONNREFUSED), true},
		{"deadline", fmt.Errorf("x: %w", context.DeadlineExceeded), true},
		{"wrapped", bus.Transient(errors.New("upstream down")), true},
		{"nil wrapped", bus.Transient(nil), false},
		{"rejection", errors.New(`etag "x" is not a planning version`), false},
	} {
		if got := bus.IsTransient(c.err); got != c.want {
			t.Errorf("%s: IsTransient = %v, want %v", c.name, got, c.want)
		}
	}
}
