package service

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/config"
	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/outbox"
)

// TestRetentionDefaults keeps SIMPEG_OUTBOX_RETENTION's default equal to the relay's own, and
// the processed events' retention default above the stream's max age.
func TestRetentionDefaults(t *testing.T) {
	def := func(field string) time.Duration {
		f, ok := reflect.TypeOf(Common{}).FieldByName(field)
		if !ok {
			t.Fatalf("Common has no %s", field)
		}
		d, err := time.ParseDuration(f.Tag.Get("default"))
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	if d := def("OutboxRetention"); d != outbox.DefaultRetention {
		t.Errorf("SIMPEG_OUTBOX_RETENTION defaults to %s, the relay to %s", d, outbox.DefaultRetention)
	}
	if m, p := def("StreamMaxAge"), def("ProcessedEventsRetention"); m != 7*24*time.Hour || p != m+24*time.Hour {
		t.Errorf("stream max age %s, processed events retention %s; want 168h and a day more", m, p)
	}
}

// TestValidateRetention: each retention must be positive, and processed event ids must be kept
// at least as long as the stream keeps the events; the error names both settings.
func TestValidateRetention(t *testing.T) {
	base := Config{Instance: Instance{GRPCAddr: "127.0.0.1:0", DatabaseURL: "x.db"}, NATSURL: "nats://x",
		Common: Common{NATSReplicas: 1, OutboxAckTimeout: time.Second, OutboxStallAfter: time.Minute,
			Database: database.DefaultPool(), Process: config.Process{ShutdownTimeout: time.Second}}}
	for _, tt := range []struct {
		name                      string
		outbox, maxAge, processed time.Duration
		want                      string // "" valid
	}{
		{"defaults", 24 * time.Hour, 168 * time.Hour, 192 * time.Hour, ""},
		{"processed equal to max age", time.Hour, 48 * time.Hour, 48 * time.Hour, ""},
		{"processed shorter", 24 * time.Hour, 168 * time.Hour, 167 * time.Hour,
			"SIMPEG_PROCESSED_EVENTS_RETENTION (167h0m0s) is shorter than SIMPEG_NATS_STREAM_MAX_AGE (168h0m0s)"},
		{"zero outbox retention", 0, time.Hour, time.Hour, "SIMPEG_OUTBOX_RETENTION must be positive"},
		{"zero max age", time.Hour, 0, time.Hour, "SIMPEG_NATS_STREAM_MAX_AGE must be positive"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := base
			c.OutboxRetention, c.StreamMaxAge, c.ProcessedEventsRetention = tt.outbox, tt.maxAge, tt.processed
			err := c.Validate()
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("Validate: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("Validate: %v, want %q", err, tt.want)
			}
		})
	}
}
