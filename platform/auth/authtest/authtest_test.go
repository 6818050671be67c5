package authtest_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"google.golang.org/grpc/health/grpc_health_v1"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/auth/authtest"
)

// recorder is a testing.TB that keeps the failures instead of failing the real test.
type recorder struct {
	testing.TB
	failures []string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.failures = append(r.failures, fmt.Sprintf(format, args...))
}

func TestCheckRules(t *testing.T) {
	sd := grpc_health_v1.File_grpc_health_v1_health_proto.Services().ByName("Health")
	complete := func() auth.Rules {
		return auth.Rules{
			grpc_health_v1.Health_Check_FullMethodName: {Grants: auth.Everyone},
			grpc_health_v1.Health_Watch_FullMethodName: {Grants: auth.People},
			grpc_health_v1.Health_List_FullMethodName:  {Grants: auth.CityHROnly},
		}
	}
	tests := []struct {
		name       string
		edit       func(auth.Rules)
		idempotent []string
		public     []string
		want       []string // substrings, one per expected failure
	}{
		{name: "complete", edit: func(auth.Rules) {}, idempotent: []string{grpc_health_v1.Health_Check_FullMethodName}},
		{
			name: "missing rule",
			edit: func(r auth.Rules) { delete(r, grpc_health_v1.Health_Watch_FullMethodName) },
			want: []string{"method /grpc.health.v1.Health/Watch has no authorization rule"},
		},
		{
			name: "public method",
			edit: func(r auth.Rules) { r[grpc_health_v1.Health_List_FullMethodName] = auth.Rule{Public: true} },
			want: []string{"method /grpc.health.v1.Health/List is public"},
		},
		{
			name:   "public method the test names",
			edit:   func(r auth.Rules) { r[grpc_health_v1.Health_List_FullMethodName] = auth.Rule{Public: true} },
			public: []string{grpc_health_v1.Health_List_FullMethodName},
		},
		{
			name:   "named public but not",
			edit:   func(auth.Rules) {},
			public: []string{grpc_health_v1.Health_List_FullMethodName},
			want:   []string{"method /grpc.health.v1.Health/List is not public"},
		},
		{
			name:   "unknown public method",
			edit:   func(auth.Rules) {},
			public: []string{"/grpc.health.v1.Health/Open"},
			want:   []string{"public method /grpc.health.v1.Health/Open is not a method"},
		},
		{
			name: "no grants",
			edit: func(r auth.Rules) { r[grpc_health_v1.Health_List_FullMethodName] = auth.Rule{ClientScope: "x.read"} },
			want: []string{"method /grpc.health.v1.Health/List grants no role"},
		},
		{
			name: "dead rule",
			edit: func(r auth.Rules) { r["/grpc.health.v1.Health/Gone"] = auth.Rule{Grants: auth.Auditors} },
			want: []string{"rule for /grpc.health.v1.Health/Gone names no method"},
		},
		{
			name:       "unknown idempotent method",
			edit:       func(auth.Rules) {},
			idempotent: []string{"/grpc.health.v1.Health/Create"},
			want:       []string{"idempotent method /grpc.health.v1.Health/Create is not a method"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rules := complete()
			tt.edit(rules)
			rec := &recorder{TB: t}
			authtest.CheckRules(rec, sd, rules, tt.idempotent, tt.public...)
			if len(rec.failures) != len(tt.want) {
				t.Fatalf("failures = %q, want %d matching %q", rec.failures, len(tt.want), tt.want)
			}
			for _, w := range tt.want {
				if !slices.ContainsFunc(rec.failures, func(f string) bool { return strings.Contains(f, w) }) {
					t.Errorf("failures = %q, want one containing %q", rec.failures, w)
				}
			}
		})
	}
}

func TestCheckRulesWithoutDescriptor(t *testing.T) {
	rec := &recorder{TB: t}
	authtest.CheckRules(rec, nil, auth.Rules{}, nil)
	if len(rec.failures) != 1 {
		t.Errorf("failures = %q, want one for the missing descriptor", rec.failures)
	}
}

func TestCheckReadOnly(t *testing.T) {
	const read = "simpeg.read"
	rules := auth.Rules{
		"/s/Write":       {Grants: auth.CityHROnly},
		"/s/Leaky":       {Grants: auth.People},
		"/s/ServiceRead": {Grants: map[auth.Role]auth.Scope{auth.RoleService: auth.ScopeAll}, ClientScope: read},
	}
	tests := []struct {
		name   string
		writes []string
		scopes []string
		want   []string // substrings, one per expected failure
	}{
		{"city HR only passes", []string{"/s/Write"}, []string{read}, nil},
		{"a method people may call fails for each read-only role", []string{"/s/Leaky"}, []string{read}, []string{"employee may call /s/Leaky", "supervisor may call /s/Leaky", "auditor may call /s/Leaky", "service may call /s/Leaky"}},
		{"a service client with the scope fails", []string{"/s/ServiceRead"}, []string{read}, []string{"service may call /s/ServiceRead"}},
		{"a service client without the scope passes", []string{"/s/ServiceRead"}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &recorder{TB: t}
			authtest.CheckReadOnly(r, rules, tt.writes, tt.scopes...)
			if len(r.failures) != len(tt.want) {
				t.Fatalf("failures %q, want %d like %q", r.failures, len(tt.want), tt.want)
			}
			for i, w := range tt.want {
				if !strings.Contains(r.failures[i], w) {
					t.Errorf("failure %q, want it to say %q", r.failures[i], w)
				}
			}
		})
	}
}
