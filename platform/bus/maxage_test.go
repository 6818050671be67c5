package bus_test

import (
	"context"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/bus"
	"github.com/simpeg-id/simpeg/platform/outbox"
	"github.com/simpeg-id/simpeg/platform/testenv"
)

// TestEnsureStreamMaxAge: SIMPEG_NATS_STREAM_MAX_AGE reaches an existing stream too, one made
// before the setting (no MaxAge) included, and a lower value is applied as well.
func TestEnsureStreamMaxAge(t *testing.T) {
	t.Parallel()
	url := testenv.NATS(t)
	prefix := testenv.Prefix(t, url)
	nc, js, err := bus.Connect(context.Background(), url, t.Name(), discard)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	for i, tt := range []struct {
		name        string
		first, then time.Duration
	}{
		{"a stream without max age gets the setting", 0, 168 * time.Hour},
		{"raised", time.Hour, 2 * time.Hour},
		{"lowered", 48 * time.Hour, 24 * time.Hour},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			svc := "maxage" + string(rune('a'+i))
			spec := bus.StreamSpec{Name: outbox.StreamName(prefix, svc), Subjects: []string{prefix + "simpeg." + svc + ".>"}, MaxAge: tt.first}
			if _, err := bus.EnsureStream(ctx, js, spec); err != nil {
				t.Fatal(err)
			}
			defer func() { _ = js.DeleteStream(context.Background(), spec.Name) }()
			spec.MaxAge = tt.then
			if _, err := bus.EnsureStream(ctx, js, spec); err != nil {
				t.Fatal(err)
			}
			s, err := js.Stream(ctx, spec.Name)
			if err != nil {
				t.Fatal(err)
			}
			if got := s.CachedInfo().Config.MaxAge; got != tt.then {
				t.Fatalf("MaxAge = %s, want %s", got, tt.then)
			}
		})
	}
}
