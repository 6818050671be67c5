package seed

import (
	"strings"

	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
)

// The positions' levels (jenjang) and the employees' education, which the staffing analysis
// of issue 12 reads: the level decides a holder's retirement age (BUP, PP 11/2017 art. 239 as
// amended by PP 17/2020), the education fills the dashboards' breakdown.

// headLevel returns the level of an agency head's position. In a city (kota) the Sekretaris
// Daerah and the heads of the secretariat, inspectorate, badan, dinas and hospital are senior
// leaders at the first level (JPT pratama); a camat heads a kecamatan as an administrator
// (eselon III, PermenPANRB on the equalisation of positions and PP 17/2018 on kecamatan).
func headLevel(kind planningv1.AgencyKind) planningv1.PositionLevel {
	if kind == planningv1.AgencyKind_AGENCY_KIND_KECAMATAN {
		return planningv1.PositionLevel_POSITION_LEVEL_ADMINISTRATOR
	}
	return planningv1.PositionLevel_POSITION_LEVEL_JPT_PRATAMA
}

// unitHeadLevel returns the level of a unit head's position by its class, as the demo gives
// the competency levels: from class 11 (sekretaris, kepala bidang or bagian, inspektur
// pembantu, sekretaris kecamatan) an administrator, below it (kepala seksi or subbagian, lurah,
// kepala UPT) a supervisor (pengawas).
func unitHeadLevel(class int32) planningv1.PositionLevel {
	if class >= 11 {
		return planningv1.PositionLevel_POSITION_LEVEL_ADMINISTRATOR
	}
	return planningv1.PositionLevel_POSITION_LEVEL_PENGAWAS
}

// rungLevel maps a functional rung's position-id suffix to its level.
var rungLevel = map[string]planningv1.PositionLevel{
	"ap":  planningv1.PositionLevel_POSITION_LEVEL_AHLI_PERTAMA,
	"am":  planningv1.PositionLevel_POSITION_LEVEL_AHLI_MUDA,
	"amd": planningv1.PositionLevel_POSITION_LEVEL_AHLI_MADYA,
	"t":   planningv1.PositionLevel_POSITION_LEVEL_TERAMPIL,
	"m":   planningv1.PositionLevel_POSITION_LEVEL_MAHIR,
	"p":   planningv1.PositionLevel_POSITION_LEVEL_PENYELIA,
}

// teacherRetirementAge is the retirement age of teachers and school supervisors, set by a law
// of their own: 60 (UU 14/2005 on teachers and lecturers art. 40(4); PP 11/2017 art. 239(2)(c)
// keeps the age other laws set).
const teacherRetirementAge = 60

// ownRetirementAge returns the retirement age a functional post's own law sets, or 0 to take it
// from the level: the teachers' (guru) and school supervisors' (pengawas sekolah) 60.
func ownRetirementAge(slug string) int32 {
	if strings.HasPrefix(slug, "guru-") || slug == "pengawas-sekolah" {
		return teacherRetirementAge
	}
	return 0
}

// proto returns the API's value of an education.
func (e education) proto() planningv1.Education {
	switch e {
	case eduSMA:
		return planningv1.Education_EDUCATION_SMA
	case eduD3:
		return planningv1.Education_EDUCATION_D3
	case eduS1:
		return planningv1.Education_EDUCATION_S1
	case eduS2:
		return planningv1.Education_EDUCATION_S2
	case eduS3:
		return planningv1.Education_EDUCATION_S3
	}
	return planningv1.Education_EDUCATION_UNSPECIFIED
}
