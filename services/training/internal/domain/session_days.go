package domain

import (
	"fmt"
	"time"
	_ "time/tzdata" // sessions name IANA zones; the binary must know them without the host's files

	"github.com/simpeg-id/simpeg/platform/errs"
)

// Attendance per session day (issue 10 §2). HR records each day the session is held: who among
// the seat holders was present. Recording a day again replaces it. A day is a calendar date in
// the session's zone between the session's first and last day; a day not recorded counts for
// nothing either way, so weekends and rest days inside a session simply stay unrecorded.

// SessionDates returns the calendar dates ("YYYY-MM-DD") the session spans in loc, from the
// date of its start to the date of the last instant before its end: a session ending at
// midnight does not reach into the next day.
func SessionDates(s Session, loc *time.Location) []string {
	if !s.End.After(s.Start) {
		return nil
	}
	first := civil(s.Start.In(loc))
	last := civil(s.End.Add(-time.Nanosecond).In(loc))
	var out []string
	for d := first; !d.After(last); d = d.AddDate(0, 0, 1) {
		out = append(out, d.Format(time.DateOnly))
	}
	return out
}

// civil returns t's calendar date as midnight UTC, so that stepping by days never meets a
// daylight-saving change.
func civil(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// CheckSessionDay checks a date HR records attendance for: a YYYY-MM-DD date among the
// session's dates in loc (SessionDates) that has begun by now, since a day not yet come cannot
// be attended.
func CheckSessionDay(s Session, loc *time.Location, date string, now time.Time) error {
	d, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return errs.Invalidf("date", "must be a date YYYY-MM-DD, got %q", date)
	}
	dates := SessionDates(s, loc)
	if len(dates) == 0 || date < dates[0] || date > dates[len(dates)-1] {
		first, last := "", ""
		if len(dates) > 0 {
			first, last = dates[0], dates[len(dates)-1]
		}
		return errs.Invalidf("date", "%s is not a day of session %s (%s to %s)", date, s.ID, first, last)
	}
	if today := civil(now.In(loc)); d.After(today) {
		return errs.Invalidf("date", "%s is in the future (today is %s in %s): record a day once it is held",
			date, today.Format(time.DateOnly), loc)
	}
	return nil
}

// DayMark is one seat holder's mark on a recorded day.
type DayMark struct {
	Enrolment string
	Employee  string
	Present   bool
}

// SeatHolder is an enrolment holding a seat in a session (enrolled, or finished with an
// outcome), as a roll call needs it.
type SeatHolder struct {
	Enrolment string
	Employee  string
}

// RollCall returns a recorded day's marks: every seat holder, present when named in present
// (enrolment ids), absent otherwise. Naming an enrolment that holds no seat in the session, or
// the same one twice, is the caller's mistake and names the field present[i].
func RollCall(seats []SeatHolder, present []string) ([]DayMark, error) {
	holder := make(map[string]bool, len(seats))
	for _, s := range seats {
		holder[s.Enrolment] = true
	}
	var v errs.Violations
	here := make(map[string]bool, len(present))
	for i, id := range present {
		field := fmt.Sprintf("present[%d]", i)
		switch {
		case !holder[id]:
			v.Add(field, "%q holds no seat in this session", id)
		case here[id]:
			v.Add(field, "%q is named twice", id)
		}
		here[id] = true
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	marks := make([]DayMark, len(seats))
	for i, s := range seats {
		marks[i] = DayMark{Enrolment: s.Enrolment, Employee: s.Employee, Present: here[s.Enrolment]}
	}
	return marks, nil
}

// Attendance is one enrolment's tally over the recorded days it was on the roll.
type Attendance struct {
	Enrolment string
	Present   int // days marked present
	Recorded  int // recorded days the enrolment was on the roll of
}

// Percent returns the share of recorded days attended, rounded down; 0 when none was recorded.
func (a Attendance) Percent() int {
	if a.Recorded == 0 {
		return 0
	}
	return a.Present * 100 / a.Recorded
}

// CheckPass refuses a passing outcome the attendance does not support. The rule (issue 10 §2
// "attendance per session day", made explicit here): attendance must have been recorded for
// the participant on at least one day, they must have been present on at least one, and on at
// least Policy.PassAttendancePercent of the days recorded for them (default 80 %). Failing and
// not finishing need no attendance.
func (a Attendance) CheckPass(minPercent int) error {
	switch {
	case a.Recorded == 0:
		return errs.Preconditionf("enrolment %s has no attendance recorded: record the session days before passing it", a.Enrolment)
	case a.Present == 0:
		return errs.Preconditionf("enrolment %s attended none of the %d recorded days and cannot pass", a.Enrolment, a.Recorded)
	case a.Percent() < minPercent:
		return errs.Preconditionf("enrolment %s attended %d of %d recorded days (%d %%), passing needs at least %d %%",
			a.Enrolment, a.Present, a.Recorded, a.Percent(), minPercent)
	}
	return nil
}
