package domain

// DayState is where an employee's day stands at a moment, for the views of a team's day (the
// supervisor's "team today", agency HR's today) and the dashboards. Unlike DailyStatus, which is
// fixed when the day is closed, it also knows the day that is still running: someone without a
// check-in is "not yet in" until the expected end of their working day, and absent after it.
type DayState string

// The day states. Each employee's day is in exactly one.
const (
	// StatePresent: checked in (or out) on time on a working day.
	StatePresent DayState = "present"
	// StateLate: checked in after the expected start, and did not leave early.
	StateLate DayState = "late"
	// StateEarlyDeparture: checked out before the expected end (late or not).
	StateEarlyDeparture DayState = "early_departure"
	// StateOnLeave: on approved leave on a working day.
	StateOnLeave DayState = "on_leave"
	// StateHoliday: not a working day (weekend, national holiday, collective leave, rostered off).
	StateHoliday DayState = "holiday"
	// StateNotYetIn: a working day without a check-in, while it has not ended.
	StateNotYetIn DayState = "not_yet_in"
	// StateAbsent: a working day without a check-in or check-out, after it ended (or closed as
	// absent).
	StateAbsent DayState = "absent"
	// StateNotScheduled: a shift worker with no roster entry (or a shift the agency does not
	// have) for the date.
	StateNotScheduled DayState = "not_scheduled"
)

// DayStates lists the states in the order reports show them.
func DayStates() []DayState {
	return []DayState{StatePresent, StateLate, StateEarlyDeparture, StateOnLeave, StateHoliday, StateNotYetIn, StateAbsent, StateNotScheduled}
}

// State returns where the day r stands, r being CloseDay's record of the day (computed now, or
// read back once the day was closed). running says the working day has not ended yet (the
// expected end is still ahead and the day is not closed): a working day without attendance is
// then not yet in rather than absent. The rule, in order:
//
//  1. not a working day: not scheduled for a shift worker without a roster entry (or with a
//     shift the agency does not have), otherwise holiday;
//  2. on leave;
//  3. no attendance: not yet in while running, absent after;
//  4. present: early departure when the check-out was early, else late when the check-in was
//     late, else present. Minutes of both are on the record; the state names one.
func (r DayRecord) State(running bool) DayState {
	switch r.Status {
	case DailyHoliday:
		if r.Reason == DayNotRostered || r.Reason == DayUnknownShift {
			return StateNotScheduled
		}
		return StateHoliday
	case DailyOnLeave:
		return StateOnLeave
	case DailyAbsent:
		if running {
			return StateNotYetIn
		}
		return StateAbsent
	}
	switch {
	case r.EarlyDeparture:
		return StateEarlyDeparture
	case r.Late:
		return StateLate
	}
	return StatePresent
}
