package app_test

import (
	"strings"
	"testing"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/testenv"
	attendancev1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/attendance/v1"
	"github.com/simpeg-id/simpeg/services/attendance/internal/app"
	"github.com/simpeg-id/simpeg/services/attendance/internal/domain"
	"github.com/simpeg-id/simpeg/services/attendance/internal/events"
)

// TestImportApprovedLeave: leave the old system approved comes in as approved requests checked
// with a request's rules (PPPK types, overlap with stored requests and other rows, the annual
// balance after the opening balance), every bad row reported and nothing written; the ledger is
// spent as an approval spends it, LeaveApproved is published once, a re-run changes nothing and
// a changed row under the same reference is refused; only city HR imports.
func TestImportApprovedLeave(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := newGoLiveSuite(t, engine)
		if _, err := s.app.ImportOpeningBalances(cityHR, []domain.OpeningBalance{{Employee: glStaff, Year: 2025, Unused: 6, Source: "SIMPEG lama"}}, false); err != nil {
			t.Fatalf("opening balance: %v", err)
		}
		const by = "SK 800/77/BKPSDM/2026"
		rows := []app.ApprovedLeaveRow{
			{Reference: "OLD-1", Employee: glStaff, Type: "tahunan", Start: "2026-07-06", End: "2026-07-10", ApprovedBy: by},
			{Reference: "OLD-2", Employee: glStaff, Type: "annual", Start: "2026-08-03", End: "2026-08-14", ApprovedBy: by, Note: "mudik"},
			{Reference: "OLD-3", Employee: glPPPK, Type: "sick", Start: "2026-06-08", End: "2026-06-09", ApprovedBy: glSekda},
		}
		bad := append(append([]app.ApprovedLeaveRow{}, rows...),
			app.ApprovedLeaveRow{Reference: "OLD-4", Employee: glPPPK, Type: "long", Start: "2026-09-01", End: "2026-09-30", ApprovedBy: by},
			app.ApprovedLeaveRow{Reference: "OLD-5", Employee: glStaff, Type: "annual", Start: "2026-07-08", End: "2026-07-09", ApprovedBy: by},
			app.ApprovedLeaveRow{Reference: "OLD-6", Employee: glStaff, Type: "annual", Start: "2026-09-07", End: "2026-09-11", ApprovedBy: by},
			app.ApprovedLeaveRow{Reference: "OLD-1", Employee: glStaff, Type: "annual", Start: "2026-10-05", End: "2026-10-05", ApprovedBy: by},
			app.ApprovedLeaveRow{Reference: "OLD-8", Employee: "199901012020011001", Type: "annual", Start: "2026-10-05", End: "2026-10-05", ApprovedBy: by},
			app.ApprovedLeaveRow{Reference: "OLD-9", Employee: glStaff, Type: "holiday", Start: "2026-10-05", End: "2026-10-04"},
		)
		_, err := s.app.ImportApprovedLeave(cityHR, bad, false)
		if !errs.IsKind(err, errs.Invalid) {
			t.Fatalf("bad rows: %v, want Invalid", err)
		}
		want := "rows[3].type rows[4].start_date rows[5].end_date rows[6].reference rows[7].employee rows[8].approved_by rows[8].type rows[8].end_date"
		if got := strings.Join(fieldsOf(err), " "); got != want {
			t.Fatalf("bad rows reported %v, want %v (%v)", got, want, err)
		}
		if n := s.count(t, `SELECT COUNT(*) FROM leave_requests`); n != 0 {
			t.Fatalf("a bad import wrote %d requests", n)
		}
		if _, err := s.app.ImportApprovedLeave(agencyHR("198001012005011001", "SETDA"), rows, false); !errs.IsKind(err, errs.PermissionDenied) {
			t.Fatalf("agency HR: %v, want PermissionDenied", err)
		}
		if res, err := s.app.ImportApprovedLeave(cityHR, rows, true); err != nil || res.Written != len(rows) {
			t.Fatalf("validate only: %+v, %v", res, err)
		}
		if n := s.count(t, `SELECT COUNT(*) FROM leave_requests`) + s.count(t, `SELECT COUNT(*) FROM outbox WHERE subject = $1`, events.SubjectLeaveApproved); n != 0 {
			t.Fatalf("validate only wrote %d requests and events", n)
		}

		res, err := s.app.ImportApprovedLeave(cityHR, rows, false)
		if err != nil || res.Written != 3 || res.Unchanged != 0 {
			t.Fatalf("import: %+v, %v", res, err)
		}
		audits := s.count(t, `SELECT COUNT(*) FROM audit_records`)
		if res, err := s.app.ImportApprovedLeave(cityHR, rows, false); err != nil || res.Written != 0 || res.Unchanged != 3 {
			t.Fatalf("import again: %+v, %v", res, err)
		}
		if n := s.count(t, `SELECT COUNT(*) FROM audit_records`); n != audits {
			t.Fatalf("import again wrote %d audit records", n-audits)
		}
		changed := []app.ApprovedLeaveRow{rows[0]}
		changed[0].End = "2026-07-09"
		if _, err := s.app.ImportApprovedLeave(cityHR, changed, false); !errs.IsKind(err, errs.Invalid) || fieldsOf(err)[0] != "rows[0].reference" {
			t.Fatalf("changed row under the same reference: %v", err)
		}

		if n := s.count(t, `SELECT COUNT(*) FROM outbox WHERE subject = $1`, events.SubjectLeaveApproved); n != 3 {
			t.Fatalf("%d leave-approved events, want 3 (one per row, none on the re-run)", n)
		}
		b, err := s.api.GetLeaveBalance(cityHR, &attendancev1.GetLeaveBalanceRequest{Name: app.LeaveBalanceName(glStaff, 2026)})
		if err != nil || b.GetLeaveBalance().GetAvailable() != 18-15 {
			t.Fatalf("2026 balance after 15 imported days of 18: %v, %v", b, err)
		}
		list, err := s.api.ListLeaveRequests(cityHR, &attendancev1.ListLeaveRequestsRequest{Employee: glStaff})
		if err != nil || len(list.GetLeaveRequests()) != 2 {
			t.Fatalf("glStaff's requests: %v, %v", list, err)
		}
		for _, r := range list.GetLeaveRequests() {
			h := r.GetDecisions()
			if r.GetState() != attendancev1.LeaveState_LEAVE_STATE_APPROVED || len(h) != 1 || h[0].GetReason() != "imported: approved before go-live by "+by || h[0].GetAction() != "imported" {
				t.Fatalf("imported request: %v", r)
			}
		}
	})
}
