package app_test

import (
	"context"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/testenv"
	attendancev1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/attendance/v1"
	"github.com/simpeg-id/simpeg/services/attendance/internal/domain"
)

// summary: Tuesday 3 November at 10:00 WIB. DISKOMINFO's Monday is closed (8 employees: 4
// present, one of them 15 minutes late and one 390 minutes early, 1 on annual leave, 3 absent);
// its Tuesday runs (one check-in at 07:40, 10 minutes late; 7 not yet in), as do RSUD's (the
// nurse rostered 07:00-14:00, not yet in) and BAPPEDA's (WIT: 12:00 there). Sunday was closed
// for no one.
func (s *tdSuite) summary(t *testing.T) {
	const tuesday = "2026-11-03"
	s.check(t, tdOnTime, domain.CheckKindIn, wib(tuesday, 7, 40, 0), kominfoHQ.Lat)
	s.clock.set(wib(tuesday, 10, 0, 0))
	get := func(ctx context.Context, agency string) *attendancev1.GetAttendanceSummaryResponse {
		t.Helper()
		resp, err := s.api.GetAttendanceSummary(ctx, &attendancev1.GetAttendanceSummaryRequest{StartDate: "2026-11-01", EndDate: tuesday, Agency: agency})
		if err != nil {
			t.Fatalf("GetAttendanceSummary(%q): %v", agency, err)
		}
		return resp
	}
	monday := &attendancev1.AttendanceSummaryDay{Agency: "DISKOMINFO", Date: tdMonday, Expected: 8, Present: 4, Late: 1, EarlyDepartures: 1,
		OnLeave: 1, Absent: 3, LateMinutes: 15, EarlyMinutes: 390, AttendanceRate: 0.5}
	kominfoTuesday := &attendancev1.AttendanceSummaryDay{Agency: "DISKOMINFO", Date: tuesday, Expected: 8, Present: 1, Late: 1, NotYetIn: 7,
		LateMinutes: 10, AttendanceRate: 0.125, Provisional: true}
	want := &attendancev1.GetAttendanceSummaryResponse{
		Days: []*attendancev1.AttendanceSummaryDay{
			{Agency: "BAPPEDA", Date: tuesday, Expected: 1, NotYetIn: 1, Provisional: true},
			monday, kominfoTuesday,
			{Agency: "RSUD", Date: tuesday, Expected: 1, NotYetIn: 1, Provisional: true},
		},
		Agencies: []*attendancev1.AttendanceSummaryPeriod{
			{Agency: "BAPPEDA", Expected: 1, NotYetIn: 1},
			{Agency: "DISKOMINFO", Expected: 16, Present: 5, Late: 2, EarlyDepartures: 1, OnLeave: 1, Absent: 3, NotYetIn: 7, LateMinutes: 25,
				EarlyMinutes: 390, AttendanceRate: 5.0 / 16, LeaveDays: map[string]int32{"annual": 1}},
			{Agency: "RSUD", Expected: 1, NotYetIn: 1},
		},
		Totals: &attendancev1.AttendanceSummaryPeriod{Expected: 18, Present: 5, Late: 2, EarlyDepartures: 1, OnLeave: 1, Absent: 3, NotYetIn: 9,
			LateMinutes: 25, EarlyMinutes: 390, AttendanceRate: 5.0 / 18, LeaveDays: map[string]int32{"annual": 1}},
		UnclosedDates: []string{"2026-11-01"},
	}
	if got := get(cityHR, ""); !proto.Equal(got, want) {
		t.Fatalf("city summary =\n%v\nwant\n%v", got, want)
	}
	// Agency HR: their own agency by default; the auditor names one.
	for name, ctx := range map[string]context.Context{"agency HR": kominfoHR, "auditor": auditor} {
		agency := ""
		if ctx == auditor {
			agency = "DISKOMINFO"
		}
		got := get(ctx, agency)
		if len(got.GetDays()) != 2 || !proto.Equal(got.GetDays()[0], monday) || !proto.Equal(got.GetDays()[1], kominfoTuesday) ||
			got.GetTotals().GetExpected() != 16 || got.GetTotals().GetLeaveDays()["annual"] != 1 {
			t.Errorf("%s's summary = %v", name, got)
		}
	}
	// Closed, the Tuesday is no longer provisional: the stored statuses count.
	s.clock.set(wib(tuesday, 20, 0, 0))
	if _, err := s.app.CloseDay(kominfoHR, domain.MustDate(tuesday), "DISKOMINFO"); err != nil {
		t.Fatal(err)
	}
	got := get(kominfoHR, "")
	if d := got.GetDays()[1]; d.GetProvisional() || d.GetAbsent() != 7 || d.GetNotYetIn() != 0 || d.GetPresent() != 1 {
		t.Errorf("closed Tuesday = %v", d)
	}
	s.clock.set(time.Date(2026, 11, 3, 10, 0, 0, 0, domain.WIB.Location()))

	tests := []struct {
		name  string
		ctx   context.Context
		req   *attendancev1.GetAttendanceSummaryRequest
		kind  errs.Kind
		field string
	}{
		{"supervisor", supervisor(tdHead, "DISKOMINFO"), &attendancev1.GetAttendanceSummaryRequest{StartDate: tdMonday, EndDate: tdMonday}, errs.PermissionDenied, ""},
		{"employee", employee(tdOnTime, "DISKOMINFO"), &attendancev1.GetAttendanceSummaryRequest{StartDate: tdMonday, EndDate: tdMonday}, errs.PermissionDenied, ""},
		{"another agency", agencyHR("bappeda-hr", "BAPPEDA"), &attendancev1.GetAttendanceSummaryRequest{StartDate: tdMonday, EndDate: tdMonday, Agency: "DISKOMINFO"}, errs.PermissionDenied, ""},
		{"no start", cityHR, &attendancev1.GetAttendanceSummaryRequest{EndDate: tdMonday}, errs.Invalid, "start_date"},
		{"end before start", cityHR, &attendancev1.GetAttendanceSummaryRequest{StartDate: tdMonday, EndDate: "2026-11-01"}, errs.Invalid, "end_date"},
		{"93 days", cityHR, &attendancev1.GetAttendanceSummaryRequest{StartDate: "2026-08-02", EndDate: tdMonday}, errs.Invalid, "end_date"},
		{"92 days", cityHR, &attendancev1.GetAttendanceSummaryRequest{StartDate: "2026-08-03", EndDate: tdMonday}, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.api.GetAttendanceSummary(tt.ctx, tt.req)
			if tt.kind == 0 {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			testenv.WantKind(t, err, tt.kind, tt.field)
		})
	}
}
