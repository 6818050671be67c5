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
// one).
func (s *Store) HeadcountRows(ctx context.Context, agency string, day domain.Date) ([]app.HeadcountRow, error) {
	args := []any{day.String()}
	filter := ""
	if agency != "" {
		args = append(args, agency)
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
			FROM employees e LEFT JOIN assignments p ON p.nip = e.nip AND p.seq = (
				SELECT MAX(x.seq) FROM assignments x WHERE x.nip = e.nip AND x.start_date <= $1 AND (x.end_date = '' OR x.end_date >= $1))
			WHERE e.status = 'active'
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
