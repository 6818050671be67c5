// Package config reads a binary's typed configuration once, at start, from SIMPEG_* environment
// variables and the matching command-line flags.
//
// A configuration is a struct whose fields carry tags:
//
//	type Config struct {
//		DataDir  string        `env:"SIMPEG_DATA_DIR" default:"data" help:"where the files go"`
//		Shutdown time.Duration `env:"SIMPEG_SHUTDOWN_TIMEOUT" default:"15s" help:"graceful shutdown bound"`
//	}
//
// The flag name is the variable name without the prefix, lower-case, with dashes
// (SIMPEG_DATA_DIR → --data-dir). Precedence: flag, then environment, then default. Nested
// structs are walked, so shared parts (auth, telemetry) are declared once.
//
// Settings named after a service are declared once for all services: a field tagged
// service:"attendance" (or a value wrapped by Scoped) opens a scope in which the placeholders
// {SERVICE} (ATTENDANCE), {service} (attendance), {GRPC_PORT} and {METRICS_PORT} (from the
// port table, Ports) are resolved in the env, default and help tags below it:
//
//	type Instance struct {
//		GRPCAddr string `env:"SIMPEG_{SERVICE}_GRPC_ADDR" default:"127.0.0.1:{GRPC_PORT}" help:"…"`
//	}
//
// A map[string]string field whose type implements Keys holds one such setting per key.
package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
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

// Process holds the settings every simpeg binary has, declared once here.
type Process struct {
	LogLevel        string        `env:"SIMPEG_LOG_LEVEL" default:"info" help:"debug, info, warn or error"`
	ShutdownTimeout time.Duration `env:"SIMPEG_SHUTDOWN_TIMEOUT" default:"15s" help:"how long in-flight calls may take to finish at shutdown"`
	// PprofAddr is per process (telemetry.ProfilingServer), so it is here and not a service's.
	PprofAddr string `env:"SIMPEG_PPROF_ADDR" help:"loopback address (127.0.0.1:<port>) serving Go profiles under /debug/pprof/; empty (the default) serves none, a non-loopback address is refused"`
}

// Renamed reports a deprecated variable (or its flag) that was set: Old still works for one
// release, and New, the setting's name now, wins when both are set.
type Renamed struct {
	Old, New string
}

// Loader reads the settings of one or more structs, sharing one flag set and one --help.
type Loader struct {
	// Name is the command, for --help ("simpeg run").
	Name string
	// Defaults, keyed by variable name, replace the tags' defaults for this binary.
	Defaults map[string]string
	// Renames maps a deprecated variable name to the setting's name now. The old name (and its
	// flag) is still read when it is set; Load reports it so the binary can log a warning.
	Renames map[string]string
	// Output receives the --help text; nil means standard error.
	Output io.Writer
}

// Load fills cfg (a pointer to a struct) from defaults, the environment and args, in that
// order of increasing precedence. It returns flag.ErrHelp when args ask for help. defaults,
// keyed by variable name, replace the tag defaults.
func Load(name string, cfg any, args []string, defaults ...map[string]string) error {
	l := Loader{Name: name, Defaults: map[string]string{}}
	for _, d := range defaults {
		for k, v := range d {
			l.Defaults[k] = v
		}
	}
	_, err := l.Load(args, cfg)
	return err
}

// Load fills every target (pointers to structs, or Scoped values) from defaults, the
// environment and args, in that order of increasing precedence, and returns the deprecated
// names that were set. A variable may be declared by one target only. It returns
// flag.ErrHelp when args ask for help.
func (l Loader) Load(args []string, targets ...any) ([]Renamed, error) {
	fields, err := walkAll(targets)
	if err != nil {
		return nil, err
	}
	byEnv := make(map[string]*field, len(fields))
	for i := range fields {
		byEnv[fields[i].meta.Env] = &fields[i]
	}
	for env, v := range l.Defaults {
		f, ok := byEnv[env]
		if !ok {
			return nil, fmt.Errorf("config: a default for %s, which is not a setting", env)
		}
		f.meta.Default = v
	}
	oldOf := map[string][]string{} // new name → deprecated names
	for old, name := range l.Renames {
		if _, ok := byEnv[name]; !ok {
			return nil, fmt.Errorf("config: %s renamed to %s, which is not a setting", old, name)
		}
		if _, ok := byEnv[old]; ok {
			return nil, fmt.Errorf("config: %s is renamed but still a setting", old)
		}
		oldOf[name] = append(oldOf[name], old)
	}
	for _, olds := range oldOf {
		sort.Strings(olds)
	}

	fs := flag.NewFlagSet(l.Name, flag.ContinueOnError)
	if l.Output != nil {
		fs.SetOutput(l.Output)
	}
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage of %s:\n", l.Name)
		for _, f := range fields {
			fmt.Fprintf(fs.Output(), "  --%s (env %s, default %q)\n    \t%s\n", f.meta.Flag, f.meta.Env, f.meta.Default, f.meta.Help)
			if olds := oldOf[f.meta.Env]; len(olds) > 0 {
				fmt.Fprintf(fs.Output(), "    \tdeprecated name: %s (still read for one release)\n", strings.Join(olds, ", "))
			}
		}
	}
	flagValues := map[string]*string{}
	for _, f := range fields {
		flagValues[f.meta.Flag] = fs.String(f.meta.Flag, "", f.meta.Help)
	}
	for old, name := range l.Renames {
		if _, taken := flagValues[flagName(old)]; taken {
			return nil, fmt.Errorf("config: the flag of deprecated %s is a setting's flag", old)
		}
		flagValues[flagName(old)] = fs.String(flagName(old), "", "deprecated: use --"+flagName(name))
	}
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })

	var renamed []Renamed
	var errs []error
	for _, f := range fields {
		olds := oldOf[f.meta.Env]
		raw := f.meta.Default
		for _, old := range olds {
			if v, ok := os.LookupEnv(old); ok {
				raw = v
				renamed = append(renamed, Renamed{Old: old, New: f.meta.Env})
			}
		}
		if v, ok := os.LookupEnv(f.meta.Env); ok {
			raw = v
		}
		for _, old := range olds {
			if set[flagName(old)] {
				raw = *flagValues[flagName(old)]
				renamed = append(renamed, Renamed{Old: "--" + flagName(old), New: "--" + f.meta.Flag})
			}
		}
		if set[f.meta.Flag] {
			raw = *flagValues[f.meta.Flag]
		}
		if err := f.set(raw); err != nil {
			errs = append(errs, fmt.Errorf("%s (--%s): %w", f.meta.Env, f.meta.Flag, err))
		}
	}
	return renamed, errors.Join(errs...)
}

// Describe lists the settings of cfgs (pointers to structs, or Scoped values) with their
// current values, secrets masked.
func Describe(cfgs ...any) ([]Field, error) {
	fields, err := walkAll(cfgs)
	if err != nil {
		return nil, err
	}
	out := make([]Field, 0, len(fields))
	for _, f := range fields {
		m := f.meta
		m.Value = f.get()
		if m.Secret {
			m.Value = mask(m.Value)
		}
		out = append(out, m)
	}
	return out, nil
}

// EnvNames returns the sorted environment variable names cfgs read.
func EnvNames(cfgs ...any) ([]string, error) {
	fields, err := walkAll(cfgs)
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
func LogValue(cfgs ...any) []any {
	fields, err := Describe(cfgs...)
	if err != nil {
		return []any{"config_error", err.Error()}
	}
	kv := make([]any, 0, 2*len(fields))
	for _, f := range fields {
		kv = append(kv, f.Flag, f.Value)
	}
	return kv
}

// flagName is a variable's flag: SIMPEG_DATA_DIR → data-dir, OTEL_X → otel-x.
func flagName(env string) string {
	name := strings.TrimPrefix(env, "SIMPEG_")
	if rest, ok := strings.CutPrefix(env, "OTEL_"); ok {
		name = "otel-" + rest
	}
	return strings.ReplaceAll(strings.ToLower(name), "_", "-")
}
