package domain

import (
	"fmt"
	"strings"
)

// A calendar change after leave was approved (DOMAIN.md, Attendance and leave): "A change to the
// calendar (a new holiday or collective-leave day by decree) recounts approved leave that has
// not yet been taken, returning the days to the balance, and says so to the employee." Leave is
// counted in working days (Peraturan BKN 24/2017 as amended: weekends, national holidays and
// collective leave excluded), so a day that stops being a working day is no longer leave.
//
// Days already taken are not recounted: a decree naming a past day changes nothing of leave
// that was spent. Only new non-working days are recounted: DOMAIN.md speaks of new days, and a
// deleted holiday inside approved leave would have to take days the employee may no longer have,
// so the request keeps its length and balance (the holiday's removal is audited).

// LeaveRecounted reports an active request (approved, or still to be decided) shortened by a calendar change by decree: its new
// length, the annual leave days returned to the balance (Entry, when any) and the history entry
// "recounted" saying why.
type LeaveRecounted struct {
	Request LeaveRequest
	// Dates are the dates that stopped being working days within the days not yet taken.
	Dates []Date
	// PreviousDays is the length before the recount; Returned the annual leave days returned.
	PreviousDays, Returned int
	Entry                  *LedgerEntry
}

// Subject returns "leave.recounted".
func (LeaveRecounted) Subject() string { return "leave.recounted" }

// Changed returns the recounted request.
func (e LeaveRecounted) Changed() LeaveRequest { return e.Request }

func (LeaveRecounted) leaveEvent() {}

// RecountReason is the history's reason for a recount: "recounted: 2026-12-24 became collective
// leave by decree" (several dates joined by ", ").
func RecountReason(changed []Holiday) string {
	parts := make([]string, len(changed))
	for i, h := range changed {
		kind := "a national holiday"
		if h.Kind == CollectiveLeave {
			kind = "collective leave"
		}
		parts[i] = fmt.Sprintf("%s became %s by decree", h.Date, kind)
	}
	return "recounted: " + strings.Join(parts, ", ")
}

// Recount shortens the active request r (submitted, awaiting, deferred or approved) by fewer working days that a calendar change by decree
// (changed, the days in r's untaken part that are no longer working days) took out of it, and
// records why in its history as by (the city HR official who entered the decree) on today. An
// annual leave request returns the days to bal, the ledger of the year it starts in, as far as
// they were taken from it (Spent, set on approval). fewer must be at least 1 and r active and
// counted in working days.
func (r *LeaveRequest) Recount(fewer int, changed []Holiday, by string, bal *Balance, today Date) (LeaveRecounted, error) {
	if !r.State.Active() || r.Counting != CountWorkingDays || fewer < 1 {
		return LeaveRecounted{}, fmt.Errorf("leave rules: recounting %s (%s, %s) by %d days", r.ID, r.State, r.Counting, fewer)
	}
	next := *r
	ev := LeaveRecounted{PreviousDays: r.Days, Dates: make([]Date, len(changed))}
	for i, h := range changed {
		ev.Dates[i] = h.Date
	}
	next.Days = max(r.Days-fewer, 0)
	reason := RecountReason(changed)
	if back := min(fewer, r.Spent); back > 0 {
		if bal == nil || bal.Year != r.Start.Year {
			return LeaveRecounted{}, fmt.Errorf("leave rules: recounting leave %s that spent %d days needs the balance of %d", r.ID, r.Spent, r.Start.Year)
		}
		e, err := bal.Return(back, r.ID)
		if err != nil {
			return LeaveRecounted{}, err
		}
		e.Note = reason
		bal.Entries[len(bal.Entries)-1] = e
		next.Spent -= back
		ev.Returned, ev.Entry = back, &e
	}
	next.Decisions = leaveAppend(r.Decisions, LeaveDecision{Action: "recounted", By: by, Role: RoleCityHR, On: today,
		Reason: fmt.Sprintf("%s; %d working days instead of %d", reason, next.Days, r.Days)})
	*r = next
	ev.Request = next
	return ev, nil
}
