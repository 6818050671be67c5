package app

// The catalogue's programmes: what is taught, by whom, and for how many JP.

import (
	"context"
	"strconv"
	"strings"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/paging"
	"github.com/simpeg-id/simpeg/platform/resource"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

// Page sizes of the catalogue's lists.
const (
	DefaultCataloguePageSize = 100
	MaxCataloguePageSize     = 1000
)

// ProgrammeName is the resource name of a programme.
func ProgrammeName(id string) string { return "programmes/" + id }

// SessionName is the resource name of a session.
func SessionName(id string) string { return "sessions/" + id }

// EnrolmentName is the resource name of an enrolment.
func EnrolmentName(id string) string { return "enrolments/" + id }

// CreateProgramme adds in to the catalogue under its caller-chosen id: the city's catalogue
// (in.Agency empty) by city HR only, an agency's by that agency's HR or city HR. The JP of a
// form counted in hours is computed from its minutes (domain.NewProgramme).
func (a *App) CreateProgramme(ctx context.Context, in domain.Programme) (domain.Programme, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return domain.Programme{}, err
	}
	if err := requireCatalogueOwner(g, in.Agency); err != nil {
		return domain.Programme{}, err
	}
	p, err := domain.CreateProgramme(in, a.policy, a.now())
	if err != nil {
		// The id is the request's programme_id; the rest are the programme's fields.
		return domain.Programme{}, renameField(prefixFields("programme", err), "programme.id", "programme_id")
	}
	err = a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		if err := tx.InsertProgramme(ctx, p); err != nil {
			return err
		}
		return tx.Audit(ctx, AuditEntry{Resource: ProgrammeName(p.ID), Detail: "created: " + programmeSummary(p)})
	})
	if err != nil {
		return domain.Programme{}, err
	}
	return p, nil
}

// requireCatalogueOwner refuses a change to the catalogue of agency ("" the city's) by a caller
// whose grant does not reach it.
func requireCatalogueOwner(g auth.Grant, agency string) error {
	if agency == "" && g.Scope != auth.ScopeAll {
		return errs.Deniedf("%s (agency %q) may not change the city's catalogue: city HR keeps it; set agency to your own for your agency's", g.Subject, g.Agency)
	}
	return resource.RequireReach(g, agency)
}

// programmeSummary describes p for the audit trail.
func programmeSummary(p domain.Programme) string {
	owner := "the city's catalogue"
	if p.Agency != "" {
		owner = "agency " + p.Agency
	}
	return strings.Join([]string{p.Title, string(p.Form), strconv.Itoa(p.JP) + " JP", p.Provider, owner}, ", ")
}

// GetProgramme reads a programme. The catalogue is open to every caller.
func (a *App) GetProgramme(ctx context.Context, id string) (domain.Programme, error) {
	if _, err := resource.Grant(ctx); err != nil {
		return domain.Programme{}, err
	}
	return a.repo.GetProgramme(ctx, id)
}

// ProgrammeListOptions filter and page ListProgrammes.
type ProgrammeListOptions struct {
	// Agency keeps the programmes that agency may use: its own and the city's.
	Agency string
	Form   domain.Form
	Type   domain.CompetencyType
	// Competency keeps the programmes building it.
	Competency string
	// Query keeps titles containing it (case-insensitive).
	Query string
	// IncludeRetired lists retired programmes too.
	IncludeRetired bool
	PageSize       int
	PageToken      string
}

// ListProgrammes lists the catalogue in id order. The catalogue is open to every caller.
func (a *App) ListProgrammes(ctx context.Context, o ProgrammeListOptions) ([]domain.Programme, string, error) {
	if _, err := resource.Grant(ctx); err != nil {
		return nil, "", err
	}
	var v errs.Violations
	if o.Form != "" && !o.Form.Valid() {
		v.Add("form", "must be one of %v, got %q", domain.Forms(), o.Form)
	}
	if o.Type != "" && !o.Type.Valid() {
		v.Add("competency_type", "must be technical, managerial or socio_cultural, got %q", o.Type)
	}
	if len(o.Query) > 100 {
		v.Add("query", "must be at most 100 characters")
	}
	if err := v.Err(); err != nil {
		return nil, "", err
	}
	after, err := paging.Key(o.PageToken)
	if err != nil {
		return nil, "", err
	}
	size := resource.PageSize(o.PageSize, DefaultCataloguePageSize, MaxCataloguePageSize)
	f := ProgrammeFilter{Agency: o.Agency, Form: o.Form, Type: o.Type, Competency: strings.TrimSpace(o.Competency),
		Query: strings.TrimSpace(o.Query), After: after, Limit: size + 1}
	if !o.IncludeRetired {
		f.State = domain.ProgrammeActive
	}
	out, err := a.repo.ListProgrammes(ctx, f)
	if err != nil {
		return nil, "", err
	}
	page, next := resource.Page(out, size, func(p domain.Programme) string { return p.ID })
	return page, next, nil
}

// UpdateProgramme changes the fields of programme id named in u.Fields (domain.ProgrammeFields)
// to their values in u.Values, if etag (when given) is current; by whoever may create it
// (CreateProgramme). Once the programme has sessions its form, minutes and JP are fixed
// (domain.Programme.Apply).
func (a *App) UpdateProgramme(ctx context.Context, id, etag string, u domain.ProgrammeUpdate) (domain.Programme, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return domain.Programme{}, err
	}
	var out domain.Programme
	err = a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		p, err := tx.GetProgramme(ctx, id)
		if err != nil {
			return err
		}
		if err := requireCatalogueOwner(g, p.Agency); err != nil {
			return err
		}
		if err := resource.CheckEtag(ProgrammeName(id), etag, p.Version); err != nil {
			return err
		}
		has, err := tx.ProgrammeHasSessions(ctx, id)
		if err != nil {
			return err
		}
		changed, err := p.Apply(u, a.policy, has, a.now())
		if err != nil {
			return prefixFields("programme", err)
		}
		out = p
		if len(changed) == 0 {
			return nil
		}
		if err := tx.UpdateProgramme(ctx, p); err != nil {
			return err
		}
		return tx.Audit(ctx, AuditEntry{Resource: ProgrammeName(id), Detail: "updated " + strings.Join(changed, ", ") + ": " + programmeSummary(p) + ", " + string(p.State)})
	})
	if err != nil {
		return domain.Programme{}, err
	}
	return out, nil
}

// prefixFields prefixes the fields err's violations name with p and a dot, as the request
// nests them ("title" → "programme.title"), keeping the error's kind, reason and message;
// update_mask stays as it is, a field of the request itself.
func prefixFields(p string, err error) error {
	e, ok := errs.As(err)
	if !ok || len(e.Violations) == 0 {
		return err
	}
	out := *e
	out.Violations = make([]errs.FieldViolation, len(e.Violations))
	for i, v := range e.Violations {
		if v.Field != "update_mask" {
			v.Field = p + "." + v.Field
		}
		out.Violations[i] = v
	}
	return &out
}

// renameField renames the field from of err's violations to to, keeping everything else.
func renameField(err error, from, to string) error {
	e, ok := errs.As(err)
	if !ok {
		return err
	}
	for i := range e.Violations {
		if e.Violations[i].Field == from {
			e.Violations[i].Field = to
		}
	}
	return e
}
