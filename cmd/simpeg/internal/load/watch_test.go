package load

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const sec = int64(time.Second)

// samples builds one sample a second from t = 0: pending and acked per second.
func samples(pending []int64, acked []uint64) []lagSample {
	out := make([]lagSample, len(pending))
	for i := range pending {
		out[i] = lagSample{at: int64(i) * sec, pending: pending[i], acked: acked[i]}
	}
	return out
}

func TestFindCatchUp(t *testing.T) {
	for _, tc := range []struct {
		name                   string
		pending                []int64
		acked                  []uint64
		from, until, caughtLag int64
		want                   catchUp
	}{{
		name:    "starts, catches up, reaches zero",
		pending: []int64{900, 1000, 1000, 600, 200, 50, 0, 10},
		acked:   []uint64{0, 0, 0, 500, 1000, 1250, 1400, 1500},
		from:    sec, until: 10 * sec, caughtLag: 100,
		want: catchUp{progress: 3 * sec, caught: 5 * sec, zero: 6 * sec, appliedFrom: 0, appliedTo: 1250},
	}, {
		name:    "a low lag before the service applied anything is not caught up",
		pending: []int64{50, 50, 50, 0},
		acked:   []uint64{7, 7, 7, 57},
		from:    0, until: 10 * sec, caughtLag: 100,
		want: catchUp{progress: 3 * sec, caught: 3 * sec, zero: 3 * sec, appliedFrom: 7, appliedTo: 57},
	}, {
		name:    "never caught up in the window",
		pending: []int64{1000, 1000, 900, 800, 700},
		acked:   []uint64{0, 0, 100, 200, 300},
		from:    0, until: 3 * sec, caughtLag: 100,
		want: catchUp{progress: 2 * sec, appliedFrom: 0},
	}, {
		name:    "no sample in the window",
		pending: []int64{1, 2},
		acked:   []uint64{1, 2},
		from:    5 * sec, until: 9 * sec, caughtLag: 100,
		want: catchUp{},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			got := findCatchUp(samples(tc.pending, tc.acked), tc.from, tc.until, tc.caughtLag)
			if got != tc.want {
				t.Fatalf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestLagOver(t *testing.T) {
	s := samples([]int64{10, 30, 20, 1000}, []uint64{100, 150, 300, 300})
	for _, tc := range []struct {
		name     string
		from, to int64
		max      int64
		mean     float64
		applied  uint64
	}{
		{"first three", 0, 2 * sec, 30, 20, 200},
		{"all", 0, 3 * sec, 1000, 265, 200},
		{"none", 10 * sec, 20 * sec, 0, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, mean, applied := lagOver(s, tc.from, tc.to)
			if m != tc.max || mean != tc.mean || applied != tc.applied {
				t.Fatalf("got max %d mean %v applied %d, want %d %v %d", m, mean, applied, tc.max, tc.mean, tc.applied)
			}
		})
	}
}

// fillWatched: a run of a live phase (0) and a catch-up phase (1) restarted at 10 s and caught
// up at 12 s; the check-ins due meanwhile are the ones "behind", and an event without a
// processed row counts as not applied.
func TestFillWatched(t *testing.T) {
	ms := int64(time.Millisecond)
	r := &eventRun{sent: []sentRec{
		{phase: 0, ok: true, due: 1 * sec, answered: 1*sec + 5*ms},
		{phase: 0, ok: true, due: 2 * sec, answered: 2*sec + 5*ms},
		{phase: 1, ok: true, due: 11 * sec, answered: 11*sec + 40*ms},
		{phase: 1, ok: true, due: 13 * sec, answered: 13*sec + 5*ms},
		{phase: 0, ok: true, due: 3 * sec, answered: 3*sec + 5*ms},
		{phase: 1, ok: true, due: 13 * sec, answered: 13*sec + 6*ms},
	}}
	r.recv = []received1{
		{seq: 0, phase: 0, at: 1*sec + 10*ms, server: 1*sec + 1*ms, id: "a"},
		{seq: 1, phase: 0, at: 2*sec + 10*ms, server: 2*sec + 1*ms, id: "b"},
		{seq: 2, phase: 1, at: 11*sec + 50*ms, server: 11*sec + 1*ms, id: "c"},
		{seq: 3, phase: 1, at: 13*sec + 10*ms, server: 13*sec + 1*ms, id: "d"},
		{seq: 4, phase: 0, at: 3*sec + 10*ms, server: 3*sec + 1*ms, id: "e"},
		{seq: 5, phase: 1, at: 13*sec + 10*ms, server: 13*sec + 1*ms, id: "f"},
	}
	wr := &watchRun{name: "planning-attendance",
		samples: samples([]int64{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5000, 3000, 50, 0, 0},
			[]uint64{0, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2000, 5000, 5100, 5101}),
		applied: map[string]int64{"a": 1*sec + 21*ms, "b": 2*sec + 21*ms, "c": 12*sec + 1*ms, "d": 13*sec + 100*ms, "e": 10*sec + 500*ms},
		start:   []int64{0, 10 * sec}, end: []int64{9 * sec, 14 * sec}, restart: 10 * sec, stopAt: 5 * sec, caughtLag: 100, catchPhase: 1}
	live, catch := EventPhase{Name: "live"}, EventPhase{Name: "catching up", Backlog: 5000}
	fillWatched(&live, r, 0, wr)
	fillWatched(&catch, r, 1, wr)

	// e was applied only after the stop: left out of the live figures, counted.
	if w := live.Watched; w.ServerToApplied.N != 2 || w.ServerToApplied.P50 != 20 || w.AnswerToApplied.P99 != 16 || w.NotApplied != 0 || w.Backlog != 0 || w.InFlightAtStop != 1 {
		t.Fatalf("live: %+v", w)
	}
	w := catch.Watched
	if w.StartupSeconds != 1 || w.CaughtUpSeconds != 2 || w.ZeroLagSeconds != 3 || w.NetRate != 2500 || w.GrossRate != 4998 {
		t.Fatalf("catch-up timing: %+v", w)
	}
	if w.CheckInWhileBehind.N != 1 || w.CheckInWhileBehind.P50 != 40 || w.AppliedWhileBehind.P50 != 1000 || w.OwnWhileBehind.P50 != 49 {
		t.Fatalf("while behind: %+v", w)
	}
	if w.CheckInAfter.N != 2 || w.CheckInAfter.P99 != 6 || w.AppliedAfter.N != 1 || w.AppliedAfter.P50 != 99 || w.OwnAfter.P50 != 9 {
		t.Fatalf("after it caught up: %+v", w)
	}
	if w.NotApplied != 1 || w.MaxLag != 5000 {
		t.Fatalf("not applied %d (want 1, event f), max lag %d", w.NotApplied, w.MaxLag)
	}
	var b strings.Builder
	writeWatched(&b, w)
	for _, want := range []string{"backlog at restart 5000 events", "caught up (lag ≤ 1 s of the rate) after 2.0 s: 2500 events/s net", "lag 0 after 3.0 s", "never applied: 1", "check-ins due after it caught up"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, b.String())
		}
	}
}

func TestRunHook(t *testing.T) {
	dir := t.TempDir()
	mark := filepath.Join(dir, "ran")
	for _, tc := range []struct {
		name, cmd, wantErr string
	}{
		{"empty does nothing", "", ""},
		{"runs with sh", "echo ok > " + mark, ""},
		{"a failure names the command", "exit 3", `load: stop command "exit 3": exit status 3`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := runHook(context.Background(), "stop", tc.cmd, nil)
			if tc.wantErr == "" && err != nil || tc.wantErr != "" && (err == nil || err.Error() != tc.wantErr) {
				t.Fatalf("got %v, want %q", err, tc.wantErr)
			}
		})
	}
	if b, err := os.ReadFile(mark); err != nil || string(b) != "ok\n" {
		t.Fatalf("the command did not run: %q %v", b, err)
	}
}
