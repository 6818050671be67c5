package app_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"testing"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/testenv"
	attendancev1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/attendance/v1"
)

// TestDocuments uploads supporting documents and attaches them to leave requests over the real
// store on every engine: who may upload for whom, what a request may attach, and who may read a
// document before and after a request attaches it.
func TestDocuments(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := newLvSuite(t, engine)
		staff, colleague, head := employee(lvStaff, "DISKOMINFO"), employee(lvColleague, "DISKOMINFO"), supervisor(lvHead, "DISKOMINFO")
		rsudHR := agencyHR("rsud-hr", "RSUD")
		note := append([]byte("%PDF-1.4\n% surat keterangan dokter\n"), bytes.Repeat([]byte{0x42}, 3000)...)

		upload := func(ctx context.Context, d *attendancev1.Document) (*attendancev1.Document, error) {
			resp, err := s.api.UploadDocument(ctx, &attendancev1.UploadDocumentRequest{Document: d})
			return resp.GetDocument(), err
		}
		mustUpload := func(ctx context.Context, d *attendancev1.Document) *attendancev1.Document {
			t.Helper()
			got, err := upload(ctx, d)
			if err != nil {
				t.Fatalf("UploadDocument: %v", err)
			}
			return got
		}
		read := func(ctx context.Context, name string) ([]byte, error) {
			body, err := s.api.GetDocument(ctx, &attendancev1.GetDocumentRequest{Name: name})
			if err != nil {
				return nil, err
			}
			if body.GetContentType() != "application/pdf" {
				t.Errorf("content type %s", body.GetContentType())
			}
			return body.GetData(), nil
		}
		sick := func(employee string, refs ...string) *attendancev1.LeaveRequest {
			r := lvReq(employee, attendancev1.LeaveType_LEAVE_TYPE_SICK, "2026-05-05", "2026-05-06")
			for _, ref := range refs {
				r.Attachments = append(r.Attachments, &attendancev1.LeaveAttachment{Kind: "doctors_note", Reference: ref})
			}
			return r
		}

		// The staff member uploads their doctor's note, declared as a PNG: it is stored as the PDF
		// it is.
		doc := mustUpload(staff, &attendancev1.Document{FileName: "surat dokter.pdf", ContentType: "image/png", Content: note})
		sum := sha256.Sum256(note)
		if doc.GetName() == "" || doc.GetContentType() != "application/pdf" || doc.GetEmployee() != lvStaff || doc.GetUploader() != lvStaff ||
			doc.GetSizeBytes() != int64(len(note)) || doc.GetSha256() != hex.EncodeToString(sum[:]) || doc.GetContent() != nil || doc.GetLeaveRequest() != "" {
			t.Fatalf("uploaded = %v", doc)
		}
		if got := s.audits(t, doc.GetName()); len(got) != 1 {
			t.Errorf("audit = %v", got)
		}
		// Until a request attaches it, only the uploader reads it.
		if data, err := read(staff, doc.GetName()); err != nil || !bytes.Equal(data, note) {
			t.Fatalf("the uploader's read: %v", err)
		}
		_, err := read(head, doc.GetName())
		testenv.WantKind(t, err, errs.PermissionDenied, "")

		// A preview checks the attachment and attaches nothing.
		if _, err := s.api.CreateLeaveRequest(staff, &attendancev1.CreateLeaveRequestRequest{LeaveRequest: sick("", doc.GetName()), ValidateOnly: true}); err != nil {
			t.Fatal(err)
		}
		_, err = read(head, doc.GetName())
		testenv.WantKind(t, err, errs.PermissionDenied, "")

		// What a request may not attach: another employee's document, one that does not exist.
		_, err = s.api.CreateLeaveRequest(colleague, &attendancev1.CreateLeaveRequestRequest{LeaveRequest: sick("", doc.GetName())})
		testenv.WantKind(t, err, errs.Invalid, "leave_request.attachments[0].reference")
		_, err = s.api.CreateLeaveRequest(staff, &attendancev1.CreateLeaveRequestRequest{LeaveRequest: sick("", "documents/0190aaaa-0000-7000-8000-000000000000")})
		testenv.WantKind(t, err, errs.Invalid, "leave_request.attachments[0].reference")

		// Attached, it is read by whoever may read the request: the supervisor, city HR, the
		// auditor; not another agency's HR.
		created, err := s.api.CreateLeaveRequest(staff, &attendancev1.CreateLeaveRequestRequest{LeaveRequest: sick("", doc.GetName())})
		if err != nil {
			t.Fatal(err)
		}
		for name, ctx := range map[string]context.Context{"supervisor": head, "city HR": cityHR, "auditor": auditor, "agency HR": kominfoHR} {
			if data, err := read(ctx, doc.GetName()); err != nil || !bytes.Equal(data, note) {
				t.Errorf("%s's read of the attached document: %v", name, err)
			}
		}
		_, err = read(rsudHR, doc.GetName())
		testenv.WantKind(t, err, errs.PermissionDenied, "")
		_, err = read(colleague, doc.GetName())
		testenv.WantKind(t, err, errs.PermissionDenied, "")
		if got := s.count(t, `SELECT COUNT(*) FROM documents WHERE leave_request = $1`, created.GetLeaveRequest().GetName()[len("leaveRequests/"):]); got != 1 {
			t.Errorf("%d documents record the request, want 1", got)
		}

		// HR uploads for an employee of their agency, or for themselves to attach when filing
		// for an employee; not for another agency's employee.
		forColleague := mustUpload(kominfoHR, &attendancev1.Document{FileName: "surat.pdf", Content: note, Employee: lvColleague})
		hrOwn := mustUpload(kominfoHR, &attendancev1.Document{FileName: "surat.pdf", Content: note})
		if forColleague.GetEmployee() != lvColleague || forColleague.GetUploader() != "kominfo-hr" || hrOwn.GetEmployee() != "kominfo-hr" {
			t.Errorf("HR's uploads: %v, %v", forColleague, hrOwn)
		}
		if _, err := s.api.CreateLeaveRequest(kominfoHR, &attendancev1.CreateLeaveRequestRequest{LeaveRequest: sick(lvColleague, hrOwn.GetName(), forColleague.GetName())}); err != nil {
			t.Fatalf("HR filing with their own and the employee's documents: %v", err)
		}
		_, err = upload(rsudHR, &attendancev1.Document{FileName: "surat.pdf", Content: note, Employee: lvStaff})
		testenv.WantKind(t, err, errs.PermissionDenied, "")
		_, err = upload(staff, &attendancev1.Document{FileName: "surat.pdf", Content: note, Employee: lvColleague})
		testenv.WantKind(t, err, errs.PermissionDenied, "")

		// Only PDF, JPEG and PNG, by their bytes.
		_, err = upload(staff, &attendancev1.Document{FileName: "surat.pdf", ContentType: "application/pdf", Content: []byte("<html><script>alert(1)</script></html>")})
		testenv.WantKind(t, err, errs.Invalid, "document.content")
		_, err = read(staff, "documents/0190aaaa-0000-7000-8000-000000000000")
		testenv.WantKind(t, err, errs.NotFound, "")
	})
}
