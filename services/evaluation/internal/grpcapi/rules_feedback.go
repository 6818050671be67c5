package grpcapi

import (
	"github.com/simpeg-id/simpeg/platform/auth"
	evaluationv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/evaluation/v1"
)

// feedbackRules are the feedback area's methods and who may call them (issue 11 §2, §4). The
// holder's own acts — realisation, replies — and a rater's forms are the person's (an employee
// or a supervisor; the use case checks it is theirs). Feedback and peer requests come from
// supervisors (the use case checks the appraiser, or a supervisor above the holder); dialogues
// from the appraiser, city HR for an agency head. The thread, the realisations and the peer
// summary are read like the SKP: the employee their own, a supervisor their subordinates',
// agency HR their agency's, city HR and auditors all.
var feedbackRules = auth.Rules{
	evaluationv1.EvaluationService_RecordRealisation_FullMethodName: {Grants: feedbackPerson},
	evaluationv1.EvaluationService_ListRealisations_FullMethodName:  {Grants: feedbackReaders},
	evaluationv1.EvaluationService_GiveFeedback_FullMethodName:      {Grants: feedbackSupervisors},
	evaluationv1.EvaluationService_ReplyToFeedback_FullMethodName:   {Grants: feedbackPerson},
	evaluationv1.EvaluationService_RecordDialogue_FullMethodName:    {Grants: feedbackDialogue},
	evaluationv1.EvaluationService_ListFeedback_FullMethodName:      {Grants: feedbackThreadReaders, ClientScope: ClientScopeRead},
	evaluationv1.EvaluationService_RequestPeerInput_FullMethodName:  {Grants: feedbackSupervisors},
	evaluationv1.EvaluationService_ListPeerForms_FullMethodName:     {Grants: feedbackPerson},
	evaluationv1.EvaluationService_SubmitPeerForm_FullMethodName:    {Grants: feedbackPerson},
	evaluationv1.EvaluationService_GetPeerSummary_FullMethodName:    {Grants: feedbackReaders},
}

// idempotentFeedback are the feedback area's creating methods that honour an Idempotency-Key.
// Recording a realisation replaces it and submitting a form happens once: both are idempotent
// by themselves.
var idempotentFeedback = []string{
	evaluationv1.EvaluationService_GiveFeedback_FullMethodName,
	evaluationv1.EvaluationService_ReplyToFeedback_FullMethodName,
	evaluationv1.EvaluationService_RecordDialogue_FullMethodName,
	evaluationv1.EvaluationService_RequestPeerInput_FullMethodName,
}

// feedbackPerson: an employee or a supervisor acting for themselves.
var feedbackPerson = map[auth.Role]auth.Scope{auth.RoleEmployee: auth.ScopeSelf, auth.RoleSupervisor: auth.ScopeSelf}

// feedbackSupervisors: supervisors, over the employees below them.
var feedbackSupervisors = map[auth.Role]auth.Scope{auth.RoleSupervisor: auth.ScopeSubordinates}

// feedbackDialogue: the appraiser, and city HR for an agency head's SKP.
var feedbackDialogue = map[auth.Role]auth.Scope{auth.RoleSupervisor: auth.ScopeSubordinates, auth.RoleCityHR: auth.ScopeAll}

// feedbackThreadReaders: whoever may see the SKP, and other systems (planning's feedback
// share) with evaluation.read.
var feedbackThreadReaders = map[auth.Role]auth.Scope{
	auth.RoleEmployee: auth.ScopeSelf, auth.RoleSupervisor: auth.ScopeSubordinates, auth.RoleAgencyHR: auth.ScopeAgency,
	auth.RoleCityHR: auth.ScopeAll, auth.RoleAuditor: auth.ScopeAll, auth.RoleService: auth.ScopeAll,
}

// feedbackReaders: whoever may see the SKP.
var feedbackReaders = map[auth.Role]auth.Scope{
	auth.RoleEmployee: auth.ScopeSelf, auth.RoleSupervisor: auth.ScopeSubordinates, auth.RoleAgencyHR: auth.ScopeAgency,
	auth.RoleCityHR: auth.ScopeAll, auth.RoleAuditor: auth.ScopeAll,
}
