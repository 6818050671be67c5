// Package config reads a binary's typed configuration once, at start, from SIMPEG_* environment
// variables and the matching command-line flags.
//
// A configuration is a struct whose fields carry tags:
//
//	type Config struct {
//		DatabaseURL string        `env:"SIMPEG_DATABASE_URL" default:"data/planning.db" help:"database URL" secret:"true"`
//		Shutdown    time.Duration `env:"SIMPEG_SHUTDOWN_TIMEOUT" default:"15s" help:"graceful shutdown bound"`
//	}
//
// The flag name is the variable name without the prefix, lower-case, with dashes
// (SIMPEG_DATABASE_URL → --database-url). Precedence: flag, then environment, then default.
// Nested structs are walked, so shared parts (auth, telemetry) are declared once.
package config

import (
	"errors"
	"flag"
	"fmt"
	"net/url"
	"os"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Field describes one configuration setting, for help output, logging and checks.
type Field struct {
	Env     string
	Flag    string
	Default string
	Help    string
	Secret  bool
	Value   string
}

// Load fills cfg (a pointer to a struct) from defaults, the environment and args, in that
// order of increasing precedence. It returns flag.ErrHelp when args ask for help.
//
// defaults, keyed by variable name, replace the tag defaults: services that share a settings
// struct differ in their own defaults (each service's gRPC port, for one).
func Load(name string, cfg any, args []string, defaults ...map[string]string) error {
	fields, err := walk(cfg)
	if err != nil {
		return err
	}
	for _, d := range defaults {
		for i := range fields {
			if v, ok := d[fields[i].meta.Env]; ok {
				fields[i].meta.Default = v
			}
		}
	}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage of %s:\n", name)
		for _, f := range fields {
			fmt.Fprintf(fs.Output(), "  --%s (env %s, default %q)\n    \t%s\n", f.meta.Flag, f.meta.Env, f.meta.Default, f.meta.Help)
		}
	}
	flagValues := map[string]*string{}
	for _, f := range fields {
		flagValues[f.meta.Flag] = fs.String(f.meta.Flag, "", f.meta.Help)
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	var errs []error
	for _, f := range fields {
		raw := f.meta.Default
		if v, ok := os.LookupEnv(f.meta.Env); ok {
			raw = v
		}
		if set[f.meta.Flag] {
			raw = *flagValues[f.meta.Flag]
		}
		if err := assign(f.value, raw); err != nil {
			errs = append(errs, fmt.Errorf("%s (--%s): %w", f.meta.Env, f.meta.Flag, err))
		}
	}
	return errors.Join(errs...)
}

// Describe lists the settings of cfg with their current values, secrets masked.
func Describe(cfg any) ([]Field, error) {
	fields, err := walk(cfg)
	if err != nil {
		return nil, err
	}
	out := make([]Field, 0, len(fields))
	for _, f := range fields {
		m := f.meta
		m.Value = format(f.value)
		if m.Secret {
			m.Value = mask(m.Value)
		}
		out = append(out, m)
	}
	return out, nil
}

// EnvNames returns the sorted environment variable names cfg reads.
func EnvNames(cfg any) ([]string, error) {
	fields, err := walk(cfg)
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(fields))
	for _, f := range fields {
		names = append(names, f.meta.Env)
	}
	sort.Strings(names)
	return names, nil
}

// LogValue returns key/value pairs of the settings, secrets masked, for one log line at start.
func LogValue(cfg any) []any {
	fields, err := Describe(cfg)
	if err != nil {
		return []any{"config_error", err.Error()}
	}
	kv := make([]any, 0, 2*len(fields))
	for _, f := range fields {
		kv = append(kv, f.Flag, f.Value)
	}
	return kv
}

type field struct {
	meta  Field
	value reflect.Value
}

func walk(cfg any) ([]field, error) {
	v := reflect.ValueOf(cfg)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return nil, fmt.Errorf("config: want a pointer to a struct, got %T", cfg)
	}
	var out []field
	var rec func(v reflect.Value) error
	rec = func(v reflect.Value) error {
		t := v.Type()
		for i := range t.NumField() {
			sf := t.Field(i)
			fv := v.Field(i)
			env, ok := sf.Tag.Lookup("env")
			if !ok {
				if sf.Type.Kind() == reflect.Struct && sf.Type != reflect.TypeFor[time.Time]() && sf.IsExported() {
					if err := rec(fv); err != nil {
						return err
					}
				}
				continue
			}
			if !strings.HasPrefix(env, "SIMPEG_") && !strings.HasPrefix(env, "OTEL_") {
				return fmt.Errorf("config: field %s: variable %q lacks the SIMPEG_ prefix", sf.Name, env)
			}
			name := strings.TrimPrefix(strings.TrimPrefix(env, "SIMPEG_"), "OTEL_")
			if strings.HasPrefix(env, "OTEL_") {
				name = "otel-" + name
			}
			out = append(out, field{
				meta: Field{
					Env:     env,
					Flag:    strings.ReplaceAll(strings.ToLower(name), "_", "-"),
					Default: sf.Tag.Get("default"),
					Help:    sf.Tag.Get("help"),
					Secret:  sf.Tag.Get("secret") == "true",
				},
				value: fv,
			})
		}
		return nil
	}
	if err := rec(v.Elem()); err != nil {
		return nil, err
	}
	return out, nil
}

func assign(v reflect.Value, raw string) error {
	switch v.Interface().(type) {
	case time.Duration:
		if raw == "" {
			v.SetInt(0)
			return nil
		}
		d, err := time.ParseDuration(raw)
		if err != nil {
			return fmt.Errorf("not a duration: %q", raw)
		}
		v.SetInt(int64(d))
		return nil
	case []string:
		var parts []string
		for p := range strings.SplitSeq(raw, ",") {
			if p = strings.TrimSpace(p); p != "" {
				parts = append(parts, p)
			}
		}
		v.Set(reflect.ValueOf(parts))
		return nil
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(raw)
	case reflect.Bool:
		if raw == "" {
			v.SetBool(false)
			return nil
		}
		b, err := strconv.ParseBool(raw)
		if err != nil {
			return fmt.Errorf("not a boolean: %q", raw)
		}
		v.SetBool(b)
	case reflect.Int, reflect.Int32, reflect.Int64:
		if raw == "" {
			v.SetInt(0)
			return nil
		}
		n, err := strconv.ParseInt(raw, 10, 64)
		if err != nil {
			return fmt.Errorf("not an integer: %q", raw)
		}
		v.SetInt(n)
	default:
		return fmt.Errorf("unsupported type %s", v.Type())
	}
	return nil
}

func format(v reflect.Value) string {
	switch x := v.Interface().(type) {
	case []string:
		return strings.Join(x, ",")
	case time.Duration:
		return x.String()
	}
	return fmt.Sprint(v.Interface())
}

// mask hides a secret. For URLs it keeps everything but the password, so the log still shows
// which database or server is used. A comma-separated list (NATS cluster URLs) is masked item
// by item, and a user part without a password is masked whole, as NATS reads it as a token.
func mask(s string) string {
	if s == "" {
		return ""
	}
	if strings.Contains(s, ",") {
		parts := strings.Split(s, ",")
		for i, p := range parts {
			parts[i] = mask(strings.TrimSpace(p))
		}
		return strings.Join(parts, ",")
	}
	if u, err := url.Parse(s); err == nil && u.Scheme != "" && u.Host != "" {
		if _, has := u.User.Password(); has {
			u.User = url.UserPassword(u.User.Username(), "xxxxx")
		} else if u.User != nil && u.User.Username() != "" {
			u.User = url.User("xxxxx")
		}
		q := u.Query()
		for k := range q {
			if strings.Contains(strings.ToLower(k), "password") || strings.Contains(strings.ToLower(k), "secret") {
				q.Set(k, "xxxxx")
			}
		}
		u.RawQuery = q.Encode()
		return u.String()
	}
	return "xxxxx"
}
