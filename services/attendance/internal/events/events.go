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

// encoders encode the events of one area each (check-ins here, leave and days in their own
// files); each answers false for events not its own.
var encoders = []func(app.Event) (outbox.Event, bool){encodeRecords}

// Encode returns the outbox event for e.
func Encode(e app.Event) (outbox.Event, error) {
	for _, enc := range encoders {
		if ev, ok := enc(e); ok {
			return ev, nil
		}
	}
	return outbox.Event{}, fmt.Errorf("no encoding for event %T", e)
}

func encodeRecords(e app.Event) (outbox.Event, bool) {
	switch e := e.(type) {
	case app.CheckedIn:
		return outbox.Event{Subject: SubjectCheckedIn, Msg: &attendancev1.CheckedIn{Record: convert.RecordPB(e.Record)}}, true
	case app.CheckedOut:
		return outbox.Event{Subject: SubjectCheckedOut, Msg: &attendancev1.CheckedOut{Record: convert.RecordPB(e.Record)}}, true
	}
	return outbox.Event{}, false
}
