package store

import (
	"context"
	"fmt"

	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/services/attendance/internal/app"
)

// ImportedLeave returns the stored imports of approved leave under refs (table leave_imports,
// migration 00006), by reference, in a few IN-list queries.
func (r reader) ImportedLeave(ctx context.Context, refs []string) (map[string]app.LeaveImport, error) {
	out := map[string]app.LeaveImport{}
	err := database.EachIn(ctx, r.q, refs, openingBatch, func(sc database.Scanner) error {
		var li app.LeaveImport
		if err := sc.Scan(&li.Reference, &li.RequestID, &li.Content); err != nil {
			return err
		}
		out[li.Reference] = li
		return nil
	}, func(list string) string {
		return `SELECT reference, request_id, content FROM leave_imports WHERE reference IN (` + list + `)`
	})
	if err != nil {
		return nil, fmt.Errorf("reading imported leave references: %w", err)
	}
	return out, nil
}

// InsertLeaveImport records an imported row's reference.
func (t *txn) InsertLeaveImport(ctx context.Context, li app.LeaveImport) error {
	_, err := t.tx.ExecContext(ctx, `INSERT INTO leave_imports (reference, request_id, content) VALUES ($1, $2, $3)`,
		li.Reference, li.RequestID, li.Content)
	return database.CheckInserted(err, "leave import", errs.Existsf("approved leave with reference %q was imported already", li.Reference))
}
