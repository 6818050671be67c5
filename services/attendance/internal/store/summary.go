package store

import (
	"context"
	"fmt"

	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/services/attendance/internal/app"
	"github.com/simpeg-id/simpeg/services/attendance/internal/domain"
)

// The attendance summary of the dashboards (app/summary.go): one grouped query over the closed
// days, answered from the covering index daily_statuses_summary (migrations/00007_summary.sql)
// without visiting the table.

// summaryFilter returns the WHERE clause of q over daily_statuses and its arguments.
func summaryFilter(q app.SummaryQuery) (string, []any) {
	where, args := `date >= $1 AND date <= $2`, []any{q.From.String(), q.To.String()}
	if q.Agency != "" {
		where += ` AND agency = $3`
		args = append(args, q.Agency)
	}
	return where, args
}

// SummaryDays sums q's closed days per agency and date, and counts the days on leave per agency
// and leave type, in one scan of the index: it counts the days per date, agency, status,
// leave type and late and early flags (a few rows per agency and date) and sums those here.
func (r reader) SummaryDays(ctx context.Context, q app.SummaryQuery) ([]app.SummaryDay, map[string]map[string]int, error) {
	where, args := summaryFilter(q)
	var (
		days  []app.SummaryDay
		leave = map[string]map[string]int{}
	)
	err := database.QueryEach(ctx, r.q, func(sc database.Scanner) error {
		var (
			date, agency, status, typ              string
			late, early, n, lateMinutes, earlyMins int
		)
		if err := sc.Scan(&date, &agency, &status, &typ, &late, &early, &n, &lateMinutes, &earlyMins); err != nil {
			return err
		}
		d, err := domain.ParseDate(date)
		if err != nil {
			return fmt.Errorf("stored daily status date: %w", err)
		}
		if k := len(days) - 1; k < 0 || days[k].Date != d || days[k].Agency != agency {
			days = append(days, app.SummaryDay{Agency: agency, Date: d})
		}
		c := &days[len(days)-1].SummaryCounts
		switch domain.DailyStatus(status) {
		case domain.DailyHoliday:
			return nil
		case domain.DailyPresent:
			c.Present += n
			c.Late += late * n
			c.EarlyDepartures += early * n
			c.LateMinutes += lateMinutes
			c.EarlyMinutes += earlyMins
		case domain.DailyOnLeave:
			c.OnLeave += n
			if leave[agency] == nil {
				leave[agency] = map[string]int{}
			}
			leave[agency][typ] += n
		case domain.DailyAbsent:
			c.Absent += n
		}
		c.Expected += n
		return nil
	}, `SELECT date, agency, status, leave_type, late, early_departure, COUNT(*), SUM(late_minutes), SUM(early_minutes)
		FROM daily_statuses WHERE `+where+`
		GROUP BY date, agency, status, leave_type, late, early_departure
		ORDER BY date, agency`, args...)
	if err != nil {
		return nil, nil, fmt.Errorf("summing daily statuses by agency and date: %w", err)
	}
	return days, leave, nil
}

// AgencyNames returns the directory copy's agency (and unit) names by code.
func (r reader) AgencyNames(ctx context.Context) (map[string]string, error) {
	out := map[string]string{}
	err := database.QueryEach(ctx, r.q, func(sc database.Scanner) error {
		var code, name string
		if err := sc.Scan(&code, &name); err != nil {
			return err
		}
		out[code] = name
		return nil
	}, `SELECT code, display_name FROM directory_agencies`)
	if err != nil {
		return nil, fmt.Errorf("reading agency names: %w", err)
	}
	return out, nil
}
