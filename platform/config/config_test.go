package config_test

import (
	"errors"
	"flag"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/config"
)

type inner struct {
	Issuer string `env:"SIMPEG_TEST_ISSUER" default:"local" help:"issuer"`
	Token  string `env:"SIMPEG_TEST_TOKEN" secret:"true" help:"a secret that is not a URL"`
}

type testConfig struct {
	Name     string        `env:"SIMPEG_TEST_NAME" default:"dflt" help:"a string"`
	Timeout  time.Duration `env:"SIMPEG_TEST_TIMEOUT" default:"15s" help:"a duration"`
	Count    int           `env:"SIMPEG_TEST_COUNT" default:"3" help:"an int"`
	Big      int64         `env:"SIMPEG_TEST_BIG" default:"0" help:"an int64"`
	Enabled  bool          `env:"SIMPEG_TEST_ENABLED" default:"false" help:"a bool"`
	Hosts    []string      `env:"SIMPEG_TEST_HOSTS" default:"a,b" help:"a list"`
	DB       string        `env:"SIMPEG_TEST_DB" secret:"true" help:"a secret URL"`
	Endpoint string        `env:"OTEL_TEST_ENDPOINT" help:"an OTEL variable"`
	Auth     inner         // nested, no tag: walked
	ignored  string        // unexported and untagged: skipped
}

// The tests below set environment variables, so they do not run in parallel.

func TestDefaults(t *testing.T) {
	var c testConfig
	if err := config.Load("test", &c, nil); err != nil {
		t.Fatal(err)
	}
	want := testConfig{Name: "dflt", Timeout: 15 * time.Second, Count: 3, Hosts: []string{"a", "b"}, Auth: inner{Issuer: "local"}}
	if !reflect.DeepEqual(c, want) {
		t.Fatalf("defaults:\n got %+v\nwant %+v", c, want)
	}
}

func TestPrecedence(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"default", nil, nil, "dflt"},
		{"env over default", map[string]string{"SIMPEG_TEST_NAME": "from-env"}, nil, "from-env"},
		{"flag over env", map[string]string{"SIMPEG_TEST_NAME": "from-env"}, []string{"--test-name", "from-flag"}, "from-flag"},
		{"flag over default", nil, []string{"--test-name=from-flag"}, "from-flag"},
		{"empty env overrides default", map[string]string{"SIMPEG_TEST_NAME": ""}, nil, ""},
		{"empty flag overrides env", map[string]string{"SIMPEG_TEST_NAME": "from-env"}, []string{"--test-name="}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			var c testConfig
			if err := config.Load("test", &c, tc.args); err != nil {
				t.Fatal(err)
			}
			if c.Name != tc.want {
				t.Fatalf("Name = %q, want %q", c.Name, tc.want)
			}
		})
	}
	t.Run("nested and OTEL flags", func(t *testing.T) {
		t.Setenv("SIMPEG_TEST_ISSUER", "env-issuer")
		var c testConfig
		if err := config.Load("test", &c, []string{"--test-token", "tok", "--otel-test-endpoint", "http://collector:4318"}); err != nil {
			t.Fatal(err)
		}
		if c.Auth.Issuer != "env-issuer" || c.Auth.Token != "tok" || c.Endpoint != "http://collector:4318" {
			t.Fatalf("got Auth=%+v Endpoint=%q", c.Auth, c.Endpoint)
		}
	})
}

func TestTypes(t *testing.T) {
	tests := []struct {
		name  string
		env   map[string]string
		check func(c testConfig) bool
	}{
		{"duration", map[string]string{"SIMPEG_TEST_TIMEOUT": "1m30s"}, func(c testConfig) bool { return c.Timeout == 90*time.Second }},
		{"empty duration is zero", map[string]string{"SIMPEG_TEST_TIMEOUT": ""}, func(c testConfig) bool { return c.Timeout == 0 }},
		{"int", map[string]string{"SIMPEG_TEST_COUNT": "-42"}, func(c testConfig) bool { return c.Count == -42 }},
		{"int64", map[string]string{"SIMPEG_TEST_BIG": "9000000000"}, func(c testConfig) bool { return c.Big == 9_000_000_000 }},
		{"bool true", map[string]string{"SIMPEG_TEST_ENABLED": "true"}, func(c testConfig) bool { return c.Enabled }},
		{"bool 1", map[string]string{"SIMPEG_TEST_ENABLED": "1"}, func(c testConfig) bool { return c.Enabled }},
		{"list trimmed, empties dropped", map[string]string{"SIMPEG_TEST_HOSTS": " x , ,y,z "}, func(c testConfig) bool { return slices.Equal(c.Hosts, []string{"x", "y", "z"}) }},
		{"empty list", map[string]string{"SIMPEG_TEST_HOSTS": ""}, func(c testConfig) bool { return len(c.Hosts) == 0 }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			var c testConfig
			if err := config.Load("test", &c, nil); err != nil {
				t.Fatal(err)
			}
			if !tc.check(c) {
				t.Fatalf("unexpected value: %+v", c)
			}
		})
	}
}

func TestBadValues(t *testing.T) {
	tests := []struct {
		env, value, flag, wantIn string
	}{
		{"SIMPEG_TEST_TIMEOUT", "soon", "--test-timeout", "not a duration"},
		{"SIMPEG_TEST_COUNT", "three", "--test-count", "not an integer"},
		{"SIMPEG_TEST_BIG", "1.5", "--test-big", "not an integer"},
		{"SIMPEG_TEST_ENABLED", "yes please", "--test-enabled", "not a boolean"},
	}
	for _, tc := range tests {
		t.Run(tc.env, func(t *testing.T) {
			t.Setenv(tc.env, tc.value)
			var c testConfig
			err := config.Load("test", &c, nil)
			if err == nil {
				t.Fatalf("%s=%q accepted", tc.env, tc.value)
			}
			for _, want := range []string{tc.env, tc.flag, tc.wantIn, tc.value} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not mention %q", err, want)
				}
			}
		})
	}
	t.Run("every bad value is reported", func(t *testing.T) {
		t.Setenv("SIMPEG_TEST_COUNT", "x")
		var c testConfig
		err := config.Load("test", &c, []string{"--test-timeout", "y"})
		if err == nil || !strings.Contains(err.Error(), "SIMPEG_TEST_COUNT") || !strings.Contains(err.Error(), "SIMPEG_TEST_TIMEOUT") {
			t.Fatalf("error = %v, want both variables named", err)
		}
	})
	t.Run("unknown flag", func(t *testing.T) {
		var c testConfig
		if err := config.Load("test", &c, []string{"--no-such-flag=1"}); err == nil {
			t.Fatal("unknown flag accepted")
		}
	})
	t.Run("stray argument", func(t *testing.T) {
		var c testConfig
		if err := config.Load("test", &c, []string{"extra"}); err == nil || !strings.Contains(err.Error(), "extra") {
			t.Fatalf("error = %v, want the stray argument named", err)
		}
	})
	t.Run("help", func(t *testing.T) {
		var c testConfig
		if err := config.Load("test", &c, []string{"--help"}); !errors.Is(err, flag.ErrHelp) {
			t.Fatalf("error = %v, want flag.ErrHelp", err)
		}
	})
	t.Run("not a struct pointer", func(t *testing.T) {
		if err := config.Load("test", testConfig{}, nil); err == nil {
			t.Fatal("a struct value was accepted")
		}
	})
}

func TestMissingPrefixRejected(t *testing.T) {
	var bad struct {
		Home string `env:"HOME"`
	}
	err := config.Load("test", &bad, nil)
	if err == nil || !strings.Contains(err.Error(), "HOME") {
		t.Fatalf("Load error = %v, want one naming HOME", err)
	}
	if _, err := config.EnvNames(&bad); err == nil {
		t.Fatal("EnvNames accepted a variable without the prefix")
	}
	if _, err := config.Describe(&bad); err == nil {
		t.Fatal("Describe accepted a variable without the prefix")
	}
	var nested struct {
		Inner struct {
			Path string `env:"PATH"`
		}
	}
	if err := config.Load("test", &nested, nil); err == nil {
		t.Fatal("a nested variable without the prefix was accepted")
	}
}

func TestDescribeMasksSecrets(t *testing.T) {
	tests := []struct {
		name, db, token string
		wantDB          string
		leaks           []string
	}{
		{
			name:   "URL password masked, host kept",
			db:     "postgres://simpeg:hunter2@db.internal:5432/planning?sslmode=disable",
			token:  "s3cr3t-token",
			wantDB: "postgres://simpeg:xxxxx@db.internal:5432/planning?sslmode=disable",
			leaks:  []string{"hunter2", "s3cr3t-token"},
		},
		{
			name:   "password query parameter masked",
			db:     "postgres://db.internal/planning?password=hunter2&sslmode=require",
			token:  "t",
			wantDB: "postgres://db.internal/planning?password=xxxxx&sslmode=require",
			leaks:  []string{"hunter2"},
		},
		{
			name:   "URL without credentials unchanged",
			db:     "postgres://db.internal:5432/planning",
			wantDB: "postgres://db.internal:5432/planning",
		},
		{
			name:   "non-URL secret fully masked",
			db:     "data/planning.db",
			wantDB: "xxxxx",
			leaks:  []string{"planning"},
		},
		{
			name:   "every URL of a list masked",
			db:     "nats://u:pw1@a:4222,nats://u:pw2@b:4222",
			leaks:  []string{"pw1", "pw2"},
			wantDB: "nats://u:xxxxx@a:4222,nats://u:xxxxx@b:4222",
		},
		{
			name:   "token in the user part masked",
			db:     "nats://t0k3n@nats.internal:4222",
			leaks:  []string{"t0k3n"},
			wantDB: "nats://xxxxx@nats.internal:4222",
		},
		{
			name:   "empty secret stays empty",
			wantDB: "",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := testConfig{Name: "plain", DB: tc.db, Auth: inner{Token: tc.token}}
			fields, err := config.Describe(&c)
			if err != nil {
				t.Fatal(err)
			}
			byEnv := map[string]config.Field{}
			for _, f := range fields {
				byEnv[f.Env] = f
			}
			db := byEnv["SIMPEG_TEST_DB"]
			if !db.Secret || db.Flag != "test-db" || db.Value != tc.wantDB {
				t.Errorf("SIMPEG_TEST_DB described as %+v, want masked value %q", db, tc.wantDB)
			}
			if tc.token != "" && byEnv["SIMPEG_TEST_TOKEN"].Value != "xxxxx" {
				t.Errorf("token described as %q, want fully masked", byEnv["SIMPEG_TEST_TOKEN"].Value)
			}
			if got := byEnv["SIMPEG_TEST_NAME"].Value; got != "plain" {
				t.Errorf("non-secret described as %q", got)
			}
			kv := config.LogValue(&c)
			if len(kv)%2 != 0 {
				t.Fatalf("LogValue returned an odd number of items: %v", kv)
			}
			logged := map[string]any{}
			for i := 0; i < len(kv); i += 2 {
				logged[kv[i].(string)] = kv[i+1]
			}
			if logged["test-db"] != tc.wantDB {
				t.Errorf("LogValue test-db = %v, want %q", logged["test-db"], tc.wantDB)
			}
			if tc.token != "" && logged["test-token"] != "xxxxx" {
				t.Errorf("LogValue test-token = %v", logged["test-token"])
			}
			for _, leak := range tc.leaks {
				for _, f := range fields {
					if f.Secret && strings.Contains(f.Value, leak) {
						t.Errorf("Describe leaks %q in %s=%q", leak, f.Env, f.Value)
					}
				}
				for _, v := range kv {
					if s, ok := v.(string); ok && strings.Contains(s, leak) {
						t.Errorf("LogValue leaks %q in %q", leak, s)
					}
				}
			}
		})
	}
}

func TestDescribeFormats(t *testing.T) {
	c := testConfig{Timeout: 90 * time.Second, Hosts: []string{"x", "y"}, Count: 7, Enabled: true}
	fields, err := config.Describe(&c)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]config.Field{}
	for _, f := range fields {
		got[f.Flag] = f
	}
	want := map[string]string{"test-timeout": "1m30s", "test-hosts": "x,y", "test-count": "7", "test-enabled": "true", "otel-test-endpoint": "", "test-issuer": ""}
	for flagName, v := range want {
		if got[flagName].Value != v {
			t.Errorf("%s = %q, want %q", flagName, got[flagName].Value, v)
		}
	}
	if f := got["test-timeout"]; f.Env != "SIMPEG_TEST_TIMEOUT" || f.Default != "15s" || f.Help != "a duration" || f.Secret {
		t.Errorf("timeout field = %+v", f)
	}
	if len(fields) != 10 {
		t.Errorf("Describe returned %d fields, want 10 (nested walked, unexported skipped): %+v", len(fields), fields)
	}
}

func TestEnvNames(t *testing.T) {
	names, err := config.EnvNames(&testConfig{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"OTEL_TEST_ENDPOINT", "SIMPEG_TEST_BIG", "SIMPEG_TEST_COUNT", "SIMPEG_TEST_DB", "SIMPEG_TEST_ENABLED",
		"SIMPEG_TEST_HOSTS", "SIMPEG_TEST_ISSUER", "SIMPEG_TEST_NAME", "SIMPEG_TEST_TIMEOUT", "SIMPEG_TEST_TOKEN",
	}
	if !slices.Equal(names, want) {
		t.Fatalf("EnvNames = %v, want %v", names, want)
	}
	if !slices.IsSorted(names) {
		t.Fatal("EnvNames not sorted")
	}
}

func TestLoadDefaultsOverride(t *testing.T) {
	type cfg struct {
		Addr string `env:"SIMPEG_TEST_OVERRIDE_ADDR" default:"127.0.0.1:9090"`
		Name string `env:"SIMPEG_TEST_OVERRIDE_NAME" default:"planning"`
	}
	var c cfg
	if err := config.Load("t", &c, nil, map[string]string{"SIMPEG_TEST_OVERRIDE_ADDR": "127.0.0.1:9092"}); err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:9092" || c.Name != "planning" {
		t.Fatalf("got %+v; want the overridden address and the tag default name", c)
	}
	t.Setenv("SIMPEG_TEST_OVERRIDE_ADDR", "0.0.0.0:1")
	if err := config.Load("t", &c, nil, map[string]string{"SIMPEG_TEST_OVERRIDE_ADDR": "127.0.0.1:9092"}); err != nil {
		t.Fatal(err)
	}
	if c.Addr != "0.0.0.0:1" {
		t.Fatalf("environment must beat an overridden default, got %q", c.Addr)
	}
}
