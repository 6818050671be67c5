package domain

import (
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/simpeg-id/simpeg/platform/errs"
)

// ProgrammeState is whether a programme takes new sessions.
type ProgrammeState string

// The programme states: an active programme takes new sessions; a retired one keeps its
// sessions and their history but takes no new ones.
const (
	ProgrammeActive  ProgrammeState = "active"
	ProgrammeRetired ProgrammeState = "retired"
)

// Valid reports whether s is a known state.
func (s ProgrammeState) Valid() bool { return s == ProgrammeActive || s == ProgrammeRetired }

// idPattern is a caller-chosen id: lower-case letters, digits and hyphens, 1 to 63 characters,
// not starting with a hyphen (as planning's position ids), e.g. "ict-network-basics".
var idPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,62}$`)

// CheckID checks a caller-chosen id (a programme's, a partner's) against idPattern, naming field.
func CheckID(field, id string) error {
	if !idPattern.MatchString(id) {
		return errs.Invalidf(field, "must be 1 to 63 lower-case letters, digits or hyphens, not starting with a hyphen, got %q", id)
	}
	return nil
}

// MaxDescription is the longest description a programme keeps, in characters.
const MaxDescription = 4000

// CreateProgramme validates a new catalogue entry — NewProgramme's rules, its id, description
// and partner — and returns it active at version 1, created now. For a form counted in hours
// the JP is computed from the minutes; a JP sent along that differs from it is refused, so a
// caller never believes a typed JP was kept.
func CreateProgramme(p Programme, pol Policy, now time.Time) (Programme, error) {
	var v errs.Violations
	if err := CheckID("id", p.ID); err != nil {
		v = append(v, violations(err)...)
	}
	out, err := checkProgramme(p, pol, &v)
	if err := v.Err(); err != nil {
		return p, err
	}
	if err != nil {
		return p, err
	}
	out.State, out.Version, out.Created, out.Updated = ProgrammeActive, 1, now, now
	return out, nil
}

// checkProgramme runs NewProgramme and the catalogue's own checks, adding the violations to v.
// The error returned is one that is not a list of violations (none today).
func checkProgramme(p Programme, pol Policy, v *errs.Violations) (Programme, error) {
	typed := p.JP
	p.Description = strings.TrimSpace(p.Description)
	p.Partner = strings.TrimSpace(p.Partner)
	out, err := NewProgramme(p, pol)
	if err != nil {
		vs := violations(err)
		if vs == nil {
			return p, err
		}
		*v = append(*v, vs...)
	}
	if p.Form.CountsHours() && typed != 0 && out.JP != 0 && typed != out.JP {
		v.Add("jp", "a %s programme's JP is computed from its minutes (%d minutes are %d JP); leave jp empty, got %d",
			p.Form, p.Minutes, out.JP, typed)
	}
	if utf8.RuneCountInString(p.Description) > MaxDescription {
		v.Add("description", "must be at most %d characters", MaxDescription)
	}
	switch {
	case p.Partner != "" && p.Kind != UniversityPartner:
		v.Add("partner", "names a university partner: only for provider_kind university_partner")
	case p.Partner != "":
		if err := CheckID("partner", p.Partner); err != nil {
			*v = append(*v, violations(err)...)
		}
	}
	if p.State != "" && !p.State.Valid() {
		v.Add("state", "must be active or retired, got %q", p.State)
	}
	return out, nil
}

// violations returns the field violations of an Invalid error, nil for any other error.
func violations(err error) errs.Violations {
	e, ok := errs.As(err)
	if !ok || e.Kind != errs.Invalid {
		return nil
	}
	return e.Violations
}

// ProgrammeFields are the fields UpdateProgramme may change, in the order changes are reported;
// "retired" changes the state (Values.State: active or retired).
var ProgrammeFields = []string{"title", "description", "competency_type", "competencies", "form", "minutes", "jp",
	"provider", "provider_kind", "partner", "cost_per_seat", "certificate", "latsar", "retired"}

// ledgerFields are the fields the JP ledger counts from: fixed once a programme has sessions.
var ledgerFields = []string{"form", "minutes", "jp"}

// ProgrammeUpdate is a change of the fields named in Fields to their values in Values.
type ProgrammeUpdate struct {
	Fields []string
	Values Programme
}

// Apply changes p by u and returns the fields whose value changed (none: p is unchanged and
// its version stays). The changed programme is checked as a new one would be. Once the
// programme has sessions its form, minutes and JP are fixed: the JP ledger credits every
// completion with the programme's JP (issue 10 §3, "computed from completions, never typed"),
// so changing them would rewrite years already counted; a new programme is the way.
func (p *Programme) Apply(u ProgrammeUpdate, pol Policy, hasSessions bool, now time.Time) ([]string, error) {
	if len(u.Fields) == 0 {
		return nil, errs.Invalidf("update_mask", "is required: name the fields to change, of %s", strings.Join(ProgrammeFields, ", "))
	}
	next := *p
	var v errs.Violations
	jpTyped := false
	for _, f := range u.Fields {
		switch f {
		case "title":
			next.Title = u.Values.Title
		case "description":
			next.Description = u.Values.Description
		case "competency_type":
			next.Type = u.Values.Type
		case "competencies":
			next.Competencies = u.Values.Competencies
		case "form":
			next.Form = u.Values.Form
		case "minutes":
			next.Minutes = u.Values.Minutes
		case "jp":
			next.JP, jpTyped = u.Values.JP, true
		case "provider":
			next.Provider = u.Values.Provider
		case "provider_kind":
			next.Kind = u.Values.Kind
		case "partner":
			next.Partner = u.Values.Partner
		case "cost_per_seat":
			next.CostPerSeat = u.Values.CostPerSeat
		case "certificate":
			next.Certificate = u.Values.Certificate
		case "latsar":
			next.Latsar = u.Values.Latsar
		case "retired":
			next.State = u.Values.State
			if !next.State.Valid() {
				v.Add("retired", "must be active or retired, got %q", next.State)
			}
		default:
			v.Add("update_mask", "field %q cannot be updated; updatable: %s", f, strings.Join(ProgrammeFields, ", "))
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if next.Form.CountsHours() && !jpTyped {
		next.JP = 0 // computed again from the minutes
	}
	checked, err := checkProgramme(next, pol, &v)
	if err := v.Err(); err != nil {
		return nil, err
	}
	if err != nil {
		return nil, err
	}
	var changed []string
	add := func(name string, diff bool) {
		if diff {
			changed = append(changed, name)
		}
	}
	add("title", checked.Title != p.Title)
	add("description", checked.Description != p.Description)
	add("competency_type", checked.Type != p.Type)
	add("competencies", !slices.Equal(checked.Competencies, p.Competencies))
	add("form", checked.Form != p.Form)
	add("minutes", checked.Minutes != p.Minutes)
	add("jp", checked.JP != p.JP)
	add("provider", checked.Provider != p.Provider)
	add("provider_kind", checked.Kind != p.Kind)
	add("partner", checked.Partner != p.Partner)
	add("cost_per_seat", checked.CostPerSeat != p.CostPerSeat)
	add("certificate", checked.Certificate != p.Certificate)
	add("latsar", checked.Latsar != p.Latsar)
	add("retired", checked.State != p.State)
	if hasSessions {
		for _, f := range changed {
			if slices.Contains(ledgerFields, f) {
				e := errs.New(errs.FailedPrecondition, "programme %s has sessions: its form, minutes and JP are fixed, since the JP ledger counts completions by them; create a new programme instead", p.ID).WithReason(ReasonProgrammeHasSessions)
				e.Violations = []errs.FieldViolation{{Field: f, Description: "cannot change once the programme has sessions"}}
				return nil, e
			}
		}
	}
	if len(changed) > 0 {
		checked.Version++
		checked.Updated = now
	}
	*p = checked
	return changed, nil
}

// Reasons of the catalogue's FailedPrecondition errors (stable, for clients).
const (
	ReasonProgrammeHasSessions = "PROGRAMME_HAS_SESSIONS"
	ReasonProgrammeRetired     = "PROGRAMME_RETIRED"
	ReasonSessionNotScheduled  = "SESSION_NOT_SCHEDULED"
	ReasonSessionStarted       = "SESSION_STARTED"
	ReasonEmployeeNotActive    = "EMPLOYEE_NOT_ACTIVE"
	ReasonEnrolmentState       = "ENROLMENT_STATE"
)
