package app_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/testenv"
	attendancev1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/attendance/v1"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
	"github.com/simpeg-id/simpeg/services/attendance/internal/app"
	"github.com/simpeg-id/simpeg/services/attendance/internal/domain"
)

// The employees of the team-day suite: DISKOMINFO's head and their direct reports, each doing
// one thing on Monday 2 November 2026 (07:30-16:00 on the national schedule), one report's own
// report, a hospital nurse on shifts and a BAPPEDA planner.
const (
	tdHead     = "197203152000031002" // head of DISKOMINFO
	tdOnTime   = "198609262015051001" // in at 07:25
	tdLate     = "199001312019032002" // in at 07:45: late 15 minutes
	tdEarly    = "198805122012121001" // in at 07:30, out at 09:30: 390 minutes early
	tdOutside  = "199203042015032001" // in at 07:20, 330 m from the office
	tdLeave    = "198711232010012002" // on approved annual leave
	tdNotYet   = "199512302020121001" // nothing: not yet in, then absent
	tdJunior   = "199807072022031001" // reports to tdLate
	tdNurse    = "199004042015042001" // RSUD, rostered on 3 November only
	tdPlanner  = "198402142008011003" // BAPPEDA
	tdMonday   = "2026-11-02"
	tdHolidayD = "2026-11-04"
)

type tdSuite struct{ suite }

// TestTeamDay computes a team's day from check-ins, approved leave, holidays and the roster,
// before and after the day ends and once it is closed, and the attendance summary of the
// closed Monday and the running Tuesday, over the real store on every engine.
func TestTeamDay(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := newTdSuite(t, engine)
		testenv.RunSteps(t, []testenv.Step{
			{Name: "morning", Run: s.morning},
			{Name: "evening", Run: s.evening},
			{Name: "closed", Run: s.closed},
			{Name: "holiday and weekend", Run: s.holiday},
			{Name: "not scheduled", Run: s.notScheduled},
			{Name: "paging and filter", Run: s.paging},
			{Name: "default date", Run: s.defaultDate},
			{Name: "reach", Run: s.reach},
			{Name: "attendance summary", Run: s.summary},
		})
	})
}

func newTdSuite(t *testing.T, engine testenv.Engine) *tdSuite {
	e := newEnv(t, engine,
		&planningv1.Employee{Nip: tdHead, DisplayName: "Ir. Bambang Sitorus, M.T.", Agency: "DISKOMINFO"},
		&planningv1.Employee{Nip: tdOnTime, DisplayName: "Budi Santoso", Agency: "DISKOMINFO", Supervisor: tdHead, Unit: "DISKOMINFO-APTIKA", Position: "prakom-muda"},
		&planningv1.Employee{Nip: tdLate, DisplayName: "Rina Siregar, S.Kom.", Agency: "DISKOMINFO", Supervisor: tdHead},
		&planningv1.Employee{Nip: tdEarly, DisplayName: "Ahmad Lubis", Agency: "DISKOMINFO", Supervisor: tdHead},
		&planningv1.Employee{Nip: tdOutside, DisplayName: "Dewi Nasution, S.E.", Agency: "DISKOMINFO", Supervisor: tdHead},
		&planningv1.Employee{Nip: tdLeave, DisplayName: "Sri Ginting", Agency: "DISKOMINFO", Supervisor: tdHead},
		&planningv1.Employee{Nip: tdNotYet, DisplayName: "Budi Hutagalung, A.Md.", Agency: "DISKOMINFO", Supervisor: tdHead},
		&planningv1.Employee{Nip: tdJunior, DisplayName: "Putri Sembiring", Agency: "DISKOMINFO", Supervisor: tdLate},
		&planningv1.Employee{Nip: tdNurse, DisplayName: "Ns. Maria Tarigan", Agency: "RSUD"},
		&planningv1.Employee{Nip: tdPlanner, DisplayName: "Yusuf Harahap", Agency: "BAPPEDA"},
	)
	s := &tdSuite{suite: newSuite(e, e.store, wib("2026-10-26", 8, 0, 0))}
	ctx := context.Background()
	if _, err := s.db.ExecContext(ctx, `INSERT INTO directory_agencies (code, display_name, kind, parent, root, version, synced_at)
		VALUES ('DISKOMINFO-APTIKA', 'Bidang Aplikasi Informatika', 'unit', 'DISKOMINFO', 'DISKOMINFO', 1, 0)`); err != nil {
		t.Fatal(err)
	}
	if _, err := s.app.CreateOffice(cityHR, kominfoHQ); err != nil {
		t.Fatalf("CreateOffice: %v", err)
	}
	if _, err := s.app.CreateHoliday(cityHR, domain.Holiday{Date: domain.MustDate(tdHolidayD), Name: "Libur Uji", Kind: domain.NationalHoliday}); err != nil {
		t.Fatalf("CreateHoliday: %v", err)
	}
	// Annual leave on the Monday, asked for and approved the week before.
	r, err := s.app.CreateLeaveRequest(employee(tdLeave, "DISKOMINFO"), domain.LeaveRequest{Type: domain.LeaveAnnual,
		Start: domain.MustDate(tdMonday), End: domain.MustDate(tdMonday)})
	if err != nil {
		t.Fatalf("CreateLeaveRequest: %v", err)
	}
	if _, err := s.app.ApproveLeaveRequest(supervisor(tdHead, "DISKOMINFO"), r.ID, ""); err != nil {
		t.Fatalf("ApproveLeaveRequest: %v", err)
	}
	s.check(t, tdOnTime, domain.CheckKindIn, wib(tdMonday, 7, 25, 0), kominfoHQ.Lat)
	s.check(t, tdLate, domain.CheckKindIn, wib(tdMonday, 7, 45, 0), kominfoHQ.Lat)
	s.check(t, tdLate, domain.CheckKindIn, wib(tdMonday, 7, 50, 0), kominfoHQ.Lat) // a second check-in: the first counts
	s.check(t, tdEarly, domain.CheckKindIn, wib(tdMonday, 7, 30, 0), kominfoHQ.Lat)
	s.check(t, tdEarly, domain.CheckKindOut, wib(tdMonday, 9, 30, 0), kominfoHQ.Lat)
	s.check(t, tdOutside, domain.CheckKindIn, wib(tdMonday, 7, 20, 0), kominfoHQ.Lat+0.003)
	return s
}

// check records a DISKOMINFO employee's check-in or check-out at the head office's longitude
// and latitude lat, a minute before the clock.
func (s *tdSuite) check(t *testing.T, nip string, kind domain.CheckKind, at time.Time, lat float64) {
	t.Helper()
	s.clock.set(at.Add(time.Minute))
	in := domain.CheckIn{ClientID: fmt.Sprintf("%s-%s-%d", nip, kind, at.Unix()), Kind: kind, DeviceTime: at,
		Lat: lat, Lon: kominfoHQ.Lon, AccuracyMeters: 8, DeviceID: "android-" + nip[:8]}
	if _, err := s.app.RecordAttendance(employee(nip, "DISKOMINFO"), in, kominfoHQ.ID); err != nil {
		t.Fatalf("RecordAttendance(%s %s at %s): %v", nip, kind, at, err)
	}
}

// teamDay asks the API as ctx and fails on error.
func (s *tdSuite) teamDay(t *testing.T, ctx context.Context, req *attendancev1.ListTeamDayRequest) *attendancev1.ListTeamDayResponse {
	t.Helper()
	resp, err := s.api.ListTeamDay(ctx, req)
	if err != nil {
		t.Fatalf("ListTeamDay(%v): %v", req, err)
	}
	return resp
}

// tdLine sums an entry up: NIP, state, minutes late and early, and the flags that are set.
func tdLine(e *attendancev1.TeamDayEntry) string {
	line := fmt.Sprintf("%s %s late=%d early=%d", e.GetEmployee(), strings.TrimPrefix(e.GetState().String(), "TEAM_DAY_STATE_"),
		e.GetLateMinutes(), e.GetEarlyMinutes())
	if e.GetLeaveType() != attendancev1.LeaveType_LEAVE_TYPE_UNSPECIFIED {
		line += " " + e.GetLeaveType().String()
	}
	if e.GetCheckInOutsideGeofence() {
		line += " outside"
	}
	if e.GetClosed() {
		line += " closed"
	}
	return line
}

func tdLines(resp *attendancev1.ListTeamDayResponse) []string {
	var out []string
	for _, e := range resp.GetEntries() {
		out = append(out, tdLine(e))
	}
	return out
}

func wantLines(t *testing.T, got *attendancev1.ListTeamDayResponse, want ...string) {
	t.Helper()
	if lines := tdLines(got); !slices.Equal(lines, want) {
		t.Fatalf("entries:\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
}

func wantCounts(t *testing.T, got *attendancev1.ListTeamDayResponse, want *attendancev1.TeamDayCounts) {
	t.Helper()
	if !proto.Equal(got.GetCounts(), want) {
		t.Fatalf("counts = %v, want %v", got.GetCounts(), want)
	}
}

// At 10:00 the head sees their six direct reports (not the report's report).
func (s *tdSuite) morning(t *testing.T) {
	s.clock.set(wib(tdMonday, 10, 0, 0))
	head := supervisor(tdHead, "DISKOMINFO")
	got := s.teamDay(t, head, &attendancev1.ListTeamDayRequest{Date: tdMonday})
	wantLines(t, got,
		tdOnTime+" PRESENT late=0 early=0",
		tdLeave+" ON_LEAVE late=0 early=0 LEAVE_TYPE_ANNUAL",
		tdEarly+" EARLY_DEPARTURE late=0 early=390",
		tdLate+" LATE late=15 early=0",
		tdOutside+" PRESENT late=0 early=0 outside",
		tdNotYet+" NOT_YET_IN late=0 early=0",
	)
	wantCounts(t, got, &attendancev1.TeamDayCounts{Present: 2, Late: 1, EarlyDeparture: 1, OnLeave: 1, NotYetIn: 1, Total: 6})
	if got.GetDate() != tdMonday || got.GetNextPageToken() != "" {
		t.Errorf("date %q, next page %q", got.GetDate(), got.GetNextPageToken())
	}
	// The entry in full: who, where, when.
	want := &attendancev1.TeamDayEntry{
		Employee: tdOnTime, DisplayName: "Budi Santoso", Agency: "DISKOMINFO", Unit: "DISKOMINFO-APTIKA", UnitName: "Bidang Aplikasi Informatika",
		Position: "prakom-muda", Date: tdMonday, State: attendancev1.TeamDayState_TEAM_DAY_STATE_PRESENT, Reason: "regular",
		StartTime: tdTS(wib(tdMonday, 7, 30, 0)), EndTime: tdTS(wib(tdMonday, 16, 0, 0)), TimeZone: attendancev1.TimeZone_TIME_ZONE_WIB,
		CheckInTime: tdTS(wib(tdMonday, 7, 25, 0)), CheckInOffice: "offices/kominfo-hq",
	}
	if e := got.GetEntries()[0]; !proto.Equal(e, want) {
		t.Errorf("entry =\n%v\nwant\n%v", e, want)
	}
	if e := got.GetEntries()[2]; e.GetCheckOutTime().AsTime() != wib(tdMonday, 9, 30, 0).UTC() || e.GetCheckOutOffice() != "offices/kominfo-hq" {
		t.Errorf("early departure's check-out = %v at %s", e.GetCheckOutTime(), e.GetCheckOutOffice())
	}
	// With indirect, the report's report too.
	all := s.teamDay(t, head, &attendancev1.ListTeamDayRequest{Date: tdMonday, Indirect: true})
	if all.GetCounts().GetTotal() != 7 || all.GetCounts().GetNotYetIn() != 2 {
		t.Errorf("indirect counts = %v, want 7 with 2 not yet in", all.GetCounts())
	}
	// The late report sees their own report.
	late := s.teamDay(t, supervisor(tdLate, "DISKOMINFO"), &attendancev1.ListTeamDayRequest{Date: tdMonday})
	wantLines(t, late, tdJunior+" NOT_YET_IN late=0 early=0")
}

// After 16:00 whoever has not come is absent; the rest stays.
func (s *tdSuite) evening(t *testing.T) {
	s.clock.set(wib(tdMonday, 16, 0, 0))
	got := s.teamDay(t, supervisor(tdHead, "DISKOMINFO"), &attendancev1.ListTeamDayRequest{Date: tdMonday})
	wantCounts(t, got, &attendancev1.TeamDayCounts{Present: 2, Late: 1, EarlyDeparture: 1, OnLeave: 1, Absent: 1, Total: 6})
	// Agency HR sees the whole agency: the head (not yet checked in either) and the junior too.
	hr := s.teamDay(t, kominfoHR, &attendancev1.ListTeamDayRequest{Date: tdMonday})
	wantCounts(t, hr, &attendancev1.TeamDayCounts{Present: 2, Late: 1, EarlyDeparture: 1, OnLeave: 1, Absent: 3, Total: 8})
}

// Closed, the day reads its stored statuses: the same states, marked closed.
func (s *tdSuite) closed(t *testing.T) {
	s.clock.set(wib(tdMonday, 20, 0, 0))
	if _, err := s.app.CloseDay(kominfoHR, domain.MustDate(tdMonday), "DISKOMINFO"); err != nil {
		t.Fatal(err)
	}
	got := s.teamDay(t, supervisor(tdHead, "DISKOMINFO"), &attendancev1.ListTeamDayRequest{Date: tdMonday})
	wantLines(t, got,
		tdOnTime+" PRESENT late=0 early=0 closed",
		tdLeave+" ON_LEAVE late=0 early=0 LEAVE_TYPE_ANNUAL closed",
		tdEarly+" EARLY_DEPARTURE late=0 early=390 closed",
		tdLate+" LATE late=15 early=0 closed",
		tdOutside+" PRESENT late=0 early=0 outside closed",
		tdNotYet+" ABSENT late=0 early=0 closed",
	)
	// Even read in the morning (a clock set back), a closed absence stays absent.
	s.clock.set(wib(tdMonday, 9, 0, 0))
	again := s.teamDay(t, supervisor(tdHead, "DISKOMINFO"), &attendancev1.ListTeamDayRequest{Date: tdMonday})
	if again.GetCounts().GetAbsent() != 1 || again.GetCounts().GetNotYetIn() != 0 {
		t.Errorf("closed day read in the morning: %v", again.GetCounts())
	}
}

func (s *tdSuite) holiday(t *testing.T) {
	s.clock.set(wib(tdHolidayD, 10, 0, 0))
	got := s.teamDay(t, auditor, &attendancev1.ListTeamDayRequest{Agency: "DISKOMINFO", Date: tdHolidayD})
	wantCounts(t, got, &attendancev1.TeamDayCounts{Holiday: 8, Total: 8})
	if e := got.GetEntries()[0]; e.GetReason() != "national_holiday" || e.GetHoliday() != "Libur Uji" || e.GetStartTime() != nil {
		t.Errorf("holiday entry = %v", e)
	}
	sat := s.teamDay(t, auditor, &attendancev1.ListTeamDayRequest{Agency: "DISKOMINFO", Date: "2026-11-07"})
	if c := sat.GetCounts(); c.GetHoliday() != 8 || sat.GetEntries()[0].GetReason() != "weekend" {
		t.Errorf("Saturday = %v, first entry %v", c, sat.GetEntries()[0])
	}
}

// A shift worker rostered on another day is not scheduled on the Monday, and on their rostered
// day not yet in before their shift.
func (s *tdSuite) notScheduled(t *testing.T) {
	rsudHR := agencyHR("rsud-hr", "RSUD")
	if _, err := s.app.CreateShift(rsudHR, app.ShiftRecord{Agency: "RSUD", Shift: domain.Shift{Code: "P", Start: 7 * 60, Duration: 360, Break: 60}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.app.SetRoster(rsudHR, []app.RosterEntry{{Employee: tdNurse, Date: domain.MustDate("2026-11-03"), Shift: "P"}}); err != nil {
		t.Fatal(err)
	}
	s.clock.set(wib(tdMonday, 10, 0, 0))
	got := s.teamDay(t, cityHR, &attendancev1.ListTeamDayRequest{Agency: "RSUD", Date: tdMonday})
	wantLines(t, got, tdNurse+" NOT_SCHEDULED late=0 early=0")
	tue := s.teamDay(t, cityHR, &attendancev1.ListTeamDayRequest{Agency: "RSUD", Date: "2026-11-03"})
	if e := tue.GetEntries()[0]; e.GetState() != attendancev1.TeamDayState_TEAM_DAY_STATE_NOT_YET_IN || e.GetShift() != "P" || e.GetReason() != "shift" {
		t.Errorf("rostered day = %v", e)
	}
}

// Pages of two: the counts are of the whole team on every page; a state filter keeps its
// entries and the counts.
func (s *tdSuite) paging(t *testing.T) {
	s.clock.set(wib(tdMonday, 10, 0, 0))
	head := supervisor(tdHead, "DISKOMINFO")
	var all []string
	token := ""
	for page := 0; ; page++ {
		got := s.teamDay(t, head, &attendancev1.ListTeamDayRequest{Date: tdMonday, PageSize: 2, PageToken: token})
		if got.GetCounts().GetTotal() != 6 || len(got.GetEntries()) > 2 {
			t.Fatalf("page %d: %d entries, counts %v", page, len(got.GetEntries()), got.GetCounts())
		}
		for _, e := range got.GetEntries() {
			all = append(all, e.GetEmployee())
		}
		if token = got.GetNextPageToken(); token == "" {
			break
		}
	}
	if want := []string{tdOnTime, tdLeave, tdEarly, tdLate, tdOutside, tdNotYet}; !slices.Equal(all, want) {
		t.Fatalf("pages gave %v, want %v", all, want)
	}
	late := s.teamDay(t, head, &attendancev1.ListTeamDayRequest{Date: tdMonday, State: attendancev1.TeamDayState_TEAM_DAY_STATE_LATE})
	wantLines(t, late, tdLate+" LATE late=15 early=0 closed")
	if late.GetCounts().GetTotal() != 6 {
		t.Errorf("filtered counts = %v", late.GetCounts())
	}
}

// Without a date, today is the date in the zone of the agency's office: at 23:30 WIB on the
// Monday it is already Tuesday in WIT.
func (s *tdSuite) defaultDate(t *testing.T) {
	if _, err := s.app.CreateOffice(cityHR, app.Office{Office: domain.Office{ID: "bappeda-timur", Name: "Kantor Perwakilan",
		Lat: -2.53, Lon: 140.71, TimeZone: domain.WIT}, Agency: "BAPPEDA"}); err != nil {
		t.Fatal(err)
	}
	s.clock.set(wib(tdMonday, 23, 30, 0))
	if got := s.teamDay(t, kominfoHR, &attendancev1.ListTeamDayRequest{}); got.GetDate() != tdMonday {
		t.Errorf("DISKOMINFO's today = %s, want %s", got.GetDate(), tdMonday)
	}
	if got := s.teamDay(t, cityHR, &attendancev1.ListTeamDayRequest{Agency: "BAPPEDA"}); got.GetDate() != "2026-11-03" {
		t.Errorf("BAPPEDA's (WIT) today = %s, want 2026-11-03", got.GetDate())
	}
	if got := s.teamDay(t, supervisor(tdHead, "DISKOMINFO"), &attendancev1.ListTeamDayRequest{}); got.GetDate() != tdMonday || got.GetCounts().GetTotal() != 6 {
		t.Errorf("the head's today = %s with %v", got.GetDate(), got.GetCounts())
	}
}

func (s *tdSuite) reach(t *testing.T) {
	s.clock.set(wib(tdMonday, 10, 0, 0))
	tests := []struct {
		name  string
		ctx   context.Context
		req   *attendancev1.ListTeamDayRequest
		kind  errs.Kind
		field string
		total int32
	}{
		{"employee", employee(tdOnTime, "DISKOMINFO"), &attendancev1.ListTeamDayRequest{}, errs.PermissionDenied, "", 0},
		{"city HR must name an agency", cityHR, &attendancev1.ListTeamDayRequest{}, errs.Invalid, "agency", 0},
		{"city HR names a supervisor", cityHR, &attendancev1.ListTeamDayRequest{Supervisor: tdHead, Date: tdMonday}, 0, "", 6},
		{"agency HR of another agency", agencyHR("bappeda-hr", "BAPPEDA"), &attendancev1.ListTeamDayRequest{Agency: "DISKOMINFO"}, errs.PermissionDenied, "", 0},
		{"agency HR names a supervisor of their agency", kominfoHR, &attendancev1.ListTeamDayRequest{Supervisor: tdLate, Date: tdMonday}, 0, "", 1},
		{"agency HR names a supervisor elsewhere", agencyHR("bappeda-hr", "BAPPEDA"), &attendancev1.ListTeamDayRequest{Supervisor: tdHead}, errs.PermissionDenied, "", 0},
		{"supervisor names a report's team", supervisor(tdHead, "DISKOMINFO"), &attendancev1.ListTeamDayRequest{Supervisor: tdLate, Date: tdMonday}, 0, "", 1},
		{"supervisor names their own boss", supervisor(tdLate, "DISKOMINFO"), &attendancev1.ListTeamDayRequest{Supervisor: tdHead}, errs.PermissionDenied, "", 0},
		{"unknown supervisor", cityHR, &attendancev1.ListTeamDayRequest{Supervisor: "200001012022031009"}, errs.NotFound, "", 0},
		{"bad date", kominfoHR, &attendancev1.ListTeamDayRequest{Date: "2026-02-30"}, errs.Invalid, "date", 0},
		{"bad page token", kominfoHR, &attendancev1.ListTeamDayRequest{PageToken: "!!"}, errs.Invalid, "page_token", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.api.ListTeamDay(tt.ctx, tt.req)
			if tt.kind != 0 {
				testenv.WantKind(t, err, tt.kind, tt.field)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.GetCounts().GetTotal() != tt.total {
				t.Fatalf("total = %d, want %d", got.GetCounts().GetTotal(), tt.total)
			}
		})
	}
}

func tdTS(t time.Time) *timestamppb.Timestamp { return timestamppb.New(t) }
