package gateway

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/simpeg-id/simpeg/platform/logging"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
)

// BenchmarkGetEmployee compares GET /v1/employees/{nip} through the gateway with the same call
// made over gRPC directly, against the same fake service, access log on.
func BenchmarkGetEmployee(b *testing.B) {
	up := startUpstream(b)
	log, err := logging.New(io.Discard, "gateway", "info")
	if err != nil {
		b.Fatal(err)
	}

	b.Run("rest", func(b *testing.B) {
		gw, err := New(b.Context(), testConfig(up.addr), log)
		if err != nil {
			b.Fatal(err)
		}
		defer gw.Close()
		srv := httptest.NewServer(gw.Handler())
		defer srv.Close()
		client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
		url := srv.URL + "/v1/" + nameOK
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			req, _ := http.NewRequestWithContext(b.Context(), http.MethodGet, url, nil)
			req.Header.Set("Authorization", "Bearer bench")
			for pb.Next() {
				resp, err := client.Do(req)
				if err != nil {
					b.Error(err)
					return
				}
				discardBody(resp.Body)
				if resp.StatusCode != http.StatusOK {
					b.Errorf("status %d", resp.StatusCode)
					return
				}
			}
		})
	})

	b.Run("grpc", func(b *testing.B) {
		conn, err := grpc.NewClient(up.addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
		if err != nil {
			b.Fatal(err)
		}
		defer conn.Close()
		client := planningv1.NewPlanningServiceClient(conn)
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if _, err := client.GetEmployee(b.Context(), &planningv1.GetEmployeeRequest{Name: nameOK}); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
}

// BenchmarkHandler measures the gateway's own work per request, without the network on the
// HTTP side.
func BenchmarkHandler(b *testing.B) {
	up := startUpstream(b)
	gw, err := New(b.Context(), testConfig(up.addr), slog.New(slog.DiscardHandler))
	if err != nil {
		b.Fatal(err)
	}
	defer gw.Close()
	h := gw.Handler()
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequestWithContext(b.Context(), http.MethodGet, "/v1/"+nameOK, nil))
		if rec.Code != http.StatusOK {
			b.Fatalf("status %d", rec.Code)
		}
	}
}
