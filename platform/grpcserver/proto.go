package grpcserver

import "google.golang.org/protobuf/protoadapt"

func protoAdapt(m any) protoadapt.MessageV1 {
	return protoadapt.MessageV1Of(m.(protoadapt.MessageV2))
}
