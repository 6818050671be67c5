// Package events turns the training service's domain events into the messages it publishes on
// "simpeg.training.>": subject "simpeg.training.<entity>.<verb>", payload the protobuf message
// of events.proto. Each area encodes its own events in its own file; Encode asks each in turn.
package events

import (
	"fmt"

	"github.com/simpeg-id/simpeg/platform/outbox"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

// areas are the encoders of each area's events; ok is false for an event of another area.
var areas = []func(domain.Event) (ev outbox.Event, ok bool, err error){
	// encodeCatalogue, encodeDelivery, encodeCompetency, encodeInternship are added by their areas.
	encodeCompetency,
	encodeInternship,
	encodeCatalogue,
	encodeDelivery,
}

// Encode returns the outbox event for e.
func Encode(e domain.Event) (outbox.Event, error) {
	for _, enc := range areas {
		if ev, ok, err := enc(e); ok || err != nil {
			return ev, err
		}
	}
	return outbox.Event{}, fmt.Errorf("no encoding for event %T", e)
}
