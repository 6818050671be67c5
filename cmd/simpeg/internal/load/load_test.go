package load

import (
	"encoding/json"
	"math"
	"testing"
	"time"

	"google.golang.org/protobuf/encoding/protojson"

	attendancev1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/attendance/v1"
)

// The body is the REST form of a check-in the gateway accepts.
func TestBody(t *testing.T) {
	c := &caller{nip: "198609262015051001", device: "android-15051001", lat: medanLat, lon: medanLon}
	at := time.Date(2026, 11, 27, 0, 25, 1, 123456789, time.UTC)
	raw := body(nil, c, checkIn{clientID: "r1a2b3c4-0", device: at, lat: medanLat + 0.0001, lon: medanLon - 0.0002, accuracy: 17.25})
	if !json.Valid(raw) {
		t.Fatalf("not JSON: %s", raw)
	}
	var rec attendancev1.AttendanceRecord
	if err := protojson.Unmarshal(raw, &rec); err != nil {
		t.Fatalf("the gateway's decoding fails: %v\n%s", err, raw)
	}
	if rec.GetClientId() != "r1a2b3c4-0" || rec.GetKind() != attendancev1.AttendanceKind_ATTENDANCE_KIND_CHECK_IN ||
		!rec.GetDeviceTime().AsTime().Equal(at) || rec.GetDeviceId() != c.device ||
		math.Abs(rec.GetLatitude()-(medanLat+0.0001)) > 1e-7 || math.Abs(rec.GetLongitude()-(medanLon-0.0002)) > 1e-7 ||
		math.Abs(rec.GetAccuracyMeters()-17.25) > 0.05+1e-9 {
		t.Fatalf("decoded %v from %s", &rec, raw)
	}
}

func TestResult(t *testing.T) {
	st := stats{elapsed: 2 * time.Second, ok: 98, errors: map[string]int64{"503 Service Unavailable": 2}}
	for i := 1; i <= 100; i++ {
		st.latencies = append(st.latencies, time.Duration(101-i)*time.Millisecond)
	}
	r := st.result()
	if r.Requests != 100 || r.OK != 98 || r.Throughput != 49 {
		t.Fatalf("requests %d, ok %d, throughput %v", r.Requests, r.OK, r.Throughput)
	}
	if r.P50 != 50 || r.P95 != 95 || r.P99 != 99 || r.Max != 100 {
		t.Fatalf("p50 %v p95 %v p99 %v max %v; want 50 95 99 100", r.P50, r.P95, r.P99, r.Max)
	}
	if empty := (stats{errors: map[string]int64{}}).result(); empty.P99 != 0 || empty.Throughput != 0 {
		t.Fatalf("an empty run: %+v", empty)
	}
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{"DISKOMINFO": "diskominfo", "KEC-MEDAN_BARU": "kec-medan-baru", "RSUD.": "rsud"} {
		if got := slug(in); got != want {
			t.Errorf("slug(%q) = %q, want %q", in, got, want)
		}
	}
}
