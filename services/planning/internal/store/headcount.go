package store

import (
	"context"
	"fmt"

	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/services/planning/internal/app"
	"github.com/simpeg-id/simpeg/services/planning/internal/domain"
)

// HeadcountRows counts the active employees of agency ("" for every agency) per agency,
// employment type, rank and position kind in one grouped query: each employee with the agency
// and position of the assignment in force on day (the latest by seq covering it, as the
// directory copies read it), else the stored ones, and the kind of that position ("" without
// one). The assignment in force is found as DashboardCounts finds it, a covering assignment
// with no later one covering the day (an anti-join both engines plan as one pass), not a
// MAX(seq) probe per employee: for the province's 204,000 employees (simpeg seed --province)
// the probe ran twice per employee and took PostgreSQL 3.4-5.7 s on the loaded two-core
// machine, the anti-join 1.6-1.8 s beside it. An agency's count first keeps the employees
// ever placed in it (the stored agency or an assignment of it, by index), as DashboardCounts
// does, so it does not place the whole province to count one agency.
func (s *Store) HeadcountRows(ctx context.Context, agency string, day domain.Date) ([]app.HeadcountRow, error) {
	args := []any{day.String()}
	scope, filter := "", ""
	if agency != "" {
		args = append(args, agency)
		scope = ` AND (e.agency = $2 OR e.nip IN (SELECT nip FROM assignments WHERE agency = $2))`
		filter = ` WHERE c.agency = $2`
	}
	out, err := database.Query(ctx, s.q, func(sc database.Scanner) (app.HeadcountRow, error) {
		var (
			r         app.HeadcountRow
			typ, kind string
		)
		err := sc.Scan(&r.Agency, &typ, &r.Rank, &kind, &r.Count)
		r.Type, r.PositionKind = domain.EmploymentType(typ), domain.PositionKind(kind)
		return r, err
	}, `WITH cur AS (
			SELECT e.employment_type, e.rank,
				CASE WHEN p.nip IS NULL THEN e.agency ELSE p.agency END AS agency,
				CASE WHEN p.nip IS NULL THEN COALESCE(e.position, '') ELSE p.position END AS position
			FROM employees e LEFT JOIN assignments p ON p.nip = e.nip AND p.start_date <= $1 AND (p.end_date = '' OR p.end_date >= $1)
				AND NOT EXISTS (SELECT 1 FROM assignments x WHERE x.nip = p.nip AND x.seq > p.seq AND x.start_date <= $1 AND (x.end_date = '' OR x.end_date >= $1))
			WHERE e.status = 'active'`+scope+`
		)
		SELECT c.agency, c.employment_type, c.rank, COALESCE(pos.kind, ''), COUNT(*)
		FROM cur c LEFT JOIN positions pos ON pos.id = c.position`+filter+`
		GROUP BY c.agency, c.employment_type, c.rank, COALESCE(pos.kind, '')
		ORDER BY c.agency`, args...)
	if err != nil {
		return nil, fmt.Errorf("counting active employees: %w", err)
	}
	return out, nil
}
