package grpcapi

import (
	"github.com/simpeg-id/simpeg/platform/auth"
	evaluationv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/evaluation/v1"
)

// reportClientScope is the OAuth scope a service client needs to read the reports.
const reportClientScope = "evaluation.read"

// reportRead is the reports' readers (issue 11 §4): city HR and auditors any agency, agency HR
// their own (the use cases narrow it), service clients with evaluation.read like auditors.
// Employees and supervisors have none: the reports hold other employees' data.
var reportRead = map[auth.Role]auth.Scope{
	auth.RoleCityHR: auth.ScopeAll, auth.RoleAgencyHR: auth.ScopeAgency, auth.RoleAuditor: auth.ScopeAll, auth.RoleService: auth.ScopeAll,
}

// reportRules are the report area's methods and who may call them; all are reads.
var reportRules = auth.Rules{
	evaluationv1.EvaluationService_GetSkpCompletionReport_FullMethodName:            {Grants: reportRead, ClientScope: reportClientScope},
	evaluationv1.EvaluationService_ExportSkpCompletionReport_FullMethodName:         {Grants: reportRead, ClientScope: reportClientScope},
	evaluationv1.EvaluationService_GetPredicateDistributionReport_FullMethodName:    {Grants: reportRead, ClientScope: reportClientScope},
	evaluationv1.EvaluationService_ExportPredicateDistributionReport_FullMethodName: {Grants: reportRead, ClientScope: reportClientScope},
	evaluationv1.EvaluationService_GetFeedbackActivityReport_FullMethodName:         {Grants: reportRead, ClientScope: reportClientScope},
	evaluationv1.EvaluationService_ExportFeedbackActivityReport_FullMethodName:      {Grants: reportRead, ClientScope: reportClientScope},
	evaluationv1.EvaluationService_GetCreditPointReport_FullMethodName:              {Grants: reportRead, ClientScope: reportClientScope},
	evaluationv1.EvaluationService_ExportCreditPointReport_FullMethodName:           {Grants: reportRead, ClientScope: reportClientScope},
}
