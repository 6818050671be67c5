package grpcapi

import (
	"maps"

	"github.com/simpeg-id/simpeg/platform/auth"
	trainingv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/training/v1"
)

// Rules is the training service's authorization table: every method and who may call it. A
// method missing here is denied; a test proves every method of the service is listed. Each area
// declares its part in rules_<area>.go.
var Rules = merge(catalogueRules, deliveryRules, competencyRules, internshipRules, reportRules, auth.Rules{
	trainingv1.TrainingService_ListAuditRecords_FullMethodName: {Grants: auth.Auditors},
})

// Idempotent lists the creating methods that honour an Idempotency-Key.
var Idempotent = concat(idempotentCatalogue, idempotentDelivery, idempotentCompetency, idempotentInternship)

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
