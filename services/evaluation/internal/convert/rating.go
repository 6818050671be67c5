package convert

// The rating area's shapes: performance years, organisation ratings, the distribution, period
// and annual ratings.

import (
	"github.com/simpeg-id/simpeg/platform/resource"
	evaluationv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/evaluation/v1"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/app"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
)

// Period converts a performance year with its periods.
func Period(p domain.Period) *evaluationv1.Period {
	out := &evaluationv1.Period{Name: domain.PeriodName(p.Year), Year: int32(p.Year), Cadence: Cadence(p.Cadence),
		SkpDueDate: p.SkpDueDate, RatingDueDays: int32(p.RatingDueDays), Etag: resource.Etag(p.Version),
		CreateTime: Time(p.Created), UpdateTime: Time(p.Updated)}
	for _, s := range p.SubPeriods() {
		out.Periods = append(out.Periods, &evaluationv1.SubPeriod{Id: s.ID, StartDate: s.Start, EndDate: s.End, RatingDueDate: s.RatingDueDate})
	}
	return out
}

// PeriodFrom converts a requested year; the defaults are the domain's.
func PeriodFrom(p *evaluationv1.Period) domain.Period {
	return domain.Period{Year: int(p.GetYear()), Cadence: CadenceFrom(p.GetCadence()), SkpDueDate: p.GetSkpDueDate(),
		RatingDueDays: int(p.GetRatingDueDays())}
}

// OrganisationRating converts an agency's predicate for a year.
func OrganisationRating(o domain.OrganisationRating) *evaluationv1.OrganisationRating {
	return &evaluationv1.OrganisationRating{Name: app.OrganisationRatingName(o.Year, o.Agency), Agency: o.Agency, Year: int32(o.Year),
		Predicate: OrganisationPredicate(o.Predicate), Note: o.Note, Etag: resource.Etag(o.Version), UpdateTime: Time(o.Updated)}
}

// OrganisationRatingFrom converts a requested organisation rating.
func OrganisationRatingFrom(o *evaluationv1.OrganisationRating) domain.OrganisationRating {
	return domain.OrganisationRating{Year: int(o.GetYear()), Agency: o.GetAgency(),
		Predicate: OrganisationPredicateFrom(o.GetPredicate()), Note: o.GetNote()}
}

// Distribution converts a row of the distribution: the counts of the five predicates, best
// first, and the bounds.
func Distribution(d app.Distribution) *evaluationv1.Distribution {
	out := &evaluationv1.Distribution{Agency: d.Agency, Unit: d.Unit, Year: int32(d.Year),
		OrganisationPredicate: OrganisationPredicate(d.Organisation), Population: int32(d.Population), Rated: int32(d.Rated())}
	for _, p := range domain.Predicates() {
		out.Counts = append(out.Counts, &evaluationv1.PredicateCount{Predicate: Predicate(p), Count: int32(d.Counts[p])})
	}
	for _, s := range d.Bounds {
		out.Bounds = append(out.Bounds, Bound(s))
	}
	return out
}

// Bound converts one rule of a bound with where it stands.
func Bound(s domain.BoundStatus) *evaluationv1.Bound {
	kind := "at least"
	if s.Bound.AtMost {
		kind = "at most"
	}
	out := &evaluationv1.Bound{Kind: kind, Percent: int32(s.Bound.Percent), Limit: int32(s.Limit), Current: int32(s.Current),
		Satisfied: s.Satisfied, Description: s.Bound.Describe()}
	for _, p := range s.Bound.Predicates {
		out.Predicates = append(out.Predicates, Predicate(p))
	}
	return out
}

// PeriodRating converts an SKP's rating of a period.
func PeriodRating(p domain.PeriodRating) *evaluationv1.PeriodRating {
	return &evaluationv1.PeriodRating{Name: app.PeriodRatingName(p.Skp, p.Period), Period: p.Period, Rating: Rating(p.Rating),
		RatedBy: p.RatedBy, Etag: resource.Etag(p.Version), RateTime: Time(p.Rated)}
}

var annualStates = []pair[domain.AnnualRatingState, evaluationv1.AnnualRatingState]{
	{domain.AnnualFinalised, evaluationv1.AnnualRatingState_ANNUAL_RATING_STATE_FINALISED},
	{domain.AnnualAcknowledged, evaluationv1.AnnualRatingState_ANNUAL_RATING_STATE_ACKNOWLEDGED},
	{domain.AnnualObjected, evaluationv1.AnnualRatingState_ANNUAL_RATING_STATE_OBJECTED},
	{domain.AnnualDecided, evaluationv1.AnnualRatingState_ANNUAL_RATING_STATE_DECIDED},
}

// AnnualRating converts an SKP's annual rating with its objection and history.
func AnnualRating(a domain.AnnualRating) *evaluationv1.AnnualRating {
	out := &evaluationv1.AnnualRating{Name: app.AnnualRatingName(a.Skp), Employee: a.Employee, Year: int32(a.Year), Agency: a.Agency,
		Rating: Rating(a.Rating), State: toProto(annualStates, a.State), RatedBy: a.RatedBy, FinaliseTime: Time(a.Finalised),
		ObjectionDeadline: a.ObjectionDeadline, Etag: resource.Etag(a.Version)}
	if o := a.Objection; o != nil {
		out.Objection = &evaluationv1.Objection{Reason: o.Reason, FileTime: Time(o.Filed), Decider: o.Decider, Changed: o.Changed,
			DecisionReason: o.DecisionReason, DecidedBy: o.DecidedBy, DecideTime: Time(o.Decided)}
	}
	for _, h := range a.History {
		out.History = append(out.History, &evaluationv1.RatingEvent{Action: h.Action, Actor: h.Actor, Predicate: Predicate(h.Predicate),
			Note: h.Note, Time: Time(h.Time)})
	}
	return out
}
