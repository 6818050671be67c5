package domain

import "strings"

// Education is the highest formal education an employee has completed, as the national civil
// service records it (the "tingkat pendidikan" of the BKN's SIASN: SD, SMP/SLTP, SMA/SMK/SLTA,
// Diploma I–IV, S1, S2, S3; UU 20/2003 on the national education system names the levels).
// It is optional: "" means not recorded.
type Education string

// The education levels, lowest first.
const (
	EducationUnknown Education = ""
	EducationSD      Education = "sd"
	EducationSMP     Education = "smp"
	EducationSMA     Education = "sma"
	EducationD1      Education = "d1"
	EducationD2      Education = "d2"
	EducationD3      Education = "d3"
	EducationD4      Education = "d4"
	EducationS1      Education = "s1"
	EducationS2      Education = "s2"
	EducationS3      Education = "s3"
)

// Educations lists the recorded levels, lowest first ("" not among them).
func Educations() []Education {
	return []Education{EducationSD, EducationSMP, EducationSMA, EducationD1, EducationD2, EducationD3,
		EducationD4, EducationS1, EducationS2, EducationS3}
}

// Valid reports whether e is a level or "" (not recorded).
func (e Education) Valid() bool {
	if e == EducationUnknown {
		return true
	}
	for _, l := range Educations() {
		if e == l {
			return true
		}
	}
	return false
}

// Label is the level as Indonesian readers write it: "SD", "SMP", "SMA/SMK", "D-III", "S1",
// and "Tidak diketahui" for a level not recorded.
func (e Education) Label() string {
	switch e {
	case EducationUnknown:
		return "Tidak diketahui"
	case EducationSMA:
		return "SMA/SMK"
	case EducationD1:
		return "D-I"
	case EducationD2:
		return "D-II"
	case EducationD3:
		return "D-III"
	case EducationD4:
		return "D-IV"
	}
	return strings.ToUpper(string(e))
}
