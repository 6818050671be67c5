package servicemain_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/simpeg-id/simpeg/platform/service"
	"github.com/simpeg-id/simpeg/platform/servicemain"
)

type settings struct {
	service.Config `service:"training"`
}

func (*settings) Spec() service.Spec { return service.Spec{Name: "training"} }

func TestRunExitCodes(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
		stdout string
	}{
		{"help", []string{"--help"}, 0, `--training-grpc-addr (env SIMPEG_TRAINING_GRPC_ADDR, default "127.0.0.1:9094")`, ""},
		{"unreadable", []string{"--nats-replicas=many"}, 2, "SIMPEG_NATS_REPLICAS (--nats-replicas): not an integer", ""},
		{"argument", []string{"extra"}, 2, `unexpected argument "extra"`, ""},
		{"refused", []string{"--nats-replicas=9", "--grpc-addr=127.0.0.1:0"}, 1, "",
			`"deprecated":"--grpc-addr","use":"--training-grpc-addr"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := servicemain.Run(context.Background(), new(settings), tc.args, &stdout, &stderr)
			if code != tc.code {
				t.Errorf("exit code %d, want %d\nstdout: %s\nstderr: %s", code, tc.code, &stdout, &stderr)
			}
			if !strings.Contains(stderr.String(), tc.stderr) {
				t.Errorf("stderr lacks %q:\n%s", tc.stderr, &stderr)
			}
			if !strings.Contains(stdout.String(), tc.stdout) {
				t.Errorf("stdout lacks %q:\n%s", tc.stdout, &stdout)
			}
		})
	}
}
