package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/resource"
	"github.com/simpeg-id/simpeg/services/planning/internal/domain"
)

// The staffing work plan's workflow (issue 12 §2): agency HR draft their agency's plan (city HR
// the city plan), city HR approve or return it, the version approved is in force and its
// targets are measured by the monitoring from then on; every change is a kept version, an
// event and an audit record.

// WorkPlanReader reads work plans and what their views add; part of Repository and of Tx
// (where GetWorkPlan locks the plan's row).
type WorkPlanReader interface {
	GetWorkPlan(ctx context.Context, id string) (domain.WorkPlan, error)
	// WorkPlanVersions returns the kept versions of plan id, newest first.
	WorkPlanVersions(ctx context.Context, id string) ([]domain.WorkPlanVersion, error)
	// PlanOwners returns the registered employees among nips (name, titles, agency, status).
	PlanOwners(ctx context.Context, nips ...string) (map[string]*domain.Employee, error)
	// PlanMeasures returns the monitoring's measures of the targets of plans ids, by plan and key.
	PlanMeasures(ctx context.Context, ids ...string) (map[string]map[string]domain.Measure, error)
}

// WorkPlanLister lists work plans; part of Repository.
type WorkPlanLister interface {
	ListWorkPlans(ctx context.Context, f WorkPlanFilter) ([]domain.WorkPlan, error)
}

// WorkPlanWriter changes work plans; part of Tx.
type WorkPlanWriter interface {
	WorkPlanReader
	// InsertWorkPlan stores a new plan; a second plan of the same agency and year is AlreadyExists.
	InsertWorkPlan(ctx context.Context, p domain.WorkPlan) error
	// UpdateWorkPlan stores p if its stored version is still from.
	UpdateWorkPlan(ctx context.Context, p domain.WorkPlan, from int) error
	InsertWorkPlanVersions(ctx context.Context, vs ...domain.WorkPlanVersion) error
	// SetPlanTargets writes the definitions of the targets of p's version in force, active,
	// keeping the measure of a key already measured, and sets the keys dropped inactive.
	SetPlanTargets(ctx context.Context, p domain.WorkPlan, start time.Time) error
	// DeactivatePlanTargets freezes every target of plan id.
	DeactivatePlanTargets(ctx context.Context, id string) error
}

// WorkPlanFilter selects work plans.
type WorkPlanFilter struct {
	// Agency: only its plans; "-" the city plans only; "" any.
	Agency string
	// Within: only this agency's plans and the city plans (a caller who reaches one agency).
	Within   string
	Year     int
	States   []domain.PlanState
	PageSize int
	After    string
}

// WorkPlanName is the resource name of a work plan.
func WorkPlanName(id string) string { return "workPlans/" + id }

// WorkPlanHistory is a plan with its kept versions, newest first.
type WorkPlanHistory struct {
	Plan     domain.PlanView
	Versions []domain.WorkPlanVersion
}

// CreateWorkPlan creates the draft plan of in.Agency ("" the city plan) for in.Year.
func (a *App) CreateWorkPlan(ctx context.Context, in domain.WorkPlan) (domain.PlanView, error) {
	if _, err := a.requireWrites(ctx, in.Agency); err != nil {
		return domain.PlanView{}, err
	}
	id, err := uuid.NewV7()
	if err != nil {
		return domain.PlanView{}, err
	}
	now := a.now()
	var out domain.PlanView
	err = a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		var v errs.Violations
		if in.Agency != domain.CityPlan {
			m, err := tx.Agencies(ctx, in.Agency)
			if err != nil {
				return err
			}
			switch ag := m[in.Agency]; {
			case ag == nil:
				v.Add("agency", "agency %q does not exist", in.Agency)
			case ag.Parent != "":
				v.Add("agency", "%s is a unit of %s: a work plan is made for a whole agency", in.Agency, ag.Root)
			}
		}
		p, err := domain.NewWorkPlan(id.String(), in.Agency, in.Year, in.PlanContent, now)
		if e, ok := errs.As(err); ok {
			v = append(v, e.Violations...)
		} else if err != nil {
			return err
		}
		if err := a.checkContent(ctx, tx, &v, in.Agency, p.PlanContent); err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return errs.Prefix("work_plan", err)
		}
		if err := tx.InsertWorkPlan(ctx, p); err != nil {
			return err
		}
		out, err = a.save(ctx, tx, p, []snapshot{{plan: p, change: domain.ChangeCreated, detail: fmt.Sprintf("created for %s %d", agencyLabel(p.Agency), p.Year)}})
		return err
	})
	return out, err
}

// checkContent adds to v what the domain cannot check of content c of a plan of agency: every
// target's kind is measured by a service this deployment reaches (never faked), and every
// action's owner is an active employee of the agency (of any agency for the city plan).
func (a *App) checkContent(ctx context.Context, tx Tx, v *errs.Violations, agency string, c domain.PlanContent) error {
	a.checkSources(v, c)
	nips := make([]string, 0, len(c.Actions))
	for _, ac := range c.Actions {
		nips = append(nips, ac.Owner)
	}
	owners, err := tx.PlanOwners(ctx, nips...)
	if err != nil {
		return err
	}
	for i, ac := range c.Actions {
		f := fmt.Sprintf("actions[%d].owner", i)
		switch e := owners[ac.Owner]; {
		case len(ac.Owner) != 18:
			// The domain named it.
		case e == nil:
			v.Add(f, "employee %s is not registered", ac.Owner)
		case e.Status != domain.Active:
			v.Add(f, "employee %s is %s, not active: an action's owner is an active employee", ac.Owner, e.Status)
		case agency != domain.CityPlan && e.Agency != agency:
			v.Add(f, "employee %s works in %s, not %s: an action's owner is an employee of the plan's agency", ac.Owner, e.Agency, agency)
		}
	}
	return nil
}

// checkSources refuses a target whose kind is measured by a service this deployment does not
// reach: its value could not be measured, and is never made up.
func (a *App) checkSources(v *errs.Violations, c domain.PlanContent) {
	for i, t := range c.Targets {
		if src := t.Kind.Source(); t.Kind != "" && !a.sources[src] {
			v.Add(fmt.Sprintf("targets[%d].kind", i), "%s is measured by the %s service, which this deployment does not reach (SIMPEG_%s_ADDR)",
				t.Kind, src, strings.ToUpper(src))
		}
	}
}

// measurable refuses to submit or approve plan p (change) while one of its targets is of a
// kind this deployment cannot measure (its service no longer reached since the plan was drafted).
func (a *App) measurable(p domain.WorkPlan, change string) error {
	var v errs.Violations
	a.checkSources(&v, p.PlanContent)
	if len(v) == 0 {
		return nil
	}
	msg := make([]string, len(v))
	for i, fv := range v {
		msg[i] = fv.Field + ": " + fv.Description
	}
	return errs.Preconditionf("work plan %s cannot be %s: %s", p.ID, change, strings.Join(msg, "; "))
}

// GetWorkPlan reads a plan with its targets' measures, for whoever reads its agency's plans.
func (a *App) GetWorkPlan(ctx context.Context, id string) (domain.PlanView, error) {
	p, err := a.repo.GetWorkPlan(ctx, id)
	if err != nil {
		if _, rerr := a.reach(ctx); rerr != nil && errs.IsKind(err, errs.NotFound) {
			return domain.PlanView{}, rerr // who sees no plan learns nothing of which exist
		}
		return domain.PlanView{}, err
	}
	if _, err := a.requireSees(ctx, p.Agency); err != nil {
		return domain.PlanView{}, err
	}
	vs, err := a.views(ctx, a.repo, p)
	if err != nil {
		return domain.PlanView{}, err
	}
	return vs[0], nil
}

// ListWorkPlans lists the plans the caller reaches (agency HR and heads: their agency's and
// the city's; city HR and auditors: all) in id order.
func (a *App) ListWorkPlans(ctx context.Context, f WorkPlanFilter) ([]domain.PlanView, string, error) {
	r, err := a.reach(ctx)
	if err != nil {
		return nil, "", err
	}
	if !r.All {
		if f.Agency != "" && f.Agency != "-" && f.Agency != r.Agency {
			return nil, "", errs.Deniedf("the caller reaches the plans of agency %q and the city's only, not %q", r.Agency, f.Agency)
		}
		f.Within = r.Agency
	}
	size := pageSize(f.PageSize)
	f.PageSize = size + 1
	ps, err := a.repo.ListWorkPlans(ctx, f)
	if err != nil {
		return nil, "", err
	}
	page, next := resource.Page(ps, size, func(p domain.WorkPlan) string { return p.ID })
	vs, err := a.views(ctx, a.repo, page...)
	return vs, next, err
}

// ListWorkPlanVersions returns a plan's kept versions, newest first, for its readers.
func (a *App) ListWorkPlanVersions(ctx context.Context, id string) (WorkPlanHistory, error) {
	p, err := a.GetWorkPlan(ctx, id)
	if err != nil {
		return WorkPlanHistory{}, err
	}
	vs, err := a.repo.WorkPlanVersions(ctx, id)
	return WorkPlanHistory{Plan: p, Versions: vs}, err
}

// UpdateWorkPlan applies u to a draft or returned plan, a new version when anything changed.
func (a *App) UpdateWorkPlan(ctx context.Context, id, etag string, u domain.WorkPlanUpdate) (domain.PlanView, error) {
	return a.transition(ctx, id, etag, a.writer, func(ctx context.Context, tx Tx, p *domain.WorkPlan, rec recorder) error {
		changed, err := p.Update(u, a.now())
		if err != nil {
			return errs.Prefix("work_plan", err)
		}
		if len(changed) == 0 {
			return nil
		}
		var v errs.Violations
		if err := a.checkContent(ctx, tx, &v, p.Agency, p.PlanContent); err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return errs.Prefix("work_plan", err)
		}
		rec(domain.ChangeUpdated, fieldsDetail("updated", changed))
		return nil
	})
}

// SubmitWorkPlan sends a draft or returned plan to city HR.
func (a *App) SubmitWorkPlan(ctx context.Context, id, etag string) (domain.PlanView, error) {
	return a.transition(ctx, id, etag, a.writer, func(ctx context.Context, tx Tx, p *domain.WorkPlan, rec recorder) error {
		if err := p.Submit(a.now()); err != nil {
			return err
		}
		if err := a.measurable(*p, "submitted"); err != nil {
			return err
		}
		rec(domain.ChangeSubmitted, "submitted to city HR")
		return nil
	})
}

// ReturnWorkPlan sends a submitted plan back with city HR's comment.
func (a *App) ReturnWorkPlan(ctx context.Context, id, etag, comment string) (domain.PlanView, error) {
	return a.transition(ctx, id, etag, a.approver, func(ctx context.Context, tx Tx, p *domain.WorkPlan, rec recorder) error {
		if err := p.Return(comment, a.now()); err != nil {
			return err
		}
		rec(domain.ChangeReturned, "returned: "+p.Comment)
		return nil
	})
}

// ApproveWorkPlan puts a submitted plan in force (city HR): its targets' definitions go to
// the monitoring, which measures them from now on; a plan whose year has begun (Asia/Jakarta)
// is started at once, a second version.
func (a *App) ApproveWorkPlan(ctx context.Context, id, etag, comment string) (domain.PlanView, error) {
	return a.transition(ctx, id, etag, a.approver, func(ctx context.Context, tx Tx, p *domain.WorkPlan, rec recorder) error {
		now := a.now()
		if err := a.measurable(*p, "approved"); err != nil {
			return err
		}
		begun, err := p.Approve(comment, now)
		if err != nil {
			return err
		}
		rec(domain.ChangeApproved, fmt.Sprintf("approved: version %d in force", p.Version))
		if begun {
			if err := p.Start(now); err != nil {
				return err
			}
			rec(domain.ChangeStarted, fmt.Sprintf("started: %d has begun", p.Year))
		}
		return tx.SetPlanTargets(ctx, *p, now)
	})
}

// ReviseWorkPlan makes an approved or running plan a draft again for change; the version in
// force stays in force and measured until a new one is approved.
func (a *App) ReviseWorkPlan(ctx context.Context, id, etag, reason string) (domain.PlanView, error) {
	return a.transition(ctx, id, etag, a.writer, func(ctx context.Context, tx Tx, p *domain.WorkPlan, rec recorder) error {
		if err := p.Revise(reason, a.now()); err != nil {
			return err
		}
		rec(domain.ChangeRevised, "revised: "+strings.TrimSpace(reason))
		return nil
	})
}

// CloseWorkPlan closes a plan and freezes its targets' measures: city HR any time, agency HR
// once the plan's year has ended.
func (a *App) CloseWorkPlan(ctx context.Context, id, etag, comment string) (domain.PlanView, error) {
	allow := func(ctx context.Context, r Reach, p domain.WorkPlan) error {
		if err := a.writer(ctx, r, p); err != nil {
			return err
		}
		if !r.CityHR && !p.YearEnded(a.now()) {
			return errs.Preconditionf("work plan %s is for %d, which has not ended: agency HR close it after the year, city HR at any time", p.ID, p.Year)
		}
		return nil
	}
	return a.transition(ctx, id, etag, allow, func(ctx context.Context, tx Tx, p *domain.WorkPlan, rec recorder) error {
		if err := p.Close(comment, a.now()); err != nil {
			return err
		}
		detail := "closed"
		if c := strings.TrimSpace(comment); c != "" {
			detail += ": " + c
		}
		rec(domain.ChangeClosed, detail)
		return tx.DeactivatePlanTargets(ctx, p.ID)
	})
}

// CompleteWorkPlanAction marks an action of a plan in force done, once: by the action's owner,
// HR of the plan's agency or city HR.
func (a *App) CompleteWorkPlanAction(ctx context.Context, id, key, note string) (domain.PlanView, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return domain.PlanView{}, err
	}
	allow := func(ctx context.Context, r Reach, p domain.WorkPlan) error {
		if i := p.ActionIndex(key); i >= 0 && g.Subject == p.InForce.Actions[i].Owner {
			return nil
		}
		if r.Writes(p.Agency) {
			return nil
		}
		return errs.Deniedf("%s may not mark action %q of work plan %s done: its owner, HR of %s and city HR may", g.Subject, key, p.ID, agencyLabel(p.Agency))
	}
	return a.transition(ctx, id, "", allow, func(ctx context.Context, tx Tx, p *domain.WorkPlan, rec recorder) error {
		if err := p.CompleteAction(key, note, a.now()); err != nil {
			return err
		}
		rec(domain.ChangeActionCompleted, fmt.Sprintf("action %s completed", key))
		return nil
	})
}

func agencyLabel(agency string) string {
	if agency == domain.CityPlan {
		return "the city"
	}
	return "agency " + agency
}

// writer admits the plan's drafters: HR of its agency and city HR (the city plan: city HR).
func (a *App) writer(_ context.Context, r Reach, p domain.WorkPlan) error {
	if r.Writes(p.Agency) {
		return nil
	}
	if p.Agency == domain.CityPlan {
		return errs.Deniedf("only city HR changes the city's work plan")
	}
	return errs.Deniedf("only HR of agency %s or city HR may change its work plan", p.Agency)
}

// approver admits city HR.
func (a *App) approver(_ context.Context, r Reach, p domain.WorkPlan) error {
	if r.CityHR {
		return nil
	}
	return errs.Deniedf("only city HR approves or returns work plans")
}

// recorder records a version of the plan as it stands, made by change, with an audit detail.
type recorder func(change, detail string)

// snapshot is a version made by a transition: the plan as it stood after the change.
type snapshot struct {
	plan           domain.WorkPlan
	change, detail string
}

// transition changes plan id in one Write with its row locked: allow admits the caller (before
// the etag is compared, so a caller who may not change the plan learns nothing of it), then
// apply changes the plan, recording each version it makes. Nothing recorded: nothing stored.
func (a *App) transition(ctx context.Context, id, etag string, allow func(context.Context, Reach, domain.WorkPlan) error,
	apply func(context.Context, Tx, *domain.WorkPlan, recorder) error) (domain.PlanView, error) {
	r, rerr := a.reach(ctx)
	var out domain.PlanView
	err := a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		p, err := tx.GetWorkPlan(ctx, id)
		if err != nil {
			return err
		}
		if err := allow(ctx, r, p); err != nil {
			if rerr != nil {
				return rerr
			}
			return err
		}
		if err := resource.CheckEtag(WorkPlanName(id), etag, int64(p.Version)); err != nil {
			return err
		}
		from := p.Version
		var snaps []snapshot
		rec := func(change, detail string) {
			s := p
			s.PlanContent = p.PlanContent.Clone()
			if p.InForce != nil {
				in := p.InForce.Clone()
				s.InForce = &in
			}
			snaps = append(snaps, snapshot{plan: s, change: change, detail: detail})
		}
		if err := apply(ctx, tx, &p, rec); err != nil {
			return err
		}
		if len(snaps) == 0 {
			vs, err := a.views(ctx, tx, p)
			if err == nil {
				out = vs[0]
			}
			return err
		}
		if err := tx.UpdateWorkPlan(ctx, p, from); err != nil {
			return err
		}
		out, err = a.save(ctx, tx, p, snaps)
		return err
	})
	return out, err
}

// save keeps the versions snaps of plan p (stored already), announces each and audits each,
// and returns p's view.
func (a *App) save(ctx context.Context, tx Tx, p domain.WorkPlan, snaps []snapshot) (domain.PlanView, error) {
	actor := "system"
	if g, ok := auth.GrantFrom(ctx); ok && g.Subject != "" {
		actor = g.Subject
	}
	plans := make([]domain.WorkPlan, 0, len(snaps)+1)
	versions := make([]domain.WorkPlanVersion, len(snaps))
	for i, s := range snaps {
		versions[i] = domain.WorkPlanVersion{Plan: p.ID, Version: s.plan.Version, State: s.plan.State, Content: s.plan.PlanContent,
			Change: s.change, Actor: actor, Time: s.plan.Updated}
		plans = append(plans, s.plan)
	}
	if err := tx.InsertWorkPlanVersions(ctx, versions...); err != nil {
		return domain.PlanView{}, err
	}
	views, err := a.views(ctx, tx, append(plans, p)...)
	if err != nil {
		return domain.PlanView{}, err
	}
	for i, s := range snaps {
		if err := tx.Emit(ctx, domain.WorkPlanChanged{Plan: views[i], Change: s.change}); err != nil {
			return domain.PlanView{}, err
		}
		if err := tx.Audit(ctx, AuditEntry{Resource: WorkPlanName(p.ID), Detail: fmt.Sprintf("version %d %s", s.plan.Version, s.detail)}); err != nil {
			return domain.PlanView{}, err
		}
	}
	return views[len(views)-1], nil
}

// planViewer reads what a plan's view adds: the agency's name, the owners' names, the measures.
type planViewer interface {
	Agencies(ctx context.Context, codes ...string) (map[string]*domain.Agency, error)
	PlanOwners(ctx context.Context, nips ...string) (map[string]*domain.Employee, error)
	PlanMeasures(ctx context.Context, ids ...string) (map[string]map[string]domain.Measure, error)
}

// views returns the views of ps: each target in force carries its measure.
func (a *App) views(ctx context.Context, r planViewer, ps ...domain.WorkPlan) ([]domain.PlanView, error) {
	var codes, nips, ids []string
	for _, p := range ps {
		if p.Agency != domain.CityPlan {
			codes = append(codes, p.Agency)
		}
		for _, ac := range p.Actions {
			nips = append(nips, ac.Owner)
		}
		if p.InForce != nil {
			ids = append(ids, p.ID)
		}
	}
	agencies, err := r.Agencies(ctx, codes...)
	if err != nil {
		return nil, err
	}
	owners, err := r.PlanOwners(ctx, nips...)
	if err != nil {
		return nil, err
	}
	measures, err := r.PlanMeasures(ctx, ids...)
	if err != nil {
		return nil, err
	}
	today := domain.PlanDate(a.now())
	out := make([]domain.PlanView, len(ps))
	for i, p := range ps {
		v := domain.PlanView{WorkPlan: p, AgencyName: domain.CityPlanName, OwnerNames: map[string]string{}, Today: today}
		if p.Agency != domain.CityPlan {
			v.AgencyName = p.Agency
			if ag := agencies[p.Agency]; ag != nil {
				v.AgencyName = ag.Name
			}
		}
		for _, ac := range p.Actions {
			if e := owners[ac.Owner]; e != nil {
				v.OwnerNames[ac.Owner] = e.DisplayName()
			}
		}
		v.Targets = append([]domain.Target(nil), p.Targets...)
		if p.InForce != nil {
			inForce := map[string]bool{}
			for _, t := range p.InForce.Targets {
				inForce[t.Key] = true
			}
			for j, t := range v.Targets {
				if m, ok := measures[p.ID][t.Key]; ok && inForce[t.Key] {
					v.Targets[j].Measure = m
				}
			}
		}
		out[i] = v
	}
	return out, nil
}
