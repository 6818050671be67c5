package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/service"
	"github.com/simpeg-id/simpeg/platform/servicemain/servicemaintest"
	"github.com/simpeg-id/simpeg/platform/testenv"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
	"github.com/simpeg-id/simpeg/services/planning/nip"
)

// wiringPlan is a draft plan of agency for this year with one target of kind.
func wiringPlan(agency string, kind planningv1.TargetKind) *planningv1.WorkPlan {
	year := time.Now().In(time.FixedZone("WIB", 7*3600)).Year()
	return &planningv1.WorkPlan{
		Agency: agency, Year: int32(year), Title: "Rencana kerja kepegawaian " + agency,
		Goals: []*planningv1.Goal{{Key: "kompetensi", Title: "Kompetensi"}},
		Targets: []*planningv1.Target{{Key: "sasaran", Goal: "kompetensi", Title: "Sasaran terukur", Kind: kind, GoalValue: 80,
			DueDate: fmt.Sprintf("%d-12-31", year)}},
	}
}

// planningClient is a gRPC client of planning at addr with the token on every call.
func planningClient(t *testing.T, addr, token string) (planningv1.PlanningServiceClient, context.Context) {
	t.Helper()
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return planningv1.NewPlanningServiceClient(conn), metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+token)
}

// TestPlanningWiring checks the planning service as the all-in-one binary runs it, on each
// engine: its three durables follow training's, attendance's and evaluation's streams (which
// start after it) with the permissions the embedded NATS grants it; an approved plan is
// back-filled from each of those services over the late in-process connections with the tokens
// the binary issues (plan_backfills records each source); WatchWorkPlan pushes a plan's change
// to a watcher over planning's own stream; and the reports' schedule
// (SIMPEG_PLANNING_REPORT_INTERVAL) generates last month's report of the agency.
func TestPlanningWiring(t *testing.T) {
	for _, engine := range testenv.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			natsURL, database := "", func(string) string { return "" }
			if engine == testenv.Postgres {
				natsURL = testenv.NATS(t)
				database = func(string) string { return testenv.DatabaseURL(t, engine) }
			}
			// The reports' schedule runs every 300 ms for the test.
			s := runSuite(t, append(suiteArgs(t, natsURL, database), "--planning-report-interval=300ms"), nil)
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()

			for _, f := range []struct{ service, durable string }{
				{"training", "planning-training"}, {"attendance", "planning-attendance"}, {"evaluation", "planning-evaluation"},
			} {
				for {
					c, err := s.js.Consumer(ctx, s.Runtime(f.service).StreamName(), f.durable)
					if err == nil {
						if got, want := c.CachedInfo().Config.FilterSubject, s.prefix+"simpeg."+f.service+".>"; got != want {
							t.Errorf("%s filters %q, want %q", f.durable, got, want)
						}
						break
					}
					if ctx.Err() != nil {
						t.Fatalf("planning's consumer %s on %s's stream: %v", f.durable, f.service, err)
					}
					time.Sleep(100 * time.Millisecond)
				}
			}

			cityHR := s.token(t, auth.RoleCityHR, "", "bkpsdm")
			client, cctx := planningClient(t, s.Runtime("planning").Addr(), cityHR)
			if _, err := client.CreateAgency(cctx, &planningv1.CreateAgencyRequest{Agency: &planningv1.Agency{Code: "DISKOMINFO",
				DisplayName: "Dinas Komunikasi dan Informatika", Kind: planningv1.AgencyKind_AGENCY_KIND_DINAS}}); err != nil {
				t.Fatal(err)
			}
			plan := wiringPlan("DISKOMINFO", planningv1.TargetKind_TARGET_KIND_JP_SHARE)
			plan.Targets = append(plan.Targets,
				&planningv1.Target{Key: "kehadiran", Goal: "kompetensi", Title: "Tingkat kehadiran", Kind: planningv1.TargetKind_TARGET_KIND_ATTENDANCE_RATE, GoalValue: 95, DueDate: plan.Targets[0].DueDate},
				&planningv1.Target{Key: "skp", Goal: "kompetensi", Title: "SKP disetujui", Kind: planningv1.TargetKind_TARGET_KIND_SKP_APPROVED_SHARE, GoalValue: 100, DueDate: plan.Targets[0].DueDate})
			created, err := client.CreateWorkPlan(cctx, &planningv1.CreateWorkPlanRequest{WorkPlan: plan})
			if err != nil {
				t.Fatalf("creating a plan measured by training, attendance and evaluation: %v", err)
			}
			name := created.GetWorkPlan().GetName()

			// A watcher gets the snapshot, then the submission as it happens.
			wctx, wcancel := context.WithTimeout(cctx, 20*time.Second)
			defer wcancel()
			watch, err := client.WatchWorkPlan(wctx, &planningv1.WatchWorkPlanRequest{Name: name})
			if err != nil {
				t.Fatal(err)
			}
			first, err := watch.Recv()
			if err != nil || first.GetChange() != "snapshot" {
				t.Fatalf("the watch's first message: %v, %v; want the snapshot", first, err)
			}
			submitted, err := client.SubmitWorkPlan(cctx, &planningv1.SubmitWorkPlanRequest{Name: name, Etag: created.GetWorkPlan().GetEtag()})
			if err != nil {
				t.Fatal(err)
			}
			began := time.Now()
			for {
				m, err := watch.Recv()
				if err != nil {
					t.Fatalf("the watch ended before the submission reached it (%v): planning's own stream is not watched", err)
				}
				if m.GetChange() == "state" && m.GetWorkPlan().GetState() == planningv1.WorkPlanState_WORK_PLAN_STATE_SUBMITTED {
					t.Logf("the submission reached the watcher in %s", time.Since(began).Round(time.Millisecond))
					break
				}
			}
			wcancel()

			if _, err := client.ApproveWorkPlan(cctx, &planningv1.ApproveWorkPlanRequest{Name: name, Etag: submitted.GetWorkPlan().GetEtag()}); err != nil {
				t.Fatal(err)
			}
			// The back-fill reads each source's year so far through the late connections.
			db := s.Runtime("planning").DB
			for {
				var sources []string
				rows, err := db.QueryContext(ctx, "SELECT source FROM plan_backfills WHERE agency = 'DISKOMINFO' ORDER BY source")
				if err != nil {
					t.Fatal(err)
				}
				for rows.Next() {
					var src string
					if err := rows.Scan(&src); err != nil {
						t.Fatal(err)
					}
					sources = append(sources, src)
				}
				rows.Close()
				if strings.Join(sources, ",") == "attendance,evaluation,training" {
					break
				}
				if ctx.Err() != nil {
					t.Fatalf("back-filled from %v; want attendance, evaluation and training", sources)
				}
				time.Sleep(100 * time.Millisecond)
			}

			// The schedule generates last month's report of the agency registered after start.
			last := time.Now().In(time.FixedZone("WIB", 7*3600))
			last = time.Date(last.Year(), last.Month(), 1, 0, 0, 0, 0, last.Location()).AddDate(0, -1, 0)
			for {
				list, err := client.ListMonthlyReports(cctx, &planningv1.ListMonthlyReportsRequest{Agency: "DISKOMINFO"})
				if err != nil {
					t.Fatal(err)
				}
				if rs := list.GetMonthlyReports(); len(rs) > 0 {
					if r := rs[0]; r.GetGeneratedBy() != "schedule" || r.GetMonth() != last.Format("2006-01") || r.GetCsvBytes() == 0 {
						t.Errorf("the scheduled report %v; want last month's (%s) by the schedule", r, last.Format("2006-01"))
					}
					break
				}
				if ctx.Err() != nil {
					t.Fatal("no monthly report generated by the schedule every 300 ms")
				}
				time.Sleep(100 * time.Millisecond)
			}
		})
	}
}

// TestPlanningBinary runs the real simpeg binary: run --help lists planning's settings, values
// it cannot work with stop it naming the setting, and started with its own values it logs each
// of them and honours them: a workload of 3,000 hours needs 3 people at 1,000 effective hours,
// and a JPT Pratama born 60 years before next year retires two years later with the retirement
// ages file's 62.
func TestPlanningBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary; skipped with -short")
	}
	bin := simpegBinary(t)
	help, err := exec.Command(bin, "run", "--help").CombinedOutput()
	if err != nil {
		t.Fatalf("simpeg run --help: %v\n%s", err, help)
	}
	for _, want := range []string{
		`--planning-effective-hours (env SIMPEG_PLANNING_EFFECTIVE_HOURS, default "1250")`,
		`--planning-retirement-ages-file (env SIMPEG_PLANNING_RETIREMENT_AGES_FILE, default "")`,
		`--planning-at-risk-margin (env SIMPEG_PLANNING_AT_RISK_MARGIN, default "0.10")`,
		`--planning-monitor-interval (env SIMPEG_PLANNING_MONITOR_INTERVAL, default "1s")`,
		`--planning-remeasure-interval (env SIMPEG_PLANNING_REMEASURE_INTERVAL, default "1m")`,
		`--planning-sweep-interval (env SIMPEG_PLANNING_SWEEP_INTERVAL, default "1m")`,
		`--planning-report-interval (env SIMPEG_PLANNING_REPORT_INTERVAL, default "1h")`,
		`(env SIMPEG_TRAINING_TOKEN, default "")`, `(env SIMPEG_ATTENDANCE_TOKEN, default "")`, `(env SIMPEG_EVALUATION_TOKEN, default "")`,
	} {
		if !strings.Contains(string(help), want) {
			t.Errorf("simpeg run --help lacks %s", want)
		}
	}
	// In one process every service is reached: no address of theirs is a setting of simpeg run.
	for _, gone := range []string{"(env SIMPEG_TRAINING_ADDR", "(env SIMPEG_ATTENDANCE_ADDR", "(env SIMPEG_EVALUATION_ADDR"} {
		if strings.Contains(string(help), gone) {
			t.Errorf("simpeg run --help lists %s", gone)
		}
	}

	badAges := filepath.Join(t.TempDir(), "ages.json")
	if err := os.WriteFile(badAges, []byte(`{"ahli_tengah": 60}`), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ env, want string }{
		{"SIMPEG_PLANNING_EFFECTIVE_HOURS=0", "SIMPEG_PLANNING_EFFECTIVE_HOURS is 0; want 1 to 8784"},
		{"SIMPEG_PLANNING_AT_RISK_MARGIN=1.5", "SIMPEG_PLANNING_AT_RISK_MARGIN is 1.5; want a fraction from 0 to 1"},
		{"SIMPEG_PLANNING_MONITOR_INTERVAL=0s", "SIMPEG_PLANNING_MONITOR_INTERVAL is 0s; want a positive duration"},
		{"SIMPEG_PLANNING_SWEEP_INTERVAL=-1m", "SIMPEG_PLANNING_SWEEP_INTERVAL is -1m0s"},
		{"SIMPEG_PLANNING_RETIREMENT_AGES_FILE=" + badAges, `"ahli_tengah" is not a position level`},
	} {
		bad := exec.Command(bin, "run")
		bad.Env = append(os.Environ(), "SIMPEG_DATA_DIR="+t.TempDir(), tc.env)
		out, err := bad.CombinedOutput()
		if code := bad.ProcessState.ExitCode(); err == nil || code != 1 {
			t.Errorf("simpeg run with %s: exit code %d (%v), want 1\n%s", tc.env, code, err, out)
		}
		if !strings.Contains(string(out), tc.want) {
			t.Errorf("simpeg run with %s does not say %s:\n%s", tc.env, tc.want, out)
		}
	}

	ages := filepath.Join(t.TempDir(), "ages.json")
	if err := os.WriteFile(ages, []byte(`{"jpt_pratama": 62}`), 0o600); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	ports := freePorts(t, 4)
	logs := startSimpeg(t, bin, "SIMPEG_PLANNING_GRPC_ADDR", dir, ports, "SIMPEG_LOG_LEVEL=info",
		"SIMPEG_PLANNING_EFFECTIVE_HOURS=1000", "SIMPEG_PLANNING_RETIREMENT_AGES_FILE="+ages, "SIMPEG_PLANNING_AT_RISK_MARGIN=0.2",
		"SIMPEG_PLANNING_MONITOR_INTERVAL=500ms", "SIMPEG_PLANNING_REMEASURE_INTERVAL=30s", "SIMPEG_PLANNING_SWEEP_INTERVAL=0",
		"SIMPEG_PLANNING_REPORT_INTERVAL=2h")
	waitReady(t, "http://"+ports[0])
	for _, want := range []string{`"planning-effective-hours":"1000"`, `"planning-retirement-ages-file":"` + ages + `"`,
		`"planning-at-risk-margin":"0.2"`, `"planning-monitor-interval":"500ms"`, `"planning-remeasure-interval":"30s"`,
		`"planning-sweep-interval":"0s"`, `"planning-report-interval":"2h0m0s"`} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("the start-up log lacks %s", want)
		}
	}
	if line := logLine(logs.String(), `"msg":"work plan targets measured from"`); !strings.Contains(line, `"reached":["training","attendance","evaluation"]`) {
		t.Errorf("the start-up log does not say planning reaches training, attendance and evaluation: %s", line)
	}

	signer, err := auth.LoadOrCreateSigner(filepath.Join(dir, "keys", "signing-key.pem"), "simpeg-local", "simpeg")
	if err != nil {
		t.Fatal(err)
	}
	s := &suite{Suite: &Suite{}, base: "http://" + ports[0], signer: signer}
	cityHR := s.token(t, auth.RoleCityHR, "", "bkpsdm")
	s.do(t, "POST", "/v1/agencies", cityHR, map[string]any{"code": "DISKOMINFO", "displayName": "Dinas Komunikasi dan Informatika", "kind": "AGENCY_KIND_DINAS"}).want(t, 200)
	s.do(t, "POST", "/v1/positions?positionId=diskominfo-kepala", cityHR, map[string]any{"title": "Kepala Dinas Komunikasi dan Informatika",
		"kind": "POSITION_KIND_STRUCTURAL", "class": 14, "agency": "DISKOMINFO", "level": "POSITION_LEVEL_JPT_PRATAMA", "neededHeadcount": 1}).want(t, 200)
	r := s.do(t, "PUT", "/v1/positions/diskominfo-kepala/workload", cityHR, map[string]any{"tasks": []map[string]any{
		{"task": "Memimpin perumusan kebijakan", "outputUnit": "kebijakan", "yearlyVolume": 100, "standardMinutes": 1800},
	}}).want(t, 200)
	w, _ := r.body["workload"].(map[string]any)
	if num(w, "totalHours") != 3000 || num(w, "effectiveHours") != 1000 || num(w, "needExact") != 3 || num(w, "need") != 3 {
		t.Errorf("a workload of 3,000 hours at SIMPEG_PLANNING_EFFECTIVE_HOURS=1000: %s; want need 3 at 1,000 hours", r.raw)
	}

	// The head reaches 60 in March next year; at 62 (the file's JPT Pratama age) they retire in
	// April two years after that.
	y := time.Now().In(time.FixedZone("WIB", 7*3600)).Year()
	birth := time.Date(y+1-60, time.March, 10, 0, 0, 0, 0, time.UTC)
	head := nip.Format(birth, birth.Year()+25, time.March, nip.Male, 1)
	s.do(t, "POST", "/v1/employees", cityHR, map[string]any{"nip": head, "fullName": "Arrahman Pane", "employmentType": "EMPLOYMENT_TYPE_PNS",
		"rank": "IV/c", "agency": "DISKOMINFO", "position": "diskominfo-kepala", "birthDate": birth.Format(time.DateOnly)}).want(t, 200)
	f := s.do(t, "GET", "/v1/retirementForecast?agency=DISKOMINFO", cityHR, nil).want(t, 200)
	retiring := map[float64]float64{}
	years, _ := f.body["years"].([]any)
	for _, yr := range years {
		ym, _ := yr.(map[string]any)
		retiring[num(ym, "year")] = num(ym, "retiring")
	}
	if retiring[float64(y+1)] != 0 || retiring[float64(y+3)] != 1 || !strings.Contains(string(f.raw), fmt.Sprintf("%04d-04-01", y+3)) {
		t.Errorf("retiring per year %v with a JPT Pratama's age of 62: want the head on %04d-04-01, not in %d; %s", retiring, y+3, y+1, f.raw)
	}
}

// TestPlanningServiceBinary runs the per-service planning binary with SIMPEG_TRAINING_ADDR
// empty: it logs that training is not reached and refuses a JP target naming the setting,
// while an attendance target, measured by a service it reaches, is taken.
func TestPlanningServiceBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary; skipped with -short")
	}
	bin := servicemaintest.BuildPackage(t, "github.com/simpeg-id/simpeg/services/planning/cmd/planning", "planning")
	help, err := exec.Command(bin, "--help").CombinedOutput()
	if err != nil {
		t.Fatalf("planning --help: %v\n%s", err, help)
	}
	for _, want := range []string{"(env SIMPEG_PLANNING_EFFECTIVE_HOURS", "(env SIMPEG_PLANNING_REPORT_INTERVAL", `--training-addr (env SIMPEG_TRAINING_ADDR, default "127.0.0.1:9094")`} {
		if !strings.Contains(string(help), want) {
			t.Errorf("planning --help lacks %s", want)
		}
	}

	natsURL := testenv.NATS(t)
	keyFile, signer := testenv.Keys(t, "simpeg-local", "simpeg")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	logs := &servicemaintest.Buffer{}
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), "SIMPEG_PLANNING_GRPC_ADDR="+addr, "SIMPEG_PLANNING_DATABASE_URL="+filepath.Join(t.TempDir(), "planning.db"),
		"SIMPEG_PLANNING_METRICS_ADDR=", "SIMPEG_NATS_URL="+natsURL, "SIMPEG_NATS_PREFIX="+testenv.Prefix(t, natsURL),
		"SIMPEG_AUTH_KEY_FILE="+keyFile, "SIMPEG_LOG_LEVEL=info", "SIMPEG_TRAINING_ADDR=")
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		_ = cmd.Wait()
	})
	token := testenv.Token(t, signer, auth.Principal{Subject: "bkpsdm", Roles: []auth.Role{auth.RoleCityHR}})
	client, ctx := planningClient(t, addr, token)
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		_, err := client.CreateAgency(ctx, &planningv1.CreateAgencyRequest{Agency: &planningv1.Agency{Code: "DISKOMINFO",
			DisplayName: "Dinas Komunikasi dan Informatika", Kind: planningv1.AgencyKind_AGENCY_KIND_DINAS}})
		if err == nil {
			break
		}
		if status.Code(err) != codes.Unavailable || time.Now().After(deadline) {
			t.Fatalf("creating an agency: %v\n%s", err, logs)
		}
	}
	if line := logLine(logs.String(), `"msg":"work plan targets measured from"`); !strings.Contains(line, `"reached":["attendance","evaluation"],"not_reached":["training"]`) {
		t.Errorf("the start-up log does not say training is not reached: %q\n%s", line, logs)
	}

	_, err = client.CreateWorkPlan(ctx, &planningv1.CreateWorkPlanRequest{WorkPlan: wiringPlan("DISKOMINFO", planningv1.TargetKind_TARGET_KIND_JP_SHARE)})
	if status.Code(err) != codes.InvalidArgument {
		t.Fatalf("a JP target without training: %v, want InvalidArgument", err)
	}
	var violation *errdetails.BadRequest_FieldViolation
	for _, d := range status.Convert(err).Details() {
		if br, ok := d.(*errdetails.BadRequest); ok {
			for _, v := range br.GetFieldViolations() {
				if strings.HasSuffix(v.GetField(), "targets[0].kind") {
					violation = v
				}
			}
		}
	}
	if violation == nil || !strings.Contains(violation.GetDescription(), "training") || !strings.Contains(violation.GetDescription(), "SIMPEG_TRAINING_ADDR") {
		t.Errorf("a JP target without training: %v; want targets[0].kind naming training and SIMPEG_TRAINING_ADDR", err)
	}
	if _, err := client.CreateWorkPlan(ctx, &planningv1.CreateWorkPlanRequest{WorkPlan: wiringPlan("DISKOMINFO", planningv1.TargetKind_TARGET_KIND_ATTENDANCE_RATE)}); err != nil {
		t.Errorf("an attendance target, attendance reached: %v", err)
	}
}

// lateCaller is a service that calls late one the binary does not run.
type lateCaller struct {
	service.Config `service:"planning"`
}

func (*lateCaller) Spec() service.Spec {
	return service.Spec{Name: "caller", Calls: map[string]service.Upstream{"payroll": {}}}
}

// TestLateCallOfAServiceNotRun: simpeg run refuses to start a service that calls late
// (Spec.Calls) a service the binary does not run, naming both, and starts nothing.
func TestLateCallOfAServiceNotRun(t *testing.T) {
	cfg, _, err := loadSettings("test", suiteArgs(t, "", func(string) string { return "" }))
	if err != nil {
		t.Fatal(err)
	}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	cfg.Services = append([]service.Settings{&lateCaller{}}, cfg.Services...)
	s, err := start(context.Background(), slog.New(slog.DiscardHandler), cfg)
	if err == nil {
		_ = s.stop(context.Background(), slog.New(slog.DiscardHandler))
		t.Fatal("started a service calling one the binary does not run")
	}
	if want := "caller calls payroll, which this binary does not run"; !strings.Contains(err.Error(), want) {
		t.Errorf("start: %v; want %q", err, want)
	}
}

// logLine returns the first line of logs that holds want, "" when none does.
func logLine(logs, want string) string {
	for line := range strings.SplitSeq(logs, "\n") {
		if strings.Contains(line, want) {
			return line
		}
	}
	return ""
}
