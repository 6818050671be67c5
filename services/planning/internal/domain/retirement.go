package domain

import (
	"cmp"
	"slices"
	"time"
)

// Retirements ahead (issue 12 §1). A PNS who reaches the retirement age (batas usia pensiun,
// BUP) is honourably discharged (PP 11/2017 art. 239(1), as amended by PP 17/2020); the age is
// the position's (art. 239(2): 58 for administrative positions and functional skill levels,
// Ahli Pertama and Ahli Muda; 60 for senior leadership and Ahli Madya; 65 for Ahli Utama;
// art. 240: a functional position whose own law sets another, e.g. teachers, uses that law's).
// The discharge takes effect at the end of the month the age is reached and the pension runs
// from the first day of the next month (UU 11/1969 art. 9(4): "mulai bulan berikutnya"; art.
// 10: the age counts from the birth date recorded at first appointment), so the retirement
// date — the first day the employee no longer holds the position — is the first day of the
// month after the month of the birthday on which the age is reached.
//
// A PPPK's contract ends at the same age of the position (PP 49/2018 on PPPK management, as
// the guidance found for this work reads it), so PPPK are forecast the same way.

// forecastZone is WIB (UTC+7), Medan's zone: "this year" of a forecast is the year in Medan.
var forecastZone = WIB

// YearInMedan is t's calendar year in WIB.
func YearInMedan(t time.Time) int { return t.In(forecastZone).Year() }

// ForecastYears is the number of years of the retirement forecast and the formasi proposal.
const ForecastYears = 5

// The bounds of a position's own retirement age.
const (
	MinRetirementAge = 50
	MaxRetirementAge = 70
)

// RetirementAgeOf is the retirement age of the holders of pos: the position's own age when
// set (a functional position whose law sets one, e.g. 60 for teachers), else the policy's
// age for its level, else DefaultRetirementAge (also for an employee without a position, nil).
func RetirementAgeOf(pos *Position, ages map[PositionLevel]int) int {
	if pos == nil {
		return DefaultRetirementAge
	}
	if pos.RetirementAge > 0 {
		return pos.RetirementAge
	}
	if age, ok := ages[pos.Level]; ok && pos.Level != PositionLevelNotSet && age > 0 {
		return age
	}
	return DefaultRetirementAge
}

// RetirementDate is the first day of the month after the month in which someone born on
// birth reaches age (born 31 January 1968, 58: 1 February 2026; born 29 February: 1 March).
func RetirementDate(birth Date, age int) Date {
	y, m, _ := birth.Date()
	return Date{time.Date(y+age, m+1, 1, 0, 0, 0, 0, time.UTC)}
}

// Retiree is an employee whose retirement date falls in a forecast year.
type Retiree struct {
	NIP, Name    string // Name with titles
	Type         EmploymentType
	Birth        Date
	Age          int // the retirement age applied
	Date         Date
	Agency, Unit string
	Position     string // "" without a position
	Title        string
	Kind         PositionKind // "" without a position
}

// PositionRetirements is one position's retirements in one year ("" position: the employees of
// an agency without a position).
type PositionRetirements struct {
	Position, Title, Agency, Unit string
	Kind                          PositionKind
	HoldersNow, HoldersLeft       int
	Empties                       bool
	Retirees                      []Retiree
}

// RetirementYear is one year of the forecast.
type RetirementYear struct {
	Year             int
	Retiring         int
	ByKind           map[string]int // structural, functional, executor, none
	PositionsEmptied int
	Positions        []PositionRetirements
}

// KindNone is the by_kind key of employees without a position.
const KindNone = "none"

// ForecastRetirements returns, for each of ForecastYears years from firstYear, the active
// employees among es whose retirement date falls in that year, by position: the holders now
// (the position's Current), those left at the end of the year if nobody is recruited, and
// whether the position empties that year (some holders before it, none after). positions holds
// the positions es hold; ages is the policy's table.
func ForecastRetirements(firstYear int, es []Employee, positions map[string]*Position, ages map[PositionLevel]int) []RetirementYear {
	years := make([]RetirementYear, ForecastYears)
	type key struct{ position, agency string }
	byYear := make([]map[key]*PositionRetirements, ForecastYears)
	for i := range years {
		years[i] = RetirementYear{Year: firstYear + i, ByKind: map[string]int{}}
		byYear[i] = map[key]*PositionRetirements{}
	}
	for _, e := range es {
		if (e.Status != "" && e.Status != Active) || e.BirthDate.IsZero() {
			continue
		}
		pos := positions[e.Position]
		age := RetirementAgeOf(pos, ages)
		date := RetirementDate(e.BirthDate, age)
		i := date.Year() - firstYear
		if i < 0 || i >= ForecastYears {
			continue
		}
		r := Retiree{NIP: e.NIP, Name: e.DisplayName(), Type: e.Type, Birth: e.BirthDate, Age: age, Date: date,
			Agency: e.Agency, Unit: e.Unit}
		k := key{agency: e.Agency}
		kind := KindNone
		if pos != nil {
			r.Position, r.Title, r.Kind = pos.ID, pos.Title, pos.Kind
			k = key{position: pos.ID}
			kind = string(pos.Kind)
		}
		pr := byYear[i][k]
		if pr == nil {
			pr = &PositionRetirements{Agency: e.Agency, Unit: e.Unit}
			if pos != nil {
				pr.Position, pr.Title, pr.Agency, pr.Unit, pr.Kind, pr.HoldersNow = pos.ID, pos.Title, pos.Agency, pos.Unit, pos.Kind, pos.Current
			}
			byYear[i][k] = pr
		}
		pr.Retirees = append(pr.Retirees, r)
		years[i].Retiring++
		years[i].ByKind[kind]++
	}
	left := map[string]int{} // position → holders left after the years so far
	for i := range years {
		for _, pr := range byYear[i] {
			slices.SortFunc(pr.Retirees, func(a, b Retiree) int {
				return cmp.Or(a.Date.Compare(b.Date.Time), cmp.Compare(a.NIP, b.NIP))
			})
			if pr.Position == "" {
				continue
			}
			before, ok := left[pr.Position]
			if !ok {
				before = pr.HoldersNow
			}
			pr.HoldersLeft = max(0, before-len(pr.Retirees))
			pr.Empties = before > 0 && pr.HoldersLeft == 0
			left[pr.Position] = pr.HoldersLeft
			if pr.Empties {
				years[i].PositionsEmptied++
			}
		}
		for _, pr := range byYear[i] {
			years[i].Positions = append(years[i].Positions, *pr)
		}
		slices.SortFunc(years[i].Positions, func(a, b PositionRetirements) int {
			return cmp.Or(cmp.Compare(a.Agency, b.Agency), cmp.Compare(a.Unit, b.Unit), cmp.Compare(a.Title, b.Title), cmp.Compare(a.Position, b.Position))
		})
	}
	return years
}

// RetirementsByPosition counts, per position id, the retirements of each forecast year.
func RetirementsByPosition(years []RetirementYear) map[string][]int {
	out := map[string][]int{}
	for i, y := range years {
		for _, pr := range y.Positions {
			if pr.Position == "" {
				continue
			}
			if out[pr.Position] == nil {
				out[pr.Position] = make([]int, len(years))
			}
			out[pr.Position][i] += len(pr.Retirees)
		}
	}
	return out
}

// InMedan is t in WIB, for the dates and times the CSV files show.
func InMedan(t time.Time) time.Time { return t.In(forecastZone) }
