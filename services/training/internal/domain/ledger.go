package domain

import (
	"time"

	"github.com/simpeg-id/simpeg/platform/errs"
)

// The JP ledger (issue 10 §3): JP per employee per year is computed from completions and
// verified external training, never typed. A passed session earns its programme's JP in the year
// the session ends; an enrolment holding a seat that has not finished yet is projected, not
// earned ("enrolled but not finished counts as projected"); requested (not yet approved),
// waitlisted (no seat), failed, did-not-finish, withdrawn and rejected count for nothing. External training counts once HR has verified it, in the year it ended.

// JPSource is where a ledger entry comes from.
type JPSource string

// The sources.
const (
	FromSession  JPSource = "session"
	FromExternal JPSource = "external"
)

// JPEntry is one line of an employee's JP ledger for a year.
type JPEntry struct {
	Employee  string
	Year      int
	Source    JPSource
	Ref       string // the enrolment or external-training id
	JP        int
	Projected bool // enrolled but not finished: counts toward the projection only
}

// SessionEntry returns the ledger entry an enrolment contributes: earned when passed, projected
// when enrolled (a seat, not finished), nothing otherwise (ok false). The year is the year of
// the session's end in loc, the session's time zone.
func SessionEntry(e Enrolment, s Session, jp int, loc *time.Location) (JPEntry, bool) {
	entry := JPEntry{Employee: e.Employee, Year: s.End.In(loc).Year(), Source: FromSession, Ref: e.ID, JP: jp}
	switch {
	case e.State == Passed:
		return entry, true
	case e.State == Enrolled:
		entry.Projected = true
		return entry, true
	}
	return JPEntry{}, false
}

// External is training an employee attended on their own, recorded with evidence.
type External struct {
	ID       string
	Employee string
	Title    string
	Provider string
	End      time.Time
	JP       int
	Evidence string // a document reference
	Verified bool   // by HR; only then does it count
}

// ValidateExternal checks an external training record before it is stored.
func ValidateExternal(x External) error {
	var v errs.Violations
	if x.Title == "" {
		v.Add("title", "is required")
	}
	if x.Provider == "" {
		v.Add("provider", "is required")
	}
	if x.End.IsZero() {
		v.Add("end_date", "is required")
	}
	if x.JP < 1 || x.JP > 1000 {
		v.Add("jp", "must be between 1 and 1000, got %d", x.JP)
	}
	if x.Evidence == "" {
		v.Add("evidence", "a document reference is required")
	}
	return v.Err()
}

// ExternalEntry returns the ledger entry of verified external training (ok false until HR
// verifies it).
func ExternalEntry(x External, loc *time.Location) (JPEntry, bool) {
	if !x.Verified {
		return JPEntry{}, false
	}
	return JPEntry{Employee: x.Employee, Year: x.End.In(loc).Year(), Source: FromExternal, Ref: x.ID, JP: x.JP}, true
}

// YearJP is an employee's JP for one year against the 20 JP minimum.
type YearJP struct {
	Employee  string
	Year      int
	Earned    int
	Projected int // enrolled but not finished
}

// Total returns earned plus projected: where the year ends if every live enrolment passes.
func (y YearJP) Total() int { return y.Earned + y.Projected }

// Short returns how many JP the employee still lacks of MinimumJPPerYear now (0 when met).
func (y YearJP) Short() int { return max(0, MinimumJPPerYear-y.Earned) }

// ProjectedShort returns how many JP the employee lacks at year end if every live enrolment is
// completed (0 when met).
func (y YearJP) ProjectedShort() int { return max(0, MinimumJPPerYear-y.Total()) }

// Tally sums an employee's entries for a year; entries of other employees or years are skipped.
func Tally(employee string, year int, entries []JPEntry) YearJP {
	y := YearJP{Employee: employee, Year: year}
	for _, e := range entries {
		if e.Employee != employee || e.Year != year {
			continue
		}
		if e.Projected {
			y.Projected += e.JP
		} else {
			y.Earned += e.JP
		}
	}
	return y
}
