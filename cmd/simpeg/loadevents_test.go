package main

import (
	"context"
	"strings"
	"testing"
)

// simpeg load events refuses a watched-consumer run it cannot do before it sends anything,
// naming the flags.
func TestLoadEventsWatchFlags(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"stop command without --watch", []string{"--stop-cmd", "kill 1"}, "--stop-cmd, --start-cmd and --watch-db need a watched consumer (--watch)"},
		{"watched database without --watch", []string{"--watch-db", "postgres://x/y"}, "need a watched consumer (--watch)"},
		{"stopping a watched consumer without a start command", []string{"--watch", "planning-attendance", "--stop-for", "1s", "--stop-cmd", "kill 1"},
			"--watch with --stop-for needs --stop-cmd and --start-cmd"},
		{"a negative stop rate", []string{"--stop-rate", "-5"}, "--stop-rate -5 is negative"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"load", "events", "--data-dir", t.TempDir()}, tc.args...)
			err := dispatch(context.Background(), args)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("simpeg %s: got %v, want an error containing %q", strings.Join(args, " "), err, tc.want)
			}
		})
	}
}
