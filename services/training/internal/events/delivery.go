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
	SubjectJPCredited        = "simpeg.training.jp.credited"
	SubjectCertificateIssued = "simpeg.training.certificate.issued"
	SubjectSessionCompleted  = "simpeg.training.session.completed"
)

// encodeDelivery encodes the delivery area's events.
func encodeDelivery(e domain.Event) (outbox.Event, bool, error) {
	switch e := e.(type) {
	case domain.JPCredited:
		ref := app.EnrolmentName(e.Ref)
		switch e.Source {
		case domain.FromExternal:
			ref = app.ExternalTrainingName(e.Ref)
		case domain.FromSession:
		default:
			return outbox.Event{}, true, fmt.Errorf("jp.credited of unknown source %q", e.Source)
		}
		return outbox.Event{Subject: SubjectJPCredited, Msg: &trainingv1.JPCredited{Employee: e.Employee, Agency: e.Agency,
			Year: int32(e.Year), Jp: int32(e.JP), Source: string(e.Source), Reference: ref, Title: e.Title}}, true, nil
	case domain.CertificateIssued:
		return outbox.Event{Subject: SubjectCertificateIssued, Msg: &trainingv1.CertificateIssued{Certificate: convert.Certificate(e.Certificate)}}, true, nil
	case domain.SessionCompleted:
		return outbox.Event{Subject: SubjectSessionCompleted, Msg: &trainingv1.SessionCompleted{Session: convert.Session(e.Session)}}, true, nil
	}
	return outbox.Event{}, false, nil
}
