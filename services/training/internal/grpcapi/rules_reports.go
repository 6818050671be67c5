package grpcapi

import "github.com/simpeg-id/simpeg/platform/auth"

// reportRules are the reports' methods and who may call them.
var reportRules = auth.Rules{}
