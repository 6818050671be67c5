package grpcapi

import (
	"github.com/simpeg-id/simpeg/platform/auth"
	evaluationv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/evaluation/v1"
)

// ratingRules are the rating area's methods and who may call them (issue 11 §3, §4): city HR
// opens years and sets organisation predicates, everyone signed in reads the years; the
// organisation predicates and the distribution are for HR and the inspectorate (agency HR their
// own agency, narrowed by the use cases); ratings are written by supervisors (the use case
// checks the appraiser) and city HR (for agency heads); the holder acknowledges or objects (the
// use case checks the holder); the appraiser's supervisor or city HR decides; the ratings are
// read like the SKP (auth.People, narrowed by the use cases to the SKPs the caller sees).
var ratingRules = auth.Rules{
	evaluationv1.EvaluationService_CreatePeriod_FullMethodName:            {Grants: auth.CityHROnly},
	evaluationv1.EvaluationService_GetPeriod_FullMethodName:               {Grants: auth.Everyone},
	evaluationv1.EvaluationService_ListPeriods_FullMethodName:             {Grants: auth.Everyone},
	evaluationv1.EvaluationService_UpdatePeriod_FullMethodName:            {Grants: auth.CityHROnly},
	evaluationv1.EvaluationService_SetOrganisationRating_FullMethodName:   {Grants: auth.CityHROnly},
	evaluationv1.EvaluationService_ListOrganisationRatings_FullMethodName: {Grants: ratingHRRead},
	evaluationv1.EvaluationService_GetDistribution_FullMethodName:         {Grants: ratingHRRead},
	evaluationv1.EvaluationService_RatePeriod_FullMethodName:              {Grants: ratingWriters},
	evaluationv1.EvaluationService_ListPeriodRatings_FullMethodName:       {Grants: auth.People},
	evaluationv1.EvaluationService_FinaliseAnnualRating_FullMethodName:    {Grants: ratingWriters},
	evaluationv1.EvaluationService_GetAnnualRating_FullMethodName:         {Grants: auth.People},
	evaluationv1.EvaluationService_AcknowledgeAnnualRating_FullMethodName: {Grants: ratingHolders},
	evaluationv1.EvaluationService_FileObjection_FullMethodName:           {Grants: ratingHolders},
	evaluationv1.EvaluationService_DecideObjection_FullMethodName:         {Grants: ratingWriters},
}

// idempotentRating are the rating area's creating methods that honour an Idempotency-Key.
var idempotentRating = []string{
	evaluationv1.EvaluationService_CreatePeriod_FullMethodName,
}

// ratingHRRead: organisation predicates and distributions, for agency HR (their agency), city
// HR and the inspectorate.
var ratingHRRead = map[auth.Role]auth.Scope{
	auth.RoleAgencyHR: auth.ScopeAgency, auth.RoleCityHR: auth.ScopeAll, auth.RoleAuditor: auth.ScopeAll,
}

// ratingWriters: the appraiser (a supervisor; the use case checks it is this SKP's) and city HR
// (for an agency head's SKP, or an objection no supervisor decides).
var ratingWriters = map[auth.Role]auth.Scope{
	auth.RoleSupervisor: auth.ScopeSubordinates, auth.RoleCityHR: auth.ScopeAll,
}

// ratingHolders: the holder of the SKP, an employee or a supervisor (the use case checks it).
var ratingHolders = map[auth.Role]auth.Scope{
	auth.RoleEmployee: auth.ScopeSelf, auth.RoleSupervisor: auth.ScopeSubordinates,
}
