package domain

import "slices"

// Expectation is how results or behaviour compare with the appraiser's expectations.
type Expectation string

// The three ratings of results and of behaviour (PermenPANRB 6/2022).
const (
	Above Expectation = "above"
	Meets Expectation = "meets"
	Below Expectation = "below"
)

// Valid reports whether e is one of the three ratings.
func (e Expectation) Valid() bool { return e == Above || e == Meets || e == Below }

// Predicate is an employee's performance predicate.
type Predicate string

// The five predicates, best first.
const (
	SangatBaik     Predicate = "sangat_baik"
	Baik           Predicate = "baik"
	ButuhPerbaikan Predicate = "butuh_perbaikan"
	Kurang         Predicate = "kurang"
	SangatKurang   Predicate = "sangat_kurang"
)

// Predicates returns the five predicates, best first.
func Predicates() []Predicate {
	return []Predicate{SangatBaik, Baik, ButuhPerbaikan, Kurang, SangatKurang}
}

// Valid reports whether p is one of the five predicates.
func (p Predicate) Valid() bool { return slices.Contains(Predicates(), p) }

// Label is the predicate as the regulation writes it ("Butuh Perbaikan").
func (p Predicate) Label() string {
	switch p {
	case SangatBaik:
		return "Sangat Baik"
	case Baik:
		return "Baik"
	case ButuhPerbaikan:
		return "Butuh Perbaikan"
	case Kurang:
		return "Kurang"
	case SangatKurang:
		return "Sangat Kurang"
	}
	return string(p)
}

// PredicateOf is the matrix of DOMAIN.md (PermenPANRB 6/2022): the predicate follows from the
// results rating and the behaviour rating, with no weighted formula.
//
//	results \ behaviour | above           | meets           | below
//	above               | Sangat Baik     | Baik            | Kurang
//	meets               | Baik            | Baik            | Kurang
//	below               | Butuh Perbaikan | Butuh Perbaikan | Sangat Kurang
//
// It returns "" when either rating is not one of the three.
func PredicateOf(results, behaviour Expectation) Predicate {
	if !results.Valid() || !behaviour.Valid() {
		return ""
	}
	switch {
	case results == Above && behaviour == Above:
		return SangatBaik
	case results != Below && behaviour != Below:
		return Baik
	case results != Below: // behaviour below
		return Kurang
	case behaviour != Below: // results below
		return ButuhPerbaikan
	default:
		return SangatKurang
	}
}

// OrganisationPredicate is an agency's own performance rating for a year.
type OrganisationPredicate string

// The five organisation predicates, best first.
const (
	OrgIstimewa       OrganisationPredicate = "istimewa"
	OrgBaik           OrganisationPredicate = "baik"
	OrgButuhPerbaikan OrganisationPredicate = "butuh_perbaikan"
	OrgKurang         OrganisationPredicate = "kurang"
	OrgSangatKurang   OrganisationPredicate = "sangat_kurang"
)

// OrganisationPredicates returns the five organisation predicates, best first.
func OrganisationPredicates() []OrganisationPredicate {
	return []OrganisationPredicate{OrgIstimewa, OrgBaik, OrgButuhPerbaikan, OrgKurang, OrgSangatKurang}
}

// Valid reports whether o is one of the five.
func (o OrganisationPredicate) Valid() bool { return slices.Contains(OrganisationPredicates(), o) }

// Behaviour is one of the seven BerAKHLAK core values.
type Behaviour string

// The seven BerAKHLAK behaviours, in their order.
const (
	BerorientasiPelayanan Behaviour = "berorientasi_pelayanan"
	Akuntabel             Behaviour = "akuntabel"
	Kompeten              Behaviour = "kompeten"
	Harmonis              Behaviour = "harmonis"
	Loyal                 Behaviour = "loyal"
	Adaptif               Behaviour = "adaptif"
	Kolaboratif           Behaviour = "kolaboratif"
)

// Behaviours returns the seven behaviours in order.
func Behaviours() []Behaviour {
	return []Behaviour{BerorientasiPelayanan, Akuntabel, Kompeten, Harmonis, Loyal, Adaptif, Kolaboratif}
}

// Valid reports whether b is one of the seven.
func (b Behaviour) Valid() bool { return slices.Contains(Behaviours(), b) }

// FunctionalLevel is the level (jenjang) of a functional position.
type FunctionalLevel string

// The functional levels: the skilled track, then the expert track.
const (
	Pemula      FunctionalLevel = "pemula"
	Terampil    FunctionalLevel = "terampil"
	Mahir       FunctionalLevel = "mahir"
	Penyelia    FunctionalLevel = "penyelia"
	AhliPertama FunctionalLevel = "ahli_pertama"
	AhliMuda    FunctionalLevel = "ahli_muda"
	AhliMadya   FunctionalLevel = "ahli_madya"
	AhliUtama   FunctionalLevel = "ahli_utama"
)

// coefficients are the yearly credit-point coefficients per level (PermenPANRB 1/2023, as
// DOMAIN.md lists them).
var coefficients = map[FunctionalLevel]float64{
	Pemula: 3.75, Terampil: 5, Mahir: 12.5, Penyelia: 25,
	AhliPertama: 12.5, AhliMuda: 25, AhliMadya: 37.5, AhliUtama: 50,
}

// FunctionalLevels returns the levels in order.
func FunctionalLevels() []FunctionalLevel {
	return []FunctionalLevel{Pemula, Terampil, Mahir, Penyelia, AhliPertama, AhliMuda, AhliMadya, AhliUtama}
}

// Valid reports whether l is a level ("" is not: it means not functional).
func (l FunctionalLevel) Valid() bool { _, ok := coefficients[l]; return ok }

// Coefficient is the level's yearly credit-point coefficient; 0 for "" or an unknown level.
func (l FunctionalLevel) Coefficient() float64 { return coefficients[l] }

// CreditPercent is the predicate's percentage of the coefficient (PermenPANRB 1/2023, as
// DOMAIN.md lists them): Sangat Baik 150, Baik 100, Butuh Perbaikan 75, Kurang 50, Sangat
// Kurang 25; 0 for anything else.
func (p Predicate) CreditPercent() int {
	switch p {
	case SangatBaik:
		return 150
	case Baik:
		return 100
	case ButuhPerbaikan:
		return 75
	case Kurang:
		return 50
	case SangatKurang:
		return 25
	}
	return 0
}
