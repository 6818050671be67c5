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
// over the catalogue's tables (programmes, sessions, enrolments) and the directory copy
// (directory_employees), in one or two aggregate queries each. Nothing here writes.

// reportArgs collects a query's arguments and hands out their placeholders.
type reportArgs []any

// add appends v and returns its placeholder.
func (a *reportArgs) add(v any) string {
	*a = append(*a, v)
	return "$" + strconv.Itoa(len(*a))
}

// reportList appends each of vs and returns their placeholders, comma-separated; "NULL" for none, so
// "x IN (NULL)" selects nothing.
func reportList[T any](a *reportArgs, vs []T) string {
	if len(vs) == 0 {
		return "NULL"
	}
	ps := make([]string, len(vs))
	for i, v := range vs {
		ps[i] = a.add(v)
	}
	return strings.Join(ps, ", ")
}

// reportStates is reportList for enrolment states, as the strings stored.
func reportStates(a *reportArgs, sts []domain.EnrolmentState) string {
	ss := make([]string, len(sts))
	for i, st := range sts {
		ss[i] = string(st)
	}
	return reportList(a, ss)
}

// reportYear is the condition that session s (alias) ends in the ledger year of windows: in the
// window of its own zone. No windows (no session ends near the year) selects nothing.
func reportYear(a *reportArgs, s string, windows []app.ZoneYear) string {
	if len(windows) == 0 {
		return "1 = 0"
	}
	parts := make([]string, len(windows))
	for i, w := range windows {
		parts[i] = "(" + s + ".time_zone = " + a.add(w.Zone) + " AND " + s + ".end_time >= " + a.add(database.Micros(w.From)) +
			" AND " + s + ".end_time < " + a.add(database.Micros(w.To)) + ")"
	}
	return "(" + strings.Join(parts, " OR ") + ")"
}

// reportTeam is the recursive query of an employee and everyone below them in the supervisor
// tree, as a WITH clause naming team(nip); p is the employee's placeholder. UNION (not UNION
// ALL) ends a cycle in a damaged tree.
func reportTeam(p string) string {
	return `WITH RECURSIVE team(nip) AS (
		SELECT nip FROM directory_employees WHERE nip = ` + p + `
		UNION
		SELECT e.nip FROM directory_employees e JOIN team ON e.supervisor = team.nip
	) `
}

// reportScope returns the conditions that keep the employees of scope, for the column col
// (a NIP) and for the directory row d, and the WITH clause they need (or "").
func reportScope(a *reportArgs, scope app.ReportScope, col string) (onCol, onDir, with string) {
	if scope.Agency != "" {
		p := a.add(scope.Agency)
		onCol += ` AND ` + col + ` IN (SELECT nip FROM directory_employees WHERE agency = ` + p + `)`
		onDir += ` AND d.agency = ` + p
	}
	if scope.Employee != "" {
		p := a.add(scope.Employee)
		onCol += ` AND ` + col + ` = ` + p
		onDir += ` AND d.nip = ` + p
	}
	if scope.Under != "" {
		with = reportTeam(a.add(scope.Under))
		onCol += ` AND ` + col + ` IN (SELECT nip FROM team)`
		onDir += ` AND d.nip IN (SELECT nip FROM team)`
	}
	return onCol, onDir, with
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

// LedgerRows returns employee's enrolments in states in sessions ending in year, with their
// programmes' titles and JP.
func (r reader) LedgerRows(ctx context.Context, employee string, year []app.ZoneYear, sts []domain.EnrolmentState) ([]app.LedgerRow, error) {
	var a reportArgs
	q := `SELECT en.id, s.id, p.id, p.title, s.end_time, s.time_zone, p.jp, en.state
		FROM enrolments en JOIN sessions s ON s.id = en.session JOIN programmes p ON p.id = s.programme
		WHERE en.employee = ` + a.add(employee) + ` AND en.state IN (` + reportStates(&a, sts) + `) AND ` + reportYear(&a, "s", year) + `
		ORDER BY s.end_time, en.id`
	out, err := database.Query(ctx, r.q, func(sc database.Scanner) (app.LedgerRow, error) {
		x := app.LedgerRow{Source: domain.FromSession}
		var end int64
		err := sc.Scan(&x.Ref, &x.Session, &x.Programme, &x.Title, &end, &x.TimeZone, &x.JP, &x.State)
		x.End = database.FromMicros(end)
		return x, err
	}, q, a...)
	if err != nil {
		return nil, fmt.Errorf("reading the JP ledger of %s: %w", employee, err)
	}
	return out, nil
}

// EmployeeJP sums the JP of q's year per active employee q selects: one aggregate over the
// year's sessions and their counting enrolments, grouped by employee, joined to the directory
// copy so that employees with nothing count 0.
func (r reader) EmployeeJP(ctx context.Context, q app.JPQuery) ([]app.EmployeeJP, error) {
	var a reportArgs
	onCol, onDir, with := reportScope(&a, q.ReportScope, "en.employee")
	earned, projected := reportStates(&a, q.Earned), reportStates(&a, q.Projected)
	query := with + `SELECT d.nip, d.display_name, d.agency, d.employment_type, COALESCE(j.earned, 0), COALESCE(j.projected, 0)
		FROM directory_employees d LEFT JOIN (
			SELECT en.employee,
				SUM(CASE WHEN en.state IN (` + earned + `) THEN p.jp ELSE 0 END) AS earned,
				SUM(CASE WHEN en.state IN (` + projected + `) THEN p.jp ELSE 0 END) AS projected
			FROM sessions s JOIN enrolments en ON en.session = s.id JOIN programmes p ON p.id = s.programme
			WHERE ` + reportYear(&a, "s", q.Year) + ` AND (en.state IN (` + earned + `) OR en.state IN (` + projected + `))` + onCol + `
			GROUP BY en.employee
		) j ON j.employee = d.nip
		WHERE d.status = 'active'` + onDir + `
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
	where := reportYear(&a, "s", q.Year) + ` AND s.state <> 'cancelled'`
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

// LatsarRows returns the active CPNS q selects with each of their passed enrolments in a Latsar
// programme (one row with no enrolment when they have none), by NIP.
func (r reader) LatsarRows(ctx context.Context, q app.LatsarQuery) ([]app.LatsarRow, error) {
	var a reportArgs
	_, onDir, with := reportScope(&a, q.ReportScope, "")
	passed := a.add(string(domain.Passed))
	query := with + `SELECT d.nip, d.display_name, d.agency, d.appointment_date, COALESCE(l.id, ''), COALESCE(l.session, ''),
			COALESCE(l.programme, ''), COALESCE(l.title, ''), COALESCE(l.state, ''), COALESCE(l.end_time, 0), COALESCE(l.time_zone, '')
		FROM directory_employees d LEFT JOIN (
			SELECT en.id, en.employee, s.id AS session, p.id AS programme, p.title, en.state, s.end_time, s.time_zone
			FROM enrolments en JOIN sessions s ON s.id = en.session JOIN programmes p ON p.id = s.programme
			WHERE p.latsar = 1 AND en.state = ` + passed + `
		) l ON l.employee = d.nip
		WHERE d.status = 'active' AND d.employment_type = 'cpns'` + onDir + `
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
