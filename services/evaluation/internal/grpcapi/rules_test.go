package grpcapi_test

import (
	"testing"

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
