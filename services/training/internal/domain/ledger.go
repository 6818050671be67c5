package domain

import (
	"strings"
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

// External is training an employee attended on their own (a course, a certification, a
// seminar outside the catalogue), recorded with evidence. It counts toward the JP ledger once HR
// has verified it (issue 10 §2 "counts once HR verifies it"), in the year of its last day.
type External struct {
	ID       string
	Employee string
	Agency   string // the employee's agency when recorded
	Title    string
	Provider string
	Form     Form
	Start    time.Time // the first day, a date at midnight UTC
	End      time.Time // the last day, a date at midnight UTC
	// Minutes is the length of instruction for a form counted in hours; JP is then computed
	// from it (Policy.MinutesPerJP). For other forms it is 0 and JP is stated.
	Minutes  int
	JP       int
	Evidence string // "documents/<id>" (an uploaded document) or an https:// link
	State    ExternalState
	Reason   string // a rejection's reason
	// SubmittedBy recorded it (the employee or HR); DecidedBy verified or rejected it, at Decided.
	SubmittedBy string
	DecidedBy   string
	Decided     time.Time
	Version     int64
	Created     time.Time
	Updated     time.Time
}

// ValidateExternal checks an external training record's fields before it is stored: title and
// provider given, the last day given and not before the first, JP from 1 to 1000, evidence a
// document reference or an https:// link (CheckEvidence).
func ValidateExternal(x External) error {
	var v errs.Violations
	if strings.TrimSpace(x.Title) == "" || len(x.Title) > 200 {
		v.Add("title", "must be 1 to 200 characters")
	}
	if strings.TrimSpace(x.Provider) == "" || len(x.Provider) > 200 {
		v.Add("provider", "must be 1 to 200 characters")
	}
	if x.End.IsZero() {
		v.Add("end_date", "is required")
	} else if !x.Start.IsZero() && x.End.Before(x.Start) {
		v.Add("end_date", "must not be before start_date")
	}
	if x.JP < 1 || x.JP > 1000 {
		v.Add("jp", "must be between 1 and 1000, got %d", x.JP)
	}
	if err := CheckEvidence(x.Evidence); err != nil {
		v.Add("evidence", "%s", err)
	}
	return v.Err()
}

// ExternalEntry returns the ledger entry of verified external training (ok false until HR
// verifies it, and for rejected training).
func ExternalEntry(x External, loc *time.Location) (JPEntry, bool) {
	if x.State != ExternalVerified {
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
