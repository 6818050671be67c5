package domain

import (
	"fmt"
	"strings"
	"time"

	"github.com/simpeg-id/simpeg/platform/errs"
)

// The working calendar answers one question for every part of the service (check-in, leave
// counting, the daily status, reports): is this date a working day for this employee, and from
// when to when? See Calendar.Expected.
//
// Times of day are minutes after midnight in the office's local time (Clock(7, 30) is 450),
// and lengths are minutes, so that schedules are plain data that city HR can edit.

// MinutesPerDay is the number of minutes in a day.
const MinutesPerDay = 24 * 60

// Clock returns the time of day h:m as minutes after midnight: Clock(7, 30) == 450.
func Clock(h, m int) int { return h*60 + m }

// FormatClock formats minutes after midnight as HH:MM; 1440 and beyond wrap to the next day
// and are marked "+1", e.g. "07:00+1".
func FormatClock(min int) string {
	s := fmt.Sprintf("%02d:%02d", (min%MinutesPerDay)/60, min%60)
	if days := min / MinutesPerDay; days > 0 {
		s += fmt.Sprintf("+%d", days)
	}
	return s
}

// DayHours are one weekday's hours in a WorkSchedule. A day with no Work is not a working day.
type DayHours struct {
	// Start is when work starts, in minutes after local midnight.
	Start int
	// Work is the minutes of work, excluding the break.
	Work int
	// Break is the minutes of break within the day.
	Break int
}

// Working reports whether the day has hours.
func (h DayHours) Working() bool { return h.Work > 0 }

// End is when work ends, in minutes after local midnight: Start + Work + Break.
func (h DayHours) End() int { return h.Start + h.Work + h.Break }

func (h DayHours) String() string {
	if !h.Working() {
		return "off"
	}
	return fmt.Sprintf("%s-%s (%d min work, %d min break)", FormatClock(h.Start), FormatClock(h.End()), h.Work, h.Break)
}

// WorkSchedule is an agency's regular week: the hours of each weekday, indexed by
// time.Weekday (Days[time.Monday] is Monday). Day schedules end by midnight; work that crosses
// midnight is a Shift.
type WorkSchedule struct {
	Name string
	Days [7]DayHours
}

// FiveDayWeek builds a Monday-to-Friday schedule from the weekly total of work: each day has
// weeklyWorkMinutes/5 minutes of work starting at start, plus a break of breakMonThu minutes
// on Monday to Thursday and breakFri on Friday; Saturday and Sunday are off.
func FiveDayWeek(name string, start, weeklyWorkMinutes, breakMonThu, breakFri int) WorkSchedule {
	s := WorkSchedule{Name: name}
	daily := weeklyWorkMinutes / 5
	for wd := time.Monday; wd <= time.Thursday; wd++ {
		s.Days[wd] = DayHours{Start: start, Work: daily, Break: breakMonThu}
	}
	s.Days[time.Friday] = DayHours{Start: start, Work: daily, Break: breakFri}
	return s
}

// The national working hours.
const (
	// NationalWeeklyWorkMinutes is 37.5 hours a week of work, breaks excluded (Perpres 21/2023).
	NationalWeeklyWorkMinutes = 37*60 + 30
	// RamadanWeeklyWorkMinutes is 32.5 hours a week of work during Ramadan.
	RamadanWeeklyWorkMinutes = 32*60 + 30
)

// NationalSchedule returns the national working hours of Perpres 21/2023: Monday to Friday,
// starting 07:30 local time, 37.5 hours a week of work excluding breaks, so 7.5 hours a day;
// with a 60-minute break Monday to Thursday (07:30-16:00) and 90 minutes on Friday
// (07:30-16:30).
func NationalSchedule() WorkSchedule {
	return FiveDayWeek("national", Clock(7, 30), NationalWeeklyWorkMinutes, 60, 90)
}

// NationalRamadanSchedule returns the national hours during Ramadan: Monday to Friday,
// starting 08:00, 32.5 hours a week of work, so 6.5 hours a day.
//
// Assumption: DOMAIN.md gives the weekly total and the start but not the break lengths. We take
// 30 minutes Monday to Thursday (08:00-15:00) and 60 minutes on Friday (08:00-15:30), the
// pattern of the yearly Ramadan circulars of the Ministry of Administrative and Bureaucratic
// Reform. It is data: a deployment or agency sets its own with AgencyHours.Ramadan.
func NationalRamadanSchedule() WorkSchedule {
	return FiveDayWeek("national-ramadan", Clock(8, 0), RamadanWeeklyWorkMinutes, 30, 60)
}

// WeeklyWorkMinutes returns the minutes of work in the week, breaks excluded.
func (s WorkSchedule) WeeklyWorkMinutes() int {
	n := 0
	for _, d := range s.Days {
		n += d.Work
	}
	return n
}

// Validate checks the schedule, naming fields like days[1].start (Monday).
func (s WorkSchedule) Validate() error {
	var v errs.Violations
	s.validate(&v, "")
	return v.Err()
}

func (s WorkSchedule) validate(v *errs.Violations, prefix string) {
	for wd, d := range s.Days {
		p := fmt.Sprintf("%sdays[%d]", prefix, wd)
		switch {
		case d.Start < 0 || d.Start >= MinutesPerDay:
			v.Add(p+".start", "must be a time of day, 0 to %d minutes after midnight, got %d", MinutesPerDay-1, d.Start)
		case d.Work < 0:
			v.Add(p+".work", "must not be negative, got %d", d.Work)
		case d.Break < 0:
			v.Add(p+".break", "must not be negative, got %d", d.Break)
		case d.Work == 0 && d.Break > 0:
			v.Add(p+".break", "must be 0 on a day without work (%s)", time.Weekday(wd))
		case d.End() > MinutesPerDay:
			v.Add(p+".work", "the day (%s) must end by midnight; use a shift for work that crosses it", time.Weekday(wd))
		}
	}
	if s.WeeklyWorkMinutes() == 0 {
		v.Add(prefix+"days", "at least one day must have work")
	}
}

// RamadanPeriod is the span of Ramadan in a year, inclusive; on its working days the Ramadan
// schedule applies. Ramadan follows the Islamic calendar, so its dates are data from the
// government's yearly announcement, never computed here. A Gregorian year can hold parts of two
// Ramadans (2030 does), hence a list rather than one period per year.
type RamadanPeriod struct {
	From, To Date
}

// Contains reports whether d is in the period.
func (r RamadanPeriod) Contains(d Date) bool { return !d.Before(r.From) && !d.After(r.To) }

// Validate checks that the period runs forward and lasts 1 to 30 days.
func (r RamadanPeriod) Validate() error {
	var v errs.Violations
	r.validate(&v, "")
	return v.Err()
}

func (r RamadanPeriod) validate(v *errs.Violations, prefix string) {
	switch {
	case r.From.IsZero():
		v.Add(prefix+"from", "is required")
	case r.To.IsZero():
		v.Add(prefix+"to", "is required")
	case r.To.Before(r.From):
		v.Add(prefix+"to", "must not be before from (%s), got %s", r.From, r.To)
	case r.From.DaysUntil(r.To) >= 30:
		v.Add(prefix+"to", "Ramadan lasts 29 or 30 days; %s to %s is %d", r.From, r.To, r.From.DaysUntil(r.To)+1)
	}
}

// Shift is one shift pattern of an agency that runs shifts (a hospital), e.g. P 07:00-14:00,
// S 14:00-21:00, M 21:00-07:00. A shift may cross midnight: it belongs to the date it starts on
// and ends the next day.
type Shift struct {
	// Code names the shift in the roster, e.g. "P" (pagi), "S" (siang), "M" (malam).
	Code string
	// Start is when the shift starts, in minutes after local midnight.
	Start int
	// Duration is the minutes of work, excluding Break; the shift lasts Duration + Break.
	Duration int
	// Break is the minutes of break within the shift.
	Break int
}

// Span returns how long the shift lasts, break included.
func (s Shift) Span() int { return s.Duration + s.Break }

// CrossesMidnight reports whether the shift ends on the next day.
func (s Shift) CrossesMidnight() bool { return s.Start+s.Span() > MinutesPerDay }

func (s Shift) validate(v *errs.Violations, prefix string) {
	code := strings.TrimSpace(s.Code)
	switch {
	case code == "":
		v.Add(prefix+"code", "is required")
	case code != s.Code || len(code) > 16:
		v.Add(prefix+"code", "must be 1 to 16 characters without surrounding spaces, got %q", s.Code)
	case strings.EqualFold(code, RosterOff):
		v.Add(prefix+"code", "%q is reserved for a day off in the roster", RosterOff)
	}
	if s.Start < 0 || s.Start >= MinutesPerDay {
		v.Add(prefix+"start", "must be a time of day, 0 to %d minutes after midnight, got %d", MinutesPerDay-1, s.Start)
	}
	if s.Duration <= 0 {
		v.Add(prefix+"duration", "must be more than 0 minutes, got %d", s.Duration)
	}
	if s.Break < 0 {
		v.Add(prefix+"break", "must not be negative, got %d", s.Break)
	}
	if s.Duration > 0 && s.Break >= 0 && s.Span() > MinutesPerDay {
		v.Add(prefix+"duration", "a shift lasts at most 24 hours including its break, got %d minutes", s.Span())
	}
}

// RosterOff marks a rostered day off.
const RosterOff = "OFF"

// Roster assigns a shift worker a shift code per date, or RosterOff. A date missing from the
// roster is "not rostered": not a working day, reported as such (DayNotRostered) so that an
// unplanned day is visible rather than counted as an absence.
type Roster map[Date]string

// AgencyHours are an agency's working hours. Nil schedules mean the national ones.
type AgencyHours struct {
	// Regular is the agency's week; nil is NationalSchedule.
	Regular *WorkSchedule
	// Ramadan is the agency's week during Ramadan; nil is NationalRamadanSchedule.
	Ramadan *WorkSchedule
	// Shifts are the agency's shift patterns by code, for its shift workers.
	Shifts map[string]Shift
}

func (a AgencyHours) regular() WorkSchedule {
	if a.Regular != nil {
		return *a.Regular
	}
	return NationalSchedule()
}

func (a AgencyHours) ramadan() WorkSchedule {
	if a.Ramadan != nil {
		return *a.Ramadan
	}
	return NationalRamadanSchedule()
}

// Calendar is the working calendar of the deployment: the holidays and collective leave days,
// the Ramadan periods, and each agency's hours and shift patterns. It is read-only once built
// and safe to share between goroutines; a change builds a new Calendar.
type Calendar struct {
	Holidays Holidays
	Ramadan  []RamadanPeriod
	// Agencies holds the hours of agencies that differ from the national ones, by agency code;
	// an agency missing here follows the national schedules.
	Agencies map[string]AgencyHours
}

// Validate checks the Ramadan periods and every agency's schedules and shifts.
func (c Calendar) Validate() error {
	var v errs.Violations
	for i, r := range c.Ramadan {
		r.validate(&v, fmt.Sprintf("ramadan[%d].", i))
	}
	for code, a := range c.Agencies {
		p := fmt.Sprintf("agencies[%s].", code)
		if a.Regular != nil {
			a.Regular.validate(&v, p+"regular.")
		}
		if a.Ramadan != nil {
			a.Ramadan.validate(&v, p+"ramadan.")
		}
		for key, s := range a.Shifts {
			s.validate(&v, fmt.Sprintf("%sshifts[%s].", p, key))
			if key != s.Code {
				v.Add(fmt.Sprintf("%sshifts[%s].code", p, key), "must equal its key %q, got %q", key, s.Code)
			}
		}
	}
	return v.Err()
}

// ValidateRoster checks that every code in r is RosterOff or one of the agency's shifts.
func (c Calendar) ValidateRoster(agency string, r Roster) error {
	var v errs.Violations
	shifts := c.Agencies[agency].Shifts
	for d, code := range r {
		if _, ok := shifts[code]; !ok && code != RosterOff {
			v.Add(fmt.Sprintf("roster[%s]", d), "must be %q or a shift of agency %s, got %q", RosterOff, agency, code)
		}
	}
	return v.Err()
}

// InRamadan reports whether d falls in a Ramadan period.
func (c Calendar) InRamadan(d Date) bool {
	for _, r := range c.Ramadan {
		if r.Contains(d) {
			return true
		}
	}
	return false
}

// EmployeeCalendar is what the calendar needs to know about an employee.
type EmployeeCalendar struct {
	// Employee identifies the employee (the NIP); informational.
	Employee string
	// Agency is the code of the employee's agency, whose hours apply.
	Agency string
	// Office is the ID of the office the employee checks in at; informational.
	Office string
	// TimeZone is the office's zone; Expectation times are in it.
	TimeZone TimeZone
	// ShiftWorker says that the roster, not the weekly schedule, sets the employee's days.
	ShiftWorker bool
	// Roster is the shift worker's roster; ignored unless ShiftWorker.
	Roster Roster
}

// DayReason says why a date is, or is not, a working day for an employee.
type DayReason string

// The reasons. The first three are working days.
const (
	// DayRegular: a working day on the agency's regular schedule.
	DayRegular DayReason = "regular"
	// DayRamadan: a working day on the Ramadan schedule.
	DayRamadan DayReason = "ramadan"
	// DayShift: a rostered shift.
	DayShift DayReason = "shift"
	// DayWeekend: the schedule has no hours on this weekday.
	DayWeekend DayReason = "weekend"
	// DayNationalHoliday: a national holiday.
	DayNationalHoliday DayReason = "national_holiday"
	// DayCollectiveLeave: a collective leave day (cuti bersama).
	DayCollectiveLeave DayReason = "collective_leave"
	// DayRosterOff: the shift worker's roster says off.
	DayRosterOff DayReason = "roster_off"
	// DayNotRostered: the shift worker has no roster entry for the date.
	DayNotRostered DayReason = "not_rostered"
	// DayUnknownShift: the roster names a shift the agency does not have (a data error that
	// ValidateRoster catches; reported rather than guessed).
	DayUnknownShift DayReason = "unknown_shift"
)

// Expectation is what is expected of an employee on a date.
type Expectation struct {
	Date    Date
	Working bool
	Reason  DayReason
	// Holiday is the name of the holiday or collective leave day on the date, if any, also when
	// a shift worker works it.
	Holiday string
	// Start and End are the expected start and end of work, in the office's zone; zero when
	// not Working. For a night shift End is on the next day.
	Start, End time.Time
	// WorkMinutes and BreakMinutes are the expected minutes of work and of break.
	WorkMinutes  int
	BreakMinutes int
	// Shift is the rostered shift code, for shift workers.
	Shift string
	// LeaveType is set by the caller (WithLeave) when the employee is on approved leave that
	// day; the calendar itself knows nothing of leave. Check-ins then report OutcomeOnLeave.
	LeaveType string
}

// WithLeave returns a copy of e marking the employee as on leave of leaveType that day.
func (e Expectation) WithLeave(leaveType string) Expectation {
	e.LeaveType = leaveType
	return e
}

// OnLeave reports whether the employee is on leave that working day.
func (e Expectation) OnLeave() bool { return e.Working && e.LeaveType != "" }

// Expected says whether d is a working day for emp and, if so, when work starts and ends, in
// the office's time zone. The rule, in order:
//
//  1. A shift worker (emp.ShiftWorker) follows the roster alone: a rostered shift is a working
//     day even on a weekend, holiday or collective leave day (hospitals work on holidays); a
//     day marked RosterOff, or not in the roster, is not. The Ramadan schedule does not apply
//     to shifts: the shift pattern sets the hours.
//  2. Otherwise a national holiday or collective leave day is not a working day.
//  3. Otherwise, during a Ramadan period the agency's Ramadan schedule applies (national by
//     default), else its regular schedule (national by default); a weekday without hours on it
//     (Saturday and Sunday nationally) is not a working day.
func (c Calendar) Expected(emp EmployeeCalendar, d Date) Expectation {
	e := Expectation{Date: d}
	hol, isHoliday := c.Holidays.On(d)
	if isHoliday {
		e.Holiday = hol.Name
	}
	hours := c.Agencies[emp.Agency]
	loc := emp.TimeZone.Location()
	if emp.ShiftWorker {
		code, rostered := emp.Roster[d]
		shift, known := hours.Shifts[code]
		switch {
		case !rostered:
			e.Reason = DayNotRostered
		case code == RosterOff:
			e.Reason = DayRosterOff
		case !known:
			e.Reason, e.Shift = DayUnknownShift, code
		default:
			e.Working, e.Reason, e.Shift = true, DayShift, code
			e.Start = at(d, shift.Start, loc)
			e.End = e.Start.Add(time.Duration(shift.Span()) * time.Minute)
			e.WorkMinutes, e.BreakMinutes = shift.Duration, shift.Break
		}
		return e
	}
	if isHoliday {
		e.Reason = DayNationalHoliday
		if hol.Kind == CollectiveLeave {
			e.Reason = DayCollectiveLeave
		}
		return e
	}
	sched, reason := hours.regular(), DayRegular
	if c.InRamadan(d) {
		sched, reason = hours.ramadan(), DayRamadan
	}
	h := sched.Days[d.Weekday()]
	if !h.Working() {
		e.Reason = DayWeekend
		return e
	}
	e.Working, e.Reason = true, reason
	e.Start = at(d, h.Start, loc)
	e.End = at(d, h.End(), loc)
	e.WorkMinutes, e.BreakMinutes = h.Work, h.Break
	return e
}

// at returns the time min minutes after midnight of d in loc.
func at(d Date, min int, loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, min, 0, 0, loc)
}

// ExpectedAt returns the expectation a check-in or check-out at instant t belongs to. Usually
// that is the expectation of t's date in the office's zone; but a shift that crosses midnight
// belongs to the date it started on, so when the previous date's shift ends after midnight
// the candidates are that shift and the current date's, and the nearer one wins: for a
// check-in the one whose Start is nearer t, for a check-out the one whose End is nearer. A
// current date that is not a working day counts as being at its noon. A night shift
// 21:00-07:00 started on the 1st thus takes a check-out at 06:50 on the 2nd and a late
// check-in at 00:30 on the 2nd, while a check-in at 20:55 on the 2nd belongs to the 2nd.
func (c Calendar) ExpectedAt(emp EmployeeCalendar, t time.Time, kind CheckKind) Expectation {
	local := t.In(emp.TimeZone.Location())
	today := c.Expected(emp, DateOf(local))
	yesterday := c.Expected(emp, today.Date.AddDays(-1))
	midnight := today.Date.In(local.Location())
	if !yesterday.Working || !yesterday.End.After(midnight) {
		return today
	}
	ref := func(e Expectation) time.Time {
		switch {
		case !e.Working:
			return midnight.Add(12 * time.Hour)
		case kind == CheckKindOut:
			return e.End
		default:
			return e.Start
		}
	}
	if absDuration(local.Sub(ref(yesterday))) <= absDuration(local.Sub(ref(today))) {
		return yesterday
	}
	return today
}

func absDuration(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

// WorkingDaysBetween counts emp's working days from from to to, both included (0 when to is
// before from): for an employee on the weekly schedule, the weekdays with hours that are not
// national holidays or collective leave days; for a shift worker, the rostered shifts. Leave
// is counted in these days.
func (c Calendar) WorkingDaysBetween(emp EmployeeCalendar, from, to Date) int {
	n := 0
	for d := from; !d.After(to); d = d.AddDays(1) {
		if c.Expected(emp, d).Working {
			n++
		}
	}
	return n
}

// WorkingDates lists emp's working days from from to to, both included, in order.
func (c Calendar) WorkingDates(emp EmployeeCalendar, from, to Date) []Date {
	var out []Date
	for d := from; !d.After(to); d = d.AddDays(1) {
		if c.Expected(emp, d).Working {
			out = append(out, d)
		}
	}
	return out
}
