package domain

import (
	"fmt"
	"time"
)

// DailyStatus is an employee's status for a day once it is closed.
type DailyStatus string

// The daily statuses. Lateness and early departure are not statuses of their own but flags on a
// present day, since both can apply.
const (
	// DailyPresent: checked in or out on a working day.
	DailyPresent DailyStatus = "present"
	// DailyOnLeave: on approved leave (DayRecord.LeaveType says which).
	DailyOnLeave DailyStatus = "on_leave"
	// DailyHoliday: not a working day for the employee (DayRecord.Reason says why: weekend,
	// national holiday, collective leave, roster off ...).
	DailyHoliday DailyStatus = "holiday"
	// DailyAbsent: absent without excuse (tanpa alasan yang sah): a working day with neither
	// check-in nor check-out nor leave. It counts toward the PP 94/2021 thresholds.
	DailyAbsent DailyStatus = "absent"
)

// DayRecord is the closed day of one employee.
type DayRecord struct {
	Date   Date
	Status DailyStatus
	// Reason is the calendar's reason for the day (regular, ramadan, shift, weekend, ...).
	Reason DayReason
	// Holiday is the holiday's name, if the date is one.
	Holiday string
	// LeaveType is the leave taken, with DailyOnLeave.
	LeaveType string
	// Late and LateMinutes: the check-in was after the expected start.
	Late        bool
	LateMinutes int
	// EarlyDeparture and EarlyMinutes: the check-out was before the expected end.
	EarlyDeparture bool
	EarlyMinutes   int
	// CheckIn and CheckOut are the attendance times; zero when missing.
	CheckIn, CheckOut time.Time
	// MissingCheckIn and MissingCheckOut flag a present day with only one of the two.
	MissingCheckIn, MissingCheckOut bool
	// OutsideGeofence: the check-in or the check-out was flagged outside the geofence.
	OutsideGeofence bool
}

// Unexcused reports whether the day is an absence without excuse.
func (r DayRecord) Unexcused() bool { return r.Status == DailyAbsent }

// CloseDay computes the day's status from its expectation, the day's check-in and check-out
// (the first check-in and the last check-out; nil when there was none) and the approved leave
// type ("" for none; when empty, exp.LeaveType is used). The rule, in order:
//
//  1. not a working day: DailyHoliday, whatever was checked;
//  2. on leave: DailyOnLeave, whatever was checked;
//  3. neither check-in nor check-out: DailyAbsent;
//  4. otherwise DailyPresent, with late and early minutes measured again from the attendance
//     times against exp (so a calendar corrected after the check-in is honoured). A day with
//     only one of the two is present and flagged MissingCheckIn or MissingCheckOut; DOMAIN.md
//     converts neither into minutes or absence, so neither do we.
func CloseDay(exp Expectation, checkIn, checkOut *Result, leaveType string) DayRecord {
	if leaveType == "" {
		leaveType = exp.LeaveType
	}
	r := DayRecord{Date: exp.Date, Reason: exp.Reason, Holiday: exp.Holiday}
	if checkIn != nil {
		r.CheckIn = checkIn.AttendanceTime
		r.OutsideGeofence = checkIn.OutsideGeofence
	}
	if checkOut != nil {
		r.CheckOut = checkOut.AttendanceTime
		r.OutsideGeofence = r.OutsideGeofence || checkOut.OutsideGeofence
	}
	switch {
	case !exp.Working:
		r.Status = DailyHoliday
	case leaveType != "":
		r.Status, r.LeaveType = DailyOnLeave, leaveType
	case checkIn == nil && checkOut == nil:
		r.Status = DailyAbsent
	default:
		r.Status = DailyPresent
		r.MissingCheckIn, r.MissingCheckOut = checkIn == nil, checkOut == nil
		if checkIn != nil {
			r.LateMinutes = wholeMinutes(checkIn.AttendanceTime.Sub(exp.Start))
			r.Late = r.LateMinutes > 0
		}
		if checkOut != nil {
			r.EarlyMinutes = wholeMinutes(exp.End.Sub(checkOut.AttendanceTime))
			r.EarlyDeparture = r.EarlyMinutes > 0
		}
	}
	return r
}

// Discipline thresholds (PP 94/2021).
//
// Unexcused absence accumulates per calendar year into the thresholds of PP 94/2021 on civil
// servant discipline. The system only reports which threshold an employee has reached and when
// a new absence crosses one (the "absence threshold crossed" event, once per crossing); it does
// not impose a sanction. That is for the authorised official after examination (pemeriksaan),
// who may find an excuse the system does not know.
//
// DOMAIN.md lists 3 days as the first threshold, so 1 or 2 days reach none. Late arrivals and
// early departures accumulate too: every 450 minutes (7.5 hours, one working day of Perpres
// 21/2023's 37.5-hour week) of them in a year count as one day of unexcused absence (Peraturan
// BKN 6/2022, implementing PP 94/2021). The minutes per day are a *policy*
// (Policy.LatenessMinutesPerDay); the tally keeps the raw minutes, so a changed policy applies to
// the whole year at the next report. Converted days add to the year's total, never to the run of
// consecutive absent days.

// SanctionLevel orders the thresholds, from none to discharge.
type SanctionLevel int

// The sanction levels, in increasing severity.
const (
	SanctionNone SanctionLevel = iota
	SanctionOralReprimand
	SanctionWrittenReprimand
	SanctionStatementOfDissatisfaction
	SanctionAllowanceCut6Months
	SanctionAllowanceCut9Months
	SanctionAllowanceCut12Months
	SanctionDemotion
	SanctionExecutorPost
	SanctionDischarge
)

// DischargeConsecutiveDays is the run of consecutive unexcused working days that reaches
// discharge whatever the year's total.
const DischargeConsecutiveDays = 10

// Severity is PP 94/2021's class of a sanction.
type Severity string

// The severities.
const (
	SeverityNone     Severity = ""
	SeverityLight    Severity = "ringan"
	SeverityModerate Severity = "sedang"
	SeveritySevere   Severity = "berat"
)

// Sanction is a discipline threshold and the sanction PP 94/2021 attaches to it.
type Sanction struct {
	Level SanctionLevel
	// Code is a stable identifier, e.g. ORAL_REPRIMAND.
	Code string
	// Name is the sanction's name in the regulation; Description says it in English.
	Name, Description string
	Severity          Severity
	// MinDays and MaxDays are the unexcused absence days in a year the threshold covers;
	// MaxDays 0 means no upper bound.
	MinDays, MaxDays int
	// AllowanceCutPercent and Months describe the sanction's size and length, where it has them.
	AllowanceCutPercent, Months int
	// ByConsecutive says the threshold was reached by DischargeConsecutiveDays consecutive days
	// rather than by the year's total (only for discharge).
	ByConsecutive bool
}

func (s Sanction) String() string {
	if s.Level == SanctionNone {
		return "no threshold"
	}
	days := fmt.Sprintf("%d-%d days", s.MinDays, s.MaxDays)
	switch {
	case s.ByConsecutive:
		days = fmt.Sprintf("%d consecutive working days", DischargeConsecutiveDays)
	case s.MaxDays == 0:
		days = fmt.Sprintf(">= %d days", s.MinDays)
	case s.MinDays == s.MaxDays:
		days = fmt.Sprintf("%d days", s.MinDays)
	}
	return fmt.Sprintf("%s (%s, %s)", s.Name, s.Description, days)
}

var sanctions = [...]Sanction{
	SanctionNone: {Level: SanctionNone, Code: "NONE", Name: "tidak ada", Description: "no threshold reached", MinDays: 0, MaxDays: 2},
	SanctionOralReprimand: {Level: SanctionOralReprimand, Code: "ORAL_REPRIMAND", Name: "teguran lisan",
		Description: "oral reprimand", Severity: SeverityLight, MinDays: 3, MaxDays: 3},
	SanctionWrittenReprimand: {Level: SanctionWrittenReprimand, Code: "WRITTEN_REPRIMAND", Name: "teguran tertulis",
		Description: "written reprimand", Severity: SeverityLight, MinDays: 4, MaxDays: 6},
	SanctionStatementOfDissatisfaction: {Level: SanctionStatementOfDissatisfaction, Code: "STATEMENT_OF_DISSATISFACTION",
		Name: "pernyataan tidak puas secara tertulis", Description: "written statement of dissatisfaction",
		Severity: SeverityLight, MinDays: 7, MaxDays: 10},
	SanctionAllowanceCut6Months: {Level: SanctionAllowanceCut6Months, Code: "ALLOWANCE_CUT_6_MONTHS",
		Name: "pemotongan tunjangan kinerja sebesar 25% selama 6 bulan", Description: "performance allowance cut by 25 % for 6 months",
		Severity: SeverityModerate, MinDays: 11, MaxDays: 13, AllowanceCutPercent: 25, Months: 6},
	SanctionAllowanceCut9Months: {Level: SanctionAllowanceCut9Months, Code: "ALLOWANCE_CUT_9_MONTHS",
		Name: "pemotongan tunjangan kinerja sebesar 25% selama 9 bulan", Description: "performance allowance cut by 25 % for 9 months",
		Severity: SeverityModerate, MinDays: 14, MaxDays: 16, AllowanceCutPercent: 25, Months: 9},
	SanctionAllowanceCut12Months: {Level: SanctionAllowanceCut12Months, Code: "ALLOWANCE_CUT_12_MONTHS",
		Name: "pemotongan tunjangan kinerja sebesar 25% selama 12 bulan", Description: "performance allowance cut by 25 % for 12 months",
		Severity: SeverityModerate, MinDays: 17, MaxDays: 20, AllowanceCutPercent: 25, Months: 12},
	SanctionDemotion: {Level: SanctionDemotion, Code: "DEMOTION", Name: "penurunan jabatan setingkat lebih rendah selama 12 bulan",
		Description: "demotion one level for 12 months", Severity: SeveritySevere, MinDays: 21, MaxDays: 24, Months: 12},
	SanctionExecutorPost: {Level: SanctionExecutorPost, Code: "EXECUTOR_POST",
		Name:        "pembebasan dari jabatannya menjadi jabatan pelaksana selama 12 bulan",
		Description: "relieved of the post and moved to an executor post for 12 months", Severity: SeveritySevere,
		MinDays: 25, MaxDays: 27, Months: 12},
	SanctionDischarge: {Level: SanctionDischarge, Code: "DISCHARGE",
		Name: "pemberhentian dengan hormat tidak atas permintaan sendiri", Description: "honourable discharge not at own request",
		Severity: SeveritySevere, MinDays: 28},
}

// Sanctions returns the thresholds from none to discharge.
func Sanctions() []Sanction { return append([]Sanction(nil), sanctions[:]...) }

// SanctionFor returns the threshold of level l.
func SanctionFor(l SanctionLevel) Sanction {
	if l < SanctionNone || l > SanctionDischarge {
		return sanctions[SanctionNone]
	}
	return sanctions[l]
}

// daysLevel returns the level that days of unexcused absence in a year reach.
func daysLevel(days int) SanctionLevel {
	for l := SanctionDischarge; l > SanctionNone; l-- {
		if days >= sanctions[l].MinDays {
			return l
		}
	}
	return SanctionNone
}

// Threshold returns the highest threshold reached by days of unexcused absence in a year and
// the longest run of consecutive unexcused working days: 3 an oral reprimand, 4-6 a written
// reprimand, 7-10 a written statement of dissatisfaction, 11-13 / 14-16 / 17-20 a 25 %
// allowance cut for 6 / 9 / 12 months, 21-24 demotion, 25-27 an executor post, 28 or more, or
// a run of 10 consecutive working days, discharge. 0 to 2 days reach none.
func Threshold(days, consecutive int) Sanction {
	l := daysLevel(days)
	if l < SanctionDischarge && consecutive >= DischargeConsecutiveDays {
		s := sanctions[SanctionDischarge]
		s.ByConsecutive = true
		return s
	}
	return sanctions[l]
}

// Crossed returns the thresholds that a change from daysBefore to daysAfter unexcused days in
// the year, and from runBefore to runAfter as the year's longest run of consecutive unexcused
// working days, crosses, lowest first: each threshold whose first day lies in (daysBefore,
// daysAfter], plus discharge by consecutive days when the run reaches 10 and discharge was not
// reached before. A change that adds several days at once (a back-filled week) crosses every
// threshold in between; a change within one threshold (5 to 6 days) crosses none, so each
// threshold is reported once a year.
func Crossed(daysBefore, daysAfter, runBefore, runAfter int) []Sanction {
	var out []Sanction
	for l := daysLevel(daysBefore) + 1; l <= daysLevel(daysAfter); l++ {
		out = append(out, sanctions[l])
	}
	before := Threshold(daysBefore, runBefore).Level
	if before < SanctionDischarge && daysLevel(daysAfter) < SanctionDischarge && runAfter >= DischargeConsecutiveDays {
		s := sanctions[SanctionDischarge]
		s.ByConsecutive = true
		out = append(out, s)
	}
	return out
}

// AbsenceTally accumulates an employee's closed days into the year's unexcused absence.
//
// Consecutive counts working days only: a weekend, holiday or collective leave day (a
// DailyHoliday record, or no record at all) between two absences neither breaks the run nor
// extends it, so absences on Thursday, Friday and Monday are a run of 3. A present day or a
// day on leave ends the run. The year's total starts again on 1 January; the current run
// carries over, since 10 consecutive working days need not fall in one calendar year.
type AbsenceTally struct {
	// Year is the calendar year of Days.
	Year int
	// Days is the year's unexcused absence days.
	Days int
	// Run is the current run of consecutive unexcused working days.
	Run int
	// LongestRun is the year's longest run (including a run carried over from the year before).
	LongestRun int
	// LatenessMinutes is the year's minutes of late arrival and early departure on present
	// days, which ConvertedDays turns into days of unexcused absence.
	LatenessMinutes int
	// Last is the date of the last record added.
	Last Date
}

// ConvertedDays returns the days of unexcused absence the year's lateness counts for: one per
// whole minutesPerDay minutes (Peraturan BKN 6/2022: 450); none when minutesPerDay is 0 (the
// conversion disabled).
func (t AbsenceTally) ConvertedDays(minutesPerDay int) int {
	if minutesPerDay <= 0 {
		return 0
	}
	return t.LatenessMinutes / minutesPerDay
}

// Total returns the days compared with the PP 94/2021 thresholds: the absent days plus the
// days converted from lateness at minutesPerDay.
func (t AbsenceTally) Total(minutesPerDay int) int { return t.Days + t.ConvertedDays(minutesPerDay) }

// Sanction returns the threshold the tally has reached, with lateness converted at
// minutesPerDay.
func (t AbsenceTally) Sanction(minutesPerDay int) Sanction {
	return Threshold(t.Total(minutesPerDay), t.LongestRun)
}

// Add adds the next closed day and returns the new tally and the thresholds the day crossed,
// with lateness converted at minutesPerDay (Policy.LatenessMinutesPerDay). Records must come in
// date order; a record not after the last one is ignored (a day closed again after a
// correction): recompute the year with TallyAbsences instead.
func (t AbsenceTally) Add(r DayRecord, minutesPerDay int) (AbsenceTally, []Sanction) {
	if !t.Last.IsZero() && !r.Date.After(t.Last) {
		return t, nil
	}
	if r.Date.Year != t.Year {
		t = AbsenceTally{Year: r.Date.Year, Run: t.Run, LongestRun: t.Run}
	}
	before := t
	t.Last = r.Date
	switch r.Status {
	case DailyAbsent:
		t.Days++
		t.Run++
		t.LongestRun = max(t.LongestRun, t.Run)
	case DailyPresent:
		t.Run = 0
		t.LatenessMinutes += max(r.LateMinutes, 0) + max(r.EarlyMinutes, 0)
	case DailyOnLeave:
		t.Run = 0
	}
	return t, Crossed(before.Total(minutesPerDay), t.Total(minutesPerDay), before.LongestRun, t.LongestRun)
}

// TallyAbsences tallies records in date order (sorted by the caller) with lateness converted
// at minutesPerDay and returns the tally at the end; when the records span years, the tally is
// of the last year.
func TallyAbsences(records []DayRecord, minutesPerDay int) AbsenceTally {
	var t AbsenceTally
	for _, r := range records {
		t, _ = t.Add(r, minutesPerDay)
	}
	return t
}
