package domain_test

import (
	"math"
	"testing"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/services/planning/internal/domain"
)

// TestRoundNeed checks the rounding of the exact need at 1,250 effective hours: half up, and
// at least one person for a position with any work.
func TestRoundNeed(t *testing.T) {
	tests := []struct {
		name  string
		hours float64 // yearly hours of the workload
		eff   int
		want  int
	}{
		{"none", 0, 1250, 0},
		{"a little work still needs one", 375, 1250, 1}, // 0.3
		{"just under one half", 624, 1250, 1},           // 0.4992 → 0 → at least 1
		{"exactly one", 1250, 1250, 1},
		{"1.49", 1862.5, 1250, 1},
		{"1.5 rounds up", 1875, 1250, 2},
		{"2.43", 3037.5, 1250, 2},
		{"2.5", 3125, 1250, 3},
		{"7.96", 9950, 1250, 8},
		{"another policy: 1,500 h", 3750, 1500, 3}, // 2.5
		{"no policy: 1,250 h", 1875, 0, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := domain.RoundNeed(int64(tt.hours*60), tt.eff); got != tt.want {
				t.Errorf("RoundNeed(%v h, %d) = %d, want %d", tt.hours, tt.eff, got, tt.want)
			}
		})
	}
}

// TestWorkloadNeed computes a three-task workload: 1,200 h + 1,350 h + 487.5 h = 3,037.5 h, an
// exact need of 2.43 at 1,250 h, two people.
func TestWorkloadNeed(t *testing.T) {
	tasks := []domain.WorkloadTask{
		{Task: "Memelihara jaringan komputer kantor", OutputUnit: "perangkat", YearlyVolume: 1200, StandardMinutes: 60},
		{Task: "Mengembangkan aplikasi layanan", OutputUnit: "modul", YearlyVolume: 900, StandardMinutes: 90},
		{Task: "Menyusun laporan insiden", OutputUnit: "laporan", YearlyVolume: 975, StandardMinutes: 30},
	}
	w, err := domain.NewWorkload("kominfo-prakom", tasks, 1250, nil, "hr", now)
	if err != nil {
		t.Fatal(err)
	}
	if w.TotalHours() != 3037.5 || math.Abs(w.NeedExact()-2.43) > 1e-9 || w.Need() != 2 || w.Version != 1 {
		t.Errorf("total %v h, exact %v, need %d, version %d; want 3037.5, 2.43, 2, 1", w.TotalHours(), w.NeedExact(), w.Need(), w.Version)
	}
	if h := w.Tasks[1].YearlyHours(); h != 1350 {
		t.Errorf("second task's hours = %v, want 1350", h)
	}
	next, err := domain.NewWorkload("kominfo-prakom", tasks[:1], 1250, &w, "hr", now)
	if err != nil || next.Version != 2 || next.Need() != 1 {
		t.Errorf("second workload = version %d need %d, %v; want 2, 1", next.Version, next.Need(), err)
	}
	pw := domain.PositionWorkload{Workload: w, Holders: 5}
	if pw.Gap() != -3 {
		t.Errorf("gap with 5 holders = %d, want -3", pw.Gap())
	}
}

// TestWorkloadViolations names the field of each wrong task.
func TestWorkloadViolations(t *testing.T) {
	ok := domain.WorkloadTask{Task: "Mengagendakan surat", OutputUnit: "surat", YearlyVolume: 100, StandardMinutes: 5}
	with := func(f func(*domain.WorkloadTask)) domain.WorkloadTask { x := ok; f(&x); return x }
	tests := []struct {
		name  string
		tasks []domain.WorkloadTask
		field string
	}{
		{"none", nil, "tasks"},
		{"short task", []domain.WorkloadTask{with(func(x *domain.WorkloadTask) { x.Task = "ab" })}, "tasks[0].task"},
		{"no unit", []domain.WorkloadTask{with(func(x *domain.WorkloadTask) { x.OutputUnit = " " })}, "tasks[0].output_unit"},
		{"zero volume", []domain.WorkloadTask{with(func(x *domain.WorkloadTask) { x.YearlyVolume = 0 })}, "tasks[0].yearly_volume"},
		{"too many minutes", []domain.WorkloadTask{with(func(x *domain.WorkloadTask) { x.StandardMinutes = 100001 })}, "tasks[0].standard_minutes"},
		{"named twice", []domain.WorkloadTask{ok, with(func(x *domain.WorkloadTask) { x.Task = "Menyusun laporan" }), with(func(x *domain.WorkloadTask) { x.Task = "Menyusun laporan" }),
			with(func(x *domain.WorkloadTask) { x.Task = " mengagendakan SURAT " })}, "tasks[3].task"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := domain.NewWorkload("p", tt.tasks, 1250, nil, "hr", now)
			if !errs.IsKind(err, errs.Invalid) {
				t.Fatalf("err = %v, want Invalid", err)
			}
			field(t, err, tt.field)
		})
	}
}

// TestPositionLevelAndNeedFromWorkload checks a position's level and own retirement age, and
// that a need computed from the workload is not typed over.
func TestPositionLevelAndNeedFromWorkload(t *testing.T) {
	base := domain.Position{ID: "guru", Title: "Guru Ahli Pertama", Kind: domain.PositionFunctional, Class: 8, Agency: "DISKOMINFO",
		Level: domain.LevelAhliPertama, RetirementAge: 60, Needed: 3, NeededFromWorkload: true, Version: 1}
	tests := []struct {
		name   string
		fields []string
		values domain.Position
		field  string // the violation expected, "" for none
	}{
		{"the level", []string{"level"}, domain.Position{Level: domain.LevelAhliMuda}, ""},
		{"an unknown level", []string{"level"}, domain.Position{Level: "eselon_2"}, "level"},
		{"retirement age 49", []string{"retirement_age"}, domain.Position{RetirementAge: 49}, "retirement_age"},
		{"retirement age 71", []string{"retirement_age"}, domain.Position{RetirementAge: 71}, "retirement_age"},
		{"retirement age back to the level's", []string{"retirement_age"}, domain.Position{RetirementAge: 0}, ""},
		{"a typed need", []string{"needed_headcount"}, domain.Position{Needed: 5}, "needed_headcount"},
		{"the same need", []string{"needed_headcount", "title"}, domain.Position{Needed: 3, Title: "Guru Ahli Pertama"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := base
			_, err := p.Apply(domain.PositionUpdate{Fields: tt.fields, Values: tt.values, Agency: diskominfo}, now)
			if tt.field == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			field(t, err, tt.field)
		})
	}
	typed := base
	typed.NeededFromWorkload = false
	if _, err := typed.Apply(domain.PositionUpdate{Fields: []string{"needed_headcount"}, Values: domain.Position{Needed: 5}, Agency: diskominfo}, now); err != nil || typed.Needed != 5 {
		t.Errorf("a typed-in need changes: %d, %v", typed.Needed, err)
	}
	_, err := domain.NewPosition(domain.Position{ID: "x", Title: "Staf", Kind: domain.PositionExecutor, Class: 5, Agency: "DISKOMINFO", RetirementAge: 80}, diskominfo, nil, now)
	field(t, err, "retirement_age")
}
