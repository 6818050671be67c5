package seed

// The training demo's plan, continued: partners and their agreements, external training, the
// internship cohort, development plans and competency assessments.

import (
	"fmt"
	"slices"
	"strings"
	"time"

	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
)

// demoPartners are the two university partners: the University's agreement runs two more
// years, the Polytechnic's ends within 90 days (the expiry HR sees ahead of time).
func demoPartners(today time.Time) []partnerSpec {
	return []partnerSpec{
		{ID: partnerUSU, Name: providerUSU, Kind: "PARTNER_KIND_UNIVERSITY", Address: "Jl. Dr. T. Mansur No. 9, Padang Bulan, Medan",
			Contact: contactSpec{Name: "Kantor Kerja Sama (contoh)", Email: "kerjasama@usu.example.org", Phone: "+62 61 0000 0001"},
			Agreements: []agreementSpec{{Number: "PKS/BKPSDM-USU/001", Title: "Magang dan Pengembangan Kompetensi ASN Bidang TIK",
				Scope: demoLabel + ": magang pegawai baru dan mahasiswa di perangkat daerah, pelatihan TIK oleh dosen, riset terapan layanan digital.",
				Start: today.AddDate(-1, -2, 0), End: today.AddDate(2, 0, 0),
				Contact: contactSpec{Name: "Koordinator Magang (contoh)", Email: "magang@usu.example.org", Phone: "+62 61 0000 0002"}}}},
		{ID: partnerPolmed, Name: partnerPolmedName, Kind: "PARTNER_KIND_POLYTECHNIC", Address: "Jl. Almamater No. 1, Padang Bulan, Medan",
			Contact: contactSpec{Name: "Unit Kerja Sama (contoh)", Email: "kerjasama@polmed.example.org", Phone: "+62 61 0000 0003"},
			Agreements: []agreementSpec{{Number: "PKS/BKPSDM-POLMED/001", Title: "Praktik Kerja Lapangan Mahasiswa Teknik Komputer",
				Scope: demoLabel + ": praktik kerja lapangan mahasiswa di bidang jaringan dan pusat data pemerintah kota.",
				Start: today.AddDate(-2, 0, 0), End: today.AddDate(0, 0, 60),
				Contact: contactSpec{Name: "Koordinator PKL (contoh)", Email: "pkl@polmed.example.org", Phone: "+62 61 0000 0004"}}}},
	}
}

// demoExternals are external training records: verified ones adding JP to a few employees (some
// of them past 20 with it), some awaiting HR, one rejected.
func demoExternals(p *people, today time.Time, held []sessionSpec) []externalSpec {
	// A date daysAgo before today, kept in this year (and not after today in its first days).
	jan := time.Date(today.Year(), time.January, 2, 0, 0, 0, 0, wib)
	at := func(daysAgo int) time.Time {
		d := today.AddDate(0, 0, -daysAgo)
		if d.Before(jan) {
			d = jan
		}
		if d.After(today) {
			d = today
		}
		return d
	}
	// Three who passed the 16-JP data class reach 20 with a verified workshop; three others
	// bring e-learning from a national platform.
	var passedData []*planningv1.Employee
	for _, s := range held {
		for _, e := range s.Enrolments {
			if s.Programme == progData && e.Outcome == outcomePassed && len(passedData) < 3 {
				passedData = append(passedData, p.byNIP[e.NIP])
				p.extra[e.NIP] = true
			}
		}
	}
	others := p.take(p.extra, 7, "BPKAD", "DINKES", "DISDUKCAPIL")
	var out []externalSpec
	for i, e := range passedData {
		out = append(out, externalSpec{NIP: e.GetNip(), Agency: e.GetAgency(), Title: "Workshop Visualisasi Data untuk Perencanaan",
			Provider: "Asosiasi Perencana Daerah (contoh)", Form: "PROGRAMME_FORM_SEMINAR_WORKSHOP", Minutes: 360,
			Start: at(40 + 10*i), End: at(40 + 10*i), Evidence: fmt.Sprintf("documents/contoh-sertifikat-workshop-%02d", i+1), Decision: "verify"})
	}
	titles := []struct {
		title, provider, form string
		minutes, jp           int
		decision, reason      string
	}{
		{"Literasi Digital Sektor Pemerintahan", "Platform pembelajaran nasional (contoh)", "PROGRAMME_FORM_E_LEARNING", 450, 0, "verify", ""},
		{"Manajemen Risiko Sektor Publik", "Platform pembelajaran nasional (contoh)", "PROGRAMME_FORM_E_LEARNING", 540, 0, "verify", ""},
		{"Kepemimpinan Pelayanan Kesehatan", "Asosiasi profesi (contoh)", "PROGRAMME_FORM_SEMINAR_WORKSHOP", 720, 0, "verify", ""},
		{"Pengelolaan Arsip Elektronik", "Lembaga pelatihan swasta (contoh)", "PROGRAMME_FORM_CLASSROOM", 900, 0, "", ""},
		{"Bimbingan Teknis Penyusunan Anggaran", "Lembaga pelatihan swasta (contoh)", "PROGRAMME_FORM_CLASSROOM", 1080, 0, "", ""},
		{"Mentoring Penulisan Kebijakan", "Perguruan tinggi (contoh)", "PROGRAMME_FORM_MENTORING", 0, 6, "", ""},
		{"Webinar Layanan Kependudukan Digital", "Penyelenggara webinar (contoh)", "PROGRAMME_FORM_SEMINAR_WORKSHOP", 180, 0, "reject",
			"Bukti tidak terbaca; unggah ulang sertifikat yang memuat nama dan jumlah jam."},
	}
	for i, e := range others {
		t := titles[i%len(titles)]
		out = append(out, externalSpec{NIP: e.GetNip(), Agency: e.GetAgency(), Title: t.title, Provider: t.provider, Form: t.form,
			Minutes: t.minutes, JP: t.jp, Start: at(90 + 20*i + 2), End: at(90 + 20*i),
			Evidence: fmt.Sprintf("https://sertifikat.example.org/contoh/%02d", i+1), Decision: t.decision, Reason: t.reason})
	}
	return out
}

// demoCohort is the internship cohort under the University's agreement: ten weeks in, three to
// go, with seats for Diskominfo, BKPSDM and Bappeda; CPNS of those agencies and students of both
// partners placed with mentors, the last three working days of each logbook written and partly
// reviewed, and one CPNS whose placement ended yesterday (a placement may end before its
// cohort) assessed — passed, which credits the programme's JP.
func demoCohort(p *people, today time.Time) cohortSpec {
	start, end := today.AddDate(0, 0, -70), today.AddDate(0, 0, 20)
	c := cohortSpec{Name: fmt.Sprintf("Magang TIK %d Gelombang 1", start.Year()), Partner: partnerUSU,
		Agreement: "PKS/BKPSDM-USU/001", Start: start, End: end,
		Quotas: map[string]int{"DISKOMINFO": 4, "BKPSDM": 4, "BAPPEDA": 3}}
	students := map[string][]placementSpec{
		"DISKOMINFO": {
			{Student: "Rizky Ananda Lubis", StudentNumber: "211402045", StudyProgramme: "Teknologi Informasi", Institution: providerUSU},
			{Student: "Putri Maharani Siregar", StudentNumber: "2205181012", StudyProgramme: "Teknik Komputer", Institution: partnerPolmedName},
		},
		"BKPSDM":  {{Student: "Nurul Aini Nasution", StudentNumber: "211401088", StudyProgramme: "Ilmu Komputer", Institution: providerUSU}},
		"BAPPEDA": {{Student: "Dimas Prasetyo Sembiring", StudentNumber: "2205182027", StudyProgramme: "Manajemen Informatika", Institution: partnerPolmedName}},
	}
	logbook := lastWeekdays(today, start, 3)
	assessed := false
	for _, agency := range []string{"DISKOMINFO", "BKPSDM", "BAPPEDA"} {
		mentor := agencyUnitHead(p, agency, 1)
		if mentor == "" {
			continue
		}
		var cpns []*planningv1.Employee
		for _, e := range p.staff[agency] {
			if isCPNS(e) && !p.skip[e.GetNip()] && len(cpns) < 2 {
				cpns = append(cpns, e)
			}
		}
		for _, e := range cpns {
			m := e.GetSupervisor()
			if sup := p.byNIP[m]; sup == nil || sup.GetAgency() != agency {
				m = mentor
			}
			x := placementSpec{NIP: e.GetNip(), Agency: agency, Unit: p.unitOf(e), Mentor: m, Logbook: logbook, Reviewed: min(2, len(logbook))}
			if !assessed && agency == "BKPSDM" {
				x.End, x.Assess, x.Reviewed, assessed = today.AddDate(0, 0, -1), 86, len(logbook), true
			}
			c.Placements = append(c.Placements, x)
		}
		for _, s := range students[agency] {
			s.Agency, s.Mentor, s.Unit = agency, mentor, p.byNIP[mentor].GetUnit()
			s.Logbook, s.Reviewed = logbook, min(1, len(logbook))
			c.Placements = append(c.Placements, s)
		}
	}
	return c
}

// agencyUnitHead returns the NIP of the head of agency's i-th unit (the first when it has fewer), or
// "" when the agency has no unit head in the data set.
func agencyUnitHead(p *people, agency string, i int) string {
	var heads []string
	for _, e := range p.staff[agency] {
		if e.GetUnit() != "" && strings.HasSuffix(e.GetPosition(), "-kepala") {
			heads = append(heads, e.GetNip())
		}
	}
	switch {
	case len(heads) == 0:
		return ""
	case i < len(heads):
		return heads[i]
	}
	return heads[0]
}

// demoPlans are the development plans of Diskominfo and BKPSDM for year: the ICT programmes and
// the ones BKPSDM runs for the city, seats and (with the loader) their budget at the programme's
// cost per seat.
func demoPlans(year int) []planSpec {
	return []planSpec{
		{Agency: "DISKOMINFO", Year: year, Note: demoLabel + ": rencana pengembangan kompetensi TIK pegawai Diskominfo.",
			Lines: []planLineSpec{
				{Programme: progNetwork, Competency: "technical:network-administration", Seats: 20, Note: "Pranata komputer dan pengelola jaringan"},
				{Programme: progCyber, Competency: "technical:information-security", Seats: 15, Note: "Tim tanggap insiden siber"},
				{Programme: progWeb, Competency: "technical:software-development", Seats: 10, Note: "Pengembang aplikasi layanan"},
				{Programme: progSPBE, Competency: "technical:e-government", Seats: 10},
			}},
		{Agency: "BKPSDM", Year: year, Note: demoLabel + ": rencana pengembangan kompetensi pegawai BKPSDM.",
			Lines: []planLineSpec{
				{Programme: progSPBE, Competency: "technical:e-government", Seats: 10},
				{Programme: progSeminar, Competency: "technical:e-government", Seats: 30},
				{Programme: progELearning, Competency: "socio-cultural:public-service-ethics", Seats: 20},
				{Programme: progCoaching, Competency: "technical:civil-service-management", Seats: 8, Note: "Pengelola data kepegawaian"},
			}},
	}
}

// demoAssessments are assessed competency levels of Diskominfo staff: a competency test of the
// network unit (levels 1 to 3 against the standard) and two self-assessments of the security
// unit, the first verified by HR.
func demoAssessments(p *people, today time.Time) []assessmentSpec {
	inUnit := func(unit string, n int) []*planningv1.Employee {
		var out []*planningv1.Employee
		for _, e := range p.staff["DISKOMINFO"] {
			if e.GetUnit() == unit && !p.skip[e.GetNip()] && !strings.HasSuffix(e.GetPosition(), "-kepala") && len(out) < n {
				out = append(out, e)
			}
		}
		return out
	}
	var out []assessmentSpec
	for i, e := range inUnit("DISKOMINFO-B3", 5) {
		out = append(out, assessmentSpec{NIP: e.GetNip(), Agency: e.GetAgency(), Competency: "technical:network-administration",
			Level: 1 + i%3, Date: today.AddDate(0, 0, -45), Source: "ASSESSMENT_SOURCE_ASSESSMENT", Note: "Uji kompetensi teknis jaringan (contoh)"})
	}
	for i, e := range inUnit("DISKOMINFO-B4", 2) {
		out = append(out, assessmentSpec{NIP: e.GetNip(), Agency: e.GetAgency(), Competency: "technical:information-security",
			Level: 2, Date: today.AddDate(0, 0, -20), Source: "ASSESSMENT_SOURCE_SELF_ASSESSMENT", Note: "Penilaian mandiri (contoh)", Verify: i == 0})
	}
	return out
}

// heldWeeks is how many weeks before today's week the held classes are spread over.
const heldWeeks = 43

// heldDates returns the days of the i-th held class: i weeks (modulo heldWeeks) before the week
// before today's, from its Monday, Tuesday or Wednesday, one to three days, 08.00 to 16.00 WIB.
// It ends before today's week, so before now.
func heldDates(today time.Time, i int) (start, end time.Time) {
	week, first, days := 1+i%heldWeeks, i%3, 1+(i/3)%3
	start = weekday(today, -week, first, 8)
	return start, weekday(today, -week, first+days-1, 16)
}

// massClass is one of the city's held classes a share of an agency's staff took.
type massClass struct {
	programme, place string
	capacity         int
	trainers         []string
	people           []*planningv1.Employee
}

// massShare is the percentage of each agency's staff in the city's held classes (massHeld):
// with most of them in the 30-JP security class and mostly passed, some 15 % of the city
// reaches 20 JP.
const massShare = 22

// massHeld are the city's held classes of information security (four in five, 30 JP) and data
// analysis (16 JP) that massShare % of each agency's staff took, in classes of up to 40 per
// agency, agencies in code order; not in used, marked used.
func massHeld(p *people, used map[string]bool) []massClass {
	agencies := make([]string, 0, len(p.staff))
	for a := range p.staff {
		agencies = append(agencies, a)
	}
	slices.Sort(agencies)
	var out []massClass
	for _, a := range agencies {
		es := p.take(used, len(p.staff[a])*massShare/100, a)
		for k := 0; len(es) > 0; k++ {
			n := min(40, len(es))
			c := massClass{programme: progCyber, place: fmt.Sprintf("Ruang Diklat BKPSDM Kota Medan, Kelas %s %d", a, k+1), capacity: 40,
				trainers: []string{"Tim Balai Pelatihan TIK (contoh)"}, people: es[:n]}
			if len(out)%5 == 4 {
				c.programme, c.place = progData, fmt.Sprintf("Aula Bappeda Kota Medan, Kelas %s %d", a, k+1)
				c.trainers = []string{"Fadli Nasution, S.Si., M.Stat. (contoh)"}
			}
			out = append(out, c)
			es = es[n:]
		}
	}
	return out
}
