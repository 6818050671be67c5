package main

import (
	"context"
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/cmd/simpeg/internal/seed"
	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/testenv"
)

// seedHistoryAgencies are the agencies simpeg seed --demo gives attendance history
// (internal/seed/history.go), with their headcounts in the demo data set.
var seedHistoryAgencies = map[string]int{
	"DISKOMINFO": 140, "BKPSDM": 150, "BAPPEDA": 120, "INSPEKTORAT": 130, "KEC-MEDAN-POLONIA": 115,
}

// TestSeedDemoAttendance runs simpeg seed --demo twice against the suite, on both engines, with
// the attendance service's offline upload limit at its most (744 h) so that the whole history
// is within reach whatever the day: after the first run the offices, the decree holidays, the
// last 10 working days of the history agencies closed and the demo's leave requests are there;
// the second run writes nothing (neither service's audit trail moves) and changes none of it.
func TestSeedDemoAttendance(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the whole demo twice; skipped with -short")
	}
	for _, engine := range testenv.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			natsURL, database := "", func(string) string { return "" }
			if engine == testenv.Postgres {
				natsURL = testenv.NATS(t)
				database = func(string) string { return testenv.DatabaseURL(t, engine) }
			}
			args := append(suiteArgs(t, natsURL, database), "--offline-upload-limit=744h")
			dataDir := ""
			for _, a := range args {
				if v, ok := strings.CutPrefix(a, "--data-dir="); ok {
					dataDir = v
				}
			}
			s := runSuite(t, args, nil)
			cityHR := s.token(t, auth.RoleCityHR, "", "bkpsdm")
			// The evaluation demo has its own test (TestSeedDemoEvaluation): left out here.
			seedArgs := []string{"seed", "--demo", "--evaluation-agencies", "", "--url", s.base, "--token", cityHR, "--data-dir", dataDir}

			start := time.Now()
			if err := dispatch(context.Background(), seedArgs); err != nil {
				t.Fatalf("seed --demo: %v", err)
			}
			t.Logf("%s: the first seed took %s", engine, time.Since(start).Round(time.Millisecond))
			before := seedSnapshot(t, s, cityHR)
			checkSeededAttendance(t, s, cityHR, before)

			start = time.Now()
			if err := dispatch(context.Background(), seedArgs); err != nil {
				t.Fatalf("seed --demo again: %v", err)
			}
			t.Logf("%s: the second seed took %s", engine, time.Since(start).Round(time.Millisecond))
			after := seedSnapshot(t, s, cityHR)
			for _, k := range seedKeys(before) {
				if before[k] != after[k] {
					t.Errorf("the second seed changed %s:\nbefore %.600s\nafter  %.600s", k, before[k], after[k])
				}
			}
		})
	}
}

// seedSnapshot reads what the seed makes, as raw JSON by what it is: the offices, the holidays
// of 2026, the leave requests, each history agency head's closed days and records of the last
// month, and the newest record of each service's audit trail.
func seedSnapshot(t *testing.T, s *suite, token string) map[string]string {
	t.Helper()
	today := time.Now().In(wib)
	from := today.AddDate(0, 0, -31).Format(time.DateOnly)
	to := today.AddDate(0, 0, -1).Format(time.DateOnly)
	paths := map[string]string{
		"offices":          "/v1/offices?pageSize=1000",
		"holidays":         "/v1/holidays?year=2026",
		"leave":            "/v1/leaveRequests?pageSize=1000",
		"attendance audit": "/v1/attendance/auditRecords?pageSize=1",
		// The seed's own writes (its token's subject): planning's sweep writes on its own
		// schedule (an approved demo plan's overdue action announced, actor "system").
		"planning audit": "/v1/planning/auditRecords?pageSize=1&actor=bkpsdm",
	}
	for code := range seedHistoryAgencies {
		head := seedAgencyHead(t, s, token, code)
		q := url.Values{"startDate": {from}, "endDate": {to}}.Encode()
		paths[code+" closed days"] = "/v1/employees/" + head + "/dailyStatuses?" + q
		paths[code+" records"] = "/v1/employees/" + head + "/attendanceRecords?" + q
	}
	out := map[string]string{}
	for k, p := range paths {
		out[k] = string(s.do(t, "GET", p, token, nil).want(t, 200).raw)
	}
	return out
}

// seedAgencyHead returns the NIP of agency's head, who holds the position "<code>-kepala".
func seedAgencyHead(t *testing.T, s *suite, token, agency string) string {
	t.Helper()
	var page struct {
		Employees []struct {
			NIP        string `json:"nip"`
			Position   string `json:"position"`
			Supervisor string `json:"supervisor"`
		} `json:"employees"`
	}
	r := s.do(t, "GET", "/v1/employees?pageSize=1000&agency="+agency, token, nil).want(t, 200)
	if err := json.Unmarshal(r.raw, &page); err != nil {
		t.Fatal(err)
	}
	for _, e := range page.Employees {
		if e.Position == strings.ToLower(agency)+"-kepala" {
			return e.NIP
		}
	}
	t.Fatalf("no head of %s among %d employees", agency, len(page.Employees))
	return ""
}

// checkSeededAttendance checks the snapshot of the first seed against what the demo is made of.
func checkSeededAttendance(t *testing.T, s *suite, token string, snap map[string]string) {
	t.Helper()
	var offices struct {
		Offices []struct {
			ID, Agency, DisplayName string
			Latitude, Longitude     float64
			RadiusMeters            int
			TimeZone                string
		}
	}
	decodeJSON(t, snap["offices"], &offices)
	var agencies struct {
		Agencies []struct{ Code string }
	}
	decodeJSON(t, string(s.do(t, "GET", "/v1/agencies?parent=-&pageSize=1000", token, nil).want(t, 200).raw), &agencies)
	byID := map[string]bool{}
	for _, o := range offices.Offices {
		if strings.HasPrefix(o.ID, "kantor-") {
			byID[o.ID] = true
			if o.RadiusMeters != 0 || o.TimeZone != "TIME_ZONE_WIB" || !strings.HasSuffix(o.DisplayName, "(lokasi ilustratif)") ||
				o.Latitude < 3.48 || o.Latitude > 3.8 || o.Longitude < 98.59 || o.Longitude > 98.74 {
				t.Errorf("office %+v: want the default radius, WIB, an illustrative name and a place in Medan", o)
			}
		}
	}
	if len(agencies.Agencies) != 40 || len(byID) != 40 {
		t.Errorf("%d top-level agencies, %d demo offices; want 40 of each", len(agencies.Agencies), len(byID))
	}
	for _, a := range agencies.Agencies {
		if !byID["kantor-"+strings.ToLower(a.Code)] {
			t.Errorf("agency %s has no demo office", a.Code)
		}
	}

	var holidays struct {
		Holidays []struct{ Date, DisplayName, Kind string }
	}
	decodeJSON(t, snap["holidays"], &holidays)
	kinds := map[string]int{}
	byDate := map[string]string{}
	for _, h := range holidays.Holidays {
		kinds[h.Kind]++
		byDate[h.Date] = h.DisplayName + " " + h.Kind
	}
	// The 2026 decree: 17 national holidays (5 fixed-date ones the service knows) and 8 collective leave days.
	if kinds["HOLIDAY_KIND_NATIONAL"] != 17 || kinds["HOLIDAY_KIND_COLLECTIVE"] != 8 {
		t.Errorf("2026's holidays by kind: %v; want 17 national and 8 collective", kinds)
	}
	for d, want := range map[string]string{
		"2026-03-21": "Idulfitri 1447 Hijriah HOLIDAY_KIND_NATIONAL",
		"2026-12-24": "Cuti Bersama Kelahiran Yesus Kristus HOLIDAY_KIND_COLLECTIVE",
		"2026-08-17": "Hari Proklamasi Kemerdekaan Republik Indonesia HOLIDAY_KIND_NATIONAL",
	} {
		if byDate[d] != want {
			t.Errorf("holiday %s is %q, want %q", d, byDate[d], want)
		}
	}

	// The last 10 working days before today: weekdays that are not holidays (2026's, as loaded;
	// the fixed-date ones of any year).
	var want []string
	for d := time.Now().In(wib).AddDate(0, 0, -1); len(want) < 10; d = d.AddDate(0, 0, -1) {
		md := d.Format("01-02")
		if d.Weekday() == time.Saturday || d.Weekday() == time.Sunday || byDate[d.Format(time.DateOnly)] != "" ||
			md == "01-01" || md == "05-01" || md == "06-01" || md == "08-17" || md == "12-25" {
			continue
		}
		want = append(want, d.Format(time.DateOnly))
	}
	slices.Sort(want)
	for code := range seedHistoryAgencies {
		var closed struct {
			DailyStatuses []struct{ Date, Status string }
		}
		decodeJSON(t, snap[code+" closed days"], &closed)
		var got []string
		for _, d := range closed.DailyStatuses {
			got = append(got, d.Date)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s's head has the closed days %v; want the last 10 working days %v", code, got, want)
		}
	}
	// The recaps of the months the history spans count every employee on each of its days,
	// about 10 % of them late and 3 % absent.
	for code, staff := range seedHistoryAgencies {
		var working, late, absent int
		for _, m := range seedMonths(want) {
			var recap struct {
				Totals struct{ WorkingDays, LateDays, UnexcusedAbsences int }
			}
			decodeJSON(t, string(s.do(t, "GET", "/v1/agencies/"+code+"/monthlyRecaps/"+m, token, nil).want(t, 200).raw), &recap)
			working += recap.Totals.WorkingDays
			late += recap.Totals.LateDays
			absent += recap.Totals.UnexcusedAbsences
		}
		if working != 10*staff || late < working/50 || late > working/4 || absent == 0 || absent > working/10 {
			t.Errorf("%s over the history: %d working days, %d late, %d absent; want %d working days, some late, a few absent", code, working, late, absent, 10*staff)
		}
	}

	var leave struct {
		LeaveRequests []struct{ Employee, Type, StartDate, EndDate, State, Reason string }
	}
	decodeJSON(t, snap["leave"], &leave)
	states := map[string]int{}
	today := time.Now().In(wib).Format(time.DateOnly)
	coversToday := false
	for _, r := range leave.LeaveRequests {
		if !strings.HasSuffix(r.Reason, "(data demo)") {
			continue
		}
		states[r.State]++
		coversToday = coversToday || (r.State == "LEAVE_STATE_APPROVED" && r.StartDate == today)
	}
	if states["LEAVE_STATE_APPROVED"] != 2 || states["LEAVE_STATE_SUBMITTED"] != 2 || states["LEAVE_STATE_REJECTED"] != 1 || !coversToday {
		t.Errorf("the demo's leave requests by state: %v, one approved from today: %v; want 2 approved (one from today), 2 submitted, 1 rejected\n%s",
			states, coversToday, snap["leave"])
	}
}

// seedMonths returns the months ("YYYY-MM") of dates, in order.
func seedMonths(dates []string) []string {
	var out []string
	for _, d := range dates {
		if m := d[:7]; !slices.Contains(out, m) {
			out = append(out, m)
		}
	}
	return out
}

// decodeJSON unmarshals raw into v.
func decodeJSON(t *testing.T, raw string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(raw), v); err != nil {
		t.Fatalf("decoding %.300s: %v", raw, err)
	}
}

// seedKeys returns m's keys in order.
func seedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// TestSeedAttendanceUploadLimit checks that simpeg seed --demo --organisation-only loads no
// attendance data, then loads Diskominfo's part of the demo into the suite, whose offline
// upload limit is 50 h: first without history (offices, holidays and leave requests only, no
// day closed), then with it: the history keeps the working days whose morning is within the
// limit, closes them, and leaves the older ones out, saying which; a third load sends nothing.
func TestSeedAttendanceUploadLimit(t *testing.T) {
	const limit = 50 * time.Hour
	s := runSuite(t, append(suiteArgs(t, "", func(string) string { return "" }), "--offline-upload-limit="+limit.String()), nil)
	cityHR := s.token(t, auth.RoleCityHR, "", "bkpsdm")
	ctx := context.Background()
	// simpeg seed --demo --organisation-only loads no attendance data.
	if err := dispatch(ctx, []string{"seed", "--demo", "--organisation-only", "--url", s.base, "--token", cityHR}); err != nil {
		t.Fatalf("seed --organisation-only: %v", err)
	}
	for _, path := range []string{"/v1/offices", "/v1/leaveRequests", "/v1/attendance/auditRecords"} {
		if got := string(s.do(t, "GET", path, cityHR, nil).want(t, 200).raw); got != "{}" {
			t.Errorf("after --organisation-only, %s answers %s; want nothing", path, got)
		}
	}
	ds := seedSubset(seed.Generate(2026), "DISKOMINFO")
	if _, err := seed.Load(ctx, seed.LoadOptions{BaseURL: s.base, Token: cityHR, Dataset: ds}); err != nil {
		t.Fatalf("loading Diskominfo: %v", err)
	}
	opts := seed.AttendanceOptions{BaseURL: s.base, Token: cityHR, Signer: s.signer, Dataset: ds, NoHistory: true}
	st, err := seed.LoadAttendance(ctx, opts)
	if err != nil {
		t.Fatalf("without history: %v", err)
	}
	if st.OfficesCreated != 2 || st.HolidaysImported != 20 || st.LeaveCreated != 5 || st.Records != 0 || st.DaysClosed != 0 ||
		!slices.Contains(st.Skipped, "history: --no-history") {
		t.Errorf("without history: %+v; want 2 offices (SETDA's, Diskominfo's), 20 holidays, 5 leave requests and no history", st)
	}
	head := seedAgencyHead(t, s, cityHR, "DISKOMINFO")
	now := time.Now()
	q := url.Values{"startDate": {now.AddDate(0, 0, -31).In(wib).Format(time.DateOnly)}, "endDate": {now.In(wib).Format(time.DateOnly)}}.Encode()
	closedDays := func() []string {
		var l struct {
			DailyStatuses []struct{ Date string }
		}
		decodeJSON(t, string(s.do(t, "GET", "/v1/employees/"+head+"/dailyStatuses?"+q, cityHR, nil).want(t, 200).raw), &l)
		var out []string
		for _, d := range l.DailyStatuses {
			out = append(out, d.Date)
		}
		return out
	}
	if got := closedDays(); len(got) != 0 {
		t.Fatalf("closed days after a load without history: %v", got)
	}

	opts.NoHistory = false
	st, err = seed.LoadAttendance(ctx, opts)
	if err != nil {
		t.Fatalf("with history: %v", err)
	}
	t.Logf("with a %s limit at %s: recorded %v, too old %v", limit, now.In(wib).Format(time.DateTime), st.HistoryDays, st.TooOldDays)
	if st.HistoryAgencies != 1 || st.HistoryEmployees != 140 || len(st.HistoryDays)+len(st.TooOldDays) != seed.HistoryDays || len(st.TooOldDays) == 0 {
		t.Fatalf("with history: %+v; want Diskominfo's 140 employees and %d working days, the older ones too old", st, seed.HistoryDays)
	}
	day := func(d string, hh, mm int) time.Time {
		x, err := time.ParseInLocation(time.DateOnly, d, wib)
		if err != nil {
			t.Fatal(err)
		}
		return x.Add(time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute)
	}
	oldest := now.Add(-limit)
	for _, d := range st.TooOldDays {
		// The earliest check-in of a day is at 06:50 at the earliest.
		if !day(d, 6, 50).Before(oldest) {
			t.Errorf("%s was left out as too old, but its morning is within the %s limit (since %s)", d, limit, oldest.In(wib).Format(time.DateTime))
		}
	}
	for _, d := range st.HistoryDays {
		// It is at the start of work, 07:30, at the latest.
		if day(d, 7, 30).Before(oldest.Add(-time.Minute)) {
			t.Errorf("%s was recorded, but its morning is older than the %s limit (since %s)", d, limit, oldest.In(wib).Format(time.DateTime))
		}
	}
	present := 140*len(st.HistoryDays) - st.Absences
	if st.Records != 2*present || st.RecordsPresent != 0 || st.DaysClosed != len(st.HistoryDays) || st.LeavePresent != 5 || st.OfficesPresent != 2 {
		t.Errorf("with history: %+v; want %d records, %d days closed, and what the first load made found", st, 2*present, len(st.HistoryDays))
	}
	if got := closedDays(); !slices.Equal(got, st.HistoryDays) {
		t.Errorf("the head's closed days %v; want the days recorded %v", got, st.HistoryDays)
	}

	st, err = seed.LoadAttendance(ctx, opts)
	if err != nil {
		t.Fatalf("again: %v", err)
	}
	if st.Records != 0 || st.DaysClosed != 0 || st.LeaveCreated != 0 || st.OfficesCreated != 0 || st.HolidaysImported != 0 {
		t.Errorf("loading again: %+v; want nothing new", st)
	}
}

// seedSubset keeps the demo's agencies with the given codes, with their units, positions and
// employees, and SETDA, whose head (the Sekretaris Daerah) supervises the agencies' heads.
func seedSubset(d *seed.Dataset, codes ...string) *seed.Dataset {
	return seed.Subset(d, append(codes, "SETDA")...)
}
