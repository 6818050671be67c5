// Package pbconv holds the small pieces every service's convert package uses to map its domain
// to its protobuf messages: inverting an enum table and the wire form of a time.
package pbconv

import (
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"
)

// Invert returns the map from each value of m to its key: written once as wire enum → domain
// value, a table read backwards gives the wire form of a domain value. Values of m must be
// distinct; for a repeated value one of its keys is kept.
func Invert[K, V comparable](m map[K]V) map[V]K {
	out := make(map[V]K, len(m))
	for k, v := range m {
		out[v] = k
	}
	return out
}

// Timestamp is the wire form of t; the zero time (not set) is nil, so the field is left out.
func Timestamp(t time.Time) *timestamppb.Timestamp {
	if t.IsZero() {
		return nil
	}
	return timestamppb.New(t)
}
