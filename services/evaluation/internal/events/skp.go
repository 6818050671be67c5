package events

import (
	"github.com/simpeg-id/simpeg/platform/outbox"
	evaluationv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/evaluation/v1"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/convert"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
)

// The SKP's subjects: each step of its workflow that another party acts on.
const (
	SubjectSkpProposed = "simpeg.evaluation.skp.proposed"
	SubjectSkpReturned = "simpeg.evaluation.skp.returned"
	SubjectSkpApproved = "simpeg.evaluation.skp.approved"
	SubjectSkpClosed   = "simpeg.evaluation.skp.closed"
)

// encodeSkp encodes the SKP area's events.
func encodeSkp(e domain.Event) (outbox.Event, bool, error) {
	switch e := e.(type) {
	case domain.SkpProposedEvent:
		return outbox.Event{Subject: SubjectSkpProposed, Msg: &evaluationv1.SkpProposed{Skp: convert.Skp(e.Skp)}}, true, nil
	case domain.SkpReturnedEvent:
		return outbox.Event{Subject: SubjectSkpReturned, Msg: &evaluationv1.SkpReturned{Skp: convert.Skp(e.Skp)}}, true, nil
	case domain.SkpApprovedEvent:
		return outbox.Event{Subject: SubjectSkpApproved, Msg: &evaluationv1.SkpApproved{Skp: convert.Skp(e.Skp)}}, true, nil
	case domain.SkpClosedEvent:
		return outbox.Event{Subject: SubjectSkpClosed, Msg: &evaluationv1.SkpClosed{Skp: convert.Skp(e.Skp)}}, true, nil
	}
	return outbox.Event{}, false, nil
}
