package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/services/planning/internal/app"
	"github.com/simpeg-id/simpeg/services/planning/internal/domain"
)

// PutMonthlyReport stores r; without replace an agency's report of the month that exists is
// kept (the insert does nothing) and PutMonthlyReport reports false.
func (t *txn) PutMonthlyReport(ctx context.Context, r domain.MonthlyReport, replace bool) (bool, error) {
	conflict := ` ON CONFLICT (agency, month) DO NOTHING`
	if replace {
		conflict = ` ON CONFLICT (agency, month) DO UPDATE SET generate_time = EXCLUDED.generate_time,
			generated_by = EXCLUDED.generated_by, csv = EXCLUDED.csv, html = EXCLUDED.html, csv_sha256 = EXCLUDED.csv_sha256,
			html_sha256 = EXCLUDED.html_sha256, csv_bytes = EXCLUDED.csv_bytes, html_bytes = EXCLUDED.html_bytes`
	}
	n, err := database.Affected(t.tx.ExecContext(ctx, `INSERT INTO monthly_reports (agency, month, generate_time, generated_by, csv, html,
			csv_sha256, html_sha256, csv_bytes, html_bytes) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`+conflict,
		r.Agency, r.Month.String(), database.Micros(r.Generated), r.GeneratedBy, string(r.CSV), string(r.HTML),
		r.CSVSHA256, r.HTMLSHA256, len(r.CSV), len(r.HTML)))
	if err != nil {
		return false, fmt.Errorf("storing the monthly report: %w", err)
	}
	return n > 0, nil
}

const reportInfoCols = `agency, month, generate_time, generated_by, csv_sha256, html_sha256, csv_bytes, html_bytes`

func scanReportInfo(sc database.Scanner) (app.ReportInfo, error) {
	var (
		r     app.ReportInfo
		month string
		gen   int64
	)
	if err := sc.Scan(&r.Agency, &month, &gen, &r.GeneratedBy, &r.CSVSHA256, &r.HTMLSHA256, &r.CSVBytes, &r.HTMLBytes); err != nil {
		return r, err
	}
	m, err := domain.ParseMonth(month)
	if err != nil {
		return r, fmt.Errorf("stored month: %w", err)
	}
	r.Month, r.Generated = m, database.FromMicros(gen)
	return r, nil
}

// GetMonthlyReport reads a report with its files.
func (s *Store) GetMonthlyReport(ctx context.Context, agency string, month domain.Month) (domain.MonthlyReport, error) {
	return database.Get(ctx, s.q, "monthly report", errs.NotFoundf("agency %s has no monthly report for %s", agency, month),
		func(sc database.Scanner) (domain.MonthlyReport, error) {
			var csv, html string
			info, err := scanReportInfo(scanPlus{sc, []any{&csv, &html}})
			r := info.MonthlyReport
			r.CSV, r.HTML = []byte(csv), []byte(html)
			return r, err
		}, `SELECT `+reportInfoCols+`, csv, html FROM monthly_reports WHERE agency = $1 AND month = $2`, agency, month.String())
}

// scanPlus scans the columns of a scanner that knows the leading ones into more.
type scanPlus struct {
	database.Scanner
	more []any
}

func (s scanPlus) Scan(dest ...any) error { return s.Scanner.Scan(append(dest, s.more...)...) }

// ListMonthlyReports lists reports newest month first, then by agency, after f.After
// ("YYYY-MM/AGENCY").
func (s *Store) ListMonthlyReports(ctx context.Context, f app.ReportFilter) ([]app.ReportInfo, error) {
	var (
		where []string
		args  []any
	)
	if f.Agency != "" {
		args = append(args, f.Agency)
		where = append(where, fmt.Sprintf("agency = $%d", len(args)))
	}
	if f.After != "" {
		month, agency, ok := strings.Cut(f.After, "/")
		if !ok {
			return nil, errs.Invalidf("page_token", "is not a token this API returned")
		}
		args = append(args, month, agency)
		where = append(where, fmt.Sprintf("(month < $%d OR (month = $%d AND agency > $%d))", len(args)-1, len(args)-1, len(args)))
	}
	q := `SELECT ` + reportInfoCols + ` FROM monthly_reports`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, " AND ")
	}
	args = append(args, f.PageSize)
	q += fmt.Sprintf(` ORDER BY month DESC, agency LIMIT $%d`, len(args))
	out, err := database.Query(ctx, s.q, scanReportInfo, q, args...)
	if err != nil {
		return nil, fmt.Errorf("listing monthly reports: %w", err)
	}
	return out, nil
}

// ReportedAgencies returns the agencies with a report of month.
func (s *Store) ReportedAgencies(ctx context.Context, month domain.Month) (map[string]bool, error) {
	rows, err := s.q.QueryContext(ctx, `SELECT agency FROM monthly_reports WHERE month = $1`, month.String())
	if err != nil {
		return nil, fmt.Errorf("reading the reported agencies: %w", err)
	}
	list, err := database.Strings(rows)
	if err != nil {
		return nil, fmt.Errorf("reading the reported agencies: %w", err)
	}
	out := make(map[string]bool, len(list))
	for _, a := range list {
		out[a] = true
	}
	return out, nil
}

// ReportFigures counts an agency's monthly report: the plan of the month's year with its
// targets' measures and the month's points; the headcount at the end of the month before and
// on p.AsOf from the assignment periods, with the changes between; JP, attendance and
// evaluation from the monitoring's fact tables.
func (s *Store) ReportFigures(ctx context.Context, agency string, p app.ReportPeriod) (app.ReportFigures, error) {
	var f app.ReportFigures
	var err error
	if f.Plan, err = s.reportPlan(ctx, agency, p); err != nil {
		return f, err
	}
	if err := s.reportHeadcount(ctx, agency, p, &f); err != nil {
		return f, err
	}
	from, to, yearFrom := database.Micros(p.From), database.Micros(p.To), database.Micros(p.YearFrom)
	first, last := p.Month.First().String(), p.AsOf.String()
	yearFirst := fmt.Sprintf("%04d-01-01", p.Month.Year)
	queries := []struct {
		what  string
		q     string
		args  []any
		dests []any
	}{
		{"JP", `SELECT COALESCE(SUM(CASE WHEN occur_time >= $2 AND occur_time < $3 THEN jp ELSE 0 END), 0),
				COALESCE(SUM(CASE WHEN year = $4 AND occur_time < $3 THEN jp ELSE 0 END), 0)
			FROM plan_fact_jp WHERE agency = $1`, []any{agency, from, to, p.Month.Year}, []any{&f.JPMonth, &f.JPYear}},
		{"JP of 20", `SELECT COUNT(*) FROM (SELECT employee FROM plan_fact_jp WHERE agency = $1 AND year = $2 AND occur_time < $3
				GROUP BY employee HAVING SUM(jp) >= 20) x`, []any{agency, p.Month.Year, to}, []any{&f.JP20}},
		{"attendance", `SELECT COALESCE(SUM(CASE WHEN status IN ('present', 'checked_in') THEN 1 ELSE 0 END), 0),
				COALESCE(SUM(CASE WHEN status = 'absent' THEN 1 ELSE 0 END), 0),
				COALESCE(SUM(CASE WHEN status = 'on_leave' THEN 1 ELSE 0 END), 0)
			FROM plan_fact_days WHERE agency = $1 AND day >= $2 AND day <= $3`, []any{agency, first, last}, []any{&f.Present, &f.Absent, &f.Leave}},
		{"SKPs", `SELECT COALESCE(SUM(CASE WHEN approve_time >= $2 AND approve_time < $3 THEN 1 ELSE 0 END), 0),
				COALESCE(SUM(CASE WHEN approve_time >= $4 AND approve_time < $3 THEN 1 ELSE 0 END), 0),
				COALESCE(SUM(CASE WHEN finalise_time >= $2 AND finalise_time < $3 THEN 1 ELSE 0 END), 0),
				COALESCE(SUM(CASE WHEN finalise_time >= $4 AND finalise_time < $3 THEN 1 ELSE 0 END), 0)
			FROM plan_fact_skps WHERE agency = $1`, []any{agency, from, to, yearFrom},
			[]any{&f.SkpApprovedMonth, &f.SkpApprovedYear, &f.RatingsFinalisedMonth, &f.RatingsFinalisedYear}},
		{"feedback", `SELECT COALESCE(SUM(CASE WHEN day >= $2 THEN 1 ELSE 0 END), 0), COUNT(*)
			FROM plan_fact_feedback WHERE agency = $1 AND day >= $3 AND day <= $4`, []any{agency, first, yearFirst, last},
			[]any{&f.FeedbackMonth, &f.FeedbackYear}},
	}
	for _, q := range queries {
		if err := s.q.QueryRowContext(ctx, q.q, q.args...).Scan(q.dests...); err != nil {
			return f, fmt.Errorf("counting the report's %s: %w", q.what, err)
		}
	}
	return f, nil
}

// reportHeadcount counts the agency's employees on the day before the month and on p.AsOf
// from the assignment periods, and the changes between: a period of the agency starting in
// the month after none (new to the city) or after one elsewhere (transferred in); a period
// ending from the month's eve to the day before p.AsOf followed by none (retired when its end
// reason says so, else transferred out of the city) or by one elsewhere (transferred out).
// A move within the agency is neither.
func (s *Store) reportHeadcount(ctx context.Context, agency string, p app.ReportPeriod, f *app.ReportFigures) error {
	eve := p.Month.First().AddDate(0, 0, -1).Format("2006-01-02")
	first, asOf := p.Month.First().String(), p.AsOf.String()
	dayBefore := p.AsOf.AddDate(0, 0, -1).Format("2006-01-02")
	err := s.q.QueryRowContext(ctx, `SELECT
			COUNT(DISTINCT CASE WHEN start_date <= $2 AND (end_date = '' OR end_date >= $2) THEN nip END),
			COUNT(DISTINCT CASE WHEN start_date <= $3 AND (end_date = '' OR end_date >= $3) THEN nip END)
		FROM assignments WHERE agency = $1`, agency, eve, asOf).Scan(&f.HeadStart, &f.HeadEnd)
	if err != nil {
		return fmt.Errorf("counting the report's headcount: %w", err)
	}
	err = s.q.QueryRowContext(ctx, `SELECT
			COALESCE(SUM(CASE WHEN b.nip IS NULL THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN b.nip IS NOT NULL AND b.agency <> $1 THEN 1 ELSE 0 END), 0)
		FROM assignments a LEFT JOIN assignments b ON b.nip = a.nip AND b.seq = a.seq - 1
		WHERE a.agency = $1 AND a.start_date >= $2 AND a.start_date <= $3`, agency, first, asOf).Scan(&f.JoinedNew, &f.TransferredIn)
	if err != nil {
		return fmt.Errorf("counting the report's arrivals: %w", err)
	}
	err = s.q.QueryRowContext(ctx, `SELECT
			COALESCE(SUM(CASE WHEN n.nip IS NULL AND a.end_reason LIKE 'retired%' THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN (n.nip IS NULL AND a.end_reason NOT LIKE 'retired%') OR n.agency <> $1 THEN 1 ELSE 0 END), 0)
		FROM assignments a LEFT JOIN assignments n ON n.nip = a.nip AND n.seq = a.seq + 1
		WHERE a.agency = $1 AND a.end_date <> '' AND a.end_date >= $2 AND a.end_date <= $3`, agency, eve, dayBefore).Scan(&f.Retired, &f.TransferredOut)
	if err != nil {
		return fmt.Errorf("counting the report's departures: %w", err)
	}
	return nil
}

// reportPlan reads the agency's plan of the month's year with its in-force targets' measures
// and the month's points; nil when there is none.
func (s *Store) reportPlan(ctx context.Context, agency string, p app.ReportPeriod) (*app.ReportPlan, error) {
	var (
		plan             app.ReportPlan
		state            string
		content, inForce string
	)
	err := s.q.QueryRowContext(ctx, `SELECT id, state, content, in_force FROM work_plans WHERE agency = $1 AND year = $2`,
		agency, p.Month.Year).Scan(&plan.ID, &state, &content, &inForce)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading the report's plan: %w", err)
	}
	plan.State = domain.PlanState(state)
	doc := inForce
	if doc == "" {
		doc = content
	}
	if err := json.Unmarshal([]byte(doc), &plan.Content); err != nil {
		return nil, fmt.Errorf("reading plan %s: %w", plan.ID, err)
	}
	if inForce == "" {
		return &plan, nil // not approved yet: nothing measured
	}
	type measured struct {
		key   string
		m     domain.Measure
		point *app.ReportPoint
	}
	rows, err := database.Query(ctx, s.q, func(sc database.Scanner) (measured, error) {
		var (
			r      measured
			status string
			at     int64
			pv, pe sql.NullFloat64
			ps     sql.NullString
		)
		err := sc.Scan(&r.key, &r.m.Baseline, &r.m.Value, &r.m.Expected, &status, &at, &pv, &pe, &ps)
		r.m.Status = domain.TargetStatus(status)
		if at > 0 {
			r.m.At = database.FromMicros(at)
		}
		if pv.Valid {
			r.point = &app.ReportPoint{Value: pv.Float64, Expected: pe.Float64, Status: domain.TargetStatus(ps.String)}
		}
		return r, err
	}, `SELECT t.target_key, t.baseline, t.value, t.expected, t.status, t.measure_time, pt.value, pt.expected, pt.status
		FROM plan_targets t LEFT JOIN plan_target_points pt ON pt.plan_id = t.plan_id AND pt.target_key = t.target_key AND pt.month = $2
		WHERE t.plan_id = $1`, plan.ID, p.Month.String())
	if err != nil {
		return nil, fmt.Errorf("reading the report's targets: %w", err)
	}
	byKey := make(map[string]measured, len(rows))
	for _, r := range rows {
		byKey[r.key] = r
	}
	for _, t := range plan.Content.Targets {
		rt := app.ReportTarget{Target: t}
		if r, ok := byKey[t.Key]; ok {
			rt.Target.Measure, rt.Point = r.m, r.point
		}
		plan.Targets = append(plan.Targets, rt)
	}
	return &plan, nil
}
