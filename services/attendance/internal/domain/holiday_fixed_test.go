package domain_test

import (
	"testing"

	"github.com/simpeg-id/simpeg/services/attendance/internal/domain"
)

func TestWithFixedNationalHolidays(t *testing.T) {
	stored, err := domain.NewHolidays(domain.Holiday{Date: domain.MustDate("2026-08-17"), Name: "HUT RI ke-81", Kind: domain.NationalHoliday},
		domain.Holiday{Date: domain.MustDate("2026-03-20"), Name: "Idul Fitri 1447 H", Kind: domain.NationalHoliday})
	if err != nil {
		t.Fatal(err)
	}
	h := domain.WithFixedNationalHolidays(stored, 2026)
	tests := []struct {
		date, name string
		ok         bool
	}{
		{"2026-01-01", "", true},
		{"2026-05-01", "", true},
		{"2026-06-01", "", true},
		{"2026-08-17", "HUT RI ke-81", true}, // the stored name wins
		{"2026-12-25", "", true},
		{"2026-03-20", "Idul Fitri 1447 H", true},
		{"2026-03-23", "", false},
		{"2027-01-01", "", false}, // only the years asked for
	}
	for _, tt := range tests {
		got, ok := h.On(domain.MustDate(tt.date))
		if ok != tt.ok || (tt.name != "" && got.Name != tt.name) {
			t.Errorf("On(%s) = %+v, %v; want ok=%v name %q", tt.date, got, ok, tt.ok, tt.name)
		}
	}
	if stored.Len() != 2 {
		t.Errorf("the stored set was changed: %d holidays", stored.Len())
	}
}
