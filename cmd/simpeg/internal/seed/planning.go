package seed

// The staffing part of the demo (issue 12): the workload analysis of every seeded position and
// a work plan per agency and for the city (planning_workload.go, planning_plans.go), loaded
// through the planning service's REST API after the registry. The positions' levels and the
// employees' education come with the registry itself (levels.go). Loading again is safe: a
// position whose need already comes from a workload is left as it is, a plan found for the
// agency and year is only taken on through the steps it has not had.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
)

// PlanningOptions says where and how to load the staffing demo.
type PlanningOptions struct {
	// BaseURL is the gateway's address, e.g. "http://localhost:8080". Required.
	BaseURL string
	// Token is a city HR bearer token. Required.
	Token string
	// Dataset is the data set loaded with Load. Required.
	Dataset *Dataset
	// Progress receives the progress lines; nil means silent.
	Progress io.Writer
	// Concurrency is the number of requests in flight; DefaultConcurrency when zero.
	Concurrency int
	// Now is the moment the demo is built for (the plans' year and which actions are due); the
	// current time when zero.
	Now time.Time
	// HTTPClient sends the requests; when nil, a keep-alive client of its own is used.
	HTTPClient *http.Client
}

// PlanningStats counts what LoadPlanning did; "Present" counts are things found already there.
type PlanningStats struct {
	// WorkloadsSet counts the positions given a workload; WorkloadsPresent those that had one.
	WorkloadsSet, WorkloadsPresent int
	// NeedMismatches counts workloads whose need, as the service computed it, is not the
	// position's seeded needed headcount (a deployment with other effective hours).
	NeedMismatches int
	// PlansCreated and PlansPresent count the plans (the city's included).
	PlansCreated, PlansPresent int
	// PlansSubmitted and PlansApproved count the steps taken by this run.
	PlansSubmitted, PlansApproved int
	// ActionsCompleted counts the actions already due marked done.
	ActionsCompleted int
	// Phases are the parts loaded with the time each took, in order.
	Phases []TrainingPhase
	// Duration is the wall time of the load.
	Duration time.Duration
}

// Report writes what the stats count as a few lines for the seed's user.
func (st PlanningStats) Report(w io.Writer) {
	fmt.Fprintf(w, "%d workloads (ABK) set, %d already present", st.WorkloadsSet, st.WorkloadsPresent)
	if st.NeedMismatches > 0 {
		fmt.Fprintf(w, "; %d needs differ from the seeded ones (effective hours other than %d)", st.NeedMismatches, DemoEffectiveHours)
	}
	fmt.Fprintf(w, "\n%d work plans created, %d already present; %d submitted, %d approved by city HR, %d actions due marked done\n",
		st.PlansCreated, st.PlansPresent, st.PlansSubmitted, st.PlansApproved, st.ActionsCompleted)
	var phases []string
	for _, p := range st.Phases {
		phases = append(phases, p.Name+" "+p.Duration.Round(time.Millisecond).String())
	}
	fmt.Fprintf(w, "staffing demo loaded in %s (%s)\n", st.Duration.Round(time.Millisecond), strings.Join(phases, ", "))
}

// LoadPlanning loads the staffing demo for opts.Dataset, which must already be loaded with
// Load: the workload of every position, then one work plan per top-level agency and the city
// plan for opts.Now's year, submitted and approved by city HR but PlanDraftAgency's (a draft)
// and PlanSubmittedAgency's (submitted). On error the returned stats count what was done until
// then.
func LoadPlanning(ctx context.Context, opts PlanningOptions) (PlanningStats, error) {
	start := time.Now()
	if opts.Dataset == nil {
		return PlanningStats{}, errors.New("seed: no data set to load the staffing demo for")
	}
	l, err := newLoader(LoadOptions{BaseURL: opts.BaseURL, Token: opts.Token, Dataset: opts.Dataset,
		Progress: opts.Progress, Concurrency: opts.Concurrency, HTTPClient: opts.HTTPClient})
	if err != nil {
		return PlanningStats{}, err
	}
	defer l.close()
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	p := &planningLoader{loader: l, now: now.In(wib)}
	parts := []struct {
		name string
		load func(context.Context) error
	}{{"workloads", p.loadWorkloads}, {"work plans", p.loadPlans}}
	for _, part := range parts {
		began := time.Now()
		err = part.load(ctx)
		p.count(func(st *PlanningStats) { st.Phases = append(st.Phases, TrainingPhase{part.name, time.Since(began)}) })
		if err != nil {
			break
		}
	}
	p.st.Duration = time.Since(start)
	return p.st, err
}

// planningLoader is the state of one LoadPlanning.
type planningLoader struct {
	*loader
	now time.Time // in WIB

	mu sync.Mutex // guards st
	st PlanningStats
}

// count updates the stats under the lock.
func (p *planningLoader) count(f func(st *PlanningStats)) {
	p.mu.Lock()
	defer p.mu.Unlock()
	f(&p.st)
}

// call makes a request as city HR with a JSON body (nil for none) and decodes the answer into
// out (when not nil).
func (p *planningLoader) call(ctx context.Context, what, method, path string, body []byte, out proto.Message) error {
	_, resp, err := p.send(ctx, request{method: method, what: what, path: path, body: body})
	if err != nil {
		return err
	}
	if out == nil {
		return nil
	}
	if err := (protojson.UnmarshalOptions{DiscardUnknown: true}).Unmarshal(resp, out); err != nil {
		return fmt.Errorf("seed: %s: decode the answer: %w", what, err)
	}
	return nil
}

// topAgencies returns the data set's top-level agencies in its order.
func topAgencies(d *Dataset) []*planningv1.Agency {
	var out []*planningv1.Agency
	for _, a := range d.Agencies {
		if a.GetParent() == "" {
			out = append(out, a)
		}
	}
	return out
}

// loadWorkloads reads each agency's position map to find the positions whose need already
// comes from a workload, and sets the workload of the others.
func (p *planningLoader) loadWorkloads(ctx context.Context) error {
	have := map[string]bool{}
	for _, a := range topAgencies(p.d) {
		var m planningv1.GetPositionMapResponse
		if err := p.call(ctx, "read the position map of "+a.GetCode(), http.MethodGet, "/v1/agencies/"+url.PathEscape(a.GetCode())+"/positionMap", nil, &m); err != nil {
			return err
		}
		for _, u := range m.GetPositionMap().GetUnits() {
			for _, pn := range u.GetPositions() {
				if pn.GetFromWorkload() {
					have[strings.TrimPrefix(pn.GetPosition(), "positions/")] = true
				}
			}
		}
	}
	var todo []*planningv1.Position
	for _, pos := range p.d.Positions {
		if have[pos.GetId()] {
			p.st.WorkloadsPresent++
		} else {
			todo = append(todo, pos)
		}
	}
	p.prog.begin("workloads", len(todo))
	defer p.prog.end()
	return p.parallel(ctx, len(todo), func(ctx context.Context, i int) error {
		pos := todo[i]
		body, err := marshalCompact(nil, &planningv1.SetPositionWorkloadRequest{Tasks: WorkloadTasks(p.d.Seed, pos)})
		if err != nil {
			return fmt.Errorf("seed: marshal the workload of %s: %w", pos.GetId(), err)
		}
		var out planningv1.SetPositionWorkloadResponse
		if err := p.call(ctx, "set the workload of "+pos.GetId(), http.MethodPut, "/v1/positions/"+pos.GetId()+"/workload", body, &out); err != nil {
			return err
		}
		mismatch := out.GetWorkload().GetNeed() != pos.GetNeededHeadcount()
		p.count(func(st *PlanningStats) {
			st.WorkloadsSet++
			if mismatch {
				st.NeedMismatches++
			}
		})
		p.prog.add(1)
		return nil
	})
}

// demoPlan is one plan the demo loads and the state it is to reach.
type demoPlan struct {
	plan *planningv1.WorkPlan
	want planningv1.WorkPlanState // draft, submitted or approved
}

// demoPlans returns the demo's plans for the year of p.now: the city's first, then each
// top-level agency's.
func (p *planningLoader) demoPlans() []demoPlan {
	year := p.now.Year()
	owners := agencyOwners(p.d)
	headcount := map[string]int{}
	for _, e := range p.d.Employees {
		headcount[e.GetAgency()]++
	}
	// The city plan's actions are owned by the Sekretaris Daerah, the head of BKPSDM and the
	// head of Diskominfo, where they are in the data set.
	var city planOwners
	for _, code := range []string{sekdaCode, "BKPSDM", "DISKOMINFO"} {
		if o := owners[code]; len(o) > 0 {
			city = append(city, o[0])
		}
	}
	out := []demoPlan{{DemoWorkPlan(p.d.Seed, "", "", year, p.now, city, len(p.d.Employees)), planningv1.WorkPlanState_WORK_PLAN_STATE_APPROVED}}
	for _, a := range topAgencies(p.d) {
		want := planningv1.WorkPlanState_WORK_PLAN_STATE_APPROVED
		switch a.GetCode() {
		case PlanDraftAgency:
			want = planningv1.WorkPlanState_WORK_PLAN_STATE_DRAFT
		case PlanSubmittedAgency:
			want = planningv1.WorkPlanState_WORK_PLAN_STATE_SUBMITTED
		}
		plan := DemoWorkPlan(p.d.Seed, a.GetCode(), a.GetDisplayName(), year, p.now, owners[a.GetCode()], headcount[a.GetCode()])
		out = append(out, demoPlan{plan, want})
	}
	return out
}

// loadPlans lists the year's plans, creates the missing ones and takes each through the steps
// it still needs.
func (p *planningLoader) loadPlans(ctx context.Context) error {
	plans := p.demoPlans()
	found := map[string]*planningv1.WorkPlan{}
	for token := ""; ; {
		path := fmt.Sprintf("/v1/workPlans?year=%d&pageSize=1000", p.now.Year())
		if token != "" {
			path += "&pageToken=" + url.QueryEscape(token)
		}
		var page planningv1.ListWorkPlansResponse
		if err := p.call(ctx, "list the work plans", http.MethodGet, path, nil, &page); err != nil {
			return err
		}
		for _, wp := range page.GetWorkPlans() {
			found[wp.GetAgency()] = wp
		}
		if token = page.GetNextPageToken(); token == "" {
			break
		}
	}
	p.prog.begin("work plans", len(plans))
	defer p.prog.end()
	return p.parallel(ctx, len(plans), func(ctx context.Context, i int) error {
		err := p.loadPlan(ctx, plans[i], found[plans[i].plan.GetAgency()])
		p.prog.add(1)
		return err
	})
}

// loadPlan creates d's plan unless it exists (cur), then submits, approves and marks done the
// actions already due, as far as d wants.
func (p *planningLoader) loadPlan(ctx context.Context, d demoPlan, cur *planningv1.WorkPlan) error {
	who := "the city"
	if a := d.plan.GetAgency(); a != "" {
		who = a
	}
	var resp planningv1.GetWorkPlanResponse
	if cur == nil {
		body, err := marshalCompact(nil, d.plan)
		if err != nil {
			return fmt.Errorf("seed: marshal the work plan of %s: %w", who, err)
		}
		if err := p.call(ctx, "create the work plan of "+who, http.MethodPost, "/v1/workPlans", body, &resp); err != nil {
			return err
		}
		cur = resp.GetWorkPlan()
		p.count(func(st *PlanningStats) { st.PlansCreated++ })
	} else {
		p.count(func(st *PlanningStats) { st.PlansPresent++ })
	}
	step := func(what, verb string, body map[string]string) error {
		body["etag"] = cur.GetEtag()
		raw, err := json.Marshal(body)
		if err != nil {
			return err
		}
		if err := p.call(ctx, what+" the work plan of "+who, http.MethodPost, "/v1/"+cur.GetName()+":"+verb, raw, &resp); err != nil {
			return err
		}
		cur = resp.GetWorkPlan()
		return nil
	}
	state := cur.GetState()
	if d.want == planningv1.WorkPlanState_WORK_PLAN_STATE_DRAFT {
		return nil
	}
	if state == planningv1.WorkPlanState_WORK_PLAN_STATE_DRAFT || state == planningv1.WorkPlanState_WORK_PLAN_STATE_RETURNED {
		if err := step("submit", "submit", map[string]string{}); err != nil {
			return err
		}
		p.count(func(st *PlanningStats) { st.PlansSubmitted++ })
		state = cur.GetState()
	}
	if d.want == planningv1.WorkPlanState_WORK_PLAN_STATE_SUBMITTED {
		return nil
	}
	if state == planningv1.WorkPlanState_WORK_PLAN_STATE_SUBMITTED {
		if err := step("approve", "approve", map[string]string{"comment": "Disetujui (data ilustrasi)."}); err != nil {
			return err
		}
		p.count(func(st *PlanningStats) { st.PlansApproved++ })
	}
	return p.completeDue(ctx, who, cur)
}

// completeDue marks done the actions of an approved plan whose due date has passed, all but
// OverdueAction.
func (p *planningLoader) completeDue(ctx context.Context, who string, wp *planningv1.WorkPlan) error {
	today := p.now.Format(time.DateOnly)
	for _, a := range wp.GetActions() {
		if a.GetKey() == OverdueAction || a.GetDueDate() >= today || a.GetState() == planningv1.ActionState_ACTION_STATE_DONE {
			continue
		}
		body := []byte(`{"note":"Selesai (data ilustrasi)."}`)
		path := "/v1/" + wp.GetName() + "/actions/" + url.PathEscape(a.GetKey()) + ":complete"
		if err := p.call(ctx, "complete the action "+a.GetKey()+" of "+who, http.MethodPost, path, body, nil); err != nil {
			return err
		}
		p.count(func(st *PlanningStats) { st.ActionsCompleted++ })
	}
	return nil
}
