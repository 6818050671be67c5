package grpcapi

import (
	"github.com/simpeg-id/simpeg/platform/auth"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
)

// ClientScopeRead is the OAuth scope a service client needs to read the registry.
const ClientScopeRead = "planning.read"

// Rules is the planning service's authorization table: every method and who may call it. A
// method missing here is denied; a test proves every method of the service is listed. The
// organisation (agencies, positions) is not personal data, so every caller reads all of it;
// employee records are narrowed to what each role may see (auth.People).
var Rules = auth.Rules{
	planningv1.PlanningService_CreateAgency_FullMethodName:         {Grants: auth.CityHROnly},
	planningv1.PlanningService_GetAgency_FullMethodName:            {Grants: auth.Everyone, ClientScope: ClientScopeRead},
	planningv1.PlanningService_ListAgencies_FullMethodName:         {Grants: auth.Everyone, ClientScope: ClientScopeRead},
	planningv1.PlanningService_UpdateAgency_FullMethodName:         {Grants: auth.CityHROnly},
	planningv1.PlanningService_CreatePosition_FullMethodName:       {Grants: auth.HRWrite},
	planningv1.PlanningService_GetPosition_FullMethodName:          {Grants: auth.Everyone, ClientScope: ClientScopeRead},
	planningv1.PlanningService_ListPositions_FullMethodName:        {Grants: auth.Everyone, ClientScope: ClientScopeRead},
	planningv1.PlanningService_UpdatePosition_FullMethodName:       {Grants: auth.HRWrite},
	planningv1.PlanningService_CreateEmployee_FullMethodName:       {Grants: auth.HRWrite},
	planningv1.PlanningService_BatchCreateEmployees_FullMethodName: {Grants: auth.HRWrite},
	planningv1.PlanningService_ImportEmployees_FullMethodName:      {Grants: auth.CityHROnly},
	planningv1.PlanningService_GetEmployee_FullMethodName:          {Grants: auth.People, ClientScope: ClientScopeRead},
	planningv1.PlanningService_ListEmployees_FullMethodName:        {Grants: auth.People, ClientScope: ClientScopeRead},
	planningv1.PlanningService_UpdateEmployee_FullMethodName:       {Grants: auth.HRWrite},
	planningv1.PlanningService_TransferEmployee_FullMethodName:     {Grants: auth.CityHROnly},
	planningv1.PlanningService_RetireEmployee_FullMethodName:       {Grants: auth.HRWrite},
	planningv1.PlanningService_ListAuditRecords_FullMethodName:     {Grants: auth.Auditors},
	// The dashboards' headcount: HR and the inspectorate, not employees or supervisors.
	planningv1.PlanningService_GetHeadcount_FullMethodName: {Grants: dashboards},
}

// dashboards: counts of a whole agency, for HR and the inspectorate.
var dashboards = map[auth.Role]auth.Scope{auth.RoleAgencyHR: auth.ScopeAgency, auth.RoleCityHR: auth.ScopeAll, auth.RoleAuditor: auth.ScopeAll}

// Idempotent lists the creating methods that honour an Idempotency-Key.
var Idempotent = []string{
	planningv1.PlanningService_CreateAgency_FullMethodName,
	planningv1.PlanningService_CreatePosition_FullMethodName,
	planningv1.PlanningService_CreateEmployee_FullMethodName,
	planningv1.PlanningService_BatchCreateEmployees_FullMethodName,
	planningv1.PlanningService_TransferEmployee_FullMethodName,
	planningv1.PlanningService_RetireEmployee_FullMethodName,
}
