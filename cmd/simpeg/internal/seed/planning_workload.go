package seed

import (
	"hash/fnv"
	"math"
	"math/rand/v2"
	"strings"

	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
)

// The demo's workload analysis (analisis beban kerja, ABK) of issue 12: every seeded position
// gets two to six core tasks with an output unit, a yearly volume and a standard time per unit,
// sized so that the need they compute is the position's seeded needed headcount — which the
// generator drew within about 12 % of the position's holders, so the gaps run both ways. The
// tasks, volumes and times are illustrative, not a real job analysis.

// DemoEffectiveHours is the effective working hours a year the demo's workloads are sized for:
// the policy's default (DOMAIN.md, 1,250 hours). A deployment that sets another
// (SIMPEG_PLANNING_EFFECTIVE_HOURS) computes other needs from the same tasks.
const DemoEffectiveHours = 1250

// maxTaskVolume keeps a task's yearly volume well inside the API's bound (10,000,000).
const maxTaskVolume = 5_000_000

// taskSpec is a core task the demo may give a position, with its standard time's range.
type taskSpec struct {
	task, unit   string
	minLo, minHi int32 // standard minutes per unit of output
}

// The task catalogues by the kind of post.
var (
	headTasks = []taskSpec{
		{"Menyusun rencana strategis dan rencana kerja tahunan", "dokumen", 2400, 4800},
		{"Memimpin rapat koordinasi dan evaluasi kinerja", "kegiatan", 120, 240},
		{"Menetapkan kebijakan teknis dan menandatangani naskah dinas", "naskah", 15, 45},
		{"Membina dan menilai kinerja pejabat di bawahnya", "pegawai", 60, 180},
		{"Melaporkan capaian kinerja kepada kepala daerah", "laporan", 480, 960},
		{"Mewakili instansi dalam pertemuan dengan pemangku kepentingan", "kegiatan", 180, 360},
	}
	unitHeadTasks = []taskSpec{
		{"Menyusun rencana kerja unit", "dokumen", 480, 960},
		{"Membagi dan memeriksa pekerjaan staf", "berkas", 15, 45},
		{"Memverifikasi dan memaraf konsep naskah dinas", "naskah", 10, 30},
		{"Membina dan menilai kinerja staf", "pegawai", 60, 120},
		{"Menyusun laporan bulanan unit", "laporan", 240, 480},
		{"Mengoordinasikan kegiatan dengan unit lain", "kegiatan", 60, 180},
	}
	execTasks = map[string][]taskSpec{
		"pengadm-perkantoran": {
			{"Mengagendakan surat masuk dan keluar", "surat", 5, 10},
			{"Mengarsipkan dokumen dinas", "berkas", 5, 15},
			{"Menyiapkan bahan rapat", "paket", 30, 60},
			{"Mengetik konsep naskah dinas", "naskah", 20, 40},
		},
		"pengolah-data": {
			{"Menginput data ke aplikasi", "rekaman", 3, 8},
			{"Memutakhirkan basis data layanan", "berkas", 10, 20},
			{"Menyusun rekapitulasi data bulanan", "laporan", 120, 240},
			{"Memverifikasi kelengkapan data", "berkas", 5, 15},
		},
		"penata-layanan": {
			{"Mengatur jadwal layanan operasional", "jadwal", 60, 120},
			{"Menyusun laporan pelaksanaan layanan", "laporan", 180, 360},
			{"Memeriksa kelengkapan dokumen layanan", "berkas", 10, 20},
			{"Menangani pengaduan masyarakat", "pengaduan", 30, 60},
		},
		"operator-layanan": {
			{"Melayani permohonan masyarakat di loket", "permohonan", 10, 20},
			{"Menerima dan memeriksa berkas permohonan", "berkas", 5, 15},
			{"Memberikan informasi layanan", "orang", 5, 10},
			{"Mencatat registrasi layanan", "register", 3, 8},
		},
		"pengelola-layanan": {
			{"Memproses permohonan layanan", "permohonan", 20, 45},
			{"Memantau penyelesaian layanan", "laporan", 60, 120},
			{"Menyiapkan bahan tindak lanjut pengaduan", "dokumen", 45, 90},
			{"Menyusun laporan kinerja layanan", "laporan", 180, 360},
		},
	}
	teacherTasks = []taskSpec{
		{"Melaksanakan pembelajaran tatap muka", "jam pelajaran", 40, 45},
		{"Menyusun modul ajar", "modul", 240, 480},
		{"Menilai hasil belajar peserta didik", "peserta didik", 10, 20},
		{"Membimbing dan mengarahkan peserta didik", "kegiatan", 45, 90},
		{"Mengikuti pengembangan keprofesian berkelanjutan", "kegiatan", 240, 480},
	}
	careTasks = []taskSpec{
		{"Melakukan pengkajian dan asuhan pasien", "pasien", 30, 60},
		{"Melakukan tindakan sesuai standar profesi", "tindakan", 15, 30},
		{"Mendokumentasikan asuhan dalam rekam medis", "dokumen", 10, 20},
		{"Melakukan penyuluhan kesehatan", "kegiatan", 60, 120},
	}
	doctorTasks = []taskSpec{
		{"Memeriksa dan mengobati pasien", "pasien", 15, 30},
		{"Melakukan tindakan medis", "tindakan", 30, 90},
		{"Melakukan visite pasien rawat inap", "pasien", 10, 20},
		{"Membuat surat keterangan dan rujukan", "dokumen", 10, 20},
	}
	ictTasks = []taskSpec{
		{"Memelihara jaringan komputer kantor", "kegiatan", 120, 240},
		{"Mengembangkan dan memelihara aplikasi", "modul aplikasi", 960, 2400},
		{"Menangani gangguan perangkat pengguna", "tiket", 30, 60},
		{"Mencadangkan dan memulihkan data", "kegiatan", 30, 60},
	}
	securityTasks = []taskSpec{
		{"Melaksanakan piket dan penjagaan", "sif", 480, 480},
		{"Melaksanakan patroli wilayah", "kegiatan", 240, 480},
		{"Menindaklanjuti laporan kejadian", "kejadian", 120, 240},
		{"Menyusun laporan pelaksanaan tugas", "laporan", 60, 120},
	}
	expertTasks = []taskSpec{
		{"Menyusun kajian dan analisis", "kajian", 960, 2400},
		{"Menyusun rekomendasi teknis", "rekomendasi", 480, 960},
		{"Memantau dan mengevaluasi pelaksanaan program", "laporan", 480, 960},
		{"Memberikan bimbingan teknis", "kegiatan", 240, 480},
		{"Mengolah data dan informasi", "berkas", 30, 60},
		{"Menyusun laporan pelaksanaan tugas", "laporan", 120, 240},
	}
)

// tasksFor returns the catalogue the tasks of pos are drawn from.
func tasksFor(pos *planningv1.Position) []taskSpec {
	title := pos.GetTitle()
	switch pos.GetKind() {
	case planningv1.PositionKind_POSITION_KIND_STRUCTURAL:
		if pos.GetUnit() == "" {
			return headTasks
		}
		return unitHeadTasks
	case planningv1.PositionKind_POSITION_KIND_EXECUTOR:
		id := pos.GetId()
		for slug, ts := range execTasks {
			if strings.HasSuffix(id, "-"+slug) {
				return ts
			}
		}
		return execTasks["pengelola-layanan"]
	}
	switch {
	case strings.HasPrefix(title, "Guru ") || strings.HasPrefix(title, "Pamong Belajar") || strings.HasPrefix(title, "Instruktur"):
		return teacherTasks
	case strings.HasPrefix(title, "Dokter"):
		return doctorTasks
	case strings.HasPrefix(title, "Perawat") || strings.HasPrefix(title, "Bidan") || strings.HasPrefix(title, "Fisioterapis") ||
		strings.HasPrefix(title, "Radiografer") || strings.HasPrefix(title, "Nutrisionis") || strings.HasPrefix(title, "Psikolog"):
		return careTasks
	case strings.HasPrefix(title, "Pranata Komputer") || strings.HasPrefix(title, "Sandiman") || strings.HasPrefix(title, "Administrator Database"):
		return ictTasks
	case strings.HasPrefix(title, "Polisi Pamong Praja") || strings.HasPrefix(title, "Pemadam Kebakaran"):
		return securityTasks
	}
	return expertTasks
}

// positionRand returns the random source of one position's workload: from the data set's seed
// and the position's id, so a position's tasks do not depend on the others'.
func positionRand(seed int64, id string) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(id))
	return rand.New(rand.NewPCG(uint64(seed)^0x41424b, h.Sum64())) // "ABK"
}

// WorkloadTasks returns the demo's core tasks of pos: two to six, whose yearly hours divided by
// DemoEffectiveHours round (half up) to pos.NeededHeadcount. The same seed and position always
// give the same tasks.
func WorkloadTasks(seed int64, pos *planningv1.Position) []*planningv1.WorkloadTask {
	r := positionRand(seed, pos.GetId())
	catalog := tasksFor(pos)
	n := 2 + r.IntN(min(6, len(catalog))-1)
	picked := r.Perm(len(catalog))[:n]
	// Keep the catalogue's order: the most important task first.
	chosen := make([]taskSpec, 0, n)
	for i, t := range catalog {
		for _, p := range picked {
			if p == i {
				chosen = append(chosen, t)
			}
		}
	}
	need := max(int(pos.GetNeededHeadcount()), 1)
	// The exact need lies within 0.3 of the need (0.75 at least), so that it rounds to it.
	exact := max(float64(need)+0.6*r.Float64()-0.3, 0.75)
	total := exact * DemoEffectiveHours * 60 // minutes
	weights := make([]float64, n)
	sum := 0.0
	for i := range weights {
		weights[i] = 0.5 + r.Float64()
		sum += weights[i]
	}
	tasks := make([]*planningv1.WorkloadTask, n)
	done := 0.0
	for i, t := range chosen {
		minutes := t.minLo + int32(r.IntN(int(t.minHi-t.minLo)+1))
		share := total * weights[i] / sum
		if i == n-1 {
			share = total - done
		}
		if share/float64(minutes) > maxTaskVolume {
			minutes = int32(math.Ceil(share / maxTaskVolume))
		}
		volume := max(int64(math.Round(share/float64(minutes))), 1)
		done += float64(volume) * float64(minutes)
		tasks[i] = &planningv1.WorkloadTask{Task: t.task, OutputUnit: t.unit, YearlyVolume: volume, StandardMinutes: minutes}
	}
	return tasks
}

// WorkloadNeed returns the need tasks compute with effectiveHours: Σ volume × minutes ÷ 60 ÷
// effectiveHours, a fraction of 0.5 or more rounded up, and 1 at least (the rounding the
// planning service documents).
func WorkloadNeed(tasks []*planningv1.WorkloadTask, effectiveHours int) (exact float64, need int) {
	minutes := 0.0
	for _, t := range tasks {
		minutes += float64(t.GetYearlyVolume()) * float64(t.GetStandardMinutes())
	}
	exact = minutes / 60 / float64(effectiveHours)
	return exact, max(int(math.Floor(exact+0.5)), 1)
}
