package domain

// PositionLevel is a position's level within its kind (jenjang), which decides its holders'
// retirement age (planningv1.PositionLevel, lower case without the prefix).
type PositionLevel string

// The position levels; "" is not set.
const (
	PositionLevelNotSet PositionLevel = ""
	LevelJPTUtama       PositionLevel = "jpt_utama"
	LevelJPTMadya       PositionLevel = "jpt_madya"
	LevelJPTPratama     PositionLevel = "jpt_pratama"
	LevelAdministrator  PositionLevel = "administrator"
	LevelPengawas       PositionLevel = "pengawas"
	LevelPelaksana      PositionLevel = "pelaksana"
	LevelPemula         PositionLevel = "pemula"
	LevelTerampil       PositionLevel = "terampil"
	LevelMahir          PositionLevel = "mahir"
	LevelPenyelia       PositionLevel = "penyelia"
	LevelAhliPertama    PositionLevel = "ahli_pertama"
	LevelAhliMuda       PositionLevel = "ahli_muda"
	LevelAhliMadya      PositionLevel = "ahli_madya"
	LevelAhliUtama      PositionLevel = "ahli_utama"
)

// PositionLevels lists the levels in the API's order.
func PositionLevels() []PositionLevel {
	return []PositionLevel{LevelJPTUtama, LevelJPTMadya, LevelJPTPratama, LevelAdministrator,
		LevelPengawas, LevelPelaksana, LevelPemula, LevelTerampil, LevelMahir, LevelPenyelia,
		LevelAhliPertama, LevelAhliMuda, LevelAhliMadya, LevelAhliUtama}
}

// DefaultRetirementAges is the retirement age (BUP) table of DOMAIN.md (PP 11/2017 art. 239 as
// amended by PP 17/2020; functional ages from the functional-position rules): 58 for
// administrative positions (administrator, pengawas, pelaksana) and for functional positions
// at skill levels and Ahli Pertama/Ahli Muda; 60 for senior leadership (JPT) and Ahli Madya;
// 65 for Ahli Utama. A level not set retires at DefaultRetirementAge.
func DefaultRetirementAges() map[PositionLevel]int {
	return map[PositionLevel]int{
		LevelJPTUtama: 60, LevelJPTMadya: 60, LevelJPTPratama: 60,
		LevelAdministrator: 58, LevelPengawas: 58, LevelPelaksana: 58,
		LevelPemula: 58, LevelTerampil: 58, LevelMahir: 58, LevelPenyelia: 58,
		LevelAhliPertama: 58, LevelAhliMuda: 58, LevelAhliMadya: 60, LevelAhliUtama: 65,
	}
}

// DefaultRetirementAge is the age of a position whose level is not set, and of an employee
// without a position: the administrative age, 58.
const DefaultRetirementAge = 58
