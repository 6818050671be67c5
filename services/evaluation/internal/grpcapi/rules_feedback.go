package grpcapi

import "github.com/simpeg-id/simpeg/platform/auth"

// feedbackRules are the feedback area's methods and who may call them.
var feedbackRules = auth.Rules{}

// idempotentFeedback are the feedback area's creating methods that honour an Idempotency-Key.
var idempotentFeedback []string
