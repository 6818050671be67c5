package bus_test

import (
	"net"
	"strings"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/bus"
)

// A busy port is named at once, not after the readiness wait.
func TestEmbeddedBusyPort(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	start := time.Now()
	_, err = bus.StartEmbedded(ln.Addr().String(), t.TempDir())
	if err == nil || !strings.Contains(err.Error(), "cannot listen on "+ln.Addr().String()) {
		t.Fatalf("StartEmbedded on a busy port: %v", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %s to say the port is busy", d)
	}
}
