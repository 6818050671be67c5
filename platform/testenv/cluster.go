package testenv

import (
	"fmt"
	"net"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// NATSCluster starts a JetStream cluster of n embedded servers on loopback for t (streams of
// up to n replicas need it; the shared NATS has one server) and returns the comma-separated
// client URLs, the form SIMPEG_NATS_URL takes. The cluster stops when t ends.
func NATSCluster(t testing.TB, n int) string {
	t.Helper()
	routes := make([]*url.URL, n)
	clusterPorts := make([]int, n)
	for i := range n {
		clusterPorts[i] = freeTCPPort(t)
		routes[i] = &url.URL{Scheme: "nats", Host: fmt.Sprintf("127.0.0.1:%d", clusterPorts[i])}
	}
	dir := t.TempDir()
	urls := make([]string, n)
	servers := make([]*server.Server, n)
	for i := range n {
		srv, err := server.NewServer(&server.Options{
			ServerName: fmt.Sprintf("n%d", i), Host: "127.0.0.1", Port: server.RANDOM_PORT,
			JetStream: true, StoreDir: filepath.Join(dir, fmt.Sprint(i)), NoSigs: true, NoLog: true,
			Cluster: server.ClusterOpts{Name: "simpeg-test", Host: "127.0.0.1", Port: clusterPorts[i]},
			Routes:  routes,
		})
		if err != nil {
			t.Fatalf("creating cluster node %d: %v", i, err)
		}
		go srv.Start()
		t.Cleanup(func() { srv.Shutdown(); srv.WaitForShutdown() })
		servers[i] = srv
	}
	for i, srv := range servers {
		if !srv.ReadyForConnections(20 * time.Second) {
			t.Fatalf("cluster node %d did not start", i)
		}
		urls[i] = srv.ClientURL()
	}
	// JetStream answers once the meta group has a leader.
	deadline := time.Now().Add(30 * time.Second)
	for !anyLeader(servers) {
		if time.Now().After(deadline) {
			t.Fatal("the JetStream cluster elected no leader in 30 s")
		}
		time.Sleep(50 * time.Millisecond)
	}
	return strings.Join(urls, ",")
}

func anyLeader(servers []*server.Server) bool {
	for _, s := range servers {
		if s.JetStreamIsLeader() {
			return true
		}
	}
	return false
}

func freeTCPPort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}
