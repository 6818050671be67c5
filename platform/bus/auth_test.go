package bus_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/simpeg-id/simpeg/platform/bus"
	"github.com/simpeg-id/simpeg/platform/outbox"
)

// TestServicePermissions runs an embedded server that admits two services with their own NKeys
// and ServicePermissions (under a subject prefix, as a test run or a shared deployment has):
// each provisions its stream and publishes its events, attendance follows planning's stream
// with its durable; what is not theirs is refused by the server.
func TestServicePermissions(t *testing.T) {
	t.Parallel()
	const prefix = "tperm."
	dir := t.TempDir()
	seed := func(name string) (string, string) {
		file := filepath.Join(dir, "keys", name+".nk")
		pub, err := bus.LoadOrCreateSeed(file)
		if err != nil {
			t.Fatal(err)
		}
		return file, pub
	}
	planningSeed, planningPub := seed("planning")
	attendanceSeed, attendancePub := seed("attendance")
	if again, err := bus.LoadOrCreateSeed(planningSeed); err != nil || again != planningPub {
		t.Fatalf("LoadOrCreateSeed again = %q, %v; want the same key %q", again, err, planningPub)
	}
	follow := bus.Follow{Service: "planning", Durable: "attendance-directory"}
	e, err := bus.StartEmbedded("127.0.0.1:0", filepath.Join(dir, "nats"), bus.WithUsers(
		bus.User{PublicKey: planningPub, Permissions: bus.ServicePermissions(prefix, "planning")},
		bus.User{PublicKey: attendancePub, Permissions: bus.ServicePermissions(prefix, "attendance", follow)},
	))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(e.Shutdown)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	connect := func(service, seedFile string) jetstream.JetStream {
		nc, js, err := bus.Connect(ctx, e.URL(), service, discard, bus.WithNKeySeedFile(seedFile), bus.WithInboxPrefix(bus.InboxPrefix(prefix, service)))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(nc.Close)
		if _, err := bus.EnsureStream(ctx, js, bus.StreamSpec{Name: outbox.StreamName(prefix, service), Subjects: []string{prefix + "simpeg." + service + ".>"}}); err != nil {
			t.Fatalf("%s provisioning its stream: %v", service, err)
		}
		return js
	}
	planningJS := connect("planning", planningSeed)
	attendanceJS := connect("attendance", attendanceSeed)

	// Each service publishes its own events.
	if _, err := planningJS.Publish(ctx, prefix+"simpeg.planning.employee.updated", []byte("real")); err != nil {
		t.Fatalf("planning publishing its own event: %v", err)
	}
	if _, err := attendanceJS.Publish(ctx, prefix+"simpeg.attendance.attendance.checked_in", []byte("real")); err != nil {
		t.Fatalf("attendance publishing its own event: %v", err)
	}
	// Attendance follows planning's stream with its durable and acknowledges.
	cons, err := attendanceJS.CreateOrUpdateConsumer(ctx, outbox.StreamName(prefix, "planning"), jetstream.ConsumerConfig{
		Durable: follow.Durable, AckPolicy: jetstream.AckExplicitPolicy, FilterSubject: prefix + "simpeg.planning.>"})
	if err != nil {
		t.Fatalf("attendance creating its durable on planning's stream: %v", err)
	}
	batch, err := cons.Fetch(1, jetstream.FetchMaxWait(5*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	got := 0
	for m := range batch.Messages() {
		got++
		if err := m.DoubleAck(ctx); err != nil {
			t.Fatalf("attendance acknowledging planning's event: %v", err)
		}
	}
	if got != 1 {
		t.Fatalf("attendance pulled %d of planning's events, want 1", got)
	}

	// Planning reads its own stream live with an ordered consumer (WatchWorkPlan's).
	ordered, err := planningJS.OrderedConsumer(ctx, outbox.StreamName(prefix, "planning"), jetstream.OrderedConsumerConfig{
		FilterSubjects: []string{prefix + "simpeg.planning.>"}})
	if err != nil {
		t.Fatalf("planning reading its own stream with an ordered consumer: %v", err)
	}
	if m, err := ordered.Next(jetstream.FetchMaxWait(5 * time.Second)); err != nil || string(m.Data()) != "real" {
		t.Fatalf("planning's ordered consumer of its own stream: %v; want its event", err)
	}

	refused := []struct {
		name string
		do   func(context.Context) error
	}{
		{"attendance forging planning's event", func(ctx context.Context) error {
			_, err := attendanceJS.Publish(ctx, prefix+"simpeg.planning.employee.updated", []byte("forged"))
			return err
		}},
		{"planning publishing outside its subjects", func(ctx context.Context) error {
			_, err := planningJS.Publish(ctx, prefix+"simpeg.attendance.attendance.checked_in", []byte("forged"))
			return err
		}},
		{"attendance deleting planning's stream", func(ctx context.Context) error {
			return attendanceJS.DeleteStream(ctx, outbox.StreamName(prefix, "planning"))
		}},
		{"planning deleting its own stream", func(ctx context.Context) error {
			return planningJS.DeleteStream(ctx, outbox.StreamName(prefix, "planning"))
		}},
		{"attendance creating another durable on planning's stream", func(ctx context.Context) error {
			_, err := attendanceJS.CreateOrUpdateConsumer(ctx, outbox.StreamName(prefix, "planning"), jetstream.ConsumerConfig{Durable: "spy", AckPolicy: jetstream.AckExplicitPolicy})
			return err
		}},
		{"attendance reading planning's stream with an ordered consumer", func(ctx context.Context) error {
			c, err := attendanceJS.OrderedConsumer(ctx, outbox.StreamName(prefix, "planning"), jetstream.OrderedConsumerConfig{
				FilterSubjects: []string{prefix + "simpeg.planning.>"}})
			if err != nil {
				return err
			}
			_, err = c.Next(jetstream.FetchMaxWait(time.Second))
			return err
		}},
		{"planning reading its own stream beyond its subjects", func(ctx context.Context) error {
			c, err := planningJS.OrderedConsumer(ctx, outbox.StreamName(prefix, "planning"), jetstream.OrderedConsumerConfig{})
			if err != nil {
				return err
			}
			_, err = c.Next(jetstream.FetchMaxWait(time.Second))
			return err
		}},
		{"planning deleting attendance's durable on its stream", func(ctx context.Context) error {
			return planningJS.DeleteConsumer(ctx, outbox.StreamName(prefix, "planning"), follow.Durable)
		}},
		{"planning reading attendance's stream", func(ctx context.Context) error {
			_, err := planningJS.Stream(ctx, outbox.StreamName(prefix, "attendance"))
			return err
		}},
	}
	for _, tt := range refused {
		t.Run(tt.name, func(t *testing.T) {
			rctx, cancel := context.WithTimeout(ctx, time.Second)
			defer cancel()
			if err := tt.do(rctx); err == nil {
				t.Fatal("allowed")
			}
		})
	}
	// The forged event is not in planning's stream: only the real one is.
	info, err := planningJS.Stream(ctx, outbox.StreamName(prefix, "planning"))
	if err != nil {
		t.Fatal(err)
	}
	if n := info.CachedInfo().State.Msgs; n != 1 {
		t.Fatalf("planning's stream holds %d events, want 1 (the forged one was stored)", n)
	}

	// Without an identity, or with an unknown one, the server refuses the connection.
	if nc, err := nats.Connect(e.URL(), nats.Timeout(2*time.Second)); err == nil {
		nc.Close()
		t.Fatal("an unauthenticated client was admitted")
	} else if !errors.Is(err, nats.ErrAuthorization) && !strings.Contains(strings.ToLower(err.Error()), "authorization") {
		t.Fatalf("unauthenticated client: %v, want an authorization error", err)
	}
	strangerSeed, _ := seed("stranger")
	opt, err := nats.NkeyOptionFromSeed(strangerSeed)
	if err != nil {
		t.Fatal(err)
	}
	if nc, err := nats.Connect(e.URL(), opt, nats.Timeout(2*time.Second)); err == nil {
		nc.Close()
		t.Fatal("a client with an unknown nkey was admitted")
	}
}

func TestPublicKeyRefusesBadSeeds(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ name, file string }{
		{"missing", filepath.Join(t.TempDir(), "none.nk")},
	} {
		if _, err := bus.PublicKey(tt.file); err == nil {
			t.Errorf("%s: no error", tt.name)
		}
	}
	if _, _, err := bus.Connect(context.Background(), "nats://127.0.0.1:1", "x", discard, bus.WithNKeySeedFile(filepath.Join(t.TempDir(), "none.nk"))); err == nil {
		t.Fatal("Connect with a missing seed file succeeded")
	}
}
