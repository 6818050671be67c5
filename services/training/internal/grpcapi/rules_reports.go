package grpcapi

import (
	"github.com/simpeg-id/simpeg/platform/auth"
	trainingv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/training/v1"
)

// reportClientScope is the OAuth scope a service client needs to read the reports.
const reportClientScope = "training.read"

// reportHRRead is the agency-level reports (participation, a plan's realisation): HR (agency HR
// their agency's), auditors and service clients; no employee rows are in them for an employee
// or supervisor to be narrowed to.
var reportHRRead = map[auth.Role]auth.Scope{
	auth.RoleCityHR: auth.ScopeAll, auth.RoleAgencyHR: auth.ScopeAgency, auth.RoleAuditor: auth.ScopeAll, auth.RoleService: auth.ScopeAll,
}

// reportRules are the reports' methods and who may call them (issue 10 §6): the JP ledger, the
// JP list and the Latsar status are personal data, narrowed per role by the use cases (an
// employee their own, a supervisor those below them, agency HR their agency, city HR and
// auditors all); the participation report and the plan's realisation are HR's and auditors'.
// All are reads.
var reportRules = auth.Rules{
	trainingv1.TrainingService_GetJPLedger_FullMethodName:               {Grants: auth.People, ClientScope: reportClientScope},
	trainingv1.TrainingService_ListEmployeeJP_FullMethodName:            {Grants: auth.People, ClientScope: reportClientScope},
	trainingv1.TrainingService_ExportEmployeeJP_FullMethodName:          {Grants: auth.People, ClientScope: reportClientScope},
	trainingv1.TrainingService_GetParticipationReport_FullMethodName:    {Grants: reportHRRead, ClientScope: reportClientScope},
	trainingv1.TrainingService_ExportParticipationReport_FullMethodName: {Grants: reportHRRead, ClientScope: reportClientScope},
	trainingv1.TrainingService_GetPlanRealisation_FullMethodName:        {Grants: reportHRRead, ClientScope: reportClientScope},
	trainingv1.TrainingService_ExportPlanRealisation_FullMethodName:     {Grants: reportHRRead, ClientScope: reportClientScope},
	trainingv1.TrainingService_ListLatsarStatus_FullMethodName:          {Grants: auth.People, ClientScope: reportClientScope},
}
