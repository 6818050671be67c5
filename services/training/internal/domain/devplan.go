package domain

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/simpeg-id/simpeg/platform/errs"
)

// The agency's yearly development plan (issue 10 §1): agency HR turns the development needs
// (competency and performance gaps) into which programmes to send how many people to, at what
// budget. One plan per agency and year.

// MaxPlanLines is the most lines a development plan holds.
const MaxPlanLines = 500

// The longest notes, in characters: a plan's, a line's.
const (
	maxPlanNote = 4000
	maxLineNote = 1000
)

// PlanLine is one programme in a development plan: how many seats, at what budget, and the
// competency it is meant to build.
type PlanLine struct {
	Programme  string
	Competency string // optional: one of the competencies the programme builds
	Seats      int    // at least 1
	Budget     int64  // rupiah, at least 0
	Note       string
}

// DevelopmentPlan is an agency's competency development plan for one year.
type DevelopmentPlan struct {
	Agency  string
	Year    int
	Lines   []PlanLine
	Note    string
	Version int64
	Created time.Time
	Updated time.Time
}

// Seats is the plan's total of seats.
func (p DevelopmentPlan) Seats() int {
	n := 0
	for _, l := range p.Lines {
		n += l.Seats
	}
	return n
}

// Budget is the plan's total budget in rupiah.
func (p DevelopmentPlan) Budget() int64 {
	var n int64
	for _, l := range p.Lines {
		n += l.Budget
	}
	return n
}

// PlannedProgramme is what a plan line needs to know of the programme it names.
type PlannedProgramme struct {
	ID           string
	Agency       string // '' for the city's catalogue
	Retired      bool
	Competencies []string
}

// ValidatePlan checks a plan before it is stored: a year from 2000 to 2100, at most
// MaxPlanLines lines, each naming a programme of the catalogue the agency may use (the city's or
// its own, not retired) once only, with at least one seat, a budget not below zero and, when it
// names a competency, one the programme builds. programmes are the programmes the lines name
// that exist, by id. Violations name "lines[i].field".
func ValidatePlan(p DevelopmentPlan, programmes map[string]PlannedProgramme) error {
	var v errs.Violations
	if strings.TrimSpace(p.Agency) == "" {
		v.Add("agency", "is required")
	}
	if p.Year < 2000 || p.Year > 2100 {
		v.Add("year", "must be a year from 2000 to 2100, got %d", p.Year)
	}
	if utf8.RuneCountInString(p.Note) > maxPlanNote {
		v.Add("note", "must be at most %d characters", maxPlanNote)
	}
	if len(p.Lines) > MaxPlanLines {
		v.Add("lines", "holds %d lines; at most %d", len(p.Lines), MaxPlanLines)
		return v.Err()
	}
	seen := map[string]int{}
	for i, l := range p.Lines {
		field := func(f string) string { return fmt.Sprintf("lines[%d].%s", i, f) }
		prog, ok := programmes[l.Programme]
		switch {
		case strings.TrimSpace(l.Programme) == "":
			v.Add(field("programme"), "must name a programme of the catalogue")
		case !ok:
			v.Add(field("programme"), "programme %q does not exist", l.Programme)
		case prog.Agency != "" && prog.Agency != p.Agency:
			v.Add(field("programme"), "programme %q belongs to agency %s, not to the city's catalogue or %s's", l.Programme, prog.Agency, p.Agency)
		case prog.Retired:
			v.Add(field("programme"), "programme %q is retired", l.Programme)
		}
		if j, dup := seen[l.Programme]; dup && l.Programme != "" {
			v.Add(field("programme"), "programme %q is already planned at lines[%d]; a plan names each programme once", l.Programme, j)
		} else {
			seen[l.Programme] = i
		}
		if l.Competency != "" {
			if msg := CheckCompetencyName(l.Competency); msg != "" {
				v.Add(field("competency"), "%s", msg)
			} else if ok && !slices.Contains(prog.Competencies, l.Competency) {
				v.Add(field("competency"), "programme %q does not build %s (it builds %v)", l.Programme, l.Competency, prog.Competencies)
			}
		}
		if l.Seats < 1 {
			v.Add(field("seats"), "must be at least 1, got %d", l.Seats)
		}
		if l.Budget < 0 {
			v.Add(field("budget"), "must not be negative, got %d", l.Budget)
		}
		if utf8.RuneCountInString(l.Note) > maxLineNote {
			v.Add(field("note"), "must be at most %d characters", maxLineNote)
		}
	}
	return v.Err()
}

// EmployeeNeeds is one employee's development needs: their competency gaps against their
// position's standard, and their performance gap when their latest rating is below Baik.
type EmployeeNeeds struct {
	Employee    string
	Name        string
	Position    string
	Gaps        []Gap
	Performance *Performance // set only when it is a gap
}

// CompetencyNeed is one competency the agency needs developed: how many employees fall short of
// their position's level, by how many levels in all, and which programmes build it.
type CompetencyNeed struct {
	Competency string
	Employees  int
	TotalGap   int
	Programmes []string // ids of the programmes that build it, in id order
}

// AggregateNeeds sums employees' competency gaps per competency, most employees first (then the
// larger total gap, then the name). builds maps a competency to the programmes that build it.
func AggregateNeeds(employees []EmployeeNeeds, builds map[string][]string) []CompetencyNeed {
	by := map[string]*CompetencyNeed{}
	for _, e := range employees {
		for _, g := range e.Gaps {
			n := by[g.Competency]
			if n == nil {
				n = &CompetencyNeed{Competency: g.Competency}
				by[g.Competency] = n
			}
			n.Employees++
			n.TotalGap += g.Gap
		}
	}
	out := make([]CompetencyNeed, 0, len(by))
	for c, n := range by {
		n.Programmes = slices.Sorted(slices.Values(builds[c]))
		out = append(out, *n)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Employees != b.Employees {
			return a.Employees > b.Employees
		}
		if a.TotalGap != b.TotalGap {
			return a.TotalGap > b.TotalGap
		}
		return a.Competency < b.Competency
	})
	return out
}
