package grpcserver

import (
	"context"
	"errors"
	"fmt"

	"buf.build/go/protovalidate"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/proto"

	"github.com/simpeg-id/simpeg/platform/errs"
)

// ValidateUnaryInterceptor checks each request against its protovalidate rules and answers
// InvalidArgument with a BadRequest naming every field that breaks one, before the handler
// runs.
func ValidateUnaryInterceptor() (grpc.UnaryServerInterceptor, error) {
	v, err := protovalidate.New()
	if err != nil {
		return nil, fmt.Errorf("creating validator: %w", err)
	}
	return func(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		if m, ok := req.(proto.Message); ok {
			if err := v.Validate(m); err != nil {
				return nil, validationError(err)
			}
		}
		return handler(ctx, req)
	}, nil
}

func validationError(err error) error {
	var ve *protovalidate.ValidationError
	if !errors.As(err, &ve) {
		return fmt.Errorf("validating request: %w", err)
	}
	var vs errs.Violations
	for _, v := range ve.Violations {
		field := protovalidate.FieldPathString(v.Proto.GetField())
		vs.Add(field, "%s", v.Proto.GetMessage())
	}
	return vs.Err()
}
