package domain

import (
	"regexp"
	"slices"
	"time"

	"github.com/simpeg-id/simpeg/platform/errs"
)

// PositionKind is the family of a position.
type PositionKind string

// The position kinds.
const (
	PositionStructural PositionKind = "structural"
	PositionFunctional PositionKind = "functional"
	PositionExecutor   PositionKind = "executor"
)

// The range of position classes (kelas jabatan).
const (
	MinClass = 1
	MaxClass = 17
)

// Position is a post in an agency.
type Position struct {
	ID     string
	Title  string
	Kind   PositionKind
	Class  int
	Agency string
	Unit   string
	// Standards is the position's competency standard: each competency it requires, once,
	// with the level required (competency.go).
	Standards []CompetencyStandard
	// Names is input only: the required_competencies of a caller that predates the levels,
	// given instead of Standards. NewPosition and Apply turn them into standards at
	// LevelNotSet; giving both is an error. A stored position never has them.
	Names   []string
	Needed  int
	Current int // active holders, read-only
	// Level is the position's level within its kind (jenjang), which decides its holders'
	// retirement age; "" is not set.
	Level PositionLevel
	// RetirementAge is the position's own retirement age, 0 to take it from the level: 50-70
	// when set, for a functional position whose own law sets one (teachers, 60; PP 11/2017
	// art. 240).
	RetirementAge int
	// NeededFromWorkload: Needed is computed from the position's workload analysis
	// (SetPositionWorkload) and cannot be typed in by Apply.
	NeededFromWorkload bool
	Version            int64
	Created            time.Time
	Updated            time.Time
}

// Competencies returns the names of the competencies the position requires, in the
// standard's order.
func (p Position) Competencies() []string { return CompetencyNames(p.Standards) }

var positionIDPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,62}$`)

// NewPosition validates a new position. agency and unit are the agencies its fields name
// (nil if they do not exist or are empty). Its standard comes from Standards or, given alone,
// Names.
func NewPosition(p Position, agency, unit *Agency, now time.Time) (Position, error) {
	var v errs.Violations
	if !positionIDPattern.MatchString(p.ID) {
		v.Add("position_id", "must be 1-63 lower-case letters, digits or dashes, starting with a letter or digit")
	}
	p.Standards, p.Names = standardsInput(&v, p), nil
	checkPosition(&v, p, agency, unit)
	if err := v.Err(); err != nil {
		return Position{}, err
	}
	p.Version, p.Created, p.Updated = 1, now, now
	return p, nil
}

func checkPosition(v *errs.Violations, p Position, agency, unit *Agency) {
	if l := len([]rune(p.Title)); l < 3 || l > 200 {
		v.Add("title", "must be 3-200 characters")
	}
	switch p.Kind {
	case PositionStructural, PositionFunctional, PositionExecutor:
	default:
		v.Add("kind", "must be structural, functional or executor")
	}
	if p.Class < MinClass || p.Class > MaxClass {
		v.Add("class", "must be a position class from %d to %d, got %d", MinClass, MaxClass, p.Class)
	}
	checkPlacement(v, "agency", "unit", p.Agency, p.Unit, agency, unit)
	if p.Needed < 0 {
		v.Add("needed_headcount", "cannot be negative")
	}
	if p.Level != PositionLevelNotSet && !slices.Contains(PositionLevels(), p.Level) {
		v.Add("level", "%q is not a position level", p.Level)
	}
	if p.RetirementAge != 0 && (p.RetirementAge < MinRetirementAge || p.RetirementAge > MaxRetirementAge) {
		v.Add("retirement_age", "must be 0 (the level's age) or %d to %d, got %d", MinRetirementAge, MaxRetirementAge, p.RetirementAge)
	}
}

// checkPlacement checks that agency names a top-level agency and unit (if any) a unit inside it.
func checkPlacement(v *errs.Violations, agencyField, unitField, agencyCode, unitCode string, agency, unit *Agency) {
	switch {
	case agencyCode == "":
		v.Add(agencyField, "is required")
	case agency == nil:
		v.Add(agencyField, "agency %q does not exist", agencyCode)
	case agency.Parent != "":
		v.Add(agencyField, "%q is a unit of %s; name the top-level agency here and the unit in %s", agencyCode, agency.Root, unitField)
	}
	if unitCode == "" {
		return
	}
	switch {
	case unit == nil:
		v.Add(unitField, "unit %q does not exist", unitCode)
	case unit.Parent == "":
		v.Add(unitField, "%q is a top-level agency, not a unit", unitCode)
	case agency != nil && unit.Root != agency.Code:
		v.Add(unitField, "unit %q belongs to %s, not %s", unitCode, unit.Root, agencyCode)
	}
}

// PositionUpdate carries the new values of an update and which fields to apply.
type PositionUpdate struct {
	Fields []string
	Values Position
	Agency *Agency // the position's agency
	Unit   *Agency // the unit after the update, if any
}

// Apply changes p by u and returns the fields that changed. The standard changes with
// "competency_standards" (from Values.Standards) or "required_competencies" (from
// Values.Names, at LevelNotSet), not both; it is checked only when it changes, so a position
// stored before the competency rules keeps its names until they are next changed. A changed
// standard reports "competency_standards", and "required_competencies" too when the names
// changed.
func (p *Position) Apply(u PositionUpdate, now time.Time) ([]string, error) {
	next := *p
	var v errs.Violations
	if slices.Contains(u.Fields, "competency_standards") && slices.Contains(u.Fields, "required_competencies") {
		v.Add("update_mask", "name competency_standards or required_competencies, not both: they are the same standard")
		return nil, v.Err()
	}
	for _, f := range u.Fields {
		switch f {
		case "title":
			next.Title = u.Values.Title
		case "kind":
			next.Kind = u.Values.Kind
		case "class":
			next.Class = u.Values.Class
		case "unit":
			next.Unit = u.Values.Unit
		case "competency_standards", "required_competencies":
			names, standards := len(u.Values.Names) > 0, len(u.Values.Standards) > 0
			switch {
			case f == "competency_standards" && names && !standards:
				v.Add("required_competencies", "is given but update_mask names competency_standards; name required_competencies, or send competency_standards")
			case f == "required_competencies" && standards && !names:
				v.Add("competency_standards", "is given but update_mask names required_competencies; name competency_standards, or send required_competencies")
			default:
				next.Standards = standardsInput(&v, u.Values)
			}
		case "needed_headcount":
			if p.NeededFromWorkload && u.Values.Needed != p.Needed {
				v.Add("needed_headcount", "is computed from the position's workload analysis (%d); it cannot be typed in — change the workload with SetPositionWorkload instead", p.Needed)
			}
			next.Needed = u.Values.Needed
		case "level":
			next.Level = u.Values.Level
		case "retirement_age":
			next.RetirementAge = u.Values.RetirementAge
		default:
			v.Add("update_mask", "field %q cannot be updated; updatable: title, kind, class, unit, competency_standards, required_competencies, needed_headcount, level, retirement_age", f)
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	checkPosition(&v, next, u.Agency, u.Unit)
	if err := v.Err(); err != nil {
		return nil, err
	}
	var changed []string
	add := func(name string, diff bool) {
		if diff {
			changed = append(changed, name)
		}
	}
	add("title", next.Title != p.Title)
	add("kind", next.Kind != p.Kind)
	add("class", next.Class != p.Class)
	add("unit", next.Unit != p.Unit)
	add("competency_standards", !equalStandards(next.Standards, p.Standards))
	add("required_competencies", !equalStrings(next.Competencies(), p.Competencies()))
	add("needed_headcount", next.Needed != p.Needed)
	add("level", next.Level != p.Level)
	add("retirement_age", next.RetirementAge != p.RetirementAge)
	if len(changed) > 0 {
		next.Version++
		next.Updated = now
	}
	*p = next
	return changed, nil
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
