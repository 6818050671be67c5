package domain_test

import (
	"testing"

	"github.com/simpeg-id/simpeg/services/planning/internal/domain"
)

func retirementDay(t *testing.T, s string) domain.Date {
	t.Helper()
	d, err := domain.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestRetirementDate: the first day of the month after the month the age is reached.
func TestRetirementDate(t *testing.T) {
	tests := []struct {
		birth string
		age   int
		want  string
	}{
		{"1968-01-31", 58, "2026-02-01"},
		{"1968-01-01", 58, "2026-02-01"},
		{"1968-12-15", 58, "2027-01-01"},
		{"1968-12-31", 58, "2027-01-01"},
		{"1966-02-28", 60, "2026-03-01"},
		{"1964-02-29", 60, "2024-03-01"}, // a leap day: February's birthday, 1 March
		{"1961-07-17", 65, "2026-08-01"},
	}
	for _, tt := range tests {
		if got := domain.RetirementDate(retirementDay(t, tt.birth), tt.age).String(); got != tt.want {
			t.Errorf("RetirementDate(%s, %d) = %s, want %s", tt.birth, tt.age, got, tt.want)
		}
	}
}

// TestRetirementAgeOf: the position's own age, else its level's, else 58.
func TestRetirementAgeOf(t *testing.T) {
	ages := domain.DefaultRetirementAges()
	tests := []struct {
		name string
		pos  *domain.Position
		want int
	}{
		{"no position", nil, 58},
		{"level not set", &domain.Position{}, 58},
		{"pelaksana", &domain.Position{Level: domain.LevelPelaksana}, 58},
		{"ahli muda", &domain.Position{Level: domain.LevelAhliMuda}, 58},
		{"jpt pratama", &domain.Position{Level: domain.LevelJPTPratama}, 60},
		{"ahli madya", &domain.Position{Level: domain.LevelAhliMadya}, 60},
		{"ahli utama", &domain.Position{Level: domain.LevelAhliUtama}, 65},
		{"a teacher, ahli pertama, by law 60", &domain.Position{Level: domain.LevelAhliPertama, RetirementAge: 60}, 60},
	}
	for _, tt := range tests {
		if got := domain.RetirementAgeOf(tt.pos, ages); got != tt.want {
			t.Errorf("%s: %d, want %d", tt.name, got, tt.want)
		}
	}
}

// TestForecastRetirements forecasts 2027-2031 for a position of two holders who both retire,
// one in 2027 and one in 2029 (emptying it in 2029), a teacher at 60, and an employee without a
// position.
func TestForecastRetirements(t *testing.T) {
	staff := &domain.Position{ID: "staf", Title: "Pengadministrasi Umum", Kind: domain.PositionExecutor, Agency: "DINKES", Level: domain.LevelPelaksana, Current: 2}
	guru := &domain.Position{ID: "guru", Title: "Guru Ahli Pertama", Kind: domain.PositionFunctional, Agency: "DINKES", Level: domain.LevelAhliPertama, RetirementAge: 60, Current: 1}
	positions := map[string]*domain.Position{"staf": staff, "guru": guru}
	es := []domain.Employee{
		{NIP: "196903152000031001", FullName: "A", BirthDate: retirementDay(t, "1969-03-15"), Agency: "DINKES", Position: "staf"}, // 58 → 2027-04-01
		{NIP: "197101312000031002", FullName: "B", BirthDate: retirementDay(t, "1971-01-31"), Agency: "DINKES", Position: "staf"}, // 58 → 2029-02-01
		{NIP: "196905052000032001", FullName: "C", BirthDate: retirementDay(t, "1969-05-05"), Agency: "DINKES", Position: "guru"}, // 60 → 2029-06-01
		{NIP: "196912122000031003", FullName: "D", BirthDate: retirementDay(t, "1969-12-12"), Agency: "DINKES"},                   // 58 → 2028-01-01
		{NIP: "199001012015031001", FullName: "E", BirthDate: retirementDay(t, "1990-01-01"), Agency: "DINKES", Position: "staf"}, // far ahead
		{NIP: "196001012000031001", FullName: "F", BirthDate: retirementDay(t, "1960-01-01"), Agency: "DINKES", Status: domain.Retired},
	}
	years := domain.ForecastRetirements(2027, es, positions, domain.DefaultRetirementAges())
	if len(years) != 5 || years[0].Year != 2027 || years[4].Year != 2031 {
		t.Fatalf("years = %+v", years)
	}
	want := []struct{ retiring, emptied int }{{1, 0}, {1, 0}, {2, 2}, {0, 0}, {0, 0}}
	for i, w := range want {
		if years[i].Retiring != w.retiring || years[i].PositionsEmptied != w.emptied {
			t.Errorf("%d: retiring %d, emptied %d; want %d, %d", years[i].Year, years[i].Retiring, years[i].PositionsEmptied, w.retiring, w.emptied)
		}
	}
	// Staf has three holders in the data but Current says 2: the forecast trusts Current.
	y27 := years[0].Positions[0]
	if y27.Position != "staf" || y27.HoldersNow != 2 || y27.HoldersLeft != 1 || y27.Empties || y27.Retirees[0].Date.String() != "2027-04-01" {
		t.Errorf("2027 = %+v", y27)
	}
	if years[1].ByKind[domain.KindNone] != 1 || years[1].Positions[0].Position != "" {
		t.Errorf("2028 = %+v", years[1])
	}
	if years[2].ByKind["executor"] != 1 || years[2].ByKind["functional"] != 1 {
		t.Errorf("2029 by kind = %v", years[2].ByKind)
	}
	by := domain.RetirementsByPosition(years)
	if got := by["staf"]; len(got) != 5 || got[0] != 1 || got[2] != 1 {
		t.Errorf("staf by year = %v", got)
	}
	if got := by["guru"]; got[2] != 1 || got[0] != 0 {
		t.Errorf("guru by year = %v", got)
	}
}
