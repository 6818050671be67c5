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
	planningv1.PlanningService_BatchCreatePositions_FullMethodName: {Grants: auth.HRWrite},
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

	// Issue 12: the staffing analysis and work plans. Writers: agency HR (their agency) and
	// city HR; city HR alone decides. Readers add the auditors and agency heads: a supervisor
	// or employee token is let through here and the use case (app.reach) admits only the head
	// of an agency, to their agency. Other systems read with planning.read.
	planningv1.PlanningService_SetPositionWorkload_FullMethodName:      {Grants: planWriters},
	planningv1.PlanningService_GetPositionWorkload_FullMethodName:      {Grants: planReaders, ClientScope: ClientScopeRead},
	planningv1.PlanningService_GetPositionMap_FullMethodName:           {Grants: planReaders, ClientScope: ClientScopeRead},
	planningv1.PlanningService_ExportPositionMap_FullMethodName:        {Grants: planReaders, ClientScope: ClientScopeRead},
	planningv1.PlanningService_GetRetirementForecast_FullMethodName:    {Grants: planReaders, ClientScope: ClientScopeRead},
	planningv1.PlanningService_ExportRetirementForecast_FullMethodName: {Grants: planReaders, ClientScope: ClientScopeRead},
	planningv1.PlanningService_CreateFormasiProposal_FullMethodName:    {Grants: planWriters},
	planningv1.PlanningService_GetFormasiProposal_FullMethodName:       {Grants: planReaders, ClientScope: ClientScopeRead},
	planningv1.PlanningService_ListFormasiProposals_FullMethodName:     {Grants: planReaders, ClientScope: ClientScopeRead},
	planningv1.PlanningService_SubmitFormasiProposal_FullMethodName:    {Grants: planWriters},
	planningv1.PlanningService_ApproveFormasiProposal_FullMethodName:   {Grants: auth.CityHROnly},
	planningv1.PlanningService_ReturnFormasiProposal_FullMethodName:    {Grants: auth.CityHROnly},
	planningv1.PlanningService_ExportFormasiProposal_FullMethodName:    {Grants: planReaders, ClientScope: ClientScopeRead},
	planningv1.PlanningService_CreateWorkPlan_FullMethodName:           {Grants: planWriters},
	planningv1.PlanningService_GetWorkPlan_FullMethodName:              {Grants: planReaders, ClientScope: ClientScopeRead},
	planningv1.PlanningService_ListWorkPlans_FullMethodName:            {Grants: planReaders, ClientScope: ClientScopeRead},
	planningv1.PlanningService_UpdateWorkPlan_FullMethodName:           {Grants: planWriters},
	planningv1.PlanningService_SubmitWorkPlan_FullMethodName:           {Grants: planWriters},
	planningv1.PlanningService_ApproveWorkPlan_FullMethodName:          {Grants: auth.CityHROnly},
	planningv1.PlanningService_ReturnWorkPlan_FullMethodName:           {Grants: auth.CityHROnly},
	planningv1.PlanningService_ReviseWorkPlan_FullMethodName:           {Grants: planWriters},
	planningv1.PlanningService_CloseWorkPlan_FullMethodName:            {Grants: planWriters},
	// The owner of an action marks it done: any employee token, checked by the use case.
	planningv1.PlanningService_CompleteWorkPlanAction_FullMethodName:   {Grants: actionOwners},
	planningv1.PlanningService_ListWorkPlanVersions_FullMethodName:     {Grants: planReaders, ClientScope: ClientScopeRead},
	planningv1.PlanningService_GetTargetProgress_FullMethodName:        {Grants: planReaders, ClientScope: ClientScopeRead},
	planningv1.PlanningService_ListTargetEvidence_FullMethodName:       {Grants: planReaders, ClientScope: ClientScopeRead},
	planningv1.PlanningService_WatchWorkPlan_FullMethodName:            {Grants: planReaders, ClientScope: ClientScopeRead},
	planningv1.PlanningService_GetWorkforceDashboard_FullMethodName:    {Grants: planReaders, ClientScope: ClientScopeRead},
	planningv1.PlanningService_ExportWorkforceDashboard_FullMethodName: {Grants: planReaders, ClientScope: ClientScopeRead},
	planningv1.PlanningService_GenerateMonthlyReport_FullMethodName:    {Grants: planWriters},
	planningv1.PlanningService_ListMonthlyReports_FullMethodName:       {Grants: planReaders, ClientScope: ClientScopeRead},
	planningv1.PlanningService_DownloadMonthlyReport_FullMethodName:    {Grants: planReaders, ClientScope: ClientScopeRead},
}

// planWriters draft workloads, formasi proposals and plans: agency HR for their agency, city
// HR for all.
var planWriters = map[auth.Role]auth.Scope{auth.RoleAgencyHR: auth.ScopeAgency, auth.RoleCityHR: auth.ScopeAll}

// planReaders read the analysis and plans: the writers, the auditors, other systems, and the
// supervisor and employee tokens of agency heads (app.reach admits only a head).
var planReaders = map[auth.Role]auth.Scope{
	auth.RoleAgencyHR: auth.ScopeAgency, auth.RoleCityHR: auth.ScopeAll, auth.RoleAuditor: auth.ScopeAll,
	auth.RoleService: auth.ScopeAll, auth.RoleSupervisor: auth.ScopeSubordinates, auth.RoleEmployee: auth.ScopeSelf,
}

// actionOwners may mark a plan's action done: HR, and any employee the use case finds is the
// action's owner.
var actionOwners = map[auth.Role]auth.Scope{
	auth.RoleAgencyHR: auth.ScopeAgency, auth.RoleCityHR: auth.ScopeAll,
	auth.RoleSupervisor: auth.ScopeSubordinates, auth.RoleEmployee: auth.ScopeSelf,
}

// dashboards: counts of a whole agency, for HR and the inspectorate.
var dashboards = map[auth.Role]auth.Scope{auth.RoleAgencyHR: auth.ScopeAgency, auth.RoleCityHR: auth.ScopeAll, auth.RoleAuditor: auth.ScopeAll}

// Idempotent lists the creating methods that honour an Idempotency-Key.
var Idempotent = []string{
	planningv1.PlanningService_CreateAgency_FullMethodName,
	planningv1.PlanningService_CreatePosition_FullMethodName,
	planningv1.PlanningService_BatchCreatePositions_FullMethodName,
	planningv1.PlanningService_CreateEmployee_FullMethodName,
	planningv1.PlanningService_BatchCreateEmployees_FullMethodName,
	planningv1.PlanningService_TransferEmployee_FullMethodName,
	planningv1.PlanningService_RetireEmployee_FullMethodName,
	planningv1.PlanningService_CreateFormasiProposal_FullMethodName,
	planningv1.PlanningService_CreateWorkPlan_FullMethodName,
}
