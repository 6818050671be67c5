package domain

// The annual-leave (cuti tahunan) balance is a ledger per employee and year: the year opens with
// a grant of 12 working days and the carry-over computed from the previous year (OpeningEntries,
// CarryOver); approving annual leave takes days (Balance.Spend); cancelling before the start
// returns them (Balance.Return); collective leave takes days only when the policy says so
// (Balance.DeductCollective). Nobody types a balance or a carry-over in: both come from entries.
//
// Interpretations of DOMAIN.md's row "12 days a year …; up to 6 unused days carry over (cap 18);
// unused for 2+ years in a row: cap 24 including the current year; no annual leave in a year with
// long leave":
//
//   - The grant: 12 days for every year in which the employee completes one year of service by
//     31 December; the days are usable from the first anniversary (ValidateRequest checks the
//     service at the leave's start). A year before that grants nothing.
//   - Carry-over into year Y: the days left unused at the end of Y-1, at most 6, so that Y holds
//     at most 18 with its own 12. "Unused for 2+ years in a row" is read as: the employee took no
//     annual leave at all (collective-leave deductions are not the employee's use) in each of
//     the two or more years immediately before Y, each of them a year with a grant and without
//     long leave; then up to 12 carry, so Y holds at most 24. After 0 or 1 such years the cap
//     stays 6.
//   - Deferred leave: Peraturan BKN 24/2017 lets annual leave that the supervisor deferred for
//     the needs of the service be used the next year up to 24 days including that year's own. So
//     the days deferred out of Y-1 (YearSummary.Deferred) carry on top of the usual 6, up to 12.
//   - A year with long leave (cuti besar; the year it starts in): the employee has no annual
//     leave that year. The year still opens as usual, but Balance.LongLeave makes its
//     Available 0 and Spend refuses; nothing carries out of it into the next year, and it breaks
//     an unused streak. Days already taken that year stay taken and shorten the long leave
//     (ValidateRequest). Keeping the entries and switching availability off with a flag means a
//     long leave cancelled before it starts gives the year back untouched.
//   - Collective leave reduces the balance only under LeavePolicy.CollectiveLeaveReducesAnnual,
//     and then never below zero: days beyond the balance are simply not deducted.

import (
	"fmt"

	"github.com/simpeg-id/simpeg/platform/errs"
)

// The annual-leave numbers.
const (
	// AnnualLeaveDays is the yearly grant, in working days.
	AnnualLeaveDays = 12
	// MaxCarryOver is the most a year carries into the next (cap 18 with the grant).
	MaxCarryOver = 6
	// MaxCarryOverAfterUnusedYears is the most carried after UnusedYearsForLargerCarry or more
	// years in a row without annual leave (cap 24 with the grant).
	MaxCarryOverAfterUnusedYears = 12
	// UnusedYearsForLargerCarry is how many years in a row without annual leave raise the cap.
	UnusedYearsForLargerCarry = 2
)

// LedgerEntryKind is the kind of an annual-leave ledger entry.
type LedgerEntryKind string

// The ledger entry kinds. Grant, carry-over and returned add days; taken and collective remove.
const (
	EntryGrant      LedgerEntryKind = "grant"
	EntryCarryOver  LedgerEntryKind = "carry_over"
	EntryTaken      LedgerEntryKind = "taken"
	EntryReturned   LedgerEntryKind = "returned"
	EntryCollective LedgerEntryKind = "collective"
)

// LedgerEntry is one movement of an employee's annual-leave balance in a year. Days is the
// magnitude, always positive; Delta gives the sign.
type LedgerEntry struct {
	Year      int
	Kind      LedgerEntryKind
	Days      int
	RequestID string // for taken and returned
	Note      string
}

// Delta returns the entry's effect on the balance.
func (e LedgerEntry) Delta() int {
	switch e.Kind {
	case EntryTaken, EntryCollective:
		return -e.Days
	}
	return e.Days
}

// Balance is an employee's annual-leave ledger for one year. The store loads it (the year's
// entries, and LongLeave from the employee's approved long leave) inside the transaction that
// approves or cancels, calls Spend or Return, and appends the entry it returns; the store's
// locking is what keeps two approvals at the same instant from both spending the last days.
type Balance struct {
	Year    int
	Entries []LedgerEntry
	// LongLeave: the employee has approved long leave starting this year, so no annual leave.
	LongLeave bool
}

// YearSummary sums up one year of the ledger, for carry-over.
type YearSummary struct {
	Year       int
	Granted    int // the year's own grant (0 or 12)
	Carried    int // carried in from the year before
	Used       int // annual leave taken, net of returns
	Collective int // deducted for collective leave
	LongLeave  bool
	// Deferred is annual leave, in days, that the supervisor deferred out of this year into the
	// next (the service counts it from the deferred requests); it may carry in full, up to 12.
	Deferred int
}

// Unused returns the days left at the end of the year.
func (s YearSummary) Unused() int {
	return max(s.Granted+s.Carried-s.Used-s.Collective, 0)
}

// Summary sums the balance's entries. Deferred is left for the caller to set.
func (b Balance) Summary() YearSummary {
	s := YearSummary{Year: b.Year, LongLeave: b.LongLeave}
	for _, e := range b.Entries {
		switch e.Kind {
		case EntryGrant:
			s.Granted += e.Days
		case EntryCarryOver:
			s.Carried += e.Days
		case EntryTaken:
			s.Used += e.Days
		case EntryReturned:
			s.Used -= e.Days
		case EntryCollective:
			s.Collective += e.Days
		}
	}
	return s
}

// Total returns the sum of the entries, whatever LongLeave says.
func (b Balance) Total() int {
	n := 0
	for _, e := range b.Entries {
		n += e.Delta()
	}
	return n
}

// Available returns the days that can still be taken: the sum of the entries, or 0 in a year
// with long leave. It is never negative.
func (b Balance) Available() int {
	if b.LongLeave {
		return 0
	}
	return max(b.Total(), 0)
}

// Spend takes n days for requestID and returns the entry to append; it refuses, and changes
// nothing, when n is below 1, when the year has long leave, or when n is more than Available:
// the balance never goes negative. Call it inside the transaction that holds the year's ledger.
func (b *Balance) Spend(n int, requestID string) (LedgerEntry, error) {
	if n < 1 {
		return LedgerEntry{}, errs.Invalidf("days", "annual leave takes at least 1 day, got %d", n)
	}
	if b.LongLeave {
		return LedgerEntry{}, errs.New(errs.FailedPrecondition, "no annual leave in %d: the employee has long leave (cuti besar) that year", b.Year).WithReason("LONG_LEAVE_YEAR")
	}
	if avail := b.Available(); n > avail {
		return LedgerEntry{}, errs.New(errs.FailedPrecondition, "annual leave balance for %d is %d days; %d asked: the balance cannot go negative", b.Year, avail, n).WithReason("INSUFFICIENT_LEAVE_BALANCE")
	}
	e := LedgerEntry{Year: b.Year, Kind: EntryTaken, Days: n, RequestID: requestID, Note: "annual leave approved"}
	b.Entries = append(b.Entries, e)
	return e, nil
}

// Return gives back n days taken for requestID (a cancellation before the start) and returns
// the entry to append. It refuses to return more than the request took and has not had back.
func (b *Balance) Return(n int, requestID string) (LedgerEntry, error) {
	taken := 0
	for _, e := range b.Entries {
		if e.RequestID != requestID {
			continue
		}
		switch e.Kind {
		case EntryTaken:
			taken += e.Days
		case EntryReturned:
			taken -= e.Days
		}
	}
	if n < 1 || n > taken {
		return LedgerEntry{}, errs.Preconditionf("leave request %s has %d days of annual leave to return in %d; cannot return %d", requestID, taken, b.Year, n)
	}
	e := LedgerEntry{Year: b.Year, Kind: EntryReturned, Days: n, RequestID: requestID, Note: "annual leave cancelled before its start"}
	b.Entries = append(b.Entries, e)
	return e, nil
}

// DeductCollective records that days of collective leave (cuti bersama) are taken from the
// balance, when pol.CollectiveLeaveReducesAnnual; it deducts at most Available, so the balance
// stays non-negative. It returns false, and changes nothing, when there is nothing to deduct
// (the policy's default, no days, or no balance).
func (b *Balance) DeductCollective(days int, pol LeavePolicy, note string) (LedgerEntry, bool) {
	if !pol.CollectiveLeaveReducesAnnual {
		return LedgerEntry{}, false
	}
	n := min(days, b.Available())
	if n < 1 {
		return LedgerEntry{}, false
	}
	if note == "" {
		note = "collective leave (cuti bersama)"
	}
	e := LedgerEntry{Year: b.Year, Kind: EntryCollective, Days: n, Note: note}
	b.Entries = append(b.Entries, e)
	return e, true
}

// CarryOver returns the days that carry into year from year-1, per the rules at the top of this
// file: none without a summary of year-1 or when year-1 had long leave; otherwise the unused
// days, at most 6, or at most 12 after two or more years in a row without annual leave; days
// deferred out of year-1 carry on top of the 6, up to 12.
func CarryOver(history []YearSummary, year int) int {
	prev, ok := findYear(history, year-1)
	if !ok || prev.LongLeave {
		return 0
	}
	limit := MaxCarryOver
	if UnusedStreak(history, year) >= UnusedYearsForLargerCarry {
		limit = MaxCarryOverAfterUnusedYears
	} else if prev.Deferred > 0 {
		limit = min(MaxCarryOver+prev.Deferred, MaxCarryOverAfterUnusedYears)
	}
	return min(prev.Unused(), limit)
}

// UnusedStreak returns how many years in a row immediately before year the employee had annual
// leave granted and took none (and had no long leave).
func UnusedStreak(history []YearSummary, year int) int {
	n := 0
	for y := year - 1; ; y-- {
		s, ok := findYear(history, y)
		if !ok || s.Granted == 0 || s.Used > 0 || s.LongLeave {
			return n
		}
		n++
	}
}

func findYear(history []YearSummary, year int) (YearSummary, bool) {
	for _, s := range history {
		if s.Year == year {
			return s, true
		}
	}
	return YearSummary{}, false
}

// OpeningEntries returns the entries that open an employee's ledger for year: the grant of 12
// days when the employee completes one year of service by 31 December of year (appointment is
// AppointmentDate's answer), and the carry-over computed from previous, the summaries of the
// earlier years (at least year-1 and the years before it that an unused streak may reach).
func OpeningEntries(year int, previous []YearSummary, appointment Date) []LedgerEntry {
	var out []LedgerEntry
	if YearsOfService(appointment, Date{year, 12, 31}) >= AnnualMinYears {
		out = append(out, LedgerEntry{Year: year, Kind: EntryGrant, Days: AnnualLeaveDays, Note: fmt.Sprintf("annual leave %d", year)})
	}
	if c := CarryOver(previous, year); c > 0 {
		note := fmt.Sprintf("unused in %d", year-1)
		if UnusedStreak(previous, year) >= UnusedYearsForLargerCarry {
			note += fmt.Sprintf(" (no annual leave taken for %d years in a row: cap %d)", UnusedStreak(previous, year), AnnualLeaveDays+MaxCarryOverAfterUnusedYears)
		}
		out = append(out, LedgerEntry{Year: year, Kind: EntryCarryOver, Days: c, Note: note})
	}
	return out
}
