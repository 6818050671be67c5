// Package events turns the attendance service's app events into the messages it publishes on
// "simpeg.attendance.>": subject "simpeg.attendance.<entity>.<verb>", payload the protobuf
// message of events.proto.
package events

import (
	"fmt"

	"github.com/simpeg-id/simpeg/platform/outbox"
	attendancev1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/attendance/v1"
	"github.com/simpeg-id/simpeg/services/attendance/internal/app"
	"github.com/simpeg-id/simpeg/services/attendance/internal/convert"
)

// The subjects the attendance service publishes.
const (
	SubjectCheckedIn  = "simpeg.attendance.attendance.checked_in"
	SubjectCheckedOut = "simpeg.attendance.attendance.checked_out"
)

// Encode returns the outbox event for e.
func Encode(e app.Event) (outbox.Event, error) {
	switch e := e.(type) {
	case app.CheckedIn:
		return outbox.Event{Subject: SubjectCheckedIn, Msg: &attendancev1.CheckedIn{Record: convert.RecordPB(e.Record)}}, nil
	case app.CheckedOut:
		return outbox.Event{Subject: SubjectCheckedOut, Msg: &attendancev1.CheckedOut{Record: convert.RecordPB(e.Record)}}, nil
	}
	return outbox.Event{}, fmt.Errorf("no encoding for event %T", e)
}
