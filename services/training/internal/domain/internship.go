package domain

// Universities and internships (magang, issue 10 §5; DOMAIN.md "Internships"): partner
// institutions under agreements, cohorts with dates and seats per agency, placements of new
// employees or of students with a mentor, logbooks the mentor reviews, and the final assessment
// that credits JP to an employee participant who passed.
//
// Dates (an agreement's, a cohort's, a placement's, a logbook entry's) are calendar days held as
// midnights UTC; "today" is passed in by the caller.

import (
	"fmt"
	"math"
	"net/mail"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/simpeg-id/simpeg/platform/errs"
)

// FromInternship is the JP ledger's source for a completed internship placement (issue 10 §5:
// "completion credits JP to employee participants").
const FromInternship JPSource = "internship"

// PartnerKind is what kind of institution a partner is.
type PartnerKind string

// The partner kinds.
const (
	PartnerUniversity  PartnerKind = "university"
	PartnerPolytechnic PartnerKind = "polytechnic"
	PartnerOther       PartnerKind = "other"
)

// Valid reports whether k is a known partner kind.
func (k PartnerKind) Valid() bool {
	return k == PartnerUniversity || k == PartnerPolytechnic || k == PartnerOther
}

// Contact is a person to reach at a partner or about an agreement.
type Contact struct {
	Name  string
	Email string
	Phone string
}

// Partner is an institution the city works with on internships, usually a university.
type Partner struct {
	ID      string // a slug chosen by city HR, e.g. "usu" or "polmed"
	Name    string
	Kind    PartnerKind
	Address string
	Contact Contact
	Version int64
	Created time.Time
	Updated time.Time
}

// partnerID is a partner's id: lower-case letters, digits and hyphens, 1 to 63 characters,
// starting with a letter or digit.
var partnerID = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,62}$`)

// phonePattern is a telephone number as written: digits, spaces, "+", "-", "(" and ")".
var phonePattern = regexp.MustCompile(`^\+?[0-9 ()-]{6,24}$`)

// maxText is the longest free text (activities, notes, scope) the internship records take.
const maxText = 4000

// textField checks a free-text field of at most limit characters, required or not.
func textField(v *errs.Violations, field, s string, required bool, limit int) {
	switch n := utf8.RuneCountInString(s); {
	case required && strings.TrimSpace(s) == "":
		v.Add(field, "is required")
	case n > limit:
		v.Add(field, "must be at most %d characters, got %d", limit, n)
	}
}

// validateContact checks a contact; its name is required when required is set, and an email or
// a phone number must then be given too.
func validateContact(v *errs.Violations, prefix string, c Contact, required bool) {
	textField(v, prefix+".name", c.Name, required, 200)
	if c.Email != "" {
		if a, err := mail.ParseAddress(c.Email); err != nil || a.Address != c.Email {
			v.Add(prefix+".email", "must be an email address such as humas@usu.ac.id, got %q", c.Email)
		}
	}
	if c.Phone != "" && !phonePattern.MatchString(c.Phone) {
		v.Add(prefix+".phone", "must be a telephone number such as +62 61 8211633, got %q", c.Phone)
	}
	if required && c.Email == "" && c.Phone == "" {
		v.Add(prefix+".email", "give an email address or a phone number to reach the contact")
	}
}

// ValidatePartner checks a partner before it is stored.
func ValidatePartner(p Partner) error {
	var v errs.Violations
	if !partnerID.MatchString(p.ID) {
		v.Add("partner_id", "must be 1 to 63 lower-case letters, digits and hyphens, such as usu, got %q", p.ID)
	}
	textField(&v, "display_name", p.Name, true, 200)
	if !p.Kind.Valid() {
		v.Add("kind", "must be university, polytechnic or other, got %q", p.Kind)
	}
	textField(&v, "address", p.Address, false, 500)
	validateContact(&v, "contact", p.Contact, true)
	return v.Err()
}

// Agreement is a cooperation agreement (perjanjian kerja sama) with a partner: internships
// happen under one.
type Agreement struct {
	ID       string
	Partner  string
	Number   string // the agreement's document number, unique in the city
	Title    string
	Scope    string
	Start    time.Time // first day
	End      time.Time // last day, inclusive
	Contact  Contact
	Document string // a reference to the signed document
	// State is the agreement's state on the day it was read (Status with the policy's warning
	// days); it is computed, not stored.
	State AgreementState
	// DaysLeft is the number of days from the day it was read to its last day, negative once
	// it has ended; computed with State.
	DaysLeft int
	Version  int64
	Created  time.Time
	Updated  time.Time
}

// ValidateAgreement checks an agreement before it is stored.
func ValidateAgreement(a Agreement) error {
	var v errs.Violations
	textField(&v, "number", a.Number, true, 100)
	textField(&v, "title", a.Title, true, 200)
	textField(&v, "scope", a.Scope, false, maxText)
	if a.Start.IsZero() {
		v.Add("start_date", "is required")
	}
	switch {
	case a.End.IsZero():
		v.Add("end_date", "is required")
	case !a.Start.IsZero() && a.End.Before(a.Start):
		v.Add("end_date", "must not be before start_date (%s)", a.Start.Format(time.DateOnly))
	}
	validateContact(&v, "contact", a.Contact, false)
	textField(&v, "document", a.Document, false, 500)
	return v.Err()
}

// Status returns the agreement's state on today, expiring when its end is within warnDays
// (Policy.AgreementWarningDays) of today (AgreementStatus).
func (a Agreement) Status(today time.Time, warnDays int) AgreementState {
	return AgreementStatus(a.Start, a.End, today, warnDays)
}

// AsOf returns the agreement with its State and DaysLeft on today.
func (a Agreement) AsOf(today time.Time, warnDays int) Agreement {
	a.State = a.Status(today, warnDays)
	a.DaysLeft = int(math.Round(a.End.Sub(today).Hours() / 24))
	return a
}

// Cohort is one intake of an internship programme under an agreement: its dates and the seats
// each agency has.
type Cohort struct {
	ID        string
	Agreement string
	Partner   string // the agreement's partner, copied
	Name      string
	Programme string // a catalogue programme of form internship; its JP is what completion credits
	Start     time.Time
	End       time.Time
	Quotas    map[string]int // agency → seats
	// Placed is the seats taken per agency (placements not withdrawn) when it was read.
	Placed  map[string]int
	Version int64
	Created time.Time
	Updated time.Time
}

// Agencies returns the agencies with seats in the cohort, sorted.
func (c Cohort) Agencies() []string {
	out := make([]string, 0, len(c.Quotas))
	for a := range c.Quotas {
		out = append(out, a)
	}
	sort.Strings(out)
	return out
}

// ValidateCohort checks a cohort against the agreement it runs under (issue 10 §5: "internship
// programmes under an agreement: cohorts with dates and quotas per agency"): its dates lie within
// the agreement's, every agency has at least one seat, and the agreement has not expired on
// today (an agreement that starts later may take cohorts planned inside its dates).
func ValidateCohort(c Cohort, a Agreement, today time.Time) error {
	var v errs.Violations
	textField(&v, "display_name", c.Name, true, 200)
	if strings.TrimSpace(c.Programme) == "" {
		v.Add("programme", "must name the internship programme of the catalogue")
	}
	if c.Start.IsZero() {
		v.Add("start_date", "is required")
	} else if c.Start.Before(a.Start) {
		v.Add("start_date", "must be on or after the agreement's start %s, got %s", a.Start.Format(time.DateOnly), c.Start.Format(time.DateOnly))
	}
	switch {
	case c.End.IsZero():
		v.Add("end_date", "is required")
	case !c.Start.IsZero() && c.End.Before(c.Start):
		v.Add("end_date", "must not be before start_date (%s)", c.Start.Format(time.DateOnly))
	case c.End.After(a.End):
		v.Add("end_date", "must be on or before the agreement's end %s, got %s", a.End.Format(time.DateOnly), c.End.Format(time.DateOnly))
	}
	if len(c.Quotas) == 0 {
		v.Add("quotas", "give at least one agency with its seats")
	}
	for _, agency := range c.Agencies() {
		switch seats := c.Quotas[agency]; {
		case strings.TrimSpace(agency) == "":
			v.Add("quotas", "an agency code is empty")
		case seats < 1 || seats > 10000:
			v.Add(fmt.Sprintf("quotas[%s]", agency), "must be between 1 and 10000 seats, got %d", seats)
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	if today.After(a.End) {
		return errs.Preconditionf("agreement %s ended on %s: an expired agreement takes no new cohort", a.Number, a.End.Format(time.DateOnly))
	}
	return nil
}

// CheckInternshipProgramme checks that the programme a cohort runs is the catalogue's
// internship: form internship and still offered.
func CheckInternshipProgramme(id string, form Form, retired bool) error {
	if form != Internship {
		return errs.Invalidf("programme", "programme %s is a %s programme, not an internship", id, form)
	}
	if retired {
		return errs.Invalidf("programme", "programme %s is retired", id)
	}
	return nil
}

// ParticipantKind says who an internship participant is.
type ParticipantKind string

// The participant kinds: an employee from the directory (typically a new one, a CPNS), or a
// student who is not an employee.
const (
	ParticipantEmployee ParticipantKind = "employee"
	ParticipantStudent  ParticipantKind = "student"
)

// Student is a participant who is not an employee. Students have no account in the city's
// sign-in, so their mentor keeps their logbook.
type Student struct {
	Name           string
	Number         string // the student number (NIM) at their institution
	Institution    string // the partner's id, or another institution's name
	StudyProgramme string
}

// PlacementState is where a placement stands.
type PlacementState string

// The placement states: active → completed (assessed) | withdrawn.
const (
	PlacementStateActive    PlacementState = "active"
	PlacementStateCompleted PlacementState = "completed"
	PlacementStateWithdrawn PlacementState = "withdrawn"
)

// Placement is one participant's internship in a cohort: where (agency and unit), with whom
// (the mentor), when, and how it ended.
type Placement struct {
	ID       string
	Cohort   string
	Kind     ParticipantKind
	Employee string  // the participant's NIP when Kind is employee
	Student  Student // when Kind is student
	// Name is the participant's name: the employee's as the directory had it when placed, or
	// the student's.
	Name   string
	Agency string
	Unit   string
	Mentor string // an active employee of Agency
	Start  time.Time
	End    time.Time
	State  PlacementState
	// JP is the cohort programme's JP that completion credits to an employee participant who
	// passed (copied; 0 for a student).
	JP       int
	Score    int // 0–100 once assessed
	Passed   bool
	Notes    string
	Assessor string
	Reason   string    // a withdrawal's reason
	Finished time.Time // when it was assessed or withdrawn
	Version  int64
	Created  time.Time
	Updated  time.Time
}

// Participant returns who the participant is, for messages: the NIP or the student's name and
// number.
func (p Placement) Participant() string {
	if p.Kind == ParticipantEmployee {
		return p.Employee
	}
	return fmt.Sprintf("%s (%s, %s)", p.Student.Name, p.Student.Number, p.Student.Institution)
}

// ValidatePlacement checks a placement in cohort c: the participant is an employee (by NIP) or a
// student (name, number, institution and study programme); the agency has seats in the cohort;
// a unit and a mentor are named, the mentor not the participant; the dates lie within the
// cohort's (issue 10 §5). Empty dates take the cohort's.
func ValidatePlacement(p Placement, c Cohort) (Placement, error) {
	var v errs.Violations
	if p.Start.IsZero() {
		p.Start = c.Start
	}
	if p.End.IsZero() {
		p.End = c.End
	}
	switch p.Kind {
	case ParticipantEmployee:
		if p.Employee == "" {
			v.Add("employee", "is required for an employee participant")
		}
		if p.Student != (Student{}) {
			v.Add("student", "an employee participant has no student details")
		}
	case ParticipantStudent:
		if p.Employee != "" {
			v.Add("employee", "a student participant is not an employee; give the student's details instead")
		}
		textField(&v, "student.full_name", p.Student.Name, true, 200)
		textField(&v, "student.student_number", p.Student.Number, true, 50)
		textField(&v, "student.institution", p.Student.Institution, true, 200)
		textField(&v, "student.study_programme", p.Student.StudyProgramme, true, 200)
		p.Name = p.Student.Name
	default:
		v.Add("participant", "give either an employee's NIP or a student's details")
	}
	if p.Agency == "" {
		v.Add("agency", "is required")
	} else if _, ok := c.Quotas[p.Agency]; !ok {
		v.Add("agency", "cohort %s has no seats for agency %s (it has seats for %s)", c.Name, p.Agency, strings.Join(c.Agencies(), ", "))
	}
	textField(&v, "unit", p.Unit, true, 100)
	switch {
	case p.Mentor == "":
		v.Add("mentor", "is required")
	case p.Kind == ParticipantEmployee && p.Mentor == p.Employee:
		v.Add("mentor", "the participant cannot mentor themselves")
	}
	if p.Start.Before(c.Start) || p.Start.After(c.End) {
		v.Add("start_date", "must be within the cohort's dates %s – %s, got %s", c.Start.Format(time.DateOnly), c.End.Format(time.DateOnly), p.Start.Format(time.DateOnly))
	}
	if p.End.Before(p.Start) {
		v.Add("end_date", "must not be before start_date (%s)", p.Start.Format(time.DateOnly))
	} else if p.End.After(c.End) {
		v.Add("end_date", "must be on or before the cohort's end %s, got %s", c.End.Format(time.DateOnly), p.End.Format(time.DateOnly))
	}
	return p, v.Err()
}

// ReasonQuotaFull is the stable reason of a placement refused because its agency's seats in the
// cohort are taken.
const ReasonQuotaFull = "QUOTA_FULL"

// CheckQuota refuses a placement when the agency's seats in the cohort are all taken: placed is
// the agency's placements in the cohort that are not withdrawn (a withdrawal frees its seat).
// The quota is never exceeded (issue 10 §5: "quotas per agency").
func CheckQuota(c Cohort, agency string, placed int) error {
	seats := c.Quotas[agency]
	if placed >= seats {
		return errs.New(errs.FailedPrecondition, "agency %s's %d seats in cohort %s are all taken", agency, seats, c.Name).WithReason(ReasonQuotaFull)
	}
	return nil
}

// Assess records the final assessment of an active placement (issue 10 §5: "a final
// assessment"): a score from 0 to 100, passed or not, and notes; the placement is completed. It
// is made on or after the placement's last day (the cohort's, unless the placement ends earlier).
func (p Placement) Assess(score int, passed bool, notes, assessor string, today, now time.Time) (Placement, error) {
	var v errs.Violations
	if score < 0 || score > 100 {
		v.Add("score", "must be between 0 and 100, got %d", score)
	}
	textField(&v, "notes", notes, false, maxText)
	if err := v.Err(); err != nil {
		return p, err
	}
	if p.State != PlacementStateActive {
		return p, errs.Preconditionf("placement %s is %s, only an active placement is assessed", p.ID, p.State)
	}
	if today.Before(p.End) {
		return p, errs.Preconditionf("placement %s runs until %s: the final assessment is made on or after that day", p.ID, p.End.Format(time.DateOnly))
	}
	p.State, p.Score, p.Passed, p.Notes, p.Assessor, p.Finished = PlacementStateCompleted, score, passed, strings.TrimSpace(notes), assessor, now
	p.Version++
	return p, nil
}

// Withdraw ends an active placement before its assessment, freeing its agency's seat.
func (p Placement) Withdraw(reason string, now time.Time) (Placement, error) {
	var v errs.Violations
	textField(&v, "reason", reason, true, 1000)
	if err := v.Err(); err != nil {
		return p, err
	}
	if p.State != PlacementStateActive {
		return p, errs.Preconditionf("placement %s is %s, only an active placement can be withdrawn", p.ID, p.State)
	}
	p.State, p.Reason, p.Finished = PlacementStateWithdrawn, strings.TrimSpace(reason), now
	p.Version++
	return p, nil
}

// InternshipEntry returns the JP ledger entry a placement contributes (issue 10 §5): an employee
// participant's completed and passed placement earns its programme's JP, an active one projects
// it, in the year of the placement's last day; a student, a failed, or a withdrawn placement
// counts for nothing (ok false).
func InternshipEntry(p Placement) (JPEntry, bool) {
	if p.Kind != ParticipantEmployee || p.JP <= 0 {
		return JPEntry{}, false
	}
	entry := JPEntry{Employee: p.Employee, Year: p.End.Year(), Source: FromInternship, Ref: p.ID, JP: p.JP}
	switch {
	case p.State == PlacementStateCompleted && p.Passed:
		return entry, true
	case p.State == PlacementStateActive:
		entry.Projected = true
		return entry, true
	}
	return JPEntry{}, false
}

// LogbookReview is where a logbook entry stands with the mentor.
type LogbookReview string

// The review states: pending → approved, or commented (the mentor asked for something) and then
// approved later.
const (
	LogbookPending   LogbookReview = "pending"
	LogbookApproved  LogbookReview = "approved"
	LogbookCommented LogbookReview = "commented"
)

// LogbookEntry is one period's record of an internship (issue 10 §5: "periodic logbook entries by
// the participant, mentor reviews").
type LogbookEntry struct {
	ID         string
	Placement  string
	Date       time.Time // the day (or the period's last day) it records
	Activities string
	Hours      float64 // hours spent, in quarter hours
	Outcome    string
	Author     string // the participant (an employee), or the mentor writing for a student
	Review     LogbookReview
	Comment    string
	Reviewer   string
	Reviewed   time.Time
	Version    int64
	Created    time.Time
	Updated    time.Time
}

// Minutes returns the entry's hours in whole minutes.
func (e LogbookEntry) Minutes() int { return int(math.Round(e.Hours * 60)) }

// ValidateLogbookEntry checks an entry of placement p written on today: the placement is active,
// the date lies within the placement's dates and is not in the future, and hours are between a
// quarter hour and 24 in quarter hours.
func ValidateLogbookEntry(e LogbookEntry, p Placement, today time.Time) error {
	var v errs.Violations
	switch {
	case e.Date.IsZero():
		v.Add("date", "is required")
	case e.Date.Before(p.Start) || e.Date.After(p.End):
		v.Add("date", "must be within the placement's dates %s – %s, got %s", p.Start.Format(time.DateOnly), p.End.Format(time.DateOnly), e.Date.Format(time.DateOnly))
	case e.Date.After(today):
		v.Add("date", "must not be in the future (today is %s), got %s", today.Format(time.DateOnly), e.Date.Format(time.DateOnly))
	}
	textField(&v, "activities", e.Activities, true, maxText)
	if e.Hours < 0.25 || e.Hours > 24 || e.Hours*4 != math.Trunc(e.Hours*4) {
		v.Add("hours", "must be between 0.25 and 24 in quarter hours, got %g", e.Hours)
	}
	textField(&v, "outcome", e.Outcome, false, maxText)
	if err := v.Err(); err != nil {
		return err
	}
	if p.State != PlacementStateActive {
		return errs.Preconditionf("placement %s is %s: its logbook is closed", p.ID, p.State)
	}
	return nil
}

// ReviewLogbook records the mentor's review of an entry: approve, or comment (a comment is then
// required). An approved entry is final; a commented one can be reviewed again.
func (e LogbookEntry) ReviewLogbook(approve bool, comment, reviewer string, now time.Time) (LogbookEntry, error) {
	comment = strings.TrimSpace(comment)
	var v errs.Violations
	textField(&v, "comment", comment, !approve, maxText)
	if err := v.Err(); err != nil {
		return e, err
	}
	if e.Review == LogbookApproved {
		return e, errs.Preconditionf("logbook entry %s was approved by %s on %s", e.ID, e.Reviewer, e.Reviewed.Format(time.DateOnly))
	}
	e.Review = LogbookCommented
	if approve {
		e.Review = LogbookApproved
	}
	e.Comment, e.Reviewer, e.Reviewed = comment, reviewer, now
	e.Version++
	return e, nil
}
