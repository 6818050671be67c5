package grpcapi

import (
	"github.com/simpeg-id/simpeg/platform/auth"
	trainingv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/training/v1"
)

// competencyClientScope is the OAuth scope a service client needs to read the competency area.
const competencyClientScope = "training.read"

// competencyRules are the competency area's methods and who may call them (issue 10 §1, §4):
// HR records assessments and verifies self-assessments, employees record their own
// self-assessments (the use case lets them record nothing else); profiles are personal data
// (auth.People, narrowed by the use case); the needs and the plans are the agency's, for its HR,
// city HR and the inspectorate; anyone signed in answers for themselves on a session they
// attended; a session's feedback goes to HR, the inspectorate and the session's trainers (any
// employee may be one: the use case checks the session's list), a provider's to HR and the
// inspectorate.
var competencyRules = auth.Rules{
	trainingv1.TrainingService_RecordAssessment_FullMethodName:      {Grants: competencyRecorders},
	trainingv1.TrainingService_VerifyAssessment_FullMethodName:      {Grants: auth.HRWrite},
	trainingv1.TrainingService_GetCompetencyProfile_FullMethodName:  {Grants: auth.People, ClientScope: competencyClientScope},
	trainingv1.TrainingService_ListDevelopmentNeeds_FullMethodName:  {Grants: competencyHRRead, ClientScope: competencyClientScope},
	trainingv1.TrainingService_CreateDevelopmentPlan_FullMethodName: {Grants: auth.HRWrite},
	trainingv1.TrainingService_GetDevelopmentPlan_FullMethodName:    {Grants: competencyHRRead, ClientScope: competencyClientScope},
	trainingv1.TrainingService_UpdateDevelopmentPlan_FullMethodName: {Grants: auth.HRWrite},
	trainingv1.TrainingService_SubmitFeedback_FullMethodName:        {Grants: feedbackRespondents},
	trainingv1.TrainingService_GetSessionFeedback_FullMethodName:    {Grants: feedbackReaders},
	trainingv1.TrainingService_GetProviderFeedback_FullMethodName:   {Grants: providerFeedbackReaders},
}

// idempotentCompetency lists the competency area's creating methods that honour an
// Idempotency-Key.
var idempotentCompetency = []string{
	trainingv1.TrainingService_RecordAssessment_FullMethodName,
	trainingv1.TrainingService_CreateDevelopmentPlan_FullMethodName,
}

// competencyRecorders: HR records assessments of their agency (city HR of all); employees and
// supervisors their own self-assessment only.
var competencyRecorders = map[auth.Role]auth.Scope{
	auth.RoleEmployee: auth.ScopeSelf, auth.RoleSupervisor: auth.ScopeSelf, auth.RoleAgencyHR: auth.ScopeAgency, auth.RoleCityHR: auth.ScopeAll,
}

// competencyHRRead: an agency's needs and plans, for its HR, city HR, the inspectorate and
// service clients holding training.read.
var competencyHRRead = map[auth.Role]auth.Scope{
	auth.RoleAgencyHR: auth.ScopeAgency, auth.RoleCityHR: auth.ScopeAll, auth.RoleAuditor: auth.ScopeAll, auth.RoleService: auth.ScopeAll,
}

// feedbackRespondents: every person signed in answers for themselves; never auditors or service
// clients.
var feedbackRespondents = map[auth.Role]auth.Scope{
	auth.RoleEmployee: auth.ScopeSelf, auth.RoleSupervisor: auth.ScopeSelf, auth.RoleAgencyHR: auth.ScopeSelf, auth.RoleCityHR: auth.ScopeSelf,
}

// feedbackReaders: a session's feedback, for HR of the agency that runs it, city HR, the
// inspectorate, and its trainers (employees or supervisors whose NIP the session lists).
var feedbackReaders = map[auth.Role]auth.Scope{
	auth.RoleEmployee: auth.ScopeSelf, auth.RoleSupervisor: auth.ScopeSelf, auth.RoleAgencyHR: auth.ScopeAgency,
	auth.RoleCityHR: auth.ScopeAll, auth.RoleAuditor: auth.ScopeAll,
}

// providerFeedbackReaders: a provider's aggregate, for HR and the inspectorate.
var providerFeedbackReaders = map[auth.Role]auth.Scope{
	auth.RoleAgencyHR: auth.ScopeAgency, auth.RoleCityHR: auth.ScopeAll, auth.RoleAuditor: auth.ScopeAll,
}
