package config_test

import (
	"bytes"
	"errors"
	"flag"
	"reflect"
	"strings"
	"testing"

	"github.com/simpeg-id/simpeg/platform/config"
)

// instance is a per-service part, declared once for every service.
type instance struct {
	GRPCAddr    string `env:"SIMPEG_{SERVICE}_GRPC_ADDR" default:"127.0.0.1:{GRPC_PORT}" help:"gRPC address of {service}"`
	MetricsAddr string `env:"SIMPEG_{SERVICE}_METRICS_ADDR" default:"127.0.0.1:{METRICS_PORT}" help:"metrics of {service}"`
}

type twoServices struct {
	Planning   instance `service:"planning"`
	Attendance instance `service:"attendance"`
	LogLevel   string   `env:"SIMPEG_TEST_LEVEL" default:"info" help:"shared"`
}

// upstreams is a keyed setting: one address per service.
type upstreams map[string]string

func (upstreams) SettingKeys() []string { return []string{"planning", "evaluation"} }

type withUpstreams struct {
	Upstreams upstreams `env:"SIMPEG_{SERVICE}_ADDR" default:"127.0.0.1:{GRPC_PORT}" help:"where {service} is"`
}

func TestPorts(t *testing.T) {
	tests := []struct {
		service       string
		grpc, metrics int
		ok            bool
	}{
		{"planning", 9090, 9091, true},
		{"attendance", 9092, 9093, true},
		{"training", 9094, 9095, true},
		{"evaluation", 9096, 9097, true},
		{"payroll", 0, 0, false},
	}
	for _, tc := range tests {
		g, m, ok := config.Ports(tc.service)
		if g != tc.grpc || m != tc.metrics || ok != tc.ok {
			t.Errorf("Ports(%q) = %d, %d, %v; want %d, %d, %v", tc.service, g, m, ok, tc.grpc, tc.metrics, tc.ok)
		}
	}
}

func TestScopes(t *testing.T) {
	t.Setenv("SIMPEG_ATTENDANCE_GRPC_ADDR", "10.0.0.2:7000")
	var c twoServices
	if err := config.Load("test", &c, []string{"--planning-metrics-addr="}); err != nil {
		t.Fatal(err)
	}
	want := twoServices{
		Planning:   instance{GRPCAddr: "127.0.0.1:9090", MetricsAddr: ""},
		Attendance: instance{GRPCAddr: "10.0.0.2:7000", MetricsAddr: "127.0.0.1:9093"},
		LogLevel:   "info",
	}
	if c != want {
		t.Fatalf("got %+v, want %+v", c, want)
	}
	fields, err := config.Describe(&c)
	if err != nil {
		t.Fatal(err)
	}
	if f := fields[2]; f.Env != "SIMPEG_ATTENDANCE_GRPC_ADDR" || f.Flag != "attendance-grpc-addr" || f.Default != "127.0.0.1:9092" || f.Help != "gRPC address of attendance" {
		t.Fatalf("attendance's gRPC setting: %+v", f)
	}
}

func TestScopedTargets(t *testing.T) {
	t.Setenv("SIMPEG_TRAINING_GRPC_ADDR", ":1")
	var shared struct {
		LogLevel string `env:"SIMPEG_TEST_LEVEL" default:"info" help:"shared"`
	}
	var tr, ev instance
	if _, err := (config.Loader{Name: "test"}).Load(nil, &shared, config.Scoped("training", &tr), config.Scoped("evaluation", &ev)); err != nil {
		t.Fatal(err)
	}
	if tr.GRPCAddr != ":1" || tr.MetricsAddr != "127.0.0.1:9095" || ev.GRPCAddr != "127.0.0.1:9096" || shared.LogLevel != "info" {
		t.Fatalf("training %+v, evaluation %+v, shared %+v", tr, ev, shared)
	}
	names, err := config.EnvNames(config.Scoped("training", &tr), &shared)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"SIMPEG_TEST_LEVEL", "SIMPEG_TRAINING_GRPC_ADDR", "SIMPEG_TRAINING_METRICS_ADDR"}; !reflect.DeepEqual(names, want) {
		t.Fatalf("EnvNames = %v, want %v", names, want)
	}
}

func TestKeyedSetting(t *testing.T) {
	t.Setenv("SIMPEG_EVALUATION_ADDR", "")
	var c withUpstreams
	if err := config.Load("test", &c, []string{"--planning-addr=planning:9090"}); err != nil {
		t.Fatal(err)
	}
	if want := (upstreams{"planning": "planning:9090", "evaluation": ""}); !reflect.DeepEqual(c.Upstreams, want) {
		t.Fatalf("got %v, want %v", c.Upstreams, want)
	}
	fields, err := config.Describe(&c)
	if err != nil {
		t.Fatal(err)
	}
	if len(fields) != 2 || fields[1].Env != "SIMPEG_EVALUATION_ADDR" || fields[1].Default != "127.0.0.1:9096" || fields[1].Help != "where evaluation is" {
		t.Fatalf("fields: %+v", fields)
	}
}

func TestScopeErrors(t *testing.T) {
	tests := []struct {
		name    string
		targets []any
		want    string
	}{
		{"placeholder outside a scope", []any{&instance{}}, "placeholder {SERVICE} unresolved outside a service scope"},
		{"service not in the port table", []any{config.Scoped("payroll", &instance{})}, "placeholder {GRPC_PORT} unresolved for service \"payroll\""},
		{"declared twice", []any{config.Scoped("planning", &instance{}), &twoServices{}}, "SIMPEG_PLANNING_GRPC_ADDR is declared twice"},
		{"not a struct pointer", []any{config.Scoped("planning", instance{})}, "want a pointer to a struct"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := config.Loader{Name: "test"}.Load(nil, tc.targets...)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Load: %v, want an error containing %q", err, tc.want)
			}
			if _, err := config.Describe(tc.targets...); err == nil {
				t.Fatal("Describe accepted it")
			}
		})
	}
}

func TestRenames(t *testing.T) {
	renames := map[string]string{"SIMPEG_GRPC_ADDR": "SIMPEG_PLANNING_GRPC_ADDR"}
	tests := []struct {
		name        string
		env         map[string]string
		args        []string
		want        string
		wantRenamed []config.Renamed
	}{
		{"neither", nil, nil, "127.0.0.1:9090", nil},
		{"old env", map[string]string{"SIMPEG_GRPC_ADDR": "old:1"}, nil, "old:1",
			[]config.Renamed{{Old: "SIMPEG_GRPC_ADDR", New: "SIMPEG_PLANNING_GRPC_ADDR"}}},
		{"new env wins", map[string]string{"SIMPEG_GRPC_ADDR": "old:1", "SIMPEG_PLANNING_GRPC_ADDR": "new:1"}, nil, "new:1",
			[]config.Renamed{{Old: "SIMPEG_GRPC_ADDR", New: "SIMPEG_PLANNING_GRPC_ADDR"}}},
		{"old flag", nil, []string{"--grpc-addr=flag:1"}, "flag:1",
			[]config.Renamed{{Old: "--grpc-addr", New: "--planning-grpc-addr"}}},
		{"new flag wins", nil, []string{"--grpc-addr=flag:1", "--planning-grpc-addr=flag:2"}, "flag:2",
			[]config.Renamed{{Old: "--grpc-addr", New: "--planning-grpc-addr"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			var c twoServices
			got, err := config.Loader{Name: "test", Renames: renames}.Load(tc.args, &c)
			if err != nil {
				t.Fatal(err)
			}
			if c.Planning.GRPCAddr != tc.want {
				t.Errorf("value %q, want %q", c.Planning.GRPCAddr, tc.want)
			}
			if !reflect.DeepEqual(got, tc.wantRenamed) {
				t.Errorf("renamed %+v, want %+v", got, tc.wantRenamed)
			}
		})
	}
}

func TestRenameErrors(t *testing.T) {
	tests := []struct {
		name    string
		renames map[string]string
		want    string
	}{
		{"to nothing", map[string]string{"SIMPEG_OLD": "SIMPEG_NOPE"}, "not a setting"},
		{"old still a setting", map[string]string{"SIMPEG_TEST_LEVEL": "SIMPEG_PLANNING_GRPC_ADDR"}, "still a setting"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := config.Loader{Name: "test", Renames: tc.renames}.Load(nil, &twoServices{})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Load: %v, want %q", err, tc.want)
			}
		})
	}
}

func TestHelpListsScopedAndDeprecatedNames(t *testing.T) {
	var out bytes.Buffer
	l := config.Loader{Name: "test", Output: &out, Renames: map[string]string{"SIMPEG_METRICS_ADDR": "SIMPEG_PLANNING_METRICS_ADDR"}}
	_, err := l.Load([]string{"--help"}, &twoServices{})
	if !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("err = %v, want flag.ErrHelp", err)
	}
	for _, want := range []string{
		`--planning-grpc-addr (env SIMPEG_PLANNING_GRPC_ADDR, default "127.0.0.1:9090")`,
		`--attendance-metrics-addr (env SIMPEG_ATTENDANCE_METRICS_ADDR, default "127.0.0.1:9093")`,
		"deprecated name: SIMPEG_METRICS_ADDR",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("help lacks %q:\n%s", want, out.String())
		}
	}
}

func TestProcessDefaults(t *testing.T) {
	var p config.Process
	if err := config.Load("test", &p, nil); err != nil {
		t.Fatal(err)
	}
	if p.LogLevel != "info" || p.ShutdownTimeout.String() != "15s" {
		t.Fatalf("got %+v", p)
	}
}
