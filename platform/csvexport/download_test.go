package csvexport_test

import (
	"context"
	"testing"

	"github.com/simpeg-id/simpeg/platform/csvexport"
)

func TestFileName(t *testing.T) {
	tests := []struct {
		parts []string
		want  string
	}{
		{[]string{"skp-completion", "DISKOMINFO", "2026"}, "skp-completion-DISKOMINFO-2026.csv"},
		{[]string{"employee-jp", "city", ""}, "employee-jp-city.csv"},
		{[]string{"credit-points", `a"; b/../c`, "2026", "q1"}, "credit-points-a___b____c-2026-q1.csv"},
	}
	for _, tt := range tests {
		if got := csvexport.FileName(tt.parts...); got != tt.want {
			t.Errorf("FileName(%q) = %q, want %q", tt.parts, got, tt.want)
		}
	}
}

func TestDownload(t *testing.T) {
	b := csvexport.Download(context.Background(), "x.csv", []byte("a,b\n"))
	if b.GetContentType() != "text/csv; charset=utf-8" || string(b.GetData()) != "a,b\n" {
		t.Fatalf("got %q %q", b.GetContentType(), b.GetData())
	}
}
