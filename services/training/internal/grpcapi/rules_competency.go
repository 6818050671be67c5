package grpcapi

import "github.com/simpeg-id/simpeg/platform/auth"

// competencyRules are the competency area's methods and who may call them.
var competencyRules = auth.Rules{}

// idempotentCompetency lists the competency area's creating methods that honour an Idempotency-Key.
var idempotentCompetency = []string{}
