package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/health/grpc_health_v1"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/testenv"
	evaluationv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/evaluation/v1"
)

// TestEvaluationWiring checks the evaluation service as the all-in-one binary runs it, on each
// engine: behind the gateway, a signed-in call reaches it (its audit trail), a call without
// credentials is refused by the service's authorization, /readyz counts it, and training's
// consumer of the final ratings follows its stream.
func TestEvaluationWiring(t *testing.T) {
	for _, engine := range testenv.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			natsURL, database := "", func(string) string { return "" }
			if engine == testenv.Postgres {
				natsURL = testenv.NATS(t)
				database = func(string) string { return testenv.DatabaseURL(t, engine) }
			}
			s := runSuite(t, suiteArgs(t, natsURL, database), nil)

			auditor := s.token(t, auth.RoleAuditor, "", "inspektorat")
			s.do(t, "GET", "/v1/evaluation/auditRecords", auditor, nil).want(t, 200)
			s.do(t, "GET", "/v1/evaluation/auditRecords", "", nil).want(t, 401)
			s.do(t, "GET", "/v1/evaluation/auditRecords", s.token(t, auth.RoleEmployee, "DISKOMINFO", "199001012015031001"), nil).want(t, 403)
			ready := s.do(t, "GET", "/readyz", "", nil)
			ready.want(t, 200)
			if !strings.Contains(string(ready.raw), "evaluation") {
				t.Errorf("/readyz does not name evaluation: %s", ready.raw)
			}

			// Training, started before evaluation, follows its stream once it exists: the durable
			// training-performance keeps the final annual ratings as performance gaps.
			ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
			defer cancel()
			for {
				c, err := s.js.Consumer(ctx, s.Runtime("evaluation").StreamName(), "training-performance")
				if err == nil {
					if f := c.CachedInfo().Config.FilterSubject; f != s.prefix+"simpeg.evaluation.>" {
						t.Errorf("training-performance filters %q, want evaluation's subjects", f)
					}
					break
				}
				if ctx.Err() != nil {
					t.Fatalf("training's consumer on evaluation's stream: %v", err)
				}
				time.Sleep(100 * time.Millisecond)
			}
		})
	}
}

// TestEvaluationBinary runs the real simpeg binary: run --help lists evaluation's settings, a
// cadence it cannot work with stops it naming the setting, and started with its own settings
// it logs them, serves evaluation's gRPC (health) and its REST API through the gateway.
func TestEvaluationBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary; skipped with -short")
	}
	bin := simpegBinary(t)
	help, err := exec.Command(bin, "run", "--help").CombinedOutput()
	if err != nil {
		t.Fatalf("simpeg run --help: %v\n%s", err, help)
	}
	for _, want := range []string{
		`--evaluation-grpc-addr (env SIMPEG_EVALUATION_GRPC_ADDR, default "127.0.0.1:9096")`,
		`--evaluation-metrics-addr (env SIMPEG_EVALUATION_METRICS_ADDR, default "127.0.0.1:9097")`,
		`--evaluation-cadence (env SIMPEG_EVALUATION_CADENCE, default "quarterly")`,
		`--evaluation-objection-days (env SIMPEG_EVALUATION_OBJECTION_DAYS, default "14")`,
		`--evaluation-distribution-file (env SIMPEG_EVALUATION_DISTRIBUTION_FILE, default "")`,
	} {
		if !strings.Contains(string(help), want) {
			t.Errorf("simpeg run --help lacks %s", want)
		}
	}

	bad := exec.Command(bin, "run")
	bad.Env = append(os.Environ(), "SIMPEG_DATA_DIR="+t.TempDir(), "SIMPEG_EVALUATION_CADENCE=weekly")
	out, err := bad.CombinedOutput()
	if code := bad.ProcessState.ExitCode(); err == nil || code != 1 {
		t.Fatalf("simpeg run with a weekly cadence: exit code %d (%v), want 1\n%s", code, err, out)
	}
	if want := `SIMPEG_EVALUATION_CADENCE: cadence "weekly": want quarterly or monthly`; !strings.Contains(string(out), want) {
		t.Errorf("simpeg run with a weekly cadence does not say %s:\n%s", want, out)
	}

	dir := t.TempDir()
	ports := freePorts(t, 5)
	logs := startSimpeg(t, bin, "SIMPEG_PLANNING_GRPC_ADDR", dir, ports, "SIMPEG_LOG_LEVEL=info",
		"SIMPEG_EVALUATION_GRPC_ADDR="+ports[4], "SIMPEG_EVALUATION_CADENCE=monthly", "SIMPEG_EVALUATION_OBJECTION_DAYS=21")
	waitReady(t, "http://"+ports[0])
	for _, want := range []string{`"evaluation-cadence":"monthly"`, `"evaluation-objection-days":"21"`, `"evaluation-distribution-file":""`} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("the start-up log lacks %s", want)
		}
	}
	conn, err := grpc.NewClient(ports[4], grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := grpc_health_v1.NewHealthClient(conn).Check(ctx, &grpc_health_v1.HealthCheckRequest{Service: evaluationv1.EvaluationService_ServiceDesc.ServiceName}); err != nil {
		t.Fatalf("evaluation's health at SIMPEG_EVALUATION_GRPC_ADDR: %v", err)
	}
	signer, err := auth.LoadOrCreateSigner(filepath.Join(dir, "keys", "signing-key.pem"), "simpeg-local", "simpeg")
	if err != nil {
		t.Fatal(err)
	}
	s := &suite{Suite: &Suite{}, base: "http://" + ports[0], signer: signer}
	s.do(t, "GET", "/v1/evaluation/auditRecords", s.token(t, auth.RoleAuditor, "", "inspektorat"), nil).want(t, 200)
	s.do(t, "GET", "/v1/evaluation/auditRecords", "", nil).want(t, 401)
}
