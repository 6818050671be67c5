package grpcapi

import (
	"github.com/simpeg-id/simpeg/platform/auth"
	trainingv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/training/v1"
)

// catalogueClientScope is the OAuth scope a service client needs to read the catalogue (the
// service's read scope, as the other areas').
const catalogueClientScope = "training.read"

// catalogueRules are the catalogue area's methods and who may call them (issue 10 §2, §6). The
// catalogue and its sessions are open to every caller; HR keeps them (agency HR their agency's,
// city HR the city's; the use cases check the owner). Enrolments are personal data: employees
// ask for themselves, supervisors decide their subordinates' requests, HR nominates and
// decides for its agency, city HR for all, auditors read.
var catalogueRules = auth.Rules{
	trainingv1.TrainingService_CreateProgramme_FullMethodName:   {Grants: auth.HRWrite},
	trainingv1.TrainingService_GetProgramme_FullMethodName:      {Grants: auth.Everyone, ClientScope: catalogueClientScope},
	trainingv1.TrainingService_ListProgrammes_FullMethodName:    {Grants: auth.Everyone, ClientScope: catalogueClientScope},
	trainingv1.TrainingService_UpdateProgramme_FullMethodName:   {Grants: auth.HRWrite},
	trainingv1.TrainingService_CreateSession_FullMethodName:     {Grants: auth.HRWrite},
	trainingv1.TrainingService_GetSession_FullMethodName:        {Grants: auth.Everyone, ClientScope: catalogueClientScope},
	trainingv1.TrainingService_ListSessions_FullMethodName:      {Grants: auth.Everyone, ClientScope: catalogueClientScope},
	trainingv1.TrainingService_UpdateSession_FullMethodName:     {Grants: auth.HRWrite},
	trainingv1.TrainingService_CancelSession_FullMethodName:     {Grants: auth.HRWrite},
	trainingv1.TrainingService_CreateEnrolment_FullMethodName:   {Grants: enrolmentRequesters},
	trainingv1.TrainingService_ApproveEnrolment_FullMethodName:  {Grants: enrolmentDeciders},
	trainingv1.TrainingService_RejectEnrolment_FullMethodName:   {Grants: enrolmentDeciders},
	trainingv1.TrainingService_WithdrawEnrolment_FullMethodName: {Grants: enrolmentWithdrawers},
	trainingv1.TrainingService_GetEnrolment_FullMethodName:      {Grants: auth.People, ClientScope: catalogueClientScope},
	trainingv1.TrainingService_ListEnrolments_FullMethodName:    {Grants: auth.People, ClientScope: catalogueClientScope},
}

// enrolmentRequesters: employees and supervisors ask for a seat for themselves; agency HR
// nominates its agency's employees, city HR anyone.
var enrolmentRequesters = map[auth.Role]auth.Scope{
	auth.RoleEmployee: auth.ScopeSelf, auth.RoleSupervisor: auth.ScopeSelf, auth.RoleAgencyHR: auth.ScopeAgency, auth.RoleCityHR: auth.ScopeAll,
}

// enrolmentDeciders: a supervisor decides the requests of the employees below them, agency HR
// its agency's, city HR anyone's (never one's own: the use case refuses it).
var enrolmentDeciders = map[auth.Role]auth.Scope{
	auth.RoleSupervisor: auth.ScopeSubordinates, auth.RoleAgencyHR: auth.ScopeAgency, auth.RoleCityHR: auth.ScopeAll,
}

// enrolmentWithdrawers: the employee, anyone above them, their agency's HR and city HR.
var enrolmentWithdrawers = map[auth.Role]auth.Scope{
	auth.RoleEmployee: auth.ScopeSelf, auth.RoleSupervisor: auth.ScopeSubordinates, auth.RoleAgencyHR: auth.ScopeAgency, auth.RoleCityHR: auth.ScopeAll,
}

// idempotentCatalogue lists the catalogue area's creating methods that honour an
// Idempotency-Key: a retried creation answers the first one's result instead of a second
// programme, session or enrolment.
var idempotentCatalogue = []string{
	trainingv1.TrainingService_CreateProgramme_FullMethodName,
	trainingv1.TrainingService_CreateSession_FullMethodName,
	trainingv1.TrainingService_CreateEnrolment_FullMethodName,
}
