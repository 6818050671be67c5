package domain

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/simpeg-id/simpeg/platform/errs"
)

// AssessmentSource is where an assessed competency level comes from (issue 10 §1).
type AssessmentSource string

// The sources. A self-assessment counts only once HR has verified it.
const (
	FromAssessment     AssessmentSource = "assessment"
	FromTraining       AssessmentSource = "training"
	FromSelfAssessment AssessmentSource = "self_assessment"
)

// Valid reports whether s is one of the three sources.
func (s AssessmentSource) Valid() bool {
	return s == FromAssessment || s == FromTraining || s == FromSelfAssessment
}

// Assessment is one assessed level of one competency of one employee.
type Assessment struct {
	ID         string
	Employee   string
	Agency     string // the employee's agency when it was recorded
	Competency string // "type:slug", as planning's positions name it
	Level      int    // MinLevel to MaxLevel
	Date       time.Time
	Source     AssessmentSource
	Note       string
	RecordedBy string
	// Verified is set for a self-assessment once HR has verified it; an assessment of another
	// source counts as recorded and is never "verified".
	Verified   bool
	VerifiedBy string
	VerifyTime time.Time
	Version    int64
	Created    time.Time
	Updated    time.Time
}

// Counts reports whether the assessment counts toward the employee's level: every assessment
// but an unverified self-assessment.
func (a Assessment) Counts() bool { return a.Source != FromSelfAssessment || a.Verified }

// Gap is how far an employee's assessed level is below the position's required level.
type Gap struct {
	Competency string
	Required   int
	Assessed   int // 0 when never assessed
	Gap        int // Required − Assessed, > 0
}

// CompetencyGaps returns required − assessed for every required competency where that is
// positive, sorted by gap (largest first) then name. The latest counting assessment of a
// competency is its level; an unverified self-assessment does not count.
func CompetencyGaps(required map[string]int, assessed []Assessment) []Gap {
	latest := LatestAssessments(assessed)
	var gaps []Gap
	for c, req := range required {
		have := latest[c].Level
		if req > have {
			gaps = append(gaps, Gap{Competency: c, Required: req, Assessed: have, Gap: req - have})
		}
	}
	sort.Slice(gaps, func(i, j int) bool {
		if gaps[i].Gap != gaps[j].Gap {
			return gaps[i].Gap > gaps[j].Gap
		}
		return gaps[i].Competency < gaps[j].Competency
	})
	return gaps
}

// LatsarState is where a CPNS stands with the basic training.
type LatsarState string

// The Latsar states.
const (
	LatsarDone    LatsarState = "done"    // completed within the first year
	LatsarDue     LatsarState = "due"     // not yet, the first year still runs
	LatsarFlagged LatsarState = "flagged" // not completed within the first year
)

// Latsar returns a CPNS's Latsar state: a CPNS serves one year of probation, carried out through
// integrated training, and must complete Latsar in it (DOMAIN.md; PP 11/2017 as amended by PP
// 17/2020, art. 34–37; Peraturan LAN 1/2021 on Pelatihan Dasar CPNS, as amended by Peraturan LAN
// 10/2021). appointed is the CPNS appointment (TMT CPNS);
// completed is the Latsar completion, zero if none. The deadline is one calendar year after
// appointment.
func Latsar(appointed, completed, now time.Time) (LatsarState, time.Time) {
	deadline := appointed.AddDate(1, 0, 0)
	switch {
	case !completed.IsZero() && !completed.After(deadline):
		return LatsarDone, deadline
	case !now.After(deadline): // the deadline day itself still counts, as a completion on it does
		return LatsarDue, deadline
	}
	return LatsarFlagged, deadline
}

// The levels of a competency. PermenPANRB 38/2017 (Standar Kompetensi Jabatan ASN) describes each
// competency of its dictionaries at five levels, each with its behavioural indicators; a
// position's standard names the level its holder needs and an assessment finds the level held.
const (
	MinLevel = 1
	MaxLevel = 5
)

// maxCompetencyName is the longest competency name, "type:slug", in characters (planning's).
const maxCompetencyName = 100

// competencyTypes are the prefixes of competency names, as planning's positions write them
// (PermenPANRB 38/2017: technical, managerial, socio-cultural). Note the dash: the names are
// planning's, unlike CompetencyType, a programme's own field.
var competencyTypes = []string{"technical", "managerial", "socio-cultural"}

// CheckCompetencyName returns what is wrong with a competency name, or "" when it is planning's
// "type:slug": type technical, managerial or socio-cultural, the slug lower-case letters, digits
// and dashes starting with a letter or digit, at most 100 characters in all.
func CheckCompetencyName(name string) string {
	t, slug, ok := strings.Cut(name, ":")
	switch {
	case !ok:
		return fmt.Sprintf(`must be "type:slug" with type technical, managerial or socio-cultural, e.g. "technical:network-administration"; got %q`, name)
	case !slices.Contains(competencyTypes, t):
		return fmt.Sprintf("type %q is not technical, managerial or socio-cultural (PermenPANRB 38/2017)", t)
	case len(name) > maxCompetencyName:
		return fmt.Sprintf("must be at most %d characters", maxCompetencyName)
	case !validSlug(slug):
		return fmt.Sprintf("the part after %q must be lower-case letters, digits and dashes, starting with a letter or digit; got %q", t+":", slug)
	}
	return ""
}

func validSlug(s string) bool {
	if s == "" || s[0] == '-' {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

// maxAssessmentNote is the longest note an assessment carries, in characters.
const maxAssessmentNote = 1000

// NewAssessment checks an assessment before it is recorded: a competency named as planning names
// it, a level from 1 to 5, a date not after today (the date of now where it is latest), a known
// source and a note of at most 1000 characters. A self-assessment starts unverified; no
// assessment of another source is ever "verified". It sets Version 1 and the times.
//
// A level is never implied: passing a session of a programme that builds a competency records
// no assessment by itself (attendance says nothing of the level reached); HR records a
// "training" assessment when the training's own evaluation found one.
func NewAssessment(a Assessment, now time.Time) (Assessment, error) {
	var v errs.Violations
	a.Note = strings.TrimSpace(a.Note)
	if msg := CheckCompetencyName(a.Competency); msg != "" {
		v.Add("competency", "%s", msg)
	}
	if a.Level < MinLevel || a.Level > MaxLevel {
		v.Add("level", "must be %d to %d (PermenPANRB 38/2017), got %d", MinLevel, MaxLevel, a.Level)
	}
	if a.Date.IsZero() {
		v.Add("date", "is required")
	} else if today := latestToday(now); a.Date.Format(time.DateOnly) > today {
		v.Add("date", "%s is in the future (today is %s)", a.Date.Format(time.DateOnly), today)
	}
	if !a.Source.Valid() {
		v.Add("source", "must be assessment, training or self_assessment, got %q", a.Source)
	}
	if utf8.RuneCountInString(a.Note) > maxAssessmentNote {
		v.Add("note", "must be at most %d characters", maxAssessmentNote)
	}
	if err := v.Err(); err != nil {
		return a, err
	}
	a.Verified, a.VerifiedBy, a.VerifyTime = false, "", time.Time{}
	a.Version, a.Created, a.Updated = 1, now, now
	return a, nil
}

// latestToday is the date of now in UTC+14, where a day begins first: a date no later than it
// is today or past somewhere, so an assessment dated today in any Indonesian zone passes.
func latestToday(now time.Time) string {
	return now.In(time.FixedZone("UTC+14", 14*3600)).Format(time.DateOnly)
}

// Verify marks a self-assessment verified by HR, so that it counts. Only an unverified
// self-assessment can be verified, and not by the employee who made it (issue 10 §1:
// "self-assessment verified by HR").
func (a Assessment) Verify(by string, now time.Time) (Assessment, error) {
	switch {
	case a.Source != FromSelfAssessment:
		return a, errs.Preconditionf("assessment %s is of source %s; only a self-assessment is verified", a.ID, a.Source)
	case a.Verified:
		return a, errs.Preconditionf("assessment %s was already verified by %s", a.ID, a.VerifiedBy)
	case by == a.Employee:
		return a, errs.Deniedf("%s may not verify their own self-assessment", by)
	}
	a.Verified, a.VerifiedBy, a.VerifyTime = true, by, now
	a.Version++
	a.Updated = now
	return a, nil
}

// LatestAssessments returns the level of each competency: its latest counting assessment (an
// unverified self-assessment does not count). Of two on the same date the later in assessed
// wins, so a caller passing them in recording order gets the one recorded last.
func LatestAssessments(assessed []Assessment) map[string]Assessment {
	latest := map[string]Assessment{}
	for _, a := range assessed {
		if !a.Counts() {
			continue
		}
		if cur, ok := latest[a.Competency]; !ok || !a.Date.Before(cur.Date) {
			latest[a.Competency] = a
		}
	}
	return latest
}

// Predicate is an employee's annual performance predicate (PermenPANRB 6/2022), from best to
// worst: Sangat Baik, Baik, Butuh Perbaikan, Kurang, Sangat Kurang.
type Predicate string

// The predicates.
const (
	SangatBaik     Predicate = "sangat_baik"
	Baik           Predicate = "baik"
	ButuhPerbaikan Predicate = "butuh_perbaikan"
	Kurang         Predicate = "kurang"
	SangatKurang   Predicate = "sangat_kurang"
)

// Predicates lists the predicates from best to worst.
func Predicates() []Predicate {
	return []Predicate{SangatBaik, Baik, ButuhPerbaikan, Kurang, SangatKurang}
}

// Valid reports whether p is one of the five predicates.
func (p Predicate) Valid() bool { return slices.Contains(Predicates(), p) }

// BelowBaik reports whether p is a performance gap: a predicate below Baik (issue 10 §1, "the
// performance gap: a predicate below Baik").
func (p Predicate) BelowBaik() bool {
	return p == ButuhPerbaikan || p == Kurang || p == SangatKurang
}

// Performance is an employee's finalised annual performance predicate of one year, as the
// evaluation service announces it (issue 11 §4: training consumes the finalised ratings as
// performance gaps). Only the latest evaluation of an employee and year is kept: a decided
// objection replaces the first rating.
type Performance struct {
	Employee  string
	Year      int
	Predicate Predicate
	// Source is the id of the event that carried it, so a redelivered event changes nothing.
	Source string
	// Evaluated is when the rating was finalised; an older one never replaces a newer one.
	Evaluated time.Time
	Recorded  time.Time
}

// Gap reports whether the performance is a gap (a predicate below Baik).
func (p Performance) Gap() bool { return p.Predicate.BelowBaik() }

// ValidatePerformance checks a performance record before it is kept.
func ValidatePerformance(p Performance) error {
	var v errs.Violations
	if strings.TrimSpace(p.Employee) == "" {
		v.Add("employee", "is required")
	}
	if p.Year < 2000 || p.Year > 2100 {
		v.Add("year", "must be a year from 2000 to 2100, got %d", p.Year)
	}
	if !p.Predicate.Valid() {
		v.Add("predicate", "must be one of %v, got %q", Predicates(), p.Predicate)
	}
	if strings.TrimSpace(p.Source) == "" {
		v.Add("source", "must name the event that carried the rating")
	}
	if p.Evaluated.IsZero() {
		v.Add("evaluated", "is required")
	}
	return v.Err()
}

// Replaces reports whether p, just received, replaces held, the record kept for the same
// employee and year: a different event finalised later (or at the same instant, the last
// received wins). The same event again replaces nothing.
func (p Performance) Replaces(held Performance) bool {
	return p.Source != held.Source && !p.Evaluated.Before(held.Evaluated)
}
