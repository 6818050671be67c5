package store

import (
	"context"
	"fmt"

	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/services/planning/internal/domain"
)

// Histories reads, in IN-list queries, the assignment history of each registered NIP among
// nips, oldest first; an unregistered NIP has no entry.
func (r reader) Histories(ctx context.Context, nips ...string) (map[string][]domain.Assignment, error) {
	out := map[string][]domain.Assignment{}
	err := database.EachIn(ctx, r.q, nips, 0, func(sc database.Scanner) error {
		var nip string
		var a domain.Assignment
		a, err := scanAssignment(scannerFunc(func(dest ...any) error { return sc.Scan(append([]any{&nip}, dest...)...) }))
		if err != nil {
			return err
		}
		out[nip] = append(out[nip], a)
		return nil
	}, func(list string) string {
		return `SELECT nip, agency, unit, position, start_date, end_date, end_reason FROM assignments
			WHERE nip IN (` + list + `) ORDER BY nip, seq`
	})
	if err != nil {
		return nil, fmt.Errorf("reading assignment histories: %w", err)
	}
	return out, nil
}

// scannerFunc is a database.Scanner made of a function.
type scannerFunc func(dest ...any) error

func (f scannerFunc) Scan(dest ...any) error { return f(dest...) }
