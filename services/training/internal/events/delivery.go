package events

import (
	"fmt"

	"github.com/simpeg-id/simpeg/platform/outbox"
	trainingv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/training/v1"
	"github.com/simpeg-id/simpeg/services/training/internal/app"
	"github.com/simpeg-id/simpeg/services/training/internal/convert"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

// The subjects of the delivery area's events. JP credited is shared: the internship area
// publishes an internship's JP on it too.
const (
	SubjectJPCredited         = "simpeg.training.jp.credited"
	SubjectJPReversed         = "simpeg.training.jp.reversed"
	SubjectCertificateIssued  = "simpeg.training.certificate.issued"
	SubjectCertificateRevoked = "simpeg.training.certificate.revoked"
	SubjectSessionCompleted   = "simpeg.training.session.completed"
)

// encodeDelivery encodes the delivery area's events. A reinstated certificate goes out as
// certificate.issued again, with the number it had before its revocation.
func encodeDelivery(e domain.Event) (outbox.Event, bool, error) {
	switch e := e.(type) {
	case domain.JPCredited:
		ref, err := jpReference(e.Source, e.Ref)
		if err != nil {
			return outbox.Event{}, true, fmt.Errorf("jp.credited: %w", err)
		}
		return outbox.Event{Subject: SubjectJPCredited, Msg: &trainingv1.JPCredited{Employee: e.Employee, Agency: e.Agency,
			Year: int32(e.Year), Jp: int32(e.JP), Source: string(e.Source), Reference: ref, Title: e.Title, Programme: programmeName(e.Programme)}}, true, nil
	case domain.JPReversed:
		ref, err := jpReference(e.Source, e.Ref)
		if err != nil {
			return outbox.Event{}, true, fmt.Errorf("jp.reversed: %w", err)
		}
		return outbox.Event{Subject: SubjectJPReversed, Msg: &trainingv1.JPReversed{Employee: e.Employee, Agency: e.Agency,
			Year: int32(e.Year), Jp: int32(e.JP), Source: string(e.Source), Reference: ref, Title: e.Title, Programme: programmeName(e.Programme)}}, true, nil
	case domain.CertificateIssued:
		return outbox.Event{Subject: SubjectCertificateIssued, Msg: &trainingv1.CertificateIssued{Certificate: convert.Certificate(e.Certificate)}}, true, nil
	case domain.CertificateRevoked:
		return outbox.Event{Subject: SubjectCertificateRevoked, Msg: &trainingv1.CertificateRevoked{Certificate: convert.Certificate(e.Certificate),
			Reason: e.Reason}}, true, nil
	case domain.SessionCompleted:
		return outbox.Event{Subject: SubjectSessionCompleted, Msg: &trainingv1.SessionCompleted{Session: convert.Session(e.Session)}}, true, nil
	}
	return outbox.Event{}, false, nil
}

// jpReference names the record a delivery JP event refers to: the enrolment of a session, or
// the external training.
func jpReference(source domain.JPSource, ref string) (string, error) {
	switch source {
	case domain.FromSession:
		return app.EnrolmentName(ref), nil
	case domain.FromExternal:
		return app.ExternalTrainingName(ref), nil
	}
	return "", fmt.Errorf("unknown source %q", source)
}

// programmeName is the resource name of a programme id, "programmes/{id}"; "" for none (JP not
// earned in a session).
func programmeName(id string) string {
	if id == "" {
		return ""
	}
	return "programmes/" + id
}
