package app

import (
	"bytes"
	"context"
	"fmt"
	"strconv"

	"github.com/simpeg-id/simpeg/platform/csvexport"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

// The CSV exports of the reports: the same rows as the JSON answers, written through
// csvexport (names come from HR input, and a cell a spreadsheet would run as a formula is
// neutralised).

// writeCSV writes records as RFC 4180 CSV through csvexport.
func writeCSV(what string, records [][]string) ([]byte, error) {
	var buf bytes.Buffer
	if err := csvexport.NewWriter(&buf).WriteAll(records); err != nil {
		return nil, fmt.Errorf("writing the %s CSV: %w", what, err)
	}
	return buf.Bytes(), nil
}

// ExportEmployeeJP returns ListEmployeeJP's list, every page of it, as CSV: a header row, one
// row per employee in the list's order, and a last row with employee "TOTAL" whose JP columns
// are the totals of every employee and whose display_name says how many employees there are,
// how many are short now and how many at the projected year end. The columns are employee,
// display_name, agency, employment_type, earned_jp, projected_jp, short_jp and
// projected_short_jp.
func (a *App) ExportEmployeeJP(ctx context.Context, agency string, year int, onlyShort bool) ([]byte, error) {
	l, err := a.employeeJP(ctx, EmployeeJPQuery{Agency: agency, Year: year, OnlyShort: onlyShort})
	if err != nil {
		return nil, err
	}
	return EmployeeJPCSV(l)
}

// EmployeeJPCSV writes l (every row of it) as ExportEmployeeJP does.
func EmployeeJPCSV(l EmployeeJPList) ([]byte, error) {
	rows, totals := l.Rows, l.Totals
	itoa := strconv.Itoa
	records := make([][]string, 0, len(rows)+2)
	records = append(records, []string{"employee", "display_name", "agency", "employment_type", "earned_jp", "projected_jp",
		"short_jp", "projected_short_jp"})
	for _, r := range rows {
		records = append(records, []string{r.Employee, r.Name, r.Agency, r.EmploymentType, itoa(r.Earned), itoa(r.Projected),
			itoa(r.Short()), itoa(r.ProjectedShort())})
	}
	summary := fmt.Sprintf("%d employees; %d short now; %d short at projected year end", totals.Employees, totals.ShortNow, totals.ShortProjected)
	records = append(records, []string{"TOTAL", summary, "", "", itoa(totals.EarnedJP), itoa(totals.ProjectedJP),
		itoa(totals.ShortJP), itoa(totals.ProjectedShortJP)})
	return writeCSV("JP list", records)
}

// ExportParticipationReport returns GetParticipationReport's report as CSV: a header row, one
// row per programme (level "programme"), one per provider (level "provider") and a last row
// with level "TOTAL". The columns are level, programme, title, form, provider, provider_kind,
// jp, cost_per_seat, sessions, capacity, enrolled, waitlisted, passed, failed, did_not_finish,
// completion_rate_percent (passed of finished, one decimal), jp_delivered and cost.
func (a *App) ExportParticipationReport(ctx context.Context, year int, agency string) ([]byte, error) {
	r, err := a.GetParticipationReport(ctx, year, agency)
	if err != nil {
		return nil, err
	}
	return ParticipationCSV(r)
}

// ParticipationCSV writes r as ExportParticipationReport does.
func ParticipationCSV(r ParticipationReport) ([]byte, error) {
	itoa := strconv.Itoa
	figures := func(p domain.Participation) []string {
		return []string{itoa(p.Sessions), itoa(p.Capacity), itoa(p.Enrolled), itoa(p.Waitlisted), itoa(p.Passed),
			itoa(p.Failed), itoa(p.DidNotFinish), strconv.FormatFloat(100*p.CompletionRate(), 'f', 1, 64),
			itoa(p.JPDelivered), strconv.FormatInt(p.Cost, 10)}
	}
	records := [][]string{{"level", "programme", "title", "form", "provider", "provider_kind", "jp", "cost_per_seat",
		"sessions", "capacity", "enrolled", "waitlisted", "passed", "failed", "did_not_finish", "completion_rate_percent",
		"jp_delivered", "cost"}}
	for _, p := range r.Programmes {
		records = append(records, append([]string{"programme", p.Programme, p.Title, p.Form, p.Provider, p.ProviderKind,
			itoa(p.JP), strconv.FormatInt(p.CostPerSeat, 10)}, figures(p.Participation)...))
	}
	for _, p := range r.Providers {
		records = append(records, append([]string{"provider", "", "", "", p.Provider, p.ProviderKind, "", ""},
			figures(p.Participation)...))
	}
	records = append(records, append([]string{"TOTAL", "", "", "", "", "", "", ""}, figures(r.Totals)...))
	return writeCSV("participation", records)
}
