package main

import (
	"context"
	"io"
	"net/http"
	"testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/telemetry"
	"github.com/simpeg-id/simpeg/platform/testenv"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
)

// BenchmarkGetEmployee reads one employee through the REST gateway and directly over gRPC, side
// by side against the same running suite, with 16 concurrent callers per GOMAXPROCS: on SQLite
// with the embedded NATS, and on PostgreSQL when SIMPEG_TEST_POSTGRES_URL is set. The load generator shares the machine with the suite, equally for
// both. docs/benchmarks.md records the results and the command.
func BenchmarkGetEmployee(b *testing.B) {
	shutdown, err := telemetry.SetupTracing(context.Background(), "bench")
	if err != nil {
		b.Fatal(err)
	}
	defer shutdown(context.Background())
	for _, engine := range testenv.Engines(b) {
		b.Run(string(engine), func(b *testing.B) { benchGetEmployee(b, engine) })
	}
}

func benchGetEmployee(b *testing.B, engine testenv.Engine) {
	const parallelism = 16 // callers per GOMAXPROCS: enough to keep both cores busy
	s := startSuite(b, engine)
	token := testenv.Token(b, s.signer, auth.Principal{Subject: "bkpsdm", Roles: []auth.Role{auth.RoleCityHR}})
	s.do(b, "POST", "/v1/agencies", token, map[string]any{"code": "DISKOMINFO", "displayName": "Dinas Komunikasi dan Informatika", "kind": "AGENCY_KIND_DINAS"}).want(b, 200)
	s.do(b, "POST", "/v1/employees", token, map[string]any{"nip": staffNIP, "fullName": "Budi Santoso", "backTitle": "S.Kom.", "employmentType": "EMPLOYMENT_TYPE_PNS", "rank": "III/c", "agency": "DISKOMINFO"}).want(b, 200)

	b.Run("grpc", func(b *testing.B) {
		conn, err := grpc.NewClient(s.Runtime("planning").Addr(), grpc.WithTransportCredentials(insecure.NewCredentials()))
		if err != nil {
			b.Fatal(err)
		}
		defer conn.Close()
		client := planningv1.NewPlanningServiceClient(conn)
		ctx := metadata.AppendToOutgoingContext(context.Background(), "authorization", "Bearer "+token)
		req := &planningv1.GetEmployeeRequest{Name: "employees/" + staffNIP}
		b.SetParallelism(parallelism)
		b.ReportAllocs()
		b.ResetTimer()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if _, err := client.GetEmployee(ctx, req); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
	b.Run("rest", func(b *testing.B) {
		client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 256}}
		url := s.base + "/v1/employees/" + staffNIP
		b.SetParallelism(parallelism)
		b.ReportAllocs()
		b.ResetTimer()
		b.RunParallel(func(pb *testing.PB) {
			req, _ := http.NewRequest(http.MethodGet, url, nil)
			req.Header.Set("Authorization", "Bearer "+token)
			for pb.Next() {
				resp, err := client.Do(req)
				if err != nil {
					b.Error(err)
					return
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					b.Errorf("status %d", resp.StatusCode)
					return
				}
			}
		})
	})
}
