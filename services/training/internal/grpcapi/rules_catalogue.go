package grpcapi

import "github.com/simpeg-id/simpeg/platform/auth"

// catalogueRules are the catalogue area's methods and who may call them.
var catalogueRules = auth.Rules{}

// idempotentCatalogue lists the catalogue area's creating methods that honour an Idempotency-Key.
var idempotentCatalogue = []string{}
