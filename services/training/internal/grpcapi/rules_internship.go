package grpcapi

import "github.com/simpeg-id/simpeg/platform/auth"

// internshipRules are the internship area's methods and who may call them.
var internshipRules = auth.Rules{}

// idempotentInternship lists the internship area's creating methods that honour an Idempotency-Key.
var idempotentInternship = []string{}
