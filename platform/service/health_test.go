package service

import (
	"reflect"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/outbox"
)

// TestOutboxDefaults keeps SIMPEG_OUTBOX_ACK_TIMEOUT's default equal to the relay's own
// (outbox.DefaultAckTimeout), the one number written in two places.
func TestOutboxDefaults(t *testing.T) {
	f, ok := reflect.TypeOf(Common{}).FieldByName("OutboxAckTimeout")
	if !ok {
		t.Fatal("Common has no OutboxAckTimeout")
	}
	d, err := time.ParseDuration(f.Tag.Get("default"))
	if err != nil {
		t.Fatal(err)
	}
	if d != outbox.DefaultAckTimeout {
		t.Errorf("SIMPEG_OUTBOX_ACK_TIMEOUT defaults to %s, the relay to %s", d, outbox.DefaultAckTimeout)
	}
}
