package app_test

import (
	"context"
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/testenv"
	attendancev1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/attendance/v1"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
	"github.com/simpeg-id/simpeg/services/planning/directory/directorytest"
)

// TestLeavePreview: CreateLeaveRequest with validate_only (AIP-163) runs every check of a
// submission and writes nothing, and the answer carries, for annual leave, the balance before
// and after the request. The suite's today is Monday 4 May 2026; 1 June 2026 is a holiday, so
// 1-5 June is 4 working days.
func TestLeavePreview(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := newLvSuite(t, engine)
		pppk := "202301012019030001" // a PPPK since March 2019
		directorytest.Seed(t, s.db, &planningv1.Employee{Nip: pppk, Agency: "DISKOMINFO", Supervisor: lvHead,
			EmploymentType: planningv1.EmploymentType_EMPLOYMENT_TYPE_PPPK, AppointmentDate: "2019-03-01", Sex: planningv1.Sex_SEX_FEMALE})
		staff := employee(lvStaff, "DISKOMINFO")

		preview := func(ctx context.Context, r *attendancev1.LeaveRequest) (*attendancev1.CreateLeaveRequestResponse, error) {
			return s.api.CreateLeaveRequest(ctx, &attendancev1.CreateLeaveRequestRequest{LeaveRequest: r, ValidateOnly: true})
		}
		before := s.written(t)

		// Annual leave 1-5 June: 4 working days of the 12 of 2026.
		got, err := preview(staff, lvReq("", attendancev1.LeaveType_LEAVE_TYPE_ANNUAL, "2026-06-01", "2026-06-05"))
		if err != nil {
			t.Fatalf("preview: %v", err)
		}
		want := &attendancev1.CreateLeaveRequestResponse{
			LeaveRequest: &attendancev1.LeaveRequest{Employee: lvStaff, Type: attendancev1.LeaveType_LEAVE_TYPE_ANNUAL, StartDate: "2026-06-01",
				EndDate: "2026-06-05", State: attendancev1.LeaveState_LEAVE_STATE_SUBMITTED, Days: 4, Counting: "working_days", Supervisor: lvHead,
				Decisions: []*attendancev1.LeaveDecision{{Actor: lvStaff, Action: "submitted", Date: "2026-05-04", Role: "employee"}}},
			AnnualDaysAvailable: proto.Int32(12), AnnualDaysPending: proto.Int32(0), AnnualDaysAfter: proto.Int32(8),
		}
		if !proto.Equal(got, want) {
			t.Fatalf("preview =\n%v\nwant\n%v", got, want)
		}
		if after := s.written(t); after != before {
			t.Fatalf("a preview wrote: rows before %v, after %v", before, after)
		}

		// Submitted for real, the same request is stored as previewed; a second preview of
		// 8-12 June (5 days) sees its 4 days pending, and the balance is still 12 before
		// approval.
		real, err := s.api.CreateLeaveRequest(staff, &attendancev1.CreateLeaveRequestRequest{LeaveRequest: lvReq("", attendancev1.LeaveType_LEAVE_TYPE_ANNUAL, "2026-06-01", "2026-06-05")})
		if err != nil {
			t.Fatal(err)
		}
		if r := real.GetLeaveRequest(); r.GetName() == "" || r.GetDays() != 4 || real.GetAnnualDaysAvailable() != 12 || real.GetAnnualDaysAfter() != 8 {
			t.Fatalf("submission = %v", real)
		}
		second, err := preview(staff, lvReq("", attendancev1.LeaveType_LEAVE_TYPE_ANNUAL, "2026-06-08", "2026-06-12"))
		if err != nil {
			t.Fatal(err)
		}
		if second.GetLeaveRequest().GetDays() != 5 || second.GetAnnualDaysAvailable() != 12 || second.GetAnnualDaysPending() != 4 || second.GetAnnualDaysAfter() != 7 {
			t.Fatalf("second preview = %v; want 5 days, 12 available, 4 pending, 7 after", second)
		}
		before = s.written(t)

		// Refusals are the submission's, field by field, and write nothing either.
		refusals := []struct {
			name  string
			ctx   context.Context
			req   *attendancev1.LeaveRequest
			kind  errs.Kind
			field string
		}{
			{"overlap", staff, lvReq("", attendancev1.LeaveType_LEAVE_TYPE_ANNUAL, "2026-06-05", "2026-06-08"), errs.Invalid, "leave_request.start_date"},
			{"over the balance", staff, lvReq("", attendancev1.LeaveType_LEAVE_TYPE_ANNUAL, "2026-07-01", "2026-07-31"), errs.Invalid, "leave_request.end_date"},
			{"sick leave without a note", staff, lvReq("", attendancev1.LeaveType_LEAVE_TYPE_SICK, "2026-07-01", "2026-07-03"), errs.Invalid, "leave_request.attachments"},
			{"PPPK has no long leave", employee(pppk, "DISKOMINFO"), lvReq("", attendancev1.LeaveType_LEAVE_TYPE_LONG, "2026-07-01", "2026-09-30"), errs.Invalid, "leave_request.type"},
			{"another agency's employee", agencyHR("rsud-hr", "RSUD"), lvReq(lvStaff, attendancev1.LeaveType_LEAVE_TYPE_ANNUAL, "2026-07-01", "2026-07-01"), errs.PermissionDenied, ""},
		}
		for _, tc := range refusals {
			t.Run(tc.name, func(t *testing.T) {
				_, perr := preview(tc.ctx, tc.req)
				_, rerr := s.api.CreateLeaveRequest(tc.ctx, &attendancev1.CreateLeaveRequestRequest{LeaveRequest: tc.req})
				testenv.WantKind(t, perr, tc.kind, tc.field)
				if perr == nil || rerr == nil || perr.Error() != rerr.Error() {
					t.Fatalf("preview said %v, the submission %v", perr, rerr)
				}
			})
		}
		if after := s.written(t); after != before {
			t.Fatalf("refusals wrote: rows before %v, after %v", before, after)
		}

		// Other types carry no annual figures; a one-day sick leave previews as the notice it
		// is, approved at once.
		sick, err := preview(staff, lvReq("", attendancev1.LeaveType_LEAVE_TYPE_SICK, "2026-05-04", "2026-05-04",
			&attendancev1.LeaveAttachment{Kind: "doctors_note", Reference: "doc-1"}))
		if err != nil {
			t.Fatal(err)
		}
		if sick.AnnualDaysAvailable != nil || sick.AnnualDaysAfter != nil || sick.GetLeaveRequest().GetState() != attendancev1.LeaveState_LEAVE_STATE_APPROVED {
			t.Fatalf("sick leave preview = %v", sick)
		}
		// HR previewing for an employee sees the employee's balance.
		hr, err := preview(kominfoHR, lvReq(lvColleague, attendancev1.LeaveType_LEAVE_TYPE_ANNUAL, "2026-06-15", "2026-06-16"))
		if err != nil {
			t.Fatal(err)
		}
		if hr.GetLeaveRequest().GetEmployee() != lvColleague || hr.GetAnnualDaysAvailable() != 12 || hr.GetAnnualDaysAfter() != 10 {
			t.Fatalf("HR's preview = %v", hr)
		}
		if after := s.written(t); after != before {
			t.Fatalf("previews wrote: rows before %v, after %v", before, after)
		}
	})
}

// writtenRows counts what a leave change may write.
type writtenRows struct{ requests, balances, ledger, outbox, audit, idempotency int }

// written counts the rows of every table a submission writes to.
func (s *lvSuite) written(t *testing.T) writtenRows {
	t.Helper()
	return writtenRows{
		requests:    s.count(t, `SELECT COUNT(*) FROM leave_requests`),
		balances:    s.count(t, `SELECT COUNT(*) FROM leave_balances`),
		ledger:      s.count(t, `SELECT COUNT(*) FROM leave_ledger`),
		outbox:      s.count(t, `SELECT COUNT(*) FROM outbox`),
		audit:       s.count(t, `SELECT COUNT(*) FROM audit_records`),
		idempotency: s.count(t, `SELECT COUNT(*) FROM idempotency_keys`),
	}
}
