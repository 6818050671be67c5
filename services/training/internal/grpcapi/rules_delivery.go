package grpcapi

import "github.com/simpeg-id/simpeg/platform/auth"

// deliveryRules are the delivery area's methods and who may call them.
var deliveryRules = auth.Rules{}

// idempotentDelivery lists the delivery area's creating methods that honour an Idempotency-Key.
var idempotentDelivery = []string{}
