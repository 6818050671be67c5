package app

// Partner institutions and their agreements (issue 10 §5): city HR keeps them; everyone signed in
// reads them (they are no one's personal data).

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/paging"
	"github.com/simpeg-id/simpeg/platform/resource"
	"github.com/simpeg-id/simpeg/services/planning/directory"
	"github.com/simpeg-id/simpeg/services/training/internal/domain"
)

// Page sizes of the internship area's lists.
const (
	DefaultInternshipPageSize = 100
	MaxInternshipPageSize     = 1000
)

// PartnerName is partner id's resource name.
func PartnerName(id string) string { return "partners/" + id }

// AgreementName is the resource name of agreement id of partner.
func AgreementName(partner, id string) string { return PartnerName(partner) + "/agreements/" + id }

// internToday is the date of now as the internship area compares dates: the directory's "today"
// (directory.Today, the date in WIT, where it changes first in Indonesia) as a midnight UTC.
func internToday(now time.Time) time.Time {
	d, _ := time.Parse(time.DateOnly, directory.Today(now))
	return d
}

// internCityHR refuses a change that only city HR makes (partners, agreements, cohorts) to a
// caller who is not city HR with a grant reaching every agency (an auditor reaches every agency
// but only reads).
func internCityHR(g auth.Grant, what string) error {
	if g.Scope == auth.ScopeAll && g.Has(auth.RoleCityHR) {
		return nil
	}
	return errs.Deniedf("%s (agency %q) may not %s: city HR keeps the internship partners, agreements and cohorts", g.Subject, g.Agency, what)
}

// internPage reads a page token and a page size the way every internship list does.
func internPage(pageSize int, pageToken string) (after string, size int, err error) {
	if after, err = paging.Key(pageToken); err != nil {
		return "", 0, err
	}
	return after, resource.PageSize(pageSize, DefaultInternshipPageSize, MaxInternshipPageSize), nil
}

// internPrefix is errs.Prefix(p, err) for every violation but those of the fields keep, which
// are the request's own (such as the id a create call gives), not the resource's.
func internPrefix(p string, err error, keep ...string) error {
	e, ok := errs.As(err)
	if !ok || len(e.Violations) == 0 {
		return err
	}
	var v errs.Violations
	for _, fv := range e.Violations {
		if !slices.Contains(keep, fv.Field) {
			fv.Field = p + "." + fv.Field
		}
		v = append(v, fv)
	}
	return v.Err()
}

// internTrim trims the text fields of a contact.
func internTrim(c domain.Contact) domain.Contact {
	return domain.Contact{Name: strings.TrimSpace(c.Name), Email: strings.TrimSpace(c.Email), Phone: strings.TrimSpace(c.Phone)}
}

// CreatePartner registers a partner institution under its id (a slug such as "usu"). City HR
// only.
func (a *App) CreatePartner(ctx context.Context, in domain.Partner) (domain.Partner, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return domain.Partner{}, err
	}
	if err := internCityHR(g, "create a partner"); err != nil {
		return domain.Partner{}, err
	}
	in.ID, in.Name, in.Address = strings.TrimSpace(in.ID), strings.TrimSpace(in.Name), strings.TrimSpace(in.Address)
	in.Contact = internTrim(in.Contact)
	if err := domain.ValidatePartner(in); err != nil {
		return domain.Partner{}, internPrefix("partner", err, "partner_id")
	}
	in.Version, in.Created = 1, a.now().UTC()
	in.Updated = in.Created
	err = a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		if err := tx.InsertPartner(ctx, in); err != nil {
			return err
		}
		return tx.Audit(ctx, AuditEntry{Resource: PartnerName(in.ID), Detail: fmt.Sprintf("created: %s %q", in.Kind, in.Name)})
	})
	if err != nil {
		return domain.Partner{}, err
	}
	return in, nil
}

// GetPartner reads a partner.
func (a *App) GetPartner(ctx context.Context, id string) (domain.Partner, error) {
	if _, err := resource.Grant(ctx); err != nil {
		return domain.Partner{}, err
	}
	return a.repo.GetPartner(ctx, id)
}

// ListPartners lists partners in id order; the returned token continues the list.
func (a *App) ListPartners(ctx context.Context, pageSize int, pageToken string) ([]domain.Partner, string, error) {
	if _, err := resource.Grant(ctx); err != nil {
		return nil, "", err
	}
	after, size, err := internPage(pageSize, pageToken)
	if err != nil {
		return nil, "", err
	}
	out, err := a.repo.ListPartners(ctx, after, size+1)
	if err != nil {
		return nil, "", err
	}
	page, next := resource.Page(out, size, func(p domain.Partner) string { return p.ID })
	return page, next, nil
}

// partnerFields are the fields UpdatePartner may change.
var partnerFields = []string{"display_name", "kind", "address", "contact.name", "contact.email", "contact.phone"}

// partnerField returns an updatable field's value, for comparing.
func partnerField(p domain.Partner, f string) string {
	switch f {
	case "display_name":
		return p.Name
	case "kind":
		return string(p.Kind)
	case "address":
		return p.Address
	case "contact.name":
		return p.Contact.Name
	case "contact.email":
		return p.Contact.Email
	case "contact.phone":
		return p.Contact.Phone
	}
	return ""
}

// UpdatePartner sets the fields of partner id named in fields (of display_name, kind, address,
// contact.name, contact.email, contact.phone; "contact" names all three) to their values in
// values, if etag (when given) is current. City HR only.
func (a *App) UpdatePartner(ctx context.Context, id, etag string, fields []string, values domain.Partner) (domain.Partner, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return domain.Partner{}, err
	}
	if err := internCityHR(g, "change a partner"); err != nil {
		return domain.Partner{}, err
	}
	var mask []string
	for _, f := range fields {
		switch {
		case f == "contact":
			mask = append(mask, "contact.name", "contact.email", "contact.phone")
		case slices.Contains(partnerFields, f):
			mask = append(mask, f)
		default:
			return domain.Partner{}, errs.Invalidf("update_mask", "%q cannot be changed; the fields are %s", f, strings.Join(partnerFields, ", "))
		}
	}
	if len(mask) == 0 {
		return domain.Partner{}, errs.Invalidf("update_mask", "is required: name the fields to change, of %s", strings.Join(partnerFields, ", "))
	}
	values.Contact = internTrim(values.Contact)
	var out domain.Partner
	err = a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		p, err := tx.GetPartner(ctx, id)
		if err != nil {
			return err
		}
		if err := resource.CheckEtag(PartnerName(id), etag, p.Version); err != nil {
			return err
		}
		next := p
		for _, f := range mask {
			switch f {
			case "display_name":
				next.Name = strings.TrimSpace(values.Name)
			case "kind":
				next.Kind = values.Kind
			case "address":
				next.Address = strings.TrimSpace(values.Address)
			case "contact.name":
				next.Contact.Name = values.Contact.Name
			case "contact.email":
				next.Contact.Email = values.Contact.Email
			case "contact.phone":
				next.Contact.Phone = values.Contact.Phone
			}
		}
		if err := domain.ValidatePartner(next); err != nil {
			return errs.Prefix("partner", err)
		}
		var changed []string
		for _, f := range mask {
			if !slices.Contains(changed, f) && partnerField(p, f) != partnerField(next, f) {
				changed = append(changed, f)
			}
		}
		out = p
		if len(changed) == 0 {
			return nil
		}
		next.Version, next.Updated = p.Version+1, a.now().UTC()
		if err := tx.UpdatePartner(ctx, next); err != nil {
			return err
		}
		out = next
		return tx.Audit(ctx, AuditEntry{Resource: PartnerName(id), Detail: "updated: " + strings.Join(changed, ", ")})
	})
	return out, err
}

// CreateAgreement records an agreement with partner in.Partner. Its number is unique in the
// city. City HR only.
func (a *App) CreateAgreement(ctx context.Context, in domain.Agreement) (domain.Agreement, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return domain.Agreement{}, err
	}
	if err := internCityHR(g, "record an agreement"); err != nil {
		return domain.Agreement{}, err
	}
	id, err := uuid.NewV7()
	if err != nil {
		return domain.Agreement{}, err
	}
	in.ID = id.String()
	in.Number, in.Title = strings.TrimSpace(in.Number), strings.TrimSpace(in.Title)
	in.Scope, in.Document = strings.TrimSpace(in.Scope), strings.TrimSpace(in.Document)
	in.Contact = internTrim(in.Contact)
	if err := domain.ValidateAgreement(in); err != nil {
		return domain.Agreement{}, errs.Prefix("agreement", err)
	}
	now := a.now()
	in.Version, in.Created = 1, now.UTC()
	in.Updated = in.Created
	err = a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		if _, err := tx.GetPartner(ctx, in.Partner); err != nil {
			if errs.IsKind(err, errs.NotFound) {
				return errs.Invalidf("parent", "no partner %q", in.Partner)
			}
			return err
		}
		if err := tx.InsertAgreement(ctx, in); err != nil {
			return err
		}
		return tx.Audit(ctx, AuditEntry{Resource: AgreementName(in.Partner, in.ID), Detail: fmt.Sprintf("created: %s %q, %s – %s",
			in.Number, in.Title, in.Start.Format(time.DateOnly), in.End.Format(time.DateOnly))})
	})
	if err != nil {
		return domain.Agreement{}, err
	}
	return in.AsOf(internToday(now), a.policy.AgreementWarningDays), nil
}

// AgreementFilter narrows ListAgreements: a partner's agreements, those in a state on today,
// and those expiring within some days (not yet ended, last day at most that many days from
// today). Zero fields do not narrow.
type AgreementFilter struct {
	Partner            string
	State              domain.AgreementState
	ExpiringWithinDays int
}

// ListAgreements lists agreements ending soonest first, each with its state and days left on
// today: expiring once its end is within the policy's warning days (Policy.AgreementWarningDays,
// 90 by default), so HR sees it ahead of time (issue 10 §5).
func (a *App) ListAgreements(ctx context.Context, f AgreementFilter, pageSize int, pageToken string) ([]domain.Agreement, string, error) {
	if _, err := resource.Grant(ctx); err != nil {
		return nil, "", err
	}
	after, size, err := internPage(pageSize, pageToken)
	if err != nil {
		return nil, "", err
	}
	today := internToday(a.now())
	warn := a.policy.AgreementWarningDays
	q := AgreementQuery{Partner: f.Partner}
	// An agreement is expiring on today when start ≤ today ≤ end ≤ today + warn
	// (domain.AgreementStatus); the bounds below say the same of each state.
	switch f.State {
	case "":
	case domain.AgreementNotStarted:
		q.StartFrom = today.AddDate(0, 0, 1)
	case domain.AgreementActive:
		q.StartTo, q.EndFrom = today, today.AddDate(0, 0, warn+1)
	case domain.AgreementExpiring:
		q.StartTo, q.EndFrom, q.EndTo = today, today, today.AddDate(0, 0, warn)
	case domain.AgreementExpired:
		q.EndTo = today.AddDate(0, 0, -1)
	default:
		return nil, "", errs.Invalidf("state", "must be not_started, active, expiring or expired, got %q", f.State)
	}
	switch days := f.ExpiringWithinDays; {
	case days < 0 || days > 3660:
		return nil, "", errs.Invalidf("expiring_within_days", "must be between 0 and 3660, got %d", days)
	case days > 0:
		if q.EndFrom.Before(today) {
			q.EndFrom = today
		}
		if to := today.AddDate(0, 0, days); q.EndTo.IsZero() || to.Before(q.EndTo) {
			q.EndTo = to
		}
	}
	if !q.EndTo.IsZero() && q.EndTo.Before(q.EndFrom) {
		return nil, "", nil
	}
	out, err := a.repo.ListAgreements(ctx, q, after, size+1)
	if err != nil {
		return nil, "", err
	}
	page, next := resource.Page(out, size, func(x domain.Agreement) string { return x.End.Format(time.DateOnly) + "/" + x.ID })
	for i := range page {
		page[i] = page[i].AsOf(today, warn)
	}
	return page, next, nil
}
