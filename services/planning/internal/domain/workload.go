package domain

import (
	"fmt"
	"strings"
	"time"

	"github.com/simpeg-id/simpeg/platform/errs"
)

// Workload analysis (analisis beban kerja, ABK; issue 12 §1). A position's core tasks, each
// with its yearly volume of output and the standard time one unit of output takes, give the
// hours the position's work takes in a year; divided by one employee's effective working
// hours (Policy.EffectiveHours, 1,250 by default) that is the number of people it needs:
//
//	need_exact = Σ(yearly_volume × standard_minutes ÷ 60) ÷ effective_hours
//
// The formula is the one of the national guidance on workload analysis: Keputusan MenPAN
// KEP/75/M.PAN/7/2004 (pedoman perhitungan kebutuhan pegawai berdasarkan beban kerja,
// "pendekatan tugas per tugas jabatan"), Permendagri 12/2008 (ABK for regional governments)
// and PermenPAN-RB 1/2020 (pedoman analisis jabatan dan analisis beban kerja), which the
// regional regulations adopting it (e.g. Perbup Banjar 61/2020) follow. RoundNeed says how
// the exact need becomes a number of people.

// The bounds of a workload's fields (planningv1.WorkloadTask).
const (
	MaxWorkloadTasks       = 100
	MaxYearlyVolume        = 10_000_000
	MaxStandardMinutes     = 100_000
	DefaultEffectiveHours  = 1250
	minTaskLen, maxTaskLen = 3, 300
	maxOutputUnitLen       = 100
)

// WorkloadTask is one core task (tugas pokok) of a position.
type WorkloadTask struct {
	Task            string
	OutputUnit      string // satuan hasil, e.g. "laporan"
	YearlyVolume    int64  // units of output in a year
	StandardMinutes int    // norma waktu: minutes per unit of output
}

// minutes is the minutes the task takes in a year.
func (t WorkloadTask) minutes() int64 { return t.YearlyVolume * int64(t.StandardMinutes) }

// YearlyHours is the hours the task takes in a year: volume × standard minutes ÷ 60.
func (t WorkloadTask) YearlyHours() float64 { return float64(t.minutes()) / 60 }

// Workload is a position's workload analysis as stored.
type Workload struct {
	Position string // the position's id
	Tasks    []WorkloadTask
	// EffectiveHours is the divisor the need was computed with (the policy's at the time).
	EffectiveHours int
	Version        int64
	Updated        time.Time
	UpdatedBy      string
}

// TotalMinutes is the minutes all the tasks take in a year.
func (w Workload) TotalMinutes() int64 {
	var m int64
	for _, t := range w.Tasks {
		m += t.minutes()
	}
	return m
}

// TotalHours is the hours all the tasks take in a year.
func (w Workload) TotalHours() float64 { return float64(w.TotalMinutes()) / 60 }

func (w Workload) effectiveHours() int {
	if w.EffectiveHours <= 0 {
		return DefaultEffectiveHours
	}
	return w.EffectiveHours
}

// NeedExact is the exact need: total hours ÷ effective hours.
func (w Workload) NeedExact() float64 { return w.TotalHours() / float64(w.effectiveHours()) }

// Need is the need in people, NeedExact rounded by RoundNeed (computed in whole minutes, so
// 1,875 h of 1,250 is exactly 1.5 and rounds up).
func (w Workload) Need() int { return RoundNeed(w.TotalMinutes(), w.effectiveHours()) }

// RoundNeed turns a yearly workload of totalMinutes into people at effectiveHours each: the
// whole part, plus one when the fraction is one half or more (1.49 → 1, 1.5 → 2, 2.43 → 2);
// and a position with any workload needs at least one person (0.3 → 1), since its tasks
// must be done by someone.
//
// The ABK guidance (KEP/75/M.PAN/7/2004, Permendagri 12/2008, PermenPAN-RB 1/2020) defines
// the need as workload ÷ effective hours; the texts of it found for this work do not fix the
// rounding, so this is the conventional rounding of ABK worksheets (half up) with the floor
// of one for a position that has work. services/planning/README.md documents it.
func RoundNeed(totalMinutes int64, effectiveHours int) int {
	if totalMinutes <= 0 {
		return 0
	}
	if effectiveHours <= 0 {
		effectiveHours = DefaultEffectiveHours
	}
	per := int64(effectiveHours) * 60
	n := totalMinutes / per
	if 2*(totalMinutes%per) >= per {
		n++
	}
	if n < 1 {
		n = 1
	}
	return int(n)
}

// NewWorkload validates a position's tasks and returns its workload at the next version
// (prev is the one stored, nil when none). Each task is named once: the same name (ignoring
// case and surrounding spaces) twice is refused on the second, "tasks[3].task".
func NewWorkload(position string, tasks []WorkloadTask, effectiveHours int, prev *Workload, by string, now time.Time) (Workload, error) {
	var v errs.Violations
	switch {
	case len(tasks) == 0:
		v.Add("tasks", "at least one core task is required")
	case len(tasks) > MaxWorkloadTasks:
		v.Add("tasks", "at most %d tasks, got %d", MaxWorkloadTasks, len(tasks))
	}
	seen := map[string]int{}
	out := make([]WorkloadTask, len(tasks))
	for i, t := range tasks {
		f := fmt.Sprintf("tasks[%d]", i)
		t.Task, t.OutputUnit = strings.TrimSpace(t.Task), strings.TrimSpace(t.OutputUnit)
		if l := len([]rune(t.Task)); l < minTaskLen || l > maxTaskLen {
			v.Add(f+".task", "must be %d-%d characters", minTaskLen, maxTaskLen)
		} else if j, dup := seen[strings.ToLower(t.Task)]; dup {
			v.Add(f+".task", "named twice: %q is already tasks[%d]; give each core task once with its whole yearly volume", t.Task, j)
		} else {
			seen[strings.ToLower(t.Task)] = i
		}
		if l := len([]rune(t.OutputUnit)); l < 1 || l > maxOutputUnitLen {
			v.Add(f+".output_unit", "must be 1-%d characters", maxOutputUnitLen)
		}
		if t.YearlyVolume < 1 || t.YearlyVolume > MaxYearlyVolume {
			v.Add(f+".yearly_volume", "must be 1 to %d, got %d", MaxYearlyVolume, t.YearlyVolume)
		}
		if t.StandardMinutes < 1 || t.StandardMinutes > MaxStandardMinutes {
			v.Add(f+".standard_minutes", "must be 1 to %d minutes, got %d", MaxStandardMinutes, t.StandardMinutes)
		}
		out[i] = t
	}
	if err := v.Err(); err != nil {
		return Workload{}, err
	}
	if effectiveHours <= 0 {
		effectiveHours = DefaultEffectiveHours
	}
	w := Workload{Position: position, Tasks: out, EffectiveHours: effectiveHours, Version: 1, Updated: now, UpdatedBy: by}
	if prev != nil {
		w.Version = prev.Version + 1
	}
	return w, nil
}

// PositionWorkload is a workload with the position it belongs to, as it is read: the need
// against the holders now.
type PositionWorkload struct {
	Workload
	Title, Agency, Unit string
	Holders             int // active holders now
}

// Gap is need − holders: positive when people are missing.
func (p PositionWorkload) Gap() int { return p.Need() - p.Holders }

// PositionWorkloadSet reports a position's workload set; the position's PositionUpdated
// follows in the same transaction when its needed headcount changed.
type PositionWorkloadSet struct{ Workload PositionWorkload }

func (PositionWorkloadSet) event() {}
