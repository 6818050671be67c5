package grpcapi

import "github.com/simpeg-id/simpeg/platform/auth"

// skpRules are the skp area's methods and who may call them.
var skpRules = auth.Rules{}

// idempotentSkp are the skp area's creating methods that honour an Idempotency-Key.
var idempotentSkp []string
