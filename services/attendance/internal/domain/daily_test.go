package domain_test

import (
	"slices"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/services/attendance/internal/domain"
)

func TestCloseDay(t *testing.T) {
	c := calFixture(t)
	wib := domain.WIB.Location()
	monday := c.Expected(calOfficeWorker, domain.MustDate("2026-01-05")) // 07:30-16:00
	holiday := c.Expected(calOfficeWorker, domain.MustDate("2026-05-01"))
	night := c.Expected(calNurse, domain.MustDate("2026-01-10")) // 21:00-07:00
	res := func(y int, m time.Month, d, h, min int, outside bool) *domain.Result {
		return &domain.Result{AttendanceTime: time.Date(y, m, d, h, min, 0, 0, wib), OutsideGeofence: outside}
	}
	type want struct {
		status                domain.DailyStatus
		late, early           int
		missingIn, missingOut bool
		outside               bool
		leave                 string
		lateFlag, earlyFlag   bool
	}
	tests := []struct {
		name      string
		exp       domain.Expectation
		in, out   *domain.Result
		leaveType string
		want      want
	}{
		{"on time both ways", monday, res(2026, 1, 5, 7, 20, false), res(2026, 1, 5, 16, 5, false), "",
			want{status: domain.DailyPresent}},
		{"late and early", monday, res(2026, 1, 5, 7, 52, false), res(2026, 1, 5, 15, 30, false), "",
			want{status: domain.DailyPresent, late: 22, early: 30, lateFlag: true, earlyFlag: true}},
		{"check-in only", monday, res(2026, 1, 5, 7, 31, true), nil, "",
			want{status: domain.DailyPresent, late: 1, lateFlag: true, missingOut: true, outside: true}},
		{"check-out only", monday, nil, res(2026, 1, 5, 16, 0, false), "",
			want{status: domain.DailyPresent, missingIn: true}},
		{"absent without excuse", monday, nil, nil, "", want{status: domain.DailyAbsent}},
		{"on leave", monday, nil, nil, "sakit", want{status: domain.DailyOnLeave, leave: "sakit"}},
		{"on leave from the expectation", monday.WithLeave("tahunan"), nil, nil, "", want{status: domain.DailyOnLeave, leave: "tahunan"}},
		{"on leave though checked in", monday, res(2026, 1, 5, 7, 20, false), nil, "alasan_penting", want{status: domain.DailyOnLeave, leave: "alasan_penting"}},
		{"holiday, nothing checked", holiday, nil, nil, "", want{status: domain.DailyHoliday}},
		{"holiday though checked in", holiday, res(2026, 5, 1, 8, 0, false), nil, "", want{status: domain.DailyHoliday}},
		{"night shift, out next morning", night, res(2026, 1, 10, 20, 50, false), res(2026, 1, 11, 6, 45, false), "",
			want{status: domain.DailyPresent, early: 15, earlyFlag: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := domain.CloseDay(tt.exp, tt.in, tt.out, tt.leaveType)
			got := want{r.Status, r.LateMinutes, r.EarlyMinutes, r.MissingCheckIn, r.MissingCheckOut, r.OutsideGeofence, r.LeaveType, r.Late, r.EarlyDeparture}
			if got != tt.want {
				t.Fatalf("CloseDay = %+v, want %+v", got, tt.want)
			}
			if r.Date != tt.exp.Date || r.Reason != tt.exp.Reason || r.Holiday != tt.exp.Holiday {
				t.Errorf("record %+v does not carry the expectation's date and reason", r)
			}
			if r.Unexcused() != (tt.want.status == domain.DailyAbsent) {
				t.Errorf("Unexcused() = %v", r.Unexcused())
			}
		})
	}
}

func TestThreshold(t *testing.T) {
	tests := []struct {
		days, consecutive int
		want              domain.SanctionLevel
		byConsecutive     bool
	}{
		{0, 0, domain.SanctionNone, false},
		{1, 1, domain.SanctionNone, false},
		{2, 2, domain.SanctionNone, false},
		{3, 1, domain.SanctionOralReprimand, false},
		{4, 1, domain.SanctionWrittenReprimand, false},
		{6, 3, domain.SanctionWrittenReprimand, false},
		{7, 1, domain.SanctionStatementOfDissatisfaction, false},
		{9, 9, domain.SanctionStatementOfDissatisfaction, false},
		{10, 9, domain.SanctionStatementOfDissatisfaction, false},
		{10, 10, domain.SanctionDischarge, true},
		{11, 1, domain.SanctionAllowanceCut6Months, false},
		{13, 2, domain.SanctionAllowanceCut6Months, false},
		{14, 1, domain.SanctionAllowanceCut9Months, false},
		{16, 1, domain.SanctionAllowanceCut9Months, false},
		{17, 1, domain.SanctionAllowanceCut12Months, false},
		{20, 1, domain.SanctionAllowanceCut12Months, false},
		{21, 1, domain.SanctionDemotion, false},
		{24, 1, domain.SanctionDemotion, false},
		{25, 1, domain.SanctionExecutorPost, false},
		{27, 9, domain.SanctionExecutorPost, false},
		{27, 10, domain.SanctionDischarge, true},
		{28, 1, domain.SanctionDischarge, false},
		{28, 12, domain.SanctionDischarge, false},
		{60, 1, domain.SanctionDischarge, false},
	}
	for _, tt := range tests {
		s := domain.Threshold(tt.days, tt.consecutive)
		if s.Level != tt.want || s.ByConsecutive != tt.byConsecutive {
			t.Errorf("Threshold(%d days, %d consecutive) = %v (by consecutive %v), want level %d (%v)",
				tt.days, tt.consecutive, s, s.ByConsecutive, tt.want, tt.byConsecutive)
		}
	}
	// The table itself: contiguous day ranges from 3, the documented sizes and names.
	all := domain.Sanctions()
	if len(all) != 10 {
		t.Fatalf("%d sanctions", len(all))
	}
	for i := 2; i < len(all); i++ {
		if all[i].MinDays != all[i-1].MaxDays+1 {
			t.Errorf("%v does not start after %v", all[i], all[i-1])
		}
	}
	cut := domain.SanctionFor(domain.SanctionAllowanceCut9Months)
	if cut.AllowanceCutPercent != 25 || cut.Months != 9 || cut.Severity != domain.SeverityModerate || cut.MinDays != 14 || cut.MaxDays != 16 {
		t.Errorf("9-month cut = %+v", cut)
	}
	if d := domain.SanctionFor(domain.SanctionDischarge); d.Name != "pemberhentian dengan hormat tidak atas permintaan sendiri" || d.MinDays != 28 || d.MaxDays != 0 {
		t.Errorf("discharge = %+v", d)
	}
	if o := domain.SanctionFor(domain.SanctionOralReprimand); o.Name != "teguran lisan" || o.String() != "teguran lisan (oral reprimand, 3 days)" {
		t.Errorf("oral reprimand = %q", o.String())
	}
}

func TestCrossed(t *testing.T) {
	L := func(ls ...domain.SanctionLevel) []domain.SanctionLevel { return ls }
	tests := []struct {
		name                                       string
		daysBefore, daysAfter, runBefore, runAfter int
		want                                       []domain.SanctionLevel
		byConsecutive                              bool // the last one was reached by the run
	}{
		{"1 to 2: nothing", 1, 2, 1, 1, nil, false},
		{"2 to 3: oral reprimand", 2, 3, 1, 1, L(domain.SanctionOralReprimand), false},
		{"3 to 4: written reprimand", 3, 4, 1, 1, L(domain.SanctionWrittenReprimand), false},
		{"5 to 6: within 4-6", 5, 6, 1, 1, nil, false},
		{"6 to 7: statement", 6, 7, 1, 1, L(domain.SanctionStatementOfDissatisfaction), false},
		{"9 to 10 with a short run: nothing", 9, 10, 2, 2, nil, false},
		{"10 to 11: 6-month cut", 10, 11, 1, 1, L(domain.SanctionAllowanceCut6Months), false},
		{"13 to 14: 9-month cut", 13, 14, 1, 1, L(domain.SanctionAllowanceCut9Months), false},
		{"16 to 17: 12-month cut", 16, 17, 1, 1, L(domain.SanctionAllowanceCut12Months), false},
		{"20 to 21: demotion", 20, 21, 1, 1, L(domain.SanctionDemotion), false},
		{"24 to 25: executor post", 24, 25, 1, 1, L(domain.SanctionExecutorPost), false},
		{"27 to 28: discharge", 27, 28, 1, 1, L(domain.SanctionDischarge), false},
		{"28 to 29: nothing new", 28, 29, 1, 1, nil, false},
		{"a back-filled week, 2 to 8", 2, 8, 1, 1, L(domain.SanctionOralReprimand, domain.SanctionWrittenReprimand, domain.SanctionStatementOfDissatisfaction), false},
		{"run 9 to 10: discharge by consecutive days", 9, 10, 9, 10, L(domain.SanctionDischarge), true},
		{"run 8 to 9: nothing", 8, 9, 8, 9, nil, false},
		{"run already 10: only the day threshold", 10, 11, 10, 11, L(domain.SanctionAllowanceCut6Months), false},
		{"days and run reach discharge together: once", 27, 28, 9, 10, L(domain.SanctionDischarge), false},
		{"run 10 with 12 days: cut is not crossed, discharge is", 12, 12, 9, 10, L(domain.SanctionDischarge), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := domain.Crossed(tt.daysBefore, tt.daysAfter, tt.runBefore, tt.runAfter)
			var levels []domain.SanctionLevel
			for _, s := range got {
				levels = append(levels, s.Level)
			}
			if !slices.Equal(levels, tt.want) {
				t.Fatalf("Crossed = %v, want %v", levels, tt.want)
			}
			if len(got) > 0 && got[len(got)-1].ByConsecutive != tt.byConsecutive {
				t.Fatalf("by consecutive = %v", got[len(got)-1].ByConsecutive)
			}
		})
	}
}

// ckAbsentDays closes every day from from to to for emp with no check-in, except the dates in
// present, which have one; working days thus become absences and the rest holidays.
func ckAbsentDays(c domain.Calendar, emp domain.EmployeeCalendar, from, to string, present ...string) []domain.DayRecord {
	var out []domain.DayRecord
	for d := domain.MustDate(from); !d.After(domain.MustDate(to)); d = d.AddDays(1) {
		exp := c.Expected(emp, d)
		var in *domain.Result
		if slices.Contains(present, d.String()) {
			in = &domain.Result{AttendanceTime: exp.Start}
		}
		out = append(out, domain.CloseDay(exp, in, nil, ""))
	}
	return out
}

func TestAbsenceTally(t *testing.T) {
	c := calFixture(t)
	t.Run("weekends and holidays neither break nor extend a run", func(t *testing.T) {
		// Thu 2026-04-30, Fri 2026-05-01 (Labour Day), Sat, Sun, Mon 2026-05-04, Tue 05.
		tally := domain.TallyAbsences(ckAbsentDays(c, calOfficeWorker, "2026-04-30", "2026-05-05"), domain.DefaultLatenessMinutesPerDay)
		if tally.Days != 3 || tally.Run != 3 || tally.LongestRun != 3 {
			t.Fatalf("tally %+v, want 3 days in a run of 3", tally)
		}
	})
	t.Run("a present day ends the run", func(t *testing.T) {
		tally := domain.TallyAbsences(ckAbsentDays(c, calOfficeWorker, "2026-01-05", "2026-01-09", "2026-01-07"), domain.DefaultLatenessMinutesPerDay)
		if tally.Days != 4 || tally.Run != 2 || tally.LongestRun != 2 {
			t.Fatalf("tally %+v", tally)
		}
	})
	t.Run("ten consecutive working days over two weekends and a holiday", func(t *testing.T) {
		// Mon 2026-04-27 to Mon 2026-05-11: 11 working days less Labour Day on Fri 1 May = 10.
		var tally domain.AbsenceTally
		var crossings []string
		for _, r := range ckAbsentDays(c, calOfficeWorker, "2026-04-27", "2026-05-11") {
			var crossed []domain.Sanction
			tally, crossed = tally.Add(r, domain.DefaultLatenessMinutesPerDay)
			for _, s := range crossed {
				crossings = append(crossings, r.Date.String()+" "+s.Code)
			}
		}
		want := []string{
			"2026-04-29 ORAL_REPRIMAND",
			"2026-04-30 WRITTEN_REPRIMAND",
			"2026-05-06 STATEMENT_OF_DISSATISFACTION",
			"2026-05-11 DISCHARGE",
		}
		if !slices.Equal(crossings, want) {
			t.Fatalf("crossings %v, want %v", crossings, want)
		}
		if tally.Days != 10 || tally.LongestRun != 10 || tally.Sanction(domain.DefaultLatenessMinutesPerDay).Level != domain.SanctionDischarge || !tally.Sanction(domain.DefaultLatenessMinutesPerDay).ByConsecutive {
			t.Fatalf("tally %+v, sanction %v", tally, tally.Sanction(domain.DefaultLatenessMinutesPerDay))
		}
		// Closing the same day again changes nothing and crosses nothing.
		again, crossed := tally.Add(domain.DayRecord{Date: domain.MustDate("2026-05-11"), Status: domain.DailyAbsent}, domain.DefaultLatenessMinutesPerDay)
		if again != tally || crossed != nil {
			t.Fatalf("re-added day: %+v, %v", again, crossed)
		}
	})
	t.Run("the year's total restarts, the run carries over", func(t *testing.T) {
		recs := ckAbsentDays(c, calOfficeWorker, "2025-12-22", "2025-12-31")                 // 8 weekdays (2025's holidays are not loaded)
		recs = append(recs, ckAbsentDays(c, calOfficeWorker, "2026-01-01", "2026-01-06")...) // New Year, then Fri 2, Mon 5, Tue 6
		tally := domain.TallyAbsences(recs, domain.DefaultLatenessMinutesPerDay)
		if tally.Year != 2026 || tally.Days != 3 || tally.Run != 11 || tally.LongestRun != 11 {
			t.Fatalf("tally %+v", tally)
		}
	})
}
