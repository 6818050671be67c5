// Package nip parses and checks the 18-digit identifiers of Indonesian civil servants: the NIP of
// a career servant (PNS) and the number of a contract servant (PPPK).
//
// A NIP is YYYYMMDD (birth date), YYYYMM (month of first appointment as CPNS), one sex digit
// (1 male, 2 female) and a three-digit sequence from 001, e.g. 198609262015051001. It is the one
// domain package the planning module exports, because the format is national and other
// services read it (years of service for leave eligibility, for instance). It is pure Go.
package nip

import (
	"fmt"
	"time"
)

// Length is the number of digits of a NIP and of a PPPK number.
const Length = 18

// MinAppointmentAge is the youngest age, in years, at which a person may be appointed.
const MinAppointmentAge = 17

// Sex is the sex a NIP encodes.
type Sex int

// The sexes a NIP can encode.
const (
	Male   Sex = 1
	Female Sex = 2
)

// NIP is a parsed, valid civil-servant number.
type NIP struct {
	Raw         string
	BirthDate   time.Time // midnight UTC
	Appointment time.Time // first day of the appointment month, midnight UTC
	Sex         Sex
	Sequence    int
}

// Violation is one part of a NIP that is wrong. Part is "length", "digits", "birth_date",
// "appointment", "sex" or "sequence".
type Violation struct {
	Part   string
	Reason string
}

// Error lists everything wrong with a NIP.
type Error struct {
	Value      string
	Violations []Violation
}

func (e *Error) Error() string {
	if len(e.Violations) == 1 {
		return fmt.Sprintf("invalid NIP %q: %s", e.Value, e.Violations[0].Reason)
	}
	return fmt.Sprintf("invalid NIP %q: %s (and %d more)", e.Value, e.Violations[0].Reason, len(e.Violations)-1)
}

// Parse checks all four parts of s against today's date (now) and returns the parsed NIP, or an
// *Error naming every part that is wrong.
func Parse(s string, now time.Time) (NIP, error) {
	if err := CheckDigits(s); err != nil {
		return NIP{}, err
	}
	var vs []Violation
	add := func(part, format string, args ...any) {
		vs = append(vs, Violation{Part: part, Reason: fmt.Sprintf(format, args...)})
	}
	n := NIP{Raw: s}
	by, bm, bd := atoi(s[0:4]), atoi(s[4:6]), atoi(s[6:8])
	birth, birthOK := date(by, bm, bd)
	if !birthOK {
		add("birth_date", "digits 1-8 (%s) are not a real date YYYYMMDD", s[0:8])
	} else if birth.After(now) {
		add("birth_date", "birth date %s is in the future", birth.Format(time.DateOnly))
	} else if by < 1900 {
		add("birth_date", "birth year %d is before 1900", by)
	}
	ay, am := atoi(s[8:12]), atoi(s[12:14])
	appt, apptOK := date(ay, am, 1)
	if !apptOK {
		add("appointment", "digits 9-14 (%s) are not a real month YYYYMM", s[8:14])
	} else {
		if appt.After(now) {
			add("appointment", "appointment month %s is in the future", appt.Format("2006-01"))
		}
		if birthOK {
			// The appointment month must not begin before the month of the 17th birthday.
			adult := time.Date(by+MinAppointmentAge, time.Month(bm), 1, 0, 0, 0, 0, time.UTC)
			if appt.Before(adult) {
				add("appointment", "appointment %s is before the 17th birthday (%s)", appt.Format("2006-01"), birth.AddDate(MinAppointmentAge, 0, 0).Format(time.DateOnly))
			}
		}
	}
	switch s[14] {
	case '1':
		n.Sex = Male
	case '2':
		n.Sex = Female
	default:
		add("sex", "digit 15 is %c; it must be 1 (male) or 2 (female)", s[14])
	}
	n.Sequence = atoi(s[15:18])
	if n.Sequence < 1 {
		add("sequence", "digits 16-18 are 000; the sequence starts at 001")
	}
	if len(vs) > 0 {
		return NIP{}, &Error{Value: s, Violations: vs}
	}
	n.BirthDate, n.Appointment = birth, appt
	return n, nil
}

// CheckDigits reports whether s is exactly 18 ASCII digits, the only rule a PPPK number follows.
func CheckDigits(s string) error {
	if len(s) != Length {
		return &Error{Value: s, Violations: []Violation{{Part: "length", Reason: fmt.Sprintf("must be %d digits, got %d characters", Length, len(s))}}}
	}
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return &Error{Value: s, Violations: []Violation{{Part: "digits", Reason: fmt.Sprintf("character %d (%q) is not a digit", i+1, s[i])}}}
		}
	}
	return nil
}

// Format builds a NIP from its parts. It does not validate; pass the result to Parse to check.
func Format(birth time.Time, appointmentYear int, appointmentMonth time.Month, sex Sex, sequence int) string {
	return fmt.Sprintf("%04d%02d%02d%04d%02d%d%03d", birth.Year(), int(birth.Month()), birth.Day(), appointmentYear, int(appointmentMonth), int(sex), sequence)
}

// YearsOfService returns the whole years from the appointment to on.
func (n NIP) YearsOfService(on time.Time) int {
	return wholeYears(n.Appointment, on)
}

func wholeYears(from, to time.Time) int {
	y := to.Year() - from.Year()
	if to.Month() < from.Month() || (to.Month() == from.Month() && to.Day() < from.Day()) {
		y--
	}
	if y < 0 {
		return 0
	}
	return y
}

func date(y, m, d int) (time.Time, bool) {
	if m < 1 || m > 12 || d < 1 || y < 1 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	return t, t.Year() == y && int(t.Month()) == m && t.Day() == d
}

func atoi(s string) int {
	n := 0
	for i := range len(s) {
		n = n*10 + int(s[i]-'0')
	}
	return n
}
