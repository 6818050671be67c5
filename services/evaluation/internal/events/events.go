// Package events turns the evaluation service's domain events into the messages it publishes on
// "simpeg.evaluation.>": subject "simpeg.evaluation.<entity>.<verb>", payload the protobuf
// message of events.proto. Each area encodes its own events in its own file; Encode asks each in
// turn.
package events

import (
	"fmt"

	"github.com/simpeg-id/simpeg/platform/outbox"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
)

// areas are the encoders of each area's events; ok is false for an event of another area.
var areas = []func(domain.Event) (ev outbox.Event, ok bool, err error){
	// encodeSkp, encodeFeedback, encodeRating are added by their areas.
	encodeSkp,
	encodeRating,
	encodeFeedback,
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
