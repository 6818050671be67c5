package store

// The reports' reads (app.ReportReader) over the other areas' tables (skps, period_ratings,
// annual_ratings, feedback, organisation_ratings) and the directory copy (directory_employees),
// a few aggregate queries per report. Nothing here writes.
//
// Only what a caller sends (an agency, a NIP, a page key) is a parameter; what the service
// derives itself (the year, the periods' days, the feedback window, states) is written into the
// SQL as literals (lit, num), so that PostgreSQL's generic plan of a cached prepared statement,
// used from its sixth run on, still knows the year and dates it filters by — the cliff
// training's store/reports.go describes (0.1 s became 0.9 s with bounds as parameters).

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/app"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
)

// reportArgs collects a query's parameters and hands out their placeholders.
type reportArgs []any

// add appends v and returns its placeholder.
func (a *reportArgs) add(v any) string {
	*a = append(*a, v)
	return "$" + strconv.Itoa(len(*a))
}

// agencyIs is " AND col = $n" for a set agency, "" otherwise.
func (a *reportArgs) agencyIs(col, agency string) string {
	if agency == "" {
		return ""
	}
	return " AND " + col + " = " + a.add(agency)
}

// lit returns s as an SQL string literal (quotes doubled, as both engines read them).
func lit[S ~string](s S) string { return "'" + strings.ReplaceAll(string(s), "'", "''") + "'" }

// num returns n as an SQL literal.
func num[N ~int | ~int64](n N) string { return strconv.FormatInt(int64(n), 10) }

// overduePeriods is a derived table p(period, start_date, end_date, due_date) of periods.
func overduePeriods(periods []domain.SubPeriod) string {
	parts := make([]string, len(periods))
	for i, s := range periods {
		parts[i] = "SELECT " + lit(s.ID) + " AS period, " + lit(s.Start) + " AS start_date, " + lit(s.End) + " AS end_date, " +
			lit(s.RatingDueDate) + " AS due_date"
	}
	return "(" + strings.Join(parts, " UNION ALL ") + ")"
}

// overdueFrom is the FROM and WHERE of the overdue period ratings of q: each period of
// q.Overdue with each SKP of the year approved at least once and covering some of its days,
// without its rating. The SKPs are first narrowed to those with fewer ratings of those periods
// than periods they cover (lateSkps: one hash join of the ratings counted per SKP), so that the
// exact join by period runs on the few late ones rather than on every SKP of the city.
func overdueFrom(q app.CompletionQuery, args *reportArgs) string {
	return ` FROM ` + overduePeriods(q.Overdue) + ` p
		JOIN ` + lateSkps(q, args) + ` s ON s.start_date <= p.end_date AND s.end_date >= p.start_date
		LEFT JOIN period_ratings r ON r.skp = s.id AND r.period = p.period
		WHERE r.skp IS NULL`
}

// lateSkps is a derived table of the SKPs of q's year (and agency) approved at least once that
// cover more of q.Overdue's periods than they have ratings of.
func lateSkps(q app.CompletionQuery, args *reportArgs) string {
	covered := make([]string, len(q.Overdue))
	for i, p := range q.Overdue {
		covered[i] = "CASE WHEN s.start_date <= " + lit(p.End) + " AND s.end_date >= " + lit(p.Start) + " THEN 1 ELSE 0 END"
	}
	periods := make([]string, len(q.Overdue))
	for i, p := range q.Overdue {
		periods[i] = lit(p.ID)
	}
	return `(SELECT s.id, s.agency, s.employee, s.employee_name, s.state, s.appraiser, s.start_date, s.end_date
		FROM skps s LEFT JOIN (SELECT skp, COUNT(*) AS n FROM period_ratings WHERE period IN (` + strings.Join(periods, ", ") + `) GROUP BY skp) rated
			ON rated.skp = s.id
		WHERE s.year = ` + num(q.Year) + ` AND s.approved_state = 1` + args.agencyIs("s.agency", q.Agency) + `
			AND ` + strings.Join(covered, " + ") + ` > COALESCE(rated.n, 0))`
}

// ReportCompletion counts the completion figures per agency in three queries: the directory,
// the latest SKPs' states, the overdue ratings.
func (r reader) ReportCompletion(ctx context.Context, q app.CompletionQuery) ([]app.CompletionCounts, error) {
	byAgency := map[string]*app.CompletionCounts{}
	row := func(agency string) *app.CompletionCounts {
		if byAgency[agency] == nil {
			byAgency[agency] = &app.CompletionCounts{Agency: agency}
		}
		return byAgency[agency]
	}
	var args reportArgs
	err := r.each(ctx, `SELECT d.agency, COUNT(*),
			SUM(CASE WHEN d.nip IN (SELECT employee FROM skps WHERE year = `+num(q.Year)+`) THEN 0 ELSE 1 END)
		FROM directory_employees d WHERE d.status = 'active'`+args.agencyIs("d.agency", q.Agency)+` GROUP BY d.agency`, args,
		func(sc database.Scanner) error {
			var c app.CompletionCounts
			if err := sc.Scan(&c.Agency, &c.Employees, &c.WithoutSkp); err != nil {
				return err
			}
			x := row(c.Agency)
			x.Employees, x.WithoutSkp = c.Employees, c.WithoutSkp
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("counting the employees without an SKP: %w", err)
	}
	args = nil
	err = r.each(ctx, `SELECT s.agency, s.state, s.approved_state, COUNT(*), COUNT(a.skp)
		FROM skps s LEFT JOIN annual_ratings a ON a.skp = s.id
		WHERE s.year = `+num(q.Year)+` AND s.latest = 1`+args.agencyIs("s.agency", q.Agency)+`
		GROUP BY s.agency, s.state, s.approved_state`, args,
		func(sc database.Scanner) error {
			var (
				agency, state string
				approved      int
				st            app.StageCount
			)
			if err := sc.Scan(&agency, &state, &approved, &st.SKPs, &st.Finalised); err != nil {
				return err
			}
			st.State, st.Approved = domain.SkpState(state), approved == 1
			row(agency).Stages = append(row(agency).Stages, st)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("counting the SKPs by state: %w", err)
	}
	if len(q.Overdue) > 0 {
		args = nil
		err = r.each(ctx, `SELECT s.agency, COUNT(*)`+overdueFrom(q, &args)+` GROUP BY s.agency`, args,
			func(sc database.Scanner) error {
				var (
					agency string
					n      int
				)
				if err := sc.Scan(&agency, &n); err != nil {
					return err
				}
				row(agency).Overdue = n
				return nil
			})
		if err != nil {
			return nil, fmt.Errorf("counting the overdue period ratings: %w", err)
		}
	}
	out := make([]app.CompletionCounts, 0, len(byAgency))
	for _, c := range byAgency {
		out = append(out, *c)
	}
	sortBy(out, func(c app.CompletionCounts) string { return c.Agency })
	return out, nil
}

// ReportCompletionLines reads a page of the completion lines: one query over the three kinds.
func (r reader) ReportCompletionLines(ctx context.Context, q app.CompletionQuery, after app.CompletionKey, limit int) ([]app.CompletionLine, error) {
	var args reportArgs
	year := num(q.Year)
	parts := []string{`SELECT d.agency AS agency, d.nip AS employee, d.display_name AS employee_name, 0 AS ord, '` + string(domain.IssueNoSkp) + `' AS issue,
			'' AS skp, '' AS state, d.supervisor AS appraiser, '' AS period, '' AS due_date
		FROM directory_employees d
		WHERE d.status = 'active' AND d.nip NOT IN (SELECT employee FROM skps WHERE year = ` + year + `)` +
		args.agencyIs("d.agency", q.Agency),
		`SELECT s.agency, s.employee, s.employee_name, 1, '` + string(domain.IssueNotApproved) + `', s.id, s.state, s.appraiser, '', ''
		FROM skps s WHERE s.year = ` + year + ` AND s.latest = 1 AND s.approved_state = 0` + args.agencyIs("s.agency", q.Agency)}
	if len(q.Overdue) > 0 {
		parts = append(parts, `SELECT s.agency, s.employee, s.employee_name, 2, '`+string(domain.IssueRatingOverdue)+`', s.id, s.state, s.appraiser,
			p.period, p.due_date`+overdueFrom(q, &args))
	}
	where := ""
	if after != (app.CompletionKey{}) {
		where = ` WHERE (l.agency, l.employee, l.ord, l.skp, l.period) > (` + args.add(after.Agency) + `, ` + args.add(after.Employee) + `, ` +
			args.add(after.Order) + `, ` + args.add(after.Skp) + `, ` + args.add(after.Period) + `)`
	}
	query := `SELECT l.agency, l.employee, l.employee_name, l.ord, l.issue, l.skp, l.state, l.appraiser, l.period, l.due_date
		FROM (` + strings.Join(parts, " UNION ALL ") + `) l` + where + `
		ORDER BY l.agency, l.employee, l.ord, l.skp, l.period LIMIT ` + num(limit)
	lines, err := database.Query(ctx, r.q, func(sc database.Scanner) (app.CompletionLine, error) {
		var (
			l            app.CompletionLine
			issue, state string
		)
		err := sc.Scan(&l.Agency, &l.Employee, &l.EmployeeName, &l.Order, &issue, &l.Skp, &state, &l.Appraiser, &l.Period, &l.DueDate)
		l.Issue, l.State = domain.Issue(issue), domain.SkpState(state)
		return l, err
	}, query, args...)
	if err != nil {
		return nil, fmt.Errorf("listing the SKP completion lines: %w", err)
	}
	return lines, nil
}

// ReportTallies counts the population and annual predicates per agency and unit in one query.
func (r reader) ReportTallies(ctx context.Context, year int, agency string) ([]app.UnitTally, error) {
	var (
		args reportArgs
		out  []app.UnitTally
	)
	err := r.each(ctx, `SELECT s.agency, s.unit, COALESCE(a.predicate, ''), COUNT(*)
		FROM skps s LEFT JOIN annual_ratings a ON a.skp = s.id
		WHERE s.year = `+num(year)+` AND s.latest = 1 AND s.approved_state = 1`+args.agencyIs("s.agency", agency)+`
		GROUP BY s.agency, s.unit, a.predicate ORDER BY s.agency, s.unit`, args,
		func(sc database.Scanner) error {
			var (
				ag, unit, predicate string
				n                   int
			)
			if err := sc.Scan(&ag, &unit, &predicate, &n); err != nil {
				return err
			}
			if len(out) == 0 || out[len(out)-1].Agency != ag || out[len(out)-1].Unit != unit {
				out = append(out, app.UnitTally{Agency: ag, Unit: unit, Tally: domain.Tally{Counts: map[domain.Predicate]int{}}})
			}
			t := &out[len(out)-1]
			t.Population += n
			if predicate != "" {
				t.Counts[domain.Predicate(predicate)] += n
			}
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("counting the annual predicates: %w", err)
	}
	return out, nil
}

// ReportOrganisationPredicates reads the year's organisation predicates.
func (r reader) ReportOrganisationPredicates(ctx context.Context, year int, agency string) (map[string]domain.OrganisationPredicate, error) {
	var args reportArgs
	out := map[string]domain.OrganisationPredicate{}
	err := r.each(ctx, `SELECT agency, predicate FROM organisation_ratings WHERE year = `+num(year)+args.agencyIs("agency", agency), args,
		func(sc database.Scanner) error {
			var ag, p string
			if err := sc.Scan(&ag, &p); err != nil {
				return err
			}
			out[ag] = domain.OrganisationPredicate(p)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("reading the organisation predicates: %w", err)
	}
	return out, nil
}

// ReportFeedbackActivity counts, per appraiser, the SKPs in force during the period and the
// feedback and dialogues they wrote on them in it, in one query.
func (r reader) ReportFeedbackActivity(ctx context.Context, q app.FeedbackActivityQuery) ([]app.FeedbackActivity, error) {
	var args reportArgs
	query := `SELECT s.agency, s.appraiser, MAX(s.appraiser_name), COUNT(*),
			CAST(COALESCE(SUM(f.feedback), 0) AS BIGINT), CAST(COALESCE(SUM(f.dialogues), 0) AS BIGINT),
			SUM(CASE WHEN f.skp IS NULL THEN 1 ELSE 0 END)
		FROM skps s
		LEFT JOIN (
			SELECT skp, author, SUM(CASE WHEN kind = 'feedback' THEN 1 ELSE 0 END) AS feedback,
				SUM(CASE WHEN kind = 'dialogue' THEN 1 ELSE 0 END) AS dialogues
			FROM feedback
			WHERE create_time >= ` + num(q.From) + ` AND create_time < ` + num(q.To) + ` AND kind IN ('feedback', 'dialogue')
			GROUP BY skp, author
		) f ON f.skp = s.id AND f.author = s.appraiser
		WHERE s.year = ` + num(q.Year) + ` AND s.approved_state = 1 AND s.appraiser <> ''
			AND s.start_date <= ` + lit(q.Period.End) + ` AND s.end_date >= ` + lit(q.Period.Start) + args.agencyIs("s.agency", q.Agency) + `
		GROUP BY s.agency, s.appraiser`
	rows, err := database.Query(ctx, r.q, func(sc database.Scanner) (app.FeedbackActivity, error) {
		var f app.FeedbackActivity
		err := sc.Scan(&f.Agency, &f.Appraiser, &f.AppraiserName, &f.SKPs, &f.Feedback, &f.Dialogues, &f.SKPsWithout)
		return f, err
	}, query, args...)
	if err != nil {
		return nil, fmt.Errorf("counting the feedback activity: %w", err)
	}
	return rows, nil
}

// ReportCredits reads the functional-position holders' SKPs with a final annual predicate.
func (r reader) ReportCredits(ctx context.Context, q app.CreditQuery) ([]app.CreditSkp, error) {
	var args reportArgs
	query := `SELECT s.agency, s.employee, s.employee_name, s.id, s.functional_level, a.predicate, s.start_date, s.end_date
		FROM skps s JOIN annual_ratings a ON a.skp = s.id
		WHERE s.year = ` + num(q.Year) + ` AND s.functional_level <> '' AND a.state <> ` + lit(domain.AnnualObjected) +
		args.agencyIs("s.agency", q.Agency) + args.agencyIs("s.employee", q.Employee) + `
		ORDER BY s.employee, s.start_date, s.id`
	rows, err := database.Query(ctx, r.q, func(sc database.Scanner) (app.CreditSkp, error) {
		var (
			c                app.CreditSkp
			level, predicate string
		)
		err := sc.Scan(&c.Agency, &c.Employee, &c.EmployeeName, &c.Skp, &level, &predicate, &c.Start, &c.End)
		c.Level, c.Predicate = domain.FunctionalLevel(level), domain.Predicate(predicate)
		return c, err
	}, query, args...)
	if err != nil {
		return nil, fmt.Errorf("reading the credit point SKPs: %w", err)
	}
	return rows, nil
}

// each runs query with args and calls fn on each row.
func (r reader) each(ctx context.Context, query string, args reportArgs, fn func(database.Scanner) error) error {
	_, err := database.Query(ctx, r.q, func(sc database.Scanner) (struct{}, error) { return struct{}{}, fn(sc) }, query, args...)
	return err
}

// sortBy sorts xs by key.
func sortBy[T any](xs []T, key func(T) string) {
	slices.SortFunc(xs, func(a, b T) int { return strings.Compare(key(a), key(b)) })
}
