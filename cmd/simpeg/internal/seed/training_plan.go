package seed

// The training demo's plan: what LoadTraining creates, derived from the data set and the moment
// it is built for, without touching the network. Everything in it is illustrative, like the
// rest of the data set: programmes, providers, agreements, students and scores are invented, and
// every programme's description says so.

import (
	"slices"
	"strings"
	"time"

	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
)

// demoLabel opens the description of every demo programme, agreement and cohort note: the data
// says itself that it is illustrative.
const demoLabel = "Data contoh (ilustrasi)"

// jakarta is the IANA zone of the demo's sessions (WIB, Medan's time zone).
const jakarta = "Asia/Jakarta"

// The demo's programme ids.
const (
	progNetwork    = "tik-jaringan-komputer-dasar"
	progCyber      = "tik-keamanan-siber-asn"
	progData       = "tik-analisis-data-spreadsheet"
	progWeb        = "tik-aplikasi-web-pemerintahan"
	progSPBE       = "tik-spbe-e-government"
	progLeadership = "kepemimpinan-pengawas"
	progService    = "pelayanan-publik-prima"
	progLatsar     = "latsar-cpns"
	progSeminar    = "seminar-transformasi-digital"
	progELearning  = "e-learning-etika-integritas-asn"
	progInternship = "magang-tik-perguruan-tinggi"
	progCoaching   = "coaching-data-kepegawaian"
)

// The providers the demo's programmes name (invented or generic names).
const (
	providerCity      = "BKPSDM Kota Medan"
	providerProvince  = "BPSDM Provinsi Sumatera Utara"
	providerICT       = "Balai Pelatihan TIK Sumatera Utara"
	providerUSU       = "Universitas Sumatera Utara"
	partnerUSU        = "usu"
	partnerPolmed     = "polmed"
	partnerPolmedName = "Politeknik Negeri Medan"
)

// programmeSpec is one catalogue entry of the demo, in the REST API's JSON names.
type programmeSpec struct {
	ID           string   `json:"-"`
	Title        string   `json:"title"`
	Description  string   `json:"description"`
	Type         string   `json:"competencyType"`
	Competencies []string `json:"competencies"`
	Form         string   `json:"form"`
	Minutes      int      `json:"minutes,omitempty"`
	JP           int      `json:"jp,omitempty"`
	Provider     string   `json:"provider"`
	ProviderKind string   `json:"providerKind"`
	Partner      string   `json:"partner,omitempty"`
	CostPerSeat  int64    `json:"costPerSeat,omitempty"`
	Certificate  bool     `json:"certificate,omitempty"`
	Latsar       bool     `json:"latsar,omitempty"`
}

// expectedJP is the JP the programme credits: minutes ÷ 45 for the forms counted in hours
// (DOMAIN.md, 1 JP = 45 minutes, the service's default policy), the stated JP otherwise.
func (p programmeSpec) expectedJP() int {
	if p.Minutes > 0 {
		return p.Minutes / 45
	}
	return p.JP
}

// describe returns a programme description labelled as demo data.
func describe(s string) string { return demoLabel + ": " + s }

// trainingProgrammes is the demo's catalogue: ICT programmes (the seed's example of competency
// development in Medan's agencies), a managerial and a socio-cultural one, Latsar for CPNS, a
// seminar, an e-learning, a coaching and the internship programme with the university partner.
// Forms counted in hours give minutes (900 minutes are 20 JP); the others state their JP.
var trainingProgrammes = []programmeSpec{
	{ID: progNetwork, Title: "Jaringan Komputer Dasar", Type: "COMPETENCY_TYPE_TECHNICAL",
		Description:  describe("dasar-dasar jaringan komputer kantor: pengalamatan IP, switch dan router, Wi-Fi, pemecahan masalah koneksi."),
		Competencies: []string{"technical:network-administration"}, Form: "PROGRAMME_FORM_CLASSROOM", Minutes: 900,
		Provider: providerCity, ProviderKind: "PROVIDER_KIND_CITY_TRAINING_UNIT", CostPerSeat: 1_500_000, Certificate: true},
	{ID: progCyber, Title: "Keamanan Siber untuk ASN", Type: "COMPETENCY_TYPE_TECHNICAL",
		Description:  describe("kebersihan siber, kata sandi dan autentikasi dua langkah, surel phishing, penanganan insiden di perangkat daerah."),
		Competencies: []string{"technical:information-security"}, Form: "PROGRAMME_FORM_CLASSROOM", Minutes: 1350,
		Provider: providerICT, ProviderKind: "PROVIDER_KIND_INSTITUTE", CostPerSeat: 2_250_000, Certificate: true},
	{ID: progData, Title: "Analisis Data dengan Spreadsheet", Type: "COMPETENCY_TYPE_TECHNICAL",
		Description:  describe("mengolah data layanan dengan spreadsheet: pembersihan data, tabel pivot, grafik dan dasbor sederhana."),
		Competencies: []string{"technical:data-analysis"}, Form: "PROGRAMME_FORM_CLASSROOM", Minutes: 720,
		Provider: providerCity, ProviderKind: "PROVIDER_KIND_CITY_TRAINING_UNIT", CostPerSeat: 1_200_000, Certificate: true},
	{ID: progWeb, Title: "Pengembangan Aplikasi Web Pemerintahan", Type: "COMPETENCY_TYPE_TECHNICAL",
		Description:  describe("membangun aplikasi web layanan publik: HTML, API REST, basis data, keamanan dan aksesibilitas."),
		Competencies: []string{"technical:software-development"}, Form: "PROGRAMME_FORM_CLASSROOM", Minutes: 1800,
		Provider: providerUSU, ProviderKind: "PROVIDER_KIND_UNIVERSITY_PARTNER", Partner: "partners/" + partnerUSU, CostPerSeat: 3_500_000, Certificate: true},
	{ID: progSPBE, Title: "SPBE dan E-Government untuk Perangkat Daerah", Type: "COMPETENCY_TYPE_TECHNICAL",
		Description:  describe("Sistem Pemerintahan Berbasis Elektronik: arsitektur, layanan terpadu, interoperabilitas data dan evaluasi SPBE."),
		Competencies: []string{"technical:e-government"}, Form: "PROGRAMME_FORM_CLASSROOM", Minutes: 540,
		Provider: providerICT, ProviderKind: "PROVIDER_KIND_INSTITUTE", CostPerSeat: 1_000_000, Certificate: true},
	{ID: progLeadership, Title: "Pelatihan Kepemimpinan Pengawas", Type: "COMPETENCY_TYPE_MANAGERIAL",
		Description:  describe("kepemimpinan pejabat pengawas: memimpin tim, perencanaan dan pengendalian kinerja, komunikasi organisasi."),
		Competencies: []string{"managerial:team-leadership"}, Form: "PROGRAMME_FORM_CLASSROOM", Minutes: 1440,
		Provider: providerProvince, ProviderKind: "PROVIDER_KIND_INSTITUTE", CostPerSeat: 4_000_000, Certificate: true},
	{ID: progService, Title: "Pelayanan Publik Prima", Type: "COMPETENCY_TYPE_SOCIO_CULTURAL",
		Description:  describe("standar pelayanan, etika melayani warga, menangani keluhan dan pelayanan yang inklusif."),
		Competencies: []string{"socio-cultural:public-service-ethics"}, Form: "PROGRAMME_FORM_CLASSROOM", Minutes: 360,
		Provider: providerCity, ProviderKind: "PROVIDER_KIND_CITY_TRAINING_UNIT", CostPerSeat: 600_000, Certificate: true},
	{ID: progLatsar, Title: "Pelatihan Dasar CPNS (Latsar)", Type: "COMPETENCY_TYPE_SOCIO_CULTURAL",
		Description:  describe("pelatihan dasar calon PNS: nilai dasar ASN, kedudukan dan peran ASN, aktualisasi. Jumlah JP di sini tidak mengikuti kurikulum resmi."),
		Competencies: []string{"socio-cultural:public-service-ethics"}, Form: "PROGRAMME_FORM_CLASSROOM", Minutes: 2250,
		Provider: providerProvince, ProviderKind: "PROVIDER_KIND_INSTITUTE", CostPerSeat: 5_000_000, Certificate: true, Latsar: true},
	{ID: progSeminar, Title: "Seminar Transformasi Digital Pemerintah Daerah", Type: "COMPETENCY_TYPE_TECHNICAL",
		Description:  describe("seminar sehari tentang layanan digital kota, data terbuka dan pengalaman pemerintah daerah lain."),
		Competencies: []string{"technical:e-government"}, Form: "PROGRAMME_FORM_SEMINAR_WORKSHOP", Minutes: 270,
		Provider: providerCity, ProviderKind: "PROVIDER_KIND_CITY_TRAINING_UNIT"},
	{ID: progELearning, Title: "E-Learning Etika dan Integritas ASN", Type: "COMPETENCY_TYPE_SOCIO_CULTURAL",
		Description:  describe("kelas daring mandiri: kode etik ASN, konflik kepentingan, gratifikasi dan pelaporan pelanggaran."),
		Competencies: []string{"socio-cultural:public-service-ethics"}, Form: "PROGRAMME_FORM_E_LEARNING", Minutes: 450,
		Provider: providerCity, ProviderKind: "PROVIDER_KIND_CITY_TRAINING_UNIT", CostPerSeat: 150_000, Certificate: true},
	{ID: progInternship, Title: "Magang Kompetensi TIK bersama Perguruan Tinggi", Type: "COMPETENCY_TYPE_TECHNICAL",
		Description:  describe("magang pegawai baru dan mahasiswa di bidang TIK perangkat daerah, dibimbing mentor, bekerja sama dengan perguruan tinggi mitra."),
		Competencies: []string{"technical:software-development", "technical:network-administration"}, Form: "PROGRAMME_FORM_INTERNSHIP", JP: 40,
		Provider: providerUSU, ProviderKind: "PROVIDER_KIND_UNIVERSITY_PARTNER", Partner: "partners/" + partnerUSU},
	{ID: progCoaching, Title: "Coaching Pengelolaan Data Kepegawaian", Type: "COMPETENCY_TYPE_TECHNICAL",
		Description:  describe("pendampingan pengelola kepegawaian dalam pemutakhiran data ASN dan laporan kepegawaian."),
		Competencies: []string{"technical:civil-service-management"}, Form: "PROGRAMME_FORM_COACHING", JP: 8,
		Provider: providerCity, ProviderKind: "PROVIDER_KIND_CITY_TRAINING_UNIT", CostPerSeat: 500_000},
}

// programmeByID returns the demo programme id; the ids are fixed, so a missing one is a
// programming error.
func programmeByID(id string) programmeSpec {
	for _, p := range trainingProgrammes {
		if p.ID == id {
			return p
		}
	}
	panic("seed: no demo programme " + id)
}

// Outcomes of a held session's seat holders, as the API names them.
const (
	outcomePassed = "ENROLMENT_STATE_PASSED"
	outcomeFailed = "ENROLMENT_STATE_FAILED"
	outcomeDNF    = "ENROLMENT_STATE_DID_NOT_FINISH"
)

// enrolmentSpec is one employee's place in a demo session.
type enrolmentSpec struct {
	NIP, Agency string
	// Self is the employee's own request (approved by the supervisor when Approve); otherwise
	// city HR nominates.
	Self, Approve bool
	// Supervisor and SupervisorAgency decide a request.
	Supervisor, SupervisorAgency string
	// Outcome and Score are a held session's result: passed and failed holders were present on
	// the recorded day, those who did not finish absent.
	Outcome string
	Score   int
}

// sessionSpec is one demo session. A held session is the demo's past, recorded as held (the
// service's held sessions) on its days before today: LoadTraining creates it, HR nominates its
// participants, then it records the days' attendance and the outcomes, and closes it.
type sessionSpec struct {
	Programme  string
	Agency     string // the running agency; empty for the city
	Place      string
	Online     string
	Capacity   int
	Trainers   []string
	Start, End time.Time
	Held       bool
	Enrolments []enrolmentSpec
}

// key identifies the session among its programme's: the place and the link.
func (s sessionSpec) key() string { return s.Place + "|" + s.Online }

// externalSpec is external training an employee records with evidence, and what HR decides.
type externalSpec struct {
	NIP, Agency     string
	Title, Provider string
	Form            string
	Minutes, JP     int
	Start, End      time.Time
	Evidence        string
	// Decision is "verify", "reject" (with Reason) or "" (left awaiting HR).
	Decision, Reason string
}

// agreementSpec is a cooperation agreement with a partner.
type agreementSpec struct {
	Number, Title, Scope string
	Start, End           time.Time
	Contact              contactSpec
}

// contactSpec is an invented contact person with reserved example addresses.
type contactSpec struct {
	Name  string `json:"name"`
	Email string `json:"email"`
	Phone string `json:"phone"`
}

// partnerSpec is a partner institution with its agreements.
type partnerSpec struct {
	ID, Name, Kind, Address string
	Contact                 contactSpec
	Agreements              []agreementSpec
}

// placementSpec is one participant of the demo cohort: an employee (NIP) or a student.
type placementSpec struct {
	NIP                                    string
	Student, StudentNumber, StudyProgramme string
	Institution                            string
	Agency, Unit, Mentor                   string
	// End is the placement's last day when it ends before the cohort (the one assessed).
	End time.Time
	// Logbook are the dates of the logbook entries; the first Reviewed of them are approved by
	// the mentor.
	Logbook  []time.Time
	Reviewed int
	// Assess is the final assessment's score (passed) when the placement is assessed, 0 for
	// none.
	Assess int
}

// cohortSpec is the demo's internship cohort under the first agreement of partner Partner.
type cohortSpec struct {
	Name       string
	Partner    string
	Agreement  string // the agreement's number
	Start, End time.Time
	Quotas     map[string]int
	Placements []placementSpec
}

// planLineSpec is one line of a development plan.
type planLineSpec struct {
	Programme, Competency string
	Seats                 int
	Note                  string
}

// planSpec is an agency's development plan for a year.
type planSpec struct {
	Agency string
	Year   int
	Note   string
	Lines  []planLineSpec
}

// assessmentSpec is an assessed competency level of an employee.
type assessmentSpec struct {
	NIP, Agency, Competency string
	Level                   int
	Date                    time.Time
	Source                  string // ASSESSMENT_SOURCE_ASSESSMENT or ASSESSMENT_SOURCE_SELF_ASSESSMENT
	Note                    string
	// Verify has HR verify a self-assessment.
	Verify bool
}

// trainingPlan is everything the training demo creates.
type trainingPlan struct {
	Programmes  []programmeSpec
	Partners    []partnerSpec
	Sessions    []sessionSpec
	Externals   []externalSpec
	Cohort      cohortSpec
	Plans       []planSpec
	Assessments []assessmentSpec
	// Agencies are the agencies whose employees the plan names, in order: LoadTraining waits
	// for the training service's copy of the directory to hold them.
	Agencies []string
}

// civilDay returns t's calendar date in WIB at midnight WIB.
func civilDay(t time.Time) time.Time {
	t = t.In(wib)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, wib)
}

// weekday returns the Monday k weeks after the week of day, plus offset days, at hh:00 WIB.
func weekday(day time.Time, k, offset, hh int) time.Time {
	monday := civilDay(day)
	for monday.Weekday() != time.Monday {
		monday = monday.AddDate(0, 0, -1)
	}
	d := monday.AddDate(0, 0, 7*k+offset)
	return time.Date(d.Year(), d.Month(), d.Day(), hh, 0, 0, 0, wib)
}

// lastWeekdays returns the n weekdays before day (not day itself), newest last, none before
// from.
func lastWeekdays(day, from time.Time, n int) []time.Time {
	var out []time.Time
	for d := civilDay(day).AddDate(0, 0, -1); len(out) < n && !d.Before(civilDay(from)); d = d.AddDate(0, 0, -1) {
		if d.Weekday() != time.Saturday && d.Weekday() != time.Sunday {
			out = append(out, d)
		}
	}
	slices.Reverse(out)
	return out
}

// people picks the demo's participants from the data set: each employee once per kind of use
// (held sessions, future sessions), never an agency's head, CPNS only where asked for, and
// never the two employees the portal's sign-in offers (their screens are the portal's tests').
type people struct {
	d      *Dataset
	byNIP  map[string]*planningv1.Employee
	staff  map[string][]*planningv1.Employee // per agency: those supervised inside it, NIP order
	skip   map[string]bool
	heldBy map[string]bool // in a held session
	future map[string]bool // in a future session
	extra  map[string]bool // given external training or an assessment
}

// newPeople indexes d.
func newPeople(d *Dataset) *people {
	p := &people{d: d, byNIP: map[string]*planningv1.Employee{}, staff: map[string][]*planningv1.Employee{},
		skip: map[string]bool{}, heldBy: map[string]bool{}, future: map[string]bool{}, extra: map[string]bool{}}
	for _, e := range d.Employees {
		p.byNIP[e.GetNip()] = e
	}
	for _, e := range d.Employees {
		if sup, ok := p.byNIP[e.GetSupervisor()]; ok && sup.GetAgency() == e.GetAgency() {
			p.staff[e.GetAgency()] = append(p.staff[e.GetAgency()], e)
		}
	}
	for _, s := range p.staff {
		slices.SortFunc(s, func(x, y *planningv1.Employee) int { return strings.Compare(x.GetNip(), y.GetNip()) })
	}
	_, team := demoTeam(d, leaveAgency)
	for _, nip := range team[:min(2, len(team))] {
		p.skip[nip] = true
	}
	return p
}

// isCPNS reports whether e is a candidate civil servant.
func isCPNS(e *planningv1.Employee) bool {
	return e.GetEmploymentType() == planningv1.EmploymentType_EMPLOYMENT_TYPE_CPNS
}

// take returns up to n employees of agencies, round robin in NIP order, who are not in used,
// not skipped and not CPNS, and marks them used.
func (p *people) take(used map[string]bool, n int, agencies ...string) []*planningv1.Employee {
	next := make([]int, len(agencies))
	var out []*planningv1.Employee
	for progress := true; len(out) < n && progress; {
		progress = false
		for i, a := range agencies {
			s := p.staff[a]
			for next[i] < len(s) && len(out) < n {
				e := s[next[i]]
				next[i]++
				if used[e.GetNip()] || p.skip[e.GetNip()] || isCPNS(e) {
					continue
				}
				used[e.GetNip()] = true
				out = append(out, e)
				progress = true
				break
			}
		}
	}
	return out
}

// enrolments turns employees into enrolment specs: in a class to come every fourth asks for the
// seat themselves and the supervisor approves (all of them when approveAll, else every other
// request is left awaiting); HR nominates every participant of a held session, whose outcomes
// are passed but for the last failed and dnf, who failed and did not finish.
func (p *people) enrolments(es []*planningv1.Employee, held bool, failed, dnf int, approveAll bool) []enrolmentSpec {
	out := make([]enrolmentSpec, len(es))
	requests := 0
	for i, e := range es {
		sup := p.byNIP[e.GetSupervisor()]
		x := enrolmentSpec{NIP: e.GetNip(), Agency: e.GetAgency()}
		if !held && i%4 == 1 && sup != nil {
			x.Self, x.Supervisor, x.SupervisorAgency = true, sup.GetNip(), sup.GetAgency()
			x.Approve = approveAll || requests%2 == 0
			requests++
		}
		if held {
			switch {
			case i >= len(es)-dnf:
				x.Outcome = outcomeDNF
			case i >= len(es)-dnf-failed:
				x.Outcome, x.Score = outcomeFailed, 45+(i*3)%14
			default:
				x.Outcome, x.Score = outcomePassed, 70+(i*7)%26
			}
		}
		out[i] = x
	}
	return out
}

// selfRequests turns employees into their own requests, every other one (from the first)
// approved by the supervisor and the rest awaiting the decision.
func (p *people) selfRequests(es []*planningv1.Employee) []enrolmentSpec {
	var out []enrolmentSpec
	for i, e := range es {
		if sup := p.byNIP[e.GetSupervisor()]; sup != nil {
			out = append(out, enrolmentSpec{NIP: e.GetNip(), Agency: e.GetAgency(), Self: true, Approve: i%2 == 0,
				Supervisor: sup.GetNip(), SupervisorAgency: sup.GetAgency()})
		}
	}
	return out
}

// structuralHolders returns the holders of structural posts of classes lo to hi, round robin over
// the agencies in data set order, not in used, up to n, marked used.
func (p *people) structuralHolders(used map[string]bool, lo, hi int32, n int) []*planningv1.Employee {
	class := map[string]int32{}
	for _, pos := range p.d.Positions {
		if pos.GetKind() == planningv1.PositionKind_POSITION_KIND_STRUCTURAL {
			class[pos.GetId()] = pos.GetClass()
		}
	}
	byAgency := map[string][]*planningv1.Employee{}
	var agencies []string
	for _, e := range p.d.Employees {
		c, ok := class[e.GetPosition()]
		if !ok || c < lo || c > hi || used[e.GetNip()] || p.skip[e.GetNip()] {
			continue
		}
		if _, seen := byAgency[e.GetAgency()]; !seen {
			agencies = append(agencies, e.GetAgency())
		}
		byAgency[e.GetAgency()] = append(byAgency[e.GetAgency()], e)
	}
	var out []*planningv1.Employee
	for i := 0; len(out) < n; i++ {
		added := false
		for _, a := range agencies {
			if i < len(byAgency[a]) && len(out) < n {
				out = append(out, byAgency[a][i])
				used[byAgency[a][i].GetNip()] = true
				added = true
			}
		}
		if !added {
			break
		}
	}
	return out
}

// cpns returns the data set's active CPNS appointed within the year before today (those still
// in their first year, whose Latsar is due), in NIP order, and those appointed earlier.
func (p *people) cpns(today time.Time) (firstYear, overdue []*planningv1.Employee) {
	for _, e := range p.d.Employees {
		if !isCPNS(e) || p.skip[e.GetNip()] {
			continue
		}
		tmt, err := time.ParseInLocation(time.DateOnly, e.GetAppointmentDate(), wib)
		if err == nil && tmt.AddDate(1, 0, 0).After(today) {
			firstYear = append(firstYear, e)
		} else {
			overdue = append(overdue, e)
		}
	}
	byNIP := func(x, y *planningv1.Employee) int { return strings.Compare(x.GetNip(), y.GetNip()) }
	slices.SortFunc(firstYear, byNIP)
	slices.SortFunc(overdue, byNIP)
	return firstYear, overdue
}

// unitOf returns e's unit, or the first unit of e's agency for someone at the agency's level.
func (p *people) unitOf(e *planningv1.Employee) string {
	if e.GetUnit() != "" {
		return e.GetUnit()
	}
	for _, a := range p.d.Agencies {
		if a.GetParent() == e.GetAgency() {
			return a.GetCode()
		}
	}
	return e.GetAgency()
}

// nips returns the NIPs of es.
func nips(es []*planningv1.Employee) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.GetNip()
	}
	return out
}

// newTrainingPlan builds the training demo for data set d at now. The same data set and the
// same day give the same plan; the dates follow the day (held sessions in the months before,
// the next ones in the weeks after, external training and the cohort in the months before).
func newTrainingPlan(d *Dataset, now time.Time) trainingPlan {
	today := civilDay(now)
	p := newPeople(d)
	pl := trainingPlan{Programmes: trainingProgrammes}
	pl.Partners = demoPartners(today)
	held := heldSessions(p, now)
	pl.Sessions = append(held, futureSessions(p, today)...)
	pl.Externals = demoExternals(p, today, held)
	pl.Cohort = demoCohort(p, today)
	pl.Plans = demoPlans(today.Year())
	pl.Assessments = demoAssessments(p, today)

	seen := map[string]bool{}
	add := func(agency string) {
		if agency != "" && !seen[agency] {
			seen[agency] = true
			pl.Agencies = append(pl.Agencies, agency)
		}
	}
	for _, s := range pl.Sessions {
		for _, e := range s.Enrolments {
			add(e.Agency)
			add(e.SupervisorAgency)
		}
	}
	for _, x := range pl.Externals {
		add(x.Agency)
	}
	for _, x := range pl.Cohort.Placements {
		add(x.Agency)
	}
	for _, x := range pl.Assessments {
		add(x.Agency)
	}
	return pl
}

// heldSessions are the demo's past, recorded as held (the service's held sessions): one class
// of each programme but the internship and the coaching, and the city's classes on information
// security and data analysis that about a fifth of each agency's staff took (massHeld), so
// that a realistic share of the city reaches 20 JP. Each employee is in one held class at most
// and HR nominates every participant (nobody asks for a seat in the past, nobody waits). The
// classes are spread over the 43 weeks before today's week, in office hours (08.00–16.00 WIB),
// one to three days from a Monday, Tuesday or Wednesday (heldDates).
func heldSessions(p *people, now time.Time) []sessionSpec {
	today := civilDay(now)
	used := p.heldBy
	type held struct {
		programme, place, online string
		capacity                 int
		trainers                 []string
		people                   []*planningv1.Employee
		failed, dnf              int
	}
	latsar, _ := p.cpns(today)
	latsar = latsar[:min(15, len(latsar))]
	for _, e := range latsar {
		used[e.GetNip()] = true
	}
	// The portal's demo employee has passed one ICT class: JP on the way to 20.
	var signIn []*planningv1.Employee
	if _, team := demoTeam(p.d, leaveAgency); len(team) > 0 {
		signIn = append(signIn, p.byNIP[team[0]])
		used[team[0]] = true
	}
	specs := []held{
		{programme: progNetwork, place: "Laboratorium Komputer Diskominfo Kota Medan, Angkatan I", capacity: 24,
			trainers: []string{"Ir. Hotman Sinaga, M.Kom. (contoh)"}, people: p.take(used, 20, "DISKOMINFO"), failed: 2, dnf: 1},
		{programme: progCyber, place: "Ruang Diklat BKPSDM Kota Medan, Angkatan I", capacity: 20,
			trainers: []string{"Dewi Lestari, S.Kom., M.T. (contoh)"}, people: p.take(used, 16, "DISKOMINFO", "BKPSDM"), failed: 1, dnf: 1},
		{programme: progData, place: "Aula Bappeda Kota Medan, Angkatan I", capacity: 25,
			trainers: []string{"Fadli Nasution, S.Si., M.Stat. (contoh)"}, people: p.take(used, 20, "BAPPEDA"), failed: 1, dnf: 1},
		{programme: progWeb, place: "Laboratorium Fasilkom-TI, Universitas Sumatera Utara, Angkatan I", capacity: 15,
			trainers: []string{"Dr. Maya Silviana Ginting (contoh)"}, people: p.take(used, 12, "DISKOMINFO"), failed: 1},
		{programme: progSPBE, place: "Ruang Rapat Inspektorat Kota Medan, Angkatan I", capacity: 30,
			trainers: []string{"Tim Balai Pelatihan TIK (contoh)"}, people: append(signIn, p.take(used, 23, "INSPEKTORAT", "BKPSDM")...), failed: 1, dnf: 1},
		{programme: progLeadership, place: "Kampus BPSDM Provinsi Sumatera Utara, Angkatan I", capacity: 20,
			trainers: []string{"Drs. Parlindungan Harahap, M.Si. (contoh)"}, people: p.structuralHolders(used, 9, 10, 15), dnf: 1},
		{programme: progService, place: "Kantor Camat Medan Polonia, Angkatan I", capacity: 30,
			trainers: []string{"Tim BKPSDM Kota Medan (contoh)"}, people: p.take(used, 25, "KEC-MEDAN-POLONIA", "KEC-MEDAN-BARU", "KEC-MEDAN-KOTA"), dnf: 2},
		{programme: progLatsar, place: "Kampus BPSDM Provinsi Sumatera Utara, Latsar Angkatan I", capacity: 40,
			trainers: []string{"Widyaiswara BPSDM (contoh)"}, people: latsar, dnf: min(1, len(latsar))},
		{programme: progSeminar, place: "Aula Balai Kota Medan, Seminar I", capacity: 100,
			trainers: []string{"Narasumber undangan (contoh)"}, people: p.take(used, 30, "BKPSDM", "DISKOMINFO")},
		{programme: progELearning, online: "https://elearning.example.org/etika-integritas-asn/angkatan-1", capacity: 200,
			trainers: []string{"Tim BKPSDM Kota Medan (contoh)"}, people: p.take(used, 20, "BKPSDM", "BAPPEDA"), dnf: 3},
	}
	for _, m := range massHeld(p, used) {
		specs = append(specs, held{programme: m.programme, place: m.place, capacity: m.capacity, trainers: m.trainers,
			people: m.people, failed: 1, dnf: 1})
	}
	var out []sessionSpec
	for _, h := range specs {
		if len(h.people) == 0 {
			continue
		}
		failed, dnf := min(h.failed, len(h.people)), min(h.dnf, len(h.people))
		if failed+dnf >= len(h.people) {
			failed, dnf = 0, 0
		}
		start, end := heldDates(today, len(out))
		out = append(out, sessionSpec{Programme: h.programme, Place: h.place, Online: h.online, Capacity: h.capacity, Trainers: h.trainers,
			Start: start, End: end, Held: true, Enrolments: p.enrolments(h.people, true, failed, dnf, true)})
	}
	return out
}

// futureSessions are the classes still to come, in the weeks after today: nominations and
// approved requests, requests awaiting the supervisor, and one class fuller than its seats, with
// a waitlist.
func futureSessions(p *people, today time.Time) []sessionSpec {
	used := p.future
	for nip := range p.heldBy {
		used[nip] = true // nobody held in a class of the months before takes one in the weeks after
	}
	firstYear, _ := p.cpns(today)
	var latsarNext []*planningv1.Employee
	for _, e := range firstYear {
		if !p.heldBy[e.GetNip()] && len(latsarNext) < 20 {
			latsarNext = append(latsarNext, e)
			used[e.GetNip()] = true
		}
	}
	type next struct {
		programme, place, online string
		week, days               int
		capacity                 int
		people                   []*planningv1.Employee
		asking                   []*planningv1.Employee // their own requests, half awaiting
		approveAll               bool
	}
	// The demo team's staff (but for the sign-in's two) ask for the network class: the
	// supervisor's inbox shows requests awaiting a decision.
	_, team := demoTeam(p.d, leaveAgency)
	var asking []*planningv1.Employee
	for _, nip := range team {
		if !p.skip[nip] && !used[nip] && !isCPNS(p.byNIP[nip]) && len(asking) < 6 {
			asking = append(asking, p.byNIP[nip])
			used[nip] = true
		}
	}
	specs := []next{
		// 13 for 10 seats: the last three wait.
		{programme: progNetwork, place: "Laboratorium Komputer Diskominfo Kota Medan, Angkatan II", week: 1, days: 3, capacity: 10,
			people: p.take(used, 13, "DISKOMINFO", "DISHUB", "BAPENDA"), approveAll: true},
		{programme: progCyber, place: "Ruang Diklat BKPSDM Kota Medan, Angkatan II", week: 3, days: 4, capacity: 25,
			asking: asking, people: p.take(used, 8, "BPKAD", "DISDUKCAPIL")},
		{programme: progData, place: "Aula Bappeda Kota Medan, Angkatan II", week: 2, days: 2, capacity: 20,
			people: p.take(used, 8, "BAPPEDA", "BAPENDA")},
		{programme: progSPBE, place: "Ruang Rapat Diskominfo Kota Medan, Angkatan II", week: 5, days: 2, capacity: 30,
			people: p.take(used, 10, "DISKOMINFO", "SETDA")},
		{programme: progLeadership, place: "Kampus BPSDM Provinsi Sumatera Utara, Angkatan II", week: 8, days: 5, capacity: 20,
			people: p.structuralHolders(used, 9, 10, 6)},
		{programme: progLatsar, place: "Kampus BPSDM Provinsi Sumatera Utara, Latsar Angkatan II", week: 6, days: 10, capacity: 40,
			people: latsarNext, approveAll: true},
		{programme: progCoaching, place: "Ruang Kerja Bidang Data BKPSDM Kota Medan", week: 2, days: 1, capacity: 8,
			people: p.take(used, 5, "BKPSDM")},
		{programme: progSeminar, place: "Aula Balai Kota Medan, Seminar II", week: 4, days: 1, capacity: 100},
		{programme: progELearning, online: "https://elearning.example.org/etika-integritas-asn/angkatan-2", week: 1, days: 20, capacity: 200,
			people: p.take(used, 5, "INSPEKTORAT")},
		{programme: progService, place: "Kantor Camat Medan Baru, Angkatan II", week: 10, days: 2, capacity: 30},
		{programme: progWeb, place: "Laboratorium Fasilkom-TI, Universitas Sumatera Utara, Angkatan II", week: 12, days: 5, capacity: 15},
	}
	out := make([]sessionSpec, 0, len(specs))
	for _, n := range specs {
		start := weekday(today, n.week, 1, 8) // a Tuesday, 08:00 WIB
		end := weekday(today, n.week, n.days, 16)
		out = append(out, sessionSpec{Programme: n.programme, Place: n.place, Online: n.online, Capacity: n.capacity,
			Trainers: []string{"Tim pengajar (contoh)"}, Start: start, End: end,
			Enrolments: append(p.selfRequests(n.asking), p.enrolments(n.people, false, 0, 0, n.approveAll)...)})
	}
	return out
}
