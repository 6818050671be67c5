package app

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/simpeg-id/simpeg/platform/csvexport"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
)

// The CSV exports of the reports: the JSON answers' rows with a header row in English
// snake_case and numbers unformatted, written through csvexport (names come from HR input, and a
// cell a spreadsheet would run as a formula is neutralised).

// writeCSV writes records as RFC 4180 CSV.
func writeCSV(what string, records [][]string) ([]byte, error) {
	var buf bytes.Buffer
	if err := csvexport.NewWriter(&buf).WriteAll(records); err != nil {
		return nil, fmt.Errorf("writing the %s CSV: %w", what, err)
	}
	return buf.Bytes(), nil
}

// ExportSkpCompletionReport returns every line of GetSkpCompletionReport as CSV, with the
// columns agency, employee, employee_name, issue, skp, state, appraiser, period and due_date.
func (a *App) ExportSkpCompletionReport(ctx context.Context, year int, agency string) ([]byte, error) {
	agency, err := reportScope(ctx, year, agency)
	if err != nil {
		return nil, err
	}
	q, _, err := a.completionQuery(ctx, year, agency)
	if err != nil {
		return nil, err
	}
	records := [][]string{{"agency", "employee", "employee_name", "issue", "skp", "state", "appraiser", "period", "due_date"}}
	var after CompletionKey
	for {
		lines, err := a.repo.ReportCompletionLines(ctx, q, after, maxCompletionPage)
		if err != nil {
			return nil, err
		}
		for _, l := range lines {
			skp := ""
			if l.Skp != "" {
				skp = SkpName(l.Skp)
			}
			records = append(records, []string{l.Agency, l.Employee, l.EmployeeName, string(l.Issue), skp, string(l.State),
				l.Appraiser, l.Period, l.DueDate})
		}
		if len(lines) < maxCompletionPage {
			return writeCSV("SKP completion", records)
		}
		after = lines[len(lines)-1].CompletionKey
	}
}

// ExportPredicateDistributionReport returns GetPredicateDistributionReport's rows as CSV, then
// a last row with level "city". The columns are level (agency, unit or city), agency, unit,
// organisation_predicate, population, rated, one count per predicate (sangat_baik … sangat_kurang),
// bounds (each rule of the agency's row with its current count and limit) and bounds_satisfied
// (true, false, or empty where no rule applies).
func (a *App) ExportPredicateDistributionReport(ctx context.Context, year int, agency string, byUnit bool) ([]byte, error) {
	r, err := a.GetPredicateDistributionReport(ctx, year, agency, byUnit)
	if err != nil {
		return nil, err
	}
	header := []string{"level", "agency", "unit", "organisation_predicate", "population", "rated"}
	for _, p := range domain.Predicates() {
		header = append(header, string(p))
	}
	records := [][]string{append(header, "bounds", "bounds_satisfied")}
	row := func(level string, d Distribution) []string {
		rec := []string{level, d.Agency, d.Unit, string(d.Organisation), strconv.Itoa(d.Tally.Population), strconv.Itoa(d.Tally.Rated())}
		for _, p := range domain.Predicates() {
			rec = append(rec, strconv.Itoa(d.Tally.Counts[p]))
		}
		return append(rec, describeBounds(d.Bounds)...)
	}
	for _, d := range r.Rows {
		level := "agency"
		if d.Unit != "" {
			level = "unit"
		}
		records = append(records, row(level, d))
	}
	records = append(records, row("city", r.City))
	return writeCSV("predicate distribution", records)
}

// describeBounds is the bounds and bounds_satisfied cells of a distribution row: "at most 70 %
// Sangat Baik or Baik: 7 of limit 7; …" and whether every rule holds.
func describeBounds(bounds []domain.BoundStatus) []string {
	if len(bounds) == 0 {
		return []string{"", ""}
	}
	parts := make([]string, len(bounds))
	ok := true
	for i, b := range bounds {
		parts[i] = fmt.Sprintf("%s: %d of limit %d", b.Bound.Describe(), b.Current, b.Limit)
		ok = ok && b.Satisfied
	}
	return []string{strings.Join(parts, "; "), strconv.FormatBool(ok)}
}

// ExportFeedbackActivityReport returns GetFeedbackActivityReport's rows as CSV, with the
// columns period, agency, appraiser, appraiser_name, skps, feedback, dialogues and
// skps_without_feedback.
func (a *App) ExportFeedbackActivityReport(ctx context.Context, year int, period, agency string) ([]byte, error) {
	r, err := a.GetFeedbackActivityReport(ctx, year, period, agency)
	if err != nil {
		return nil, err
	}
	itoa := strconv.Itoa
	records := [][]string{{"period", "agency", "appraiser", "appraiser_name", "skps", "feedback", "dialogues", "skps_without_feedback"}}
	for _, f := range r.Rows {
		records = append(records, []string{r.Period.ID, f.Agency, f.Appraiser, f.AppraiserName, itoa(f.SKPs), itoa(f.Feedback),
			itoa(f.Dialogues), itoa(f.SKPsWithout)})
	}
	return writeCSV("feedback activity", records)
}

// ExportCreditPointReport returns GetCreditPointReport as CSV: one row per line (row "line"),
// then one per employee (row "total", with only the employee's columns and credit_points). The
// columns are row, agency, employee, employee_name, skp, level, coefficient, predicate, percent,
// months and credit_points (three decimals).
func (a *App) ExportCreditPointReport(ctx context.Context, year int, agency string) ([]byte, error) {
	r, err := a.GetCreditPointReport(ctx, year, agency, "")
	if err != nil {
		return nil, err
	}
	records := [][]string{{"row", "agency", "employee", "employee_name", "skp", "level", "coefficient", "predicate", "percent",
		"months", "credit_points"}}
	for _, l := range r.Lines {
		records = append(records, []string{"line", l.Agency, l.Employee, l.EmployeeName, SkpName(l.Skp), string(l.Level),
			strconv.FormatFloat(l.Coefficient, 'f', -1, 64), string(l.Predicate), strconv.Itoa(l.Percent), strconv.Itoa(l.Months),
			l.Points.String()})
	}
	for _, t := range r.Totals {
		records = append(records, []string{"total", t.Agency, t.Employee, t.EmployeeName, "", "", "", "", "", "", t.Points.String()})
	}
	return writeCSV("credit point", records)
}
