package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/resource"
	"github.com/simpeg-id/simpeg/services/attendance/internal/domain"
)

// Supporting documents for leave requests, uploaded to the service and kept in its database
// (domain/document.go says what is accepted). A leave request's attachment names one as
// "documents/{id}"; submitting the request checks that it exists and is the employee's (or was
// uploaded by whoever files the request) and records the request on it, which opens it to
// whoever may read the request.

// DocumentPrefix starts the reference of an uploaded document in a leave attachment.
const DocumentPrefix = "documents/"

// Document is a stored document.
type Document struct {
	ID string
	// Employee is the employee the document is for; Uploader who uploaded it (the caller's
	// subject).
	Employee, Uploader    string
	FileName, ContentType string
	Size                  int64
	// SHA256 is the content's digest, in hexadecimal.
	SHA256 string
	// LeaveRequest is the id of the first leave request that attached the document, "" while
	// none has.
	LeaveRequest string
	// Content is the file's bytes, when read for them.
	Content []byte
	Created time.Time
}

// DocumentName is the resource name of a document.
func DocumentName(id string) string { return DocumentPrefix + id }

// DocumentReader reads documents; part of Reader.
type DocumentReader interface {
	// GetDocument returns document id, with its content when withContent.
	GetDocument(ctx context.Context, id string, withContent bool) (Document, bool, error)
}

// DocumentTx writes documents, inside Repository.Write; part of Tx.
type DocumentTx interface {
	InsertDocument(ctx context.Context, d Document) error
	// AttachDocuments records request as the leave request of each of ids that has none yet.
	AttachDocuments(ctx context.Context, ids []string, request string) error
}

// UploadDocument stores a supporting document for employee (the caller when empty; HR name an
// employee of their reach) and returns it without its content. The content must be a PDF,
// JPEG or PNG file of at most 2 MiB by its first bytes (domain.CheckDocument); errors name the
// fields with the "document." prefix. The upload is audited with the file's name, type, size and
// SHA-256.
func (a *App) UploadDocument(ctx context.Context, in domain.DocumentUpload, employee string) (Document, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return Document{}, err
	}
	if employee == "" {
		employee = g.Subject
	} else if employee != g.Subject {
		if _, err := a.employeeFor(ctx, g, employee); err != nil {
			return Document{}, err
		}
	}
	typ, fileName, err := domain.CheckDocument(in)
	if err != nil {
		return Document{}, errs.Prefix("document", err)
	}
	id, err := uuid.NewV7()
	if err != nil {
		return Document{}, err
	}
	sum := sha256.Sum256(in.Content)
	d := Document{ID: id.String(), Employee: employee, Uploader: g.Subject, FileName: fileName, ContentType: typ,
		Size: int64(len(in.Content)), SHA256: hex.EncodeToString(sum[:]), Content: in.Content, Created: a.stamp()}
	err = a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		if err := tx.InsertDocument(ctx, d); err != nil {
			return err
		}
		return tx.Audit(ctx, AuditEntry{Resource: DocumentName(d.ID), Detail: fmt.Sprintf("uploaded %q (%s, %d bytes, sha256 %s) for employee %s",
			d.FileName, d.ContentType, d.Size, d.SHA256, d.Employee)})
	})
	if err != nil {
		return Document{}, err
	}
	d.Content = nil
	return d, nil
}

// GetDocument returns document id with its content, if the caller may read it: its uploader
// may, and once a leave request attached it, whoever may read that request.
func (a *App) GetDocument(ctx context.Context, id string) (Document, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return Document{}, err
	}
	d, found, err := a.repo.GetDocument(ctx, id, true)
	if err != nil {
		return Document{}, err
	}
	if !found {
		return Document{}, errs.NotFoundf("%s does not exist", DocumentName(id))
	}
	if d.Uploader == g.Subject {
		return d, nil
	}
	if d.LeaveRequest == "" {
		return Document{}, errs.Deniedf("%s may not read %s: only its uploader may until a leave request attaches it", g.Subject, DocumentName(id))
	}
	r, err := a.repo.GetLeaveRequest(ctx, d.LeaveRequest)
	if err != nil {
		return Document{}, err
	}
	if _, err := a.employeeFor(ctx, g, r.EmployeeNIP); err != nil {
		return Document{}, err
	}
	return d, nil
}

// attachedDocuments checks the attachments of r that name uploaded documents: each must exist
// and be for r's employee, or have been uploaded by submitter (HR filing for the employee). It
// returns their ids, or an Invalid error naming each bad
// "leave_request.attachments[i].reference".
func attachedDocuments(ctx context.Context, tx Tx, r domain.LeaveRequest, submitter string) ([]string, error) {
	var (
		ids []string
		v   errs.Violations
	)
	for i, at := range r.Attachments {
		id, ok := strings.CutPrefix(at.Ref, DocumentPrefix)
		if !ok {
			continue
		}
		field := fmt.Sprintf("leave_request.attachments[%d].reference", i)
		d, found, err := tx.GetDocument(ctx, id, false)
		switch {
		case err != nil:
			return nil, err
		case !found:
			v.Add(field, "%s does not exist; upload the file first (POST /v1/documents)", at.Ref)
		case d.Employee != r.EmployeeNIP && d.Uploader != submitter:
			v.Add(field, "%s is another employee's document; attach a document uploaded for %s", at.Ref, r.EmployeeNIP)
		default:
			ids = append(ids, id)
		}
	}
	return ids, v.Err()
}
