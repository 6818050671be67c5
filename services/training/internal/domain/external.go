package domain

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/simpeg-id/simpeg/platform/errs"
)

// ExternalState is where a record of external training stands.
type ExternalState string

// The states: submitted waits for HR; verified counts toward the JP ledger; rejected does not,
// with HR's reason.
const (
	ExternalSubmitted ExternalState = "submitted"
	ExternalVerified  ExternalState = "verified"
	ExternalRejected  ExternalState = "rejected"
)

// Valid reports whether s is one of the three states.
func (s ExternalState) Valid() bool {
	return s == ExternalSubmitted || s == ExternalVerified || s == ExternalRejected
}

// documentRef is an uploaded document's name as attendance's documents are named:
// "documents/<id>".
var documentRef = regexp.MustCompile(`^documents/[A-Za-z0-9][A-Za-z0-9._-]{0,127}$`)

// CheckEvidence checks the shape of an evidence reference: an uploaded document's name
// ("documents/<id>") or an https:// link with a host (a certificate on the provider's site).
// Whether the document exists is not checked here: it lives in another service.
func CheckEvidence(ref string) error {
	switch {
	case ref == "":
		return errors.New(`a document reference is required: "documents/<id>" or an https:// link`)
	case strings.HasPrefix(ref, "documents/"):
		if !documentRef.MatchString(ref) {
			return fmt.Errorf("must look like documents/<id>, got %q", ref)
		}
		return nil
	}
	u, err := url.Parse(ref)
	if err != nil || u.Scheme != "https" || u.Host == "" || len(ref) > 2000 {
		return fmt.Errorf(`must be "documents/<id>" or an https:// link, got %q`, ref)
	}
	return nil
}

// NewExternal checks a record of external training before it is stored, as submitted, and sets
// its JP: for a form counted in hours (classroom, e-learning, seminar) from its minutes at the
// policy's minutes per JP (DOMAIN.md *policy*; Peraturan LAN 10/2018: 45 minutes), never typed;
// other forms state their JP. The training must have ended by today (a date in the employee's
// zone): what has not happened yet cannot be evidenced. A missing first day is the last day (a
// one-day event).
func NewExternal(x External, pol Policy, today time.Time) (External, error) {
	var v errs.Violations
	x.Title, x.Provider, x.Evidence = strings.TrimSpace(x.Title), strings.TrimSpace(x.Provider), strings.TrimSpace(x.Evidence)
	if x.Start.IsZero() {
		x.Start = x.End
	}
	switch {
	case !x.Form.Valid():
		v.Add("form", "must be one of %v, got %q", Forms(), x.Form)
	case x.Form.CountsHours():
		if x.Minutes <= 0 {
			v.Add("minutes", "a %s is counted in hours: give its length in minutes", x.Form)
		} else if x.JP = JPFromMinutes(x.Minutes, pol.MinutesPerJP); x.JP < 1 {
			v.Add("minutes", "%d minutes is less than one JP (%d minutes)", x.Minutes, pol.MinutesPerJP)
		}
	default:
		if x.Minutes != 0 {
			v.Add("minutes", "a %s is not counted in hours: give its JP instead", x.Form)
		}
	}
	if err := ValidateExternal(x); err != nil {
		e, _ := errs.As(err)
		for _, fv := range e.Violations {
			if fv.Field == "jp" && x.Form.CountsHours() {
				continue // said of minutes already
			}
			v = append(v, fv)
		}
	}
	if !x.End.IsZero() && x.End.After(civil(today)) {
		v.Add("end_date", "%s is in the future: record training once it has ended", x.End.Format(time.DateOnly))
	}
	if err := v.Err(); err != nil {
		return x, err
	}
	x.State, x.Reason, x.DecidedBy, x.Decided = ExternalSubmitted, "", "", time.Time{}
	x.Version = 1
	return x, nil
}

// Verify records HR's verification of submitted external training: it counts from now on.
// Nobody verifies their own training.
func (x External) Verify(by string, now time.Time) (External, error) {
	if err := x.decidable(by); err != nil {
		return x, err
	}
	x.State, x.DecidedBy, x.Decided = ExternalVerified, by, now
	x.Version++
	x.Updated = now
	return x, nil
}

// Reject records HR's rejection of submitted external training, with a reason the employee
// reads (the evidence does not show the training, say).
func (x External) Reject(by, reason string, now time.Time) (External, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" || len(reason) > 1000 {
		return x, errs.Invalidf("reason", "say why the training is rejected (1 to 1000 characters)")
	}
	if err := x.decidable(by); err != nil {
		return x, err
	}
	x.State, x.Reason, x.DecidedBy, x.Decided = ExternalRejected, reason, by, now
	x.Version++
	x.Updated = now
	return x, nil
}

// decidable refuses a decision on training that is not waiting for one, or by its own
// employee.
func (x External) decidable(by string) error {
	if x.State != ExternalSubmitted {
		return errs.Preconditionf("external training %s is %s, only submitted training can be decided", x.ID, x.State)
	}
	if by == x.Employee {
		return errs.Deniedf("%s may not verify their own training", by)
	}
	return nil
}
