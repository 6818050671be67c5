package grpcapi_test

import (
	"testing"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/auth/authtest"
	trainingv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/training/v1"
	"github.com/simpeg-id/simpeg/services/training/internal/grpcapi"
)

// public are the methods anyone may call without a token: the certificate check a holder shows
// to a third party, and the keys to check it offline (issue 10 §2).
var public = []string{
	trainingv1.TrainingService_VerifyCertificate_FullMethodName,
	trainingv1.TrainingService_ListCertificateKeys_FullMethodName,
}

// Every method of the service descriptor must have a rule, and every rule a method: a method
// without one would be denied to everyone, a rule without one is dead. Only the certificate
// check is public.
func TestRulesCoverEveryMethod(t *testing.T) {
	authtest.CheckRules(t, trainingv1.File_simpeg_training_v1_training_service_proto.Services().ByName("TrainingService"),
		grpcapi.Rules, grpcapi.Idempotent, public...)
}

// The changes only HR makes (the catalogue, the delivery's records, verifications, plans and
// the internship programme) are never granted to employees, supervisors, auditors or service
// clients.
func TestReadOnlyRoles(t *testing.T) {
	authtest.CheckReadOnly(t, grpcapi.Rules, hrWrites)
}

// No change at all is granted to auditors or service clients: employees make some for
// themselves (their own request, external training, self-assessment, feedback, logbook), but
// an auditor only reads and a service client only reads.
func TestAuditorsAndServicesNeverWrite(t *testing.T) {
	for _, m := range append(append([]string{}, hrWrites...), peopleWrites...) {
		for _, r := range []auth.Role{auth.RoleAuditor, auth.RoleService} {
			if s := grpcapi.Rules[m].Decide(auth.Principal{Roles: []auth.Role{r}, Scopes: []string{"training.read"}}); s != auth.ScopeNone {
				t.Errorf("%s may call %s with scope %s", r, m, s)
			}
		}
	}
}

// hrWrites are the changes made by agency or city HR only.
var hrWrites = []string{
	trainingv1.TrainingService_CreateProgramme_FullMethodName,
	trainingv1.TrainingService_UpdateProgramme_FullMethodName,
	trainingv1.TrainingService_CreateSession_FullMethodName,
	trainingv1.TrainingService_UpdateSession_FullMethodName,
	trainingv1.TrainingService_CancelSession_FullMethodName,
	trainingv1.TrainingService_RecordSessionAttendance_FullMethodName,
	trainingv1.TrainingService_CompleteEnrolment_FullMethodName,
	trainingv1.TrainingService_CompleteSession_FullMethodName,
	trainingv1.TrainingService_VerifyExternalTraining_FullMethodName,
	trainingv1.TrainingService_VerifyAssessment_FullMethodName,
	trainingv1.TrainingService_CreateDevelopmentPlan_FullMethodName,
	trainingv1.TrainingService_UpdateDevelopmentPlan_FullMethodName,
	trainingv1.TrainingService_CreatePartner_FullMethodName,
	trainingv1.TrainingService_UpdatePartner_FullMethodName,
	trainingv1.TrainingService_CreateAgreement_FullMethodName,
	trainingv1.TrainingService_CreateCohort_FullMethodName,
	trainingv1.TrainingService_CreatePlacement_FullMethodName,
}

// peopleWrites are the changes employees or supervisors may also make, each for themselves,
// their subordinates or the interns they mentor.
var peopleWrites = []string{
	trainingv1.TrainingService_CreateEnrolment_FullMethodName,
	trainingv1.TrainingService_ApproveEnrolment_FullMethodName,
	trainingv1.TrainingService_RejectEnrolment_FullMethodName,
	trainingv1.TrainingService_WithdrawEnrolment_FullMethodName,
	trainingv1.TrainingService_CreateExternalTraining_FullMethodName,
	trainingv1.TrainingService_RecordAssessment_FullMethodName,
	trainingv1.TrainingService_SubmitFeedback_FullMethodName,
	trainingv1.TrainingService_CreateLogbookEntry_FullMethodName,
	trainingv1.TrainingService_ReviewLogbookEntry_FullMethodName,
	trainingv1.TrainingService_AssessPlacement_FullMethodName,
}

// TestServiceClientsRead: planning's back-fill of the work plans' JP and internship targets
// reads the JP list, each employee's ledger (and a session JP's enrolment and session) and an
// agency's placements with a service token
// that carries training.read (issue 12); without the scope a service token reads none of them.
func TestServiceClientsRead(t *testing.T) {
	for _, m := range []string{
		trainingv1.TrainingService_ListEmployeeJP_FullMethodName,
		trainingv1.TrainingService_GetJPLedger_FullMethodName,
		trainingv1.TrainingService_ListPlacements_FullMethodName,
		trainingv1.TrainingService_GetEnrolment_FullMethodName, // a session's programme, which the ledger does not name
		trainingv1.TrainingService_GetSession_FullMethodName,
	} {
		with := auth.Principal{Subject: "planning", Roles: []auth.Role{auth.RoleService}, Scopes: []string{"training.read"}}
		if got := grpcapi.Rules[m].Decide(with); got != auth.ScopeAll {
			t.Errorf("%s with training.read: %v, want all", m, got)
		}
		without := auth.Principal{Subject: "planning", Roles: []auth.Role{auth.RoleService}, Scopes: []string{"evaluation.read"}}
		if got := grpcapi.Rules[m].Decide(without); got != auth.ScopeNone {
			t.Errorf("%s without training.read: %v, want none", m, got)
		}
	}
}
