package seed

import planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"

// This file holds the illustrative catalog the generator draws from: the agencies of the city
// with their units and functional posts, and the fields of study that decide academic titles.

// ladder is the career ladder (jenjang) a functional post is offered at.
type ladder int

const (
	// ladderAhli is the expert ladder: Ahli Pertama, Ahli Muda, Ahli Madya.
	ladderAhli ladder = iota
	// ladderAhliJunior is the expert ladder without Ahli Madya, for small agencies.
	ladderAhliJunior
	// ladderTerampil is the skilled ladder: Terampil, Mahir, Penyelia.
	ladderTerampil
)

// grade is one rung of a functional ladder.
type grade struct {
	name   string  // e.g. "Ahli Pertama"
	suffix string  // position-id suffix
	class  int32   // kelas jabatan
	rankLo int     // lowest PNS rank index (see ranks)
	rankHi int     // highest PNS rank index
	ageLo  int     // youngest holder, in years
	ageHi  int     // oldest holder, in years
	share  float64 // share of the post's holders at this rung
	pppk   bool    // whether PPPK servants hold this rung
}

// ladders lists the rungs of each ladder.
var ladders = map[ladder][]grade{
	ladderAhli: {
		{"Ahli Pertama", "ap", 8, 8, 9, 24, 42, 0.45, true},
		{"Ahli Muda", "am", 9, 10, 11, 32, 52, 0.38, true},
		{"Ahli Madya", "amd", 11, 12, 14, 44, 59, 0.17, false},
	},
	ladderAhliJunior: {
		{"Ahli Pertama", "ap", 8, 8, 9, 24, 42, 0.55, true},
		{"Ahli Muda", "am", 9, 10, 11, 32, 52, 0.45, true},
	},
	ladderTerampil: {
		{"Terampil", "t", 6, 5, 7, 24, 45, 0.42, true},
		{"Mahir", "m", 7, 8, 9, 30, 52, 0.38, true},
		{"Penyelia", "p", 8, 10, 11, 38, 57, 0.20, false},
	},
}

// field is a field of study; it decides the academic titles of the people in a post.
type field int

const (
	fieldAdmin field = iota
	fieldGov
	fieldEcon
	fieldLaw
	fieldIT
	fieldEng
	fieldEdu
	fieldNurse
	fieldMidwife
	fieldDoctor
	fieldDentist
	fieldPharm
	fieldPublicHealth
	fieldLab
	fieldNutrition
	fieldRadiology
	fieldPhysio
	fieldMedRecord
	fieldAgri
	fieldVet
	fieldFish
	fieldSocial
	fieldLib
	fieldPsych
	fieldStat
	fieldEnv
	fieldCulture
	fieldTourism
	fieldSecurity
)

// degrees are the titles written after a name for each level of education in a field. A
// front title (dr., drg., drh.) replaces the S1 back title.
type degrees struct {
	front string   // professional title written before the name instead of an S1 title
	d3    []string // diploma (D3)
	s1    []string // bachelor (S1/D4)
	s2    []string // master or medical specialist
}

var fieldDegrees = [...]degrees{
	fieldAdmin:        {"", []string{"A.Md."}, []string{"S.Sos.", "S.A.P.", "S.IP.", "S.E.", "S.H."}, []string{"M.Si.", "M.A.P.", "M.M."}},
	fieldGov:          {"", []string{"A.Md."}, []string{"S.STP.", "S.IP.", "S.Sos.", "S.H."}, []string{"M.Si.", "M.A.P.", "M.SP."}},
	fieldEcon:         {"", []string{"A.Md.Ak."}, []string{"S.E.", "S.Ak."}, []string{"M.Si.", "M.M.", "M.Ak."}},
	fieldLaw:          {"", []string{"A.Md."}, []string{"S.H."}, []string{"M.H.", "M.Kn."}},
	fieldIT:           {"", []string{"A.Md.Kom."}, []string{"S.Kom.", "S.T."}, []string{"M.Kom.", "M.T.I."}},
	fieldEng:          {"", []string{"A.Md.T."}, []string{"S.T."}, []string{"M.T.", "M.Sc."}},
	fieldEdu:          {"", []string{"A.Ma.Pd."}, []string{"S.Pd.", "S.Pd.I.", "S.Pd.SD.", "S.Pd."}, []string{"M.Pd."}},
	fieldNurse:        {"", []string{"A.Md.Kep."}, []string{"S.Kep., Ns."}, []string{"M.Kep."}},
	fieldMidwife:      {"", []string{"A.Md.Keb."}, []string{"S.Tr.Keb.", "S.Keb., Bd."}, []string{"M.Keb."}},
	fieldDoctor:       {"dr.", nil, nil, []string{"Sp.PD", "Sp.A", "Sp.OG", "Sp.B", "Sp.An", "Sp.JP", "Sp.N", "Sp.M", "Sp.THT-KL", "Sp.Rad", "M.Kes."}},
	fieldDentist:      {"drg.", nil, nil, []string{"Sp.KG", "Sp.Ort", "M.Kes."}},
	fieldPharm:        {"", []string{"A.Md.Farm."}, []string{"S.Farm., Apt."}, []string{"M.Farm."}},
	fieldPublicHealth: {"", []string{"A.Md.KL."}, []string{"S.KM."}, []string{"M.K.M.", "M.Kes."}},
	fieldLab:          {"", []string{"A.Md.AK."}, []string{"S.Tr.Kes."}, []string{"M.Biomed."}},
	fieldNutrition:    {"", []string{"A.Md.Gz."}, []string{"S.Gz."}, []string{"M.Gz."}},
	fieldRadiology:    {"", []string{"A.Md.Rad."}, []string{"S.Tr.Rad."}, []string{"M.Tr.ID."}},
	fieldPhysio:       {"", []string{"A.Md.Ftr."}, []string{"S.Ftr."}, []string{"M.Fis."}},
	fieldMedRecord:    {"", []string{"A.Md.RMIK."}, []string{"S.Tr.RMIK."}, []string{"M.Kes."}},
	fieldAgri:         {"", []string{"A.Md.P."}, []string{"S.P."}, []string{"M.P.", "M.Si."}},
	fieldVet:          {"drh.", []string{"A.Md.Vet."}, nil, []string{"M.Si.", "M.Sc."}},
	fieldFish:         {"", []string{"A.Md.Pi."}, []string{"S.Pi."}, []string{"M.Si."}},
	fieldSocial:       {"", []string{"A.Md."}, []string{"S.Sos.", "S.Tr.Sos."}, []string{"M.Kesos.", "M.Si."}},
	fieldLib:          {"", []string{"A.Md."}, []string{"S.IP.", "S.Hum."}, []string{"M.Hum.", "M.IP."}},
	fieldPsych:        {"", nil, []string{"S.Psi."}, []string{"M.Psi., Psikolog"}},
	fieldStat:         {"", []string{"A.Md.Stat."}, []string{"S.Si.", "S.Stat.", "S.Tr.Stat."}, []string{"M.Si."}},
	fieldEnv:          {"", []string{"A.Md."}, []string{"S.T.", "S.Si.", "S.KM."}, []string{"M.Si.", "M.T."}},
	fieldCulture:      {"", []string{"A.Md."}, []string{"S.Sn.", "S.Hum.", "S.S."}, []string{"M.Hum.", "M.Sn."}},
	fieldTourism:      {"", []string{"A.Md.Par."}, []string{"S.Par.", "S.E."}, []string{"M.Par.", "M.M."}},
	fieldSecurity:     {"", []string{"A.Md."}, []string{"S.H.", "S.Sos."}, []string{"M.H.", "M.Si."}},
}

// fnSpec is a functional post (jabatan fungsional) of an agency.
type fnSpec struct {
	slug    string   // short id part, e.g. "pranata-komputer"
	title   string   // e.g. "Pranata Komputer"; the rung is appended
	units   string   // space-separated unit suffixes the post sits in; "" for the agency level
	weight  float64  // relative share of the agency's functional staff
	ladder  ladder   // the rungs offered
	field   field    // field of study of the holders
	female  float64  // share of women; 0 means one half
	pppk    float64  // chance that a holder of a PPPK-eligible rung is PPPK; 0 means the default
	compets []string // technical competencies, without the "technical:" prefix
}

// unitSpec is a unit (sekretariat, bidang, bagian, seksi, UPT, kelurahan) of an agency.
type unitSpec struct {
	suffix string // code suffix, e.g. "SEKRE" or "B1"
	name   string // display name; "" for the default secretariat name
	compet string // the technical competency its head needs
}

// agencySpec is a top-level agency with its units and posts.
type agencySpec struct {
	code   string
	name   string
	kind   planningv1.AgencyKind
	head   string  // the head's title
	class  int32   // the head's class
	size   int     // employees; 0 for the agency that takes the remainder
	exec   float64 // share of the staff in executor posts
	field  field   // field of study of its executors and managers
	compet string  // the technical competency of its head
	units  []unitSpec
	fns    []fnSpec
}

// sekdaCode is the agency whose head, the Sekretaris Daerah, tops the supervisor tree.
const sekdaCode = "SETDA"

// agencies is the catalog of the city's agencies other than the kecamatan: 19 agencies, several
// of which combine functions that larger cities give agencies of their own (see the package
// comment). Sizes are illustrative; Dinas Pendidikan takes whatever the total leaves.
var agencies = []agencySpec{
	{
		code: sekdaCode, name: "Sekretariat Daerah", kind: planningv1.AgencyKind_AGENCY_KIND_SECRETARIAT,
		head: "Sekretaris Daerah", class: 17, size: 420, exec: 0.7, field: fieldGov, compet: "regional-government-administration",
		units: []unitSpec{
			{"UMUM", "Bagian Umum", "general-affairs-and-protocol"},
			{"B1", "Bagian Pemerintahan", "governance-affairs"},
			{"B2", "Bagian Hukum", "legal-drafting"},
			{"B3", "Bagian Organisasi", "organisational-design"},
			{"B4", "Bagian Perekonomian dan Sumber Daya Alam", "regional-economy"},
			{"B5", "Bagian Pengadaan Barang dan Jasa", "public-procurement"},
		},
		fns: []fnSpec{
			{slug: "analis-kebijakan", title: "Analis Kebijakan", units: "B1 B3 B4", weight: 3, field: fieldAdmin, compets: []string{"policy-analysis", "regional-government-administration"}},
			{slug: "perancang-uu", title: "Perancang Peraturan Perundang-undangan", units: "B2", weight: 2, field: fieldLaw, compets: []string{"legislative-drafting"}},
			{slug: "pengelola-pbj", title: "Pengelola Pengadaan Barang/Jasa", units: "B5", weight: 3, field: fieldEcon, compets: []string{"public-procurement", "e-procurement-systems"}},
			{slug: "pranata-humas", title: "Pranata Hubungan Masyarakat", units: "UMUM", weight: 1, field: fieldAdmin, compets: []string{"public-relations"}},
			{slug: "analis-kebijakan", title: "Analis Kebijakan", weight: 0.5, field: fieldAdmin, compets: []string{"policy-analysis"}},
		},
	},
	{
		code: "SETWAN", name: "Sekretariat Dewan Perwakilan Rakyat Daerah", kind: planningv1.AgencyKind_AGENCY_KIND_SECRETARIAT,
		head: "Sekretaris DPRD", class: 15, size: 130, exec: 0.7, field: fieldAdmin, compet: "legislative-support",
		units: []unitSpec{
			{"UMUM", "Bagian Umum dan Kepegawaian", "general-affairs"},
			{"B1", "Bagian Persidangan dan Perundang-undangan", "legislative-procedure"},
			{"B2", "Bagian Keuangan", "regional-finance"},
			{"B3", "Bagian Hubungan Masyarakat dan Protokol", "public-relations"},
		},
		fns: []fnSpec{
			{slug: "analis-kebijakan", title: "Analis Kebijakan", units: "B1", weight: 2, ladder: ladderAhliJunior, field: fieldAdmin, compets: []string{"policy-analysis"}},
			{slug: "perancang-uu", title: "Perancang Peraturan Perundang-undangan", units: "B1", weight: 1, ladder: ladderAhliJunior, field: fieldLaw, compets: []string{"legislative-drafting"}},
			{slug: "pranata-humas", title: "Pranata Hubungan Masyarakat", units: "B3", weight: 1, ladder: ladderAhliJunior, field: fieldAdmin, compets: []string{"public-relations"}},
		},
	},
	{
		code: "INSPEKTORAT", name: "Inspektorat", kind: planningv1.AgencyKind_AGENCY_KIND_OTHER,
		head: "Inspektur", class: 15, size: 130, exec: 0.3, field: fieldEcon, compet: "internal-audit",
		units: []unitSpec{
			{"SEKRE", "", "audit-administration"},
			{"B1", "Inspektur Pembantu Wilayah I", "internal-audit"},
			{"B2", "Inspektur Pembantu Wilayah II", "internal-audit"},
			{"B3", "Inspektur Pembantu Wilayah III", "internal-audit"},
			{"B4", "Inspektur Pembantu Khusus", "investigative-audit"},
		},
		fns: []fnSpec{
			{slug: "auditor", title: "Auditor", units: "B1 B2 B3 B4", weight: 3, field: fieldEcon, compets: []string{"internal-audit", "government-accounting-standards"}},
			{slug: "p2upd", title: "Pengawas Penyelenggaraan Urusan Pemerintahan di Daerah", units: "B1 B2 B3", weight: 2, field: fieldGov, compets: []string{"government-supervision"}},
			{slug: "auditor", title: "Auditor", weight: 0.3, field: fieldEcon, compets: []string{"internal-audit", "audit-quality-assurance"}},
		},
	},
	{
		code: "BAPPEDA", name: "Badan Perencanaan Pembangunan, Penelitian dan Pengembangan Daerah", kind: planningv1.AgencyKind_AGENCY_KIND_BADAN,
		head: "Kepala Badan Perencanaan Pembangunan, Penelitian dan Pengembangan Daerah", class: 15, size: 120, exec: 0.45, field: fieldEcon, compet: "development-planning",
		units: []unitSpec{
			{"SEKRE", "", "planning-administration"},
			{"B1", "Bidang Perencanaan, Pengendalian dan Evaluasi Pembangunan Daerah", "development-monitoring-and-evaluation"},
			{"B2", "Bidang Pemerintahan dan Pembangunan Manusia", "human-development-planning"},
			{"B3", "Bidang Perekonomian dan Sumber Daya Alam", "economic-planning"},
			{"B4", "Bidang Infrastruktur dan Kewilayahan", "infrastructure-planning"},
			{"B5", "Bidang Penelitian dan Pengembangan", "applied-research"},
		},
		fns: []fnSpec{
			{slug: "perencana", title: "Perencana", units: "B1 B2 B3 B4", weight: 4, field: fieldEcon, compets: []string{"development-planning", "regional-budget-alignment"}},
			{slug: "analis-kebijakan", title: "Analis Kebijakan", units: "B5", weight: 1, ladder: ladderAhliJunior, field: fieldAdmin, compets: []string{"policy-analysis", "applied-research"}},
			{slug: "perencana", title: "Perencana", weight: 0.4, field: fieldEcon, compets: []string{"development-planning"}},
		},
	},
	{
		code: "BKPSDM", name: "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", kind: planningv1.AgencyKind_AGENCY_KIND_BADAN,
		head: "Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", class: 15, size: 150, exec: 0.45, field: fieldAdmin, compet: "civil-service-management",
		units: []unitSpec{
			{"SEKRE", "", "hr-administration"},
			{"B1", "Bidang Pengadaan, Pemberhentian dan Informasi Kepegawaian", "hr-information-systems"},
			{"B2", "Bidang Mutasi dan Promosi", "career-management"},
			{"B3", "Bidang Pengembangan Kompetensi Aparatur", "competency-development"},
			{"B4", "Bidang Penilaian Kinerja Aparatur dan Penghargaan", "performance-management"},
		},
		fns: []fnSpec{
			{slug: "analis-sdm", title: "Analis Sumber Daya Manusia Aparatur", units: "B1 B2 B3 B4", weight: 4, field: fieldAdmin, compets: []string{"civil-service-management", "hr-analytics"}},
			{slug: "pranata-sdm", title: "Pranata Sumber Daya Manusia Aparatur", units: "B1 B2", weight: 2, ladder: ladderTerampil, field: fieldAdmin, compets: []string{"hr-administration"}},
			{slug: "asesor-sdm", title: "Asesor Sumber Daya Manusia Aparatur", units: "B3", weight: 1, ladder: ladderAhliJunior, field: fieldPsych, compets: []string{"competency-assessment"}},
			{slug: "pranata-komputer", title: "Pranata Komputer", units: "B1", weight: 1, ladder: ladderAhliJunior, field: fieldIT, compets: []string{"hr-information-systems", "database-administration"}},
		},
	},
	{
		code: "BPKAD", name: "Badan Pengelolaan Keuangan dan Aset Daerah", kind: planningv1.AgencyKind_AGENCY_KIND_BADAN,
		head: "Kepala Badan Pengelolaan Keuangan dan Aset Daerah", class: 15, size: 260, exec: 0.55, field: fieldEcon, compet: "regional-finance-management",
		units: []unitSpec{
			{"SEKRE", "", "finance-administration"},
			{"B1", "Bidang Anggaran", "regional-budgeting"},
			{"B2", "Bidang Perbendaharaan", "treasury-management"},
			{"B3", "Bidang Akuntansi", "government-accounting"},
			{"B4", "Bidang Pengelolaan Barang Milik Daerah", "asset-management"},
		},
		fns: []fnSpec{
			{slug: "analis-keuangan", title: "Analis Keuangan Pusat dan Daerah", units: "B1 B2 B3", weight: 4, field: fieldEcon, compets: []string{"regional-finance-management", "government-accounting"}},
			{slug: "penilai", title: "Penilai Pemerintah", units: "B4", weight: 1, ladder: ladderAhliJunior, field: fieldEcon, compets: []string{"asset-valuation"}},
		},
	},
	{
		code: "BAPENDA", name: "Badan Pendapatan Daerah", kind: planningv1.AgencyKind_AGENCY_KIND_BADAN,
		head: "Kepala Badan Pendapatan Daerah", class: 15, size: 400, exec: 0.8, field: fieldEcon, compet: "regional-revenue-management",
		units: []unitSpec{
			{"SEKRE", "", "revenue-administration"},
			{"B1", "Bidang Pajak Bumi dan Bangunan dan Bea Perolehan Hak atas Tanah dan Bangunan", "property-tax-administration"},
			{"B2", "Bidang Pajak Daerah Lainnya", "local-tax-administration"},
			{"B3", "Bidang Perencanaan dan Pengembangan Pendapatan", "revenue-planning"},
			{"B4", "Bidang Penagihan dan Keberatan", "tax-collection-and-objections"},
		},
		fns: []fnSpec{
			{slug: "analis-keuangan", title: "Analis Keuangan Pusat dan Daerah", units: "B3", weight: 2, field: fieldEcon, compets: []string{"revenue-planning", "fiscal-analysis"}},
			{slug: "pranata-komputer", title: "Pranata Komputer", units: "B3", weight: 1, ladder: ladderAhliJunior, field: fieldIT, compets: []string{"tax-information-systems"}},
		},
	},
	{
		code: "BPBD", name: "Badan Penanggulangan Bencana Daerah", kind: planningv1.AgencyKind_AGENCY_KIND_BADAN,
		head: "Kepala Pelaksana Badan Penanggulangan Bencana Daerah", class: 14, size: 500, exec: 0.3, field: fieldAdmin, compet: "disaster-management",
		units: []unitSpec{
			{"SEKRE", "", "disaster-administration"},
			{"B1", "Bidang Pencegahan dan Kesiapsiagaan", "disaster-preparedness"},
			{"B2", "Bidang Kedaruratan dan Logistik", "emergency-response-logistics"},
			{"B3", "Bidang Rehabilitasi dan Rekonstruksi", "post-disaster-recovery"},
			{"B4", "Bidang Pemadam Kebakaran dan Penyelamatan", "firefighting-and-rescue"},
			{"U1", "UPT Pos Pemadam Kebakaran Wilayah Utara", "firefighting-and-rescue"},
		},
		fns: []fnSpec{
			{slug: "analis-kebencanaan", title: "Analis Kebencanaan", units: "B1 B2 B3", weight: 1, ladder: ladderAhliJunior, field: fieldEnv, compets: []string{"disaster-risk-assessment", "emergency-response-logistics"}},
			{slug: "pemadam", title: "Pemadam Kebakaran", units: "B4 U1", weight: 6, ladder: ladderTerampil, field: fieldSecurity, female: 0.05, compets: []string{"firefighting-and-rescue", "hazardous-materials-response"}},
			{slug: "analis-kebakaran", title: "Analis Kebakaran", units: "B4", weight: 0.8, ladder: ladderAhliJunior, field: fieldEng, female: 0.2, compets: []string{"fire-safety-inspection"}},
		},
	},
	{
		code: "SATPOLPP", name: "Satuan Polisi Pamong Praja", kind: planningv1.AgencyKind_AGENCY_KIND_OTHER,
		head: "Kepala Satuan Polisi Pamong Praja", class: 15, size: 560, exec: 0.25, field: fieldSecurity, compet: "public-order-enforcement",
		units: []unitSpec{
			{"SEKRE", "", "enforcement-administration"},
			{"B1", "Bidang Penegakan Peraturan Daerah", "bylaw-enforcement"},
			{"B2", "Bidang Ketertiban Umum dan Ketenteraman Masyarakat", "public-order"},
			{"B3", "Bidang Sumber Daya Aparatur", "enforcement-capacity-building"},
			{"B4", "Bidang Perlindungan Masyarakat", "civil-protection"},
		},
		fns: []fnSpec{
			{slug: "polpp", title: "Polisi Pamong Praja", units: "B1 B2 B4", weight: 1, ladder: ladderTerampil, field: fieldSecurity, female: 0.18, pppk: 0.05, compets: []string{"bylaw-enforcement", "crowd-management"}},
		},
	},
	{
		code: "DISDIK", name: "Dinas Pendidikan", kind: planningv1.AgencyKind_AGENCY_KIND_DINAS,
		head: "Kepala Dinas Pendidikan", class: 15, size: 0, exec: 0.09, field: fieldEdu, compet: "education-management",
		units: []unitSpec{
			{"SEKRE", "", "education-administration"},
			{"B1", "Bidang Pembinaan Sekolah Dasar", "primary-school-management"},
			{"B2", "Bidang Pembinaan Sekolah Menengah Pertama", "junior-secondary-school-management"},
			{"B3", "Bidang Pembinaan Pendidikan Anak Usia Dini dan Pendidikan Nonformal", "early-childhood-education"},
			{"B4", "Bidang Pendidik dan Tenaga Kependidikan", "teacher-development"},
		},
		fns: []fnSpec{
			{slug: "guru-kelas", title: "Guru Kelas", units: "B1", weight: 52, field: fieldEdu, female: 0.75, pppk: 0.42, compets: []string{"classroom-teaching", "primary-curriculum"}},
			{slug: "guru-mapel", title: "Guru Mata Pelajaran", units: "B2", weight: 30, field: fieldEdu, female: 0.65, pppk: 0.42, compets: []string{"subject-teaching", "merdeka-curriculum"}},
			{slug: "guru-pai", title: "Guru Pendidikan Agama", units: "B1 B2", weight: 6, field: fieldEdu, female: 0.55, pppk: 0.42, compets: []string{"religious-education"}},
			{slug: "guru-pjok", title: "Guru Pendidikan Jasmani, Olahraga dan Kesehatan", units: "B1 B2", weight: 4, field: fieldEdu, female: 0.3, pppk: 0.42, compets: []string{"physical-education"}},
			{slug: "guru-tk", title: "Guru Taman Kanak-kanak", units: "B3", weight: 2, field: fieldEdu, female: 0.97, pppk: 0.42, compets: []string{"early-childhood-education"}},
			{slug: "penilik", title: "Penilik", units: "B3", weight: 0.3, ladder: ladderAhliJunior, field: fieldEdu, compets: []string{"nonformal-education-supervision"}},
			{slug: "pamong-belajar", title: "Pamong Belajar", units: "B3", weight: 0.3, ladder: ladderAhliJunior, field: fieldEdu, compets: []string{"community-learning"}},
			{slug: "pengawas-sekolah", title: "Pengawas Sekolah", units: "B4", weight: 0.8, field: fieldEdu, compets: []string{"school-supervision", "education-quality-assurance"}},
		},
	},
	{
		code: "DINKES", name: "Dinas Kesehatan", kind: planningv1.AgencyKind_AGENCY_KIND_DINAS,
		head: "Kepala Dinas Kesehatan", class: 15, size: 2200, exec: 0.16, field: fieldPublicHealth, compet: "public-health-management",
		units: []unitSpec{
			{"SEKRE", "", "health-administration"},
			{"B1", "Bidang Kesehatan Masyarakat", "community-health"},
			{"B2", "Bidang Pencegahan dan Pengendalian Penyakit", "disease-control"},
			{"B3", "Bidang Pelayanan Kesehatan", "health-service-management"},
			{"B4", "Bidang Sumber Daya Kesehatan", "health-resources"},
			{"U1", "UPT Pusat Kesehatan Masyarakat", "primary-health-care"},
		},
		fns: []fnSpec{
			{slug: "dokter", title: "Dokter", units: "U1", weight: 8, field: fieldDoctor, female: 0.6, pppk: 0.12, compets: []string{"general-medical-practice", "primary-health-care"}},
			{slug: "dokter-gigi", title: "Dokter Gigi", units: "U1", weight: 3, ladder: ladderAhliJunior, field: fieldDentist, female: 0.75, pppk: 0.12, compets: []string{"dental-care"}},
			{slug: "perawat", title: "Perawat", units: "U1", weight: 22, ladder: ladderTerampil, field: fieldNurse, female: 0.8, pppk: 0.22, compets: []string{"nursing-care", "primary-health-care"}},
			{slug: "perawat", title: "Perawat", units: "U1", weight: 8, field: fieldNurse, female: 0.8, pppk: 0.22, compets: []string{"nursing-care", "community-nursing"}},
			{slug: "bidan", title: "Bidan", units: "U1", weight: 20, ladder: ladderTerampil, field: fieldMidwife, female: 1, pppk: 0.22, compets: []string{"midwifery", "maternal-and-child-health"}},
			{slug: "apoteker", title: "Apoteker", units: "U1", weight: 3, ladder: ladderAhliJunior, field: fieldPharm, female: 0.75, compets: []string{"pharmaceutical-care"}},
			{slug: "asisten-apoteker", title: "Asisten Apoteker", units: "U1", weight: 4, ladder: ladderTerampil, field: fieldPharm, female: 0.8, compets: []string{"drug-dispensing"}},
			{slug: "nutrisionis", title: "Nutrisionis", units: "U1", weight: 4, ladder: ladderTerampil, field: fieldNutrition, female: 0.85, compets: []string{"community-nutrition", "stunting-prevention"}},
			{slug: "sanitarian", title: "Tenaga Sanitasi Lingkungan", units: "U1 B2", weight: 4, ladder: ladderTerampil, field: fieldPublicHealth, compets: []string{"environmental-health"}},
			{slug: "pranata-lab", title: "Pranata Laboratorium Kesehatan", units: "U1", weight: 4, ladder: ladderTerampil, field: fieldLab, female: 0.7, compets: []string{"clinical-laboratory"}},
			{slug: "epidemiolog", title: "Epidemiolog Kesehatan", units: "B2", weight: 1.5, field: fieldPublicHealth, compets: []string{"epidemiological-surveillance", "disease-control"}},
			{slug: "penyuluh-kesmas", title: "Penyuluh Kesehatan Masyarakat", units: "B1 U1", weight: 3, field: fieldPublicHealth, female: 0.7, compets: []string{"health-promotion"}},
			{slug: "administrator-kes", title: "Administrator Kesehatan", units: "B3 B4", weight: 1.5, field: fieldPublicHealth, compets: []string{"health-service-management"}},
		},
	},
	{
		code: "RSUD-PIRNGADI", name: "RSUD Dr. Pirngadi", kind: planningv1.AgencyKind_AGENCY_KIND_HOSPITAL,
		head: "Direktur RSUD Dr. Pirngadi", class: 15, size: 1550, exec: 0.15, field: fieldPublicHealth, compet: "hospital-management",
		units: []unitSpec{
			{"UMUM", "Bagian Umum dan Kepegawaian", "hospital-administration"},
			{"B1", "Bidang Pelayanan Medik", "clinical-governance"},
			{"B2", "Bidang Keperawatan", "nursing-management"},
			{"B3", "Bidang Penunjang Medik", "medical-support-services"},
			{"B4", "Bagian Keuangan", "hospital-finance"},
		},
		fns: []fnSpec{
			{slug: "dokter", title: "Dokter", units: "B1", weight: 12, field: fieldDoctor, female: 0.55, pppk: 0.08, compets: []string{"clinical-medicine", "patient-safety"}},
			{slug: "dokter-gigi", title: "Dokter Gigi", units: "B1", weight: 1.5, ladder: ladderAhliJunior, field: fieldDentist, female: 0.7, compets: []string{"dental-care"}},
			{slug: "perawat", title: "Perawat", units: "B2", weight: 30, ladder: ladderTerampil, field: fieldNurse, female: 0.78, pppk: 0.2, compets: []string{"nursing-care", "patient-safety"}},
			{slug: "perawat", title: "Perawat", units: "B2", weight: 14, field: fieldNurse, female: 0.78, pppk: 0.2, compets: []string{"nursing-care", "critical-care-nursing"}},
			{slug: "bidan", title: "Bidan", units: "B2", weight: 5, ladder: ladderTerampil, field: fieldMidwife, female: 1, pppk: 0.2, compets: []string{"midwifery"}},
			{slug: "apoteker", title: "Apoteker", units: "B3", weight: 2, ladder: ladderAhliJunior, field: fieldPharm, female: 0.75, compets: []string{"clinical-pharmacy"}},
			{slug: "asisten-apoteker", title: "Asisten Apoteker", units: "B3", weight: 3, ladder: ladderTerampil, field: fieldPharm, female: 0.8, compets: []string{"drug-dispensing"}},
			{slug: "pranata-lab", title: "Pranata Laboratorium Kesehatan", units: "B3", weight: 3, ladder: ladderTerampil, field: fieldLab, female: 0.7, compets: []string{"clinical-laboratory"}},
			{slug: "radiografer", title: "Radiografer", units: "B3", weight: 2, ladder: ladderTerampil, field: fieldRadiology, compets: []string{"diagnostic-imaging"}},
			{slug: "nutrisionis", title: "Nutrisionis", units: "B3", weight: 1.5, ladder: ladderTerampil, field: fieldNutrition, female: 0.85, compets: []string{"clinical-nutrition"}},
			{slug: "fisioterapis", title: "Fisioterapis", units: "B3", weight: 1.5, ladder: ladderTerampil, field: fieldPhysio, compets: []string{"physiotherapy"}},
			{slug: "perekam-medis", title: "Perekam Medis", units: "B3", weight: 2.5, ladder: ladderTerampil, field: fieldMedRecord, female: 0.7, compets: []string{"medical-records", "clinical-coding"}},
		},
	},
	{
		code: "DPUPRPKP", name: "Dinas Pekerjaan Umum, Penataan Ruang, Perumahan dan Kawasan Permukiman", kind: planningv1.AgencyKind_AGENCY_KIND_DINAS,
		head: "Kepala Dinas Pekerjaan Umum, Penataan Ruang, Perumahan dan Kawasan Permukiman", class: 15, size: 760, exec: 0.75, field: fieldEng, compet: "public-works-management",
		units: []unitSpec{
			{"SEKRE", "", "public-works-administration"},
			{"B1", "Bidang Sumber Daya Air", "urban-drainage"},
			{"B2", "Bidang Bina Marga", "road-and-bridge-engineering"},
			{"B3", "Bidang Cipta Karya dan Bina Konstruksi", "public-buildings"},
			{"B4", "Bidang Penataan Ruang", "spatial-planning"},
			{"B5", "Bidang Perumahan dan Kawasan Permukiman", "housing-and-settlements"},
		},
		fns: []fnSpec{
			{slug: "teknik-jalan", title: "Teknik Jalan dan Jembatan", units: "B2", weight: 3, field: fieldEng, female: 0.2, compets: []string{"road-and-bridge-engineering", "construction-supervision"}},
			{slug: "teknik-pengairan", title: "Teknik Pengairan", units: "B1", weight: 2, field: fieldEng, female: 0.2, compets: []string{"urban-drainage", "hydrology"}},
			{slug: "teknik-bangunan", title: "Teknik Tata Bangunan dan Perumahan", units: "B3 B5", weight: 3, field: fieldEng, female: 0.3, compets: []string{"building-engineering", "building-permit-compliance"}},
			{slug: "pembina-jakon", title: "Pembina Jasa Konstruksi", units: "B3", weight: 1, ladder: ladderAhliJunior, field: fieldEng, compets: []string{"construction-services-regulation"}},
			{slug: "penata-ruang", title: "Penata Ruang", units: "B4", weight: 2, field: fieldEng, compets: []string{"spatial-planning", "gis-mapping"}},
		},
	},
	{
		code: "DINSOSP2KBP3A", name: "Dinas Sosial, Pengendalian Penduduk, Keluarga Berencana, Pemberdayaan Perempuan dan Perlindungan Anak", kind: planningv1.AgencyKind_AGENCY_KIND_DINAS,
		head: "Kepala Dinas Sosial, Pengendalian Penduduk, Keluarga Berencana, Pemberdayaan Perempuan dan Perlindungan Anak", class: 15, size: 480, exec: 0.5, field: fieldSocial, compet: "social-welfare-management",
		units: []unitSpec{
			{"SEKRE", "", "social-affairs-administration"},
			{"B1", "Bidang Perlindungan dan Rehabilitasi Sosial", "social-rehabilitation"},
			{"B2", "Bidang Pemberdayaan Sosial dan Penanganan Fakir Miskin", "poverty-alleviation"},
			{"B3", "Bidang Pengendalian Penduduk dan Keluarga Berencana", "family-planning"},
			{"B4", "Bidang Pemberdayaan Perempuan dan Perlindungan Anak", "child-protection"},
		},
		fns: []fnSpec{
			{slug: "pekerja-sosial", title: "Pekerja Sosial", units: "B1 B4", weight: 3, field: fieldSocial, female: 0.65, compets: []string{"social-casework", "child-protection-casework"}},
			{slug: "penyuluh-sosial", title: "Penyuluh Sosial", units: "B2", weight: 1, ladder: ladderAhliJunior, field: fieldSocial, compets: []string{"community-outreach", "poverty-alleviation"}},
			{slug: "penyuluh-kb", title: "Penyuluh Keluarga Berencana", units: "B3", weight: 5, field: fieldPublicHealth, female: 0.75, pppk: 0.1, compets: []string{"family-planning-counselling", "stunting-prevention"}},
			{slug: "analis-kebijakan", title: "Analis Kebijakan", units: "B4", weight: 1, ladder: ladderAhliJunior, field: fieldAdmin, female: 0.65, compets: []string{"gender-mainstreaming", "policy-analysis"}},
			{slug: "psikolog", title: "Psikolog Klinis", units: "B4", weight: 1, ladder: ladderAhliJunior, field: fieldPsych, female: 0.8, compets: []string{"trauma-counselling"}},
		},
	},
	{
		code: "DISNAKERKOPERINDAG", name: "Dinas Ketenagakerjaan, Koperasi, Usaha Mikro, Perindustrian dan Perdagangan", kind: planningv1.AgencyKind_AGENCY_KIND_DINAS,
		head: "Kepala Dinas Ketenagakerjaan, Koperasi, Usaha Mikro, Perindustrian dan Perdagangan", class: 15, size: 450, exec: 0.7, field: fieldEcon, compet: "labour-and-local-economy",
		units: []unitSpec{
			{"SEKRE", "", "labour-and-trade-administration"},
			{"B1", "Bidang Pelatihan dan Penempatan Tenaga Kerja", "job-placement"},
			{"B2", "Bidang Hubungan Industrial dan Jaminan Sosial Tenaga Kerja", "industrial-relations"},
			{"B3", "Bidang Koperasi dan Usaha Mikro", "msme-development"},
			{"B4", "Bidang Perindustrian dan Perdagangan", "market-and-trade-regulation"},
			{"U1", "UPT Metrologi Legal", "legal-metrology"},
		},
		fns: []fnSpec{
			{slug: "pengantar-kerja", title: "Pengantar Kerja", units: "B1", weight: 2, ladder: ladderAhliJunior, field: fieldAdmin, compets: []string{"job-placement", "labour-market-information"}},
			{slug: "instruktur", title: "Instruktur", units: "B1", weight: 1, ladder: ladderTerampil, field: fieldEng, compets: []string{"vocational-training"}},
			{slug: "mediator-hi", title: "Mediator Hubungan Industrial", units: "B2", weight: 2, ladder: ladderAhliJunior, field: fieldLaw, compets: []string{"industrial-relations-mediation"}},
			{slug: "pengawas-koperasi", title: "Pengawas Koperasi", units: "B3", weight: 1, ladder: ladderAhliJunior, field: fieldEcon, compets: []string{"cooperative-supervision"}},
			{slug: "penyuluh-perdagangan", title: "Penyuluh Perindustrian dan Perdagangan", units: "B3 B4", weight: 2, ladder: ladderAhliJunior, field: fieldEcon, compets: []string{"msme-development", "industrial-extension"}},
			{slug: "pengawas-perdagangan", title: "Pengawas Perdagangan", units: "B4", weight: 1, ladder: ladderAhliJunior, field: fieldEcon, compets: []string{"consumer-protection"}},
			{slug: "penera", title: "Penera", units: "U1", weight: 2, ladder: ladderTerampil, field: fieldEng, compets: []string{"legal-metrology", "instrument-calibration"}},
		},
	},
	{
		code: "DLH", name: "Dinas Lingkungan Hidup", kind: planningv1.AgencyKind_AGENCY_KIND_DINAS,
		head: "Kepala Dinas Lingkungan Hidup", class: 15, size: 600, exec: 0.85, field: fieldEnv, compet: "environmental-management",
		units: []unitSpec{
			{"SEKRE", "", "environment-administration"},
			{"B1", "Bidang Tata Lingkungan", "environmental-impact-assessment"},
			{"B2", "Bidang Pengendalian Pencemaran dan Kerusakan Lingkungan", "pollution-control"},
			{"B3", "Bidang Pengelolaan Sampah dan Limbah Bahan Berbahaya dan Beracun", "solid-waste-management"},
			{"U1", "UPT Laboratorium Lingkungan", "environmental-laboratory"},
		},
		fns: []fnSpec{
			{slug: "pengendali-dampak", title: "Pengendali Dampak Lingkungan", units: "B1 B2", weight: 2, field: fieldEnv, compets: []string{"environmental-impact-assessment"}},
			{slug: "pengawas-lh", title: "Pengawas Lingkungan Hidup", units: "B2", weight: 1, ladder: ladderAhliJunior, field: fieldEnv, compets: []string{"environmental-compliance-inspection"}},
			{slug: "pranata-lab", title: "Pranata Laboratorium Kesehatan", units: "U1", weight: 1, ladder: ladderTerampil, field: fieldLab, compets: []string{"environmental-laboratory"}},
		},
	},
	{
		code: "DISDUKCAPIL", name: "Dinas Kependudukan dan Pencatatan Sipil", kind: planningv1.AgencyKind_AGENCY_KIND_DINAS,
		head: "Kepala Dinas Kependudukan dan Pencatatan Sipil", class: 15, size: 260, exec: 0.8, field: fieldAdmin, compet: "population-administration",
		units: []unitSpec{
			{"SEKRE", "", "civil-registry-administration"},
			{"B1", "Bidang Pelayanan Pendaftaran Penduduk", "population-registration"},
			{"B2", "Bidang Pelayanan Pencatatan Sipil", "civil-registration"},
			{"B3", "Bidang Pengelolaan Informasi Administrasi Kependudukan", "population-database-management"},
			{"B4", "Bidang Pemanfaatan Data dan Inovasi Pelayanan", "data-sharing-agreements"},
		},
		fns: []fnSpec{
			{slug: "adminduk", title: "Administrator Database Kependudukan", units: "B3", weight: 2, ladder: ladderAhliJunior, field: fieldIT, compets: []string{"population-database-management", "data-protection"}},
			{slug: "pranata-komputer", title: "Pranata Komputer", units: "B3 B4", weight: 2, ladder: ladderAhliJunior, field: fieldIT, compets: []string{"network-administration"}},
		},
	},
	{
		code: "DISHUB", name: "Dinas Perhubungan", kind: planningv1.AgencyKind_AGENCY_KIND_DINAS,
		head: "Kepala Dinas Perhubungan", class: 15, size: 500, exec: 0.85, field: fieldEng, compet: "urban-transport-management",
		units: []unitSpec{
			{"SEKRE", "", "transport-administration"},
			{"B1", "Bidang Lalu Lintas", "traffic-engineering"},
			{"B2", "Bidang Angkutan", "public-transport-regulation"},
			{"B3", "Bidang Sarana dan Prasarana", "transport-infrastructure"},
			{"U1", "UPT Pengujian Kendaraan Bermotor", "vehicle-roadworthiness-testing"},
		},
		fns: []fnSpec{
			{slug: "penguji-kendaraan", title: "Penguji Kendaraan Bermotor", units: "U1", weight: 2, ladder: ladderTerampil, field: fieldEng, female: 0.1, compets: []string{"vehicle-roadworthiness-testing"}},
			{slug: "analis-lalu-lintas", title: "Analis Lalu Lintas", units: "B1", weight: 1, ladder: ladderAhliJunior, field: fieldEng, compets: []string{"traffic-engineering"}},
		},
	},
	{
		code: "DISKOMINFO", name: "Dinas Komunikasi dan Informatika", kind: planningv1.AgencyKind_AGENCY_KIND_DINAS,
		head: "Kepala Dinas Komunikasi dan Informatika", class: 15, size: 140, exec: 0.45, field: fieldIT, compet: "e-government",
		units: []unitSpec{
			{"SEKRE", "", "ict-administration"},
			{"B1", "Bidang Informasi dan Komunikasi Publik", "public-communication"},
			{"B2", "Bidang Aplikasi Informatika", "software-development"},
			{"B3", "Bidang Infrastruktur Teknologi Informasi dan Komunikasi", "network-administration"},
			{"B4", "Bidang Statistik dan Persandian", "information-security"},
		},
		fns: []fnSpec{
			{slug: "pranata-komputer", title: "Pranata Komputer", units: "B2 B3", weight: 4, field: fieldIT, female: 0.35, compets: []string{"software-development", "network-administration"}},
			{slug: "pranata-humas", title: "Pranata Hubungan Masyarakat", units: "B1", weight: 2, ladder: ladderAhliJunior, field: fieldAdmin, compets: []string{"public-communication", "social-media-management"}},
			{slug: "statistisi", title: "Statistisi", units: "B4", weight: 1, ladder: ladderAhliJunior, field: fieldStat, compets: []string{"sectoral-statistics", "data-analysis"}},
			{slug: "sandiman", title: "Sandiman", units: "B4", weight: 1, ladder: ladderAhliJunior, field: fieldIT, compets: []string{"information-security", "cryptography"}},
		},
	},
}

// kecamatan are the 21 districts of Medan with their illustrative headcounts.
var kecamatan = []struct {
	name string
	size int
}{
	{"Medan Amplas", 165}, {"Medan Area", 190}, {"Medan Barat", 175}, {"Medan Baru", 150},
	{"Medan Belawan", 210}, {"Medan Deli", 200}, {"Medan Denai", 195}, {"Medan Helvetia", 185},
	{"Medan Johor", 180}, {"Medan Kota", 170}, {"Medan Labuhan", 205}, {"Medan Maimun", 120},
	{"Medan Marelan", 190}, {"Medan Perjuangan", 165}, {"Medan Petisah", 155}, {"Medan Polonia", 115},
	{"Medan Selayang", 160}, {"Medan Sunggal", 200}, {"Medan Tembung", 185}, {"Medan Timur", 175},
	{"Medan Tuntungan", 150},
}

// kecamatanUnits are the units of every kecamatan; "%s" is the district's name.
var kecamatanUnits = []unitSpec{
	{"SEKRE", "", "district-administration"},
	{"S1", "Seksi Pemerintahan", "local-governance"},
	{"S2", "Seksi Ketenteraman dan Ketertiban Umum", "public-order"},
	{"S3", "Seksi Pemberdayaan Masyarakat dan Kesejahteraan Sosial", "community-empowerment"},
	{"K1", "Kelurahan Wilayah I Kecamatan %s", "village-level-public-services"},
	{"K2", "Kelurahan Wilayah II Kecamatan %s", "village-level-public-services"},
}

// kecamatanFns are the functional posts of every kecamatan.
var kecamatanFns = []fnSpec{
	{slug: "analis-kebijakan", title: "Analis Kebijakan", units: "SEKRE", weight: 1, ladder: ladderAhliJunior, field: fieldGov, compets: []string{"local-governance", "policy-analysis"}},
	{slug: "pranata-komputer", title: "Pranata Komputer", units: "SEKRE", weight: 1, ladder: ladderAhliJunior, field: fieldIT, compets: []string{"public-service-information-systems"}},
}

// execSpec is an executor post (jabatan pelaksana), offered in every unit of a kind.
type execSpec struct {
	slug   string
	title  string
	class  int32
	weight float64
	compet string
}

// Executor posts in a secretariat and in the other units.
var (
	secretariatExec = []execSpec{
		{"pengadm-perkantoran", "Pengadministrasi Perkantoran", 5, 4, "office-administration"},
		{"pengolah-data", "Pengolah Data dan Informasi", 6, 3, "data-processing"},
		{"penata-layanan", "Penata Layanan Operasional", 7, 3, "operational-service-coordination"},
	}
	unitExec = []execSpec{
		{"operator-layanan", "Operator Layanan Operasional", 5, 3, "front-line-service-operations"},
		{"pengelola-layanan", "Pengelola Layanan Operasional", 7, 3, "operational-service-management"},
	}
)
