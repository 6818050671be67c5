package app

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/resource"
	"github.com/simpeg-id/simpeg/services/planning/internal/domain"
)

// The workload analysis (ABK) and the position map of issue 12 §1: a position's workload
// computes its needed headcount (domain.Workload), which the position map sums per unit and
// agency against the holders now.

// WorkloadReader reads what the workload analysis, the position map, the retirement forecast
// and the formasi proposals are computed from; part of Repository, and of Tx (where the
// workload read locks its row on PostgreSQL).
type WorkloadReader interface {
	// Workload returns the workload of the position; found is false when none is set.
	Workload(ctx context.Context, position string) (w domain.Workload, found bool, err error)
	// AgencyTree returns the top-level agency root and every unit under it, in code order.
	AgencyTree(ctx context.Context, root string) ([]domain.Agency, error)
	// AgencyPositions returns every position of agency (with its active holders), in id order.
	AgencyPositions(ctx context.Context, agency string) ([]domain.Position, error)
	// ActiveStaff returns the active employees of agency ("" for every agency), without
	// their history.
	ActiveStaff(ctx context.Context, agency string) ([]domain.Employee, error)
}

// WorkloadTx is the part of Tx that writes workloads and formasi proposals.
type WorkloadTx interface {
	WorkloadReader
	// PutWorkload stores w: inserts version 1, or updates the stored version w.Version-1.
	PutWorkload(ctx context.Context, w domain.Workload) error
	// InsertFormasi stores a new proposal.
	InsertFormasi(ctx context.Context, p domain.FormasiProposal) error
	// UpdateFormasi stores p if its stored version is still p.Version-1.
	UpdateFormasi(ctx context.Context, p domain.FormasiProposal) error
	// GetFormasi reads a proposal, locking it on PostgreSQL.
	GetFormasi(ctx context.Context, id string) (domain.FormasiProposal, error)
}

// WorkloadName is the resource name of a position's workload.
func WorkloadName(position string) string { return PositionName(position) + "/workload" }

// SetPositionWorkload sets the workload analysis of position id: its tasks compute its need,
// which becomes the position's needed headcount (marked as computed, so UpdatePosition no
// longer takes one typed in), in the same transaction — with the position's version bumped and
// PositionUpdated emitted when its need changed, so the services that keep copies of positions
// hear of it — and PositionWorkloadSet. etag, when given, must be the stored workload's.
// Agency HR of the position's agency and city HR may set it.
func (a *App) SetPositionWorkload(ctx context.Context, id, etag string, tasks []domain.WorkloadTask) (domain.PositionWorkload, error) {
	r, err := a.reach(ctx)
	if err != nil {
		return domain.PositionWorkload{}, err
	}
	g, err := resource.Grant(ctx)
	if err != nil {
		return domain.PositionWorkload{}, err
	}
	var out domain.PositionWorkload
	err = a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		p, err := tx.GetPosition(ctx, id)
		if err != nil {
			return err
		}
		if !r.Writes(p.Agency) {
			return errs.Deniedf("only HR of agency %q or city HR may set the workload of %s", p.Agency, PositionName(id))
		}
		prev, found, err := tx.Workload(ctx, id)
		if err != nil {
			return err
		}
		var before *domain.Workload
		if found {
			before = &prev
		}
		if err := resource.CheckEtag(WorkloadName(id), etag, prev.Version); err != nil {
			return err
		}
		w, err := domain.NewWorkload(id, tasks, a.policy.EffectiveHours, before, g.Subject, a.now())
		if err != nil {
			return err
		}
		if err := tx.PutWorkload(ctx, w); err != nil {
			return err
		}
		var changed []string
		if p.Needed != w.Need() {
			changed = append(changed, "needed_headcount")
		}
		if !p.NeededFromWorkload {
			changed = append(changed, "needed_from_workload")
		}
		p.Needed, p.NeededFromWorkload = w.Need(), true
		out = domain.PositionWorkload{Workload: w, Title: p.Title, Agency: p.Agency, Unit: p.Unit, Holders: p.Current}
		events := []domain.Event{domain.PositionWorkloadSet{Workload: out}}
		entries := []AuditEntry{{Resource: WorkloadName(id), Detail: fmt.Sprintf("set: %d tasks, %.1f h a year, need %.2f → %d at %d effective hours",
			len(w.Tasks), w.TotalHours(), w.NeedExact(), w.Need(), w.EffectiveHours)}}
		if len(changed) > 0 {
			p.Version++
			p.Updated = a.now()
			if err := tx.UpdatePosition(ctx, p); err != nil {
				return err
			}
			events = append(events, domain.PositionUpdated{Position: p, Changed: changed})
			entries = append(entries, AuditEntry{Resource: PositionName(id), Detail: fieldsDetail("updated from its workload", changed)})
		}
		if err := tx.Emit(ctx, events...); err != nil {
			return err
		}
		return tx.Audit(ctx, entries...)
	})
	return out, err
}

// GetPositionWorkload reads the workload of position id with its need, holders and gap; a
// position without one is NotFound. HR, the agency's head and auditors may read it.
func (a *App) GetPositionWorkload(ctx context.Context, id string) (domain.PositionWorkload, error) {
	r, err := a.reach(ctx)
	if err != nil {
		return domain.PositionWorkload{}, err
	}
	p, err := a.repo.GetPosition(ctx, id)
	if err != nil {
		return domain.PositionWorkload{}, err
	}
	if !r.Sees(p.Agency) {
		return domain.PositionWorkload{}, errs.Deniedf("the caller reaches agency %q only, not the workload of %s", r.Agency, PositionName(id))
	}
	w, found, err := a.repo.Workload(ctx, id)
	if err != nil {
		return domain.PositionWorkload{}, err
	}
	if !found {
		return domain.PositionWorkload{}, errs.NotFoundf("%s has no workload analysis yet; set one with SetPositionWorkload (its needed headcount, %d, is typed in)", PositionName(id), p.Needed)
	}
	return domain.PositionWorkload{Workload: w, Title: p.Title, Agency: p.Agency, Unit: p.Unit, Holders: p.Current}, nil
}

// PositionNeed is one position of the position map.
type PositionNeed struct {
	domain.Position
}

// Gap is need − holders.
func (p PositionNeed) Gap() int { return p.Needed - p.Current }

// UnitNeeds is one unit of the position map (the agency itself for positions in no unit).
type UnitNeeds struct {
	Unit, Name, Parent string
	Positions          []PositionNeed
	Need, Holders      int
}

// Gap is need − holders.
func (u UnitNeeds) Gap() int { return u.Need - u.Holders }

// PositionMap is an agency's position map (peta jabatan).
type PositionMap struct {
	Agency, Name                  string
	Units                         []UnitNeeds
	Need, Holders                 int
	WithWorkload, WithoutWorkload int
	Date                          domain.Date
}

// Gap is need − holders.
func (m PositionMap) Gap() int { return m.Need - m.Holders }

// GetPositionMap returns the position map of a top-level agency: the agency and each of its
// units, depth-first in code order, with their positions (highest class first, then title)
// and the sums of need, holders and gap per unit and for the agency.
func (a *App) GetPositionMap(ctx context.Context, agency string) (PositionMap, error) {
	if _, err := a.reach(ctx); err != nil {
		return PositionMap{}, err
	}
	root, err := a.repo.GetAgency(ctx, agency)
	if err != nil {
		return PositionMap{}, err
	}
	if root.Parent != "" {
		return PositionMap{}, errs.Invalidf("agency", "%q is a unit of %s; ask for the map of the top-level agency", agency, root.Root)
	}
	if _, err := a.requireSees(ctx, agency); err != nil {
		return PositionMap{}, err
	}
	tree, err := a.repo.AgencyTree(ctx, agency)
	if err != nil {
		return PositionMap{}, err
	}
	positions, err := a.repo.AgencyPositions(ctx, agency)
	if err != nil {
		return PositionMap{}, err
	}
	m := PositionMap{Agency: root.Code, Name: root.Name, Date: a.today()}
	byUnit := map[string][]PositionNeed{}
	for _, p := range positions {
		u := p.Unit
		if u == "" {
			u = root.Code
		}
		byUnit[u] = append(byUnit[u], PositionNeed{p})
		m.Need += p.Needed
		m.Holders += p.Current
		if p.NeededFromWorkload {
			m.WithWorkload++
		} else {
			m.WithoutWorkload++
		}
	}
	for _, ag := range depthFirst(root, tree) {
		u := UnitNeeds{Unit: ag.Code, Name: ag.Name, Parent: ag.Parent, Positions: byUnit[ag.Code]}
		slices.SortFunc(u.Positions, func(x, y PositionNeed) int {
			return cmp.Or(cmp.Compare(y.Class, x.Class), cmp.Compare(x.Title, y.Title), cmp.Compare(x.ID, y.ID))
		})
		for _, p := range u.Positions {
			u.Need += p.Needed
			u.Holders += p.Current
		}
		m.Units = append(m.Units, u)
	}
	return m, nil
}

// depthFirst orders root and its units: root first, then each child's subtree in code order.
func depthFirst(root domain.Agency, tree []domain.Agency) []domain.Agency {
	children := map[string][]domain.Agency{}
	for _, ag := range tree {
		if ag.Code != root.Code {
			children[ag.Parent] = append(children[ag.Parent], ag)
		}
	}
	var out []domain.Agency
	var walk func(ag domain.Agency, depth int)
	walk = func(ag domain.Agency, depth int) {
		out = append(out, ag)
		if depth > domain.MaxSupervisorDepth {
			return
		}
		kids := children[ag.Code]
		slices.SortFunc(kids, func(x, y domain.Agency) int { return cmp.Compare(x.Code, y.Code) })
		for _, k := range kids {
			walk(k, depth+1)
		}
	}
	walk(root, 0)
	return out
}
