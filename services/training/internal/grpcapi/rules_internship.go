package grpcapi

import (
	"github.com/simpeg-id/simpeg/platform/auth"
	trainingv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/training/v1"
)

// internshipClientScope is the OAuth scope a service client needs to read the internship area.
const internshipClientScope = "training.read"

// internshipRules are the internship area's methods and who may call them (issue 10 §5): city
// HR keeps partners, agreements and cohorts; everyone signed in reads partners and agreements
// (no one's personal data); agency HR reads the cohorts with seats for their agency, places
// participants in it and withdraws them; placements and logbooks are read as personal data
// (the participant, the mentor, the supervisor, the agency's HR, city HR, the auditor — the use
// cases narrow it to exactly those); the participant or the mentor writes the logbook, the
// mentor reviews it and the mentor or the agency's HR assesses.
var internshipRules = auth.Rules{
	trainingv1.TrainingService_CreatePartner_FullMethodName:      {Grants: auth.CityHROnly},
	trainingv1.TrainingService_GetPartner_FullMethodName:         {Grants: auth.Everyone, ClientScope: internshipClientScope},
	trainingv1.TrainingService_ListPartners_FullMethodName:       {Grants: auth.Everyone, ClientScope: internshipClientScope},
	trainingv1.TrainingService_UpdatePartner_FullMethodName:      {Grants: auth.CityHROnly},
	trainingv1.TrainingService_CreateAgreement_FullMethodName:    {Grants: auth.CityHROnly},
	trainingv1.TrainingService_ListAgreements_FullMethodName:     {Grants: auth.Everyone, ClientScope: internshipClientScope},
	trainingv1.TrainingService_CreateCohort_FullMethodName:       {Grants: auth.CityHROnly},
	trainingv1.TrainingService_GetCohort_FullMethodName:          {Grants: internshipHRRead, ClientScope: internshipClientScope},
	trainingv1.TrainingService_ListCohorts_FullMethodName:        {Grants: internshipHRRead, ClientScope: internshipClientScope},
	trainingv1.TrainingService_CreatePlacement_FullMethodName:    {Grants: auth.HRWrite},
	trainingv1.TrainingService_GetPlacement_FullMethodName:       {Grants: auth.People, ClientScope: internshipClientScope},
	trainingv1.TrainingService_ListPlacements_FullMethodName:     {Grants: auth.People, ClientScope: internshipClientScope},
	trainingv1.TrainingService_WithdrawPlacement_FullMethodName:  {Grants: auth.HRWrite},
	trainingv1.TrainingService_CreateLogbookEntry_FullMethodName: {Grants: internshipMentoring},
	trainingv1.TrainingService_ListLogbookEntries_FullMethodName: {Grants: auth.People, ClientScope: internshipClientScope},
	trainingv1.TrainingService_ReviewLogbookEntry_FullMethodName: {Grants: internshipMentoring},
	trainingv1.TrainingService_AssessPlacement_FullMethodName:    {Grants: internshipMentoring},
	trainingv1.TrainingService_GetCohortReport_FullMethodName:    {Grants: internshipHRRead, ClientScope: internshipClientScope},
	trainingv1.TrainingService_ExportCohortReport_FullMethodName: {Grants: internshipHRRead, ClientScope: internshipClientScope},
}

// internshipHRRead: the cohorts and their report, for HR (agency HR their agency's), the
// inspectorate and service clients holding training.read.
var internshipHRRead = map[auth.Role]auth.Scope{
	auth.RoleAgencyHR: auth.ScopeAgency, auth.RoleCityHR: auth.ScopeAll, auth.RoleAuditor: auth.ScopeAll, auth.RoleService: auth.ScopeAll,
}

// internshipMentoring: the logbook and the assessment, written by participants and mentors (any
// employee may be one; the use cases check who they are for the placement) and by HR; never by
// auditors or service clients.
var internshipMentoring = map[auth.Role]auth.Scope{
	auth.RoleEmployee: auth.ScopeSelf, auth.RoleSupervisor: auth.ScopeSubordinates, auth.RoleAgencyHR: auth.ScopeAgency, auth.RoleCityHR: auth.ScopeAll,
}

// idempotentInternship lists the internship area's creating methods that honour an Idempotency-Key.
var idempotentInternship = []string{
	trainingv1.TrainingService_CreatePartner_FullMethodName,
	trainingv1.TrainingService_CreateAgreement_FullMethodName,
	trainingv1.TrainingService_CreateCohort_FullMethodName,
	trainingv1.TrainingService_CreatePlacement_FullMethodName,
	trainingv1.TrainingService_CreateLogbookEntry_FullMethodName,
}
