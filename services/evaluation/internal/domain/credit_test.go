package domain_test

import (
	"testing"

	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
)

// The months an SKP covers: a month counts when the SKP covers its 15th day.
func TestCreditMonths(t *testing.T) {
	tests := []struct {
		name       string
		start, end string
		want       int
	}{
		{"the whole year", "2026-01-01", "2026-12-31", 12},
		{"until a transfer on 15 June", "2026-01-01", "2026-06-15", 6},
		{"from 16 June", "2026-06-16", "2026-12-31", 6},
		{"from 14 March", "2026-03-14", "2026-12-31", 10},
		{"from 16 March", "2026-03-16", "2026-12-31", 9},
		{"one February", "2026-02-01", "2026-02-28", 1},
		{"ten days, no 15th", "2026-04-16", "2026-04-25", 1},
		{"unreadable", "2026-13-01", "2026-12-31", 0},
		{"ending before it starts", "2026-05-01", "2026-04-01", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := domain.CreditMonths(2026, tt.start, tt.end); got != tt.want {
				t.Fatalf("%s … %s: %d months, want %d", tt.start, tt.end, got, tt.want)
			}
		})
	}
}

// The credit points of PermenPANRB 1/2023 with DOMAIN.md's numbers: Ahli Pertama rated Baik for
// a year earns 12.5, Sangat Baik 18.75; pro rata by months, to three decimals.
func TestCreditPointsPerSkp(t *testing.T) {
	tests := []struct {
		level  domain.FunctionalLevel
		p      domain.Predicate
		months int
		want   string
	}{
		{domain.AhliPertama, domain.Baik, 12, "12.500"},
		{domain.AhliPertama, domain.SangatBaik, 12, "18.750"},
		{domain.AhliPertama, domain.Baik, 6, "6.250"},
		{domain.AhliMuda, domain.SangatBaik, 12, "37.500"},
		{domain.AhliMadya, domain.ButuhPerbaikan, 12, "28.125"},
		{domain.AhliUtama, domain.Kurang, 12, "25.000"},
		{domain.Pemula, domain.SangatKurang, 12, "0.938"}, // 0.9375 rounded half up
		{domain.Terampil, domain.Baik, 7, "2.917"},        // 5 × 7 / 12 = 2.91666…
		{domain.Mahir, domain.ButuhPerbaikan, 5, "3.906"}, // 12.5 × 0.75 × 5 / 12 = 3.90625
		{domain.Penyelia, domain.Baik, 1, "2.083"},        // 25 / 12 = 2.08333…
		{"", domain.Baik, 12, "0.000"},
		{domain.AhliPertama, "", 12, "0.000"},
	}
	for _, tt := range tests {
		if got := domain.CreditPoints(tt.level, tt.p, tt.months).String(); got != tt.want {
			t.Errorf("%s %s %d months: %s, want %s", tt.level, tt.p, tt.months, got, tt.want)
		}
	}
	// A year split at a transfer adds up to the whole year's points.
	first := domain.CreditPoints(domain.AhliPertama, domain.Baik, domain.CreditMonths(2026, "2026-01-01", "2026-06-15"))
	second := domain.CreditPoints(domain.AhliPertama, domain.Baik, domain.CreditMonths(2026, "2026-06-16", "2026-12-31"))
	if (first + second).String() != "12.500" {
		t.Fatalf("split year: %s + %s", first, second)
	}
}
