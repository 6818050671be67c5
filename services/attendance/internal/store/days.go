package store

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/services/attendance/internal/app"
	"github.com/simpeg-id/simpeg/services/attendance/internal/domain"
	"github.com/simpeg-id/simpeg/services/planning/directory"
)

// Closed days and the absence tallies (migrations/00004_days.sql), and the reads that closing a
// day and the reports need from the directory copy (directory_employees, in the same database),
// the check-ins and the roster.

// inChunk is how many employees one IN list carries at most (database.EachIn and its kin), well under
// both engines' limits on parameters.
const inChunk = 1000

// ActiveEmployees returns the directory copy's employees serving in agency (every agency when
// empty) on date, by NIP, each with the agency and unit in force that day: those of the
// assignment period covering date (directory.PeriodOn), else the record's own. An employee
// counts when active, or when a period covers date (a past day of one who has since left).
func (r reader) ActiveEmployees(ctx context.Context, agency string, date domain.Date) ([]directory.Employee, error) {
	q := `SELECT e.nip, e.display_name, e.sex, e.birth_date, e.appointment_date, e.employment_type, e.rank,
		COALESCE(p.agency, e.agency), COALESCE(p.unit, e.unit), e.position, e.supervisor, e.status, e.version
		FROM directory_employees e LEFT JOIN directory_assignments p ON ` + directory.PeriodOn(1) + `
		WHERE (e.status = 'active' OR p.nip IS NOT NULL)`
	args := []any{date.String()}
	if agency != "" {
		q += ` AND COALESCE(p.agency, e.agency) = $2`
		args = append(args, agency)
	}
	out, err := database.Query(ctx, r.q, func(sc database.Scanner) (directory.Employee, error) {
		var e directory.Employee
		err := sc.Scan(&e.NIP, &e.DisplayName, &e.Sex, &e.BirthDate, &e.AppointmentDate, &e.EmploymentType, &e.Rank,
			&e.Agency, &e.Unit, &e.Position, &e.Supervisor, &e.Status, &e.Version)
		return e, err
	}, q+` ORDER BY e.nip`, args...)
	if err != nil {
		return nil, fmt.Errorf("listing active employees: %w", err)
	}
	return out, nil
}

// RecordsOn returns the records of employees whose working date is date, by employee and
// device time: one query per inChunk employees, each an index seek per employee.
func (r reader) RecordsOn(ctx context.Context, date domain.Date, employees []string) ([]app.Record, error) {
	out, err := database.QueryIn(ctx, r.q, employees, inChunk, scanRecord, func(list string) string {
		return `SELECT ` + recordCols + recordFrom + `
			WHERE r.work_date = $1 AND r.employee IN (` + list + `)
			ORDER BY r.employee, r.device_time, r.client_id`
	}, date.String())
	if err != nil {
		return nil, fmt.Errorf("listing the day's attendance records: %w", err)
	}
	return out, nil
}

// RosterBetween returns the roster entries of employees from from to to.
func (r reader) RosterBetween(ctx context.Context, employees []string, from, to domain.Date) ([]app.RosterEntry, error) {
	out, err := database.QueryIn(ctx, r.q, employees, inChunk, scanRosterEntry, func(list string) string {
		return `SELECT employee, date, shift FROM roster WHERE date >= $1 AND date <= $2 AND employee IN (` + list + `)`
	}, from.String(), to.String())
	if err != nil {
		return nil, fmt.Errorf("listing rosters: %w", err)
	}
	return out, nil
}

// Rostered returns which of employees have a roster entry from from to to.
func (r reader) Rostered(ctx context.Context, employees []string, from, to domain.Date) (map[string]bool, error) {
	out, err := database.SetIn(ctx, r.q, employees, inChunk, func(list string) string {
		return `SELECT DISTINCT employee FROM roster WHERE date >= $1 AND date <= $2 AND employee IN (` + list + `)`
	}, from.String(), to.String())
	if err != nil {
		return nil, fmt.Errorf("listing rostered employees: %w", err)
	}
	return out, nil
}

// ---- daily statuses ----

const dailyCols = `employee, date, agency, status, reason, holiday, leave_type, late, late_minutes, early_departure,
	early_minutes, incomplete`

// monthOf is the month column of a date: "YYYY-MM".
func monthOf(d domain.Date) string { return d.String()[:7] }

// ListDailyStatuses returns the employee's closed days from from to to, by date.
func (r reader) ListDailyStatuses(ctx context.Context, employee string, from, to domain.Date) ([]app.DailyStatus, error) {
	out, err := database.Query(ctx, r.q, scanDailyStatus, `SELECT `+dailyCols+` FROM daily_statuses
		WHERE employee = $1 AND date >= $2 AND date <= $3 ORDER BY date`, employee, from.String(), to.String())
	if err != nil {
		return nil, fmt.Errorf("listing daily statuses: %w", err)
	}
	return out, nil
}

func scanDailyStatus(sc database.Scanner) (app.DailyStatus, error) {
	var (
		s                                app.DailyStatus
		date, status, reason             string
		late, earlyDeparture, incomplete int
		lateMinutes, earlyMinutes        int
		err                              error
	)
	if err := sc.Scan(&s.Employee, &date, &s.Agency, &status, &reason, &s.Holiday, &s.LeaveType, &late, &lateMinutes,
		&earlyDeparture, &earlyMinutes, &incomplete); err != nil {
		return s, err
	}
	if s.Date, err = domain.ParseDate(date); err != nil {
		return s, fmt.Errorf("stored daily status date: %w", err)
	}
	s.Status, s.Reason = domain.DailyStatus(status), domain.DayReason(reason)
	s.Late, s.LateMinutes = late != 0, lateMinutes
	s.EarlyDeparture, s.EarlyMinutes = earlyDeparture != 0, earlyMinutes
	s.Incomplete = incomplete != 0
	return s, nil
}

// LockDayClosing updates the one row of day_closing_lock: on PostgreSQL the row lock makes
// concurrent closings queue until this transaction ends; SQLite serializes writers anyway.
func (t *txn) LockDayClosing(ctx context.Context) error {
	_, err := t.tx.ExecContext(ctx, `UPDATE day_closing_lock SET closing = closing + 1 WHERE id = 1`)
	if err != nil {
		return fmt.Errorf("taking the day-closing lock: %w", err)
	}
	return nil
}

// DailyStatusesOn returns the stored day of each of employees on date, if closed (Date, Status,
// LateMinutes and EarlyMinutes set). The range of the NIPs besides their list: when PostgreSQL's
// statistics still say the table is empty (analyzed before the first closes, not yet again), the
// prepared statement's generic plan scans it and compares each row with the thousand
// parameters one by one; the range, cheaper, goes first and leaves the list the batch's own
// rows (a re-close of the city on freshly analyzed empty tables: 13 s before, 2.4 s with it;
// docs/benchmarks.md).
func (t *txn) DailyStatusesOn(ctx context.Context, date domain.Date, employees []string) (map[string]domain.DayRecord, error) {
	out := make(map[string]domain.DayRecord, len(employees))
	if len(employees) == 0 {
		return out, nil
	}
	err := database.EachIn(ctx, t.tx, employees, inChunk, func(sc database.Scanner) error {
		var (
			nip, status string
			late, early int
		)
		if err := sc.Scan(&nip, &status, &late, &early); err != nil {
			return err
		}
		out[nip] = domain.DayRecord{Date: date, Status: domain.DailyStatus(status), LateMinutes: late, EarlyMinutes: early}
		return nil
	}, func(list string) string {
		return `SELECT employee, status, late_minutes, early_minutes FROM daily_statuses
			WHERE date = $1 AND employee >= $2 AND employee <= $3 AND employee IN (` + list + `)`
	}, date.String(), slices.Min(employees), slices.Max(employees))
	if err != nil {
		return nil, fmt.Errorf("reading daily statuses: %w", err)
	}
	return out, nil
}

// dailyChanged is the condition of PutDailyStatuses' upsert: a stored day is rewritten only
// when something in it changed. A re-close of an unchanged day then writes no new row version
// on PostgreSQL (no dead tuple, no entries in the four indexes) and no page on SQLite; every
// column is NOT NULL, so <> compares them on both engines.
const dailyChanged = `(daily_statuses.agency <> excluded.agency OR daily_statuses.status <> excluded.status
	OR daily_statuses.reason <> excluded.reason OR daily_statuses.holiday <> excluded.holiday
	OR daily_statuses.leave_type <> excluded.leave_type OR daily_statuses.late <> excluded.late
	OR daily_statuses.late_minutes <> excluded.late_minutes OR daily_statuses.early_departure <> excluded.early_departure
	OR daily_statuses.early_minutes <> excluded.early_minutes OR daily_statuses.incomplete <> excluded.incomplete)`

// PutDailyStatuses stores statuses, replacing those of the same employee and date (leaving
// those unchanged as they are), a few hundred rows a statement.
func (t *txn) PutDailyStatuses(ctx context.Context, statuses []app.DailyStatus) error {
	const cols = 13
	err := database.Chunks(statuses, 400, func(part []app.DailyStatus) error {
		args := make([]any, 0, len(part)*cols)
		for _, s := range part {
			args = append(args, s.Employee, s.Date.String(), s.Agency, string(s.Status), string(s.Reason), s.Holiday, s.LeaveType,
				boolInt(s.Late), s.LateMinutes, boolInt(s.EarlyDeparture), s.EarlyMinutes, boolInt(s.Incomplete), monthOf(s.Date))
		}
		_, err := t.tx.ExecContext(ctx, `INSERT INTO daily_statuses (`+dailyCols+`, month) VALUES `+database.Values(1, len(part), cols)+`
			ON CONFLICT (employee, date) DO UPDATE SET agency = excluded.agency, status = excluded.status,
			reason = excluded.reason, holiday = excluded.holiday, leave_type = excluded.leave_type, late = excluded.late,
			late_minutes = excluded.late_minutes, early_departure = excluded.early_departure,
			early_minutes = excluded.early_minutes, incomplete = excluded.incomplete
			WHERE `+dailyChanged, args...)
		return err
	})
	if err != nil {
		return fmt.Errorf("storing daily statuses: %w", err)
	}
	return nil
}

// ---- absence tallies ----

// TalliesOf returns the stored tallies of employees for years year-1 and year.
func (t *txn) TalliesOf(ctx context.Context, employees []string, year int) (map[string]map[int]domain.AbsenceTally, error) {
	out := make(map[string]map[int]domain.AbsenceTally, len(employees))
	err := database.EachIn(ctx, t.tx, employees, inChunk, func(sc database.Scanner) error {
		x, err := scanTally(sc)
		if err != nil {
			return err
		}
		if out[x.Employee] == nil {
			out[x.Employee] = map[int]domain.AbsenceTally{}
		}
		out[x.Employee][x.Year] = x.AbsenceTally
		return nil
	}, func(list string) string {
		return `SELECT employee, '' AS agency, year, days, run, longest_run, last_date, lateness_minutes FROM absence_tallies
			WHERE year >= $1 AND year <= $2 AND employee IN (` + list + `)`
	}, year-1, year)
	if err != nil {
		return nil, fmt.Errorf("reading absence tallies: %w", err)
	}
	return out, nil
}

// scanTally reads an employee's tally: employee, agency (the directory copy's, or empty where the
// query has no use for it), year, days, run, longest_run, last_date, lateness_minutes.
func scanTally(sc database.Scanner) (app.EmployeeTally, error) {
	var (
		x    app.EmployeeTally
		last string
		err  error
	)
	if err := sc.Scan(&x.Employee, &x.Agency, &x.Year, &x.Days, &x.Run, &x.LongestRun, &last, &x.LatenessMinutes); err != nil {
		return x, err
	}
	if last != "" {
		if x.Last, err = domain.ParseDate(last); err != nil {
			return x, fmt.Errorf("stored tally date: %w", err)
		}
	}
	return x, nil
}

// YearStatuses returns the closed days of employees in year, each employee's by date (Date,
// Status, LateMinutes and EarlyMinutes set), from the covering index daily_statuses_year
// alone (migrations/00009_tally_index.sql: an employee's year lies on a page per day in the
// table). The NIPs' range besides their list, as in DailyStatusesOn: a generic plan then reads
// them by employee, not by the date.
func (t *txn) YearStatuses(ctx context.Context, employees []string, year int) (map[string][]domain.DayRecord, error) {
	out := make(map[string][]domain.DayRecord, len(employees))
	if len(employees) == 0 {
		return out, nil
	}
	from := domain.Date{Year: year, Month: 1, Day: 1}
	to := domain.Date{Year: year, Month: 12, Day: 31}
	err := database.EachIn(ctx, t.tx, employees, inChunk, func(sc database.Scanner) error {
		var (
			nip, date, status string
			late, early       int
		)
		if err := sc.Scan(&nip, &date, &status, &late, &early); err != nil {
			return err
		}
		d, err := domain.ParseDate(date)
		if err != nil {
			return fmt.Errorf("stored daily status date: %w", err)
		}
		out[nip] = append(out[nip], domain.DayRecord{Date: d, Status: domain.DailyStatus(status), LateMinutes: late, EarlyMinutes: early})
		return nil
	}, func(list string) string {
		return `SELECT employee, date, status, late_minutes, early_minutes FROM daily_statuses
			WHERE date >= $1 AND date <= $2 AND employee >= $3 AND employee <= $4 AND employee IN (` + list + `)
			ORDER BY employee, date`
	}, from.String(), to.String(), slices.Min(employees), slices.Max(employees))
	if err != nil {
		return nil, fmt.Errorf("reading the year's daily statuses: %w", err)
	}
	return out, nil
}

// PutTallies stores tallies, replacing those of the same employee and year.
func (t *txn) PutTallies(ctx context.Context, tallies []app.EmployeeTally) error {
	const cols = 7
	err := database.Chunks(tallies, database.DefaultBatch, func(part []app.EmployeeTally) error {
		args := make([]any, 0, len(part)*cols)
		for _, a := range part {
			args = append(args, a.Employee, a.Year, a.Days, a.Run, a.LongestRun, a.Last.String(), a.LatenessMinutes)
		}
		_, err := t.tx.ExecContext(ctx, `INSERT INTO absence_tallies (employee, year, days, run, longest_run, last_date, lateness_minutes)
			VALUES `+database.Values(1, len(part), cols)+` ON CONFLICT (employee, year) DO UPDATE SET days = excluded.days,
			run = excluded.run, longest_run = excluded.longest_run, last_date = excluded.last_date,
			lateness_minutes = excluded.lateness_minutes`, args...)
		return err
	})
	if err != nil {
		return fmt.Errorf("storing absence tallies: %w", err)
	}
	return nil
}

// ---- reports ----

// teamCTE is the recursive query of an employee and everyone below them in the supervisor
// tree, as a WITH clause naming team(nip); $n is the employee. UNION (not UNION ALL) ends a
// cycle in a damaged tree.
func teamCTE(n int) string {
	return `WITH RECURSIVE team(nip) AS (
		SELECT nip FROM directory_employees WHERE nip = $` + strconv.Itoa(n) + `
		UNION
		SELECT e.nip FROM directory_employees e JOIN team ON e.supervisor = team.nip
	) `
}

// recapFilter returns the WHERE clause of q over daily_statuses (no alias), the WITH clause it
// needs (or ""), and the arguments.
func recapFilter(q app.RecapQuery) (where, with string, args []any) {
	args = []any{q.Month.String()}
	where = `month = $1`
	if q.Agency != "" {
		args = append(args, q.Agency)
		where += ` AND agency = $` + strconv.Itoa(len(args))
	}
	if q.Employee != "" {
		args = append(args, q.Employee)
		where += ` AND employee = $` + strconv.Itoa(len(args))
	}
	if q.Under != "" {
		args = append(args, q.Under)
		with = teamCTE(len(args))
		where += ` AND employee IN (SELECT nip FROM team)`
	}
	return where, with, args
}

// MonthlyRecap sums the closed days of q per employee, by NIP: one aggregate query over
// daily_statuses (conditional sums per employee, answered from the covering index on agency and
// month, or on month for the whole city, in employee order), joined with the directory copy for
// names; then the leave days by type, from a second grouped query over the days on leave only.
func (r reader) MonthlyRecap(ctx context.Context, q app.RecapQuery) ([]app.RecapRow, error) {
	where, with, args := recapFilter(q)
	out, err := database.Query(ctx, r.q, func(sc database.Scanner) (app.RecapRow, error) {
		var x app.RecapRow
		err := sc.Scan(&x.Employee, &x.Name, &x.WorkingDays, &x.PresentDays, &x.LateDays, &x.LateMinutes,
			&x.EarlyDepartures, &x.EarlyMinutes, &x.LeaveDays, &x.UnexcusedAbsences)
		return x, err
	}, with+`SELECT s.employee, COALESCE(e.display_name, ''), s.working, s.present, s.late_days,
			s.late_minutes, s.early_days, s.early_minutes, s.leave_days, s.absent
		FROM (
			SELECT employee,
				SUM(CASE WHEN status <> 'holiday' THEN 1 ELSE 0 END) AS working,
				SUM(CASE WHEN status = 'present' THEN 1 ELSE 0 END) AS present,
				SUM(late) AS late_days,
				SUM(late_minutes) AS late_minutes,
				SUM(early_departure) AS early_days,
				SUM(early_minutes) AS early_minutes,
				SUM(CASE WHEN status = 'on_leave' THEN 1 ELSE 0 END) AS leave_days,
				SUM(CASE WHEN status = 'absent' THEN 1 ELSE 0 END) AS absent
			FROM daily_statuses WHERE `+where+`
			GROUP BY employee
		) s LEFT JOIN directory_employees e ON e.nip = s.employee
		ORDER BY s.employee`, args...)
	if err != nil {
		return nil, fmt.Errorf("summing daily statuses: %w", err)
	}
	index := make(map[string]int, len(out))
	for i, x := range out {
		index[x.Employee] = i
	}
	err = database.QueryEach(ctx, r.q, func(sc database.Scanner) error {
		var (
			nip, typ string
			n        int
		)
		if err := sc.Scan(&nip, &typ, &n); err != nil {
			return err
		}
		if i, ok := index[nip]; ok {
			if out[i].LeaveByType == nil {
				out[i].LeaveByType = map[string]int{}
			}
			out[i].LeaveByType[typ] += n
		}
		return nil
	}, with+`SELECT employee, leave_type, COUNT(*) FROM daily_statuses
		WHERE `+where+` AND status = 'on_leave' GROUP BY employee, leave_type`, args...)
	if err != nil {
		return nil, fmt.Errorf("summing leave days: %w", err)
	}
	return out, nil
}

// AbsenceTallies returns the tallies of q's year that reach at least q.MinDays days (with the
// lateness minutes converted at q.MinutesPerDay) or a run of q.MinRun, with each employee's
// current agency from the directory copy ("" when not there).
func (r reader) AbsenceTallies(ctx context.Context, q app.TallyQuery) ([]app.EmployeeTally, error) {
	args := []any{q.Year, q.MinDays, q.MinRun}
	where := `t.year = $1 AND (t.days >= $2 OR t.longest_run >= $3)`
	if q.MinutesPerDay > 0 {
		// days + floor(minutes / perDay) >= min  <=>  days * perDay + minutes >= min * perDay,
		// without a division whose rounding differs between the engines.
		args = []any{q.Year, q.MinDays * q.MinutesPerDay, q.MinRun, q.MinutesPerDay}
		where = `t.year = $1 AND (t.days * $4 + t.lateness_minutes >= $2 OR t.longest_run >= $3)`
	}
	with := ""
	if q.Agency != "" {
		args = append(args, q.Agency)
		where += ` AND e.agency = $` + strconv.Itoa(len(args))
	}
	if q.Employee != "" {
		args = append(args, q.Employee)
		where += ` AND t.employee = $` + strconv.Itoa(len(args))
	}
	if q.Under != "" {
		args = append(args, q.Under)
		with = teamCTE(len(args))
		where += ` AND t.employee IN (SELECT nip FROM team)`
	}
	out, err := database.Query(ctx, r.q, scanTally, with+`SELECT t.employee, COALESCE(e.agency, ''), t.year, t.days, t.run,
			t.longest_run, t.last_date, t.lateness_minutes
		FROM absence_tallies t LEFT JOIN directory_employees e ON e.nip = t.employee
		WHERE `+where+` ORDER BY t.employee`, args...)
	if err != nil {
		return nil, fmt.Errorf("listing absence tallies: %w", err)
	}
	return out, nil
}
