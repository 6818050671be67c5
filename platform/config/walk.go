package config

import (
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Services is the port table: service i of the list listens for gRPC on 9090+2i and serves
// its metrics on the port after, so every service runs beside the others on one machine
// without settings. A new service is added at the end; the order never changes.
var Services = []string{"planning", "attendance", "training", "evaluation"}

// Ports returns the service's default gRPC and metrics ports from the port table.
func Ports(service string) (grpc, metrics int, ok bool) {
	i := slices.Index(Services, service)
	if i < 0 {
		return 0, 0, false
	}
	return 9090 + 2*i, 9090 + 2*i + 1, true
}

// Keys is implemented by the type of a map[string]string setting: the map holds one setting
// per key, named by the field's env tag with the key as the service of its placeholders.
type Keys interface {
	SettingKeys() []string
}

// Scoped wraps cfg, a pointer to a struct, so that Load, Describe, EnvNames and LogValue read
// it in the scope of service, as if it were a field tagged service:"<service>".
func Scoped(service string, cfg any) any { return scoped{service: service, cfg: cfg} }

type scoped struct {
	service string
	cfg     any
}

type field struct {
	meta Field
	get  func() string
	set  func(raw string) error
}

var (
	keysType    = reflect.TypeFor[Keys]()
	placeholder = regexp.MustCompile(`\{[A-Za-z_]+\}`)
)

// walkAll lists the settings of every target, refusing a variable declared twice.
func walkAll(targets []any) ([]field, error) {
	var out []field
	seen := map[string]bool{}
	for _, t := range targets {
		service := ""
		if s, ok := t.(scoped); ok {
			service, t = s.service, s.cfg
		}
		v := reflect.ValueOf(t)
		if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
			return nil, fmt.Errorf("config: want a pointer to a struct, got %T", t)
		}
		fields, err := walk(v.Elem(), service)
		if err != nil {
			return nil, err
		}
		for _, f := range fields {
			if seen[f.meta.Env] {
				return nil, fmt.Errorf("config: %s is declared twice", f.meta.Env)
			}
			seen[f.meta.Env] = true
		}
		out = append(out, fields...)
	}
	return out, nil
}

func walk(v reflect.Value, service string) ([]field, error) {
	var out []field
	t := v.Type()
	for i := range t.NumField() {
		sf := t.Field(i)
		fv := v.Field(i)
		scope := service
		if s, ok := sf.Tag.Lookup("service"); ok {
			scope = s
		}
		if _, ok := sf.Tag.Lookup("env"); !ok {
			if sf.Type.Kind() == reflect.Struct && sf.Type != reflect.TypeFor[time.Time]() && sf.IsExported() {
				inner, err := walk(fv, scope)
				if err != nil {
					return nil, err
				}
				out = append(out, inner...)
			}
			continue
		}
		if sf.Type.Kind() == reflect.Map && sf.Type.Implements(keysType) {
			if sf.Type.Key().Kind() != reflect.String || sf.Type.Elem().Kind() != reflect.String {
				return nil, fmt.Errorf("config: field %s: a keyed setting must be a map of strings", sf.Name)
			}
			if fv.IsNil() {
				fv.Set(reflect.MakeMap(sf.Type))
			}
			for _, key := range reflect.Zero(sf.Type).Interface().(Keys).SettingKeys() {
				f, err := newField(sf, key)
				if err != nil {
					return nil, err
				}
				k := reflect.ValueOf(key)
				f.get = func() string {
					if x := fv.MapIndex(k); x.IsValid() {
						return x.String()
					}
					return ""
				}
				f.set = func(raw string) error {
					fv.SetMapIndex(k, reflect.ValueOf(raw).Convert(sf.Type.Elem()))
					return nil
				}
				out = append(out, f)
			}
			continue
		}
		f, err := newField(sf, scope)
		if err != nil {
			return nil, err
		}
		f.get = func() string { return format(fv) }
		f.set = func(raw string) error { return assign(fv, raw) }
		out = append(out, f)
	}
	return out, nil
}

// newField reads the tags of sf with the placeholders of service resolved.
func newField(sf reflect.StructField, service string) (field, error) {
	vars := map[string]string{}
	if service != "" {
		vars["{SERVICE}"] = strings.ToUpper(strings.ReplaceAll(service, "-", "_"))
		vars["{service}"] = service
		if g, m, ok := Ports(service); ok {
			vars["{GRPC_PORT}"] = strconv.Itoa(g)
			vars["{METRICS_PORT}"] = strconv.Itoa(m)
		}
	}
	resolve := func(s string) string {
		return placeholder.ReplaceAllStringFunc(s, func(p string) string {
			if v, ok := vars[p]; ok {
				return v
			}
			return p
		})
	}
	env, def := resolve(sf.Tag.Get("env")), resolve(sf.Tag.Get("default"))
	for _, s := range []string{env, def} {
		if p := placeholder.FindString(s); p != "" {
			where := "outside a service scope"
			if service != "" {
				where = "for service " + strconv.Quote(service) + ", which is not in the port table or has no such placeholder"
			}
			return field{}, fmt.Errorf("config: field %s: placeholder %s unresolved %s", sf.Name, p, where)
		}
	}
	if !strings.HasPrefix(env, "SIMPEG_") && !strings.HasPrefix(env, "OTEL_") {
		return field{}, fmt.Errorf("config: field %s: variable %q lacks the SIMPEG_ prefix", sf.Name, env)
	}
	return field{meta: Field{
		Env:     env,
		Flag:    flagName(env),
		Default: def,
		Help:    resolve(sf.Tag.Get("help")),
		Secret:  sf.Tag.Get("secret") == "true",
	}}, nil
}
