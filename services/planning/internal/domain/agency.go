package domain

import (
	"regexp"
	"time"

	"github.com/simpeg-id/simpeg/platform/errs"
)

// AgencyKind is what sort of organisation an agency is.
type AgencyKind string

// The agency kinds. A unit sits inside another agency; the others are top-level.
const (
	KindSecretariat AgencyKind = "secretariat"
	KindDinas       AgencyKind = "dinas"
	KindBadan       AgencyKind = "badan"
	KindOther       AgencyKind = "other"
	KindKecamatan   AgencyKind = "kecamatan"
	KindHospital    AgencyKind = "hospital"
	KindUnit        AgencyKind = "unit"
)

// Agency is an agency (OPD) or a unit inside one.
type Agency struct {
	Code    string
	Name    string
	Kind    AgencyKind
	Parent  string // empty for a top-level agency
	Root    string // the top-level agency; Code itself for a top-level agency
	Version int64
	Created time.Time
	Updated time.Time
}

var codePattern = regexp.MustCompile(`^[A-Z0-9][A-Z0-9-]{1,31}$`)

// NewAgency validates a new agency. parent is the agency named by a.Parent, nil if none.
func NewAgency(a Agency, parent *Agency, now time.Time) (Agency, error) {
	var v errs.Violations
	if !codePattern.MatchString(a.Code) {
		v.Add("code", "must be 2-32 upper-case letters, digits or dashes, starting with a letter or digit")
	}
	checkAgencyFields(&v, a, parent)
	if err := v.Err(); err != nil {
		return Agency{}, err
	}
	a.Root = a.Code
	if parent != nil {
		a.Root = parent.Root
	}
	a.Version, a.Created, a.Updated = 1, now, now
	return a, nil
}

func checkAgencyFields(v *errs.Violations, a Agency, parent *Agency) {
	if l := len([]rune(a.Name)); l < 3 || l > 200 {
		v.Add("display_name", "must be 3-200 characters")
	}
	switch a.Kind {
	case KindSecretariat, KindDinas, KindBadan, KindOther, KindKecamatan, KindHospital:
		if a.Parent != "" {
			v.Add("parent", "only units have a parent; a %s is a top-level agency", a.Kind)
		}
	case KindUnit:
		if a.Parent == "" {
			v.Add("parent", "a unit must name the agency or unit it belongs to")
		}
	default:
		v.Add("kind", "must be one of secretariat, dinas, badan, other, kecamatan, hospital, unit")
	}
	if a.Parent != "" && parent == nil {
		v.Add("parent", "agency %q does not exist", a.Parent)
	}
	if a.Parent != "" && a.Parent == a.Code {
		v.Add("parent", "an agency cannot be its own parent")
	}
}

// AgencyUpdate carries the new values of an update and which fields to apply.
type AgencyUpdate struct {
	Fields []string // display_name, kind, parent
	Values Agency
	Parent *Agency // the new parent, when parent is in Fields and non-empty
	// ParentChain lists the new parent's ancestors up to its root, to refuse cycles.
	ParentChain []string
}

// Apply changes a by u and returns the names of the fields that changed.
func (a *Agency) Apply(u AgencyUpdate, now time.Time) ([]string, error) {
	next := *a
	var v errs.Violations
	for _, f := range u.Fields {
		switch f {
		case "display_name":
			next.Name = u.Values.Name
		case "kind":
			next.Kind = u.Values.Kind
		case "parent":
			next.Parent = u.Values.Parent
		default:
			v.Add("update_mask", "field %q cannot be updated; updatable: display_name, kind, parent", f)
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	parent := u.Parent
	if next.Parent == "" {
		parent = nil
	}
	checkAgencyFields(&v, next, parent)
	for _, c := range u.ParentChain {
		if c == a.Code {
			v.Add("parent", "%q is inside %s; moving it there would make a cycle", next.Parent, a.Code)
			break
		}
	}
	if next.Parent != a.Parent && parent != nil && parent.Root != a.Root {
		v.Add("parent", "a unit can move only within its own agency (%s)", a.Root)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	var changed []string
	if next.Name != a.Name {
		changed = append(changed, "display_name")
	}
	if next.Kind != a.Kind {
		changed = append(changed, "kind")
	}
	if next.Parent != a.Parent {
		changed = append(changed, "parent")
	}
	if len(changed) > 0 {
		next.Version++
		next.Updated = now
	}
	*a = next
	return changed, nil
}
