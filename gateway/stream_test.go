package gateway

import (
	"bufio"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"sync"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
)

// watchGates holds, per plan name, the channel the fake's WatchWorkPlan waits on between its
// first message and its second; closing it lets the stream go on and end.
var watchGates sync.Map // string → chan struct{}

// WatchWorkPlan streams the plan as a snapshot at once, then, once the test's gate opens, a
// "target" change, and ends. An unknown plan is NotFound.
func (f *fakePlanning) WatchWorkPlan(req *planningv1.WatchWorkPlanRequest, stream planningv1.PlanningService_WatchWorkPlanServer) error {
	f.record(stream.Context())
	gate, ok := watchGates.Load(req.GetName())
	if !ok {
		return status.Errorf(codes.NotFound, "work plan %q not found", req.GetName())
	}
	plan := &planningv1.WorkPlan{Name: req.GetName(), Agency: "DISKOMINFO", Year: 2026, Title: "Rencana uji", Version: 1}
	if err := stream.Send(&planningv1.WatchWorkPlanResponse{WorkPlan: plan, Change: "snapshot"}); err != nil {
		return err
	}
	select {
	case <-gate.(chan struct{}):
	case <-stream.Context().Done():
		return status.FromContextError(stream.Context().Err()).Err()
	}
	plan.Version = 2
	return stream.Send(&planningv1.WatchWorkPlanResponse{WorkPlan: plan, Change: "target"})
}

// TestWatchStreams is a server-streaming call through the gateway (GET …:watch, as the live plan
// page reads it): each message reaches the client as soon as the service sends it, before the
// stream ends, and the stream outlives the request timeout and the server's read and write
// deadlines derived from it (here 300 ms, and 5.3 s to write), which still cut an ordinary call.
func TestWatchStreams(t *testing.T) {
	const plan = "workPlans/watch-test"
	gate := make(chan struct{})
	watchGates.Store(plan, gate)
	t.Cleanup(func() { watchGates.Delete(plan) })

	up := startUpstream(t)
	cfg := testConfig(up.addr)
	cfg.RequestTimeout = 300 * time.Millisecond
	gw, err := New(t.Context(), cfg, nil)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	defer gw.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- gw.Serve(ctx, ln) }()
	defer func() { cancel(); <-done }()

	// An ordinary call is still bounded by the request timeout.
	if st, _, raw := call(t, "GET", base+"/v1/"+nameSlow, "", nil); st != http.StatusGatewayTimeout {
		t.Fatalf("a slow ordinary call answered %d, want 504: %s", st, raw)
	}

	req, _ := http.NewRequestWithContext(t.Context(), "GET", base+"/v1/"+plan+":watch", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET :watch: %v", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET :watch answered %d", resp.StatusCode)
	}
	type message struct {
		Result struct {
			WorkPlan struct {
				Name    string `json:"name"`
				Version int    `json:"version"`
			} `json:"workPlan"`
			Change string `json:"change"`
		} `json:"result"`
	}
	lines := make(chan message)
	readErr := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			var m message
			if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
				readErr <- err
				return
			}
			lines <- m
		}
		readErr <- sc.Err()
	}()

	// The snapshot arrives while the service still holds the stream open.
	select {
	case m := <-lines:
		if m.Result.Change != "snapshot" || m.Result.WorkPlan.Name != plan || m.Result.WorkPlan.Version != 1 {
			t.Fatalf("the first message is %+v; want the snapshot of %s version 1", m, plan)
		}
	case err := <-readErr:
		t.Fatalf("the stream ended before its first message: %v", err)
	case <-time.After(3 * time.Second):
		t.Fatal("the first message did not reach the client within 3 s while the stream was open (not flushed?)")
	}

	// Past the request timeout and the write deadline (300 ms + 5 s grace), the stream is alive.
	time.Sleep(cfg.RequestTimeout + writeGrace + 500*time.Millisecond)
	close(gate)
	select {
	case m := <-lines:
		if m.Result.Change != "target" || m.Result.WorkPlan.Version != 2 {
			t.Fatalf("the second message is %+v; want a target change, version 2", m)
		}
	case err := <-readErr:
		t.Fatalf("the stream was cut before its second message, %s after it began: %v", cfg.RequestTimeout+writeGrace+500*time.Millisecond, err)
	case <-time.After(3 * time.Second):
		t.Fatal("the second message did not arrive")
	}
	select {
	case err := <-readErr:
		if err != nil {
			t.Errorf("the stream ended with %v, want a clean end", err)
		}
	case <-lines:
		t.Error("a third message, want the end of the stream")
	case <-time.After(3 * time.Second):
		t.Error("the stream did not end after the service ended it")
	}
}
