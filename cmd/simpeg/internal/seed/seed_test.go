package seed

import (
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
	"github.com/simpeg-id/simpeg/services/planning/nip"
	"google.golang.org/protobuf/proto"
)

var (
	today         = time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	agencyCodeRE  = regexp.MustCompile(`^[A-Z0-9][A-Z0-9-]{1,31}$`)
	positionIDRE  = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,62}$`)
	eighteenRE    = regexp.MustCompile(`^[0-9]{18}$`)
	dateRE        = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`)
	competencyRE  = regexp.MustCompile(`^(technical|managerial|socio-cultural):[a-z0-9][a-z0-9-]*$`)
	datasetOnce   sync.Once
	sharedDataset *Dataset
)

// dataset returns the data set of seed 1, generated once for all tests that only read it.
func dataset(t testing.TB) *Dataset {
	t.Helper()
	datasetOnce.Do(func() { sharedDataset = Generate(1) })
	return sharedDataset
}

// index maps the records of a data set by key.
type index struct {
	agencies  map[string]*planningv1.Agency
	positions map[string]*planningv1.Position
	employees map[string]*planningv1.Employee
	holders   map[string]int // position id → employees holding it
}

func indexOf(t *testing.T, d *Dataset) index {
	t.Helper()
	ix := index{
		agencies:  map[string]*planningv1.Agency{},
		positions: map[string]*planningv1.Position{},
		employees: map[string]*planningv1.Employee{},
		holders:   map[string]int{},
	}
	for _, a := range d.Agencies {
		if _, dup := ix.agencies[a.GetCode()]; dup {
			t.Errorf("agency code %s appears twice", a.GetCode())
		}
		ix.agencies[a.GetCode()] = a
	}
	for _, p := range d.Positions {
		if _, dup := ix.positions[p.GetId()]; dup {
			t.Errorf("position id %s appears twice", p.GetId())
		}
		ix.positions[p.GetId()] = p
	}
	for _, e := range d.Employees {
		if _, dup := ix.employees[e.GetNip()]; dup {
			t.Errorf("identifier %s appears twice", e.GetNip())
		}
		ix.employees[e.GetNip()] = e
		ix.holders[e.GetPosition()]++
	}
	return ix
}

func TestGenerateIsDeterministic(t *testing.T) {
	a, b := Generate(7), Generate(7)
	if len(a.Agencies) != len(b.Agencies) || len(a.Positions) != len(b.Positions) || len(a.Employees) != len(b.Employees) {
		t.Fatalf("sizes differ: %d/%d/%d vs %d/%d/%d", len(a.Agencies), len(a.Positions), len(a.Employees), len(b.Agencies), len(b.Positions), len(b.Employees))
	}
	for i := range a.Agencies {
		if !proto.Equal(a.Agencies[i], b.Agencies[i]) {
			t.Fatalf("agency %d differs: %v vs %v", i, a.Agencies[i], b.Agencies[i])
		}
	}
	for i := range a.Positions {
		if !proto.Equal(a.Positions[i], b.Positions[i]) {
			t.Fatalf("position %d differs: %v vs %v", i, a.Positions[i], b.Positions[i])
		}
	}
	for i := range a.Employees {
		if !proto.Equal(a.Employees[i], b.Employees[i]) {
			t.Fatalf("employee %d differs: %v vs %v", i, a.Employees[i], b.Employees[i])
		}
	}
	c := Generate(8)
	same := 0
	for i := range a.Employees {
		if proto.Equal(a.Employees[i], c.Employees[i]) {
			same++
		}
	}
	if same > len(a.Employees)/100 {
		t.Errorf("seeds 7 and 8 share %d identical employees; the seed should change the people", same)
	}
}

func TestGenerateSizes(t *testing.T) {
	d := dataset(t)
	if got := len(d.Employees); got != 20548 {
		t.Fatalf("got %d employees, want exactly 20548", got)
	}
	per := map[string]int{}
	pppk := 0
	for _, e := range d.Employees {
		per[e.GetAgency()]++
		if e.GetEmploymentType() == planningv1.EmploymentType_EMPLOYMENT_TYPE_PPPK {
			pppk++
		}
	}
	share := func(n int) float64 { return float64(n) / float64(len(d.Employees)) }
	if s := share(pppk); s < 0.13 || s > 0.17 {
		t.Errorf("PPPK share %.3f, want about 0.15", s)
	}
	if s := share(per["DISDIK"]); s < 0.30 || s > 0.40 {
		t.Errorf("education share %.3f, want about 0.35", s)
	}
	if s := share(per["DINKES"] + per["RSUD-PIRNGADI"]); s < 0.15 || s > 0.21 {
		t.Errorf("health share %.3f, want about 0.18", s)
	}
	for _, a := range d.Agencies {
		n := per[a.GetCode()]
		switch a.GetKind() {
		case planningv1.AgencyKind_AGENCY_KIND_UNIT:
			if n != 0 {
				t.Errorf("unit %s is given as the agency of %d employees", a.GetCode(), n)
			}
		case planningv1.AgencyKind_AGENCY_KIND_KECAMATAN:
			if n < 100 || n > 250 {
				t.Errorf("kecamatan %s has %d employees, want 100-250", a.GetCode(), n)
			}
		default:
			// Agencies that combine several functions run larger than single-function ones.
			switch a.GetCode() {
			case "DISDIK", "DINKES", "RSUD-PIRNGADI":
			default:
				if n < 100 || n > 800 {
					t.Errorf("agency %s has %d employees, want 100-800", a.GetCode(), n)
				}
			}
		}
	}
	// Every agency but Dinas Pendidikan, which takes the rest, has the size the catalog gives it.
	for _, a := range agencies {
		if a.size != 0 && per[a.code] != a.size {
			t.Errorf("agency %s has %d employees, the catalog says %d", a.code, per[a.code], a.size)
		}
	}
	for _, k := range kecamatan {
		if code := kecamatanSpec(k.name, k.size).code; per[code] != k.size {
			t.Errorf("kecamatan %s has %d employees, the catalog says %d", code, per[code], k.size)
		}
	}
}

func TestGenerateAgencies(t *testing.T) {
	d := dataset(t)
	ix := indexOf(t, d)
	kinds := map[planningv1.AgencyKind]int{}
	units := map[string]int{}
	seenUnit := false
	for _, a := range d.Agencies {
		kinds[a.GetKind()]++
		if !agencyCodeRE.MatchString(a.GetCode()) {
			t.Errorf("agency code %q does not match %s", a.GetCode(), agencyCodeRE)
		}
		if n := len(a.GetDisplayName()); n < 3 || n > 200 {
			t.Errorf("agency %s display name has %d characters", a.GetCode(), n)
		}
		if a.GetKind() == planningv1.AgencyKind_AGENCY_KIND_UNIT {
			seenUnit = true
			p := ix.agencies[a.GetParent()]
			if p == nil || p.GetKind() == planningv1.AgencyKind_AGENCY_KIND_UNIT {
				t.Errorf("unit %s has parent %q, want a top-level agency", a.GetCode(), a.GetParent())
			}
			if !strings.HasPrefix(a.GetCode(), a.GetParent()+"-") {
				t.Errorf("unit code %s does not start with its agency's code", a.GetCode())
			}
			units[a.GetParent()]++
			continue
		}
		if seenUnit {
			t.Errorf("top-level agency %s comes after a unit", a.GetCode())
		}
		if a.GetParent() != "" || a.GetKind() == planningv1.AgencyKind_AGENCY_KIND_UNSPECIFIED {
			t.Errorf("top-level agency %s: parent %q, kind %v", a.GetCode(), a.GetParent(), a.GetKind())
		}
	}
	for code, a := range ix.agencies {
		if a.GetKind() != planningv1.AgencyKind_AGENCY_KIND_UNIT {
			if n := units[code]; n < 3 || n > 6 {
				t.Errorf("agency %s has %d units, want a secretariat and 2-5 others", code, n)
			}
		}
	}
	// About 40 agencies, as the README and the seed command promise: 19 city agencies and the
	// 21 kecamatan.
	if top := len(d.Agencies) - kinds[planningv1.AgencyKind_AGENCY_KIND_UNIT]; top != 40 {
		t.Errorf("%d top-level agencies, want 40", top)
	}
	want := map[planningv1.AgencyKind]int{
		planningv1.AgencyKind_AGENCY_KIND_SECRETARIAT: 2,
		planningv1.AgencyKind_AGENCY_KIND_DINAS:       9,
		planningv1.AgencyKind_AGENCY_KIND_BADAN:       5,
		planningv1.AgencyKind_AGENCY_KIND_OTHER:       2,
		planningv1.AgencyKind_AGENCY_KIND_KECAMATAN:   21,
		planningv1.AgencyKind_AGENCY_KIND_HOSPITAL:    1,
	}
	for k, n := range want {
		if kinds[k] != n {
			t.Errorf("%d agencies of kind %v, want %d", kinds[k], k, n)
		}
	}

	districts := []string{
		"Medan Amplas", "Medan Area", "Medan Barat", "Medan Baru", "Medan Belawan", "Medan Deli",
		"Medan Denai", "Medan Helvetia", "Medan Johor", "Medan Kota", "Medan Labuhan", "Medan Maimun",
		"Medan Marelan", "Medan Perjuangan", "Medan Petisah", "Medan Polonia", "Medan Selayang",
		"Medan Sunggal", "Medan Tembung", "Medan Timur", "Medan Tuntungan",
	}
	for _, name := range districts {
		code := "KEC-" + strings.ToUpper(strings.ReplaceAll(name, " ", "-"))
		a := ix.agencies[code]
		if a == nil || a.GetDisplayName() != "Kecamatan "+name || a.GetKind() != planningv1.AgencyKind_AGENCY_KIND_KECAMATAN {
			t.Errorf("kecamatan %s: got %v", name, a)
		}
	}

	// The city agencies, exactly. SETDA, BAPPEDA, BKPSDM, DISDIK, DINKES and DISKOMINFO are
	// also named in the README and in tests elsewhere in the repository.
	city := []struct {
		code string
		kind planningv1.AgencyKind
	}{
		{"SETDA", planningv1.AgencyKind_AGENCY_KIND_SECRETARIAT},
		{"SETWAN", planningv1.AgencyKind_AGENCY_KIND_SECRETARIAT},
		{"INSPEKTORAT", planningv1.AgencyKind_AGENCY_KIND_OTHER},
		{"SATPOLPP", planningv1.AgencyKind_AGENCY_KIND_OTHER},
		{"BAPPEDA", planningv1.AgencyKind_AGENCY_KIND_BADAN},
		{"BKPSDM", planningv1.AgencyKind_AGENCY_KIND_BADAN},
		{"BPKAD", planningv1.AgencyKind_AGENCY_KIND_BADAN},
		{"BAPENDA", planningv1.AgencyKind_AGENCY_KIND_BADAN},
		{"BPBD", planningv1.AgencyKind_AGENCY_KIND_BADAN},
		{"DISDIK", planningv1.AgencyKind_AGENCY_KIND_DINAS},
		{"DINKES", planningv1.AgencyKind_AGENCY_KIND_DINAS},
		{"DPUPRPKP", planningv1.AgencyKind_AGENCY_KIND_DINAS},
		{"DINSOSP2KBP3A", planningv1.AgencyKind_AGENCY_KIND_DINAS},
		{"DISNAKERKOPERINDAG", planningv1.AgencyKind_AGENCY_KIND_DINAS},
		{"DLH", planningv1.AgencyKind_AGENCY_KIND_DINAS},
		{"DISDUKCAPIL", planningv1.AgencyKind_AGENCY_KIND_DINAS},
		{"DISHUB", planningv1.AgencyKind_AGENCY_KIND_DINAS},
		{"DISKOMINFO", planningv1.AgencyKind_AGENCY_KIND_DINAS},
		{"RSUD-PIRNGADI", planningv1.AgencyKind_AGENCY_KIND_HOSPITAL},
	}
	listed := map[string]bool{}
	for _, tt := range city {
		listed[tt.code] = true
		if a := ix.agencies[tt.code]; a == nil || a.GetKind() != tt.kind {
			t.Errorf("agency %s: got %v, want kind %v", tt.code, a, tt.kind)
		}
	}
	for code, a := range ix.agencies {
		switch a.GetKind() {
		case planningv1.AgencyKind_AGENCY_KIND_UNIT, planningv1.AgencyKind_AGENCY_KIND_KECAMATAN:
		default:
			if !listed[code] {
				t.Errorf("unexpected city agency %s (%s)", code, a.GetDisplayName())
			}
		}
	}

	// The merged functions sit where the package comment says.
	for _, tt := range []struct{ code, name string }{
		{"BAPPEDA", "Badan Perencanaan Pembangunan, Penelitian dan Pengembangan Daerah"},
		{"BAPPEDA-B5", "Bidang Penelitian dan Pengembangan"},
		{"BPBD-B4", "Bidang Pemadam Kebakaran dan Penyelamatan"},
		{"DPUPRPKP-B4", "Bidang Penataan Ruang"},
		{"DPUPRPKP-B5", "Bidang Perumahan dan Kawasan Permukiman"},
		{"DINSOSP2KBP3A-B3", "Bidang Pengendalian Penduduk dan Keluarga Berencana"},
		{"DINSOSP2KBP3A-B4", "Bidang Pemberdayaan Perempuan dan Perlindungan Anak"},
		{"DISNAKERKOPERINDAG-B3", "Bidang Koperasi dan Usaha Mikro"},
		{"DISNAKERKOPERINDAG-B4", "Bidang Perindustrian dan Perdagangan"},
	} {
		if a := ix.agencies[tt.code]; a == nil || a.GetDisplayName() != tt.name {
			t.Errorf("agency %s: got %v, want %q", tt.code, a, tt.name)
		}
	}
	if ix.holders["bpbd-b4-pemadam-t"] == 0 || ix.holders["bpbd-u1-pemadam-t"] == 0 {
		t.Errorf("BPBD has %d + %d Pemadam Kebakaran Terampil, want firefighters in its fire units",
			ix.holders["bpbd-b4-pemadam-t"], ix.holders["bpbd-u1-pemadam-t"])
	}
}

func TestGeneratePositions(t *testing.T) {
	d := dataset(t)
	ix := indexOf(t, d)
	totalNeed, totalHeld := 0, 0
	standards := map[string]int{} // competency → positions requiring it
	for _, p := range d.Positions {
		if !positionIDRE.MatchString(p.GetId()) {
			t.Errorf("position id %q does not match %s", p.GetId(), positionIDRE)
		}
		if p.GetClass() < 1 || p.GetClass() > 17 || p.GetKind() == planningv1.PositionKind_POSITION_KIND_UNSPECIFIED {
			t.Errorf("position %s: class %d, kind %v", p.GetId(), p.GetClass(), p.GetKind())
		}
		if n := len(p.GetTitle()); n < 3 || n > 200 {
			t.Errorf("position %s title has %d characters", p.GetId(), n)
		}
		if a := ix.agencies[p.GetAgency()]; a == nil || a.GetKind() == planningv1.AgencyKind_AGENCY_KIND_UNIT {
			t.Errorf("position %s: agency %q is not a top-level agency", p.GetId(), p.GetAgency())
		}
		if p.GetUnit() != "" {
			if u := ix.agencies[p.GetUnit()]; u == nil || u.GetParent() != p.GetAgency() {
				t.Errorf("position %s: unit %q is not a unit of %s", p.GetId(), p.GetUnit(), p.GetAgency())
			}
		}
		if ss := p.GetCompetencyStandards(); len(ss) < 2 || len(ss) > 4 || len(p.GetRequiredCompetencies()) > 0 {
			t.Errorf("position %s has %d competency standards and %d names; want 2-4 standards alone", p.GetId(), len(ss), len(p.GetRequiredCompetencies()))
		}
		seen := map[string]bool{}
		for _, s := range p.GetCompetencyStandards() {
			if c := s.GetCompetency(); !competencyRE.MatchString(c) || len(c) > 100 || seen[c] {
				t.Errorf("position %s: competency %q is not type:slug, or listed twice", p.GetId(), c)
			}
			if s.GetLevel() < 1 || s.GetLevel() > 5 {
				t.Errorf("position %s: %s at level %d, want 1-5", p.GetId(), s.GetCompetency(), s.GetLevel())
			}
			seen[s.GetCompetency()] = true
			standards[s.GetCompetency()]++
		}
		held, need := ix.holders[p.GetId()], int(p.GetNeededHeadcount())
		if held == 0 {
			t.Errorf("position %s has no holder", p.GetId())
		}
		if diff := need - held; float64(max(diff, -diff)) > 0.15*float64(held) {
			t.Errorf("position %s needs %d but has %d holders, more than 15 %% apart", p.GetId(), need, held)
		}
		totalNeed += need
		totalHeld += held
	}
	if totalHeld != EmployeeCount {
		t.Errorf("positions hold %d employees, want %d", totalHeld, EmployeeCount)
	}
	t.Logf("%d positions, overall need %d for %d holders", len(d.Positions), totalNeed, totalHeld)
	// The ICT competencies the training demo builds on are required somewhere, with the three types.
	for _, c := range []string{"technical:network-administration", "technical:data-analysis", "managerial:team-leadership", "socio-cultural:public-service-ethics"} {
		if standards[c] == 0 {
			t.Errorf("no position requires %s", c)
		}
	}

	// Heads: one per agency, structural, class 14-15 (17 for the Sekretaris Daerah).
	for code, a := range ix.agencies {
		if a.GetKind() == planningv1.AgencyKind_AGENCY_KIND_UNIT {
			continue
		}
		p := ix.positions[strings.ToLower(code)+"-kepala"]
		want := []int32{14, 15}
		if code == "SETDA" {
			want = []int32{17}
		}
		if p == nil || p.GetKind() != planningv1.PositionKind_POSITION_KIND_STRUCTURAL || !slices.Contains(want, p.GetClass()) || ix.holders[p.GetId()] != 1 {
			t.Errorf("head of %s: got %v with %d holders", code, p, ix.holders[strings.ToLower(code)+"-kepala"])
		}
	}
}

func TestGenerateEmployees(t *testing.T) {
	d := dataset(t)
	ix := indexOf(t, d)
	for _, e := range d.Employees {
		if n := len(e.GetFullName()); n < 2 || n > 150 || strings.TrimSpace(e.GetFullName()) != e.GetFullName() {
			t.Errorf("%s: bad full name %q", e.GetNip(), e.GetFullName())
		}
		if len(e.GetFrontTitle()) > 50 || len(e.GetBackTitle()) > 80 {
			t.Errorf("%s: titles too long: %q %q", e.GetNip(), e.GetFrontTitle(), e.GetBackTitle())
		}
		if e.GetSex() != planningv1.Sex_SEX_MALE && e.GetSex() != planningv1.Sex_SEX_FEMALE {
			t.Errorf("%s: sex %v", e.GetNip(), e.GetSex())
		}
		if !dateRE.MatchString(e.GetBirthDate()) || !dateRE.MatchString(e.GetAppointmentDate()) {
			t.Errorf("%s: dates %q %q", e.GetNip(), e.GetBirthDate(), e.GetAppointmentDate())
			continue
		}
		birth, _ := time.Parse(time.DateOnly, e.GetBirthDate())
		appt, _ := time.Parse(time.DateOnly, e.GetAppointmentDate())
		if birth.Year() < 1966 || birth.Year() > 2002 {
			t.Errorf("%s: born %s, want 1966-2002", e.GetNip(), e.GetBirthDate())
		}
		last := time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC)
		if e.GetEmploymentType() == planningv1.EmploymentType_EMPLOYMENT_TYPE_CPNS {
			last = today // CPNS appointed this year (TestGenerateCPNS)
		}
		if appt.After(last) {
			t.Errorf("%s: appointed %s, after %s", e.GetNip(), e.GetAppointmentDate(), last.Format(time.DateOnly))
		}
		switch e.GetEmploymentType() {
		case planningv1.EmploymentType_EMPLOYMENT_TYPE_PNS, planningv1.EmploymentType_EMPLOYMENT_TYPE_CPNS:
			n, err := nip.Parse(e.GetNip(), today)
			if err != nil {
				t.Errorf("PNS NIP: %v", err)
				continue
			}
			if e.GetIdentifierKind() != planningv1.IdentifierKind_IDENTIFIER_KIND_NIP {
				t.Errorf("%s: identifier kind %v", e.GetNip(), e.GetIdentifierKind())
			}
			if !n.BirthDate.Equal(birth) || int(n.Sex) != int(e.GetSex()) || !n.Appointment.Equal(appt) {
				t.Errorf("%s: NIP says %s/%d/%s, record says %s/%v/%s", e.GetNip(),
					n.BirthDate.Format(time.DateOnly), n.Sex, n.Appointment.Format(time.DateOnly),
					e.GetBirthDate(), e.GetSex(), e.GetAppointmentDate())
			}
			// Appointed from the month of the 19th birthday to before the 36th.
			months := (appt.Year()-birth.Year())*12 + int(appt.Month()) - int(birth.Month())
			if months < 19*12 || months >= 36*12 {
				t.Errorf("%s: appointed at %d months of age, want 19-35 years", e.GetNip(), months)
			}
			if !slices.Contains(ranks[:], e.GetRank()) {
				t.Errorf("%s: PNS rank %q", e.GetNip(), e.GetRank())
			}
		case planningv1.EmploymentType_EMPLOYMENT_TYPE_PPPK:
			if !eighteenRE.MatchString(e.GetNip()) || e.GetIdentifierKind() != planningv1.IdentifierKind_IDENTIFIER_KIND_PPPK {
				t.Errorf("PPPK number %q, kind %v", e.GetNip(), e.GetIdentifierKind())
			}
			if !slices.Contains(pppkGrades[:], e.GetRank()) {
				t.Errorf("%s: PPPK grade %q", e.GetNip(), e.GetRank())
			}
			if appt.Year() < 2019 || appt.Sub(birth) < 19*365*24*time.Hour {
				t.Errorf("%s: PPPK born %s appointed %s", e.GetNip(), e.GetBirthDate(), e.GetAppointmentDate())
			}
		default:
			t.Errorf("%s: employment type %v", e.GetNip(), e.GetEmploymentType())
		}

		p := ix.positions[e.GetPosition()]
		if p == nil {
			t.Errorf("%s: position %q does not exist", e.GetNip(), e.GetPosition())
			continue
		}
		if p.GetAgency() != e.GetAgency() || p.GetUnit() != e.GetUnit() {
			t.Errorf("%s: in %s/%s but position %s is in %s/%s", e.GetNip(), e.GetAgency(), e.GetUnit(), p.GetId(), p.GetAgency(), p.GetUnit())
		}
		if a := ix.agencies[e.GetAgency()]; a == nil || a.GetKind() == planningv1.AgencyKind_AGENCY_KIND_UNIT {
			t.Errorf("%s: agency %q is not a top-level agency", e.GetNip(), e.GetAgency())
		}
	}
}

// TestGenerateCPNS checks the candidate civil servants: about 1 % of the data set, all
// appointed (TMT CPNS) in 2025 or 2026, most of them still in their first year of probation
// and a few past it, for the training service's Latsar flag to show.
func TestGenerateCPNS(t *testing.T) {
	d := dataset(t)
	firstYear, past := 0, 0
	for _, e := range d.Employees {
		if e.GetEmploymentType() != planningv1.EmploymentType_EMPLOYMENT_TYPE_CPNS {
			continue
		}
		appt, err := time.Parse(time.DateOnly, e.GetAppointmentDate())
		if err != nil || appt.Year() < 2025 || appt.After(today) {
			t.Errorf("%s: CPNS appointed %q, want 2025 to today", e.GetNip(), e.GetAppointmentDate())
			continue
		}
		if appt.AddDate(1, 0, 0).After(today) {
			firstYear++
		} else {
			past++
		}
	}
	n := firstYear + past
	t.Logf("%d CPNS: %d in their first year, %d past it", n, firstYear, past)
	if share := float64(n) / float64(len(d.Employees)); share < 0.007 || share > 0.013 {
		t.Errorf("CPNS share %.4f, want about 0.01", share)
	}
	if past < 3 || firstYear < n/2 {
		t.Errorf("%d CPNS in their first year and %d past it; want most in it and a few past it", firstYear, past)
	}
}

// rankRange is the closed range of PNS rank indexes allowed for a kind of post.
type rankRange struct{ lo, hi string }

func TestGenerateRanksFitPositions(t *testing.T) {
	d := dataset(t)
	ix := indexOf(t, d)
	rankIndex := func(r string) int { return slices.Index(ranks[:], r) }
	tests := []struct {
		name  string
		match func(p *planningv1.Position) bool
		want  rankRange
	}{
		{"agency heads", func(p *planningv1.Position) bool { return strings.HasSuffix(p.GetId(), "-kepala") && p.GetUnit() == "" }, rankRange{"IV/c", "IV/e"}},
		{"unit heads", func(p *planningv1.Position) bool { return strings.HasSuffix(p.GetId(), "-kepala") && p.GetUnit() != "" }, rankRange{"III/d", "IV/b"}},
		{"executors", func(p *planningv1.Position) bool {
			return p.GetKind() == planningv1.PositionKind_POSITION_KIND_EXECUTOR
		}, rankRange{"II/a", "III/d"}},
		{"skilled functional", func(p *planningv1.Position) bool {
			return p.GetKind() == planningv1.PositionKind_POSITION_KIND_FUNCTIONAL && p.GetClass() <= 8 && !strings.HasSuffix(p.GetId(), "-ap")
		}, rankRange{"II/b", "III/d"}},
		{"Ahli Pertama and Muda", func(p *planningv1.Position) bool {
			return strings.HasSuffix(p.GetId(), "-ap") || strings.HasSuffix(p.GetId(), "-am")
		}, rankRange{"III/a", "III/d"}},
		{"Ahli Madya", func(p *planningv1.Position) bool { return strings.HasSuffix(p.GetId(), "-amd") }, rankRange{"IV/a", "IV/c"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			seen := 0
			for _, e := range d.Employees {
				p := ix.positions[e.GetPosition()]
				if p == nil || !tt.match(p) || e.GetEmploymentType() != planningv1.EmploymentType_EMPLOYMENT_TYPE_PNS {
					continue
				}
				seen++
				if r := rankIndex(e.GetRank()); r < rankIndex(tt.want.lo) || r > rankIndex(tt.want.hi) {
					t.Errorf("%s (%s): rank %s outside %s-%s", e.GetNip(), p.GetId(), e.GetRank(), tt.want.lo, tt.want.hi)
				}
			}
			if seen == 0 {
				t.Fatal("no PNS employee matched")
			}
		})
	}
	for _, e := range d.Employees {
		if e.GetEmploymentType() == planningv1.EmploymentType_EMPLOYMENT_TYPE_PPPK && strings.HasSuffix(e.GetPosition(), "-kepala") {
			t.Errorf("%s: a PPPK servant heads %s", e.GetNip(), e.GetPosition())
		}
	}
}

func TestGenerateSupervisorTree(t *testing.T) {
	d := dataset(t)
	ix := indexOf(t, d)
	sekda := d.Employees[0]
	if sekda.GetPosition() != "setda-kepala" || sekda.GetSupervisor() != "" {
		t.Fatalf("first employee is %s in %s with supervisor %q, want the Sekretaris Daerah without one", sekda.GetNip(), sekda.GetPosition(), sekda.GetSupervisor())
	}
	for _, e := range d.Employees[1:] {
		sup := ix.employees[e.GetSupervisor()]
		if sup == nil {
			t.Errorf("%s: supervisor %q does not exist", e.GetNip(), e.GetSupervisor())
			continue
		}
		p := ix.positions[e.GetPosition()]
		switch {
		case strings.HasSuffix(p.GetId(), "-kepala") && p.GetUnit() == "":
			if sup != sekda {
				t.Errorf("head %s reports to %s, want the Sekretaris Daerah", e.GetNip(), sup.GetNip())
			}
		case strings.HasSuffix(p.GetId(), "-kepala"):
			if sup.GetPosition() != strings.ToLower(e.GetAgency())+"-kepala" {
				t.Errorf("unit head %s reports to %s (%s), want the agency head", e.GetNip(), sup.GetNip(), sup.GetPosition())
			}
		case e.GetUnit() != "":
			if sup.GetUnit() != e.GetUnit() || !strings.HasSuffix(sup.GetPosition(), "-kepala") {
				t.Errorf("%s in %s reports to %s (%s), want the unit head", e.GetNip(), e.GetUnit(), sup.GetNip(), sup.GetPosition())
			}
		default:
			if sup.GetPosition() != strings.ToLower(e.GetAgency())+"-kepala" {
				t.Errorf("%s without unit reports to %s (%s), want the agency head", e.GetNip(), sup.GetNip(), sup.GetPosition())
			}
		}
	}

	levels, err := d.Levels()
	if err != nil {
		t.Fatalf("Levels: %v", err)
	}
	if len(levels) != 4 || len(levels[0]) != 1 || levels[0][0] != sekda {
		t.Fatalf("got %d levels, level 0 has %d employees; want 4 levels with the Sekretaris Daerah alone at the top", len(levels), len(levels[0]))
	}
	heads := 0
	for _, e := range levels[1] {
		if p := ix.positions[e.GetPosition()]; strings.HasSuffix(p.GetId(), "-kepala") && p.GetUnit() == "" {
			heads++
		} else if e.GetAgency() != "SETDA" {
			t.Errorf("level 1 holds %s (%s), neither an agency head nor a direct report of the Sekretaris Daerah", e.GetNip(), e.GetPosition())
		}
	}
	top := 0
	for _, a := range d.Agencies {
		if a.GetKind() != planningv1.AgencyKind_AGENCY_KIND_UNIT {
			top++
		}
	}
	if heads != top-1 {
		t.Errorf("level 1 has %d agency heads, want the %d other than the Sekretaris Daerah", heads, top-1)
	}
	levelOf := map[string]int{}
	total := 0
	for l, es := range levels {
		total += len(es)
		for _, e := range es {
			levelOf[e.GetNip()] = l
		}
	}
	if total != len(d.Employees) {
		t.Fatalf("levels hold %d employees, want %d", total, len(d.Employees))
	}
	for _, e := range d.Employees[1:] {
		if ls, l := levelOf[e.GetSupervisor()], levelOf[e.GetNip()]; ls >= l {
			t.Errorf("%s is at level %d but its supervisor at %d", e.GetNip(), l, ls)
		}
	}
}

func TestLevels(t *testing.T) {
	emp := func(n, sup string) *planningv1.Employee { return &planningv1.Employee{Nip: n, Supervisor: sup} }
	tests := []struct {
		name    string
		in      []*planningv1.Employee
		want    [][]string // NIPs per level
		wantErr string
	}{
		{"empty", nil, nil, ""},
		{"subordinate listed first", []*planningv1.Employee{emp("c", "b"), emp("b", "a"), emp("a", "")}, [][]string{{"a"}, {"b"}, {"c"}}, ""},
		{"supervisor outside the data set counts as existing", []*planningv1.Employee{emp("x", "elsewhere"), emp("y", "x")}, [][]string{{"x"}, {"y"}}, ""},
		{"two roots keep their order", []*planningv1.Employee{emp("r2", ""), emp("s", "r1"), emp("r1", "")}, [][]string{{"r2", "r1"}, {"s"}}, ""},
		{"single root", []*planningv1.Employee{emp("a", "")}, [][]string{{"a"}}, ""},
		{"two-step cycle", []*planningv1.Employee{emp("a", "b"), emp("b", "a")}, nil, "cycle"},
		{"self-supervision", []*planningv1.Employee{emp("a", "a")}, nil, "cycle"},
		{"duplicate", []*planningv1.Employee{emp("a", ""), emp("a", "")}, nil, "twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			levels, err := (&Dataset{Employees: tt.in}).Levels()
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Levels() error = %v, want one mentioning %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Levels() error = %v", err)
			}
			var got [][]string
			for _, l := range levels {
				var ns []string
				for _, e := range l {
					ns = append(ns, e.GetNip())
				}
				got = append(got, ns)
			}
			if !slices.EqualFunc(got, tt.want, slices.Equal) {
				t.Fatalf("Levels() = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestAllocate(t *testing.T) {
	posts := func(ws ...float64) []staffPost {
		ps := make([]staffPost, len(ws))
		for i, w := range ws {
			ps[i].weight = w
		}
		return ps
	}
	tests := []struct {
		name  string
		total int
		posts []staffPost
		want  []int
	}{
		{"proportional", 10, posts(1, 1), []int{5, 5}},
		{"everyone gets one first", 5, posts(100, 1, 1), []int{3, 1, 1}},
		{"largest remainder", 7, posts(1, 1, 1), []int{3, 2, 2}},
		{"too few to go round", 2, posts(1, 3, 1), []int{1, 1, 0}},
		{"nothing", 0, posts(1), []int{0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := allocate(tt.total, tt.posts); !slices.Equal(got, tt.want) {
				t.Fatalf("allocate(%d) = %v, want %v", tt.total, got, tt.want)
			}
		})
	}
}

func BenchmarkGenerate(b *testing.B) {
	for i := range b.N {
		if d := Generate(int64(i)); len(d.Employees) != EmployeeCount {
			b.Fatalf("got %d employees", len(d.Employees))
		}
	}
}
