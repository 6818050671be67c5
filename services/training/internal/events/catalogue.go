package events

import (
	"github.com/simpeg-id/simpeg/platform/outbox"
	trainingv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/training/v1"
	"github.com/simpeg-id/simpeg/services/training/internal/convert"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

// The catalogue's subjects: sessions scheduled and cancelled, and each step of an enrolment.
const (
	SubjectSessionScheduled    = "simpeg.training.session.scheduled"
	SubjectSessionCancelled    = "simpeg.training.session.cancelled"
	SubjectEnrolmentRequested  = "simpeg.training.enrolment.requested"
	SubjectEnrolmentApproved   = "simpeg.training.enrolment.approved"
	SubjectEnrolmentWaitlisted = "simpeg.training.enrolment.waitlisted"
	SubjectEnrolmentPromoted   = "simpeg.training.enrolment.promoted"
	SubjectEnrolmentRejected   = "simpeg.training.enrolment.rejected"
	SubjectEnrolmentWithdrawn  = "simpeg.training.enrolment.withdrawn"
)

// encodeCatalogue encodes the catalogue area's events.
func encodeCatalogue(e domain.Event) (outbox.Event, bool, error) {
	switch e := e.(type) {
	case domain.SessionScheduled:
		return outbox.Event{Subject: SubjectSessionScheduled, Msg: &trainingv1.SessionScheduled{Session: convert.Session(e.Session)}}, true, nil
	case domain.SessionCancelled:
		return outbox.Event{Subject: SubjectSessionCancelled, Msg: &trainingv1.SessionCancelled{Session: convert.Session(e.Session)}}, true, nil
	case domain.EnrolmentRequested:
		return outbox.Event{Subject: SubjectEnrolmentRequested, Msg: &trainingv1.EnrolmentRequested{Enrolment: convert.Enrolment(e.Enrolment)}}, true, nil
	case domain.EnrolmentApproved:
		return outbox.Event{Subject: SubjectEnrolmentApproved, Msg: &trainingv1.EnrolmentApproved{Enrolment: convert.Enrolment(e.Enrolment)}}, true, nil
	case domain.EnrolmentWaitlisted:
		return outbox.Event{Subject: SubjectEnrolmentWaitlisted, Msg: &trainingv1.EnrolmentWaitlisted{Enrolment: convert.Enrolment(e.Enrolment)}}, true, nil
	case domain.EnrolmentPromoted:
		return outbox.Event{Subject: SubjectEnrolmentPromoted, Msg: &trainingv1.EnrolmentPromoted{Enrolment: convert.Enrolment(e.Enrolment)}}, true, nil
	case domain.EnrolmentRejected:
		return outbox.Event{Subject: SubjectEnrolmentRejected, Msg: &trainingv1.EnrolmentRejected{Enrolment: convert.Enrolment(e.Enrolment)}}, true, nil
	case domain.EnrolmentWithdrawn:
		return outbox.Event{Subject: SubjectEnrolmentWithdrawn, Msg: &trainingv1.EnrolmentWithdrawn{Enrolment: convert.Enrolment(e.Enrolment)}}, true, nil
	}
	return outbox.Event{}, false, nil
}
