package events

import (
	"github.com/simpeg-id/simpeg/platform/outbox"
	trainingv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/training/v1"
	"github.com/simpeg-id/simpeg/services/training/internal/app"
	"github.com/simpeg-id/simpeg/services/training/internal/convert"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

// The internship area's subjects (issue 10 §6). A placement's JP credit goes out on the same
// subject as every other JP credit, with source "internship".
const (
	SubjectPlacementStarted     = "simpeg.training.placement.started"
	SubjectPlacementCompleted   = "simpeg.training.placement.completed"
	SubjectPlacementWithdrawn   = "simpeg.training.placement.withdrawn"
	SubjectJPCreditedInternship = "simpeg.training.jp.credited"
)

// encodeInternship encodes the internship area's events.
func encodeInternship(e domain.Event) (outbox.Event, bool, error) {
	switch e := e.(type) {
	case domain.PlacementStarted:
		return outbox.Event{Subject: SubjectPlacementStarted, Msg: &trainingv1.PlacementStarted{Placement: convert.Placement(e.Placement)}}, true, nil
	case domain.PlacementCompleted:
		return outbox.Event{Subject: SubjectPlacementCompleted, Msg: &trainingv1.PlacementCompleted{Placement: convert.Placement(e.Placement)}}, true, nil
	case domain.PlacementWithdrawn:
		return outbox.Event{Subject: SubjectPlacementWithdrawn, Msg: &trainingv1.PlacementWithdrawn{Placement: convert.Placement(e.Placement)}}, true, nil
	case domain.InternshipJPCredited:
		x := e.Entry
		return outbox.Event{Subject: SubjectJPCreditedInternship, Msg: &trainingv1.JPCredited{Employee: x.Employee, Agency: e.Agency,
			Year: int32(x.Year), Jp: int32(x.JP), Source: string(x.Source), Reference: app.PlacementName(x.Ref), Title: e.Title}}, true, nil
	}
	return outbox.Event{}, false, nil
}
