package csvexport_test

import (
	"bytes"
	"encoding/csv"
	"testing"

	"github.com/simpeg-id/simpeg/platform/csvexport"
)

func TestCell(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"Budi Santoso", "Budi Santoso"},
		{"=HYPERLINK(\"http://evil\",\"x\")", "'=HYPERLINK(\"http://evil\",\"x\")"},
		{"+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"},
		{"-2+3", "'-2+3"},
		{"@SUM(A1:A9)", "'@SUM(A1:A9)"},
		{"\t=1", "'\t=1"},
		{"\r=1", "'\r=1"},
		{"-", "'-"},
		{"-.5", "'-.5"},
		{"1.", "1."},
		// Plain numbers stay numbers.
		{"-3", "-3"},
		{"+2", "+2"},
		{"-0.25", "-0.25"},
		{"42", "42"},
		// Only the first character matters.
		{"a=1", "a=1"},
		{" =1", " =1"},
		{"'=1", "'=1"},
	}
	for _, tt := range tests {
		if got := csvexport.Cell(tt.in); got != tt.want {
			t.Errorf("Cell(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestWriter(t *testing.T) {
	var buf bytes.Buffer
	w := csvexport.NewWriter(&buf)
	in := [][]string{{"employee", "display_name", "late_minutes"}, {"1990", "=1+1", "-5"}, {"1991", "@x, \"y\"", "7"}}
	if err := w.WriteAll(in); err != nil {
		t.Fatal(err)
	}
	if in[1][1] != "=1+1" {
		t.Errorf("WriteAll changed its input: %q", in[1][1])
	}
	got, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"employee", "display_name", "late_minutes"}, {"1990", "'=1+1", "-5"}, {"1991", "'@x, \"y\"", "7"}}
	for i := range want {
		for j := range want[i] {
			if got[i][j] != want[i][j] {
				t.Errorf("row %d col %d = %q, want %q", i, j, got[i][j], want[i][j])
			}
		}
	}
}
