package grpcapi

import (
	"github.com/simpeg-id/simpeg/platform/auth"
	trainingv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/training/v1"
)

// deliveryClientScope is the OAuth scope a service client needs to read the delivery area (the
// service's read scope, as the competency area's).
const deliveryClientScope = "training.read"

// deliveryRules are the delivery area's methods and who may call them (issue 10 §2, §6): HR of
// the session's agency and city HR record attendance and outcomes and close sessions (the use
// case checks the session's agency); attendance, certificates and external training are
// personal data (auth.People, narrowed by the use cases); employees record their own external
// training and HR verifies it; the certificate check and its keys are public, rate-limited per
// client by ClientLimiter.
var deliveryRules = auth.Rules{
	trainingv1.TrainingService_RecordSessionAttendance_FullMethodName: {Grants: auth.HRWrite},
	trainingv1.TrainingService_ListSessionAttendance_FullMethodName:   {Grants: auth.People, ClientScope: deliveryClientScope},
	trainingv1.TrainingService_CompleteEnrolment_FullMethodName:       {Grants: auth.HRWrite},
	trainingv1.TrainingService_CompleteSession_FullMethodName:         {Grants: auth.HRWrite},
	trainingv1.TrainingService_GetCertificate_FullMethodName:          {Grants: auth.People, ClientScope: deliveryClientScope},
	trainingv1.TrainingService_ListCertificates_FullMethodName:        {Grants: auth.People, ClientScope: deliveryClientScope},
	trainingv1.TrainingService_VerifyCertificate_FullMethodName:       {Public: true},
	trainingv1.TrainingService_ListCertificateKeys_FullMethodName:     {Public: true},
	trainingv1.TrainingService_CreateExternalTraining_FullMethodName:  {Grants: externalRecorders},
	trainingv1.TrainingService_VerifyExternalTraining_FullMethodName:  {Grants: auth.HRWrite},
	trainingv1.TrainingService_ListExternalTrainings_FullMethodName:   {Grants: auth.People, ClientScope: deliveryClientScope},
}

// externalRecorders: employees and supervisors record their own external training, agency HR
// their agency's employees', city HR anyone's.
var externalRecorders = map[auth.Role]auth.Scope{
	auth.RoleEmployee: auth.ScopeSelf, auth.RoleSupervisor: auth.ScopeSelf, auth.RoleAgencyHR: auth.ScopeAgency, auth.RoleCityHR: auth.ScopeAll,
}

// idempotentDelivery lists the delivery area's creating methods that honour an Idempotency-Key.
// Recording a day and recording an outcome are idempotent by themselves (the same call again
// replaces or changes nothing).
var idempotentDelivery = []string{
	trainingv1.TrainingService_CreateExternalTraining_FullMethodName,
}
