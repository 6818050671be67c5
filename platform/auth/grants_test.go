package auth_test

import (
	"testing"

	"github.com/simpeg-id/simpeg/platform/auth"
)

// The shared grant sets give each role the scope their doc comments promise.
func TestGrantSets(t *testing.T) {
	tests := []struct {
		name   string
		grants map[auth.Role]auth.Scope
		role   auth.Role
		want   auth.Scope
	}{
		{"everyone/employee", auth.Everyone, auth.RoleEmployee, auth.ScopeAll},
		{"everyone/service", auth.Everyone, auth.RoleService, auth.ScopeAll},
		{"city HR only/city HR", auth.CityHROnly, auth.RoleCityHR, auth.ScopeAll},
		{"city HR only/agency HR", auth.CityHROnly, auth.RoleAgencyHR, auth.ScopeNone},
		{"HR write/agency HR", auth.HRWrite, auth.RoleAgencyHR, auth.ScopeAgency},
		{"HR write/auditor", auth.HRWrite, auth.RoleAuditor, auth.ScopeNone},
		{"people/employee", auth.People, auth.RoleEmployee, auth.ScopeSelf},
		{"people/supervisor", auth.People, auth.RoleSupervisor, auth.ScopeSubordinates},
		{"people/agency HR", auth.People, auth.RoleAgencyHR, auth.ScopeAgency},
		{"people/auditor", auth.People, auth.RoleAuditor, auth.ScopeAll},
		{"auditors/auditor", auth.Auditors, auth.RoleAuditor, auth.ScopeAll},
		{"auditors/employee", auth.Auditors, auth.RoleEmployee, auth.ScopeNone},
	}
	for _, tt := range tests {
		rule := auth.Rule{Grants: tt.grants}
		if got := rule.Decide(auth.Principal{Roles: []auth.Role{tt.role}}); got != tt.want {
			t.Errorf("%s: scope %s, want %s", tt.name, got, tt.want)
		}
	}
}
