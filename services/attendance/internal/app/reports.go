package app

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"time"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/csvexport"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/resource"
	"github.com/simpeg-id/simpeg/services/attendance/internal/domain"
)

// The reports on closed days: the monthly recap (as rows and as CSV) and the discipline
// thresholds reached. Both read the stored daily statuses and tallies, never the check-ins.
//
// Who sees which rows: city HR and auditors every agency's; agency HR their own agency's;
// a supervisor their own and their subordinates' rows (of the agency asked for); an employee
// their own row.

// Month is a calendar month.
type Month struct {
	Year  int
	Month time.Month
}

// ParseMonth reads "YYYY-MM".
func ParseMonth(s string) (Month, error) {
	t, err := time.Parse("2006-01", s)
	if err != nil {
		return Month{}, fmt.Errorf("must be a month YYYY-MM, got %q", s)
	}
	return Month{t.Year(), t.Month()}, nil
}

func (m Month) String() string { return fmt.Sprintf("%04d-%02d", m.Year, int(m.Month)) }

// First returns the month's first date.
func (m Month) First() domain.Date { return domain.Date{Year: m.Year, Month: m.Month, Day: 1} }

// Last returns the month's last date.
func (m Month) Last() domain.Date {
	return domain.DateOf(time.Date(m.Year, m.Month+1, 0, 0, 0, 0, 0, time.UTC))
}

// RecapRow is one employee's month, or the totals of the rows.
type RecapRow struct {
	Employee string
	// Name is the employee's name with titles, from the directory copy ("" for totals).
	Name string
	// WorkingDays are the closed days that were working days for the employee (status not
	// holiday); the other counts split them.
	WorkingDays       int
	PresentDays       int
	LateDays          int
	LateMinutes       int
	EarlyDepartures   int
	EarlyMinutes      int
	LeaveDays         int
	UnexcusedAbsences int
	// LeaveByType are the days on leave by leave type.
	LeaveByType map[string]int
}

// add adds r's counts to t.
func (t *RecapRow) add(r RecapRow) {
	t.WorkingDays += r.WorkingDays
	t.PresentDays += r.PresentDays
	t.LateDays += r.LateDays
	t.LateMinutes += r.LateMinutes
	t.EarlyDepartures += r.EarlyDepartures
	t.EarlyMinutes += r.EarlyMinutes
	t.LeaveDays += r.LeaveDays
	t.UnexcusedAbsences += r.UnexcusedAbsences
	for k, n := range r.LeaveByType {
		if t.LeaveByType == nil {
			t.LeaveByType = map[string]int{}
		}
		t.LeaveByType[k] += n
	}
}

// MonthlyRecap is a month of an agency (of every agency when Agency is empty).
type MonthlyRecap struct {
	Agency string
	Month  Month
	// Rows are the employees with closed days in the month, by NIP.
	Rows []RecapRow
	// Totals sums Rows.
	Totals RecapRow
}

// RecapQuery selects the closed days a recap sums.
type RecapQuery struct {
	// Agency is the agency the days were closed for; "" for every agency.
	Agency string
	Month  Month
	// Employee, when set, keeps that employee's days only.
	Employee string
	// Under, when set, keeps the days of that employee and everyone below them in the
	// supervisor tree.
	Under string
}

// TallyQuery selects the tallies of a discipline report.
type TallyQuery struct {
	Year int
	// Agency is the employees' current agency; "" for every agency.
	Agency string
	// Employee and Under narrow the employees as in RecapQuery.
	Employee, Under string
	// MinDays and MinRun: tallies with at least MinDays days (absent days plus the days their
	// lateness minutes count for at MinutesPerDay; 0: absent days only) or a longest run of at
	// least MinRun.
	MinDays, MinRun, MinutesPerDay int
}

// reportScope narrows a report of agency ("" for every agency) to what g may see, returning the
// agency and the employee filters of the query.
func reportScope(g auth.Grant, agency string) (string, string, string, error) {
	switch g.Scope {
	case auth.ScopeAll:
		return agency, "", "", nil
	case auth.ScopeAgency:
		if agency == "" {
			agency = g.Agency
		}
		if g.Agency == "" || agency != g.Agency {
			return "", "", "", errs.Deniedf("%s (agency %q) may not see reports of agency %q", g.Subject, g.Agency, agency)
		}
		return agency, "", "", nil
	case auth.ScopeSubordinates:
		return agency, "", g.Subject, nil
	case auth.ScopeSelf:
		return agency, g.Subject, "", nil
	}
	return "", "", "", errs.Deniedf("%s (%s scope) may not see reports", g.Subject, g.Scope)
}

// GetMonthlyRecap sums an agency's closed days of month per employee: working days, days
// present, late (days and minutes), early departures (days and minutes), leave by type and
// unexcused absences, with the totals of the rows the caller may see. An empty agency means
// every agency, for city-wide callers only.
func (a *App) GetMonthlyRecap(ctx context.Context, agency string, month Month) (MonthlyRecap, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return MonthlyRecap{}, err
	}
	if month.Year < 1900 || month.Year > 9999 || month.Month < time.January || month.Month > time.December {
		return MonthlyRecap{}, errs.Invalidf("month", "must be a month YYYY-MM, got %s", month)
	}
	if agency == "" && g.Scope != auth.ScopeAll {
		return MonthlyRecap{}, errs.Invalidf("agency", "is required")
	}
	q := RecapQuery{Month: month}
	if q.Agency, q.Employee, q.Under, err = reportScope(g, agency); err != nil {
		return MonthlyRecap{}, err
	}
	days := a.repo
	rows, err := days.MonthlyRecap(ctx, q)
	if err != nil {
		return MonthlyRecap{}, err
	}
	out := MonthlyRecap{Agency: agency, Month: month, Rows: rows}
	for _, r := range rows {
		out.Totals.add(r)
	}
	return out, nil
}

// RecapCSVContentType is the media type of ExportMonthlyRecap's file.
const RecapCSVContentType = "text/csv; charset=utf-8"

// recapLeaveColumn is the CSV column of a leave type's days.
func recapLeaveColumn(t string) string { return "leave_" + t }

// ExportMonthlyRecap returns GetMonthlyRecap's month as CSV (RFC 4180, comma-separated): a
// header row, one row per employee by NIP, and a last row with employee "TOTAL". The columns
// are employee, display_name, working_days, present_days, late_days, late_minutes,
// early_departures, early_minutes, leave_days, one leave_<type> column per leave type (the
// seven types, then any other type found), and unexcused_absences.
func (a *App) ExportMonthlyRecap(ctx context.Context, agency string, month Month) ([]byte, error) {
	r, err := a.GetMonthlyRecap(ctx, agency, month)
	if err != nil {
		return nil, err
	}
	return RecapCSV(r)
}

// RecapCSV writes r as ExportMonthlyRecap does.
func RecapCSV(r MonthlyRecap) ([]byte, error) {
	types := make([]string, 0, 8)
	for _, t := range domain.LeaveTypes() {
		types = append(types, string(t))
	}
	for _, t := range slices.Sorted(maps.Keys(r.Totals.LeaveByType)) {
		if !slices.Contains(types, t) {
			types = append(types, t)
		}
	}
	header := []string{"employee", "display_name", "working_days", "present_days", "late_days", "late_minutes",
		"early_departures", "early_minutes", "leave_days"}
	for _, t := range types {
		header = append(header, recapLeaveColumn(t))
	}
	header = append(header, "unexcused_absences")
	var buf bytes.Buffer
	// Names come from HR input: csvexport neutralises a cell a spreadsheet would run as a formula.
	w := csvexport.NewWriter(&buf)
	if err := w.Write(header); err != nil {
		return nil, err
	}
	row := func(employee, name string, x RecapRow) []string {
		rec := make([]string, 0, len(header))
		rec = append(rec, employee, name)
		for _, n := range []int{x.WorkingDays, x.PresentDays, x.LateDays, x.LateMinutes, x.EarlyDepartures, x.EarlyMinutes, x.LeaveDays} {
			rec = append(rec, strconv.Itoa(n))
		}
		for _, t := range types {
			rec = append(rec, strconv.Itoa(x.LeaveByType[t]))
		}
		return append(rec, strconv.Itoa(x.UnexcusedAbsences))
	}
	for _, x := range r.Rows {
		if err := w.Write(row(x.Employee, x.Name, x)); err != nil {
			return nil, err
		}
	}
	if err := w.Write(row("TOTAL", "", r.Totals)); err != nil {
		return nil, err
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return nil, fmt.Errorf("writing the recap CSV: %w", err)
	}
	return buf.Bytes(), nil
}

// ListDisciplineThresholds lists the employees whose unexcused absence in year reached a
// PP 94/2021 threshold (domain.Threshold: 3 days or more, or 10 consecutive working days), each
// with the highest threshold reached, most severe first (then by days, longest run, NIP). The
// days compared are the absent days plus the days the year's late and early minutes count for
// (Peraturan BKN 6/2022; Policy.LatenessMinutesPerDay), each part shown in the report.
// agency narrows the list to the employees now in that agency; an agency HR caller's list is
// their agency's, a supervisor's their own and their subordinates', an employee's their own.
func (a *App) ListDisciplineThresholds(ctx context.Context, year int, agency string) ([]SanctionReport, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return nil, err
	}
	if year < 2000 || year > 2100 {
		return nil, errs.Invalidf("year", "must be from 2000 to 2100, got %d", year)
	}
	q := TallyQuery{
		Year:    year,
		MinDays: domain.SanctionFor(domain.SanctionOralReprimand).MinDays,
		MinRun:  domain.DischargeConsecutiveDays,
		// The conversion of the policy now in force, over the year's stored minutes.
		MinutesPerDay: a.policy.LatenessMinutesPerDay,
	}
	if q.Agency, q.Employee, q.Under, err = reportScope(g, agency); err != nil {
		return nil, err
	}
	days := a.repo
	tallies, err := days.AbsenceTallies(ctx, q)
	if err != nil {
		return nil, err
	}
	out := make([]SanctionReport, 0, len(tallies))
	for _, t := range tallies {
		s := t.Sanction(q.MinutesPerDay)
		if s.Level == domain.SanctionNone {
			continue
		}
		t.Year = year
		out = append(out, sanctionReport(t.Employee, t.Agency, t.AbsenceTally, q.MinutesPerDay, s))
	}
	sortSanctions(out)
	return out, nil
}
