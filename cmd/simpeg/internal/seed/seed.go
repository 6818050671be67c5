// Package seed generates the demo data set of simpeg and loads it into a running system through
// the REST API of the gateway.
//
// The data set describes the workforce of a city government modelled on Medan: 40 top-level
// agencies (19 city agencies, namely the two secretariats, the inspectorate, Satpol PP, five badan,
// nine dinas and the city hospital, plus the 21 kecamatan), their units, their positions and
// exactly 20,548 civil servants (about 85 % PNS with valid NIPs, 15 % PPPK). To keep to the "some
// 40 OPD" of the domain reference, related functions share an agency the way many Indonesian
// regions combine them (research in Bappeda, the fire service in BPBD, housing and spatial
// planning in Dinas PU, family planning and women and children with Dinas Sosial, cooperatives,
// industry and trade with Dinas Ketenagakerjaan), and a few smaller functions (culture, tourism,
// youth and sport, libraries and archives, agriculture and food, investment licensing) are left
// out.
//
// The data is illustrative, not an official list: agency structures, headcounts, names,
// identifiers and ranks are invented to look plausible, and any resemblance to real persons
// is coincidental. Anything that shows the data should say so.
//
// Generate is deterministic: the same seed gives the same data set, byte for byte, on every
// run of the same build. Load sends a data set to the gateway in supervisor order, with
// idempotency keys derived from the content, so running it again after a crash, or on an
// already-seeded database, creates nothing twice.
package seed

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"

	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
	"github.com/simpeg-id/simpeg/services/planning/nip"
)

// EmployeeCount is the number of employees Generate produces.
const EmployeeCount = 20548

// refYear, refMonth and refDay are the day the data set describes (27 November 2026): ages,
// years of service and ranks are as of then. No appointment is later than lastAppointmentYear
// but those of the CPNS appointed this year (cpnsShare).
const (
	refYear  = 2026
	refMonth = time.November
	refDay   = 27

	lastAppointmentYear = 2025
	minBirthYear        = 1966
	maxBirthYear        = 2002
	minAppointmentAge   = 19
	maxAppointmentAge   = 35
)

// Dataset is a generated demo data set.
type Dataset struct {
	// Seed is the seed the data set was generated from.
	Seed int64
	// Agencies holds the top-level agencies first, then their units; a parent always comes
	// before its children.
	Agencies []*planningv1.Agency
	// Positions holds every position, agency by agency.
	Positions []*planningv1.Position
	// Employees holds every employee, agency by agency: the head, the unit heads, then the
	// staff. The Sekretaris Daerah comes first.
	Employees []*planningv1.Employee

	// sites are the office positions of the agencies the city's officeSites does not place (the
	// province's regions); nil for the city.
	sites map[string]site
}

// ranks are the PNS ranks (golongan/ruang), lowest first; an index into it is a rank index.
var ranks = [...]string{
	"I/a", "I/b", "I/c", "I/d",
	"II/a", "II/b", "II/c", "II/d",
	"III/a", "III/b", "III/c", "III/d",
	"IV/a", "IV/b", "IV/c", "IV/d", "IV/e",
}

// Rank indexes used by the generator.
const (
	rankIIa  = 4
	rankIIc  = 6
	rankIIIa = 8
	rankIIIb = 9
	rankIIId = 11
	rankIVb  = 13
	rankIVc  = 14
	rankIVd  = 15
	rankIVe  = 16
)

// CPNS (candidate civil servants in their probation, PP 11/2017 art. 34-37): a share cpnsShare
// of the PNS the generator appoints in lastAppointmentYear are CPNS instead, about 1 % of the
// data set; of them a share cpnsThisYear is moved to an appointment (TMT CPNS) between January
// and October of refYear, still in their first year, and the rest keep theirs, a few still
// CPNS more than a year on (the Latsar flag's cases). Drawn from a stream of their own, so the
// rest of the data set is the same as without them.
const (
	cpnsShare    = 0.21
	cpnsThisYear = 0.85
)

// pppkGrades are the PPPK grades I to XVII, lowest first.
var pppkGrades = [...]string{
	"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX",
	"X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII",
}

// education is the highest education of a person.
type education int

const (
	eduSMA education = iota // senior high school
	eduD3                   // diploma
	eduS1                   // bachelor or professional degree
	eduS2                   // master or medical specialist
	eduS3                   // doctorate
)

// roleKind is what a person does in an agency.
type roleKind int

const (
	roleHead roleKind = iota
	roleUnitHead
	roleFunctional
	roleExecutor
)

// role describes one holder to generate.
type role struct {
	kind       roleKind
	pos        *planningv1.Position
	supervisor string
	rankLo     int
	rankHi     int
	ageLo      int
	ageHi      int
	apptAgeHi  int
	field      field
	female     float64
	pppk       float64 // chance of a PPPK holder; 0 for none
	grade      *grade  // the rung, for functional posts
}

// gen is the state of one generation.
type gen struct {
	r     *rand.Rand
	cpns  *rand.Rand // who of the last year's PNS appointees are CPNS, and when appointed
	d     *Dataset
	seq   map[string]int // last sequence number per 15-digit identifier prefix
	sekda string         // the Sekretaris Daerah's NIP
}

// Generate builds the demo data set for seed. The same seed always gives the same data set.
func Generate(seed int64) *Dataset {
	g := newGen(seed, EmployeeCount)
	g.city()
	return g.d
}

// newGen starts a generation for seed, with room for n employees.
func newGen(seed int64, n int) *gen {
	g := &gen{
		r:    rand.New(rand.NewPCG(uint64(seed), 0x53494d504547)), // "SIMPEG"
		cpns: rand.New(rand.NewPCG(uint64(seed), 0x43504e53)),     // "CPNS"
		d:    &Dataset{Seed: seed},
		seq:  make(map[string]int, n),
	}
	g.d.Employees = make([]*planningv1.Employee, 0, n)
	return g
}

// city adds the demo city: its agencies, units, positions and EmployeeCount employees.
func (g *gen) city() {
	others := 0
	for _, a := range agencies {
		others += a.size
	}
	for _, k := range kecamatan {
		others += k.size
	}
	var units []*planningv1.Agency
	for _, a := range agencies {
		size := a.size
		if size == 0 {
			size = EmployeeCount - others
		}
		units = append(units, g.agency(a, size)...)
	}
	for _, k := range kecamatan {
		units = append(units, g.agency(kecamatanSpec(k.name, k.size), k.size)...)
	}
	g.d.Agencies = append(g.d.Agencies, units...)
}

// kecamatanSpec builds the agency spec of the district called name.
func kecamatanSpec(name string, size int) agencySpec {
	units := make([]unitSpec, len(kecamatanUnits))
	for i, u := range kecamatanUnits {
		if strings.Contains(u.name, "%s") {
			u.name = fmt.Sprintf(u.name, name)
		}
		units[i] = u
	}
	return agencySpec{
		code:   "KEC-" + strings.ToUpper(strings.ReplaceAll(name, " ", "-")),
		name:   "Kecamatan " + name,
		kind:   planningv1.AgencyKind_AGENCY_KIND_KECAMATAN,
		head:   "Camat " + name,
		class:  14,
		size:   size,
		exec:   0.92,
		field:  fieldGov,
		compet: "district-administration",
		units:  units,
		fns:    kecamatanFns,
	}
}

// staffPost is a staff position of an agency before its holders are counted.
type staffPost struct {
	unit   int // index into the agency's units; -1 for the agency level
	weight float64
	exec   *execSpec
	fn     *fnSpec
	grade  *grade
}

// agency adds a top-level agency with its positions and employees, and returns its units.
func (g *gen) agency(a agencySpec, size int) []*planningv1.Agency {
	g.d.Agencies = append(g.d.Agencies, &planningv1.Agency{Code: a.code, DisplayName: a.name, Kind: a.kind})
	lower := strings.ToLower(a.code)
	kec := a.kind == planningv1.AgencyKind_AGENCY_KIND_KECAMATAN

	units := make([]*planningv1.Agency, len(a.units))
	for i, u := range a.units {
		name := u.name
		if name == "" {
			name = "Sekretariat " + a.name
		}
		units[i] = &planningv1.Agency{Code: a.code + "-" + u.suffix, DisplayName: name, Kind: planningv1.AgencyKind_AGENCY_KIND_UNIT, Parent: a.code}
	}

	// The head.
	second := "managerial:change-management"
	sekda := isSekda(a.code)
	if sekda {
		second = "managerial:inter-agency-coordination"
	}
	headPos := &planningv1.Position{
		Id: lower + "-kepala", Title: a.head, Kind: planningv1.PositionKind_POSITION_KIND_STRUCTURAL,
		Class: a.class, Agency: a.code, Level: headLevel(a.kind),
		CompetencyStandards: standard(levelsJPT, "managerial:strategic-leadership", second,
			"technical:"+a.compet, "socio-cultural:stakeholder-engagement"),
	}
	head := role{kind: roleHead, pos: headPos, supervisor: g.sekda, rankLo: rankIVc, rankHi: rankIVe,
		ageLo: 48, ageHi: 59, apptAgeHi: 30, field: a.field, female: 0.25}
	switch {
	case sekda:
		head.rankLo, head.ageLo, head.ageHi = rankIVd, 52, 58
	case kec:
		head.rankHi, head.ageLo, head.ageHi = rankIVd, 44, 56
	}
	g.position(headPos, 1)
	headNIP := g.employee(head).GetNip()
	if sekda {
		g.sekda = headNIP
	}

	// The unit heads.
	unitHeads := make([]string, len(units))
	for i, u := range units {
		title, class := unitHead(u.GetDisplayName(), kec)
		lv := levelsSupervisor
		if class >= 11 {
			lv = levelsAdministrator
		}
		pos := &planningv1.Position{
			Id: lower + "-" + strings.ToLower(a.units[i].suffix) + "-kepala", Title: title,
			Kind: planningv1.PositionKind_POSITION_KIND_STRUCTURAL, Class: class, Agency: a.code, Unit: u.GetCode(),
			Level: unitHeadLevel(class),
			CompetencyStandards: standard(lv, "managerial:team-leadership", "managerial:planning-and-budgeting",
				"technical:"+a.units[i].compet, "socio-cultural:public-communication"),
		}
		g.position(pos, 1)
		unitHeads[i] = g.employee(role{kind: roleUnitHead, pos: pos, supervisor: headNIP, rankLo: rankIIId, rankHi: rankIVb,
			ageLo: 38, ageHi: 57, apptAgeHi: 33, field: a.field, female: 0.35}).GetNip()
	}

	// The staff posts: executors in every unit, then the functional posts.
	var execPosts, fnPosts []staffPost
	for i := range units {
		specs := unitExec
		if i == 0 {
			specs = secretariatExec
		}
		for j := range specs {
			execPosts = append(execPosts, staffPost{unit: i, weight: specs[j].weight, exec: &specs[j]})
		}
	}
	for i := range a.fns {
		f := &a.fns[i]
		in := []int{-1}
		if f.units != "" {
			in = in[:0]
			for s := range strings.FieldsSeq(f.units) {
				in = append(in, unitIndex(a, s))
			}
		}
		rungs := ladders[f.ladder]
		for _, u := range in {
			for k := range rungs {
				fnPosts = append(fnPosts, staffPost{unit: u, weight: f.weight / float64(len(in)) * rungs[k].share, fn: f, grade: &rungs[k]})
			}
		}
	}
	staff := size - 1 - len(units)
	execN := staff
	if len(fnPosts) > 0 {
		execN = int(math.Round(float64(staff) * a.exec))
	}
	counts := append(allocate(execN, execPosts), allocate(staff-execN, fnPosts)...)
	for i, p := range append(execPosts, fnPosts...) {
		if counts[i] == 0 {
			continue
		}
		g.staff(a, units, unitHeads, headNIP, p, counts[i])
	}
	return units
}

// staff adds one staff position with n holders.
func (g *gen) staff(a agencySpec, units []*planningv1.Agency, unitHeads []string, headNIP string, p staffPost, n int) {
	pos := &planningv1.Position{Agency: a.code}
	id := strings.ToLower(a.code)
	r := role{pos: pos, supervisor: headNIP, field: a.field, female: 0.5}
	compet := a.compet
	if p.unit >= 0 {
		pos.Unit = units[p.unit].GetCode()
		id += "-" + strings.ToLower(a.units[p.unit].suffix)
		r.supervisor = unitHeads[p.unit]
		compet = a.units[p.unit].compet
	}
	if e := p.exec; e != nil {
		pos.Id = id + "-" + e.slug
		pos.Title = e.title
		pos.Kind = planningv1.PositionKind_POSITION_KIND_EXECUTOR
		pos.Class = e.class
		pos.Level = planningv1.PositionLevel_POSITION_LEVEL_PELAKSANA
		lv := levelsExecutor
		if e.class >= 7 {
			lv.technical = 2
		}
		pos.CompetencyStandards = standard(lv, "technical:"+e.compet, "technical:"+compet, "socio-cultural:public-service-ethics")
		r.kind, r.rankLo, r.rankHi, r.ageLo, r.ageHi = roleExecutor, rankIIa, rankIIId, 24, 57
		r.pppk = 0.04
	} else {
		f, gr := p.fn, p.grade
		pos.Id = id + "-" + f.slug + "-" + gr.suffix
		pos.Title = f.title + " " + gr.name
		pos.Kind = planningv1.PositionKind_POSITION_KIND_FUNCTIONAL
		pos.Class = gr.class
		pos.Level = rungLevel[gr.suffix]
		pos.RetirementAge = ownRetirementAge(f.slug)
		var names []string
		for _, c := range f.compets {
			names = append(names, "technical:"+c)
		}
		if gr.class >= 11 {
			names = append(names, "managerial:mentoring-and-coaching")
		}
		pos.CompetencyStandards = standard(functionalLevels[gr.suffix], append(names, "socio-cultural:public-service-ethics")...)
		r.kind, r.rankLo, r.rankHi, r.ageLo, r.ageHi = roleFunctional, gr.rankLo, gr.rankHi, gr.ageLo, gr.ageHi
		r.field, r.grade = f.field, gr
		if f.female > 0 {
			r.female = f.female
		}
		if gr.pppk {
			r.pppk = 0.07
			if f.pppk > 0 {
				r.pppk = f.pppk
			}
		}
	}
	r.apptAgeHi = maxAppointmentAge
	g.position(pos, n)
	for range n {
		g.employee(r)
	}
}

// levels are the competency levels (1 to 5) a post's standard requires of each type.
type levels struct{ technical, managerial, socioCultural int32 }

// The demo's levels by the post's level (jenjang). PermenPANRB 38/2017 describes every
// competency at levels 1 to 5, and standards set under it commonly ask the managerial and
// socio-cultural levels by the post: 4 of a JPT Pratama (a city's agency head), 3 of an
// administrator, 2 of a supervisor (pengawas), 1 of an executor; functional posts 1 to 3
// from Ahli Pertama or Terampil up (functionalLevels), their technical level a step above, as
// they are the specialists. The values are illustrative, like the rest of the data set.
var (
	levelsJPT           = levels{4, 4, 4}
	levelsAdministrator = levels{3, 3, 3}
	levelsSupervisor    = levels{2, 2, 2}
	levelsExecutor      = levels{1, 1, 1}
	functionalLevels    = map[string]levels{
		"ap": {2, 1, 1}, "am": {3, 2, 2}, "amd": {4, 3, 3}, // Ahli Pertama, Muda, Madya
		"t": {1, 1, 1}, "m": {2, 1, 1}, "p": {3, 2, 2}, // Terampil, Mahir, Penyelia
	}
)

// standard returns a post's competency standard: each named competency once, in order, at the
// level lv gives its type.
func standard(lv levels, names ...string) []*planningv1.CompetencyStandard {
	out := make([]*planningv1.CompetencyStandard, 0, len(names))
	seen := make(map[string]bool, len(names))
	for _, n := range names {
		if seen[n] {
			continue // an executor's own competency may be its unit's
		}
		seen[n] = true
		level := lv.technical
		switch {
		case strings.HasPrefix(n, "managerial:"):
			level = lv.managerial
		case strings.HasPrefix(n, "socio-cultural:"):
			level = lv.socioCultural
		}
		out = append(out, &planningv1.CompetencyStandard{Competency: n, Level: level})
	}
	return out
}

// unitIndex returns the index of the unit with the code suffix s; the catalog is fixed, so a
// missing suffix is a programming error.
func unitIndex(a agencySpec, s string) int {
	for i, u := range a.units {
		if u.suffix == s {
			return i
		}
	}
	panic(fmt.Sprintf("seed: agency %s has no unit %s", a.code, s))
}

// unitHead derives the title and class of a unit's head from the unit's name.
func unitHead(name string, kec bool) (string, int32) {
	switch {
	case strings.HasPrefix(name, "Sekretariat "):
		if kec {
			return "Sekretaris " + strings.TrimPrefix(name, "Sekretariat "), 11
		}
		return "Sekretaris " + strings.TrimPrefix(name, "Sekretariat "), 12
	case strings.HasPrefix(name, "Inspektur Pembantu"):
		return name, 12
	case strings.HasPrefix(name, "Kelurahan "):
		return "Lurah " + strings.TrimPrefix(name, "Kelurahan "), 10
	case strings.HasPrefix(name, "UPT "):
		return "Kepala " + name, 10
	case strings.HasPrefix(name, "Seksi "):
		return "Kepala " + name, 9
	default: // Bidang, Bagian
		return "Kepala " + name, 11
	}
}

// allocate splits total among posts in proportion to their weights: every post gets one
// holder first when there are enough, the rest goes by largest remainder, ties to the earlier
// post.
func allocate(total int, posts []staffPost) []int {
	out := make([]int, len(posts))
	if total <= 0 || len(posts) == 0 {
		return out
	}
	rest := total
	if total >= len(posts) {
		for i := range out {
			out[i] = 1
		}
		rest -= len(posts)
	}
	sum := 0.0
	for _, p := range posts {
		sum += p.weight
	}
	type rem struct {
		i    int
		frac float64
	}
	rems := make([]rem, len(posts))
	given := 0
	for i, p := range posts {
		x := float64(rest) * p.weight / sum
		n := int(x)
		out[i] += n
		given += n
		rems[i] = rem{i, x - float64(n)}
	}
	// Hand out what rounding down left, largest remainder first (a stable selection, since
	// the lists are short).
	for left := rest - given; left > 0; left-- {
		best := -1
		for j, r := range rems {
			if r.frac >= 0 && (best < 0 || r.frac > rems[best].frac) {
				best = j
			}
		}
		out[rems[best].i]++
		rems[best].frac = -1
	}
	return out
}

// position adds pos with a needed headcount within 12 % of its n holders.
func (g *gen) position(pos *planningv1.Position, n int) {
	need := int(math.Round(float64(n) * (0.88 + 0.24*g.r.Float64())))
	lo, hi := int(math.Ceil(float64(n)*0.85)), int(math.Floor(float64(n)*1.15))
	need = max(lo, min(hi, need))
	pos.NeededHeadcount = int32(max(need, 1))
	g.d.Positions = append(g.d.Positions, pos)
}

// employee generates one holder of r and adds them.
func (g *gen) employee(r role) *planningv1.Employee {
	female := g.r.Float64() < r.female
	sex := planningv1.Sex_SEX_MALE
	if female {
		sex = planningv1.Sex_SEX_FEMALE
	}
	pppk := r.pppk > 0 && g.r.Float64() < r.pppk

	ageLo, ageHi := r.ageLo, r.ageHi
	if pppk {
		ageLo, ageHi = max(ageLo, 26), min(ageHi, 52)
	}
	birthYear := g.between(max(minBirthYear, refYear-ageHi), min(maxBirthYear, refYear-ageLo))
	birth := time.Date(birthYear, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, g.r.IntN(daysIn(birthYear)))
	age := refYear - birthYear
	edu := g.education(r, age)

	e := &planningv1.Employee{
		Sex:        sex,
		BirthDate:  birth.Format(time.DateOnly),
		Agency:     r.pos.GetAgency(),
		Unit:       r.pos.GetUnit(),
		Position:   r.pos.GetId(),
		Supervisor: r.supervisor,
		Education:  edu.proto(),
	}
	p := g.newName(female)
	e.FullName = p.name
	e.FrontTitle, e.BackTitle = g.titles(r.field, edu, female, p.muslim, birthYear, age)

	if pppk {
		year := g.between(2021, lastAppointmentYear)
		month := time.Month(1 + g.r.IntN(12))
		e.EmploymentType = planningv1.EmploymentType_EMPLOYMENT_TYPE_PPPK
		e.IdentifierKind = planningv1.IdentifierKind_IDENTIFIER_KIND_PPPK
		e.AppointmentDate = fmt.Sprintf("%04d-%02d-01", year, int(month))
		e.Rank = pppkGrades[pppkGrade(r, edu)-1]
		// NI PPPK-style layout: birth date, appointment year, the code 21 (never a valid
		// month, so the number is never mistaken for a NIP), sex digit, sequence.
		prefix := fmt.Sprintf("%s%04d21%d", birth.Format("20060102"), year, int(sex))
		e.Nip = fmt.Sprintf("%s%03d", prefix, g.next(prefix))
	} else {
		minAge := minAppointmentAge
		switch {
		case r.field == fieldDoctor || r.field == fieldDentist || (r.field == fieldVet && edu >= eduS1):
			minAge = 25
		case edu >= eduS1:
			minAge = 22
		case edu == eduD3:
			minAge = 21
		}
		hi := min(birthYear+min(r.apptAgeHi, maxAppointmentAge), lastAppointmentYear)
		year := g.between(min(birthYear+minAge, hi), hi)
		month := time.Month(1 + g.r.IntN(12))
		if year-birthYear == minAppointmentAge && month < birth.Month() {
			month = birth.Month() // not before the 19th birthday month
		}
		e.EmploymentType = planningv1.EmploymentType_EMPLOYMENT_TYPE_PNS
		if year == lastAppointmentYear && g.cpns.Float64() < cpnsShare {
			e.EmploymentType = planningv1.EmploymentType_EMPLOYMENT_TYPE_CPNS
			if refYear-birthYear <= maxAppointmentAge && g.cpns.Float64() < cpnsThisYear {
				year, month = refYear, time.Month(1+g.cpns.IntN(int(refMonth)-1))
			}
		}
		e.IdentifierKind = planningv1.IdentifierKind_IDENTIFIER_KIND_NIP
		e.AppointmentDate = fmt.Sprintf("%04d-%02d-01", year, int(month))
		e.Rank = ranks[pnsRank(r, edu, refYear-year)]
		prefix := nip.Format(birth, year, month, nip.Sex(sex), 0)[:15]
		e.Nip = fmt.Sprintf("%s%03d", prefix, g.next(prefix))
	}
	g.d.Employees = append(g.d.Employees, e)
	return e
}

// next returns the next sequence number for an identifier prefix, from 1.
func (g *gen) next(prefix string) int {
	n := g.seq[prefix] + 1
	if n > 999 {
		panic("seed: identifier sequence exhausted for " + prefix) // cannot happen with 204,000 people
	}
	g.seq[prefix] = n
	return n
}

// between returns a uniform integer in [lo, hi].
func (g *gen) between(lo, hi int) int {
	if hi <= lo {
		return lo
	}
	return lo + g.r.IntN(hi-lo+1)
}

// daysIn returns the number of days of year y.
func daysIn(y int) int {
	if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
		return 366
	}
	return 365
}

// education draws the highest education of a holder of r who is age years old.
func (g *gen) education(r role, age int) education {
	x := g.r.Float64()
	switch r.kind {
	case roleHead:
		if x < 0.15 {
			return eduS3
		}
		return eduS2
	case roleUnitHead:
		if x < 0.75 {
			return eduS2
		}
		return eduS1
	case roleFunctional:
		if r.grade.suffix == "t" || r.grade.suffix == "m" || r.grade.suffix == "p" {
			if r.field == fieldSecurity && x < 0.55 {
				return eduSMA
			}
			return eduD3
		}
		s2 := 0.15
		if r.grade.suffix == "amd" {
			s2 = 0.55
		}
		if age >= 28 && x < s2 {
			return eduS2
		}
		return eduS1
	default:
		var sma, d3 float64
		switch r.pos.GetClass() {
		case 5:
			sma, d3 = 0.7, 0.2
		case 6:
			sma, d3 = 0.3, 0.4
		default:
			sma, d3 = 0, 0.2
		}
		switch {
		case x < sma:
			return eduSMA
		case x < sma+d3:
			return eduD3
		}
		return eduS1
	}
}

// pnsRank returns the rank index of a PNS holder of r: the entry rank of the education plus
// one step per four years of service, kept inside the range the position allows.
func pnsRank(r role, edu education, service int) int {
	entry := rankIIa
	switch {
	case edu >= eduS1 && (r.field == fieldDoctor || r.field == fieldDentist || r.field == fieldVet):
		entry = rankIIIb
	case edu >= eduS1:
		entry = rankIIIa
	case edu == eduD3:
		entry = rankIIc
	}
	return max(r.rankLo, min(r.rankHi, entry+service/4))
}

// pppkGrade returns the PPPK grade (1 to 17) of a holder of r.
func pppkGrade(r role, edu education) int {
	if r.grade != nil {
		switch r.grade.suffix {
		case "ap":
			return 9
		case "am":
			return 10
		case "t":
			return 7
		case "m":
			return 8
		}
	}
	switch edu {
	case eduSMA:
		return 5
	case eduD3:
		return 7
	}
	return 9
}

// titles draws the academic and religious titles of a person.
func (g *gen) titles(f field, edu education, female, muslim bool, birthYear, age int) (front, back string) {
	d := fieldDegrees[f]
	var fronts, backs []string
	switch edu {
	case eduD3:
		if len(d.d3) > 0 {
			backs = append(backs, pick(g, d.d3))
		}
	case eduS1, eduS2, eduS3:
		if edu == eduS3 {
			fronts = append(fronts, "Dr.")
		}
		switch {
		case d.front != "":
			fronts = append(fronts, d.front)
		case f == fieldEng && birthYear < 1976 && g.r.IntN(10) < 4:
			fronts = append(fronts, "Ir.")
		case len(d.s1) > 0:
			backs = append(backs, pick(g, d.s1))
		}
		if edu >= eduS2 && len(d.s2) > 0 {
			backs = append(backs, pick(g, d.s2))
		}
	}
	if muslim && age >= 45 && g.r.IntN(100) < 18 {
		if female {
			fronts = append(fronts, "Hj.")
		} else {
			fronts = append(fronts, "H.")
		}
	}
	return strings.Join(fronts, " "), strings.Join(backs, ", ")
}

// Levels orders the employees for loading: level 0 holds those without a supervisor in the
// data set (the Sekretaris Daerah), and every other employee sits one level below their
// supervisor, so loading level by level never names a supervisor that does not exist yet.
// Within a level the data set's order is kept. It fails on a duplicate NIP or a supervisor
// cycle.
func (d *Dataset) Levels() ([][]*planningv1.Employee, error) {
	n := len(d.Employees)
	index := make(map[string]int, n)
	for i, e := range d.Employees {
		if _, dup := index[e.GetNip()]; dup {
			return nil, fmt.Errorf("employee %s appears twice", e.GetNip())
		}
		index[e.GetNip()] = i
	}
	state := make([]int, n) // 0 unvisited, -1 on the current path, k > 0 level k-1
	var path []int
	for i := range n {
		path = path[:0]
		level := 0 // the level+1 of the supervisor above the path, 0 for none
		for j := i; ; {
			if state[j] > 0 {
				level = state[j]
				break
			}
			if state[j] < 0 {
				return nil, fmt.Errorf("supervisor cycle through employee %s", d.Employees[j].GetNip())
			}
			state[j] = -1
			path = append(path, j)
			k, ok := index[d.Employees[j].GetSupervisor()]
			if !ok {
				break
			}
			j = k
		}
		for p := len(path) - 1; p >= 0; p-- {
			level++
			state[path[p]] = level
		}
	}
	var levels [][]*planningv1.Employee
	for i, e := range d.Employees {
		l := state[i] - 1
		for len(levels) <= l {
			levels = append(levels, nil)
		}
		levels[l] = append(levels[l], e)
	}
	return levels, nil
}
