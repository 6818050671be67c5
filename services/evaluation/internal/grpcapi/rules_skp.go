package grpcapi

import (
	"github.com/simpeg-id/simpeg/platform/auth"
	evaluationv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/evaluation/v1"
)

// skpRules are the SKP area's methods and who may call them (issue 11 §1, §4). The holder (an
// employee or a supervisor, for their own SKP: the use case checks it is theirs) opens, changes,
// proposes and revises; the appraiser (a supervisor: the use case checks it is this SKP's) or
// city HR (for an agency head) approves and returns; HR closes (agency HR their agency's). The
// SKP is personal data, read like the employee (auth.People, narrowed by the use cases to the
// SKPs the caller sees: their own, their subtree's, their agency's, all); the cascade check of an
// agency is for its HR, city HR and the inspectorate.
var skpRules = auth.Rules{
	evaluationv1.EvaluationService_CreateSkp_FullMethodName:         {Grants: skpHolders},
	evaluationv1.EvaluationService_GetSkp_FullMethodName:            {Grants: auth.People},
	evaluationv1.EvaluationService_ListSkps_FullMethodName:          {Grants: auth.People, ClientScope: ClientScopeRead},
	evaluationv1.EvaluationService_UpdateSkp_FullMethodName:         {Grants: skpHolders},
	evaluationv1.EvaluationService_ProposeSkp_FullMethodName:        {Grants: skpHolders},
	evaluationv1.EvaluationService_ApproveSkp_FullMethodName:        {Grants: skpAppraisers},
	evaluationv1.EvaluationService_ReturnSkp_FullMethodName:         {Grants: skpAppraisers},
	evaluationv1.EvaluationService_ReviseSkp_FullMethodName:         {Grants: skpHolders},
	evaluationv1.EvaluationService_ListParentResults_FullMethodName: {Grants: auth.People},
	evaluationv1.EvaluationService_ListSkpRevisions_FullMethodName:  {Grants: auth.People},
	evaluationv1.EvaluationService_CloseSkp_FullMethodName:          {Grants: auth.HRWrite},
	evaluationv1.EvaluationService_CheckCascade_FullMethodName:      {Grants: skpCascadeCheckers},
}

// idempotentSkp are the SKP area's creating methods that honour an Idempotency-Key: a retried
// CreateSkp answers the first one's SKP instead of AlreadyExists.
var idempotentSkp = []string{
	evaluationv1.EvaluationService_CreateSkp_FullMethodName,
}

// skpHolders: an SKP's holder, an employee or a supervisor, for their own.
var skpHolders = map[auth.Role]auth.Scope{
	auth.RoleEmployee: auth.ScopeSelf, auth.RoleSupervisor: auth.ScopeSelf,
}

// skpAppraisers: the appraiser (a supervisor of the SKPs below them) and city HR (for an agency
// head's).
var skpAppraisers = map[auth.Role]auth.Scope{
	auth.RoleSupervisor: auth.ScopeSubordinates, auth.RoleCityHR: auth.ScopeAll,
}

// skpCascadeCheckers: agency HR for their agency, city HR and the inspectorate for any.
var skpCascadeCheckers = map[auth.Role]auth.Scope{
	auth.RoleAgencyHR: auth.ScopeAgency, auth.RoleCityHR: auth.ScopeAll, auth.RoleAuditor: auth.ScopeAll,
}
