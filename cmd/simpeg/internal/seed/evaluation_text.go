package seed

// The evaluation demo's texts: work results, indicators, feedback, dialogues, reasons. Invented
// and generic, in Indonesian as the city writes them; what reads as a statement about a person
// (feedback, replies, dialogues, reasons, comments) is labelled as demo data (describe).

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// target is one target of an indicator, in the REST API's JSON names.
type target struct {
	Aspect string `json:"aspect"`
	Value  string `json:"value"`
}

// indicator is one indicator of a work result.
type indicator struct {
	ID      string   `json:"id,omitempty"`
	Text    string   `json:"text"`
	Targets []target `json:"targets"`
}

// workResult is one work result of an SKP.
type workResult struct {
	ID            string      `json:"id,omitempty"`
	Text          string      `json:"text"`
	ParentResult  string      `json:"parentResult,omitempty"`
	PlanReference string      `json:"planReference,omitempty"`
	Indicators    []indicator `json:"indicators"`
}

// headResults are the results an agency head takes from the agency's plan (%s: the agency).
var headResults = []string{
	"Meningkatnya kualitas layanan publik %s",
	"Meningkatnya akuntabilitas kinerja %s",
	"Terwujudnya pengelolaan anggaran %s yang tertib dan tepat waktu",
	"Meningkatnya kepuasan masyarakat terhadap layanan %s",
}

// managerResults are the results of someone others report to (%s: their unit or agency).
var managerResults = []string{
	"Tersusunnya rencana kerja dan anggaran %s yang selaras dengan sasaran atasan",
	"Terlaksananya kegiatan %s sesuai jadwal dan anggaran",
	"Meningkatnya capaian indikator kinerja %s",
	"Terselenggaranya pembinaan dan pengendalian pegawai %s",
}

// staffResults are the results of staff (%s: their unit or agency).
var staffResults = []string{
	"Tersusunnya laporan kegiatan %s secara berkala",
	"Terlaksananya pelayanan administrasi %s yang tepat waktu",
	"Terkelolanya data dan arsip %s secara tertib",
	"Terselesaikannya tindak lanjut disposisi pimpinan %s",
	"Terinputnya data layanan %s ke aplikasi secara akurat",
	"Tersedianya bahan rapat dan notulen kegiatan %s",
}

// functionalResult is a functional-position holder's first result (%s: the position).
const functionalResult = "Terselesaikannya butir kegiatan %s sesuai standar jabatan fungsional"

// indicatorPool are the indicators results are measured by.
var indicatorPool = []indicator{
	{Text: "Jumlah laporan yang diselesaikan", Targets: []target{{"TARGET_ASPECT_QUANTITY", "12 laporan"}, {"TARGET_ASPECT_TIME", "12 bulan"}}},
	{Text: "Persentase kegiatan yang terlaksana tepat waktu", Targets: []target{{"TARGET_ASPECT_QUANTITY", "100 %"}, {"TARGET_ASPECT_TIME", "12 bulan"}}},
	{Text: "Tingkat akurasi data yang dikelola", Targets: []target{{"TARGET_ASPECT_QUALITY", "tanpa kesalahan input"}}},
	{Text: "Jumlah layanan yang diselesaikan", Targets: []target{{"TARGET_ASPECT_QUANTITY", "240 layanan"}, {"TARGET_ASPECT_QUALITY", "sesuai SOP"}}},
	{Text: "Nilai survei kepuasan pengguna layanan", Targets: []target{{"TARGET_ASPECT_QUALITY", "minimal 3,5 dari 4"}}},
	{Text: "Realisasi anggaran kegiatan", Targets: []target{{"TARGET_ASPECT_QUANTITY", "95 %"}, {"TARGET_ASPECT_COST", "Rp 150.000.000"}}},
}

// qualityTarget is the target a returned SKP gains before it is proposed again.
var qualityTarget = target{"TARGET_ASPECT_QUALITY", "diterima pimpinan tanpa revisi"}

// behaviourExpectations are the appraiser's specific expectations of the seven BerAKHLAK
// behaviours, in the service's order.
var behaviourExpectations = []struct {
	Behaviour   string `json:"behaviour"`
	Expectation string `json:"expectation"`
}{
	{"BEHAVIOUR_BERORIENTASI_PELAYANAN", "Melayani pengguna layanan dengan ramah, cepat dan tuntas"},
	{"BEHAVIOUR_AKUNTABEL", "Menyelesaikan tugas dengan jujur, tertib dan tepat waktu"},
	{"BEHAVIOUR_KOMPETEN", "Terus belajar dan berbagi pengetahuan dengan rekan kerja"},
	{"BEHAVIOUR_HARMONIS", "Menghargai rekan kerja dan menjaga suasana kerja yang kondusif"},
	{"BEHAVIOUR_LOYAL", "Menjaga nama baik instansi dan rahasia jabatan"},
	{"BEHAVIOUR_ADAPTIF", "Cepat menyesuaikan diri dengan aplikasi dan cara kerja baru"},
	{"BEHAVIOUR_KOLABORATIF", "Aktif bekerja sama lintas bidang untuk hasil bersama"},
}

// skpResults writes p's n results: an agency head's from the agency's plan, anyone else's each
// cascaded from one of parents (the appraiser's result names, in order).
func skpResults(year int, p *evalPerson, head bool, unitName string, parents []string) []workResult {
	r := evalRand(year, p.NIP, "results")
	pool := staffResults
	switch {
	case head:
		pool = headResults
	case len(p.Reports) > 0:
		pool = managerResults
	}
	start := r.IntN(len(pool))
	out := make([]workResult, 0, p.Results)
	for i := range p.Results {
		w := workResult{Text: fmt.Sprintf(pool[(start+i)%len(pool)], unitName)}
		if i == 0 && p.Functional != "" && !head {
			w.Text = fmt.Sprintf(functionalResult, p.Position)
		}
		if head {
			w.PlanReference = describe(fmt.Sprintf("Perjanjian Kinerja %d %s, sasaran strategis %d", year, p.Agency, i+1))
		} else if len(parents) > 0 {
			w.ParentResult = parents[i%len(parents)]
		}
		k := r.IntN(len(indicatorPool))
		w.Indicators = []indicator{indicatorPool[k]}
		if r.IntN(3) == 0 {
			w.Indicators = append(w.Indicators, indicatorPool[(k+1)%len(indicatorPool)])
		}
		out = append(out, w)
	}
	return out
}

// realisationValue is what was achieved against an indicator in a period.
func realisationValue(r *rand.Rand, ind indicator, period string) string {
	v := ind.Targets[0].Value
	switch ind.Targets[0].Aspect {
	case "TARGET_ASPECT_QUANTITY":
		return choose(r, []string{"sesuai target %s, tepat waktu", "tercapai untuk %s, dengan bukti lengkap", "sebagian besar tercapai pada %s"}, period) + " (target tahunan " + v + ")"
	}
	return choose(r, []string{"tercapai pada %s: " + v, "dipenuhi selama %s", "terjaga selama %s, tanpa catatan"}, period)
}

// evidence is a realisation's supporting documents: a document reference and, now and then, a
// link.
func evidence(year int, p *evalPerson, result, period string, r *rand.Rand) []map[string]string {
	ev := []map[string]string{{"title": describe("Laporan " + strings.ToUpper(period)),
		"uri": fmt.Sprintf("dokumen:LAP/%s/%d/%s/%s-%s", p.Agency, year, strings.ToUpper(period), p.NIP[len(p.NIP)-6:], result)}}
	if r.IntN(3) == 0 {
		ev = append(ev, map[string]string{"title": describe("Dokumentasi kegiatan"),
			"uri": fmt.Sprintf("https://dokumen.medan.example/skp/%d/%s/%s/%s", year, p.NIP, period, result)})
	}
	return ev
}

// feedbackTexts are an appraiser's feedback: on a result (%s: its text), on a behaviour, or in
// general.
var (
	resultFeedback = []string{
		"Capaian \"%s\" sudah sesuai rencana; mohon lengkapi bukti dukungnya setiap akhir bulan.",
		"Untuk \"%s\", percepat penyelesaian agar tidak menumpuk di akhir triwulan.",
		"Hasil \"%s\" bagus; bagikan cara kerjanya kepada rekan satu bidang.",
	}
	behaviourFeedback = []string{
		"Koordinasi dengan bidang lain sudah membaik; pertahankan komunikasi yang terbuka.",
		"Perhatikan ketepatan waktu hadir pada rapat koordinasi.",
		"Sikap pelayanan kepada masyarakat mendapat apresiasi; terus pertahankan.",
	}
	generalFeedback = []string{
		"Secara umum kinerja sesuai harapan; jaga konsistensi hingga akhir tahun.",
		"Beban kerja triwulan ini tinggi dan dapat diselesaikan dengan baik.",
		"Mohon lebih proaktif melaporkan kendala sejak awal.",
	}
	replies = []string{
		"Terima kasih, Bapak/Ibu. Bukti dukung akan saya lengkapi minggu ini.",
		"Baik, akan saya tindak lanjuti dan laporkan perkembangannya.",
		"Terima kasih atas masukannya; kendala aplikasi sudah saya sampaikan ke bidang TIK.",
	}
	dialogueSummaries = []string{
		"Dialog kinerja triwulanan: capaian hasil kerja dibahas bersama, termasuk kendala dan dukungan yang dibutuhkan.",
		"Pembahasan rencana peningkatan kinerja dan kebutuhan pengembangan kompetensi.",
	}
	dialogueActions = [][]string{
		{"Menyusun jadwal penyelesaian laporan bulanan", "Mengikuti pelatihan aplikasi pengelolaan data"},
		{"Memperbarui SOP layanan bersama tim", "Melaporkan kemajuan setiap dua minggu"},
	}
)

// resultsReasons and behaviourReasons explain a rating, by expectation.
var (
	resultsReasons = map[string][]string{
		expAbove: {"Seluruh target hasil kerja tercapai melampaui ekspektasi, dengan bukti dukung lengkap.", "Capaian melebihi target dan berdampak nyata pada layanan unit."},
		expMeets: {"Target hasil kerja tercapai sesuai ekspektasi.", "Hasil kerja sesuai rencana dan tepat waktu."},
		expBelow: {"Sebagian target hasil kerja belum tercapai dan bukti dukung belum lengkap.", "Beberapa keluaran terlambat dari jadwal yang disepakati."},
	}
	behaviourReasons = map[string][]string{
		expAbove: {"Perilaku kerja BerAKHLAK menjadi teladan bagi rekan kerja.", "Sangat kolaboratif dan sigap membantu unit lain."},
		expMeets: {"Perilaku kerja sesuai ekspektasi BerAKHLAK.", "Bersikap baik dalam pelayanan dan kerja sama tim."},
		expBelow: {"Terdapat catatan disiplin dan kerja sama yang perlu diperbaiki.", "Beberapa kali tidak hadir tanpa keterangan dan kurang kooperatif."},
	}
)

// rating is a Rating in the REST API's JSON names.
func rating(r *rand.Rand, results, behaviour string) map[string]string {
	return map[string]string{"results": results, "resultsReason": describe(choose(r, resultsReasons[results])),
		"behaviour": behaviour, "behaviourReason": describe(choose(r, behaviourReasons[behaviour]))}
}

// choose returns one of texts, formatted with args when given.
func choose(r *rand.Rand, texts []string, args ...any) string {
	s := texts[r.IntN(len(texts))]
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// The texts of the objections, the return and the organisation predicates.
var (
	returnComment       = describe("Indikator hasil kerja belum terukur kualitasnya; mohon tambahkan target kualitas.")
	objectionReason     = describe("Saya keberatan: seluruh bukti capaian triwulan telah saya unggah dan target tercapai.")
	upheldReason        = describe("Setelah memeriksa bukti dukung, penilaian pejabat penilai sudah sesuai; keberatan ditolak.")
	changedReason       = describe("Bukti dukung menunjukkan capaian melampaui target; predikat diubah.")
	organisationNoteFor = func(org string) string {
		return describe("predikat kinerja organisasi " + orgWords[org] + " untuk demo")
	}
	orgWords              = map[string]string{orgIstimewa: "Istimewa", orgBaik: "Baik", orgButuhPerbaikan: "Butuh Perbaikan"}
	peerComments          = []string{"Selalu membantu rekan kerja.", "Komunikatif dan tepat waktu.", "Perlu lebih terbuka terhadap masukan."}
	peerScores            = []int{4, 4, 5, 3, 4, 4, 5}
	changedDecisionRating = [2]string{expAbove, expAbove}
)
