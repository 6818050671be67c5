package app

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/resource"
	"github.com/simpeg-id/simpeg/services/planning/internal/domain"
)

// FormasiReader reads formasi proposals; part of Repository.
type FormasiReader interface {
	// GetFormasi reads a proposal (NotFound when there is none).
	GetFormasi(ctx context.Context, id string) (domain.FormasiProposal, error)
	// ListFormasi lists proposals newest first (by id, which is time-ordered), without lines.
	ListFormasi(ctx context.Context, f FormasiFilter) ([]domain.FormasiProposal, error)
}

// FormasiFilter selects proposals.
type FormasiFilter struct {
	Agency   string
	State    domain.FormasiState
	PageSize int
	After    string // the id of the last proposal of the previous page
}

// FormasiName is the resource name of a formasi proposal.
func FormasiName(id string) string { return "formasiProposals/" + id }

// CreateFormasiProposal computes agency's five-year formasi proposal from firstYear (next year
// in Medan when 0; a past year is refused) as a draft: per position its need, holders now and
// the retirements of each year (domain.FormasiLines). Agency HR of the agency and city HR may
// create one.
func (a *App) CreateFormasiProposal(ctx context.Context, agency string, firstYear int) (domain.FormasiProposal, error) {
	if _, err := a.requireWrites(ctx, agency); err != nil {
		return domain.FormasiProposal{}, err
	}
	g, err := resource.Grant(ctx)
	if err != nil {
		return domain.FormasiProposal{}, err
	}
	thisYear := domain.YearInMedan(a.now())
	if firstYear == 0 {
		firstYear = thisYear + 1
	}
	if err := domain.CheckFirstYear(firstYear, thisYear, "a formasi proposal"); err != nil {
		return domain.FormasiProposal{}, err
	}
	ag, err := a.repo.GetAgency(ctx, agency)
	if err != nil {
		return domain.FormasiProposal{}, err
	}
	if ag.Parent != "" {
		return domain.FormasiProposal{}, errs.Invalidf("agency", "%q is a unit of %s; a formasi proposal is the top-level agency's", agency, ag.Root)
	}
	positions, err := a.repo.AgencyPositions(ctx, agency)
	if err != nil {
		return domain.FormasiProposal{}, err
	}
	years, err := a.forecast(ctx, agency, firstYear)
	if err != nil {
		return domain.FormasiProposal{}, err
	}
	lines, totals := domain.FormasiLines(positions, domain.RetirementsByPosition(years))
	id, err := uuid.NewV7()
	if err != nil {
		return domain.FormasiProposal{}, err
	}
	eff := a.policy.EffectiveHours
	if eff <= 0 {
		eff = domain.DefaultEffectiveHours
	}
	p := domain.FormasiProposal{ID: id.String(), Agency: agency, AgencyName: ag.Name, FirstYear: firstYear, State: domain.FormasiDraft,
		Lines: lines, Totals: totals, EffectiveHours: eff, CreatedBy: g.Subject, Version: 1, Created: a.now()}
	err = a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		if err := tx.InsertFormasi(ctx, p); err != nil {
			return err
		}
		return tx.Audit(ctx, AuditEntry{Resource: FormasiName(p.ID), Detail: fmt.Sprintf("created for %s from %d: %d positions, %d proposed over %d years",
			agency, firstYear, len(lines), p.Total(), domain.ForecastYears)})
	})
	if err != nil {
		return domain.FormasiProposal{}, err
	}
	return p, nil
}

// GetFormasiProposal reads a proposal; HR of its agency, city HR, the agency's head and
// auditors may.
func (a *App) GetFormasiProposal(ctx context.Context, id string) (domain.FormasiProposal, error) {
	r, err := a.reach(ctx)
	if err != nil {
		return domain.FormasiProposal{}, err
	}
	p, err := a.repo.GetFormasi(ctx, id)
	if err != nil {
		return domain.FormasiProposal{}, err
	}
	if !r.Sees(p.Agency) {
		return domain.FormasiProposal{}, errs.Deniedf("the caller reaches agency %q only, not %s", r.Agency, FormasiName(id))
	}
	return a.withAgencyName(ctx, p)
}

func (a *App) withAgencyName(ctx context.Context, p domain.FormasiProposal) (domain.FormasiProposal, error) {
	ag, err := a.repo.GetAgency(ctx, p.Agency)
	if err != nil {
		return p, err
	}
	p.AgencyName = ag.Name
	return p, nil
}

// ListFormasiProposals lists proposals newest first; agency HR and agency heads see their
// agency's only (theirs by default), city HR and auditors all.
func (a *App) ListFormasiProposals(ctx context.Context, f FormasiFilter) ([]domain.FormasiProposal, string, error) {
	r, err := a.reach(ctx)
	if err != nil {
		return nil, "", err
	}
	if f.Agency == "" && !r.All {
		f.Agency = r.Agency
	}
	if !r.Sees(f.Agency) {
		return nil, "", errs.Deniedf("the caller reaches agency %q only, not %q", r.Agency, f.Agency)
	}
	f.PageSize = pageSize(f.PageSize) + 1
	out, err := a.repo.ListFormasi(ctx, f)
	if err != nil {
		return nil, "", err
	}
	page, next := resource.Page(out, f.PageSize-1, func(p domain.FormasiProposal) string { return p.ID })
	codes := map[string]bool{}
	for _, p := range page {
		codes[p.Agency] = true
	}
	list := make([]string, 0, len(codes))
	for c := range codes {
		list = append(list, c)
	}
	if len(list) > 0 {
		names, err := a.repo.Agencies(ctx, list...)
		if err != nil {
			return nil, "", err
		}
		for i := range page {
			if ag := names[page[i].Agency]; ag != nil {
				page[i].AgencyName = ag.Name
			}
		}
	}
	return page, next, nil
}

// SubmitFormasiProposal submits a draft to city HR; agency HR of its agency and city HR may.
func (a *App) SubmitFormasiProposal(ctx context.Context, id, etag string) (domain.FormasiProposal, error) {
	return a.decideFormasi(ctx, id, etag, "submitted", func(r Reach, p *domain.FormasiProposal) error {
		if !r.Writes(p.Agency) {
			return errs.Deniedf("only HR of agency %q or city HR may submit %s", p.Agency, FormasiName(id))
		}
		return p.Submit(a.now())
	})
}

// ApproveFormasiProposal approves a submitted proposal, with an optional comment and decree
// number; only city HR may.
func (a *App) ApproveFormasiProposal(ctx context.Context, id, etag, comment, decree string) (domain.FormasiProposal, error) {
	return a.decideFormasi(ctx, id, etag, "approved", func(r Reach, p *domain.FormasiProposal) error {
		if !r.CityHR {
			return errs.Deniedf("only city HR approves formasi proposals")
		}
		g, err := resource.Grant(ctx)
		if err != nil {
			return err
		}
		return p.Approve(g.Subject, comment, decree, a.now())
	})
}

// ReturnFormasiProposal returns a submitted proposal with a comment saying why; only city HR
// may. The agency then creates a new proposal.
func (a *App) ReturnFormasiProposal(ctx context.Context, id, etag, comment string) (domain.FormasiProposal, error) {
	return a.decideFormasi(ctx, id, etag, "returned", func(r Reach, p *domain.FormasiProposal) error {
		if !r.CityHR {
			return errs.Deniedf("only city HR returns formasi proposals")
		}
		g, err := resource.Grant(ctx)
		if err != nil {
			return err
		}
		return p.Return(g.Subject, comment, a.now())
	})
}

// decideFormasi moves proposal id by move (which checks the caller and the state) in one
// transaction, with FormasiProposalDecided{change} and an audit record.
func (a *App) decideFormasi(ctx context.Context, id, etag, change string, move func(Reach, *domain.FormasiProposal) error) (domain.FormasiProposal, error) {
	r, err := a.reach(ctx)
	if err != nil {
		return domain.FormasiProposal{}, err
	}
	var out domain.FormasiProposal
	err = a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		p, err := tx.GetFormasi(ctx, id)
		if err != nil {
			return err
		}
		if !r.Sees(p.Agency) {
			return errs.Deniedf("the caller reaches agency %q only, not %s", r.Agency, FormasiName(id))
		}
		if err := resource.CheckEtag(FormasiName(id), etag, p.Version); err != nil {
			return err
		}
		if err := move(r, &p); err != nil {
			return err
		}
		if err := tx.UpdateFormasi(ctx, p); err != nil {
			return err
		}
		ag, err := tx.GetAgency(ctx, p.Agency)
		if err != nil {
			return err
		}
		p.AgencyName = ag.Name
		out = p
		if err := tx.Emit(ctx, domain.FormasiProposalDecided{Proposal: p, Change: change}); err != nil {
			return err
		}
		detail := change
		if p.Comment != "" && change != "submitted" {
			detail += ": " + p.Comment
		}
		if p.DecreeNumber != "" && change == "approved" {
			detail += " (decree " + p.DecreeNumber + ")"
		}
		return tx.Audit(ctx, AuditEntry{Resource: FormasiName(id), Detail: detail})
	})
	return out, err
}

// UnitNames names agency and its units by code, for the proposal's CSV file; the caller must
// see the agency.
func (a *App) UnitNames(ctx context.Context, agency string) (map[string]string, error) {
	if _, err := a.requireSees(ctx, agency); err != nil {
		return nil, err
	}
	tree, err := a.repo.AgencyTree(ctx, agency)
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(tree))
	for _, ag := range tree {
		out[ag.Code] = ag.Name
	}
	return out, nil
}
