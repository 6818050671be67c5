package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"google.golang.org/protobuf/proto"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/bus"
	"github.com/simpeg-id/simpeg/platform/outbox"
	"github.com/simpeg-id/simpeg/platform/testenv"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
)

// observerSeed is the test's own NATS identity under a suite's data directory.
func observerSeed(dataDir string) string { return filepath.Join(dataDir, "test-observer.nk") }

// addObserver makes the embedded server of cfg admit the test as a guest that may read the
// streams (the JetStream API and its own replies) but publish no event: the binary itself
// admits only its services. observe uses the key only with the embedded server.
func addObserver(t testing.TB, cfg *Settings) {
	t.Helper()
	pub, err := bus.LoadOrCreateSeed(observerSeed(cfg.DataDir))
	if err != nil {
		t.Fatal(err)
	}
	cfg.natsGuests = append(cfg.natsGuests, bus.User{PublicKey: pub, Permissions: bus.Permissions{
		Publish: []string{"$JS.API.>"}, Subscribe: []string{"_INBOX.>"}}})
}

// observe connects the test to the suite's NATS: the embedded server with the observer's
// identity (addObserver); an external server (the test machine's, which has no authorization
// and refuses an NKey login) without one.
func observe(t testing.TB, s *Suite) (*nats.Conn, jetstream.JetStream) {
	t.Helper()
	if s.nats == nil {
		return connectAs(t, s.natsURL, "", "")
	}
	return connectAs(t, s.natsURL, observerSeed(s.cfg.DataDir), "")
}

// connectAs connects to NATS with the NKey seed in seedFile and the reply subjects inbox
// (nats.go's default when empty).
func connectAs(t testing.TB, url, seedFile, inbox string) (*nats.Conn, jetstream.JetStream) {
	t.Helper()
	opts := []nats.Option{nats.Timeout(3 * time.Second)}
	if seedFile != "" {
		opt, err := nats.NkeyOptionFromSeed(seedFile)
		if err != nil {
			t.Fatal(err)
		}
		opts = append(opts, opt)
	}
	if inbox != "" {
		opts = append(opts, nats.CustomInboxPrefix(inbox))
	}
	nc, err := nats.Connect(url, opts...)
	if err != nil {
		t.Fatalf("connecting to nats (key %q): %v", filepath.Base(seedFile), err)
	}
	t.Cleanup(nc.Close)
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	return nc, js
}

// TestFaultNATSAuth runs the real simpeg binary (embedded NATS with the services' NKeys) and
// attacks its NATS: a client without credentials is refused; a client with attendance's
// identity cannot publish planning's employee.updated (nothing reaches planning's stream); and
// forged events that do reach the stream with planning's own key — a retirement at a version
// far ahead of the copy, an employee payload under a position subject — do not corrupt
// attendance's directory copy: the employee can still check in, and planning's later real
// retirement (a lower version than the forged one) is applied.
func TestFaultNATSAuth(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary; skipped with -short")
	}
	bin := filepath.Join(t.TempDir(), "simpeg")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("building simpeg: %v\n%s", err, out)
	}
	dir := t.TempDir()
	ports := freePorts(t, 5)
	natsURL := "nats://" + ports[3]
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(),
		"SIMPEG_DATA_DIR="+dir, "SIMPEG_HTTP_ADDR="+ports[0], "SIMPEG_PLANNING_GRPC_ADDR="+ports[1], "SIMPEG_ATTENDANCE_GRPC_ADDR="+ports[2],
		"SIMPEG_EMBEDDED_NATS_ADDR="+ports[3], "SIMPEG_PLANNING_METRICS_ADDR=", "SIMPEG_ATTENDANCE_METRICS_ADDR="+ports[4], "SIMPEG_GATEWAY_METRICS_ADDR=",
		"SIMPEG_LOG_LEVEL=warn", "SIMPEG_PLANNING_DATABASE_URL=", "SIMPEG_ATTENDANCE_DATABASE_URL=", "SIMPEG_NATS_URL=", "SIMPEG_NATS_PREFIX=",
		"SIMPEG_PLANNING_NATS_NKEY_SEED_FILE=", "SIMPEG_ATTENDANCE_NATS_NKEY_SEED_FILE=",
		"SIMPEG_TRAINING_GRPC_ADDR=127.0.0.1:0", "SIMPEG_TRAINING_METRICS_ADDR=", "SIMPEG_TRAINING_DATABASE_URL=", "SIMPEG_TRAINING_NATS_NKEY_SEED_FILE=",
		"SIMPEG_EVALUATION_GRPC_ADDR=127.0.0.1:0", "SIMPEG_EVALUATION_METRICS_ADDR=", "SIMPEG_EVALUATION_DATABASE_URL=", "SIMPEG_EVALUATION_NATS_NKEY_SEED_FILE=")
	logf, err := os.Create(filepath.Join(dir, "simpeg.log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		_ = cmd.Wait()
		if t.Failed() {
			raw, _ := os.ReadFile(logf.Name())
			t.Logf("simpeg's log:\n%s", raw)
		}
	})
	base := "http://" + ports[0]
	waitFor(t, 20*time.Second, "simpeg to become ready", func() bool {
		resp, err := http.Get(base + "/readyz")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == 200
	})
	for _, name := range []string{"planning", "attendance", "training", "evaluation"} {
		if fi, err := os.Stat(filepath.Join(dir, "keys", "nats", name+".nk")); err != nil || fi.Mode().Perm() != 0o600 {
			t.Fatalf("%s's nkey seed: %v, mode %v; want a 0600 file", name, err, fi.Mode().Perm())
		}
	}
	signer, err := auth.LoadOrCreateSigner(filepath.Join(dir, "keys", "signing-key.pem"), "simpeg-local", "simpeg")
	if err != nil {
		t.Fatal(err)
	}
	s := &suite{Suite: &Suite{}, base: base, signer: signer}
	nips := seedStaff(t, s, 2)
	victim := nips[0]
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()

	// 1. No credentials: refused at the door.
	if nc, err := nats.Connect(natsURL, nats.Timeout(3*time.Second)); err == nil {
		nc.Close()
		t.Fatal("a client without credentials was admitted")
	} else if !strings.Contains(strings.ToLower(err.Error()), "authorization") {
		t.Fatalf("a client without credentials: %v, want an authorization violation", err)
	}

	stream := outbox.StreamName("", "planning")
	_, planningJS := connectAs(t, natsURL, filepath.Join(dir, "keys", "nats", "planning.nk"), bus.InboxPrefix("", "planning"))
	streamMsgs := func() uint64 {
		st, err := planningJS.Stream(ctx, stream)
		if err != nil {
			t.Fatalf("planning reading its own stream: %v", err)
		}
		return st.CachedInfo().State.Msgs
	}
	before := streamMsgs()

	// 2. Attendance's identity cannot publish planning's subjects, with or without JetStream.
	attNC, attJS := connectAs(t, natsURL, filepath.Join(dir, "keys", "nats", "attendance.nk"), bus.InboxPrefix("", "attendance"))
	forged := employeeEvent(t, victim, 9)
	pctx, pcancel := context.WithTimeout(ctx, 2*time.Second)
	_, err = attJS.PublishMsg(pctx, forged)
	pcancel()
	if err == nil {
		t.Fatal("attendance's identity published simpeg.planning.employee.updated")
	}
	_ = attNC.PublishMsg(forged)
	_ = attNC.FlushTimeout(2 * time.Second)
	if got := streamMsgs(); got != before {
		t.Fatalf("planning's stream went from %d to %d events after attendance's forgery", before, got)
	}

	// 3. Events that reach the stream anyway (planning's key stolen): far ahead, and mistyped.
	if _, err := planningJS.PublishMsg(ctx, forged); err != nil {
		t.Fatalf("publishing with planning's key: %v", err)
	}
	mistyped := employeeEvent(t, victim, 10)
	mistyped.Subject = "simpeg.planning.position.created"
	if _, err := planningJS.PublishMsg(ctx, mistyped); err != nil {
		t.Fatalf("publishing with planning's key: %v", err)
	}
	metrics := "http://" + ports[4] + "/metrics"
	waitFor(t, 15*time.Second, "attendance to check the far-ahead event and refuse the mistyped one", func() bool {
		return metric(t, metrics, `simpeg_directory_events_checked_total{consumer="attendance-directory"}`) >= 1 &&
			metric(t, metrics, `simpeg_directory_events_refused_total{consumer="attendance-directory",reason="type"}`) >= 1
	})
	tok := testenv.Token(t, signer, auth.Principal{Subject: victim, Roles: []auth.Role{auth.RoleEmployee}, Agency: "DISKOMINFO"})
	s.do(t, "POST", "/v1/attendanceRecords", tok, checkInBody("natsauth-00000001")).want(t, 200)

	// 4. Planning's real retirement (version 2, below the forged 9 and 10) reaches the copy.
	cityHR := s.token(t, auth.RoleCityHR, "", "bkpsdm")
	s.do(t, "POST", "/v1/employees/"+victim+":retire", cityHR, map[string]any{"effectiveDate": time.Now().Format(time.DateOnly), "reason": "pensiun"}).want(t, 200)
	i := 2
	waitFor(t, 15*time.Second, "the real retirement to reach the copy", func() bool {
		i++
		return s.do(t, "POST", "/v1/attendanceRecords", tok, checkInBody(fmt.Sprintf("natsauth-%08d", i))).status != 200
	})
}

// employeeEvent is a forged planning event: employee nip retired, at version v.
func employeeEvent(t *testing.T, nip string, v int) *nats.Msg {
	t.Helper()
	data, err := proto.Marshal(&planningv1.EmployeeUpdated{Employee: &planningv1.Employee{
		Name: "employees/" + nip, Nip: nip, FullName: "Forged", Agency: "DISKOMINFO", Rank: "III/a",
		EmploymentType: planningv1.EmploymentType_EMPLOYMENT_TYPE_PNS, Status: planningv1.EmployeeStatus_EMPLOYEE_STATUS_RETIRED,
		Etag: "v" + strconv.Itoa(v)}})
	if err != nil {
		t.Fatal(err)
	}
	m := nats.NewMsg("simpeg.planning.employee.updated")
	m.Data = data
	m.Header.Set(outbox.HeaderEventType, "simpeg.planning.v1.EmployeeUpdated")
	m.Header.Set(jetstream.MsgIDHeader, fmt.Sprintf("forged-%s-%d", nip, v))
	return m
}

// metric reads one sample of the Prometheus text at url; 0 when absent.
func metric(t *testing.T, url, series string) float64 {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		return 0
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	m := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(series) + ` (\S+)$`).FindSubmatch(raw)
	if m == nil {
		return 0
	}
	v, _ := strconv.ParseFloat(string(m[1]), 64)
	return v
}

// waitFor polls ok every 50 ms until it holds, failing t after d.
func waitFor(t *testing.T, d time.Duration, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", d, what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
