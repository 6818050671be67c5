package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/bus"
	"github.com/simpeg-id/simpeg/platform/testenv"
	"github.com/simpeg-id/simpeg/services/planning/nip"
)

// staffNIPs returns n valid, distinct NIPs.
func staffNIPs(n int) []string {
	out := make([]string, 0, n)
	for i := 0; len(out) < n; i++ {
		birth := time.Date(1970+i%30, time.Month(1+i%12), 1+i%28, 0, 0, 0, 0, time.UTC)
		out = append(out, nip.Format(birth, birth.Year()+20, time.Month(1+(i/12)%12), nip.Sex(1+i%2), 1+i/360))
	}
	return out
}

// seedStaff registers an agency, its head and n staff through the REST API and waits until
// attendance's directory copy has the last of them; it returns the staff NIPs.
func seedStaff(t *testing.T, s *suite, n int) []string {
	t.Helper()
	cityHR := s.token(t, auth.RoleCityHR, "", "bkpsdm")
	s.do(t, "POST", "/v1/agencies", cityHR, map[string]any{"code": "DISKOMINFO", "displayName": "Dinas Komunikasi dan Informatika", "kind": "AGENCY_KIND_DINAS"}).want(t, 200)
	s.do(t, "POST", "/v1/employees", cityHR, map[string]any{"nip": headNIP, "fullName": "Arrahman Pane", "employmentType": "EMPLOYMENT_TYPE_PNS", "rank": "IV/c", "agency": "DISKOMINFO"}).want(t, 200)
	nips := staffNIPs(n)
	for start := 0; start < n; start += 1000 {
		var reqs []map[string]any
		for _, id := range nips[start:min(start+1000, n)] {
			reqs = append(reqs, map[string]any{"employee": map[string]any{"nip": id, "fullName": "Pegawai " + id[14:], "employmentType": "EMPLOYMENT_TYPE_PNS", "rank": "III/a", "agency": "DISKOMINFO", "supervisor": headNIP}})
		}
		r := s.do(t, "POST", "/v1/employees:batchCreate", cityHR, map[string]any{"requests": reqs}).want(t, 200)
		if errs, _ := r.body["errors"].([]any); len(errs) > 0 {
			t.Fatalf("seeding: %v", errs[0])
		}
	}
	s.do(t, "POST", "/v1/offices?officeId=kominfo", cityHR, map[string]any{"displayName": "Kantor Dinas Kominfo", "agency": "DISKOMINFO", "latitude": 3.590, "longitude": 98.678}).want(t, 200)
	last := nips[n-1]
	deadline := time.Now().Add(60 * time.Second)
	for s.do(t, "GET", "/v1/employees/"+last+"/expectedDays/2026-11-30", cityHR, nil).status != 200 {
		if time.Now().After(deadline) {
			t.Fatal("the directory copy did not catch up in 60 s")
		}
		time.Sleep(50 * time.Millisecond)
	}
	return nips
}

func checkInBody(clientID string) map[string]any {
	return map[string]any{
		"clientId": clientID, "kind": "ATTENDANCE_KIND_CHECK_IN", "deviceTime": time.Now().UTC().Format(time.RFC3339Nano),
		"latitude": 3.5902, "longitude": 98.6781, "accuracyMeters": 15, "deviceId": "test-device",
	}
}

// TestFaultNATSOutage stops the embedded NATS server for the outage while check-ins of 10,000
// employees are made: every check-in succeeds, and once NATS is back every event is delivered,
// none twice. SIMPEG_FAULT_OUTAGE shortens the outage for quick local runs (default 30s).
func TestFaultNATSOutage(t *testing.T) {
	if testing.Short() {
		t.Skip("a 30-second outage; skipped with -short")
	}
	outage := 30 * time.Second
	if v := os.Getenv("SIMPEG_FAULT_OUTAGE"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			t.Fatalf("SIMPEG_FAULT_OUTAGE: %v", err)
		}
		outage = d
	}
	const n = 10000
	s := startSuite(t, testenv.SQLite) // the embedded NATS is the one this test can stop
	nips := seedStaff(t, s, n)
	u, _ := url.Parse(s.natsURL)
	natsAddr := u.Host
	storeDir := filepath.Join(s.cfg.DataDir, "nats")

	s.nats.Shutdown()
	stopped := time.Now()
	var ok, failed atomic.Int64
	var wg sync.WaitGroup
	sem := make(chan struct{}, 16)
	for i, id := range nips {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			tok := testenv.Token(t, s.signer, auth.Principal{Subject: id, Roles: []auth.Role{auth.RoleEmployee}, Agency: "DISKOMINFO"})
			r := s.do(t, "POST", "/v1/attendanceRecords", tok, checkInBody(fmt.Sprintf("outage-%08d", i)))
			if r.status == 200 {
				ok.Add(1)
			} else {
				failed.Add(1)
				t.Errorf("check-in during the outage: %d %s", r.status, r.raw)
			}
		}()
	}
	wg.Wait()
	t.Logf("%d check-ins during the outage in %s, %d failed", ok.Load(), time.Since(stopped).Round(time.Millisecond), failed.Load())
	if rest := outage - time.Since(stopped); rest > 0 {
		time.Sleep(rest)
	}
	restarted, err := bus.StartEmbedded(natsAddr, storeDir, bus.WithUsers(s.nats.Users()...))
	if err != nil {
		t.Fatalf("restarting nats: %v", err)
	}
	s.nats = restarted // the suite's own shutdown stops it

	_, js := observe(t, s.Suite)
	deadline := time.Now().Add(90 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		st, err := js.Stream(ctx, s.Runtime("attendance").StreamName())
		var msgs uint64
		if err == nil {
			info, ierr := st.Info(ctx)
			if ierr == nil {
				msgs = info.State.Msgs
			}
		}
		cancel()
		if msgs >= n {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("only %d of %d check-in events reached JetStream 90 s after NATS came back", msgs, n)
		}
		time.Sleep(200 * time.Millisecond)
	}
	// Read them all back: each event exactly once.
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cons, err := js.OrderedConsumer(ctx, s.Runtime("attendance").StreamName(), jetstream.OrderedConsumerConfig{FilterSubjects: []string{"simpeg.attendance.attendance.checked_in"}})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for len(seen) < n {
		batch, err := cons.Fetch(1000, jetstream.FetchMaxWait(5*time.Second))
		if err != nil {
			t.Fatal(err)
		}
		got := 0
		for m := range batch.Messages() {
			seen[m.Headers().Get(jetstream.MsgIDHeader)]++
			got++
		}
		if got == 0 {
			break
		}
	}
	if len(seen) != n {
		t.Fatalf("%d distinct check-in events, want %d", len(seen), n)
	}
	for id, c := range seen {
		if c != 1 {
			t.Fatalf("event %s delivered %d times", id, c)
		}
	}
}

// TestFaultConcurrentRetries sends one check-in 1,000 times at once with the same
// Idempotency-Key (and client id): one record, the same answer for every retry.
func TestFaultConcurrentRetries(t *testing.T) {
	s := startSuite(t, testenv.SQLite)
	nips := seedStaff(t, s, 1)
	tok := testenv.Token(t, s.signer, auth.Principal{Subject: nips[0], Roles: []auth.Role{auth.RoleEmployee}, Agency: "DISKOMINFO"})
	body, _ := json.Marshal(checkInBody("retry-000000001"))
	const n = 1000
	answers := make([][]byte, n)
	codes := make([]int, n)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			req, _ := http.NewRequest("POST", s.base+"/v1/attendanceRecords", bytes.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+tok)
			req.Header.Set("Idempotency-Key", "retry-key-1")
			resp, err := client.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			defer resp.Body.Close()
			var buf bytes.Buffer
			_, _ = buf.ReadFrom(resp.Body)
			answers[i], codes[i] = buf.Bytes(), resp.StatusCode
		}()
	}
	close(start)
	wg.Wait()
	for i := range n {
		if codes[i] != 200 || !bytes.Equal(answers[i], answers[0]) {
			t.Fatalf("retry %d: %d %s; first answer %s", i, codes[i], answers[i], answers[0])
		}
	}
	// The record's working date is today's (in WIB); count records over a window around it.
	today := time.Now().UTC()
	r := s.do(t, "GET", fmt.Sprintf("/v1/employees/%s/attendanceRecords?startDate=%s&endDate=%s", nips[0],
		today.AddDate(0, 0, -1).Format(time.DateOnly), today.AddDate(0, 0, 1).Format(time.DateOnly)), s.token(t, auth.RoleCityHR, "", ""), nil).want(t, 200)
	if recs, _ := r.body["records"].([]any); len(recs) != 1 {
		t.Fatalf("%d records after 1,000 retries, want 1: %s", len(recs), r.raw)
	}
}

// TestFaultKill9 runs the real binary, makes check-ins, kills it with SIGKILL in the middle of
// the load, restarts it on the same data, and finds every check-in that was acknowledged.
func TestFaultKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and restarts the binary; skipped with -short")
	}
	bin := filepath.Join(t.TempDir(), "simpeg")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("building simpeg: %v\n%s", err, out)
	}
	dir := t.TempDir()
	ports := freePorts(t, 5)
	env := append(os.Environ(),
		"SIMPEG_DATA_DIR="+dir, "SIMPEG_HTTP_ADDR="+ports[0], "SIMPEG_PLANNING_GRPC_ADDR="+ports[1], "SIMPEG_ATTENDANCE_GRPC_ADDR="+ports[2],
		"SIMPEG_EMBEDDED_NATS_ADDR="+ports[3], "SIMPEG_PLANNING_METRICS_ADDR=", "SIMPEG_ATTENDANCE_METRICS_ADDR=", "SIMPEG_GATEWAY_METRICS_ADDR=",
		"SIMPEG_LOG_LEVEL=error", "SIMPEG_PLANNING_DATABASE_URL=", "SIMPEG_ATTENDANCE_DATABASE_URL=", "SIMPEG_NATS_URL=",
		"SIMPEG_TRAINING_GRPC_ADDR=127.0.0.1:0", "SIMPEG_TRAINING_METRICS_ADDR=", "SIMPEG_TRAINING_DATABASE_URL=",
		"SIMPEG_EVALUATION_GRPC_ADDR=127.0.0.1:0", "SIMPEG_EVALUATION_METRICS_ADDR=", "SIMPEG_EVALUATION_DATABASE_URL=")
	run := func() *exec.Cmd {
		cmd := exec.Command(bin)
		cmd.Env = env
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(20 * time.Second)
		for {
			resp, err := http.Get("http://" + ports[0] + "/readyz")
			if err == nil {
				resp.Body.Close()
				if resp.StatusCode == 200 {
					return cmd
				}
			}
			if time.Now().After(deadline) {
				_ = cmd.Process.Kill()
				t.Fatal("simpeg did not become ready")
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	cmd := run()
	signer, err := auth.LoadOrCreateSigner(filepath.Join(dir, "keys", "signing-key.pem"), "simpeg-local", "simpeg")
	if err != nil {
		t.Fatal(err)
	}
	s := &suite{Suite: &Suite{}, base: "http://" + ports[0], signer: signer}
	nips := seedStaff(t, s, 200)

	var mu sync.Mutex
	acked := map[string]string{} // client id → NIP
	var wg sync.WaitGroup
	stop := make(chan struct{})
	var seq atomic.Int64
	for w := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				i := int(seq.Add(1))
				id := nips[(i+w)%len(nips)]
				clientID := fmt.Sprintf("kill9-%08d", i)
				tok := testenv.Token(t, signer, auth.Principal{Subject: id, Roles: []auth.Role{auth.RoleEmployee}, Agency: "DISKOMINFO"})
				raw, _ := json.Marshal(checkInBody(clientID))
				req, _ := http.NewRequest("POST", s.base+"/v1/attendanceRecords", bytes.NewReader(raw))
				req.Header.Set("Authorization", "Bearer "+tok)
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					continue // the process died under us: not acknowledged
				}
				resp.Body.Close()
				if resp.StatusCode == 200 {
					mu.Lock()
					acked[clientID] = id
					mu.Unlock()
				}
			}
		}()
	}
	time.Sleep(1500 * time.Millisecond)
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	close(stop)
	wg.Wait()
	t.Logf("%d check-ins acknowledged before SIGKILL", len(acked))
	if len(acked) == 0 {
		t.Fatal("no check-in was acknowledged before the kill")
	}

	cmd = run()
	defer func() { _ = cmd.Process.Signal(syscall.SIGTERM); _ = cmd.Wait() }()
	cityHR := testenv.Token(t, signer, auth.Principal{Subject: "bkpsdm", Roles: []auth.Role{auth.RoleCityHR}})
	today := time.Now().UTC()
	found := map[string]bool{}
	for _, id := range nips {
		r := s.do(t, "GET", fmt.Sprintf("/v1/employees/%s/attendanceRecords?startDate=%s&endDate=%s", id,
			today.AddDate(0, 0, -1).Format(time.DateOnly), today.AddDate(0, 0, 1).Format(time.DateOnly)), cityHR, nil).want(t, 200)
		recs, _ := r.body["records"].([]any)
		for _, rec := range recs {
			m, _ := rec.(map[string]any)
			found[fmt.Sprint(m["clientId"])] = true
		}
	}
	for clientID := range acked {
		if !found[clientID] {
			t.Errorf("acknowledged check-in %s is missing after the restart", clientID)
		}
	}
}

func freePorts(t *testing.T, n int) []string {
	t.Helper()
	var out []string
	for range n {
		l, err := netListen()
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, l.Addr().String())
		l.Close()
	}
	return out
}

func netListen() (interface {
	Addr() net.Addr
	Close() error
}, error) {
	return net.Listen("tcp", "127.0.0.1:0")
}
