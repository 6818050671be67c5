package domain

import (
	"testing"
	"time"
)

func TestMonth(t *testing.T) {
	tests := []struct {
		in                      string
		first, last, prev, next string
		label                   string
	}{
		{"2026-11", "2026-11-01", "2026-11-30", "2026-10", "2026-12", "November 2026"},
		{"2026-12", "2026-12-01", "2026-12-31", "2026-11", "2027-01", "Desember 2026"},
		{"2027-01", "2027-01-01", "2027-01-31", "2026-12", "2027-02", "Januari 2027"},
		{"2028-02", "2028-02-01", "2028-02-29", "2028-01", "2028-03", "Februari 2028"},
	}
	for _, tt := range tests {
		m, err := ParseMonth(tt.in)
		if err != nil {
			t.Fatal(err)
		}
		if m.String() != tt.in || m.First().String() != tt.first || m.Last().String() != tt.last || m.Prev().String() != tt.prev ||
			m.Next().String() != tt.next || m.Label() != tt.label {
			t.Errorf("%s: first %s last %s prev %s next %s label %q", tt.in, m.First(), m.Last(), m.Prev(), m.Next(), m.Label())
		}
	}
	for _, bad := range []string{"2026-13", "2026-1", "26-11", "2026-11-01", ""} {
		if _, err := ParseMonth(bad); err == nil {
			t.Errorf("ParseMonth(%q) accepted", bad)
		}
	}
	a, b := Month{2026, time.December}, Month{2027, time.January}
	if !a.Before(b) || b.Before(a) || a.Before(a) {
		t.Errorf("Before is wrong for %s and %s", a, b)
	}
}
