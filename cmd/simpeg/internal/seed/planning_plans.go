package seed

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"strings"
	"time"

	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
)

// The demo's staffing work plans (rencana kerja kepegawaian, issue 12 §2): one per top-level
// agency for the year and one for the city, each with the seed's four goals — competence,
// collaboration, transparent evaluation, technology — measurable targets the planning service
// measures from the other services (JP share, attendance rate, approved SKPs, feedback, ICT
// programme participants, internships, positions filled), actions owned by the agency's head
// and unit heads, and budget lines in rupiah. Every plan is marked illustrative. City HR
// approves them all but two: PlanDraftAgency's stays a draft and PlanSubmittedAgency's waits for
// approval, for the approval screen.

// The agencies whose plans the demo leaves unapproved.
const (
	// PlanDraftAgency's plan is left a draft.
	PlanDraftAgency = "DISHUB"
	// PlanSubmittedAgency's plan is submitted, waiting for city HR.
	PlanSubmittedAgency = "DLH"
	// OverdueAction is the action the demo leaves undone past its due date in every approved
	// plan; the others already due are marked done.
	OverdueAction = "data-simpeg"
)

// The goals' keys.
const (
	goalCompetence    = "kompetensi"
	goalCollaboration = "kolaborasi"
	goalEvaluation    = "evaluasi"
	goalTechnology    = "teknologi"
)

// demoGoals are every plan's goals.
var demoGoals = []*planningv1.Goal{
	{Key: goalCompetence, Title: "Kompetensi", Description: "Setiap ASN memperoleh paling sedikit 20 JP pengembangan kompetensi setahun dan jabatan terisi sesuai analisis beban kerja."},
	{Key: goalCollaboration, Title: "Kolaborasi", Description: "Disiplin kehadiran, kerja sama antarunit dan dengan perguruan tinggi mitra."},
	{Key: goalEvaluation, Title: "Evaluasi yang transparan", Description: "SKP disusun dan disetujui tepat waktu, umpan balik diberikan setiap periode."},
	{Key: goalTechnology, Title: "Teknologi", Description: "Kompetensi TIK pegawai dan layanan kepegawaian digital dengan data yang akurat."},
}

// demoICTProgrammes are the training demo's ICT programmes a technology target counts.
var demoICTProgrammes = []string{"programmes/" + progNetwork, "programmes/" + progCyber, "programmes/" + progData, "programmes/" + progWeb, "programmes/" + progSPBE}

// targetDay returns the date month/day of year, or, when that day is already past on today, a
// date two weeks ahead (the year's last day at the latest): a demo loaded late in the year
// still gets targets and actions ahead of it.
func targetDay(year int, month time.Month, day int, today time.Time) string {
	d := time.Date(year, month, day, 0, 0, 0, 0, wib)
	if start := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, wib); d.Before(start) && year == today.Year() {
		d = start.AddDate(0, 0, 14)
		if last := time.Date(year, time.December, 31, 0, 0, 0, 0, wib); d.After(last) {
			d = last
		}
	}
	return d.Format(time.DateOnly)
}

// planOwners are the employees of one agency who own its plan's actions: the head first, then
// the unit heads in the data set's order.
type planOwners []string

// agencyOwners returns each top-level agency's plan owners.
func agencyOwners(d *Dataset) map[string]planOwners {
	out := map[string]planOwners{}
	for _, e := range d.Employees {
		pos := e.GetPosition()
		if strings.HasSuffix(pos, "-kepala") {
			out[e.GetAgency()] = append(out[e.GetAgency()], e.GetNip())
		}
	}
	return out
}

// owner returns the i-th owner, wrapping around; "" when there is none.
func (o planOwners) owner(i int) string {
	if len(o) == 0 {
		return ""
	}
	return o[i%len(o)]
}

// planRand is the random source of one agency's plan (amounts and goal values).
func planRand(seed int64, agency string) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte("plan/" + agency))
	return rand.New(rand.NewPCG(uint64(seed)^0x524b4b, h.Sum64())) // "RKK"
}

// DemoWorkPlan returns the demo's work plan of agency (its code; "" for the city) for year, as
// of today: its goals, targets, actions (owned by owners: the head first) and budget lines.
// headcount sizes the budget and the ICT target.
func DemoWorkPlan(seed int64, agency, displayName string, year int, today time.Time, owners planOwners, headcount int) *planningv1.WorkPlan {
	r := planRand(seed, agency)
	day := func(m time.Month, d int) string { return targetDay(year, m, d, today) }
	name := displayName
	if agency == "" {
		name = "Pemerintah Kota Medan"
	}
	p := &planningv1.WorkPlan{
		Agency:       agency,
		Year:         int32(year),
		Title:        fmt.Sprintf("Rencana Kerja Kepegawaian %s Tahun %d (ilustrasi)", name, year),
		Illustrative: true,
		Goals:        demoGoals,
	}
	ict := max(3, headcount/25)
	p.Targets = []*planningv1.Target{
		{Key: "jp-20", Goal: goalCompetence, Title: "Pegawai dengan sedikitnya 20 JP", Kind: planningv1.TargetKind_TARGET_KIND_JP_SHARE, GoalValue: 80, DueDate: day(time.December, 31)},
		{Key: "kehadiran", Goal: goalCollaboration, Title: "Tingkat kehadiran", Kind: planningv1.TargetKind_TARGET_KIND_ATTENDANCE_RATE, GoalValue: 95, DueDate: day(time.December, 31)},
		{Key: "skp-disetujui", Goal: goalEvaluation, Title: "SKP disetujui tepat waktu", Kind: planningv1.TargetKind_TARGET_KIND_SKP_APPROVED_SHARE, GoalValue: 100, DueDate: day(time.January, 31)},
		{Key: "umpan-balik", Goal: goalEvaluation, Title: "Pegawai menerima umpan balik triwulan ini", Kind: planningv1.TargetKind_TARGET_KIND_FEEDBACK_SHARE, GoalValue: 75, DueDate: day(time.December, 31)},
		{Key: "peserta-tik", Goal: goalTechnology, Title: "Pegawai lulus pelatihan TIK", Kind: planningv1.TargetKind_TARGET_KIND_PROGRAMME_PARTICIPANTS,
			GoalValue: float64(ict), DueDate: day(time.December, 31), Programmes: demoICTProgrammes},
	}
	if agency == "" {
		p.Targets = append(p.Targets, &planningv1.Target{Key: "magang", Goal: goalCollaboration, Title: "Magang dengan perguruan tinggi mitra selesai",
			Kind: planningv1.TargetKind_TARGET_KIND_INTERNSHIPS_COMPLETED, GoalValue: 5, DueDate: day(time.December, 31)})
	} else {
		p.Targets = append(p.Targets, &planningv1.Target{Key: "keterisian", Goal: goalCompetence, Title: "Semua jabatan terisi sesuai kebutuhan ABK",
			Kind: planningv1.TargetKind_TARGET_KIND_FILL_RATE, GoalValue: 100, DueDate: day(time.December, 31)})
	}

	// The head owns the decisions, the first unit head (the secretary) the administration, the
	// next ones the rest.
	head, secretary, other := owners.owner(0), owners.owner(1), owners.owner(2)
	if secretary == "" {
		secretary = head
	}
	if other == "" {
		other = secretary
	}
	// The actions keep their dates through the year: LoadPlanning marks those already due done
	// once the plan is approved, all but OverdueAction, left overdue for the demo.
	at := func(m time.Month, d int) string { return time.Date(year, m, d, 0, 0, 0, 0, wib).Format(time.DateOnly) }
	p.Actions = []*planningv1.Action{
		{Key: "skp-ditetapkan", Goal: goalEvaluation, Title: "Menetapkan SKP seluruh pegawai untuk tahun berjalan", Owner: head, DueDate: at(time.January, 31)},
		{Key: "analisis-beban-kerja", Goal: goalCompetence, Title: "Menyelesaikan analisis jabatan dan beban kerja seluruh jabatan", Owner: secretary, DueDate: at(time.March, 31)},
		{Key: "analisis-kebutuhan-diklat", Goal: goalCompetence, Title: "Menyusun analisis kebutuhan pelatihan dari kesenjangan kompetensi dan kinerja", Owner: secretary, DueDate: at(time.April, 30)},
		{Key: OverdueAction, Goal: goalTechnology, Title: "Memutakhirkan data pendidikan dan jabatan pegawai di SIMPEG", Owner: other, DueDate: at(time.June, 30)},
		{Key: "rapat-disiplin", Goal: goalCollaboration, Title: "Rapat koordinasi disiplin dan kehadiran setiap triwulan", Owner: head, DueDate: at(time.September, 30)},
		{Key: "diklat-20-jp", Goal: goalCompetence, Title: "Mendaftarkan pegawai yang belum 20 JP ke pelatihan klasikal dan e-learning", Owner: secretary, DueDate: at(time.October, 31)},
		{Key: "laporan-tahunan", Goal: goalEvaluation, Title: "Menyusun laporan capaian rencana kerja kepegawaian", Owner: head, DueDate: at(time.December, 31)},
	}

	// Budget lines: training from the headcount, the rest by the agency's size.
	million := func(lo, hi int) int64 { return int64(lo+r.IntN(hi-lo+1)) * 1_000_000 }
	training := int64(max(headcount, 10)) * int64(1+r.IntN(2)) * 750_000
	training = (training + 999_999) / 1_000_000 * 1_000_000
	p.BudgetLines = []*planningv1.BudgetLine{
		{Key: "diklat", Goal: goalCompetence, Description: "Pelatihan teknis, e-learning dan sertifikasi pegawai", Amount: training, Source: "APBD"},
		{Key: "kerja-sama", Goal: goalCollaboration, Description: "Rapat koordinasi dan kerja sama magang dengan perguruan tinggi mitra", Amount: million(15, 60), Source: "APBD"},
		{Key: "sosialisasi-skp", Goal: goalEvaluation, Description: "Sosialisasi dan pendampingan penyusunan SKP", Amount: million(10, 40), Source: "APBD"},
		{Key: "perangkat-tik", Goal: goalTechnology, Description: "Pemeliharaan perangkat dan aplikasi layanan kepegawaian", Amount: million(25, 120), Source: "APBD"},
	}
	if agency == "" {
		for _, b := range p.BudgetLines {
			b.Amount *= 10
		}
	}
	return p
}
