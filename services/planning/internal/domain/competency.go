package domain

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/simpeg-id/simpeg/platform/errs"
)

// CompetencyType is one of the three kinds of competency an ASN position standard lists
// (PermenPANRB 38/2017 "Standar Kompetensi Jabatan ASN", implementing PP 11/2017): technical
// (teknis), managerial (manajerial) and socio-cultural (sosial kultural).
type CompetencyType string

// The competency types, as the prefix of a competency's name ("technical:network-administration").
const (
	CompetencyTechnical     CompetencyType = "technical"
	CompetencyManagerial    CompetencyType = "managerial"
	CompetencySocioCultural CompetencyType = "socio-cultural"
)

// The levels of a competency standard. PermenPANRB 38/2017 describes each competency of its
// dictionaries (kamus kompetensi) at levels 1 to 5, each level with its behavioural
// indicators; a position's standard names the level its holder needs. LevelNotSet marks a
// standard whose level nobody gave yet (one created from a name alone), which a competency
// gap leaves out.
const (
	LevelNotSet        = 0
	MinCompetencyLevel = 1
	MaxCompetencyLevel = 5
)

// MaxStandards is the most competencies a position's standard lists.
const MaxStandards = 50

// maxCompetencyName is the longest competency name, "type:slug", in characters.
const maxCompetencyName = 100

var competencySlug = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// CompetencyStandard is one competency a position requires, with the level it requires.
type CompetencyStandard struct {
	Competency string // "type:slug", e.g. "technical:network-administration"
	Level      int    // MinCompetencyLevel to MaxCompetencyLevel, or LevelNotSet
}

// Type is the competency's type, the part of its name before the colon.
func (s CompetencyStandard) Type() CompetencyType {
	t, _, _ := strings.Cut(s.Competency, ":")
	return CompetencyType(t)
}

// StandardsOf returns standards at LevelNotSet for competency names, in their order: what a
// caller that predates the levels gives as required_competencies.
func StandardsOf(names []string) []CompetencyStandard {
	if names == nil {
		return nil
	}
	out := make([]CompetencyStandard, len(names))
	for i, n := range names {
		out[i] = CompetencyStandard{Competency: n, Level: LevelNotSet}
	}
	return out
}

// CompetencyNames returns the names of standards, in their order.
func CompetencyNames(ss []CompetencyStandard) []string {
	if ss == nil {
		return nil
	}
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = s.Competency
	}
	return out
}

// checkCompetency returns what is wrong with a competency name, or "" when it is a valid
// "type:slug" of one of the three types.
func checkCompetency(name string) string {
	t, slug, ok := strings.Cut(name, ":")
	switch {
	case !ok:
		return fmt.Sprintf("must be \"type:slug\" with type technical, managerial or socio-cultural, e.g. \"technical:network-administration\"; got %q", name)
	case CompetencyType(t) != CompetencyTechnical && CompetencyType(t) != CompetencyManagerial && CompetencyType(t) != CompetencySocioCultural:
		return fmt.Sprintf("type %q is not technical, managerial or socio-cultural (PermenPANRB 38/2017)", t)
	case len(name) > maxCompetencyName:
		return fmt.Sprintf("must be at most %d characters", maxCompetencyName)
	case !competencySlug.MatchString(slug):
		return fmt.Sprintf("the part after %q must be lower-case letters, digits and dashes, starting with a letter or digit; got %q", t+":", slug)
	}
	return ""
}

// checkStandards checks a position's standard as the caller gave it. byName is true when the
// caller gave only names (required_competencies): violations then name
// "required_competencies[i]", otherwise "competency_standards[i].competency" or ".level".
// A competency appears at most once.
func checkStandards(v *errs.Violations, ss []CompetencyStandard, byName bool) {
	list := "competency_standards"
	if byName {
		list = "required_competencies"
	}
	if len(ss) > MaxStandards {
		v.Add(list, "lists %d competencies; at most %d", len(ss), MaxStandards)
		return
	}
	seen := make(map[string]int, len(ss))
	for i, s := range ss {
		field := fmt.Sprintf("%s[%d]", list, i)
		if !byName {
			field += ".competency"
		}
		if msg := checkCompetency(s.Competency); msg != "" {
			v.Add(field, "%s", msg)
		} else if j, dup := seen[s.Competency]; dup {
			v.Add(field, "%q is listed twice (also at [%d]); a standard names each competency once", s.Competency, j)
		} else {
			seen[s.Competency] = i
		}
		if !byName && (s.Level < LevelNotSet || s.Level > MaxCompetencyLevel) {
			v.Add(fmt.Sprintf("%s[%d].level", list, i), "must be %d to %d (PermenPANRB 38/2017), or %d for not set; got %d",
				MinCompetencyLevel, MaxCompetencyLevel, LevelNotSet, s.Level)
		}
	}
}

// standardsInput returns the standards a caller gave: Standards, or, when the caller gave
// only Names (required_competencies), those names at LevelNotSet. Giving both is a violation
// naming required_competencies.
func standardsInput(v *errs.Violations, p Position) []CompetencyStandard {
	switch {
	case len(p.Names) > 0 && len(p.Standards) > 0:
		v.Add("required_competencies", "give competency_standards (with levels) or required_competencies (names only), not both")
		return nil
	case len(p.Names) > 0:
		ss := StandardsOf(p.Names)
		checkStandards(v, ss, true)
		return ss
	}
	checkStandards(v, p.Standards, false)
	return p.Standards
}

func equalStandards(a, b []CompetencyStandard) bool {
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
