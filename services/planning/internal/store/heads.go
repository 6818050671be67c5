package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// AgencyHeaded returns the agency nip heads: nip is active and its supervisor is empty or an
// employee of another agency (app.HeadReader).
func (r reader) AgencyHeaded(ctx context.Context, nip string) (string, error) {
	var agency string
	err := r.q.QueryRowContext(ctx, `
SELECT e.agency FROM employees e
LEFT JOIN employees s ON s.nip = e.supervisor
WHERE e.nip = $1 AND e.status = 'active'
  AND (e.supervisor IS NULL OR e.supervisor = '' OR s.nip IS NULL OR s.agency <> e.agency)`, nip).Scan(&agency)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("finding the agency %s heads: %w", nip, err)
	}
	return agency, nil
}
