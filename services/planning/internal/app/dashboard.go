package app

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"time"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/services/planning/internal/domain"
)

// The workforce dashboards of the HR information system (issue 12 §3): headcount by agency,
// unit, rank, position kind, employment type, sex, age band and education; the need, holders
// and gap; the retirements ahead; and the targets of this year's plans in force. The headcount
// comes from one grouped query over the registry, so the whole city answers in milliseconds.

// reportZone is the city's time zone, WIB (UTC+7, no daylight saving; DOMAIN.md "Medan"): the
// dashboards' date and the reports' months are Medan's.
var reportZone = time.FixedZone("WIB", 7*60*60)

// jakartaDate returns the calendar date of t in WIB.
func jakartaDate(t time.Time) domain.Date {
	y, m, d := t.In(reportZone).Date()
	return domain.Date{Time: time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

// DashboardCount is one count of the store's grouped query: the active employees with one
// value Key of dimension Dim (a breakdown's dimension; DimHolders: the agency Key's active
// holders of a position; DimBirth: born in month Key, "YYYY-MM", holding a position of Level
// and own retirement age Age, "" and 0 without one). The age band's key is its index in
// AgeBands.
type DashboardCount struct {
	Dim, Key string
	Level    domain.PositionLevel
	Age      int
	Count    int
}

// AgeBand is one age band of the dashboards: ages Min to the next band's Min − 1.
type AgeBand struct {
	Key, Label string
	Min        int
}

// AgeBands are the dashboards' age bands, youngest first: up to 25, five-year bands to 60,
// over 60 (a civil servant retires at 58, 60 or 65: DOMAIN.md "Retirement age").
var AgeBands = []AgeBand{
	{"<=25", "≤ 25 tahun", 0}, {"26-30", "26-30 tahun", 26}, {"31-35", "31-35 tahun", 31},
	{"36-40", "36-40 tahun", 36}, {"41-45", "41-45 tahun", 41}, {"46-50", "46-50 tahun", 46},
	{"51-55", "51-55 tahun", 51}, {"56-60", "56-60 tahun", 56}, {">60", "> 60 tahun", 61},
}

// AgeCutoffs returns, for each age band after the first, the latest birth date ("YYYY-MM-DD")
// of someone at least the band's Min years old on day: a birth date after cutoff i is in a
// band before i+1. The text is the same month and day Min years earlier, compared as text, so
// a 29 February birthday counts from 1 March in a year without one (as the age in years does).
func AgeCutoffs(day domain.Date) []string {
	out := make([]string, 0, len(AgeBands)-1)
	for _, b := range AgeBands[1:] {
		out = append(out, fmt.Sprintf("%04d-%02d-%02d", day.Year()-b.Min, int(day.Month()), day.Day()))
	}
	return out
}

// DashboardTarget is one target of a plan in force, with its measure.
type DashboardTarget struct {
	Plan   string // the plan's id
	Agency string // "" for the city plan
	Target domain.Target
}

// DashboardReader reads the dashboards' figures; part of Repository.
type DashboardReader interface {
	// DashboardCounts counts the active employees of agency ("" every agency), placed by the
	// assignment in force on day, by each breakdown's dimension (the age band by cutoffs,
	// AgeCutoffs), DimHolders and DimBirth.
	DashboardCounts(ctx context.Context, agency string, day domain.Date, cutoffs []string) ([]DashboardCount, error)
	// PositionNeeds sums the needed headcount of the positions of agency ("" every agency)
	// per agency.
	PositionNeeds(ctx context.Context, agency string) (map[string]int, error)
	// TargetsInForce returns the active targets of the plans in force (approved or in
	// progress) of year: agency's plan and the city plan, or every plan when agency is "".
	TargetsInForce(ctx context.Context, agency string, year int) ([]DashboardTarget, error)
}

// DashboardGroup is one group of a breakdown.
type DashboardGroup struct {
	Key, Label string
	Count      int
}

// DashboardBreakdown is one dimension of the dashboard, its groups in the dimension's order.
type DashboardBreakdown struct {
	Dimension string
	Groups    []DashboardGroup
}

// DashboardNeeds is one agency's need, active holders and gap.
type DashboardNeeds struct {
	Agency, Name       string
	Need, Holders, Gap int
}

// DashboardYear is a count for one year.
type DashboardYear struct{ Year, Count int }

// Dashboard is GetWorkforceDashboard's answer.
type Dashboard struct {
	Agency             string // "" for the whole city
	Date               domain.Date
	Total              int
	Breakdowns         []DashboardBreakdown
	Need, Holders, Gap int
	AgencyNeeds        []DashboardNeeds
	Retirements        []DashboardYear
	Targets            []DashboardTarget
}

// The dashboard's dimensions, in the order of its breakdowns.
const (
	DimAgency         = "agency"
	DimUnit           = "unit"
	DimRank           = "rank"
	DimPositionKind   = "position_kind"
	DimEmploymentType = "employment_type"
	DimSex            = "sex"
	DimAgeBand        = "age_band"
	DimEducation      = "education"
	// DimHolders and DimBirth are counts of the store's query that are no breakdown: the
	// active holders of a position per agency, and the employees per birth month and
	// position level (for the retirements ahead).
	DimHolders = "holders"
	DimBirth   = "birth"
)

// educationUnknown is the education group of employees whose education is not recorded.
const educationUnknown = "unknown"

// GetWorkforceDashboard returns the dashboard of agency, or of the whole city when agency is
// empty and the caller sees every agency (city HR, auditors, service clients). Agency HR and
// agency heads get their own agency's by default, and no other's.
func (a *App) GetWorkforceDashboard(ctx context.Context, agency string) (Dashboard, error) {
	agency, err := a.dashboardAgency(ctx, agency)
	if err != nil {
		return Dashboard{}, err
	}
	return a.workforceDashboard(ctx, agency)
}

// dashboardAgency returns the agency the caller's dashboard is of: the one asked for if the
// caller reaches it, the caller's own when none is asked for and it sees one agency only.
func (a *App) dashboardAgency(ctx context.Context, agency string) (string, error) {
	r, err := a.reach(ctx)
	if err != nil {
		return "", err
	}
	if !r.All {
		if agency == "" {
			agency = r.Agency
		}
		if agency != r.Agency {
			return "", errs.Deniedf("the caller sees the dashboard of agency %q only, not %q", r.Agency, agency)
		}
	}
	if agency != "" {
		ag, err := a.repo.GetAgency(ctx, agency)
		if err != nil {
			return "", err
		}
		if ag.Parent != "" {
			return "", errs.Invalidf("agency", "%s is a unit of %s; the dashboard is of an agency (units are a breakdown of it)", agency, ag.Parent)
		}
	}
	return agency, nil
}

// workforceDashboard computes the dashboard of agency ("" the city) without checking reach.
func (a *App) workforceDashboard(ctx context.Context, agency string) (Dashboard, error) {
	day := jakartaDate(a.now())
	rows, err := a.repo.DashboardCounts(ctx, agency, day, AgeCutoffs(day))
	if err != nil {
		return Dashboard{}, err
	}
	needs, err := a.repo.PositionNeeds(ctx, agency)
	if err != nil {
		return Dashboard{}, err
	}
	codes := []string{}
	for _, r := range rows {
		if r.Dim == DimAgency || r.Dim == DimUnit || r.Dim == DimHolders {
			codes = append(codes, r.Key)
		}
	}
	codes = append(codes, slices.Collect(maps.Keys(needs))...)
	if agency != "" {
		codes = append(codes, agency)
	}
	names := map[string]string{}
	if ags, err := a.repo.Agencies(ctx, codes...); err != nil {
		return Dashboard{}, err
	} else {
		for code, ag := range ags {
			names[code] = ag.Name
		}
	}
	d := summarise(agency, day, rows, needs, names)
	d.Retirements = a.retirementsAhead(rows, day.Year())
	if d.Targets, err = a.repo.TargetsInForce(ctx, agency, day.Year()); err != nil {
		return Dashboard{}, err
	}
	return d, nil
}

// summarise puts the store's counts into the dashboard's breakdowns and needs.
func summarise(agency string, day domain.Date, rows []DashboardCount, needs map[string]int, names map[string]string) Dashboard {
	d := Dashboard{Agency: agency, Date: day}
	by := map[string]map[string]int{}
	for _, dim := range []string{DimAgency, DimUnit, DimRank, DimPositionKind, DimEmploymentType, DimSex, DimAgeBand, DimEducation, DimHolders} {
		by[dim] = map[string]int{}
	}
	for _, r := range rows {
		key := r.Key
		switch r.Dim {
		case DimBirth:
			continue
		case DimAgency:
			d.Total += r.Count
		case DimPositionKind:
			if key == "" {
				key = PositionNone
			}
		case DimEducation:
			if key == "" {
				key = educationUnknown
			}
		case DimAgeBand:
			i, err := strconv.Atoi(key)
			if err != nil || i < 0 || i >= len(AgeBands) {
				continue
			}
			key = AgeBands[i].Key
		}
		if m := by[r.Dim]; m != nil {
			m[key] += r.Count
		}
	}
	holders := by[DimHolders]
	label := func(code string) string {
		if n := names[code]; n != "" {
			return n
		}
		return code
	}
	sorted := func(m map[string]int) []DashboardGroup {
		var out []DashboardGroup
		for _, k := range slices.Sorted(maps.Keys(m)) {
			out = append(out, DashboardGroup{Key: k, Label: label(k), Count: m[k]})
		}
		return out
	}
	fixed := func(m map[string]int, keys, labels []string) []DashboardGroup {
		out := make([]DashboardGroup, len(keys))
		for i, k := range keys {
			out[i] = DashboardGroup{Key: k, Label: labels[i], Count: m[k]}
		}
		return out
	}
	var ranks []DashboardGroup
	for _, r := range domain.Ranks(domain.PNS) {
		if n := by[DimRank][r]; n > 0 {
			ranks = append(ranks, DashboardGroup{Key: r, Label: "Golongan " + r, Count: n})
		}
	}
	for _, g := range domain.Ranks(domain.PPPK) {
		if n := by[DimRank][g]; n > 0 {
			ranks = append(ranks, DashboardGroup{Key: g, Label: "Golongan " + g + " (PPPK)", Count: n})
		}
	}
	bandKeys, bandLabels := make([]string, len(AgeBands)), make([]string, len(AgeBands))
	for i, b := range AgeBands {
		bandKeys[i], bandLabels[i] = b.Key, b.Label
	}
	eduKeys, eduLabels := []string{}, []string{}
	for _, e := range domain.Educations() {
		eduKeys, eduLabels = append(eduKeys, string(e)), append(eduLabels, e.Label())
	}
	eduKeys, eduLabels = append(eduKeys, educationUnknown), append(eduLabels, domain.EducationUnknown.Label())
	d.Breakdowns = []DashboardBreakdown{
		{DimAgency, sorted(by[DimAgency])},
		{DimUnit, sorted(by[DimUnit])},
		{DimRank, ranks},
		{DimPositionKind, fixed(by[DimPositionKind],
			[]string{string(domain.PositionStructural), string(domain.PositionFunctional), string(domain.PositionExecutor), PositionNone},
			[]string{"Struktural", "Fungsional", "Pelaksana", "Tanpa jabatan"})},
		{DimEmploymentType, fixed(by[DimEmploymentType],
			[]string{string(domain.PNS), string(domain.CPNS), string(domain.PPPK)}, []string{"PNS", "CPNS", "PPPK"})},
		{DimSex, fixed(by[DimSex], []string{string(domain.Male), string(domain.Female)}, []string{"Laki-laki", "Perempuan"})},
		{DimAgeBand, fixed(by[DimAgeBand], bandKeys, bandLabels)},
		{DimEducation, fixed(by[DimEducation], eduKeys, eduLabels)},
	}
	agencies := map[string]bool{}
	for code := range needs {
		agencies[code] = true
	}
	for code := range holders {
		agencies[code] = true
	}
	if agency != "" {
		agencies = map[string]bool{agency: true}
	}
	for _, code := range slices.Sorted(maps.Keys(agencies)) {
		n := DashboardNeeds{Agency: code, Name: label(code), Need: needs[code], Holders: holders[code]}
		n.Gap = n.Need - n.Holders
		d.AgencyNeeds = append(d.AgencyNeeds, n)
		d.Need += n.Need
		d.Holders += n.Holders
	}
	d.Gap = d.Need - d.Holders
	return d
}
