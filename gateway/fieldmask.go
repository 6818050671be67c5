package gateway

// Field masks in JSON names. The JSON mapping of a google.protobuf.FieldMask writes its paths
// in lowerCamelCase (https://protobuf.dev/programming-guides/json/: "backTitle"), and REST
// clients name fields as the JSON documents show them, while grpc-gateway copies a query
// parameter ?updateMask=backTitle into the mask verbatim and the services know the proto names
// (back_title). Before a call leaves the gateway, every path of every field mask in the request
// is rewritten to the proto names of the message the mask selects from, so both spellings work
// for every update RPC of every service. A path naming no field is left as it is: the service
// still refuses it with 400 naming update_mask.

import (
	"context"
	"strings"
	"sync"

	"google.golang.org/grpc"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
)

// fieldMaskName is the full name of the well-known FieldMask message.
var fieldMaskName = (&fieldmaskpb.FieldMask{}).ProtoReflect().Descriptor().FullName()

// protoNameMasks is the gateway's client interceptor: it rewrites the request's field mask
// paths to proto names (rewriteMasks), then refuses a call whose HTTP body was too large.
func protoNameMasks(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
	if m, ok := req.(proto.Message); ok {
		rewriteMasks(m.ProtoReflect())
	}
	return refuseOversizeBody(ctx, method, req, reply, cc, invoker, opts...)
}

// holdsMask caches, per message type, whether the type holds a field mask anywhere below it,
// so that requests without one (most of them, and the large batch ones) are not walked.
var holdsMask sync.Map // protoreflect.FullName → bool

// containsMask reports whether messages of md hold a FieldMask field at any depth.
func containsMask(md protoreflect.MessageDescriptor) bool {
	if v, ok := holdsMask.Load(md.FullName()); ok {
		return v.(bool)
	}
	found := reachesMask(md, map[protoreflect.FullName]bool{})
	holdsMask.Store(md.FullName(), found)
	return found
}

// reachesMask walks md's message fields depth first, each type once.
func reachesMask(md protoreflect.MessageDescriptor, seen map[protoreflect.FullName]bool) bool {
	if seen[md.FullName()] {
		return false
	}
	seen[md.FullName()] = true
	fields := md.Fields()
	for i := 0; i < fields.Len(); i++ {
		if sub := fields.Get(i).Message(); sub != nil && (sub.FullName() == fieldMaskName || reachesMask(sub, seen)) {
			return true
		}
	}
	return false
}

// rewriteMasks rewrites, in m and the messages below it, every path of a set FieldMask field to
// proto names, resolving each path in the mask's target: the one other message field of the
// message holding the mask (AIP-134: the resource beside update_mask).
func rewriteMasks(m protoreflect.Message) {
	md := m.Descriptor()
	if !containsMask(md) {
		return
	}
	fields := md.Fields()
	for i := 0; i < fields.Len(); i++ {
		fd := fields.Get(i)
		sub := fd.Message()
		if sub == nil || fd.IsMap() || !m.Has(fd) {
			continue
		}
		switch {
		case sub.FullName() == fieldMaskName && !fd.IsList():
			if target := maskTarget(md); target != nil {
				if fm, ok := m.Get(fd).Message().Interface().(*fieldmaskpb.FieldMask); ok {
					for j, p := range fm.Paths {
						fm.Paths[j] = protoPath(target, p)
					}
				}
			}
		case fd.IsList():
			list := m.Get(fd).List()
			for j := 0; j < list.Len(); j++ {
				rewriteMasks(list.Get(j).Message())
			}
		default:
			rewriteMasks(m.Get(fd).Message())
		}
	}
}

// maskTarget returns the message a field mask of md selects from: md's only singular message
// field that is not a well-known type; nil when there is none or more than one.
func maskTarget(md protoreflect.MessageDescriptor) protoreflect.MessageDescriptor {
	var target protoreflect.MessageDescriptor
	fields := md.Fields()
	for i := 0; i < fields.Len(); i++ {
		fd := fields.Get(i)
		sub := fd.Message()
		if sub == nil || fd.IsList() || fd.IsMap() || sub.ParentFile().Package() == "google.protobuf" {
			continue
		}
		if target != nil {
			return nil
		}
		target = sub
	}
	return target
}

// protoPath returns path (dot-separated field names, each in its proto or JSON spelling) in
// proto names, walking into md's message fields; a path naming no field of md is returned
// unchanged, for the service to refuse.
func protoPath(md protoreflect.MessageDescriptor, path string) string {
	segments := strings.Split(path, ".")
	for i, seg := range segments {
		if md == nil {
			return path
		}
		fd := md.Fields().ByName(protoreflect.Name(seg))
		if fd == nil {
			fd = md.Fields().ByJSONName(seg)
		}
		if fd == nil {
			return path
		}
		segments[i] = string(fd.Name())
		md = nil
		if fd.Message() != nil && !fd.IsList() && !fd.IsMap() {
			md = fd.Message()
		}
	}
	return strings.Join(segments, ".")
}
