package events

import (
	"github.com/simpeg-id/simpeg/platform/outbox"
	evaluationv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/evaluation/v1"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/app"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/convert"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
)

// The rating area's subjects: years opened, organisation predicates set, periods rated, and
// each step of an annual rating.
const (
	SubjectPeriodOpened             = "simpeg.evaluation.period.opened"
	SubjectOrganisationRatingSet    = "simpeg.evaluation.organisation_rating.set"
	SubjectPeriodRated              = "simpeg.evaluation.period.rated"
	SubjectAnnualRatingFinalised    = "simpeg.evaluation.annual_rating.finalised"
	SubjectAnnualRatingAcknowledged = "simpeg.evaluation.annual_rating.acknowledged"
	SubjectObjectionFiled           = "simpeg.evaluation.objection.filed"
	SubjectObjectionDecided         = "simpeg.evaluation.objection.decided"
)

// encodeRating encodes the rating area's events.
func encodeRating(e domain.Event) (outbox.Event, bool, error) {
	switch e := e.(type) {
	case domain.PeriodOpened:
		return outbox.Event{Subject: SubjectPeriodOpened, Msg: &evaluationv1.PeriodOpened{Period: convert.Period(e.Period)}}, true, nil
	case domain.OrganisationRatingSet:
		return outbox.Event{Subject: SubjectOrganisationRatingSet,
			Msg: &evaluationv1.OrganisationRatingSet{OrganisationRating: convert.OrganisationRating(e.Rating)}}, true, nil
	case domain.PeriodRated:
		return outbox.Event{Subject: SubjectPeriodRated, Msg: &evaluationv1.PeriodRated{Skp: app.SkpName(e.Skp.ID), Employee: e.Skp.Employee,
			Agency: e.Skp.Agency, Year: int32(e.Skp.Year), PeriodRating: convert.PeriodRating(e.Rating)}}, true, nil
	case domain.AnnualRatingFinalised:
		return outbox.Event{Subject: SubjectAnnualRatingFinalised,
			Msg: &evaluationv1.AnnualRatingFinalised{AnnualRating: convert.AnnualRating(e.Rating)}}, true, nil
	case domain.AnnualRatingAcknowledged:
		return outbox.Event{Subject: SubjectAnnualRatingAcknowledged,
			Msg: &evaluationv1.AnnualRatingAcknowledged{AnnualRating: convert.AnnualRating(e.Rating)}}, true, nil
	case domain.ObjectionFiled:
		return outbox.Event{Subject: SubjectObjectionFiled, Msg: &evaluationv1.ObjectionFiled{AnnualRating: convert.AnnualRating(e.Rating)}}, true, nil
	case domain.ObjectionDecided:
		return outbox.Event{Subject: SubjectObjectionDecided, Msg: &evaluationv1.ObjectionDecided{AnnualRating: convert.AnnualRating(e.Rating)}}, true, nil
	}
	return outbox.Event{}, false, nil
}
