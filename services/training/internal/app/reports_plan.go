package app

import (
	"context"
	"strconv"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/resource"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

// The development plan against its realisation (issue 10 §6 "development plan vs
// realisation"): each line of an agency's yearly plan (the competency area's
// development_plan_lines) beside the seats the agency's employees took in the year's sessions
// of the line's programme, how many of them passed and what the seats cost.

// PlanRealisationLine is one plan line with what became of it.
type PlanRealisationLine struct {
	domain.PlanLine
	Title string // the programme's title
	// SeatsTaken are the seats the agency's employees hold or held in the year's sessions of
	// the programme (enrolled or finished with any outcome); Passed of them passed.
	SeatsTaken int
	Passed     int
	// BudgetUsed is the seats taken × the programme's cost per seat, in rupiah.
	BudgetUsed int64
}

// PlanRealisation is an agency's plan of a year against what happened.
type PlanRealisation struct {
	Plan  domain.DevelopmentPlan
	Lines []PlanRealisationLine
	// UnplannedSeats are the agency's seats in programmes the plan does not list, of which
	// UnplannedPassed passed, costing UnplannedCost rupiah.
	UnplannedSeats  int
	UnplannedPassed int
	UnplannedCost   int64
	// The totals of the lines.
	SeatsTaken int
	Passed     int
	BudgetUsed int64
}

// GetPlanRealisation compares agency's development plan for year with the seats the agency's
// employees (the agency they were in when enrolled, whose budget paid) took in the sessions of
// year that were not cancelled (ending in year, in the session's zone, as the JP ledger counts
// them): per line the seats taken, passed and the budget used, and the seats in programmes the
// plan does not list. City HR and auditors see any agency's, agency HR their own. A year with no
// plan is NotFound.
func (a *App) GetPlanRealisation(ctx context.Context, agency string, year int) (PlanRealisation, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return PlanRealisation{}, err
	}
	if agency == "" {
		return PlanRealisation{}, errs.Invalidf("agency", "is required")
	}
	if year, err = a.reportYear(year); err != nil {
		return PlanRealisation{}, err
	}
	if _, err := hrScope(g, agency); err != nil {
		return PlanRealisation{}, err
	}
	plan, err := a.repo.DevelopmentPlan(ctx, agency, year)
	if err != nil {
		return PlanRealisation{}, err
	}
	windows, err := a.yearWindows(ctx, year)
	if err != nil {
		return PlanRealisation{}, err
	}
	counts, err := a.repo.Participation(ctx, ParticipationQuery{Year: windows, Agency: agency})
	if err != nil {
		return PlanRealisation{}, err
	}
	taken := make(map[string]domain.Participation, len(counts))
	for _, c := range counts {
		var p domain.Participation
		for st, n := range c.States {
			p.Count(st, n, c.JP, c.CostPerSeat)
		}
		taken[c.Programme] = p
	}
	ids := make([]string, len(plan.Lines))
	for i, l := range plan.Lines {
		ids[i] = l.Programme
	}
	titles, err := a.repo.ProgrammeTitles(ctx, ids)
	if err != nil {
		return PlanRealisation{}, err
	}
	out := PlanRealisation{Plan: plan, Lines: make([]PlanRealisationLine, 0, len(plan.Lines))}
	for _, l := range plan.Lines {
		p := taken[l.Programme]
		delete(taken, l.Programme)
		line := PlanRealisationLine{PlanLine: l, Title: titles[l.Programme], SeatsTaken: p.SeatHolders(), Passed: p.Passed, BudgetUsed: p.Cost}
		out.Lines = append(out.Lines, line)
		out.SeatsTaken += line.SeatsTaken
		out.Passed += line.Passed
		out.BudgetUsed += line.BudgetUsed
	}
	for _, p := range taken {
		out.UnplannedSeats += p.SeatHolders()
		out.UnplannedPassed += p.Passed
		out.UnplannedCost += p.Cost
	}
	return out, nil
}

// ExportPlanRealisation returns GetPlanRealisation's comparison as CSV: a header row, one row per
// plan line in the plan's order, a row with programme "UNPLANNED" (the seats in programmes the
// plan does not list) and a last row with programme "TOTAL" (of the lines and the unplanned
// seats). The columns are programme, title, competency, planned_seats, planned_budget,
// seats_taken, passed and budget_used.
func (a *App) ExportPlanRealisation(ctx context.Context, agency string, year int) ([]byte, error) {
	r, err := a.GetPlanRealisation(ctx, agency, year)
	if err != nil {
		return nil, err
	}
	return PlanRealisationCSV(r)
}

// PlanRealisationCSV writes r as ExportPlanRealisation does.
func PlanRealisationCSV(r PlanRealisation) ([]byte, error) {
	itoa, i64 := strconv.Itoa, func(n int64) string { return strconv.FormatInt(n, 10) }
	records := [][]string{{"programme", "title", "competency", "planned_seats", "planned_budget", "seats_taken", "passed", "budget_used"}}
	for _, l := range r.Lines {
		records = append(records, []string{l.Programme, l.Title, l.Competency, itoa(l.Seats), i64(l.Budget), itoa(l.SeatsTaken),
			itoa(l.Passed), i64(l.BudgetUsed)})
	}
	records = append(records,
		[]string{"UNPLANNED", "", "", "", "", itoa(r.UnplannedSeats), itoa(r.UnplannedPassed), i64(r.UnplannedCost)},
		[]string{"TOTAL", "", "", itoa(r.Plan.Seats()), i64(r.Plan.Budget()), itoa(r.SeatsTaken + r.UnplannedSeats),
			itoa(r.Passed + r.UnplannedPassed), i64(r.BudgetUsed + r.UnplannedCost)})
	return writeCSV("plan realisation", records)
}
