package gateway

import (
	"strings"
	"testing"

	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
)

// TestPickPeople checks the demo people's fallbacks: no supervisor among the staff, one person,
// nobody, and the HR person found by unit or position name.
func TestPickPeople(t *testing.T) {
	member := func(nip, sup, where string) staffMember {
		return staffMember{emp: &planningv1.Employee{Nip: nip, FullName: "P" + nip[len(nip)-1:], Agency: "DINKES", Supervisor: sup}, where: where, hr: hrScore(where)}
	}
	tests := []struct {
		name  string
		staff []staffMember
		want  string // nip:role, in order
	}{
		{"nobody", nil, ""},
		{"one person", []staffMember{member("1", "", "Dokter")}, "1:employee"},
		{"no supervisors", []staffMember{member("1", "", "Dokter"), member("2", "", "Perawat"), member("3", "", "Bagian Umum dan Kepegawaian")},
			"1:employee 2:employee 3:agency-hr"},
		{"a supervisor outside the list", []staffMember{member("1", "9", "Dokter"), member("2", "9", "Perawat")}, "1:employee 2:employee"},
		{"the section head, not the agency head", []staffMember{
			member("1", "", "Kepala Dinas"), member("2", "1", "Kepala Bidang"), member("3", "2", "Perawat"), member("4", "1", "Sekretariat"),
			member("5", "2", "Bidan"), member("6", "1", "Subbagian Kepegawaian"),
		}, "3:employee 2:supervisor 5:employee 6:agency-hr"},
		{"a supervisor with one report", []staffMember{member("1", "", "Kepala"), member("2", "1", "Staf"), member("3", "", "Umum")},
			"2:employee 1:supervisor 3:employee"},
	}
	for _, tt := range tests {
		var got []string
		for _, p := range pickPeople(tt.staff) {
			got = append(got, p.NIP+":"+p.Role)
		}
		if strings.Join(got, " ") != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, strings.Join(got, " "), tt.want)
		}
	}
}

func TestSafeReturn(t *testing.T) {
	for p, want := range map[string]bool{
		"/":                             true,
		"/cuti?tahun=2026":              true,
		"/tim/199001012020011001#bulan": true,
		"":                              false,
		"cuti":                          false,
		"//evil.example/":               false,
		"/\\evil.example":               false,
		"https://evil.example/":         false,
		"/\nLocation: x":                false,
		"/" + strings.Repeat("a", 3000): false,
	} {
		if got := safeReturn(p); got != want {
			t.Errorf("safeReturn(%q) = %v, want %v", p, got, want)
		}
	}
}
