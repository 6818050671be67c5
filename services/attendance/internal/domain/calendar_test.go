package domain_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/services/attendance/internal/domain"
)

// The calendar fixture. Only the fixed-date holidays are real rules; the collective leave day
// and the Ramadan period below are test data standing in for a yearly decree, not the decree.
var (
	calFixtureCollective = domain.Holiday{Date: domain.MustDate("2026-12-24"), Name: "Cuti bersama Hari Raya Natal (fixture)", Kind: domain.CollectiveLeave}
	calFixtureRamadan    = domain.RamadanPeriod{From: domain.MustDate("2026-02-19"), To: domain.MustDate("2026-03-20")}
)

const calHospital = "RSUD-PIRNGADI"

var calShifts = map[string]domain.Shift{
	"P": {Code: "P", Start: domain.Clock(7, 0), Duration: 390, Break: 30},  // 07:00-14:00
	"S": {Code: "S", Start: domain.Clock(14, 0), Duration: 390, Break: 30}, // 14:00-21:00
	"M": {Code: "M", Start: domain.Clock(21, 0), Duration: 570, Break: 30}, // 21:00-07:00 the next day
}

func calFixture(t *testing.T) domain.Calendar {
	t.Helper()
	hol, err := domain.NewHolidays(append(domain.FixedNationalHolidays(2026), calFixtureCollective)...)
	if err != nil {
		t.Fatalf("NewHolidays: %v", err)
	}
	kecamatan := domain.FiveDayWeek("kecamatan", domain.Clock(8, 0), domain.NationalWeeklyWorkMinutes, 60, 90)
	c := domain.Calendar{
		Holidays: hol,
		Ramadan:  []domain.RamadanPeriod{calFixtureRamadan},
		Agencies: map[string]domain.AgencyHours{
			calHospital:         {Shifts: calShifts},
			"KECAMATAN-MEDAN-X": {Regular: &kecamatan},
		},
	}
	if err := c.Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	return c
}

var (
	calOfficeWorker = domain.EmployeeCalendar{Employee: "198609262015051001", Agency: "DISKOMINFO", TimeZone: domain.WIB}
	calNurseRoster  = domain.Roster{
		domain.MustDate("2026-05-01"): "P",   // a national holiday on a Friday: the hospital works
		domain.MustDate("2026-01-10"): "M",   // Saturday night
		domain.MustDate("2026-01-11"): "OFF", // Sunday off
		domain.MustDate("2026-01-12"): "X",   // a code the hospital does not have
		domain.MustDate("2026-03-02"): "S",   // Ramadan does not change a shift
		domain.MustDate("2026-12-24"): "M",   // collective leave day
		domain.MustDate("2026-12-25"): "M",
	}
	calNurse = domain.EmployeeCalendar{Employee: "199001012015052001", Agency: calHospital, TimeZone: domain.WIB, ShiftWorker: true, Roster: calNurseRoster}
)

// calViolation fails unless err is an *errs.Error of kind k with a violation of field.
func calViolation(t *testing.T, err error, k errs.Kind, field string) *errs.Error {
	t.Helper()
	e, ok := errs.As(err)
	if !ok {
		t.Fatalf("error %v is not an *errs.Error", err)
	}
	if e.Kind != k {
		t.Fatalf("error %v has kind %d, want %d", err, e.Kind, k)
	}
	for _, v := range e.Violations {
		if v.Field == field {
			return e
		}
	}
	t.Fatalf("error %v does not name %q", err, field)
	return nil
}

func TestPolicyDefaults(t *testing.T) {
	p := domain.DefaultPolicy()
	if p.GeofenceRadiusMeters != 100 || p.OutsideGeofence != domain.GeofenceFlag || p.OfflineUploadLimit != 72*time.Hour ||
		p.CollectiveLeaveReducesAnnual || !p.SecondApprovalForLongLeave {
		t.Fatalf("DefaultPolicy() = %+v", p)
	}
	if err := p.Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	tests := []struct {
		name  string
		edit  func(*domain.Policy)
		field string
	}{
		{"zero radius", func(p *domain.Policy) { p.GeofenceRadiusMeters = 0 }, "geofence_radius_meters"},
		{"unknown action", func(p *domain.Policy) { p.OutsideGeofence = "ignore" }, "outside_geofence"},
		{"no upload window", func(p *domain.Policy) { p.OfflineUploadLimit = 0 }, "offline_upload_limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := domain.DefaultPolicy()
			tt.edit(&p)
			calViolation(t, p.Validate(), errs.Invalid, tt.field)
		})
	}
}

func TestNationalSchedules(t *testing.T) {
	nat, ram := domain.NationalSchedule(), domain.NationalRamadanSchedule()
	if got := nat.WeeklyWorkMinutes(); got != 2250 || float64(got)/60 != 37.5 {
		t.Errorf("national week = %d min, want 2250 (37.5 h)", got)
	}
	if got := ram.WeeklyWorkMinutes(); got != 1950 || float64(got)/60 != 32.5 {
		t.Errorf("Ramadan week = %d min, want 1950 (32.5 h)", got)
	}
	tests := []struct {
		sched      domain.WorkSchedule
		day        time.Weekday
		start, end string
		work, brk  int
	}{
		{nat, time.Monday, "07:30", "16:00", 450, 60},
		{nat, time.Tuesday, "07:30", "16:00", 450, 60},
		{nat, time.Wednesday, "07:30", "16:00", 450, 60},
		{nat, time.Thursday, "07:30", "16:00", 450, 60},
		{nat, time.Friday, "07:30", "16:30", 450, 90},
		{nat, time.Saturday, "", "", 0, 0},
		{nat, time.Sunday, "", "", 0, 0},
		{ram, time.Monday, "08:00", "15:00", 390, 30},
		{ram, time.Thursday, "08:00", "15:00", 390, 30},
		{ram, time.Friday, "08:00", "15:30", 390, 60},
		{ram, time.Saturday, "", "", 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.sched.Name+"/"+tt.day.String(), func(t *testing.T) {
			h := tt.sched.Days[tt.day]
			if h.Work != tt.work || h.Break != tt.brk {
				t.Fatalf("%s: work %d break %d, want %d and %d", tt.day, h.Work, h.Break, tt.work, tt.brk)
			}
			if tt.work == 0 {
				if h.Working() {
					t.Fatalf("%s is a working day: %v", tt.day, h)
				}
				return
			}
			if got := domain.FormatClock(h.Start); got != tt.start {
				t.Errorf("start %s, want %s", got, tt.start)
			}
			if got := domain.FormatClock(h.End()); got != tt.end {
				t.Errorf("end %s, want %s", got, tt.end)
			}
		})
	}
	if err := nat.Validate(); err != nil {
		t.Errorf("national: %v", err)
	}
	if err := ram.Validate(); err != nil {
		t.Errorf("Ramadan: %v", err)
	}
}

func TestExpected(t *testing.T) {
	c := calFixture(t)
	kec := domain.EmployeeCalendar{Agency: "KECAMATAN-MEDAN-X", TimeZone: domain.WIB}
	tests := []struct {
		name       string
		emp        domain.EmployeeCalendar
		date       string
		working    bool
		reason     domain.DayReason
		start, end string // RFC 3339
		work       int
		holiday    string
		shift      string
	}{
		{"Monday", calOfficeWorker, "2026-01-05", true, domain.DayRegular, "2026-01-05T07:30:00+07:00", "2026-01-05T16:00:00+07:00", 450, "", ""},
		{"Thursday", calOfficeWorker, "2026-01-08", true, domain.DayRegular, "2026-01-08T07:30:00+07:00", "2026-01-08T16:00:00+07:00", 450, "", ""},
		{"Friday, longer break", calOfficeWorker, "2026-01-09", true, domain.DayRegular, "2026-01-09T07:30:00+07:00", "2026-01-09T16:30:00+07:00", 450, "", ""},
		{"Saturday", calOfficeWorker, "2026-01-10", false, domain.DayWeekend, "", "", 0, "", ""},
		{"Sunday", calOfficeWorker, "2026-01-11", false, domain.DayWeekend, "", "", 0, "", ""},
		{"New Year on a Thursday", calOfficeWorker, "2026-01-01", false, domain.DayNationalHoliday, "", "", 0, "Tahun Baru Masehi", ""},
		{"Labour Day on a Friday", calOfficeWorker, "2026-05-01", false, domain.DayNationalHoliday, "", "", 0, "Hari Buruh Internasional", ""},
		{"Independence Day on a Monday", calOfficeWorker, "2026-08-17", false, domain.DayNationalHoliday, "", "", 0, "Hari Proklamasi Kemerdekaan Republik Indonesia", ""},
		{"collective leave", calOfficeWorker, "2026-12-24", false, domain.DayCollectiveLeave, "", "", 0, calFixtureCollective.Name, ""},
		{"Ramadan Monday", calOfficeWorker, "2026-03-02", true, domain.DayRamadan, "2026-03-02T08:00:00+07:00", "2026-03-02T15:00:00+07:00", 390, "", ""},
		{"Ramadan Friday", calOfficeWorker, "2026-03-06", true, domain.DayRamadan, "2026-03-06T08:00:00+07:00", "2026-03-06T15:30:00+07:00", 390, "", ""},
		{"Ramadan's first day", calOfficeWorker, "2026-02-19", true, domain.DayRamadan, "2026-02-19T08:00:00+07:00", "2026-02-19T15:00:00+07:00", 390, "", ""},
		{"day before Ramadan", calOfficeWorker, "2026-02-18", true, domain.DayRegular, "2026-02-18T07:30:00+07:00", "2026-02-18T16:00:00+07:00", 450, "", ""},
		{"Ramadan Saturday", calOfficeWorker, "2026-03-07", false, domain.DayWeekend, "", "", 0, "", ""},
		{"agency's own schedule", kec, "2026-01-05", true, domain.DayRegular, "2026-01-05T08:00:00+07:00", "2026-01-05T16:30:00+07:00", 450, "", ""},
		{"agency's Ramadan defaults to national", kec, "2026-03-06", true, domain.DayRamadan, "2026-03-06T08:00:00+07:00", "2026-03-06T15:30:00+07:00", 390, "", ""},
		{"WITA office", domain.EmployeeCalendar{TimeZone: domain.WITA}, "2026-01-05", true, domain.DayRegular, "2026-01-04T23:30:00Z", "2026-01-05T08:00:00Z", 450, "", ""},
		{"WIT office", domain.EmployeeCalendar{TimeZone: domain.WIT}, "2026-01-05", true, domain.DayRegular, "2026-01-04T22:30:00Z", "2026-01-05T07:00:00Z", 450, "", ""},
		{"WIB office", domain.EmployeeCalendar{}, "2026-01-05", true, domain.DayRegular, "2026-01-05T00:30:00Z", "2026-01-05T09:00:00Z", 450, "", ""},
		{"shift on a holiday Friday", calNurse, "2026-05-01", true, domain.DayShift, "2026-05-01T07:00:00+07:00", "2026-05-01T14:00:00+07:00", 390, "Hari Buruh Internasional", "P"},
		{"night shift crosses midnight", calNurse, "2026-01-10", true, domain.DayShift, "2026-01-10T21:00:00+07:00", "2026-01-11T07:00:00+07:00", 570, "", "M"},
		{"night shift on collective leave", calNurse, "2026-12-24", true, domain.DayShift, "2026-12-24T21:00:00+07:00", "2026-12-25T07:00:00+07:00", 570, calFixtureCollective.Name, "M"},
		{"shift in Ramadan keeps its hours", calNurse, "2026-03-02", true, domain.DayShift, "2026-03-02T14:00:00+07:00", "2026-03-02T21:00:00+07:00", 390, "", "S"},
		{"roster off", calNurse, "2026-01-11", false, domain.DayRosterOff, "", "", 0, "", ""},
		{"not rostered weekday", calNurse, "2026-01-05", false, domain.DayNotRostered, "", "", 0, "", ""},
		{"unknown shift", calNurse, "2026-01-12", false, domain.DayUnknownShift, "", "", 0, "", "X"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := c.Expected(tt.emp, domain.MustDate(tt.date))
			if e.Date != domain.MustDate(tt.date) || e.Working != tt.working || e.Reason != tt.reason || e.WorkMinutes != tt.work ||
				e.Holiday != tt.holiday || e.Shift != tt.shift {
				t.Fatalf("Expected(%s) = %+v, want working %v reason %s work %d holiday %q shift %q",
					tt.date, e, tt.working, tt.reason, tt.work, tt.holiday, tt.shift)
			}
			if !tt.working {
				if !e.Start.IsZero() || !e.End.IsZero() {
					t.Fatalf("non-working day has times %v-%v", e.Start, e.End)
				}
				return
			}
			for _, x := range []struct {
				what string
				got  time.Time
				want string
			}{{"start", e.Start, tt.start}, {"end", e.End, tt.end}} {
				want, err := time.Parse(time.RFC3339, x.want)
				if err != nil {
					t.Fatal(err)
				}
				if !x.got.Equal(want) {
					t.Errorf("%s = %s, want %s", x.what, x.got.Format(time.RFC3339), x.want)
				}
				if x.got.Location() != tt.emp.TimeZone.Location() {
					t.Errorf("%s is in %v, want the office's zone %v", x.what, x.got.Location(), tt.emp.TimeZone.Location())
				}
			}
		})
	}
}

func TestExpectedAtNightShift(t *testing.T) {
	c := calFixture(t)
	nurse := calNurse
	nurse.Roster = domain.Roster{
		domain.MustDate("2026-01-10"): "M",
		domain.MustDate("2026-01-11"): "M",
		domain.MustDate("2026-01-12"): "OFF",
		domain.MustDate("2026-01-14"): "P",
	}
	loc := domain.WIB.Location()
	tests := []struct {
		name string
		at   time.Time
		kind domain.CheckKind
		want string // the date of the expectation
	}{
		{"check-in of Saturday's night shift", time.Date(2026, 1, 10, 20, 55, 0, 0, loc), domain.CheckKindIn, "2026-01-10"},
		{"late check-in after midnight", time.Date(2026, 1, 11, 0, 30, 0, 0, loc), domain.CheckKindIn, "2026-01-10"},
		{"check-out next morning", time.Date(2026, 1, 11, 6, 50, 0, 0, loc), domain.CheckKindOut, "2026-01-10"},
		{"check-in of Sunday's night shift", time.Date(2026, 1, 11, 20, 58, 0, 0, loc), domain.CheckKindIn, "2026-01-11"},
		{"check-out of Sunday's shift on a day off", time.Date(2026, 1, 12, 7, 10, 0, 0, loc), domain.CheckKindOut, "2026-01-11"},
		{"stray evening check-in on the day off", time.Date(2026, 1, 12, 19, 0, 0, 0, loc), domain.CheckKindIn, "2026-01-12"},
		{"day shift, no night before", time.Date(2026, 1, 14, 7, 2, 0, 0, loc), domain.CheckKindIn, "2026-01-14"},
		{"same instant seen from UTC", time.Date(2026, 1, 10, 23, 50, 0, 0, time.UTC), domain.CheckKindOut, "2026-01-10"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := c.ExpectedAt(nurse, tt.at, tt.kind).Date; got != domain.MustDate(tt.want) {
				t.Fatalf("ExpectedAt(%s, %s) is for %s, want %s", tt.at.Format(time.RFC3339), tt.kind, got, tt.want)
			}
		})
	}
	// An office worker's check-in belongs to its own date.
	if got := c.ExpectedAt(calOfficeWorker, time.Date(2026, 1, 5, 7, 20, 0, 0, loc), domain.CheckKindIn).Date; got != domain.MustDate("2026-01-05") {
		t.Fatalf("office worker's check-in is for %s", got)
	}
}

func TestWorkingDaysBetween(t *testing.T) {
	c := calFixture(t)
	tests := []struct {
		name     string
		emp      domain.EmployeeCalendar
		from, to string
		want     int
	}{
		{"January 2026: 22 weekdays less New Year", calOfficeWorker, "2026-01-01", "2026-01-31", 21},
		{"a week with Labour Day on Friday", calOfficeWorker, "2026-04-27", "2026-05-03", 4},
		{"Christmas week with collective leave", calOfficeWorker, "2026-12-21", "2026-12-27", 3},
		{"one working day", calOfficeWorker, "2026-01-05", "2026-01-05", 1},
		{"a weekend", calOfficeWorker, "2026-01-10", "2026-01-11", 0},
		{"a Ramadan week counts the same", calOfficeWorker, "2026-03-02", "2026-03-08", 5},
		{"to before from", calOfficeWorker, "2026-01-09", "2026-01-05", 0},
		{"across the year", calOfficeWorker, "2025-12-29", "2026-01-02", 4},
		{"shift worker: rostered shifts only", calNurse, "2026-01-10", "2026-01-12", 1},
		{"shift worker works the holidays", calNurse, "2026-12-24", "2026-12-25", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			from, to := domain.MustDate(tt.from), domain.MustDate(tt.to)
			if got := c.WorkingDaysBetween(tt.emp, from, to); got != tt.want {
				t.Fatalf("WorkingDaysBetween(%s, %s) = %d, want %d", tt.from, tt.to, got, tt.want)
			}
			if got := len(c.WorkingDates(tt.emp, from, to)); got != tt.want {
				t.Fatalf("WorkingDates(%s, %s) has %d dates, want %d", tt.from, tt.to, got, tt.want)
			}
		})
	}
}

func TestFixedNationalHolidays(t *testing.T) {
	tests := []struct {
		year int
		want []string
	}{
		{2026, []string{"2026-01-01", "2026-05-01", "2026-06-01", "2026-08-17", "2026-12-25"}},
		{2016, []string{"2016-01-01", "2016-05-01", "2016-08-17", "2016-12-25"}}, // before Hari Lahir Pancasila
		{2013, []string{"2013-01-01", "2013-08-17", "2013-12-25"}},               // before Hari Buruh
	}
	for _, tt := range tests {
		var got []string
		for _, h := range domain.FixedNationalHolidays(tt.year) {
			if err := h.Validate(); err != nil || h.Kind != domain.NationalHoliday {
				t.Errorf("%+v: %v", h, err)
			}
			got = append(got, h.Date.String())
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("FixedNationalHolidays(%d) = %v, want %v", tt.year, got, tt.want)
		}
	}
}

func TestHolidaysSet(t *testing.T) {
	nyepi := domain.Holiday{Date: domain.MustDate("2026-03-19"), Name: "Hari Suci Nyepi (fixture)", Kind: domain.NationalHoliday}
	sameDay := domain.Holiday{Date: nyepi.Date, Name: "Another holiday (fixture)", Kind: domain.NationalHoliday}
	collective := domain.Holiday{Date: nyepi.Date, Name: "Cuti bersama (fixture)", Kind: domain.CollectiveLeave}
	h, err := domain.NewHolidays(collective, nyepi, sameDay, nyepi)
	if err != nil {
		t.Fatal(err)
	}
	got, ok := h.On(nyepi.Date)
	if !ok || got.Kind != domain.NationalHoliday || got.Name != "Hari Suci Nyepi (fixture) / Another holiday (fixture)" {
		t.Fatalf("merged = %+v", got)
	}

	h, err = domain.NewHolidays(append(domain.FixedNationalHolidays(2025), domain.FixedNationalHolidays(2026)...)...)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(h.Years(), []int{2025, 2026}) || h.Len() != 10 {
		t.Fatalf("years %v, len %d", h.Years(), h.Len())
	}
	// Loading 2026's decree replaces 2026 and leaves 2025 alone; the receiver is unchanged.
	h2, err := h.ReplaceYear(2026, []domain.Holiday{nyepi, calFixtureCollective})
	if err != nil {
		t.Fatal(err)
	}
	if len(h2.Year(2026)) != 2 || len(h2.Year(2025)) != 5 || len(h.Year(2026)) != 5 {
		t.Fatalf("after ReplaceYear: 2026 %v, 2025 %v, old 2026 %v", h2.Year(2026), h2.Year(2025), h.Year(2026))
	}
	if _, ok := h2.On(domain.MustDate("2026-01-01")); ok {
		t.Fatal("2026-01-01 survived the replacement")
	}
	between := h2.Between(domain.MustDate("2025-12-01"), domain.MustDate("2026-12-31"))
	if len(between) != 3 || between[0].Date != domain.MustDate("2025-12-25") || between[2].Kind != domain.CollectiveLeave {
		t.Fatalf("Between = %v", between)
	}

	_, err = h.ReplaceYear(2027, []domain.Holiday{domain.FixedNationalHolidays(2027)[0], nyepi})
	calViolation(t, err, errs.Invalid, "holidays[1].date")
	_, err = domain.NewHolidays(domain.Holiday{Date: domain.MustDate("2026-01-01"), Name: " ", Kind: "religious"})
	calViolation(t, err, errs.Invalid, "holidays[0].name")
	calViolation(t, err, errs.Invalid, "holidays[0].kind")
	_, err = domain.NewHolidays(domain.Holiday{Date: domain.Date{Year: 2026, Month: time.February, Day: 30}, Name: "x", Kind: domain.NationalHoliday})
	calViolation(t, err, errs.Invalid, "holidays[0].date")
}

func TestParseHolidaysCSV(t *testing.T) {
	good := "\ufeffDate,Kind,Name,Notes\n" +
		"2026-01-01,national,Tahun Baru Masehi,\n" +
		"\n" +
		"2026-03-23, collective ,\"Cuti bersama Idul Fitri, hari pertama (fixture)\",from the SKB\n"
	got, err := domain.ParseHolidaysCSV(strings.NewReader(good))
	if err != nil {
		t.Fatalf("ParseHolidaysCSV: %v", err)
	}
	want := []domain.Holiday{
		{Date: domain.MustDate("2026-01-01"), Name: "Tahun Baru Masehi", Kind: domain.NationalHoliday},
		{Date: domain.MustDate("2026-03-23"), Name: "Cuti bersama Idul Fitri, hari pertama (fixture)", Kind: domain.CollectiveLeave},
	}
	if !slices.Equal(got, want) {
		t.Fatalf("got %+v, want %+v", got, want)
	}

	const header = "date,name,kind\n"
	tests := []struct {
		name  string
		csv   string
		field string
	}{
		{"empty file", "", "line 1"},
		{"no header", "2026-01-01,Tahun Baru Masehi,national\n", "line 1"},
		{"missing kind column", "date,name\n2026-01-01,x\n", "line 1"},
		{"bad date on line 3", header + "2026-01-01,Tahun Baru Masehi,national\n2026-13-01,Bad,national\n", "line 3, column 1 (date)"},
		{"bad kind on line 2", header + "2026-05-01,Hari Buruh,religious\n", "line 2, column 3 (kind)"},
		{"empty name", header + "2026-05-01,,national\n", "line 2, column 2 (name)"},
		{"short row", header + "2026-05-01,Hari Buruh\n", "line 2, column 3 (kind)"},
		{"a blank line does not shift the count", header + "\n2026-05-01,Hari Buruh,national\n2026-06-31,x,national\n", "line 4, column 1 (date)"},
		{"bare quote", header + "2026-05-01,Hari \"Buruh,national\n", "line 2, column 17"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := domain.ParseHolidaysCSV(strings.NewReader(tt.csv))
			if got != nil {
				t.Errorf("returned holidays %v with an error", got)
			}
			calViolation(t, err, errs.Invalid, tt.field)
		})
	}
}

func TestParseHolidaysJSON(t *testing.T) {
	for _, in := range []string{
		`[{"date": "2026-01-01", "name": "Tahun Baru Masehi", "kind": "national"}, {"date": "2026-03-23", "name": "Cuti bersama (fixture)", "kind": "collective"}]`,
		`{"holidays": [{"date": "2026-01-01", "name": "Tahun Baru Masehi", "kind": "national"}, {"date": "2026-03-23", "name": "Cuti bersama (fixture)", "kind": "COLLECTIVE"}]}`,
	} {
		got, err := domain.ParseHolidaysJSON(strings.NewReader(in))
		if err != nil {
			t.Fatalf("ParseHolidaysJSON: %v", err)
		}
		if len(got) != 2 || got[0].Date != domain.MustDate("2026-01-01") || got[1].Kind != domain.CollectiveLeave {
			t.Fatalf("got %+v", got)
		}
	}
	tests := []struct {
		name, json, field string
	}{
		{"bad date", `[{"date": "2026-01-01", "name": "a", "kind": "national"}, {"date": "01/05/2026", "name": "b", "kind": "national"}]`, "holidays[1].date"},
		{"bad kind", `[{"date": "2026-01-01", "name": "a", "kind": "cuti"}]`, "holidays[0].kind"},
		{"missing name", `[{"date": "2026-01-01", "kind": "national"}]`, "holidays[0].name"},
		{"unknown field", `[{"date": "2026-01-01", "name": "a", "kind": "national", "region": "x"}]`, "holidays"},
		{"not JSON", `date,name,kind`, "holidays"},
		{"trailing data", `[] []`, "holidays"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := domain.ParseHolidaysJSON(strings.NewReader(tt.json))
			calViolation(t, err, errs.Invalid, tt.field)
		})
	}
}

func TestTimeZones(t *testing.T) {
	tests := []struct {
		in     string
		want   domain.TimeZone
		iana   string
		offset time.Duration
	}{
		{"WIB", domain.WIB, "Asia/Jakarta", 7 * time.Hour},
		{"wita", domain.WITA, "Asia/Makassar", 8 * time.Hour},
		{" WIT ", domain.WIT, "Asia/Jayapura", 9 * time.Hour},
		{"Asia/Makassar", domain.WITA, "Asia/Makassar", 8 * time.Hour},
	}
	for _, tt := range tests {
		z, err := domain.ParseTimeZone(tt.in)
		if err != nil || z != tt.want {
			t.Fatalf("ParseTimeZone(%q) = %q, %v", tt.in, z, err)
		}
		if z.IANA() != tt.iana || z.UTCOffset() != tt.offset || z.Location().String() != tt.iana {
			t.Errorf("%s: IANA %s, offset %s, location %s", z, z.IANA(), z.UTCOffset(), z.Location())
		}
		_, off := time.Date(2026, 1, 5, 7, 30, 0, 0, z.Location()).Zone()
		if time.Duration(off)*time.Second != tt.offset {
			t.Errorf("%s: zone offset %d s", z, off)
		}
	}
	var zero domain.TimeZone
	if !zero.Valid() || zero.Location() != domain.WIB.Location() || zero.String() != "WIB" {
		t.Errorf("the zero TimeZone is not WIB")
	}
	_, err := domain.ParseTimeZone("UTC+7")
	calViolation(t, err, errs.Invalid, "time_zone")
	if domain.TimeZone("CET").Valid() {
		t.Error("CET is valid")
	}
}

func TestCalendarValidate(t *testing.T) {
	bad := map[string]domain.Shift{
		"M": {Code: "M", Start: domain.Clock(21, 0), Duration: 1430, Break: 30},
		"Z": {Code: "Y", Start: -1, Duration: 0},
		"O": {Code: "OFF", Start: 0, Duration: 60},
	}
	long := domain.FiveDayWeek("too long", domain.Clock(8, 0), 5*960, 60, 60)
	c := domain.Calendar{
		Ramadan:  []domain.RamadanPeriod{{From: domain.MustDate("2026-02-19"), To: domain.MustDate("2026-03-21")}, {From: domain.MustDate("2026-03-01"), To: domain.MustDate("2026-02-01")}},
		Agencies: map[string]domain.AgencyHours{"RS": {Shifts: bad, Regular: &long}},
	}
	err := c.Validate()
	for _, f := range []string{
		"ramadan[0].to", "ramadan[1].to",
		"agencies[RS].shifts[M].duration", "agencies[RS].shifts[Z].start", "agencies[RS].shifts[Z].duration",
		"agencies[RS].shifts[Z].code", "agencies[RS].shifts[O].code", "agencies[RS].regular.days[1].work",
	} {
		calViolation(t, err, errs.Invalid, f)
	}
	good := calFixture(t)
	if err := good.ValidateRoster(calHospital, domain.Roster{domain.MustDate("2026-01-10"): "M", domain.MustDate("2026-01-11"): "OFF"}); err != nil {
		t.Fatalf("ValidateRoster: %v", err)
	}
	calViolation(t, good.ValidateRoster(calHospital, calNurseRoster), errs.Invalid, "roster[2026-01-12]")
}
