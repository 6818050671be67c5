// Package authtest holds test helpers for the authorization tables of the services.
package authtest

import (
	"testing"

	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/simpeg-id/simpeg/platform/auth"
)

// CheckRules fails t unless rules and the service sd match one to one: every method of sd has a
// rule that grants some role (a method without one would be denied to everyone), every rule
// names a method of sd (a rule without one is dead), and every method in idempotent is a method
// of sd. The methods of public, and only they, are public (need no token): a service lists the
// few it means to open to anyone, such as training's certificate check.
func CheckRules(t testing.TB, sd protoreflect.ServiceDescriptor, rules auth.Rules, idempotent []string, public ...string) {
	t.Helper()
	if sd == nil {
		t.Errorf("no service descriptor to check the rules against")
		return
	}
	open := make(map[string]bool, len(public))
	for _, m := range public {
		open[m] = true
	}
	methods := make(map[string]bool, sd.Methods().Len())
	for i := range sd.Methods().Len() {
		full := "/" + string(sd.FullName()) + "/" + string(sd.Methods().Get(i).Name())
		methods[full] = true
		rule, ok := rules[full]
		switch {
		case !ok:
			t.Errorf("method %s has no authorization rule", full)
		case rule.Public != open[full]:
			if rule.Public {
				t.Errorf("method %s is public; only health checks and the methods the test names may be", full)
			} else {
				t.Errorf("method %s is not public; the test says anyone may call it", full)
			}
		case !rule.Public && len(rule.Grants) == 0:
			t.Errorf("method %s grants no role", full)
		}
	}
	for _, m := range public {
		if !methods[m] {
			t.Errorf("public method %s is not a method of the service", m)
		}
	}
	for m := range rules {
		if !methods[m] {
			t.Errorf("rule for %s names no method of the service", m)
		}
	}
	for _, m := range idempotent {
		if !methods[m] {
			t.Errorf("idempotent method %s is not a method of the service", m)
		}
	}
}

// ReadOnlyRoles are the roles that never change data: employees, supervisors, auditors and
// service clients.
var ReadOnlyRoles = []auth.Role{auth.RoleEmployee, auth.RoleSupervisor, auth.RoleAuditor, auth.RoleService}

// CheckReadOnly fails t for every method of writes that rules grant, with any scope, to a caller
// of one of ReadOnlyRoles holding the client scopes scopes (a service client's read scope, so
// that only the role is refused).
func CheckReadOnly(t testing.TB, rules auth.Rules, writes []string, scopes ...string) {
	t.Helper()
	for _, m := range writes {
		for _, r := range ReadOnlyRoles {
			if s := rules[m].Decide(auth.Principal{Roles: []auth.Role{r}, Scopes: scopes}); s != auth.ScopeNone {
				t.Errorf("%s may call %s with scope %s", r, m, s)
			}
		}
	}
}
