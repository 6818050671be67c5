package domain_test

import (
	"slices"
	"testing"

	"github.com/simpeg-id/simpeg/services/attendance/internal/domain"
)

// TestLatenessConversion: every 450 minutes of late arrival and early departure in a year count
// as one day of unexcused absence (Peraturan BKN 6/2022), added to the absent days before the
// PP 94/2021 thresholds are compared; the policy may change the minutes or disable it (0).
func TestLatenessConversion(t *testing.T) {
	present := func(date string, late, early int) domain.DayRecord {
		return domain.DayRecord{Date: domain.MustDate(date), Status: domain.DailyPresent, LateMinutes: late, EarlyMinutes: early}
	}
	absent := func(date string) domain.DayRecord {
		return domain.DayRecord{Date: domain.MustDate(date), Status: domain.DailyAbsent}
	}
	tests := []struct {
		name                      string
		perDay                    int
		records                   []domain.DayRecord
		minutes, converted, total int
		run                       int
		crossed                   []string
	}{
		{name: "449 minutes are no day", perDay: 450,
			records: []domain.DayRecord{absent("2026-03-02"), absent("2026-03-03"), present("2026-03-04", 400, 49)},
			minutes: 449, converted: 0, total: 2, run: 0},
		{name: "450 minutes are a day and reach the oral reprimand with 2 absent days", perDay: 450,
			records: []domain.DayRecord{absent("2026-03-02"), absent("2026-03-03"), present("2026-03-04", 400, 50)},
			minutes: 450, converted: 1, total: 3, run: 0, crossed: []string{"ORAL_REPRIMAND"}},
		{name: "lateness alone: 1,350 minutes are 3 days", perDay: 450,
			records: []domain.DayRecord{present("2026-03-02", 500, 0), present("2026-03-03", 0, 500), present("2026-03-04", 350, 0)},
			minutes: 1350, converted: 3, total: 3, crossed: []string{"ORAL_REPRIMAND"}},
		{name: "leave and holidays add no minutes", perDay: 450,
			records: []domain.DayRecord{{Date: domain.MustDate("2026-03-02"), Status: domain.DailyOnLeave, LateMinutes: 900},
				{Date: domain.MustDate("2026-03-07"), Status: domain.DailyHoliday, EarlyMinutes: 900}},
			minutes: 0},
		{name: "a policy of 60 minutes", perDay: 60,
			records: []domain.DayRecord{present("2026-03-02", 100, 100)},
			minutes: 200, converted: 3, total: 3, crossed: []string{"ORAL_REPRIMAND"}},
		{name: "0 disables the conversion", perDay: 0,
			records: []domain.DayRecord{present("2026-03-02", 5000, 0)},
			minutes: 5000, converted: 0, total: 0},
		{name: "converted days do not lengthen the run", perDay: 450,
			records: []domain.DayRecord{absent("2026-03-02"), present("2026-03-03", 900, 0), absent("2026-03-04")},
			minutes: 900, converted: 2, total: 4, run: 1, crossed: []string{"ORAL_REPRIMAND", "WRITTEN_REPRIMAND"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var (
				tally   domain.AbsenceTally
				crossed []string
			)
			for _, r := range tt.records {
				var cs []domain.Sanction
				tally, cs = tally.Add(r, tt.perDay)
				for _, s := range cs {
					crossed = append(crossed, s.Code)
				}
			}
			if tally.LatenessMinutes != tt.minutes || tally.ConvertedDays(tt.perDay) != tt.converted || tally.Total(tt.perDay) != tt.total || tally.Run != tt.run {
				t.Errorf("tally %+v: %d minutes, %d converted, %d total, run %d; want %d, %d, %d, run %d", tally, tally.LatenessMinutes,
					tally.ConvertedDays(tt.perDay), tally.Total(tt.perDay), tally.Run, tt.minutes, tt.converted, tt.total, tt.run)
			}
			if !slices.Equal(crossed, tt.crossed) {
				t.Errorf("crossed %v, want %v", crossed, tt.crossed)
			}
			if got := domain.TallyAbsences(tt.records, tt.perDay); got != tally {
				t.Errorf("TallyAbsences = %+v, want %+v", got, tally)
			}
		})
	}
}

// TestPolicyLatenessValidate: the minutes per day are 0 (disabled) to a day and night.
func TestPolicyLatenessValidate(t *testing.T) {
	for _, tt := range []struct {
		minutes int
		ok      bool
	}{{0, true}, {450, true}, {1440, true}, {-1, false}, {1441, false}} {
		p := domain.DefaultPolicy()
		p.LatenessMinutesPerDay = tt.minutes
		if err := p.Validate(); (err == nil) != tt.ok {
			t.Errorf("LatenessMinutesPerDay %d: Validate = %v, want ok %v", tt.minutes, err, tt.ok)
		}
	}
}
