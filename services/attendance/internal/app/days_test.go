package app_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/simpeg-id/simpeg/platform/audit"
	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/testenv"
	attendancev1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/attendance/v1"
	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
	"github.com/simpeg-id/simpeg/services/attendance/internal/app"
	"github.com/simpeg-id/simpeg/services/attendance/internal/domain"
	"github.com/simpeg-id/simpeg/services/attendance/internal/events"
	"github.com/simpeg-id/simpeg/services/attendance/internal/store"
	"github.com/simpeg-id/simpeg/services/planning/directory/directorytest"
)

// The employees of the day-closing suite. DISKOMINFO's staff all report to its head; each
// does one thing on Monday 2 November 2026.
const (
	dyHead    = "197203152000031002" // on time
	dyLate    = "199001312019032002" // late by 15 minutes
	dyEarly   = "198805122012121001" // leaves an hour early
	dyNoOut   = "199203042015032001" // checks in, never out
	dyOnLeave = "198711232010012002" // on annual leave
	dyAbsent  = "199512302020121001" // absent without excuse
	dyRetired = "196501011990031001" // retired: not closed
	dyPlanner = "198402142008011003" // BAPPEDA
	dyTruant  = "199107072019031004" // DISDUKCAPIL, never checks in
)

// dyHoliday is a (test) holiday on a Wednesday.
var dyHoliday = domain.Holiday{Date: domain.MustDate("2026-11-04"), Name: "Libur Uji", Kind: domain.NationalHoliday}

// dyRepo is the store with approved leave the suite sets directly, besides the leave requests
// approved through the workflow: the suite decides who is on leave when without a request for
// each day.
type dyRepo struct {
	*store.Store
	mu    sync.Mutex
	leave map[domain.Date]map[string]domain.LeaveType
}

// ApprovedLeaveOn returns the store's approved leave (requests approved through the leave
// workflow), with the suite's own on top.
func (r *dyRepo) ApprovedLeaveOn(ctx context.Context, date domain.Date, employees []string) (map[string]domain.LeaveType, error) {
	out, err := r.Store.ApprovedLeaveOn(ctx, date, employees)
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(employees) == 0 { // every employee on leave that day, as a close of many reads it
		for e, t := range r.leave[date] {
			out[e] = t
		}
	}
	for _, e := range employees {
		if t, ok := r.leave[date][e]; ok {
			out[e] = t
		}
	}
	return out, nil
}

func (r *dyRepo) setLeave(date domain.Date, nip string, t domain.LeaveType) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.leave[date] == nil {
		r.leave[date] = map[string]domain.LeaveType{}
	}
	if t == "" {
		delete(r.leave[date], nip)
		return
	}
	r.leave[date][nip] = t
}

// The callers besides the shared ones.
var (
	bappedaHR = agencyHR("bappeda-hr", "BAPPEDA")
	headSees  = supervisor(dyHead, "DISKOMINFO")
)

type daySuite struct {
	suite
	repo *dyRepo
}

// TestDays closes days and reads the reports over the real store on every engine: SQLite
// always, PostgreSQL when SIMPEG_TEST_POSTGRES_URL is set. The subtests build on each other.
func TestDays(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := newDaySuite(t, engine)
		testenv.RunSteps(t, []testenv.Step{
			{Name: "statuses", Run: s.statuses},
			{Name: "holidays", Run: s.holidays},
			{Name: "thresholds", Run: s.thresholds},
			{Name: "re-closing", Run: s.reclosing},
			{Name: "monthly recap", Run: s.recap},
			{Name: "authorization", Run: s.authorization},
			{Name: "approved leave request", Run: s.leaveRequest},
			{Name: "batches", Run: s.batches},
		})
	})
}

func newDaySuite(t *testing.T, engine testenv.Engine) *daySuite {
	e := newEnv(t, engine,
		&planningv1.Employee{Nip: dyHead, DisplayName: "Ir. Bambang Sitorus, M.T.", Agency: "DISKOMINFO"},
		&planningv1.Employee{Nip: dyLate, DisplayName: "Rina Siregar, S.Kom.", Agency: "DISKOMINFO", Supervisor: dyHead},
		&planningv1.Employee{Nip: dyEarly, DisplayName: `Ahmad "Andi" Lubis`, Agency: "DISKOMINFO", Supervisor: dyHead},
		&planningv1.Employee{Nip: dyNoOut, DisplayName: "Dewi Nasution, S.E.", Agency: "DISKOMINFO", Supervisor: dyHead},
		&planningv1.Employee{Nip: dyOnLeave, DisplayName: "Sri Ginting", Agency: "DISKOMINFO", Supervisor: dyHead},
		&planningv1.Employee{Nip: dyAbsent, DisplayName: "Budi Hutagalung, A.Md.", Agency: "DISKOMINFO", Supervisor: dyHead},
		&planningv1.Employee{Nip: dyRetired, DisplayName: "Pensiunan", Agency: "DISKOMINFO", Status: directorytest.Retired},
		&planningv1.Employee{Nip: dyPlanner, DisplayName: "Yusuf Harahap", Agency: "BAPPEDA"},
		&planningv1.Employee{Nip: dyTruant, DisplayName: "Tono Simanjuntak", Agency: "DISDUKCAPIL"},
	)
	repo := &dyRepo{Store: e.store, leave: map[domain.Date]map[string]domain.LeaveType{}}
	s := &daySuite{suite: newSuite(e, repo, wib("2026-11-01", 8, 0, 0)), repo: repo}
	if _, err := s.app.CreateOffice(cityHR, kominfoHQ); err != nil {
		t.Fatalf("CreateOffice: %v", err)
	}
	if _, err := s.app.CreateHoliday(cityHR, dyHoliday); err != nil {
		t.Fatalf("CreateHoliday: %v", err)
	}
	return s
}

func (s *daySuite) events(t *testing.T, subject string) int {
	return s.count(t, `SELECT COUNT(*) FROM outbox WHERE subject = $1`, subject)
}

// check records a check-in or check-out at the head office at the given time.
func (s *daySuite) check(t *testing.T, nip string, kind domain.CheckKind, at time.Time) {
	t.Helper()
	s.clock.set(at.Add(time.Minute))
	in := domain.CheckIn{ClientID: fmt.Sprintf("%s-%s-%d", nip, kind, at.Unix()), Kind: kind, DeviceTime: at,
		Lat: kominfoHQ.Lat, Lon: kominfoHQ.Lon, AccuracyMeters: 8, DeviceID: "android-" + nip[:8]}
	if _, err := s.app.RecordAttendance(employee(nip, "DISKOMINFO"), in, kominfoHQ.ID); err != nil {
		t.Fatalf("RecordAttendance(%s %s at %s): %v", nip, kind, at, err)
	}
}

// close closes date for agency as ctx, with the clock at the end of November.
func (s *daySuite) close(t *testing.T, ctx context.Context, date, agency string) app.CloseResult {
	t.Helper()
	s.clock.set(wib("2026-11-30", 20, 0, 0))
	res, err := s.app.CloseDay(ctx, domain.MustDate(date), agency)
	if err != nil {
		t.Fatalf("CloseDay(%s, %q): %v", date, agency, err)
	}
	return res
}

func dyCodes(list []app.SanctionReport) []string {
	out := []string{}
	for _, s := range list {
		code := s.Code
		if s.ByConsecutive {
			code += "(consecutive)"
		}
		out = append(out, s.Employee+" "+code)
	}
	return out
}

func (s *daySuite) statuses(t *testing.T) {
	const monday = "2026-11-02"
	s.check(t, dyHead, domain.CheckKindIn, wib(monday, 7, 25, 0))
	s.check(t, dyHead, domain.CheckKindOut, wib(monday, 16, 5, 0))
	s.check(t, dyLate, domain.CheckKindIn, wib(monday, 7, 45, 30))
	s.check(t, dyLate, domain.CheckKindIn, wib(monday, 8, 0, 0)) // a second check-in: the first counts
	s.check(t, dyLate, domain.CheckKindOut, wib(monday, 16, 10, 0))
	s.check(t, dyEarly, domain.CheckKindIn, wib(monday, 7, 30, 59))
	s.check(t, dyEarly, domain.CheckKindOut, wib(monday, 14, 0, 0))
	s.check(t, dyEarly, domain.CheckKindOut, wib(monday, 15, 0, 0)) // the last check-out counts
	s.check(t, dyNoOut, domain.CheckKindIn, wib(monday, 7, 10, 0))
	s.repo.setLeave(domain.MustDate(monday), dyOnLeave, domain.LeaveAnnual)

	closedBefore := s.events(t, events.SubjectDayClosed)
	res := s.close(t, kominfoHR, monday, "DISKOMINFO")
	if res.Closed != 6 || res.Absent != 1 || len(res.Crossed) != 0 {
		t.Fatalf("CloseDay = %+v, want 6 closed (not the retired), 1 absent, nothing crossed", res)
	}
	if n := s.events(t, events.SubjectDayClosed) - closedBefore; n != 6 {
		t.Errorf("%d DayClosed events, want 6", n)
	}
	recs, _, err := audit.List(context.Background(), s.db, audit.Query{Resource: app.DayName(domain.MustDate(monday)), PageSize: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1 || recs[0].GetDetail() != "closed 2026-11-02 for DISKOMINFO: 6 employees" {
		t.Errorf("audit of the close = %v, want one entry \"closed 2026-11-02 for DISKOMINFO: 6 employees\"", recs)
	}

	day := domain.MustDate(monday)
	base := app.DailyStatus{Agency: "DISKOMINFO", Date: day, Status: domain.DailyPresent, Reason: domain.DayRegular}
	with := func(nip string, f func(*app.DailyStatus)) app.DailyStatus {
		st := base
		st.Employee = nip
		if f != nil {
			f(&st)
		}
		return st
	}
	tests := []struct {
		name string
		want app.DailyStatus
	}{
		{"present on time", with(dyHead, nil)},
		{"late by 15 minutes, first check-in counts", with(dyLate, func(s *app.DailyStatus) { s.Late, s.LateMinutes = true, 15 })},
		{"early departure by 60 minutes, last check-out counts", with(dyEarly, func(s *app.DailyStatus) { s.EarlyDeparture, s.EarlyMinutes = true, 60 })},
		{"missing check-out", with(dyNoOut, func(s *app.DailyStatus) { s.Incomplete = true })},
		{"on leave", with(dyOnLeave, func(s *app.DailyStatus) { s.Status, s.LeaveType = domain.DailyOnLeave, "annual" })},
		{"absent", with(dyAbsent, func(s *app.DailyStatus) { s.Status = domain.DailyAbsent })},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.app.ListDailyStatuses(kominfoHR, tt.want.Employee, day, day)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 1 || !reflect.DeepEqual(got[0], tt.want) {
				t.Fatalf("ListDailyStatuses = %+v, want %+v", got, tt.want)
			}
		})
	}
	// The retired employee's day is not closed.
	if got, err := s.app.ListDailyStatuses(cityHR, dyRetired, day, day); err != nil || len(got) != 0 {
		t.Errorf("retired employee's days = %v, %v; want none", got, err)
	}
	// The API's form, and the event's.
	resp, err := s.api.ListDailyStatuses(employee(dyLate, "DISKOMINFO"), &attendancev1.ListDailyStatusesRequest{
		Parent: "employees/" + dyLate, StartDate: "2026-11-01", EndDate: "2026-11-30"})
	if err != nil {
		t.Fatal(err)
	}
	want := &attendancev1.DailyStatus{Employee: dyLate, Date: monday, Status: attendancev1.DayStatus_DAY_STATUS_PRESENT,
		Reason: "regular", Late: true, LateMinutes: 15}
	if len(resp.GetDailyStatuses()) != 1 || !proto.Equal(resp.GetDailyStatuses()[0], want) {
		t.Errorf("API ListDailyStatuses = %v, want %v", resp.GetDailyStatuses(), want)
	}
	var payload []byte
	if err := s.db.QueryRowContext(context.Background(), `SELECT payload FROM outbox WHERE subject = $1 AND event_type = $2 ORDER BY id LIMIT 1 OFFSET 1`,
		events.SubjectDayClosed, "simpeg.attendance.v1.DayClosed").Scan(&payload); err != nil {
		t.Fatal(err)
	}
	var ev attendancev1.DayClosed
	if err := proto.Unmarshal(payload, &ev); err != nil || ev.GetDailyStatus().GetDate() != monday {
		t.Errorf("DayClosed payload = %v (%v), want a daily status of %s", &ev, err, monday)
	}
}

func (s *daySuite) holidays(t *testing.T) {
	tests := []struct {
		date, reason string // reason as the API gives it
	}{
		{"2026-11-01", "weekend"},   // a Sunday
		{"2026-11-04", "Libur Uji"}, // the holiday's name
	}
	for _, tt := range tests {
		t.Run(tt.date, func(t *testing.T) {
			res := s.close(t, kominfoHR, tt.date, "DISKOMINFO")
			if res.Closed != 6 || res.Absent != 0 {
				t.Fatalf("CloseDay = %+v, want 6 closed, none absent", res)
			}
			for _, nip := range []string{dyHead, dyAbsent, dyOnLeave} {
				resp, err := s.api.ListDailyStatuses(kominfoHR, &attendancev1.ListDailyStatusesRequest{
					Parent: "employees/" + nip, StartDate: tt.date, EndDate: tt.date})
				if err != nil {
					t.Fatal(err)
				}
				want := &attendancev1.DailyStatus{Employee: nip, Date: tt.date, Status: attendancev1.DayStatus_DAY_STATUS_HOLIDAY, Reason: tt.reason}
				if len(resp.GetDailyStatuses()) != 1 || !proto.Equal(resp.GetDailyStatuses()[0], want) {
					t.Errorf("%s: %v, want %v", nip, resp.GetDailyStatuses(), want)
				}
			}
		})
	}
}

// thresholds closes two weeks of DISDUKCAPIL, whose only employee never checks in: 3 days is
// an oral reprimand, 4 a written one, 7 a statement of dissatisfaction, and the 10th
// consecutive working day discharge. The holiday on the 4th and the weekends do not break the
// run.
func (s *daySuite) thresholds(t *testing.T) {
	crossedBefore := s.events(t, events.SubjectAbsenceThresholdCrossed)
	want := map[string][]string{
		"2026-11-05": {dyTruant + " ORAL_REPRIMAND"},
		"2026-11-06": {dyTruant + " WRITTEN_REPRIMAND"},
		"2026-11-11": {dyTruant + " STATEMENT_OF_DISSATISFACTION"},
		"2026-11-16": {dyTruant + " DISCHARGE(consecutive)"},
	}
	for d := domain.MustDate("2026-11-02"); !d.After(domain.MustDate("2026-11-16")); d = d.AddDays(1) {
		res := s.close(t, cityHR, d.String(), "DISDUKCAPIL")
		wantCodes := want[d.String()]
		if wantCodes == nil {
			wantCodes = []string{}
		}
		if got := dyCodes(res.Crossed); !reflect.DeepEqual(got, wantCodes) {
			t.Errorf("%s crossed %v, want %v", d, got, wantCodes)
		}
	}
	if n := s.events(t, events.SubjectAbsenceThresholdCrossed) - crossedBefore; n != 4 {
		t.Errorf("%d AbsenceThresholdCrossed events, want 4", n)
	}
	var payload []byte
	if err := s.db.QueryRowContext(context.Background(), `SELECT payload FROM outbox WHERE subject = $1 ORDER BY id DESC LIMIT 1`,
		events.SubjectAbsenceThresholdCrossed).Scan(&payload); err != nil {
		t.Fatal(err)
	}
	var ev attendancev1.AbsenceThresholdCrossed
	if err := proto.Unmarshal(payload, &ev); err != nil {
		t.Fatal(err)
	}
	wantEv := &attendancev1.Sanction{Employee: dyTruant, Agency: "DISDUKCAPIL", Code: "discharge",
		DisplayName: "pemberhentian dengan hormat tidak atas permintaan sendiri", Days: 10, LongestRun: 10, Year: 2026, TotalDays: 10}
	if !proto.Equal(ev.GetSanction(), wantEv) {
		t.Errorf("last AbsenceThresholdCrossed = %v, want %v", ev.GetSanction(), wantEv)
	}
	s.wantThreshold(t, "DISCHARGE", 10, 10)
}

// wantThreshold checks the truant's line of the city's discipline list.
func (s *daySuite) wantThreshold(t *testing.T, code string, days, run int) {
	t.Helper()
	list, err := s.app.ListDisciplineThresholds(auditor, 2026, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].Employee != dyTruant || list[0].Code != code || list[0].Days != days || list[0].LongestRun != run ||
		list[0].Agency != "DISDUKCAPIL" {
		t.Fatalf("ListDisciplineThresholds = %+v, want %s at %s with %d days, run %d", list, dyTruant, code, days, run)
	}
	var stored int
	if err := s.db.QueryRowContext(context.Background(), `SELECT days FROM absence_tallies WHERE employee = $1 AND year = 2026`, dyTruant).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if stored != days {
		t.Fatalf("stored tally = %d days, want %d", stored, days)
	}
}

func (s *daySuite) reclosing(t *testing.T) {
	tests := []struct {
		name, date string
		leave      domain.LeaveType // approved leave of the truant on the date
		crossed    []string
		code       string
		days, run  int
	}{
		{name: "the last day again", date: "2026-11-16", crossed: []string{}, code: "DISCHARGE", days: 10, run: 10},
		{name: "an earlier day again", date: "2026-11-05", crossed: []string{}, code: "DISCHARGE", days: 10, run: 10},
		{name: "a correction: leave on the 3rd", date: "2026-11-03", leave: domain.LeaveSick, crossed: []string{},
			code: "STATEMENT_OF_DISSATISFACTION", days: 9, run: 8},
		{name: "the correction undone", date: "2026-11-03", crossed: []string{dyTruant + " DISCHARGE(consecutive)"},
			code: "DISCHARGE", days: 10, run: 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s.repo.setLeave(domain.MustDate(tt.date), dyTruant, tt.leave)
			res := s.close(t, cityHR, tt.date, "DISDUKCAPIL")
			if got := dyCodes(res.Crossed); !reflect.DeepEqual(got, tt.crossed) {
				t.Errorf("crossed %v, want %v", got, tt.crossed)
			}
			s.wantThreshold(t, tt.code, tt.days, tt.run)
			if n := s.count(t, `SELECT COUNT(*) FROM daily_statuses WHERE employee = $1`, dyTruant); n != 15 {
				t.Errorf("%d stored days, want 15", n)
			}
		})
	}
}

// dyRecap is DISKOMINFO's November: Monday the 2nd is its one closed working day.
func dyRecap() app.MonthlyRecap {
	rows := []app.RecapRow{
		{Employee: dyHead, Name: "Ir. Bambang Sitorus, M.T.", WorkingDays: 1, PresentDays: 1},
		{Employee: dyOnLeave, Name: "Sri Ginting", WorkingDays: 1, LeaveDays: 1, LeaveByType: map[string]int{"annual": 1}},
		{Employee: dyEarly, Name: `Ahmad "Andi" Lubis`, WorkingDays: 1, PresentDays: 1, EarlyDepartures: 1, EarlyMinutes: 60},
		{Employee: dyLate, Name: "Rina Siregar, S.Kom.", WorkingDays: 1, PresentDays: 1, LateDays: 1, LateMinutes: 15},
		{Employee: dyNoOut, Name: "Dewi Nasution, S.E.", WorkingDays: 1, PresentDays: 1},
		{Employee: dyAbsent, Name: "Budi Hutagalung, A.Md.", WorkingDays: 1, UnexcusedAbsences: 1},
	}
	return app.MonthlyRecap{Agency: "DISKOMINFO", Month: app.Month{Year: 2026, Month: time.November}, Rows: rows,
		Totals: app.RecapRow{WorkingDays: 6, PresentDays: 4, LateDays: 1, LateMinutes: 15, EarlyDepartures: 1, EarlyMinutes: 60,
			LeaveDays: 1, UnexcusedAbsences: 1, LeaveByType: map[string]int{"annual": 1}}}
}

func (s *daySuite) recap(t *testing.T) {
	month := app.Month{Year: 2026, Month: time.November}
	got, err := s.app.GetMonthlyRecap(kominfoHR, "DISKOMINFO", month)
	if err != nil {
		t.Fatal(err)
	}
	if want := dyRecap(); !reflect.DeepEqual(got, want) {
		t.Fatalf("GetMonthlyRecap =\n%+v\nwant\n%+v", got, want)
	}
	body, err := s.api.ExportMonthlyRecap(kominfoHR, &attendancev1.ExportMonthlyRecapRequest{Agency: "agencies/DISKOMINFO", Month: "2026-11"})
	if err != nil {
		t.Fatal(err)
	}
	if body.GetContentType() != "text/csv; charset=utf-8" {
		t.Errorf("content type %q", body.GetContentType())
	}
	records, err := csv.NewReader(bytes.NewReader(body.GetData())).ReadAll()
	if err != nil {
		t.Fatalf("reading the CSV back: %v\n%s", err, body.GetData())
	}
	wantCSV := [][]string{
		{"employee", "display_name", "working_days", "present_days", "late_days", "late_minutes", "early_departures", "early_minutes",
			"leave_days", "leave_annual", "leave_long", "leave_sick", "leave_maternity", "leave_important_reasons", "leave_collective",
			"leave_unpaid", "unexcused_absences"},
		{dyHead, "Ir. Bambang Sitorus, M.T.", "1", "1", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0"},
		{dyOnLeave, "Sri Ginting", "1", "0", "0", "0", "0", "0", "1", "1", "0", "0", "0", "0", "0", "0", "0"},
		{dyEarly, `Ahmad "Andi" Lubis`, "1", "1", "0", "0", "1", "60", "0", "0", "0", "0", "0", "0", "0", "0", "0"},
		{dyLate, "Rina Siregar, S.Kom.", "1", "1", "1", "15", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0"},
		{dyNoOut, "Dewi Nasution, S.E.", "1", "1", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0"},
		{dyAbsent, "Budi Hutagalung, A.Md.", "1", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "1"},
		{"TOTAL", "", "6", "4", "1", "15", "1", "60", "1", "1", "0", "0", "0", "0", "0", "0", "1"},
	}
	if !reflect.DeepEqual(records, wantCSV) {
		t.Errorf("CSV =\n%q\nwant\n%q", records, wantCSV)
	}
	if !bytes.Contains(body.GetData(), []byte(`"Ahmad ""Andi"" Lubis"`)) || !bytes.Contains(body.GetData(), []byte(`"Rina Siregar, S.Kom."`)) {
		t.Errorf("CSV does not quote as RFC 4180 does:\n%s", body.GetData())
	}
	// The API's form of the recap.
	resp, err := s.api.GetMonthlyRecap(auditor, &attendancev1.GetMonthlyRecapRequest{Agency: "agencies/DISKOMINFO", Month: "2026-11"})
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.GetRows()) != 6 || resp.GetTotals().GetLeaveDays()["annual"] != 1 || resp.GetTotals().GetWorkingDays() != 6 ||
		resp.GetRows()[1].GetLeaveDays()["annual"] != 1 {
		t.Errorf("API recap = %v", resp)
	}
	// A month with nothing closed.
	empty, err := s.app.GetMonthlyRecap(kominfoHR, "DISKOMINFO", app.Month{Year: 2026, Month: time.October})
	if err != nil || len(empty.Rows) != 0 || empty.Totals.WorkingDays != 0 {
		t.Errorf("October = %+v, %v; want no rows", empty, err)
	}
}

func (s *daySuite) authorization(t *testing.T) {
	month := app.Month{Year: 2026, Month: time.November}
	full := dyRecap()
	row := func(nip string) app.RecapRow {
		for _, r := range full.Rows {
			if r.Employee == nip {
				return r
			}
		}
		t.Fatalf("no row of %s", nip)
		return app.RecapRow{}
	}
	t.Run("denied", func(t *testing.T) {
		tests := []struct {
			name  string
			call  func() error
			kind  errs.Kind
			field string
		}{
			{"close another agency's day", func() error {
				_, err := s.app.CloseDay(bappedaHR, domain.MustDate("2026-11-02"), "DISKOMINFO")
				return err
			}, errs.PermissionDenied, ""},
			{"close every agency as agency HR", func() error {
				_, err := s.app.CloseDay(kominfoHR, domain.MustDate("2026-11-02"), "")
				return err
			}, errs.PermissionDenied, ""},
			{"close a future date", func() error {
				_, err := s.app.CloseDay(cityHR, domain.MustDate("2026-12-01"), "DISKOMINFO")
				return err
			}, errs.Invalid, "date"},
			{"another agency's recap", func() error {
				_, err := s.app.GetMonthlyRecap(bappedaHR, "DISKOMINFO", month)
				return err
			}, errs.PermissionDenied, ""},
			{"another agency's CSV", func() error {
				_, err := s.api.ExportMonthlyRecap(bappedaHR, &attendancev1.ExportMonthlyRecapRequest{Agency: "agencies/DISKOMINFO", Month: "2026-11"})
				return err
			}, errs.PermissionDenied, ""},
			{"another agency's discipline list", func() error {
				_, err := s.app.ListDisciplineThresholds(bappedaHR, 2026, "DISDUKCAPIL")
				return err
			}, errs.PermissionDenied, ""},
			{"a colleague's days", func() error {
				_, err := s.app.ListDailyStatuses(employee(dyLate, "DISKOMINFO"), dyAbsent, domain.MustDate("2026-11-01"), domain.MustDate("2026-11-30"))
				return err
			}, errs.PermissionDenied, ""},
			{"another agency's employee's days", func() error {
				_, err := s.app.ListDailyStatuses(bappedaHR, dyLate, domain.MustDate("2026-11-01"), domain.MustDate("2026-11-30"))
				return err
			}, errs.PermissionDenied, ""},
			{"more than 366 days", func() error {
				_, err := s.app.ListDailyStatuses(cityHR, dyLate, domain.MustDate("2026-01-01"), domain.MustDate("2027-01-03"))
				return err
			}, errs.Invalid, "end_date"},
			{"a month that is not one", func() error {
				_, err := s.api.GetMonthlyRecap(cityHR, &attendancev1.GetMonthlyRecapRequest{Agency: "agencies/DISKOMINFO", Month: "2026-13"})
				return err
			}, errs.Invalid, "month"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) { testenv.WantKind(t, tt.call(), tt.kind, tt.field) })
		}
	})
	t.Run("rows", func(t *testing.T) {
		tests := []struct {
			name string
			who  context.Context
			want []app.RecapRow
		}{
			{"city HR", cityHR, full.Rows},
			{"auditor", auditor, full.Rows},
			{"agency HR", kominfoHR, full.Rows},
			{"employee: own row", employee(dyLate, "DISKOMINFO"), []app.RecapRow{row(dyLate)}},
			{"supervisor: own and subordinates'", headSees, full.Rows},
			{"a subordinate supervising nobody", supervisor(dyEarly, "DISKOMINFO"), []app.RecapRow{row(dyEarly)}},
			{"an employee of another agency", employee(dyPlanner, "BAPPEDA"), nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, err := s.app.GetMonthlyRecap(tt.who, "DISKOMINFO", month)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got.Rows, tt.want) {
					t.Fatalf("rows = %+v, want %+v", got.Rows, tt.want)
				}
				var totals app.RecapRow
				for _, r := range tt.want {
					totals.WorkingDays += r.WorkingDays
					totals.UnexcusedAbsences += r.UnexcusedAbsences
				}
				if got.Totals.WorkingDays != totals.WorkingDays || got.Totals.UnexcusedAbsences != totals.UnexcusedAbsences {
					t.Errorf("totals %+v are not of the rows shown", got.Totals)
				}
			})
		}
	})
	t.Run("discipline list", func(t *testing.T) {
		tests := []struct {
			name   string
			who    context.Context
			agency string
			want   []string
		}{
			{"city HR, every agency", cityHR, "", []string{dyTruant}},
			{"city HR, one agency", cityHR, "DISKOMINFO", nil},
			{"the employee", employee(dyTruant, "DISDUKCAPIL"), "", []string{dyTruant}},
			{"another employee", employee(dyAbsent, "DISKOMINFO"), "", nil},
			{"agency HR, own agency by default", agencyHR("disduk-hr", "DISDUKCAPIL"), "", []string{dyTruant}},
			{"a supervisor elsewhere", headSees, "", nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				list, err := s.app.ListDisciplineThresholds(tt.who, 2026, tt.agency)
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, x := range list {
					got = append(got, x.Employee)
				}
				if !reflect.DeepEqual(got, tt.want) {
					t.Fatalf("list = %v, want %v", got, tt.want)
				}
			})
		}
	})
}

// leaveRequest takes a leave request through the workflow (submitted by the employee,
// approved by the supervisor) and closes its day: the day is on leave of the request's type.
func (s *daySuite) leaveRequest(t *testing.T) {
	s.clock.set(wib("2026-11-02", 9, 0, 0))
	req, err := s.app.CreateLeaveRequest(employee(dyLate, "DISKOMINFO"), domain.LeaveRequest{Type: domain.LeaveAnnual,
		Start: domain.MustDate("2026-11-18"), End: domain.MustDate("2026-11-18"), Reason: "urusan keluarga"})
	if err != nil {
		t.Fatalf("CreateLeaveRequest: %v", err)
	}
	if _, err := s.app.ApproveLeaveRequest(headSees, req.ID, ""); err != nil {
		t.Fatalf("ApproveLeaveRequest: %v", err)
	}
	res := s.close(t, kominfoHR, "2026-11-18", "DISKOMINFO")
	if res.Closed != 6 || res.Absent != 5 {
		t.Errorf("CloseDay = %+v, want 6 closed, 5 absent", res)
	}
	got, err := s.app.ListDailyStatuses(employee(dyLate, "DISKOMINFO"), dyLate, domain.MustDate("2026-11-18"), domain.MustDate("2026-11-18"))
	if err != nil {
		t.Fatal(err)
	}
	want := app.DailyStatus{Employee: dyLate, Agency: "DISKOMINFO", Date: domain.MustDate("2026-11-18"), Status: domain.DailyOnLeave,
		Reason: domain.DayRegular, LeaveType: "annual"}
	if len(got) != 1 || !reflect.DeepEqual(got[0], want) {
		t.Errorf("ListDailyStatuses = %+v, want %+v", got, want)
	}
}

// batches closes an agency of 2,345 employees (three transactions) and then the whole city.
func (s *daySuite) batches(t *testing.T) {
	ctx := context.Background()
	const n = 2345
	nips := make([]string, n)
	for i := range nips {
		nips[i] = fmt.Sprintf("19900101201501%04d", i)
	}
	err := s.db.InTx(ctx, func(tx *database.Tx) error {
		for start := 0; start < n; start += 500 {
			var q strings.Builder
			var args []any
			q.WriteString(`INSERT INTO directory_employees (nip, display_name, sex, birth_date, appointment_date, employment_type, rank,
				agency, unit, position, supervisor, status, version, synced_at) VALUES `)
			for i, nip := range nips[start:min(start+500, n)] {
				if i > 0 {
					q.WriteString(", ")
				}
				q.WriteString("(" + database.Placeholders(len(args)+1, 2) + `, '', '', '', '', '', 'MASSAL', '', '', '', 'active', 1, 0)`)
				args = append(args, nip, "Pegawai "+nip[14:])
			}
			if _, err := tx.ExecContext(ctx, q.String(), args...); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("seeding %d employees: %v", n, err)
	}
	closedBefore := s.events(t, events.SubjectDayClosed)
	for range 2 { // closing again replaces and counts once
		res := s.close(t, cityHR, "2026-11-02", "MASSAL")
		if res.Closed != n || res.Absent != n {
			t.Fatalf("CloseDay = closed %d, absent %d; want %d and %d", res.Closed, res.Absent, n, n)
		}
	}
	if got := s.events(t, events.SubjectDayClosed) - closedBefore; got != 2*n {
		t.Errorf("%d DayClosed events, want %d", got, 2*n)
	}
	if got := s.count(t, `SELECT COUNT(*) FROM daily_statuses WHERE agency = 'MASSAL' AND date = '2026-11-02' AND status = 'absent'`); got != n {
		t.Errorf("%d stored absences, want %d", got, n)
	}
	if got := s.count(t, `SELECT COUNT(*) FROM absence_tallies t JOIN directory_employees e ON e.nip = t.employee
		WHERE e.agency = 'MASSAL' AND t.year = 2026 AND t.days = 1 AND t.run = 1`); got != n {
		t.Errorf("%d tallies of one day, want %d", got, n)
	}
	recs, _, err := audit.List(ctx, s.db, audit.Query{Resource: app.DayName(domain.MustDate("2026-11-02")), PageSize: 100})
	if err != nil {
		t.Fatal(err)
	}
	massal := 0
	for _, r := range recs {
		if r.GetDetail() == fmt.Sprintf("closed 2026-11-02 for MASSAL: %d employees", n) {
			massal++
		}
	}
	if massal != 2 {
		t.Errorf("%d audit records of MASSAL's closes, want 2 (one per close)", massal)
	}

	// The whole city on Tuesday the 17th: everyone active, in every agency. The truant's 11th
	// day crosses the next threshold; DISKOMINFO's absentee, whose 18th is closed already (a
	// back-filled day, so the year is recounted), reaches 3 days.
	res := s.close(t, cityHR, "2026-11-17", "")
	if want := n + 6 + 1 + 1; res.Closed != want || res.Absent != want {
		t.Errorf("city-wide CloseDay = closed %d, absent %d; want %d", res.Closed, res.Absent, want)
	}
	if got := dyCodes(res.Crossed); !reflect.DeepEqual(got, []string{dyTruant + " ALLOWANCE_CUT_6_MONTHS", dyAbsent + " ORAL_REPRIMAND"}) {
		t.Errorf("city-wide close crossed %v", got)
	}
	city, err := s.app.GetMonthlyRecap(cityHR, "", app.Month{Year: 2026, Month: time.November})
	if err != nil {
		t.Fatal(err)
	}
	if want := n + 6 + 1 + 1; len(city.Rows) != want {
		t.Errorf("city-wide recap has %d rows, want %d", len(city.Rows), want)
	}
	if _, err := s.app.GetMonthlyRecap(kominfoHR, "", app.Month{Year: 2026, Month: time.November}); err == nil {
		t.Error("agency HR read the city-wide recap")
	}

	// Wednesday the 18th for MASSAL, three batches, with approved leave in the first and the
	// last: a close of more than one batch reads the day's leave once, for every batch.
	wed := domain.MustDate("2026-11-18")
	s.repo.setLeave(wed, nips[0], domain.LeaveAnnual)
	s.repo.setLeave(wed, nips[n-1], domain.LeaveSick)
	// The absent reach 3 days (an oral reprimand) the first time; a re-close that changes
	// nothing stores the same and crosses nothing again.
	for i, crossed := range []int{n - 2, 0} {
		res = s.close(t, cityHR, wed.String(), "MASSAL")
		if res.Closed != n || res.Absent != n-2 || len(res.Crossed) != crossed {
			t.Fatalf("close %d: closed %d, absent %d, %d crossed; want %d, %d, %d", i+1, res.Closed, res.Absent, len(res.Crossed), n, n-2, crossed)
		}
		for _, c := range res.Crossed {
			if c.Code != "ORAL_REPRIMAND" || c.Days != 3 {
				t.Fatalf("crossed %s at %d days, want ORAL_REPRIMAND at 3", c.Code, c.Days)
			}
		}
		for _, tt := range []struct {
			status, leave string
			want          int
		}{{"absent", "", n - 2}, {"on_leave", "annual", 1}, {"on_leave", "sick", 1}} {
			if got := s.count(t, `SELECT COUNT(*) FROM daily_statuses WHERE agency = 'MASSAL' AND date = '2026-11-18'
				AND status = $1 AND leave_type = $2`, tt.status, tt.leave); got != tt.want {
				t.Errorf("%d stored %s days (leave %q), want %d", got, tt.status, tt.leave, tt.want)
			}
		}
	}
	if got := s.count(t, `SELECT COUNT(*) FROM absence_tallies t JOIN directory_employees e ON e.nip = t.employee
		WHERE e.agency = 'MASSAL' AND t.year = 2026 AND t.days = 3 AND t.last_date = '2026-11-18'`); got != n-2 {
		t.Errorf("%d tallies of three days up to the 18th, want %d", got, n-2)
	}
}
