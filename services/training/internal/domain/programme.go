package domain

import (
	"fmt"
	"strings"
	"time"

	"github.com/simpeg-id/simpeg/platform/errs"
)

// CompetencyType is one of the three kinds of competency a position requires (DOMAIN.md).
type CompetencyType string

// The competency types.
const (
	Technical     CompetencyType = "technical"
	Managerial    CompetencyType = "managerial"
	SocioCultural CompetencyType = "socio_cultural"
)

// Valid reports whether t is one of the three types.
func (t CompetencyType) Valid() bool {
	return t == Technical || t == Managerial || t == SocioCultural
}

// Form is how a programme is delivered (DOMAIN.md: classroom and non-classroom training, and
// formal education).
type Form string

// The forms.
const (
	Classroom       Form = "classroom"
	ELearning       Form = "e_learning"
	Coaching        Form = "coaching"
	Mentoring       Form = "mentoring"
	Seminar         Form = "seminar_workshop"
	Internship      Form = "internship"
	FormalEducation Form = "formal_education"
)

// Forms lists every form in display order.
func Forms() []Form {
	return []Form{Classroom, ELearning, Coaching, Mentoring, Seminar, Internship, FormalEducation}
}

// Valid reports whether f is a known form.
func (f Form) Valid() bool {
	for _, g := range Forms() {
		if f == g {
			return true
		}
	}
	return false
}

// CountsHours reports whether the form's JP is computed from its hours of instruction (1 JP =
// Policy.MinutesPerJP minutes): classroom, e-learning and seminars/workshops. Coaching,
// mentoring, internships and formal education are not counted by the clock: their programme
// states its JP, as set by the provider or the programme's decree.
func (f Form) CountsHours() bool {
	return f == Classroom || f == ELearning || f == Seminar
}

// ProviderKind is who runs a programme (issue 10 §2).
type ProviderKind string

// The provider kinds.
const (
	CityTrainingUnit  ProviderKind = "city_training_unit"
	Institute         ProviderKind = "institute" // provincial or national training institute
	UniversityPartner ProviderKind = "university_partner"
)

// Valid reports whether k is a known provider kind.
func (k ProviderKind) Valid() bool {
	return k == CityTrainingUnit || k == Institute || k == UniversityPartner
}

// JPFromMinutes converts minutes of instruction to whole JP at minutesPerJP minutes each
// (DOMAIN.md *policy*, Peraturan LAN 10/2018: 45). A part of a JP is not credited: 90 minutes
// are 2 JP, 100 minutes still 2, 135 minutes 3.
func JPFromMinutes(minutes, minutesPerJP int) int {
	if minutes <= 0 || minutesPerJP <= 0 {
		return 0
	}
	return minutes / minutesPerJP
}

// Programme is a catalogue entry: what is taught, to whom it counts and what it costs.
type Programme struct {
	ID           string
	Title        string
	Description  string
	Type         CompetencyType
	Competencies []string // the competencies it builds, as named by planning's positions
	Form         Form
	// Minutes is the hours of instruction, in minutes, for a form that counts hours; JP is
	// then computed from it. For other forms it is 0 and JP is stated.
	Minutes  int
	JP       int
	Provider string
	Kind     ProviderKind
	// Partner is the id of the university partner (internship area) running it; '' otherwise.
	Partner     string
	CostPerSeat int64 // rupiah
	Certificate bool  // whether completion issues a certificate
	Latsar      bool  // the basic training for CPNS (Latsar)
	// Agency owns the programme; '' for the city's catalogue.
	Agency  string
	State   ProgrammeState
	Version int64
	Created time.Time
	Updated time.Time
}

// NewProgramme validates p and, for a form counted in hours, sets its JP from its minutes at
// the policy's minutes per JP. The JP a programme credits is never typed for such a form.
func NewProgramme(p Programme, pol Policy) (Programme, error) {
	var v errs.Violations
	p.Title = strings.TrimSpace(p.Title)
	if p.Title == "" || len(p.Title) > 200 {
		v.Add("title", "must be 1 to 200 characters")
	}
	if !p.Type.Valid() {
		v.Add("competency_type", "must be technical, managerial or socio_cultural, got %q", p.Type)
	}
	for i, c := range p.Competencies {
		if strings.TrimSpace(c) == "" {
			v.Add(fmt.Sprintf("competencies[%d]", i), "must not be empty")
		}
	}
	switch {
	case !p.Form.Valid():
		v.Add("form", "must be one of %v, got %q", Forms(), p.Form)
	case p.Form.CountsHours():
		if p.Minutes <= 0 {
			v.Add("minutes", "a %s programme is counted in hours: give its length in minutes", p.Form)
		} else if p.JP = JPFromMinutes(p.Minutes, pol.MinutesPerJP); p.JP < 1 {
			v.Add("minutes", "%d minutes is less than one JP (%d minutes)", p.Minutes, pol.MinutesPerJP)
		}
	default:
		if p.Minutes != 0 {
			v.Add("minutes", "a %s programme is not counted in hours: give its JP instead", p.Form)
		}
		if p.JP < 1 {
			v.Add("jp", "must be at least 1, got %d", p.JP)
		}
	}
	if strings.TrimSpace(p.Provider) == "" {
		v.Add("provider", "must name the provider")
	}
	if !p.Kind.Valid() {
		v.Add("provider_kind", "must be city_training_unit, institute or university_partner, got %q", p.Kind)
	}
	if p.CostPerSeat < 0 {
		v.Add("cost_per_seat", "must not be negative, got %d", p.CostPerSeat)
	}
	if p.Latsar && !p.Certificate {
		v.Add("certificate", "Latsar issues a certificate (STTPP)")
	}
	return p, v.Err()
}
