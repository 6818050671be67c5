package main

import (
	"database/sql"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/testenv"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
)

// poolSettings are the connection pool's settings, as --help and the start-up log name them.
var poolSettings = []string{"SIMPEG_DATABASE_MAX_CONNS", "SIMPEG_DATABASE_CONN_MAX_IDLE_TIME", "SIMPEG_DATABASE_CONN_MAX_LIFETIME"}

// TestPoolSettingsInBinaries: simpeg run and the per-service binary list the pool's settings in
// --help, log them at start and size their PostgreSQL pools by them: the pool's metrics show
// the cap (go_sql_max_open_connections, by service), the server never sees more connections
// named simpeg-<service> than it (pg_stat_activity) while more callers than that are served at
// once, and callers past the cap are counted as waiting. SQLite keeps its 8 connections. A
// value that makes no sense stops the binary with one error naming the setting.
func TestPoolSettingsInBinaries(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binaries; skipped with -short")
	}
	if os.Getenv("SIMPEG_TEST_POSTGRES_URL") == "" {
		t.Skip("SIMPEG_TEST_POSTGRES_URL not set: the pool sizes PostgreSQL connections")
	}
	natsURL := testenv.NATS(t)
	keyFile, signer := testenv.Keys(t, "simpeg-local", "simpeg")
	token := testenv.Token(t, signer, auth.Principal{Subject: "bkpsdm", Roles: []auth.Role{auth.RoleCityHR}})
	allInOne := func(database func(service string) string) func(grpcAddr, metricsAddr string) []string {
		return func(grpcAddr, metricsAddr string) []string {
			env := []string{"SIMPEG_DATA_DIR=" + t.TempDir(), "SIMPEG_NATS_URL=", "SIMPEG_EMBEDDED_NATS_ADDR=127.0.0.1:0",
				"SIMPEG_HTTP_ADDR=127.0.0.1:0", "SIMPEG_GATEWAY_METRICS_ADDR=", "SIMPEG_AUTH_KEY_FILE=" + keyFile}
			for _, name := range []string{"planning", "attendance", "training", "evaluation"} {
				up := strings.ToUpper(name)
				g, m := "127.0.0.1:0", ""
				if name == "planning" {
					g, m = grpcAddr, metricsAddr
				}
				env = append(env, "SIMPEG_"+up+"_GRPC_ADDR="+g, "SIMPEG_"+up+"_METRICS_ADDR="+m, "SIMPEG_"+up+"_DATABASE_URL="+database(name))
			}
			return env
		}
	}
	planningBinary := func(database string) func(grpcAddr, metricsAddr string) []string {
		return func(grpcAddr, metricsAddr string) []string {
			return []string{"SIMPEG_PLANNING_GRPC_ADDR=" + grpcAddr, "SIMPEG_PLANNING_METRICS_ADDR=" + metricsAddr,
				"SIMPEG_PLANNING_DATABASE_URL=" + database, "SIMPEG_NATS_URL=" + natsURL,
				"SIMPEG_NATS_PREFIX=" + testenv.Prefix(t, natsURL), "SIMPEG_AUTH_KEY_FILE=" + keyFile}
		}
	}
	pg := func(string) string { return testenv.DatabaseURL(t, testenv.Postgres) }
	const planningPkg = "github.com/simpeg-id/simpeg/services/planning/cmd/planning"
	bins := map[string]string{".": availBuild(t, "."), planningPkg: availBuild(t, planningPkg)}
	for _, b := range []struct {
		name, pkg string
		env       func(grpcAddr, metricsAddr string) []string
		maxConns  int // what the pool is capped at with SIMPEG_DATABASE_MAX_CONNS=4
		postgres  bool
	}{
		{"simpeg on PostgreSQL", ".", allInOne(pg), 4, true},
		{"planning on PostgreSQL", planningPkg, planningBinary(pg("planning")), 4, true},
		{"planning on SQLite", planningPkg, planningBinary(filepath.Join(t.TempDir(), "planning.db")), 8, false},
	} {
		t.Run(b.name, func(t *testing.T) {
			bin := bins[b.pkg]
			help, _ := exec.Command(bin, "--help").CombinedOutput()
			for _, want := range poolSettings {
				if !strings.Contains(string(help), want) {
					t.Errorf("--help lacks %s", want)
				}
			}
			ports := freePorts(t, 2)
			env := append(b.env(ports[0], ports[1]), "SIMPEG_DATABASE_MAX_CONNS=4", "SIMPEG_DATABASE_CONN_MAX_IDLE_TIME=30s",
				"SIMPEG_DATABASE_CONN_MAX_LIFETIME=10m")
			metrics := "http://" + ports[1] + "/metrics"
			var (
				most, served int
				m            string
			)
			runUntil(t, bin, env, 60*time.Second, func(out string) bool {
				if !strings.Contains(out, `"database-max-conns":"4"`) || !strings.Contains(out, `"database-conn-max-idle-time":"30s"`) ||
					!strings.Contains(out, `"database-conn-max-lifetime":"10m0s"`) || !strings.Contains(out, `"msg":"service started"`) {
					return false
				}
				if m == "" {
					most, served = loadPlanning(t, ports[0], token, poolConnections(t, env, "simpeg-planning"))
					m = scrape(t, metrics)
				}
				return true
			})
			if got := metricValue(m, `go_sql_max_open_connections{db_name="planning"}`); got != float64(b.maxConns) {
				t.Errorf("go_sql_max_open_connections of planning = %v, want %d", got, b.maxConns)
			}
			t.Logf("%d calls from 32 callers at once; the server saw up to %d connections; go_sql_wait_count_total %v",
				served, most, metricValue(m, `go_sql_wait_count_total{db_name="planning"}`))
			if !b.postgres {
				return
			}
			if most < 1 || most > b.maxConns {
				t.Errorf("the server saw up to %d connections of simpeg-planning, want 1 to %d", most, b.maxConns)
			}
			if waits := metricValue(m, `go_sql_wait_count_total{db_name="planning"}`); waits < 1 {
				t.Errorf("%d calls from 32 callers at once on a pool of %d: no caller waited (go_sql_wait_count_total %v)", served, b.maxConns, waits)
			}
		})
	}
	sqlite := func(string) string { return "" }
	for _, b := range []struct {
		name, pkg string
		env       func(grpcAddr, metricsAddr string) []string
	}{
		{"simpeg", ".", allInOne(sqlite)},
		{"planning", planningPkg, planningBinary(filepath.Join(t.TempDir(), "planning.db"))},
	} {
		for _, tt := range []struct{ env, want string }{
			{"SIMPEG_DATABASE_MAX_CONNS=0", "SIMPEG_DATABASE_MAX_CONNS is 0; want 4 to 1000 connections per process and database"},
			{"SIMPEG_DATABASE_MAX_CONNS=1", "SIMPEG_DATABASE_MAX_CONNS is 1; want 4 to 1000"},
			{"SIMPEG_DATABASE_MAX_CONNS=1001", "SIMPEG_DATABASE_MAX_CONNS is 1001; want 4 to 1000"},
			{"SIMPEG_DATABASE_MAX_CONNS=many", `SIMPEG_DATABASE_MAX_CONNS (--database-max-conns): not an integer: "many"`},
			{"SIMPEG_DATABASE_CONN_MAX_LIFETIME=5s", "SIMPEG_DATABASE_CONN_MAX_LIFETIME is 5s; want 0 (no limit) or at least 1m0s"},
			{"SIMPEG_DATABASE_CONN_MAX_IDLE_TIME=-1m", "SIMPEG_DATABASE_CONN_MAX_IDLE_TIME is -1m0s; want 0 (keep idle connections) or at least 1s"},
		} {
			t.Run(b.name+" "+tt.env, func(t *testing.T) {
				env := b.env("127.0.0.1:0", "")
				cmd := exec.Command(bins[b.pkg])
				cmd.Env = append(append(os.Environ(), env...), tt.env)
				out, err := cmd.CombinedOutput()
				if err == nil || strings.Count(string(out), tt.want) != 1 {
					t.Errorf("%s: %v, want one error saying %q\n%s", tt.env, err, tt.want, out)
				}
			})
		}
	}
}

// poolConnections returns a function counting the server's connections named app to the
// planning database of env (0 on SQLite).
func poolConnections(t *testing.T, env []string, app string) func() int {
	var dbURL string
	for _, e := range env {
		if v, ok := strings.CutPrefix(e, "SIMPEG_PLANNING_DATABASE_URL="); ok {
			dbURL = v
		}
	}
	if !strings.HasPrefix(dbURL, "postgres") {
		return func() int { return 0 }
	}
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	admin, err := sql.Open("pgx", os.Getenv("SIMPEG_TEST_POSTGRES_URL"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	return func() int {
		var n int
		if err := admin.QueryRow(`SELECT count(*) FROM pg_stat_activity WHERE datname = $1 AND application_name = $2`,
			strings.TrimPrefix(u.Path, "/"), app).Scan(&n); err != nil {
			t.Error(err)
		}
		return n
	}
}

// loadPlanning has 32 callers list planning's agencies at once over gRPC for a second, counting
// the server's connections meanwhile; it returns the most it saw and the calls served.
func loadPlanning(t *testing.T, addr, token string, connections func() int) (most, served int) {
	client, ctx := planningClient(t, addr, token)
	var (
		mu sync.Mutex
		wg sync.WaitGroup
	)
	stop := time.Now().Add(time.Second)
	for range 32 {
		wg.Go(func() {
			for time.Now().Before(stop) {
				if _, err := client.ListAgencies(ctx, &planningv1.ListAgenciesRequest{}); err != nil {
					t.Errorf("listing agencies: %v", err)
					return
				}
				mu.Lock()
				served++
				mu.Unlock()
			}
		})
	}
	for time.Now().Before(stop) {
		most = max(most, connections())
		time.Sleep(20 * time.Millisecond)
	}
	wg.Wait()
	return most, served
}

// scrape returns the text of a /metrics page.
func scrape(t *testing.T, metricsURL string) string {
	t.Helper()
	resp, err := http.Get(metricsURL)
	if err != nil {
		t.Fatalf("scraping %s: %v", metricsURL, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(body)
}

// metricValue returns the value of the sample named series (name and labels as exposed), or
// -1 when the page has none.
func metricValue(page, series string) float64 {
	m := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(series) + ` (\S+)$`).FindStringSubmatch(page)
	if m == nil {
		return -1
	}
	v, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		return -1
	}
	return v
}
