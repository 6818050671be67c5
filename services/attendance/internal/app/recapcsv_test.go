package app_test

import (
	"bytes"
	"encoding/csv"
	"testing"

	"github.com/simpeg-id/simpeg/services/attendance/internal/app"
)

// TestRecapCSVNeutralisesFormulas: a display name a spreadsheet would run as a formula is
// exported as text (platform/csvexport), and the counts stay numbers.
func TestRecapCSVNeutralisesFormulas(t *testing.T) {
	tests := []struct{ name, want string }{
		{"=HYPERLINK(\"http://x\",\"y\")", "'=HYPERLINK(\"http://x\",\"y\")"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"+1+1", "'+1+1"},
		{"-1+1", "'-1+1"},
		{"Dr. Siti", "Dr. Siti"},
	}
	for _, tt := range tests {
		r := app.MonthlyRecap{Rows: []app.RecapRow{{Employee: "199001012015011001", Name: tt.name, WorkingDays: 20, LateMinutes: 5}}}
		out, err := app.RecapCSV(r)
		if err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if got := recs[1][1]; got != tt.want {
			t.Errorf("display_name %q exported as %q, want %q", tt.name, got, tt.want)
		}
		if recs[1][2] != "20" || recs[1][5] != "5" {
			t.Errorf("counts exported as %q, %q; want 20, 5", recs[1][2], recs[1][5])
		}
	}
}
