package nip_test

import (
	"errors"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/services/planning/nip"
)

var today = time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)

func TestParse(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		parts []string // violated parts; empty means valid
	}{
		{"valid example from DOMAIN.md", "198609262015051001", nil},
		{"valid female", "199001312019032002", nil},
		{"valid leap day", "199202292020011001", nil},
		{"appointed in the month of the 17th birthday", "200005102017051001", nil},
		{"too short", "19860926201505100", []string{"length"}},
		{"too long", "1986092620150510011", []string{"length"}},
		{"empty", "", []string{"length"}},
		{"non-digit", "19860926201505100A", []string{"digits"}},
		{"space inside", "198609262015 51001", []string{"digits"}},
		{"month 13", "198613262015051001", []string{"birth_date"}},
		{"31 February", "198602312015051001", []string{"birth_date"}},
		{"29 February in a common year", "198702292015051001", []string{"birth_date"}},
		{"born in the future", "202712012015051001", []string{"birth_date", "appointment"}},
		{"appointment month 00", "198609262015001001", []string{"appointment"}},
		{"appointment before 17th birthday", "198609262003051001", []string{"appointment"}},
		{"appointment one month before 17th birthday", "198609262003081001", []string{"appointment"}},
		{"appointment in the future", "198609262027011001", []string{"appointment"}},
		{"sex digit 0", "198609262015050001", []string{"sex"}},
		{"sex digit 3", "198609262015053001", []string{"sex"}},
		{"sequence 000", "198609262015051000", []string{"sequence"}},
		{"everything wrong", "198613322003053000", []string{"birth_date", "sex", "sequence"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := nip.Parse(tt.in, today)
			if len(tt.parts) == 0 {
				if err != nil {
					t.Fatalf("Parse(%q) = %v, want valid", tt.in, err)
				}
				if n.Raw != tt.in {
					t.Fatalf("Raw = %q", n.Raw)
				}
				return
			}
			var perr *nip.Error
			if !errors.As(err, &perr) {
				t.Fatalf("Parse(%q) error = %v, want *nip.Error", tt.in, err)
			}
			got := map[string]bool{}
			for _, v := range perr.Violations {
				got[v.Part] = true
				if v.Reason == "" {
					t.Errorf("violation of %s has no reason", v.Part)
				}
			}
			for _, p := range tt.parts {
				if !got[p] {
					t.Errorf("Parse(%q): want violation of %s, got %+v", tt.in, p, perr.Violations)
				}
			}
			if len(got) != len(tt.parts) {
				t.Errorf("Parse(%q): got violations %+v, want exactly %v", tt.in, perr.Violations, tt.parts)
			}
		})
	}
}

func TestParseParts(t *testing.T) {
	n, err := nip.Parse("198609262015051001", today)
	if err != nil {
		t.Fatal(err)
	}
	if got := n.BirthDate.Format(time.DateOnly); got != "1986-09-26" {
		t.Errorf("BirthDate = %s", got)
	}
	if got := n.Appointment.Format(time.DateOnly); got != "2015-05-01" {
		t.Errorf("Appointment = %s", got)
	}
	if n.Sex != nip.Male || n.Sequence != 1 {
		t.Errorf("Sex, Sequence = %d, %d", n.Sex, n.Sequence)
	}
	if got := n.YearsOfService(today); got != 11 {
		t.Errorf("YearsOfService = %d, want 11", got)
	}
	if got := n.YearsOfService(time.Date(2016, 4, 30, 0, 0, 0, 0, time.UTC)); got != 0 {
		t.Errorf("YearsOfService one day short of a year = %d, want 0", got)
	}
}

func TestFormatRoundTrip(t *testing.T) {
	s := nip.Format(time.Date(1990, 1, 31, 0, 0, 0, 0, time.UTC), 2019, time.March, nip.Female, 2)
	if s != "199001312019032002" {
		t.Fatalf("Format = %s", s)
	}
	if _, err := nip.Parse(s, today); err != nil {
		t.Fatal(err)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"198609262015051001", "198702292015051001", "000000000000000000", "19860926201505100A", "", "999999999999999999", "198609262003051001"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := nip.Parse(s, today)
		if err != nil {
			var perr *nip.Error
			if !errors.As(err, &perr) || len(perr.Violations) == 0 {
				t.Fatalf("Parse(%q) returned %v without violations", s, err)
			}
			return
		}
		// A valid NIP must re-format to itself and satisfy every rule.
		if again := nip.Format(n.BirthDate, n.Appointment.Year(), n.Appointment.Month(), n.Sex, n.Sequence); again != s {
			t.Fatalf("Format(Parse(%q)) = %q", s, again)
		}
		if n.Appointment.Before(n.BirthDate.AddDate(nip.MinAppointmentAge, 0, 0).AddDate(0, 0, -31)) || n.Appointment.After(today) || n.Sequence < 1 {
			t.Fatalf("Parse(%q) accepted a NIP breaking a rule: %+v", s, n)
		}
	})
}
