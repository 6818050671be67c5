package grpcapi

import (
	"maps"

	"github.com/simpeg-id/simpeg/platform/auth"
	evaluationv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/evaluation/v1"
)

// ClientScopeRead is the OAuth scope a service client needs for the reads other systems make
// (planning's back-fill of the work plans' targets: the SKPs of an agency and their feedback).
const ClientScopeRead = "evaluation.read"

// Rules is the evaluation service's authorization table: every method and who may call it. A
// method missing here is denied; a test proves every method of the service is listed. Each area
// declares its part in rules_<area>.go. The table says which roles may call and how wide their
// grant is; the use cases then narrow it to the SKPs the caller may see (app/access.go).
var Rules = merge(skpRules, feedbackRules, ratingRules, reportRules, auth.Rules{
	evaluationv1.EvaluationService_ListAuditRecords_FullMethodName: {Grants: auth.Auditors},
})

// Idempotent lists the creating methods that honour an Idempotency-Key.
var Idempotent = concat(idempotentSkp, idempotentFeedback, idempotentRating)

func merge(parts ...auth.Rules) auth.Rules {
	out := auth.Rules{}
	for _, p := range parts {
		maps.Copy(out, p)
	}
	return out
}

func concat(parts ...[]string) []string {
	var out []string
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}
