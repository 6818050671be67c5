package domain

// Opening balances (DOMAIN.md "Attendance and leave": "when a city starts using the system, each
// employee's unused annual leave of the two previous years is imported (with its source), so
// carry-over and the 24-day cap work from the first year; the ledger then computes every later
// year itself").
//
// An imported year is stored as an ordinary, closed ledger year whose entries sum to the unused
// days and whose summary says what carry-over needs (YearSummary.Unused, UnusedStreak):
//
//   - a grant of 12 days (Peraturan BKN 24/2017: 12 working days a year);
//   - unused days above 12 as days carried in from the year before (so 18 unused are 12 + 6);
//   - unused days below 12 as days taken before go-live (so 8 unused are 12 granted, 4 taken).
//
// The year therefore counts as "unused" for the 24-day cap exactly when its own 12 days were not
// touched (unused ≥ 12). 0 unused days reads as 12 granted and 12 taken: nothing carries, and an
// unused streak is broken, which is also right for an employee without a grant that year.

import (
	"fmt"
	"strings"

	"github.com/simpeg-id/simpeg/platform/errs"
)

// MaxOpeningDays is the most unused days an imported year can hold: the 24-day cap of two or
// more unused years (Peraturan BKN 24/2017), which includes that year's own 12.
const MaxOpeningDays = AnnualLeaveDays + MaxCarryOverAfterUnusedYears

// MaxOpeningSourceLength bounds the source of an opening balance ("SIMPEG lama", "SK …").
const MaxOpeningSourceLength = 200

// OpeningNotePrefix starts the note of every entry of an imported year.
const OpeningNotePrefix = "opening balance"

// OpeningBalance is one employee's unused annual leave at the end of a year before the service
// kept their ledger, with where the figure comes from.
type OpeningBalance struct {
	Employee string
	Year     int
	Unused   int
	Source   string
}

// ValidateOpening checks o against today's year: only the two years before it (DOMAIN.md), 0 to
// MaxOpeningDays days, a source. Violations name the fields year, unused_days and source.
func ValidateOpening(o OpeningBalance, thisYear int) errs.Violations {
	var v errs.Violations
	if o.Year < thisYear-2 || o.Year > thisYear-1 {
		v.Add("year", "opening balances are for the two years before %d (%d or %d), got %d", thisYear, thisYear-2, thisYear-1, o.Year)
	}
	if o.Unused < 0 || o.Unused > MaxOpeningDays {
		v.Add("unused_days", "must be 0 to %d (the 24-day cap of Peraturan BKN 24/2017), got %d", MaxOpeningDays, o.Unused)
	}
	switch src := strings.TrimSpace(o.Source); {
	case src == "":
		v.Add("source", "is required: where the figure comes from (\"SIMPEG lama\", the decree's number)")
	case len(o.Source) > MaxOpeningSourceLength:
		v.Add("source", "is %d bytes; at most %d", len(o.Source), MaxOpeningSourceLength)
	}
	return v
}

// OpeningBalanceEntries returns the entries of an imported year, per the reading at the top of
// this file; they sum to o.Unused.
func OpeningBalanceEntries(o OpeningBalance) []LedgerEntry {
	note := fmt.Sprintf("%s: %d days unused at the end of %d (source: %s)", OpeningNotePrefix, o.Unused, o.Year, strings.TrimSpace(o.Source))
	out := []LedgerEntry{{Year: o.Year, Kind: EntryGrant, Days: AnnualLeaveDays, Note: note}}
	switch {
	case o.Unused > AnnualLeaveDays:
		out = append(out, LedgerEntry{Year: o.Year, Kind: EntryCarryOver, Days: o.Unused - AnnualLeaveDays, Note: note})
	case o.Unused < AnnualLeaveDays:
		out = append(out, LedgerEntry{Year: o.Year, Kind: EntryTaken, Days: AnnualLeaveDays - o.Unused, Note: note})
	}
	return out
}

// IsOpening reports whether entries are those of an imported year.
func IsOpening(entries []LedgerEntry) bool {
	return len(entries) > 0 && strings.HasPrefix(entries[0].Note, OpeningNotePrefix+":")
}
