package grpcapi

import "github.com/simpeg-id/simpeg/platform/auth"

// ratingRules are the rating area's methods and who may call them.
var ratingRules = auth.Rules{}

// idempotentRating are the rating area's creating methods that honour an Idempotency-Key.
var idempotentRating []string
