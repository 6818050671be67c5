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
	}
	for _, tt := range tests {
		for i, r := range roles {
			if got := grpcapi.Rules[tt.method].Decide(auth.Principal{Subject: "x", Roles: []auth.Role{r}, Agency: "DINKES"}); got != tt.want[i] {
				t.Errorf("%s for %s: %v, want %v", tt.method, r, got, tt.want[i])
			}
		}
	}
}
