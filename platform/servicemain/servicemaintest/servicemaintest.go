// Package servicemaintest tests a per-service binary through the real executable: its --help
// and its start-up with the settings' deprecated names.
package servicemaintest

import (
	"bytes"
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/health/grpc_health_v1"

	"github.com/simpeg-id/simpeg/platform/testenv"
)

// CheckBinary is a per-service binary's whole test: unless -short, it builds the main package
// of the test's directory, checks that --help holds every line of help (CheckHelp), and starts
// the binary of service with the deprecated names and env (CheckDeprecatedNames).
func CheckBinary(t *testing.T, service string, help []string, env ...string) {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the binary; skipped with -short")
	}
	bin := Build(t)
	CheckHelp(t, bin, help...)
	CheckDeprecatedNames(t, bin, service, env...)
}

// Build builds the main package of the test's directory and returns the executable.
func Build(t *testing.T) string { return BuildPackage(t, ".", "service") }

// BuildPackage builds the main package pkg (a directory or an import path) into the test's
// temporary directory as name and returns the executable.
func BuildPackage(t testing.TB, pkg, name string) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), name)
	if out, err := exec.Command("go", "build", "-o", bin, pkg).CombinedOutput(); err != nil {
		t.Fatalf("building %s: %v\n%s", pkg, err, out)
	}
	return bin
}

// CheckHelp runs bin --help and checks that it exits 0 and its output holds every want.
func CheckHelp(t *testing.T, bin string, want ...string) {
	t.Helper()
	out, err := exec.Command(bin, "--help").CombinedOutput()
	if err != nil {
		t.Fatalf("--help: %v\n%s", err, out)
	}
	for _, w := range want {
		if !bytes.Contains(out, []byte(w)) {
			t.Errorf("--help lacks %s\n%s", w, out)
		}
	}
}

// CheckDeprecatedNames starts bin, the binary of service, with the unprefixed names it read
// before (SIMPEG_GRPC_ADDR, SIMPEG_DATABASE_URL, SIMPEG_METRICS_ADDR) and env, and checks that
// the service serves gRPC where the old name says and logs a warning naming each new one.
func CheckDeprecatedNames(t *testing.T, bin, service string, env ...string) {
	t.Helper()
	natsURL := testenv.NATS(t)
	keyFile, _ := testenv.Keys(t, "simpeg-local", "simpeg")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	upper := strings.ToUpper(service)
	logs := &Buffer{}
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), "SIMPEG_GRPC_ADDR="+addr, "SIMPEG_DATABASE_URL="+filepath.Join(t.TempDir(), service+".db"),
		"SIMPEG_METRICS_ADDR=", "SIMPEG_NATS_URL="+natsURL, "SIMPEG_NATS_PREFIX="+testenv.Prefix(t, natsURL),
		"SIMPEG_AUTH_KEY_FILE="+keyFile, "SIMPEG_LOG_LEVEL=warn")
	cmd.Env = append(cmd.Env, env...)
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		_ = cmd.Wait()
	})
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	deadline := time.Now().Add(20 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		resp, err := grpc_health_v1.NewHealthClient(conn).Check(ctx, &grpc_health_v1.HealthCheckRequest{})
		cancel()
		if err == nil && resp.Status == grpc_health_v1.HealthCheckResponse_SERVING {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s did not serve at the deprecated SIMPEG_GRPC_ADDR %s: %v\n%s", service, addr, err, logs)
		}
		time.Sleep(50 * time.Millisecond)
	}
	for _, s := range []string{"GRPC_ADDR", "DATABASE_URL", "METRICS_ADDR"} {
		if !strings.Contains(logs.String(), `"deprecated":"SIMPEG_`+s+`","use":"SIMPEG_`+upper+"_"+s+`"`) {
			t.Errorf("no warning that SIMPEG_%s is now SIMPEG_%s_%s:\n%s", s, upper, s, logs)
		}
	}
}

// Buffer collects a child process's stdout and stderr, written by two copiers at once, for a
// test that reads it while the child runs.
type Buffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

// Write appends p.
func (b *Buffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

// String returns what was written.
func (b *Buffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}
