package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/services/attendance/internal/app"
)

// Supporting documents for leave requests (app/documents.go, migrations/00008_documents.sql).

// GetDocument returns document id, with its content when withContent.
func (r reader) GetDocument(ctx context.Context, id string, withContent bool) (app.Document, bool, error) {
	content := `NULL`
	if withContent {
		content = `content`
	}
	var (
		d       app.Document
		data    []byte
		created int64
	)
	err := r.q.QueryRowContext(ctx, `SELECT id, employee, uploader, file_name, content_type, size_bytes, sha256, leave_request, create_time, `+
		content+` FROM documents WHERE id = $1`, id).
		Scan(&d.ID, &d.Employee, &d.Uploader, &d.FileName, &d.ContentType, &d.Size, &d.SHA256, &d.LeaveRequest, &created, &data)
	if errors.Is(err, sql.ErrNoRows) {
		return app.Document{}, false, nil
	}
	if err != nil {
		return app.Document{}, false, fmt.Errorf("reading document: %w", err)
	}
	d.Content, d.Created = data, database.FromMicros(created)
	return d, true, nil
}

// InsertDocument stores d with its content.
func (t *txn) InsertDocument(ctx context.Context, d app.Document) error {
	_, err := t.tx.ExecContext(ctx, `INSERT INTO documents (id, employee, uploader, file_name, content_type, size_bytes, sha256, content,
			leave_request, create_time) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, '', $9)`,
		d.ID, d.Employee, d.Uploader, d.FileName, d.ContentType, d.Size, d.SHA256, d.Content, database.Micros(d.Created))
	if err != nil {
		return fmt.Errorf("storing document: %w", err)
	}
	return nil
}

// AttachDocuments records request as the leave request of each of ids that has none yet.
func (t *txn) AttachDocuments(ctx context.Context, ids []string, request string) error {
	if len(ids) == 0 {
		return nil
	}
	_, err := t.tx.ExecContext(ctx, `UPDATE documents SET leave_request = $1 WHERE leave_request = '' AND id IN (`+
		database.Placeholders(2, len(ids))+`)`, append([]any{request}, database.Anys(ids)...)...)
	if err != nil {
		return fmt.Errorf("attaching documents: %w", err)
	}
	return nil
}
