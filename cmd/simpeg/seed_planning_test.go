package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/simpeg-id/simpeg/cmd/simpeg/internal/seed"
	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/testenv"
)

// seedPlanningAgencies are the agencies of the demo loaded for the staffing seed's test: two
// whose plans are approved, and the two the demo leaves unapproved (with SETDA, which
// seedSubset adds).
var seedPlanningAgencies = []string{"DISKOMINFO", "BKPSDM", seed.PlanDraftAgency, seed.PlanSubmittedAgency}

// TestSeedDemoPlanning loads the staffing demo into the suite on both engines for part of the
// data set, then again: the first run sets the workload of every position, with the need the
// service computes equal to the seeded one, and creates the city's plan and one per agency, all
// illustrative, approved by city HR but the draft and the submitted one, with the actions
// already due marked done; the positions carry their levels and the employees their education;
// the second run writes nothing.
func TestSeedDemoPlanning(t *testing.T) {
	testenv.ForEachEngine(t, func(t *testing.T, engine testenv.Engine) {
		s := startSuite(t, engine)
		cityHR := s.token(t, auth.RoleCityHR, "", "bkpsdm")
		ctx := context.Background()
		ds := seedSubset(seed.Generate(2026), seedPlanningAgencies...)
		start := time.Now()
		if _, err := seed.Load(ctx, seed.LoadOptions{BaseURL: s.base, Token: cityHR, Dataset: ds}); err != nil {
			t.Fatalf("loading the registry: %v", err)
		}
		t.Logf("%s: %d employees, %d positions loaded in %s", engine, len(ds.Employees), len(ds.Positions), time.Since(start).Round(time.Millisecond))
		opts := seed.PlanningOptions{BaseURL: s.base, Token: cityHR, Dataset: ds}
		now := time.Now().In(wib)

		st, err := seed.LoadPlanning(ctx, opts)
		if err != nil {
			t.Fatalf("the staffing demo: %v", err)
		}
		t.Logf("%s: the staffing demo took %s: %v", engine, st.Duration.Round(time.Millisecond), st.Phases)
		agencies := len(seedPlanningAgencies) + 1 // SETDA
		approved := agencies + 1 - 2              // the city's too; the draft and the submitted not
		due := 0
		for _, a := range seed.DemoWorkPlan(ds.Seed, "X", "X", now.Year(), now, nil, 1).GetActions() {
			if a.GetKey() != seed.OverdueAction && a.GetDueDate() < now.Format(time.DateOnly) {
				due++
			}
		}
		if st.WorkloadsSet != len(ds.Positions) || st.WorkloadsPresent != 0 || st.NeedMismatches != 0 || st.PlansCreated != agencies+1 ||
			st.PlansSubmitted != approved+1 || st.PlansApproved != approved || st.ActionsCompleted != approved*due {
			t.Errorf("first run: %+v; want %d workloads with the seeded needs, %d plans, %d submitted, %d approved, %d actions done",
				st, len(ds.Positions), agencies+1, approved+1, approved, approved*due)
		}
		checkSeededPlanning(t, s, cityHR, now.Year())
		// The seed's own writes, by its token's subject (the sweep announces overdue actions as
		// "system" on its own schedule).
		audit := string(s.do(t, "GET", "/v1/planning/auditRecords?pageSize=1&actor=bkpsdm", cityHR, nil).want(t, 200).raw)

		st, err = seed.LoadPlanning(ctx, opts)
		if err != nil {
			t.Fatalf("again: %v", err)
		}
		t.Logf("%s: the staffing demo again took %s: %v", engine, st.Duration.Round(time.Millisecond), st.Phases)
		if st.WorkloadsSet+st.PlansCreated+st.PlansSubmitted+st.PlansApproved+st.ActionsCompleted != 0 ||
			st.WorkloadsPresent != len(ds.Positions) || st.PlansPresent != agencies+1 {
			t.Errorf("loading again: %+v; want nothing new, everything found", st)
		}
		if again := string(s.do(t, "GET", "/v1/planning/auditRecords?pageSize=1&actor=bkpsdm", cityHR, nil).want(t, 200).raw); again != audit {
			t.Errorf("loading again moved the planning audit trail:\nbefore %.400s\nafter  %.400s", audit, again)
		}
	})
}

// checkSeededPlanning reads the staffing demo back through the API.
func checkSeededPlanning(t *testing.T, s *suite, token string, year int) {
	t.Helper()
	// Levels, the teachers' own retirement age and the needs from the workload.
	head := s.do(t, "GET", "/v1/positions/diskominfo-kepala", token, nil).want(t, 200)
	if head.body["level"] != "POSITION_LEVEL_JPT_PRATAMA" || head.body["neededFromWorkload"] != true {
		t.Errorf("Diskominfo's head's position: %s; want JPT pratama, its need from the workload", head.raw)
	}
	var pm struct {
		PositionMap struct {
			Need, Holders, Gap                              int
			PositionsWithWorkload, PositionsWithoutWorkload int
			Units                                           []struct{ Positions []struct{ Level string } }
		}
	}
	decodeJSON(t, string(s.do(t, "GET", "/v1/agencies/DISKOMINFO/positionMap", token, nil).want(t, 200).raw), &pm)
	m := pm.PositionMap
	if m.PositionsWithoutWorkload != 0 || m.PositionsWithWorkload < 20 || m.Holders != 140 {
		t.Errorf("Diskominfo's position map: need %d, holders %d, gap %d, %d positions with a workload, %d without; want every one with one, 140 holders",
			m.Need, m.Holders, m.Gap, m.PositionsWithWorkload, m.PositionsWithoutWorkload)
	}
	for _, u := range m.Units {
		for _, p := range u.Positions {
			if p.Level == "" {
				t.Errorf("a position of Diskominfo's map without a level: %+v", u)
			}
		}
	}
	// Education on the dashboard.
	dash := string(s.do(t, "GET", "/v1/dashboards/workforce?agency=DISKOMINFO", token, nil).want(t, 200).raw)
	if !strings.Contains(dash, `"education"`) || !strings.Contains(dash, `"s1"`) {
		t.Errorf("Diskominfo's dashboard: %.800s; want every employee's education, S1 among them", dash)
	}
	// The plans: illustrative, approved but the draft and the submitted one.
	var list struct {
		WorkPlans []struct {
			Name, Agency, State, Title string
			Illustrative               bool
			Targets                    []struct{ Key, Kind, DueDate string }
			Actions                    []struct{ Key, State string }
			BudgetTotal                string
		}
	}
	decodeJSON(t, string(s.do(t, "GET", fmt.Sprintf("/v1/workPlans?year=%d&pageSize=100", year), token, nil).want(t, 200).raw), &list)
	states := map[string]string{}
	for _, wp := range list.WorkPlans {
		states[wp.Agency] = wp.State
		if !wp.Illustrative || !strings.Contains(wp.Title, "(ilustrasi)") || len(wp.Targets) != 6 || wp.BudgetTotal == "" || wp.BudgetTotal == "0" {
			t.Errorf("the plan of %q: %+v; want illustrative with six targets and a budget", wp.Agency, wp)
		}
	}
	want := map[string]string{"": "WORK_PLAN_STATE_IN_PROGRESS", "SETDA": "WORK_PLAN_STATE_IN_PROGRESS", "DISKOMINFO": "WORK_PLAN_STATE_IN_PROGRESS",
		"BKPSDM": "WORK_PLAN_STATE_IN_PROGRESS", seed.PlanDraftAgency: "WORK_PLAN_STATE_DRAFT", seed.PlanSubmittedAgency: "WORK_PLAN_STATE_SUBMITTED"}
	if fmt.Sprint(states) != fmt.Sprint(want) {
		t.Errorf("the plans' states %v; want %v", states, want)
	}
	// An approved plan is monitored: every target of Diskominfo's is measured within seconds.
	var plan string
	for _, wp := range list.WorkPlans {
		if wp.Agency == "DISKOMINFO" {
			plan = wp.Name
		}
	}
	start := time.Now()
	for {
		var got struct {
			WorkPlan struct {
				Targets []struct {
					Key, Status, MeasureTime string
				}
			}
		}
		decodeJSON(t, string(s.do(t, "GET", "/v1/"+plan, token, nil).want(t, 200).raw), &got)
		measured := 0
		for _, tg := range got.WorkPlan.Targets {
			if tg.MeasureTime != "" && tg.Status != "" {
				measured++
			}
		}
		if measured == 6 {
			t.Logf("Diskominfo's six targets measured %s after the load: %+v", time.Since(start).Round(time.Millisecond), got.WorkPlan.Targets)
			break
		}
		if time.Since(start) > 15*time.Second {
			t.Errorf("Diskominfo's plan after 15 s: %+v; want its six targets measured", got.WorkPlan.Targets)
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
}
