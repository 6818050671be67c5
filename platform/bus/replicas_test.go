package bus_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/bus"
	"github.com/simpeg-id/simpeg/platform/testenv"
)

// TestEnsureStreamReplicas provisions streams on a 3-node embedded JetStream cluster: an
// existing stream's replicas are raised when more are asked and never lowered (with a
// warning) when fewer are, e.g. by a replica started with the default SIMPEG_NATS_REPLICAS=1.
func TestEnsureStreamReplicas(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a 3-node NATS cluster; skipped with -short")
	}
	urls := testenv.NATSCluster(t, 3)
	nc, js, err := bus.Connect(context.Background(), urls, t.Name(), discard)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	for i, c := range []struct {
		name        string
		first, then int
		want        int
		warns       bool
	}{
		{"R3 kept when R1 is asked", 3, 1, 3, true},
		{"R1 raised to R3", 1, 3, 3, false},
		{"R2 kept when R2 is asked", 2, 2, 2, false},
		{"R3 kept when R2 is asked", 3, 2, 3, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			name := "REPLICAS_" + string(rune('A'+i))
			spec := bus.StreamSpec{Name: name, Subjects: []string{"replicas." + name + ".>"}, Replicas: c.first}
			if _, err := bus.EnsureStream(ctx, js, spec); err != nil {
				t.Fatal(err)
			}
			logs := &bytes.Buffer{}
			spec.Replicas, spec.Log = c.then, slog.New(slog.NewTextHandler(logs, nil))
			s, err := bus.EnsureStream(ctx, js, spec)
			if err != nil {
				t.Fatal(err)
			}
			info, err := s.Info(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if info.Config.Replicas != c.want {
				t.Errorf("replicas = %d, want %d", info.Config.Replicas, c.want)
			}
			if warned := strings.Contains(logs.String(), "never lowered"); warned != c.warns {
				t.Errorf("warned = %v, want %v: %s", warned, c.warns, logs)
			}
			_ = js.DeleteStream(ctx, name)
		})
	}
}
