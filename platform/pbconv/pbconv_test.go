package pbconv_test

import (
	"maps"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/pbconv"
)

func TestInvert(t *testing.T) {
	tests := []struct {
		in   map[int32]string
		want map[string]int32
	}{
		{map[int32]string{}, map[string]int32{}},
		{map[int32]string{1: "wib", 2: "wita", 3: "wit"}, map[string]int32{"wib": 1, "wita": 2, "wit": 3}},
	}
	for _, tt := range tests {
		if got := pbconv.Invert(tt.in); !maps.Equal(got, tt.want) {
			t.Errorf("Invert(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestTimestamp(t *testing.T) {
	if got := pbconv.Timestamp(time.Time{}); got != nil {
		t.Errorf("Timestamp(zero) = %v, want nil", got)
	}
	at := time.Date(2026, 3, 2, 7, 15, 0, 123000, time.FixedZone("WIB", 7*3600))
	if got := pbconv.Timestamp(at); !got.AsTime().Equal(at) {
		t.Errorf("Timestamp(%v) = %v", at, got.AsTime())
	}
}
