// Package convert turns the evaluation service's domain values into protobuf messages and back,
// for grpcapi and events alike. One file per area; this one holds the shared vocabulary (the
// enums) and the rating.
package convert

import (
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	evaluationv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/evaluation/v1"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
)

// pair maps one domain word to its proto enum value.
type pair[D ~string, P ~int32] struct {
	d D
	p P
}

func toProto[D ~string, P ~int32](pairs []pair[D, P], d D) P {
	for _, x := range pairs {
		if x.d == d {
			return x.p
		}
	}
	return 0
}

func fromProto[D ~string, P ~int32](pairs []pair[D, P], p P) D {
	for _, x := range pairs {
		if x.p == p {
			return x.d
		}
	}
	return ""
}

var expectations = []pair[domain.Expectation, evaluationv1.Expectation]{
	{domain.Above, evaluationv1.Expectation_EXPECTATION_ABOVE},
	{domain.Meets, evaluationv1.Expectation_EXPECTATION_MEETS},
	{domain.Below, evaluationv1.Expectation_EXPECTATION_BELOW},
}

// Expectation converts a rating of results or behaviour.
func Expectation(e domain.Expectation) evaluationv1.Expectation { return toProto(expectations, e) }

// ExpectationFrom converts a proto rating; unspecified is "".
func ExpectationFrom(e evaluationv1.Expectation) domain.Expectation {
	return fromProto(expectations, e)
}

var predicates = []pair[domain.Predicate, evaluationv1.Predicate]{
	{domain.SangatBaik, evaluationv1.Predicate_PREDICATE_SANGAT_BAIK},
	{domain.Baik, evaluationv1.Predicate_PREDICATE_BAIK},
	{domain.ButuhPerbaikan, evaluationv1.Predicate_PREDICATE_BUTUH_PERBAIKAN},
	{domain.Kurang, evaluationv1.Predicate_PREDICATE_KURANG},
	{domain.SangatKurang, evaluationv1.Predicate_PREDICATE_SANGAT_KURANG},
}

// Predicate converts a predicate.
func Predicate(p domain.Predicate) evaluationv1.Predicate { return toProto(predicates, p) }

// PredicateFrom converts a proto predicate; unspecified is "".
func PredicateFrom(p evaluationv1.Predicate) domain.Predicate { return fromProto(predicates, p) }

var orgPredicates = []pair[domain.OrganisationPredicate, evaluationv1.OrganisationPredicate]{
	{domain.OrgIstimewa, evaluationv1.OrganisationPredicate_ORGANISATION_PREDICATE_ISTIMEWA},
	{domain.OrgBaik, evaluationv1.OrganisationPredicate_ORGANISATION_PREDICATE_BAIK},
	{domain.OrgButuhPerbaikan, evaluationv1.OrganisationPredicate_ORGANISATION_PREDICATE_BUTUH_PERBAIKAN},
	{domain.OrgKurang, evaluationv1.OrganisationPredicate_ORGANISATION_PREDICATE_KURANG},
	{domain.OrgSangatKurang, evaluationv1.OrganisationPredicate_ORGANISATION_PREDICATE_SANGAT_KURANG},
}

// OrganisationPredicate converts an organisation predicate.
func OrganisationPredicate(o domain.OrganisationPredicate) evaluationv1.OrganisationPredicate {
	return toProto(orgPredicates, o)
}

// OrganisationPredicateFrom converts a proto organisation predicate; unspecified is "".
func OrganisationPredicateFrom(o evaluationv1.OrganisationPredicate) domain.OrganisationPredicate {
	return fromProto(orgPredicates, o)
}

var behaviours = []pair[domain.Behaviour, evaluationv1.Behaviour]{
	{domain.BerorientasiPelayanan, evaluationv1.Behaviour_BEHAVIOUR_BERORIENTASI_PELAYANAN},
	{domain.Akuntabel, evaluationv1.Behaviour_BEHAVIOUR_AKUNTABEL},
	{domain.Kompeten, evaluationv1.Behaviour_BEHAVIOUR_KOMPETEN},
	{domain.Harmonis, evaluationv1.Behaviour_BEHAVIOUR_HARMONIS},
	{domain.Loyal, evaluationv1.Behaviour_BEHAVIOUR_LOYAL},
	{domain.Adaptif, evaluationv1.Behaviour_BEHAVIOUR_ADAPTIF},
	{domain.Kolaboratif, evaluationv1.Behaviour_BEHAVIOUR_KOLABORATIF},
}

// Behaviour converts a BerAKHLAK behaviour.
func Behaviour(b domain.Behaviour) evaluationv1.Behaviour { return toProto(behaviours, b) }

// BehaviourFrom converts a proto behaviour; unspecified is "".
func BehaviourFrom(b evaluationv1.Behaviour) domain.Behaviour { return fromProto(behaviours, b) }

var levels = []pair[domain.FunctionalLevel, evaluationv1.FunctionalLevel]{
	{domain.Pemula, evaluationv1.FunctionalLevel_FUNCTIONAL_LEVEL_PEMULA},
	{domain.Terampil, evaluationv1.FunctionalLevel_FUNCTIONAL_LEVEL_TERAMPIL},
	{domain.Mahir, evaluationv1.FunctionalLevel_FUNCTIONAL_LEVEL_MAHIR},
	{domain.Penyelia, evaluationv1.FunctionalLevel_FUNCTIONAL_LEVEL_PENYELIA},
	{domain.AhliPertama, evaluationv1.FunctionalLevel_FUNCTIONAL_LEVEL_AHLI_PERTAMA},
	{domain.AhliMuda, evaluationv1.FunctionalLevel_FUNCTIONAL_LEVEL_AHLI_MUDA},
	{domain.AhliMadya, evaluationv1.FunctionalLevel_FUNCTIONAL_LEVEL_AHLI_MADYA},
	{domain.AhliUtama, evaluationv1.FunctionalLevel_FUNCTIONAL_LEVEL_AHLI_UTAMA},
}

// FunctionalLevel converts a functional level ("" is unspecified).
func FunctionalLevel(l domain.FunctionalLevel) evaluationv1.FunctionalLevel {
	return toProto(levels, l)
}

// FunctionalLevelFrom converts a proto functional level; unspecified is "".
func FunctionalLevelFrom(l evaluationv1.FunctionalLevel) domain.FunctionalLevel {
	return fromProto(levels, l)
}

var cadences = []pair[domain.Cadence, evaluationv1.Cadence]{
	{domain.Quarterly, evaluationv1.Cadence_CADENCE_QUARTERLY},
	{domain.Monthly, evaluationv1.Cadence_CADENCE_MONTHLY},
}

// Cadence converts a cadence.
func Cadence(c domain.Cadence) evaluationv1.Cadence { return toProto(cadences, c) }

// CadenceFrom converts a proto cadence; unspecified is "".
func CadenceFrom(c evaluationv1.Cadence) domain.Cadence { return fromProto(cadences, c) }

var skpStates = []pair[domain.SkpState, evaluationv1.SkpState]{
	{domain.SkpDraft, evaluationv1.SkpState_SKP_STATE_DRAFT},
	{domain.SkpProposed, evaluationv1.SkpState_SKP_STATE_PROPOSED},
	{domain.SkpReturned, evaluationv1.SkpState_SKP_STATE_RETURNED},
	{domain.SkpApproved, evaluationv1.SkpState_SKP_STATE_APPROVED},
	{domain.SkpClosed, evaluationv1.SkpState_SKP_STATE_CLOSED},
}

// SkpState converts an SKP state.
func SkpState(s domain.SkpState) evaluationv1.SkpState { return toProto(skpStates, s) }

// SkpStateFrom converts a proto SKP state; unspecified is "".
func SkpStateFrom(s evaluationv1.SkpState) domain.SkpState { return fromProto(skpStates, s) }

// Rating converts a rating with its predicate.
func Rating(r domain.Rating) *evaluationv1.Rating {
	return &evaluationv1.Rating{Results: Expectation(r.Results), ResultsReason: r.ResultsReason,
		Behaviour: Expectation(r.Behaviour), BehaviourReason: r.BehaviourReason, Predicate: Predicate(r.Predicate)}
}

// RatingFrom converts a proto rating; the predicate is not read (the matrix computes it).
func RatingFrom(r *evaluationv1.Rating) domain.Rating {
	return domain.Rating{Results: ExpectationFrom(r.GetResults()), ResultsReason: r.GetResultsReason(),
		Behaviour: ExpectationFrom(r.GetBehaviour()), BehaviourReason: r.GetBehaviourReason()}
}

// Time converts an instant; the zero time is nil.
func Time(t time.Time) *timestamppb.Timestamp {
	if t.IsZero() {
		return nil
	}
	return timestamppb.New(t)
}
