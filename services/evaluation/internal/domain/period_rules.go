package domain

// The rules of performance years (issue 11 §1): a year is opened by city HR with its cadence
// and due dates, and its cadence is fixed once the first periodic rating of the year is given.

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/simpeg-id/simpeg/platform/errs"
)

// The years a performance year may be opened for.
const (
	MinYear = 2000
	MaxYear = 2100
)

// PeriodFields are the fields of a year UpdatePeriod may change, as the API names them.
var PeriodFields = []string{"cadence", "skp_due_date", "rating_due_days"}

// PeriodOpened announces a performance year opened or changed.
type PeriodOpened struct {
	event
	Period Period
}

// DefaultSkpDueDate is the day a year's SKPs are due when city HR names none: 31 January. The
// SKP is set at the start of the year, in the planning stage (PermenPANRB 6/2022 art. 5; BKN's
// SIASN guide to the regulation has the year's performance planning in January), so the service
// reports an SKP not approved by the end of January as late.
func DefaultSkpDueDate(year int) string { return fmt.Sprintf("%04d-01-31", year) }

// NewPeriod returns year in as opened at now: the cadence defaults to the policy's, the SKP due
// date to DefaultSkpDueDate and the rating due days (0) to the policy's, stored as the
// effective values. Violations name the period's fields (year, cadence, skp_due_date,
// rating_due_days).
func NewPeriod(in Period, p Policy, now time.Time) (Period, error) {
	var v errs.Violations
	if in.Year < MinYear || in.Year > MaxYear {
		v.Add("year", "must be %d to %d, got %d", MinYear, MaxYear, in.Year)
	}
	out := Period{Year: in.Year, Cadence: in.Cadence, SkpDueDate: in.SkpDueDate, RatingDueDays: in.RatingDueDays,
		Version: 1, Created: now, Updated: now}
	out.defaults(p)
	out.validate(&v)
	if err := v.Err(); err != nil {
		return Period{}, err
	}
	return out, nil
}

// defaults fills the fields left empty with the policy's values.
func (p *Period) defaults(pol Policy) {
	if p.Cadence == "" {
		p.Cadence = pol.Cadence
	}
	if p.SkpDueDate == "" && p.Year >= MinYear && p.Year <= MaxYear {
		p.SkpDueDate = DefaultSkpDueDate(p.Year)
	}
	if p.RatingDueDays == 0 {
		p.RatingDueDays = pol.RatingDueDays
	}
}

// validate adds the violations of p's cadence and due dates to v.
func (p Period) validate(v *errs.Violations) {
	if p.Cadence != Quarterly && p.Cadence != Monthly {
		v.Add("cadence", "must be quarterly or monthly, got %q", p.Cadence)
	}
	if d, err := time.Parse(time.DateOnly, p.SkpDueDate); err != nil {
		v.Add("skp_due_date", "must be a date YYYY-MM-DD, got %q", p.SkpDueDate)
	} else if d.Year() != p.Year {
		v.Add("skp_due_date", "must be in %d, got %s", p.Year, p.SkpDueDate)
	}
	if p.RatingDueDays < 0 || p.RatingDueDays > 90 {
		v.Add("rating_due_days", "must be 0 (the policy's default) to 90, got %d", p.RatingDueDays)
	}
}

// PeriodUpdate is a change to a year: the fields named (PeriodFields) take their values in
// Values; an empty value takes its default as on opening.
type PeriodUpdate struct {
	Fields []string
	Values Period
}

// Apply changes p by u at now and returns the fields that changed (none: p is unchanged and
// its version stays). rated says whether any SKP of the year has a periodic rating: the cadence
// is then fixed, and changing it is a FailedPrecondition error naming period.cadence.
func (p *Period) Apply(u PeriodUpdate, pol Policy, rated bool, now time.Time) ([]string, error) {
	if len(u.Fields) == 0 {
		return nil, errs.Invalidf("update_mask", "is required: name the fields to change, of %s", strings.Join(PeriodFields, ", "))
	}
	next := *p
	for _, f := range u.Fields {
		switch f {
		case "cadence":
			next.Cadence = u.Values.Cadence
		case "skp_due_date":
			next.SkpDueDate = u.Values.SkpDueDate
		case "rating_due_days":
			next.RatingDueDays = u.Values.RatingDueDays
		default:
			return nil, errs.Invalidf("update_mask", "%q cannot be changed; the fields are %s", f, strings.Join(PeriodFields, ", "))
		}
	}
	next.defaults(pol)
	var v errs.Violations
	next.validate(&v)
	if err := v.Err(); err != nil {
		return nil, err
	}
	var changed []string
	if next.Cadence != p.Cadence {
		if rated {
			return nil, errs.Preconditionf("period.cadence of %d cannot change from %s to %s: the year already has periodic ratings, given by its %s periods",
				p.Year, p.Cadence, next.Cadence, p.Cadence)
		}
		changed = append(changed, "cadence")
	}
	if next.SkpDueDate != p.SkpDueDate {
		changed = append(changed, "skp_due_date")
	}
	if next.RatingDueDays != p.RatingDueDays {
		changed = append(changed, "rating_due_days")
	}
	if len(changed) == 0 {
		return nil, nil
	}
	next.Version, next.Updated = p.Version+1, now
	*p = next
	return changed, nil
}

// Summary describes p for the audit trail.
func (p Period) Summary() string {
	return fmt.Sprintf("%d, %s, SKPs due %s, ratings due %d days after each period", p.Year, p.Cadence, p.SkpDueDate, p.RatingDueDays)
}

// PeriodName is the resource name of year: "periods/{year}".
func PeriodName(year int) string { return "periods/" + strconv.Itoa(year) }

// ParsePeriodName returns the year of name "periods/{year}", or an Invalid error naming field.
func ParsePeriodName(name, field string) (int, error) {
	s, ok := strings.CutPrefix(name, "periods/")
	y, err := strconv.Atoi(s)
	if !ok || err != nil || strconv.Itoa(y) != s {
		return 0, errs.Invalidf(field, "must be periods/{year}, got %q", name)
	}
	return y, nil
}
