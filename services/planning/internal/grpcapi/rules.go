package grpcapi

import (
	"github.com/simpeg-id/simpeg/platform/auth"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
)

// ClientScopeRead is the OAuth scope a service client needs to read the registry.
const ClientScopeRead = "planning.read"

var (
	// cityHROnly: city-wide administration.
	cityHROnly = map[auth.Role]auth.Scope{auth.RoleCityHR: auth.ScopeAll}
	// hrWrite: city HR anywhere, agency HR in their own agency.
	hrWrite = map[auth.Role]auth.Scope{auth.RoleCityHR: auth.ScopeAll, auth.RoleAgencyHR: auth.ScopeAgency}
	// directory: the organisation (agencies, positions) is not personal data; every caller reads all.
	directory = map[auth.Role]auth.Scope{
		auth.RoleEmployee: auth.ScopeAll, auth.RoleSupervisor: auth.ScopeAll, auth.RoleAgencyHR: auth.ScopeAll,
		auth.RoleCityHR: auth.ScopeAll, auth.RoleAuditor: auth.ScopeAll, auth.RoleService: auth.ScopeAll,
	}
	// people: employee records, narrowed to what each role may see.
	people = map[auth.Role]auth.Scope{
		auth.RoleEmployee: auth.ScopeSelf, auth.RoleSupervisor: auth.ScopeSubordinates, auth.RoleAgencyHR: auth.ScopeAgency,
		auth.RoleCityHR: auth.ScopeAll, auth.RoleAuditor: auth.ScopeAll, auth.RoleService: auth.ScopeAll,
	}
	auditors = map[auth.Role]auth.Scope{auth.RoleAuditor: auth.ScopeAll, auth.RoleCityHR: auth.ScopeAll}
)

// Rules is the planning service's authorization table: every method and who may call it. A
// method missing here is denied; a test proves every method of the service is listed.
var Rules = auth.Rules{
	planningv1.PlanningService_CreateAgency_FullMethodName:         {Grants: cityHROnly},
	planningv1.PlanningService_GetAgency_FullMethodName:            {Grants: directory, ClientScope: ClientScopeRead},
	planningv1.PlanningService_ListAgencies_FullMethodName:         {Grants: directory, ClientScope: ClientScopeRead},
	planningv1.PlanningService_UpdateAgency_FullMethodName:         {Grants: cityHROnly},
	planningv1.PlanningService_CreatePosition_FullMethodName:       {Grants: hrWrite},
	planningv1.PlanningService_GetPosition_FullMethodName:          {Grants: directory, ClientScope: ClientScopeRead},
	planningv1.PlanningService_ListPositions_FullMethodName:        {Grants: directory, ClientScope: ClientScopeRead},
	planningv1.PlanningService_UpdatePosition_FullMethodName:       {Grants: hrWrite},
	planningv1.PlanningService_CreateEmployee_FullMethodName:       {Grants: hrWrite},
	planningv1.PlanningService_BatchCreateEmployees_FullMethodName: {Grants: hrWrite},
	planningv1.PlanningService_GetEmployee_FullMethodName:          {Grants: people, ClientScope: ClientScopeRead},
	planningv1.PlanningService_ListEmployees_FullMethodName:        {Grants: people, ClientScope: ClientScopeRead},
	planningv1.PlanningService_UpdateEmployee_FullMethodName:       {Grants: hrWrite},
	planningv1.PlanningService_TransferEmployee_FullMethodName:     {Grants: cityHROnly},
	planningv1.PlanningService_RetireEmployee_FullMethodName:       {Grants: hrWrite},
	planningv1.PlanningService_ListAuditRecords_FullMethodName:     {Grants: auditors},
}

// Idempotent lists the creating methods that honour an Idempotency-Key.
var Idempotent = []string{
	planningv1.PlanningService_CreateAgency_FullMethodName,
	planningv1.PlanningService_CreatePosition_FullMethodName,
	planningv1.PlanningService_CreateEmployee_FullMethodName,
	planningv1.PlanningService_BatchCreateEmployees_FullMethodName,
	planningv1.PlanningService_TransferEmployee_FullMethodName,
	planningv1.PlanningService_RetireEmployee_FullMethodName,
}
