package grpcapi_test

import (
	"testing"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/auth/authtest"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
	"github.com/simpeg-id/simpeg/services/planning/internal/grpcapi"
)

// Every method of the service descriptor must have a rule, and every rule a method: a method
// without one would be denied to everyone, a rule without one is dead.
func TestRulesCoverEveryMethod(t *testing.T) {
	authtest.CheckRules(t, planningv1.File_simpeg_planning_v1_planning_service_proto.Services().ByName("PlanningService"), grpcapi.Rules, grpcapi.Idempotent)
}

// Writes are never granted to employees, supervisors, auditors or service clients.
func TestReadOnlyRoles(t *testing.T) {
	writes := []string{
		planningv1.PlanningService_CreateAgency_FullMethodName, planningv1.PlanningService_UpdateAgency_FullMethodName,
		planningv1.PlanningService_CreatePosition_FullMethodName, planningv1.PlanningService_UpdatePosition_FullMethodName,
		planningv1.PlanningService_BatchCreatePositions_FullMethodName,
		planningv1.PlanningService_CreateEmployee_FullMethodName, planningv1.PlanningService_BatchCreateEmployees_FullMethodName,
		planningv1.PlanningService_UpdateEmployee_FullMethodName, planningv1.PlanningService_TransferEmployee_FullMethodName,
		planningv1.PlanningService_RetireEmployee_FullMethodName,
	}
	authtest.CheckReadOnly(t, grpcapi.Rules, writes, grpcapi.ClientScopeRead)
	read := grpcapi.Rules[planningv1.PlanningService_GetEmployee_FullMethodName]
	if s := read.Decide(auth.Principal{Roles: []auth.Role{auth.RoleService}}); s != auth.ScopeNone {
		t.Errorf("a service client without the %s scope may read employees", grpcapi.ClientScopeRead)
	}
	if s := read.Decide(auth.Principal{Roles: []auth.Role{auth.RoleEmployee, auth.RoleSupervisor}}); s != auth.ScopeSubordinates {
		t.Errorf("employee+supervisor scope = %s, want subordinates", s)
	}
}

// The positions' batch is granted as the single create: agency HR their agency (the use case
// refuses a row of another), city HR all, nobody else.
func TestBatchCreatePositionsRule(t *testing.T) {
	rule := grpcapi.Rules[planningv1.PlanningService_BatchCreatePositions_FullMethodName]
	single := grpcapi.Rules[planningv1.PlanningService_CreatePosition_FullMethodName]
	tests := []struct {
		roles []auth.Role
		want  auth.Scope
	}{
		{[]auth.Role{auth.RoleEmployee}, auth.ScopeNone},
		{[]auth.Role{auth.RoleEmployee, auth.RoleSupervisor}, auth.ScopeNone},
		{[]auth.Role{auth.RoleAuditor}, auth.ScopeNone},
		{[]auth.Role{auth.RoleService}, auth.ScopeNone},
		{[]auth.Role{auth.RoleAgencyHR}, auth.ScopeAgency},
		{[]auth.Role{auth.RoleCityHR}, auth.ScopeAll},
	}
	for _, tt := range tests {
		p := auth.Principal{Roles: tt.roles, Scopes: []string{grpcapi.ClientScopeRead}}
		if got := rule.Decide(p); got != tt.want {
			t.Errorf("%v: scope %s, want %s", tt.roles, got, tt.want)
		}
		if got, one := rule.Decide(p), single.Decide(p); got != one {
			t.Errorf("%v: batch scope %s, single create %s", tt.roles, got, one)
		}
	}
}

// The dashboards' headcount: agency HR their agency, city HR and auditors all, nobody else.
func TestHeadcountRule(t *testing.T) {
	rule := grpcapi.Rules[planningv1.PlanningService_GetHeadcount_FullMethodName]
	tests := []struct {
		roles []auth.Role
		want  auth.Scope
	}{
		{[]auth.Role{auth.RoleEmployee}, auth.ScopeNone},
		{[]auth.Role{auth.RoleEmployee, auth.RoleSupervisor}, auth.ScopeNone},
		{[]auth.Role{auth.RoleAgencyHR}, auth.ScopeAgency},
		{[]auth.Role{auth.RoleCityHR}, auth.ScopeAll},
		{[]auth.Role{auth.RoleAuditor}, auth.ScopeAll},
		{[]auth.Role{auth.RoleService}, auth.ScopeNone},
	}
	for _, tt := range tests {
		if got := rule.Decide(auth.Principal{Roles: tt.roles, Scopes: []string{grpcapi.ClientScopeRead}}); got != tt.want {
			t.Errorf("%v: scope %s, want %s", tt.roles, got, tt.want)
		}
	}
}
