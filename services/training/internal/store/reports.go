package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/services/training/internal/app"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

// The reports' reads (app.ReportReader): the JP ledger, the JP list, participation and Latsar,
// over the other areas' tables (programmes, sessions, enrolments; external_trainings;
// internship_placements and their cohorts) and the directory copy (directory_employees), in
// one or two aggregate queries each. Nothing here writes.

// reportArgs collects a query's arguments and hands out their placeholders. Only what a caller
// sends (an agency, a NIP) is an argument; the values the service derives itself (enrolment
// states, year bounds, session time zones) are written into the SQL as literals (reportLit),
// so that PostgreSQL's generic plan of a cached prepared statement, used after five runs, still
// knows how many sessions a year holds: with the bounds as parameters it guessed 3 rows of 600
// and walked every enrolment by nested loops (BenchmarkJPShortfall: 0.1 s became 0.9 s).
type reportArgs []any

// add appends v and returns its placeholder.
func (a *reportArgs) add(v any) string {
	*a = append(*a, v)
	return "$" + strconv.Itoa(len(*a))
}

// reportLit returns s as an SQL string literal (quotes doubled, as both engines read them).
func reportLit[S ~string](s S) string { return "'" + strings.ReplaceAll(string(s), "'", "''") + "'" }

// reportList returns the literals of vs, comma-separated; "NULL" for none, so "x IN (NULL)"
// selects nothing.
func reportList[S ~string](vs []S) string {
	if len(vs) == 0 {
		return "NULL"
	}
	ls := make([]string, len(vs))
	for i, v := range vs {
		ls[i] = reportLit(v)
	}
	return strings.Join(ls, ", ")
}

// reportYear is the condition that session s (alias) ends in the ledger year of windows: in the
// window of its own zone. No windows (no session ends near the year) selects nothing.
func reportYear(s string, windows []app.ZoneYear) string {
	if len(windows) == 0 {
		return "1 = 0"
	}
	parts := make([]string, len(windows))
	for i, w := range windows {
		parts[i] = "(" + s + ".time_zone = " + reportLit(w.Zone) + " AND " + s + ".end_time >= " + strconv.FormatInt(database.Micros(w.From), 10) +
			" AND " + s + ".end_time < " + strconv.FormatInt(database.Micros(w.To), 10) + ")"
	}
	return "(" + strings.Join(parts, " OR ") + ")"
}

// reportTeam is the recursive query of an employee and everyone below them in the supervisor
// tree, as a common table expression naming team(nip) for a WITH RECURSIVE clause; p is the
// employee's placeholder. UNION (not UNION ALL) ends a cycle in a damaged tree.
func reportTeam(p string) string {
	return `team(nip) AS (
		SELECT nip FROM directory_employees WHERE nip = ` + p + `
		UNION
		SELECT e.nip FROM directory_employees e JOIN team ON e.supervisor = team.nip
	)`
}

// withClause returns the WITH RECURSIVE clause of the common table expressions ctes that are
// not empty, or "" when none is.
func withClause(ctes ...string) string {
	var kept []string
	for _, c := range ctes {
		if c != "" {
			kept = append(kept, c)
		}
	}
	if len(kept) == 0 {
		return ""
	}
	return "WITH RECURSIVE " + strings.Join(kept, ", ") + " "
}

// reportFilter is the SQL of a report's scope: its placeholders, added once, and the common
// table expression it needs ("" when none).
type reportFilter struct {
	agency, employee, under string
	team                    string
}

// reportScope adds scope's values to a and returns their filter.
func reportScope(a *reportArgs, scope app.ReportScope) reportFilter {
	var f reportFilter
	if scope.Agency != "" {
		f.agency = a.add(scope.Agency)
	}
	if scope.Employee != "" {
		f.employee = a.add(scope.Employee)
	}
	if scope.Under != "" {
		f.under = a.add(scope.Under)
		f.team = reportTeam(f.under)
	}
	return f
}

// on returns the conditions (each starting with AND) that keep the rows whose NIP column col
// is an employee of the scope.
func (f reportFilter) on(col string) string {
	var b strings.Builder
	if f.agency != "" {
		b.WriteString(` AND ` + col + ` IN (SELECT nip FROM directory_employees WHERE agency = ` + f.agency + `)`)
	}
	if f.employee != "" {
		b.WriteString(` AND ` + col + ` = ` + f.employee)
	}
	if f.under != "" {
		b.WriteString(` AND ` + col + ` IN (SELECT nip FROM team)`)
	}
	return b.String()
}

// onDirectory returns the conditions that keep the directory rows (alias d) of the scope.
func (f reportFilter) onDirectory() string {
	var b strings.Builder
	if f.agency != "" {
		b.WriteString(` AND d.agency = ` + f.agency)
	}
	if f.employee != "" {
		b.WriteString(` AND d.nip = ` + f.employee)
	}
	if f.under != "" {
		b.WriteString(` AND d.nip IN (SELECT nip FROM team)`)
	}
	return b.String()
}

// outcomes is the condition that placement ip (alias) has one of os, "1 = 0" for none.
func outcomes(ip string, os []domain.PlacementOutcome) string {
	if len(os) == 0 {
		return "1 = 0"
	}
	parts := make([]string, len(os))
	for i, o := range os {
		passed := "0"
		if o.Passed {
			passed = "1"
		}
		parts[i] = "(" + ip + ".state = " + reportLit(o.State) + " AND " + ip + ".passed = " + passed + ")"
	}
	return "(" + strings.Join(parts, " OR ") + ")"
}

// yearDates returns the literals of the first and last day of year, "YYYY-MM-DD".
func yearDates(year int) (first, last string) {
	return reportLit(fmt.Sprintf("%04d-01-01", year)), reportLit(fmt.Sprintf("%04d-12-31", year))
}

// SessionZones returns the distinct time zones of the sessions ending in [from, to).
func (r reader) SessionZones(ctx context.Context, from, to time.Time) ([]string, error) {
	rows, err := r.q.QueryContext(ctx, `SELECT DISTINCT time_zone FROM sessions WHERE end_time >= $1 AND end_time < $2 ORDER BY time_zone`,
		database.Micros(from), database.Micros(to))
	if err != nil {
		return nil, fmt.Errorf("listing session time zones: %w", err)
	}
	zones, err := database.Strings(rows)
	if err != nil {
		return nil, fmt.Errorf("listing session time zones: %w", err)
	}
	return zones, nil
}

// LedgerRows returns the rows of q's employee's ledger in q's year from the three sources: the
// enrolments, the external training and the internship placements in states q's rules count.
func (r reader) LedgerRows(ctx context.Context, q app.JPQuery) ([]app.LedgerRow, error) {
	var a reportArgs
	nip := a.add(q.Employee)
	first, last := yearDates(q.Year)
	kind := reportLit(domain.ParticipantEmployee)
	query := `SELECT '` + string(domain.FromSession) + `', en.id, s.id, p.id, p.title, s.end_time, s.time_zone, '', p.jp, en.state, 0
		FROM enrolments en JOIN sessions s ON s.id = en.session JOIN programmes p ON p.id = s.programme
		WHERE en.employee = ` + nip + ` AND en.state IN (` + reportList(append(q.Earned, q.Projected...)) + `)
			AND ` + reportYear("s", q.Windows) + `
		UNION ALL
		SELECT '` + string(domain.FromExternal) + `', x.id, '', '', x.title, 0, '', x.end_date, x.jp, x.state, 0
		FROM external_trainings x
		WHERE x.employee = ` + nip + ` AND x.state IN (` + reportList(q.External) + `)
			AND x.end_date >= ` + first + ` AND x.end_date <= ` + last + `
		UNION ALL
		SELECT '` + string(domain.FromInternship) + `', ip.id, ip.cohort, c.programme, c.display_name, 0, '', ip.end_date, ip.jp, ip.state, ip.passed
		FROM internship_placements ip JOIN internship_cohorts c ON c.id = ip.cohort
		WHERE ip.employee = ` + nip + ` AND ip.kind = ` + kind + `
			AND (` + outcomes("ip", q.PlacementsEarned) + ` OR ` + outcomes("ip", q.PlacementsProjected) + `)
			AND ip.end_date >= ` + first + ` AND ip.end_date <= ` + last
	out, err := database.Query(ctx, r.q, func(sc database.Scanner) (app.LedgerRow, error) {
		var (
			x       app.LedgerRow
			end     int64
			endDate string
			passed  int
		)
		if err := sc.Scan(&x.Source, &x.Ref, &x.Session, &x.Programme, &x.Title, &end, &x.TimeZone, &endDate, &x.JP, &x.State, &passed); err != nil {
			return x, err
		}
		x.Passed = passed == 1
		if x.Source == domain.FromSession {
			x.End = database.FromMicros(end)
			return x, nil
		}
		d, err := time.Parse(time.DateOnly, endDate)
		if err != nil {
			return x, fmt.Errorf("%s %s's end date %q: %w", x.Source, x.Ref, endDate, err)
		}
		x.End = d
		return x, nil
	}, query, a...)
	if err != nil {
		return nil, fmt.Errorf("reading the JP ledger of %s: %w", q.Employee, err)
	}
	return out, nil
}

// EmployeeJP sums the JP of q's year per active employee q selects: per source, one aggregate
// grouped by employee (the counting enrolments in the year's sessions; verified external
// training; employee placements), summed again per employee and joined to the directory copy
// so that employees with nothing count 0.
func (r reader) EmployeeJP(ctx context.Context, q app.JPQuery) ([]app.EmployeeJP, error) {
	var a reportArgs
	f := reportScope(&a, q.ReportScope)
	earned, projected := reportList(q.Earned), reportList(q.Projected)
	first, last := yearDates(q.Year)
	placedEarned, placedProjected := outcomes("ip", q.PlacementsEarned), outcomes("ip", q.PlacementsProjected)
	// ys, the year's sessions with their programme's JP, is materialised first: the enrolments
	// are then read by session through enrolments_report (session, state, employee) without
	// touching the table, where SQLite would otherwise walk every enrolment and look its session
	// and programme up one by one.
	years := `ys AS MATERIALIZED (SELECT s.id, p.jp FROM sessions s JOIN programmes p ON p.id = s.programme WHERE ` +
		reportYear("s", q.Windows) + `)`
	query := withClause(f.team, years) + `SELECT d.nip, d.display_name, d.agency, d.employment_type, COALESCE(j.earned, 0), COALESCE(j.projected, 0)
		FROM directory_employees d LEFT JOIN (
			SELECT u.employee, SUM(u.earned) AS earned, SUM(u.projected) AS projected FROM (
				SELECT en.employee AS employee,
					SUM(CASE WHEN en.state IN (` + earned + `) THEN ys.jp ELSE 0 END) AS earned,
					SUM(CASE WHEN en.state IN (` + projected + `) THEN ys.jp ELSE 0 END) AS projected
				FROM ys JOIN enrolments en ON en.session = ys.id
				WHERE (en.state IN (` + earned + `) OR en.state IN (` + projected + `))` + f.on("en.employee") + `
				GROUP BY en.employee
				UNION ALL
				SELECT x.employee, SUM(x.jp), 0
				FROM external_trainings x
				WHERE x.state IN (` + reportList(q.External) + `) AND x.end_date >= ` + first + ` AND x.end_date <= ` + last + f.on("x.employee") + `
				GROUP BY x.employee
				UNION ALL
				SELECT ip.employee,
					SUM(CASE WHEN ` + placedEarned + ` THEN ip.jp ELSE 0 END),
					SUM(CASE WHEN ` + placedProjected + ` THEN ip.jp ELSE 0 END)
				FROM internship_placements ip
				WHERE ip.kind = ` + reportLit(domain.ParticipantEmployee) + ` AND (` + placedEarned + ` OR ` + placedProjected + `)
					AND ip.end_date >= ` + first + ` AND ip.end_date <= ` + last + f.on("ip.employee") + `
				GROUP BY ip.employee
			) u GROUP BY u.employee
		) j ON j.employee = d.nip
		WHERE d.status = 'active'` + f.onDirectory() + `
		ORDER BY d.nip`
	out, err := database.Query(ctx, r.q, func(sc database.Scanner) (app.EmployeeJP, error) {
		var x app.EmployeeJP
		err := sc.Scan(&x.Employee, &x.Name, &x.Agency, &x.EmploymentType, &x.Earned, &x.Projected)
		return x, err
	}, query, a...)
	if err != nil {
		return nil, fmt.Errorf("summing JP per employee: %w", err)
	}
	return out, nil
}

// Participation counts, per programme with a session of q's year that is not cancelled, its
// sessions and their capacity, then its enrolments by state. With q.Agency, only the sessions
// where the agency's employees hold an enrolment, and only those enrolments, count.
func (r reader) Participation(ctx context.Context, q app.ParticipationQuery) ([]app.ProgrammeCounts, error) {
	var a reportArgs
	where := reportYear("s", q.Year) + ` AND s.state <> 'cancelled'`
	onEnrolment := ""
	if q.Agency != "" {
		p := a.add(q.Agency)
		where += ` AND EXISTS (SELECT 1 FROM enrolments x WHERE x.session = s.id AND x.agency = ` + p + `)`
		onEnrolment = ` AND en.agency = ` + p
	}
	out, err := database.Query(ctx, r.q, func(sc database.Scanner) (app.ProgrammeCounts, error) {
		x := app.ProgrammeCounts{States: map[domain.EnrolmentState]int{}}
		err := sc.Scan(&x.Programme, &x.Title, &x.Form, &x.Provider, &x.ProviderKind, &x.JP, &x.CostPerSeat, &x.Sessions, &x.Capacity)
		return x, err
	}, `SELECT p.id, p.title, p.form, p.provider, p.provider_kind, p.jp, p.cost_per_seat, COUNT(*), SUM(s.capacity)
		FROM sessions s JOIN programmes p ON p.id = s.programme
		WHERE `+where+`
		GROUP BY p.id, p.title, p.form, p.provider, p.provider_kind, p.jp, p.cost_per_seat
		ORDER BY p.id`, a...)
	if err != nil {
		return nil, fmt.Errorf("counting sessions per programme: %w", err)
	}
	index := make(map[string]int, len(out))
	for i, x := range out {
		index[x.Programme] = i
	}
	err = database.QueryEach(ctx, r.q, func(sc database.Scanner) error {
		var (
			programme string
			st        domain.EnrolmentState
			n         int
		)
		if err := sc.Scan(&programme, &st, &n); err != nil {
			return err
		}
		if i, ok := index[programme]; ok {
			out[i].States[st] += n
		}
		return nil
	}, `SELECT s.programme, en.state, COUNT(*)
		FROM sessions s JOIN enrolments en ON en.session = s.id
		WHERE `+where+onEnrolment+`
		GROUP BY s.programme, en.state`, a...)
	if err != nil {
		return nil, fmt.Errorf("counting enrolments per programme: %w", err)
	}
	return out, nil
}

// ProgrammeTitles returns the titles of the programmes among ids that exist, by id.
func (r reader) ProgrammeTitles(ctx context.Context, ids []string) (map[string]string, error) {
	out := map[string]string{}
	err := database.EachIn(ctx, r.q, ids, 0, func(sc database.Scanner) error {
		var id, title string
		if err := sc.Scan(&id, &title); err != nil {
			return err
		}
		out[id] = title
		return nil
	}, func(list string) string { return `SELECT id, title FROM programmes WHERE id IN (` + list + `)` })
	if err != nil {
		return nil, fmt.Errorf("reading programme titles: %w", err)
	}
	return out, nil
}

// LatsarRows returns the active CPNS q selects with each of their passed enrolments in a Latsar
// programme (one row with no enrolment when they have none), by NIP.
func (r reader) LatsarRows(ctx context.Context, q app.LatsarQuery) ([]app.LatsarRow, error) {
	var a reportArgs
	f := reportScope(&a, q.ReportScope)
	passed := reportLit(domain.Passed)
	query := withClause(f.team) + `SELECT d.nip, d.display_name, d.agency, d.appointment_date, COALESCE(l.id, ''), COALESCE(l.session, ''),
			COALESCE(l.programme, ''), COALESCE(l.title, ''), COALESCE(l.state, ''), COALESCE(l.end_time, 0), COALESCE(l.time_zone, '')
		FROM directory_employees d LEFT JOIN (
			SELECT en.id, en.employee, s.id AS session, p.id AS programme, p.title, en.state, s.end_time, s.time_zone
			FROM enrolments en JOIN sessions s ON s.id = en.session JOIN programmes p ON p.id = s.programme
			WHERE p.latsar = 1 AND en.state = ` + passed + `
		) l ON l.employee = d.nip
		WHERE d.status = 'active' AND d.employment_type = 'cpns'` + f.onDirectory() + `
		ORDER BY d.nip, l.end_time`
	out, err := database.Query(ctx, r.q, func(sc database.Scanner) (app.LatsarRow, error) {
		var (
			x   app.LatsarRow
			end int64
		)
		err := sc.Scan(&x.Employee, &x.Name, &x.Agency, &x.AppointmentDate, &x.Enrolment, &x.Session, &x.Programme, &x.Title,
			&x.State, &end, &x.TimeZone)
		x.End = database.FromMicros(end)
		return x, err
	}, query, a...)
	if err != nil {
		return nil, fmt.Errorf("listing CPNS and their Latsar: %w", err)
	}
	return out, nil
}
