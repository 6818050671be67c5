package store

import (
	"context"
	"fmt"
	"time"

	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/services/planning/internal/app"
	"github.com/simpeg-id/simpeg/services/planning/internal/domain"
)

// A target's value, counted from the facts and the registry (services/planning/README.md,
// "Monitoring", says what each kind counts and where it comes from). An agency target counts
// its agency, the city's (agency "") every agency. "Active employees" are the registry's today.

// activeEmployees is the condition on employees e of an agency's active employees.
const activeEmployees = `e.status = 'active'`

// TargetValue returns t's value at now.
func (r reader) TargetValue(ctx context.Context, t app.MeasuredTarget, now time.Time) (float64, error) {
	v, err := r.targetValue(ctx, t, now)
	if err != nil {
		return 0, fmt.Errorf("measuring %s of target %s/%s: %w", t.Kind, t.Plan, t.Key, err)
	}
	return v, nil
}

func (r reader) targetValue(ctx context.Context, t app.MeasuredTarget, now time.Time) (float64, error) {
	switch t.Kind {
	case domain.TargetJPShare:
		cond, args := agencyCond("e.agency", t.Agency, 3)
		var n, d int
		err := r.q.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN j.total >= $2 THEN 1 ELSE 0 END), 0)
			FROM employees e LEFT JOIN (SELECT employee, SUM(jp) AS total FROM plan_fact_jp WHERE year = $1 GROUP BY employee) j ON j.employee = e.nip
			WHERE `+activeEmployees+` AND e.employment_type IN ('pns', 'cpns')`+cond,
			append([]any{t.Year, domain.JPMinimum}, args...)...).Scan(&d, &n)
		return domain.Share(n, d), err
	case domain.TargetProgrammeParticipants:
		progs := programmeIDs(t.Programmes)
		if len(progs) == 0 {
			return 0, nil
		}
		cond, args := agencyCond("agency", t.Agency, 2+len(progs))
		n, err := r.count(ctx, `SELECT COUNT(DISTINCT employee) FROM plan_fact_jp WHERE year = $1 AND jp > 0 AND source = 'session'
			AND programme IN (`+database.Placeholders(2, len(progs))+`)`+cond, append(append([]any{t.Year}, database.Anys(progs)...), args...)...)
		return float64(n), err
	case domain.TargetInternshipsCompleted:
		cond, args := agencyCond("agency", t.Agency, 2)
		n, err := r.count(ctx, `SELECT COUNT(*) FROM plan_fact_internships WHERE state = 'completed' AND year = $1`+cond, append([]any{t.Year}, args...)...)
		return float64(n), err
	case domain.TargetAttendanceRate, domain.TargetUnexcusedAbsenceDays:
		days, err := r.dayCounts(ctx, t, now)
		if err != nil {
			return 0, err
		}
		if t.Kind == domain.TargetUnexcusedAbsenceDays {
			return float64(days[DayAbsent]), nil
		}
		there := days[DayPresent] + days[DayCheckedIn]
		return domain.Share(there, there+days[DayAbsent]), nil
	case domain.TargetSkpApprovedShare, domain.TargetRatingsFinalisedShare:
		col := "s.approve_time"
		if t.Kind == domain.TargetRatingsFinalisedShare {
			col = "s.finalise_time"
		}
		return r.activeShare(ctx, t, `SELECT COUNT(DISTINCT s.employee) FROM plan_fact_skps s JOIN employees e ON e.nip = s.employee
			WHERE s.year = $1 AND `+col+` > 0 AND `+activeEmployees, []any{t.Year})
	case domain.TargetFeedbackShare:
		from, to := domain.FeedbackQuarter(t.Year, now)
		return r.activeShare(ctx, t, `SELECT COUNT(DISTINCT f.employee) FROM plan_fact_feedback f JOIN employees e ON e.nip = f.employee
			WHERE f.day >= $1 AND f.day <= $2 AND `+activeEmployees, []any{from, to})
	case domain.TargetFillRate:
		return r.fillRate(ctx, t.Agency)
	}
	return 0, fmt.Errorf("no measure for target kind %q", t.Kind)
}

func (r reader) count(ctx context.Context, q string, args ...any) (int, error) {
	var n int
	err := r.q.QueryRowContext(ctx, q, args...).Scan(&n)
	return n, err
}

// activeShare returns the count of q (distinct active employees e, args before the agency's)
// over the agency's active employees, as a percentage.
func (r reader) activeShare(ctx context.Context, t app.MeasuredTarget, q string, args []any) (float64, error) {
	cond, more := agencyCond("e.agency", t.Agency, len(args)+1)
	n, err := r.count(ctx, q+cond, append(args, more...)...)
	if err != nil {
		return 0, err
	}
	cond, more = agencyCond("e.agency", t.Agency, 1)
	d, err := r.count(ctx, `SELECT COUNT(*) FROM employees e WHERE `+activeEmployees+cond, more...)
	if err != nil {
		return 0, err
	}
	return domain.Share(n, d), nil
}

// dayCounts returns the days of t's agency in its year to date at now, by status.
func (r reader) dayCounts(ctx context.Context, t app.MeasuredTarget, now time.Time) (map[string]int, error) {
	from, to := domain.YearToDate(t.Year, now)
	out := map[string]int{}
	if to == "" {
		return out, nil
	}
	cond, args := agencyCond("agency", t.Agency, 3)
	err := database.QueryEach(ctx, r.q, func(sc database.Scanner) error {
		var status string
		var n int
		if err := sc.Scan(&status, &n); err != nil {
			return err
		}
		out[status] = n
		return nil
	}, `SELECT status, COUNT(*) FROM plan_fact_days WHERE day >= $1 AND day <= $2`+cond+` GROUP BY status`, append([]any{from, to}, args...)...)
	return out, err
}

// fillRate returns Σ min(holders, need) ÷ Σ need × 100 over the agency's positions with a need:
// an over-staffed position fills no other.
func (r reader) fillRate(ctx context.Context, agency string) (float64, error) {
	cond, args := agencyCond("p.agency", agency, 1)
	var filled, need int
	err := database.QueryEach(ctx, r.q, func(sc database.Scanner) error {
		var n, h int
		if err := sc.Scan(&n, &h); err != nil {
			return err
		}
		filled, need = filled+min(n, h), need+n
		return nil
	}, `SELECT p.needed, (SELECT COUNT(*) FROM employees e WHERE e.position = p.id AND `+activeEmployees+`)
		FROM positions p WHERE p.needed > 0`+cond, args...)
	if err != nil {
		return 0, err
	}
	return domain.Share(filled, need), nil
}

// TargetEvidence returns the facts behind t's value at now, newest recorded first.
func (r reader) TargetEvidence(ctx context.Context, t app.MeasuredTarget, now time.Time, offset, limit int) ([]app.Evidence, error) {
	var (
		q    string
		args []any
	)
	page := func(n int) string {
		return fmt.Sprintf(` ORDER BY record_time DESC, event_id DESC LIMIT $%d OFFSET $%d`, n, n+1)
	}
	switch t.Kind {
	case domain.TargetJPShare, domain.TargetProgrammeParticipants:
		q, args = `SELECT event_id, subject, employee, CAST(jp AS TEXT) || ' JP: ' || title, occur_time, record_time FROM plan_fact_jp WHERE year = $1`, []any{t.Year}
		if t.Kind == domain.TargetProgrammeParticipants {
			progs := programmeIDs(t.Programmes)
			if len(progs) == 0 {
				return nil, nil
			}
			q += ` AND jp > 0 AND source = 'session' AND programme IN (` + database.Placeholders(2, len(progs)) + `)`
			args = append(args, database.Anys(progs)...)
		}
	case domain.TargetInternshipsCompleted:
		q, args = `SELECT event_id, subject, participant, 'completed ' || placement, occur_time, record_time FROM plan_fact_internships
			WHERE state = 'completed' AND year = $1`, []any{t.Year}
	case domain.TargetAttendanceRate, domain.TargetUnexcusedAbsenceDays:
		from, to := domain.YearToDate(t.Year, now)
		if to == "" {
			return nil, nil
		}
		statuses := `('present', 'checked_in', 'absent')`
		if t.Kind == domain.TargetUnexcusedAbsenceDays {
			statuses = `('absent')`
		}
		q, args = `SELECT event_id, subject, employee, status || ' ' || day, occur_time, record_time FROM plan_fact_days
			WHERE day >= $1 AND day <= $2 AND status IN `+statuses, []any{from, to}
	case domain.TargetSkpApprovedShare:
		q, args = `SELECT event_id, subject, employee, 'SKP ' || skp || ' approved', occur_time, record_time FROM plan_fact_skps
			WHERE year = $1 AND approve_time > 0`, []any{t.Year}
	case domain.TargetRatingsFinalisedShare:
		q, args = `SELECT event_id, subject, employee, 'SKP ' || skp || ' rated ' || predicate, occur_time, record_time FROM plan_fact_skps
			WHERE year = $1 AND finalise_time > 0`, []any{t.Year}
	case domain.TargetFeedbackShare:
		from, to := domain.FeedbackQuarter(t.Year, now)
		q, args = `SELECT event_id, subject, employee, 'feedback on SKP ' || skp || ' ' || day, occur_time, record_time FROM plan_fact_feedback
			WHERE day >= $1 AND day <= $2`, []any{from, to}
	default: // the fill rate is the registry's, not facts reported
		return nil, nil
	}
	cond, more := agencyCond("agency", t.Agency, len(args)+1)
	args = append(args, more...)
	q += cond + page(len(args)+1)
	args = append(args, limit, offset)
	ev, err := database.Query(ctx, r.q, func(sc database.Scanner) (app.Evidence, error) {
		var e app.Evidence
		var occur, rec int64
		err := sc.Scan(&e.EventID, &e.Subject, &e.Employee, &e.Detail, &occur, &rec)
		e.Occur, e.Record = database.FromMicros(occur), database.FromMicros(rec)
		return e, err
	}, q, args...)
	if err != nil {
		return nil, fmt.Errorf("reading the evidence of target %s/%s: %w", t.Plan, t.Key, err)
	}
	return ev, nil
}
