package grpcapi_test

import (
	"testing"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/auth/authtest"
	evaluationv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/evaluation/v1"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/grpcapi"
)

// Every method of the service descriptor must have a rule, and every rule a method: a method
// without one would be denied to everyone, a rule without one is dead. No method is public.
func TestRulesCoverEveryMethod(t *testing.T) {
	authtest.CheckRules(t, evaluationv1.File_simpeg_evaluation_v1_evaluation_service_proto.Services().ByName("EvaluationService"),
		grpcapi.Rules, grpcapi.Idempotent)
}

// TestSkpRuleDecisions: the scope each role gets on the SKP area's methods (issue 11 §4). The
// holder's own changes go to employees and supervisors for themselves; approval to supervisors
// (their subtree; the use case checks the appraiser) and city HR (agency heads); closing to HR;
// reading as personal data; the cascade check to HR and auditors. Auditors and service clients
// never write.
func TestSkpRuleDecisions(t *testing.T) {
	const (
		none = auth.ScopeNone
		self = auth.ScopeSelf
		sub  = auth.ScopeSubordinates
		agcy = auth.ScopeAgency
		all  = auth.ScopeAll
	)
	roles := []auth.Role{auth.RoleEmployee, auth.RoleSupervisor, auth.RoleAgencyHR, auth.RoleCityHR, auth.RoleAuditor, auth.RoleService}
	tests := []struct {
		method string
		want   []auth.Scope // in roles' order
	}{
		{evaluationv1.EvaluationService_CreateSkp_FullMethodName, []auth.Scope{self, self, none, none, none, none}},
		{evaluationv1.EvaluationService_UpdateSkp_FullMethodName, []auth.Scope{self, self, none, none, none, none}},
		{evaluationv1.EvaluationService_ProposeSkp_FullMethodName, []auth.Scope{self, self, none, none, none, none}},
		{evaluationv1.EvaluationService_ReviseSkp_FullMethodName, []auth.Scope{self, self, none, none, none, none}},
		{evaluationv1.EvaluationService_ApproveSkp_FullMethodName, []auth.Scope{none, sub, none, all, none, none}},
		{evaluationv1.EvaluationService_ReturnSkp_FullMethodName, []auth.Scope{none, sub, none, all, none, none}},
		{evaluationv1.EvaluationService_CloseSkp_FullMethodName, []auth.Scope{none, none, agcy, all, none, none}},
		{evaluationv1.EvaluationService_GetSkp_FullMethodName, []auth.Scope{self, sub, agcy, all, all, all}},
		{evaluationv1.EvaluationService_ListSkps_FullMethodName, []auth.Scope{self, sub, agcy, all, all, all}},
		{evaluationv1.EvaluationService_ListSkpRevisions_FullMethodName, []auth.Scope{self, sub, agcy, all, all, all}},
		{evaluationv1.EvaluationService_ListParentResults_FullMethodName, []auth.Scope{self, sub, agcy, all, all, all}},
		{evaluationv1.EvaluationService_CheckCascade_FullMethodName, []auth.Scope{none, none, agcy, all, all, none}},
		// The thread is read like the SKP; other systems (planning's feedback share) too.
		{evaluationv1.EvaluationService_ListFeedback_FullMethodName, []auth.Scope{self, sub, agcy, all, all, all}},
	}
	for _, tt := range tests {
		for i, r := range roles {
			// A service client carries evaluation.read, as planning's back-fill does.
			p := auth.Principal{Subject: "x", Roles: []auth.Role{r}, Agency: "DINKES", Scopes: []string{grpcapi.ClientScopeRead}}
			if got := grpcapi.Rules[tt.method].Decide(p); got != tt.want[i] {
				t.Errorf("%s for %s: %v, want %v", tt.method, r, got, tt.want[i])
			}
		}
	}
}

// TestServiceClientsRead: planning's back-fill reads an agency's SKPs and their feedback with
// a service token that carries evaluation.read; without the scope a service token reads
// neither.
func TestServiceClientsRead(t *testing.T) {
	for _, m := range []string{evaluationv1.EvaluationService_ListSkps_FullMethodName, evaluationv1.EvaluationService_ListFeedback_FullMethodName} {
		with := auth.Principal{Subject: "planning", Roles: []auth.Role{auth.RoleService}, Scopes: []string{"evaluation.read"}}
		if got := grpcapi.Rules[m].Decide(with); got != auth.ScopeAll {
			t.Errorf("%s with evaluation.read: %v, want all", m, got)
		}
		without := auth.Principal{Subject: "planning", Roles: []auth.Role{auth.RoleService}, Scopes: []string{"training.read"}}
		if got := grpcapi.Rules[m].Decide(without); got != auth.ScopeNone {
			t.Errorf("%s without evaluation.read: %v, want none", m, got)
		}
	}
}

// hrWrites are the changes only HR makes: opening and changing a year, the agencies'
// organisation predicates, closing an SKP.
var hrWrites = []string{
	evaluationv1.EvaluationService_CreatePeriod_FullMethodName,
	evaluationv1.EvaluationService_UpdatePeriod_FullMethodName,
	evaluationv1.EvaluationService_SetOrganisationRating_FullMethodName,
	evaluationv1.EvaluationService_CloseSkp_FullMethodName,
}

// peopleWrites are the changes employees and supervisors make for themselves or as appraisers
// (the use cases check which person may).
var peopleWrites = []string{
	evaluationv1.EvaluationService_CreateSkp_FullMethodName,
	evaluationv1.EvaluationService_UpdateSkp_FullMethodName,
	evaluationv1.EvaluationService_ProposeSkp_FullMethodName,
	evaluationv1.EvaluationService_ApproveSkp_FullMethodName,
	evaluationv1.EvaluationService_ReturnSkp_FullMethodName,
	evaluationv1.EvaluationService_ReviseSkp_FullMethodName,
	evaluationv1.EvaluationService_RecordRealisation_FullMethodName,
	evaluationv1.EvaluationService_GiveFeedback_FullMethodName,
	evaluationv1.EvaluationService_ReplyToFeedback_FullMethodName,
	evaluationv1.EvaluationService_RecordDialogue_FullMethodName,
	evaluationv1.EvaluationService_RequestPeerInput_FullMethodName,
	evaluationv1.EvaluationService_SubmitPeerForm_FullMethodName,
	evaluationv1.EvaluationService_RatePeriod_FullMethodName,
	evaluationv1.EvaluationService_FinaliseAnnualRating_FullMethodName,
	evaluationv1.EvaluationService_AcknowledgeAnnualRating_FullMethodName,
	evaluationv1.EvaluationService_FileObjection_FullMethodName,
	evaluationv1.EvaluationService_DecideObjection_FullMethodName,
}

// The changes only HR makes are never granted to employees, supervisors, auditors or service
// clients (with the read scope).
func TestReadOnlyRoles(t *testing.T) {
	authtest.CheckReadOnly(t, grpcapi.Rules, hrWrites, "evaluation.read")
}

// No change at all is granted to auditors or service clients: they read only.
func TestAuditorsAndServicesNeverWrite(t *testing.T) {
	for _, m := range append(append([]string{}, hrWrites...), peopleWrites...) {
		for _, r := range []auth.Role{auth.RoleAuditor, auth.RoleService} {
			if s := grpcapi.Rules[m].Decide(auth.Principal{Roles: []auth.Role{r}, Scopes: []string{"evaluation.read"}}); s != auth.ScopeNone {
				t.Errorf("%s may call %s with scope %s", r, m, s)
			}
		}
	}
}
