package app

// The SKP (issue 11 §1, PermenPANRB 6/2022): an employee opens their own for a year as a draft,
// with their directory supervisor as appraiser (none for an agency head, whose SKP city HR
// approves), and changes it while it is a draft or returned. The workflow's transitions are in
// skp_workflow.go, cascading in cascade.go, the supervisor changes in skp_sync.go.

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/paging"
	"github.com/simpeg-id/simpeg/platform/resource"
	"github.com/simpeg-id/simpeg/services/evaluation/internal/domain"
)

// Page sizes of ListSkps.
const (
	DefaultSkpPageSize = 100
	MaxSkpPageSize     = 1000
)

// The years an SKP may be opened for (the rating area opens periods within them too).
const (
	minSkpYear = 2000
	maxSkpYear = 2100
)

// CreateSkp opens the caller's SKP for in.Year as a draft with in.Results and
// in.FunctionalLevel (in.Employee empty or the caller's NIP). The holder's name, agency, unit,
// position and appraiser (their direct supervisor; none for an agency head) come from the
// directory. Its id is "{year}-{nip}-{seq}": seq 1, or the next after a closed SKP of the year,
// in which case it starts the day after that one ended. One SKP is open per employee and year:
// a second is an AlreadyExists error naming the open one.
func (a *App) CreateSkp(ctx context.Context, in domain.Skp) (domain.Skp, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return domain.Skp{}, err
	}
	nip := strings.TrimSpace(in.Employee)
	if nip == "" {
		nip = g.Subject
	}
	if nip != g.Subject {
		return domain.Skp{}, errs.Deniedf("%s may not open an SKP for %s: an employee opens their own", g.Subject, nip)
	}
	if in.Year < minSkpYear || in.Year > maxSkpYear {
		return domain.Skp{}, errs.Invalidf("skp.year", "must be between %d and %d, got %d", minSkpYear, maxSkpYear, in.Year)
	}
	if in.FunctionalLevel != "" && !in.FunctionalLevel.Valid() {
		return domain.Skp{}, errs.Invalidf("skp.functional_level", "%q is not a functional level", in.FunctionalLevel)
	}
	h, err := a.holder(ctx, nip, "skp.employee")
	if err != nil {
		return domain.Skp{}, err
	}
	results := domain.TrimResults(in.Results)
	if err := domain.ValidateSkpDraft(results, h.Appraiser == ""); err != nil {
		return domain.Skp{}, errs.Prefix("skp", err)
	}
	now := a.now().UTC()
	s := domain.Skp{
		Employee: nip, EmployeeName: h.Name, Year: in.Year, Agency: h.Agency, Unit: h.Unit, Position: h.Position,
		Appraiser: h.Appraiser, AppraiserName: h.AppraiserName, AgencyHead: h.Appraiser == "", State: domain.SkpDraft,
		StartDate: domain.YearStart(in.Year), EndDate: domain.YearEnd(in.Year), Results: domain.AssignIDs(results),
		Behaviours: domain.NewBehaviours(), FunctionalLevel: in.FunctionalLevel, Latest: true, Version: 1, Created: now, Updated: now,
	}
	err = a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		if _, err := tx.Period(ctx, in.Year); errs.IsKind(err, errs.NotFound) {
			return errs.Preconditionf("skp.year: performance year %d is not open (periods/%d); city HR opens it", in.Year, in.Year)
		} else if err != nil {
			return err
		}
		earlier, err := tx.EmployeeSkps(ctx, nip, in.Year)
		if err != nil {
			return err
		}
		s.ID, s.Seq = domain.SkpID(in.Year, nip, 1), 1
		for _, e := range earlier {
			if e.Open() {
				return errs.Existsf("%s already has an open SKP for %d: %s (%s); one SKP is open per employee and year", nip, in.Year, SkpName(e.ID), e.State)
			}
			if e.Seq >= s.Seq {
				s.Seq, s.ID = e.Seq+1, domain.SkpID(in.Year, nip, e.Seq+1)
				s.StartDate = max(domain.YearStart(in.Year), min(domain.YearEnd(in.Year), skpDayAfter(e.EndDate)))
			}
			if e.Latest {
				e.Latest, e.Version, e.Updated = false, e.Version+1, now
				if err := tx.UpdateSkp(ctx, e); err != nil {
					return err
				}
			}
		}
		if err := tx.InsertSkp(ctx, s); err != nil {
			return err
		}
		return tx.Audit(ctx, AuditEntry{Resource: SkpName(s.ID), Detail: fmt.Sprintf("created: draft for %d with %d results, appraiser %q", s.Year, len(s.Results), s.Appraiser)})
	})
	if err != nil {
		return domain.Skp{}, err
	}
	return s, nil
}

// holder returns who nip is and who appraises them, from the directory: an unknown NIP is an
// Invalid error naming field, an inactive employee a FailedPrecondition.
func (a *App) holder(ctx context.Context, nip, field string) (domain.SkpHolder, error) {
	e, err := a.employee(ctx, nip, field)
	if err != nil {
		return domain.SkpHolder{}, err
	}
	if !e.Active() {
		return domain.SkpHolder{}, errs.Preconditionf("employee %s is %s in the directory: only an active employee has an SKP", nip, e.Status)
	}
	h := domain.SkpHolder{NIP: nip, Name: e.DisplayName, Agency: e.Agency, Unit: e.Unit, Position: e.Position, Appraiser: e.Supervisor}
	if h.Appraiser != "" {
		sup, err := a.dir.Employee(ctx, h.Appraiser)
		switch {
		case errors.Is(err, errDirectoryNotFound):
		case err != nil:
			return h, err
		default:
			h.AppraiserName = sup.DisplayName
		}
	}
	return h, nil
}

// skpDayAfter returns the day after day (YYYY-MM-DD).
func skpDayAfter(day string) string {
	d, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return day
	}
	return d.AddDate(0, 0, 1).Format(time.DateOnly)
}

// GetSkp returns SKP id to a caller who may see it (readSkp).
func (a *App) GetSkp(ctx context.Context, id string) (domain.Skp, error) {
	s, _, err := a.readSkp(ctx, id)
	if err != nil {
		return s, err
	}
	withAnnual, err := a.withAnnual(ctx, []domain.Skp{s})
	if err != nil {
		return s, err
	}
	return withAnnual[0], nil
}

// ListSkps returns a page of the SKPs f selects that the caller may see, in name order, and the
// next page's token: city HR and auditors all, agency HR their agency's, a supervisor their own
// and those of everyone below them (and those they appraise), an employee their own. The filter
// appraiser "me" is the caller.
func (a *App) ListSkps(ctx context.Context, f SkpFilter, pageSize int, pageToken string) ([]domain.Skp, string, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return nil, "", err
	}
	after, err := paging.Key(pageToken)
	if err != nil {
		return nil, "", err
	}
	if f.Appraiser == "me" {
		f.Appraiser = g.Subject
	}
	if f.State != "" && !slices.Contains([]domain.SkpState{domain.SkpDraft, domain.SkpProposed, domain.SkpReturned, domain.SkpApproved, domain.SkpClosed}, f.State) {
		return nil, "", errs.Invalidf("state", "%q is not an SKP state", f.State)
	}
	f.Holder, f.InAgency, f.Below = "", "", ""
	switch g.Scope {
	case auth.ScopeAll:
	case auth.ScopeAgency:
		if g.Agency == "" {
			return nil, "", errs.Deniedf("%s (agency scope without an agency) may not list SKPs", g.Subject)
		}
		f.InAgency = g.Agency
	case auth.ScopeSubordinates:
		f.Below = g.Subject
	case auth.ScopeSelf:
		f.Holder = g.Subject
	default:
		return nil, "", errs.Deniedf("%s (%s scope) may not list SKPs", g.Subject, g.Scope)
	}
	size := resource.PageSize(pageSize, DefaultSkpPageSize, MaxSkpPageSize)
	f.After, f.Limit = after, size+1
	rows, err := a.repo.ListSkps(ctx, f)
	if err != nil {
		return nil, "", err
	}
	page, next := resource.Page(rows, size, func(s domain.Skp) string { return s.ID })
	page, err = a.withAnnual(ctx, page)
	return page, next, err
}

// skpFields are the fields UpdateSkp changes.
var skpFields = []string{"results", "functional_level"}

// UpdateSkp sets the fields of SKP in.ID named in mask (results, functional_level; empty: both)
// to in's, if etag (when given) is current. The holder only, while it is a draft or returned.
func (a *App) UpdateSkp(ctx context.Context, in domain.Skp, etag string, mask []string) (domain.Skp, error) {
	s, g, err := a.readSkp(ctx, in.ID)
	if err != nil {
		return s, err
	}
	if err := requireHolder(g, s); err != nil {
		return s, err
	}
	if len(mask) == 0 {
		mask = skpFields
	}
	for _, m := range mask {
		if !slices.Contains(skpFields, m) {
			return s, errs.Invalidf("update_mask", "%q cannot be changed; the fields are %s", m, strings.Join(skpFields, ", "))
		}
	}
	if in.FunctionalLevel != "" && !in.FunctionalLevel.Valid() {
		return s, errs.Invalidf("skp.functional_level", "%q is not a functional level", in.FunctionalLevel)
	}
	results := domain.TrimResults(in.Results)
	if slices.Contains(mask, "results") {
		if err := domain.ValidateSkpDraft(results, s.AgencyHead); err != nil {
			return s, errs.Prefix("skp", err)
		}
		results = domain.AssignIDs(results)
	}
	var out domain.Skp
	err = a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		cur, err := tx.Skp(ctx, in.ID)
		if err != nil {
			return err
		}
		if err := resource.CheckEtag(SkpName(cur.ID), etag, cur.Version); err != nil {
			return err
		}
		rs, level := cur.Results, cur.FunctionalLevel
		if slices.Contains(mask, "results") {
			rs = results
		}
		if slices.Contains(mask, "functional_level") {
			level = in.FunctionalLevel
		}
		if out, err = cur.Update(rs, level, a.now().UTC()); err != nil {
			return err
		}
		if err := tx.UpdateSkp(ctx, out); err != nil {
			return err
		}
		return tx.Audit(ctx, AuditEntry{Resource: SkpName(out.ID), Detail: fmt.Sprintf("changed %s: %d results, functional level %q", strings.Join(mask, ", "), len(out.Results), out.FunctionalLevel)})
	})
	return out, err
}

// ListSkpRevisions returns SKP id's approved revisions, oldest first, to a caller who may see
// it.
func (a *App) ListSkpRevisions(ctx context.Context, id string) ([]domain.SkpRevision, error) {
	if _, _, err := a.readSkp(ctx, id); err != nil {
		return nil, err
	}
	return a.repo.SkpRevisions(ctx, id)
}

// ParentResults are the results an SKP's results may cascade from.
type ParentResults struct {
	Skp       string // the appraiser's SKP in force; "" when none (or an agency head's SKP)
	Appraiser string
	Results   []domain.WorkResult // without their own parents
}

// ListParentResults returns the results of the appraiser's SKP in force for SKP id's year, to
// whoever may see SKP id (its holder included), without anything else of the appraiser's SKP.
func (a *App) ListParentResults(ctx context.Context, id string) (ParentResults, error) {
	s, _, err := a.readSkp(ctx, id)
	if err != nil {
		return ParentResults{}, err
	}
	out := ParentResults{Appraiser: s.Appraiser}
	if s.AgencyHead {
		return out, nil
	}
	parent, found, err := skpInForce(ctx, a.repo, s.Appraiser, s.Year)
	if err != nil || !found {
		return out, err
	}
	out.Skp = parent.ID
	for _, r := range parent.Results {
		r.ParentSkp, r.ParentResult, r.PlanReference = "", "", ""
		out.Results = append(out.Results, r)
	}
	return out, nil
}

// skpInForce returns nip's SKP in force for year, and whether they have one.
func skpInForce(ctx context.Context, r SkpReader, nip string, year int) (domain.Skp, bool, error) {
	if nip == "" {
		return domain.Skp{}, false, nil
	}
	all, err := r.EmployeeSkps(ctx, nip, year)
	if err != nil {
		return domain.Skp{}, false, err
	}
	for _, s := range all {
		if s.InForce() {
			return s, true, nil
		}
	}
	return domain.Skp{}, false, nil
}
