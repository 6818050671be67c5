package main

import (
	"bufio"
	"fmt"
	"net/http"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/auth"
)

// TestRunTokenCache runs the real binary with SIMPEG_AUTH_TOKEN_CACHE: the start-up log shows
// it, and attendance verifies each of three employees' tokens once — presented again, all
// three are answered from the cache (its /metrics counts both). A negative bound is refused at
// start, naming the setting.
func TestRunTokenCache(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary; skipped with -short")
	}
	bin := simpegBinary(t)
	out, err := exec.Command(bin, "run", "--auth-token-cache=-1", "--data-dir="+t.TempDir()).CombinedOutput()
	if err == nil || !strings.Contains(string(out), "SIMPEG_AUTH_TOKEN_CACHE must not be negative") {
		t.Fatalf("simpeg run with SIMPEG_AUTH_TOKEN_CACHE=-1: %v, want refused naming the setting\n%s", err, out)
	}

	dir := t.TempDir()
	ports := freePorts(t, 5)
	logs := startSimpeg(t, bin, "SIMPEG_PLANNING_GRPC_ADDR", dir, ports, "SIMPEG_LOG_LEVEL=info", "SIMPEG_AUTH_TOKEN_CACHE=1234",
		"SIMPEG_ATTENDANCE_METRICS_ADDR="+ports[4])
	waitReady(t, "http://"+ports[0])
	if !strings.Contains(logs.String(), `"auth-token-cache":"1234"`) {
		t.Errorf("the start-up log does not show SIMPEG_AUTH_TOKEN_CACHE=1234:\n%s", logs.String())
	}
	signer, err := auth.LoadOrCreateSigner(filepath.Join(dir, "keys", "signing-key.pem"), "simpeg-local", "simpeg")
	if err != nil {
		t.Fatal(err)
	}
	s := &suite{Suite: &Suite{}, base: "http://" + ports[0], signer: signer}
	tokens := make([]string, 3)
	for i := range tokens {
		tokens[i] = s.token(t, auth.RoleEmployee, "DISKOMINFO", fmt.Sprintf("19900101201501100%d", i))
	}
	round := func() {
		for _, tok := range tokens {
			if r := s.do(t, "GET", "/v1/offices?agency=DISKOMINFO", tok, nil); r.status == http.StatusUnauthorized {
				t.Fatalf("an employee's token refused: %s", r.raw)
			}
		}
	}
	v0, _ := tokenMetrics(t, ports[4])
	round()
	v1, h1 := tokenMetrics(t, ports[4])
	round()
	v2, h2 := tokenMetrics(t, ports[4])
	if v1-v0 < 3 || v2 != v1 || h2-h1 < 3 {
		t.Fatalf("attendance's verifier: %v signature checks for three new tokens (want >= 3), then %v more and %v cache hits for the same three (want 0 and >= 3)",
			v1-v0, v2-v1, h2-h1)
	}
}

// tokenMetrics reads simpeg_auth_tokens_verified_total and simpeg_auth_token_cache_hits_total
// from the metrics at addr.
func tokenMetrics(t *testing.T, addr string) (verified, hits float64) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		resp, err := http.Get("http://" + addr + "/metrics")
		if err == nil {
			sc := bufio.NewScanner(resp.Body)
			found := 0
			for sc.Scan() {
				name, value, ok := strings.Cut(sc.Text(), " ")
				if !ok {
					continue
				}
				switch name {
				case "simpeg_auth_tokens_verified_total":
					verified, _ = strconv.ParseFloat(value, 64)
					found++
				case "simpeg_auth_token_cache_hits_total":
					hits, _ = strconv.ParseFloat(value, 64)
					found++
				}
			}
			resp.Body.Close()
			if found == 2 {
				return verified, hits
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("attendance's metrics at %s lack the token verifier's counters (%v)", addr, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
