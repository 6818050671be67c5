package grpcapi

import "github.com/simpeg-id/simpeg/platform/auth"

// reportRules are the report area's methods and who may call them.
var reportRules = auth.Rules{}
