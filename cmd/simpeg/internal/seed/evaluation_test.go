package seed

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// TestEvaluationPlan checks the evaluation demo's plan of the whole data set: deterministic,
// SKPs left unapproved only where nobody cascades from them, the organisation predicates
// (mostly Baik, a few Istimewa, one or two Butuh Perbaikan), a city-wide spread with Baik the
// bulk, every agency's finalisations keeping its bound at every step of their order, the two
// objections, the peer input and the functional levels.
func TestEvaluationPlan(t *testing.T) {
	d := Generate(2026)
	pl, err := newEvaluationPlan(d, 2026)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := newEvaluationPlan(d, 2026)
	if !reflect.DeepEqual(pl.People, again.People) || !reflect.DeepEqual(pl.Agencies, again.Agencies) {
		t.Fatal("two plans of the same data set differ")
	}
	if len(pl.People) != EmployeeCount {
		t.Fatalf("%d people planned; want %d", len(pl.People), EmployeeCount)
	}

	orgs := map[string]int{}
	for _, a := range pl.Agencies {
		orgs[a.Predicate]++
	}
	if orgs[orgIstimewa] < 2 || orgs[orgButuhPerbaikan] < 1 || orgs[orgButuhPerbaikan] > 2 || orgs[orgBaik] < len(pl.Agencies)*3/4 {
		t.Errorf("organisation predicates %v; want mostly Baik, a few Istimewa, one or two Butuh Perbaikan", orgs)
	}

	stages, annual, functional := map[string]int{}, map[string]int{}, 0
	objections := map[string]*evalPerson{}
	peers := 0
	for _, p := range pl.People {
		stages[p.Stage]++
		if p.Annual != "" {
			annual[p.Annual]++
		}
		if p.Functional != "" {
			functional++
		}
		if p.Stage != stageApproved && len(p.Reports) > 0 {
			t.Errorf("%s is left %s though %d cascade from their SKP", p.NIP, p.Stage, len(p.Reports))
		}
		if p.Annual != "" && (p.Stage != stageApproved || p.Overdue) {
			t.Errorf("%s has an annual rating planned though %s, overdue %v", p.NIP, p.Stage, p.Overdue)
		}
		if p.Objection != "" {
			if objections[p.Objection] != nil {
				t.Errorf("two %s objections: %s and %s", p.Objection, objections[p.Objection].NIP, p.NIP)
			}
			objections[p.Objection] = p
		}
		if len(p.PeerRaters) > 0 {
			peers++
			seen := map[string]bool{p.NIP: true}
			for _, r := range p.PeerRaters {
				if seen[r] || pl.People[r] == nil || pl.People[r].Agency != p.Agency {
					t.Errorf("%s's peer raters %v: want %d distinct colleagues of the agency, not the holder", p.NIP, p.PeerRaters, evalPeerRaters)
				}
				seen[r] = true
			}
		}
	}
	if stages[stageProposed] == 0 || stages[stageDraft] == 0 || stages[stageApproved] < EmployeeCount*97/100 {
		t.Errorf("SKP stages %v; want nearly all approved, a few proposed and drafts", stages)
	}
	total := annual[predSangatBaik] + annual[predBaik] + annual[predButuhPerbaikan] + annual[predKurang]
	if total < EmployeeCount/2 || annual[predBaik] < total*6/10 || annual[predSangatBaik] < total/20 ||
		annual[predButuhPerbaikan] == 0 || annual[predKurang] == 0 || annual[predSangatKurang] != 0 {
		t.Errorf("annual predicates %v of %d; want half the city or more, Baik the bulk, some Sangat Baik, a few Butuh Perbaikan and Kurang", annual, total)
	}
	if functional < 1000 {
		t.Errorf("%d functional-position holders with a level; want the data set's functional posts", functional)
	}
	if peers != evalPeerHolders {
		t.Errorf("%d holders with peer input; want %d", peers, evalPeerHolders)
	}
	up, ch := objections[objectionUpheld], objections[objectionChanged]
	if up == nil || ch == nil || up.Annual != predButuhPerbaikan || ch.Annual != predBaik {
		t.Fatalf("objections %+v; want one against Butuh Perbaikan (upheld), one against Baik (changed)", objections)
	}

	// Every agency's finalisations, in their order (wave 1, then 2), keep its bound at each step.
	org := map[string]string{}
	for _, a := range pl.Agencies {
		org[a.Code] = a.Predicate
	}
	population := map[string]int{}
	order := map[string][]string{}
	for wave := 1; wave <= 2; wave++ {
		for _, e := range d.Employees {
			p := pl.People[e.GetNip()]
			if wave == 1 && p.Stage == stageApproved {
				population[p.Agency]++
			}
			if p.Annual != "" && p.Wave == wave {
				order[p.Agency] = append(order[p.Agency], p.Annual)
			}
		}
	}
	for agency, preds := range order {
		for i := range preds {
			if !evalBoundsHold(org[agency], population[agency], preds[:i+1]) {
				t.Errorf("%s (%s, %d approved): finalisation %d of %d (%s) breaks the bound; the order %v",
					agency, org[agency], population[agency], i+1, len(preds), preds[i], preds[:i+1])
				break
			}
		}
	}
	// The changed objection keeps the bound: Baik to Sangat Baik in a Baik agency.
	if org[ch.Agency] != orgBaik {
		t.Errorf("the changed objection is in %s (%s); want a Baik agency", ch.Agency, org[ch.Agency])
	}
}

// TestEvaluationMatrix checks that the ratings the demo gives lead to the predicate meant, by
// DOMAIN.md's matrix, for every predicate and many draws.
func TestEvaluationMatrix(t *testing.T) {
	tests := []struct{ results, behaviour, want string }{
		{expAbove, expAbove, predSangatBaik}, {expAbove, expMeets, predBaik}, {expAbove, expBelow, predKurang},
		{expMeets, expAbove, predBaik}, {expMeets, expMeets, predBaik}, {expMeets, expBelow, predKurang},
		{expBelow, expAbove, predButuhPerbaikan}, {expBelow, expMeets, predButuhPerbaikan}, {expBelow, expBelow, predSangatKurang},
	}
	for _, tt := range tests {
		if got := matrixPredicate(tt.results, tt.behaviour); got != tt.want {
			t.Errorf("matrix(%s, %s) = %s; want %s", tt.results, tt.behaviour, got, tt.want)
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for _, pred := range []string{predSangatBaik, predBaik, predButuhPerbaikan, predKurang, predSangatKurang} {
		for range 50 {
			if res, beh := ratingFor(pred, r); matrixPredicate(res, beh) != pred {
				t.Errorf("ratingFor(%s) = %s, %s, which the matrix makes %s", pred, res, beh, matrixPredicate(res, beh))
			}
		}
	}
}

// TestEvaluationBounds checks the plan's mirror of the service's default bounds with the
// numbers of the rating area's tests: a Baik agency of 10 takes 7 Baik-or-better, not 8, and
// its last unrated employee must be Butuh Perbaikan or Kurang when none is.
func TestEvaluationBounds(t *testing.T) {
	rep := func(p string, n int) []string { return strings.Fields(strings.Repeat(p+" ", n)) }
	tests := []struct {
		name, org string
		n         int
		preds     []string
		want      bool
	}{
		{"Baik: 7 of 10 Baik", orgBaik, 10, rep(predBaik, 7), true},
		{"Baik: 8 of 10 Baik", orgBaik, 10, rep(predBaik, 8), false},
		{"Baik: 7 Baik, 1 Butuh Perbaikan", orgBaik, 10, append(rep(predBaik, 7), predButuhPerbaikan), true},
		{"Baik: 7 Baik, 3 left for the at-least-1 rule", orgBaik, 10, rep(predBaik, 7), true},
		{"Baik: the last one rated Baik-or-better when none is below", orgBaik, 3, rep(predBaik, 3), false},
		{"Istimewa: 7 of 10 Sangat Baik", orgIstimewa, 10, rep(predSangatBaik, 7), true},
		{"Istimewa: 8 of 10 Sangat Baik", orgIstimewa, 10, rep(predSangatBaik, 8), false},
		{"Butuh Perbaikan: 5 Baik of 10 leaves too few for 60 %", orgButuhPerbaikan, 10, rep(predBaik, 5), false},
		{"Butuh Perbaikan: 4 Baik of 10", orgButuhPerbaikan, 10, rep(predBaik, 4), true},
		{"Butuh Perbaikan: 2 Sangat Baik of 10", orgButuhPerbaikan, 10, rep(predSangatBaik, 2), false},
	}
	for _, tt := range tests {
		if got := evalBoundsHold(tt.org, tt.n, tt.preds); got != tt.want {
			t.Errorf("%s: %v; want %v", tt.name, got, tt.want)
		}
	}
}

// TestEvaluationTexts checks the SKP results the demo writes: a head's from the agency's plan,
// labelled as demo data; anyone else's each cascaded; 2 to 4, each with an indicator and
// targets of distinct aspects.
func TestEvaluationTexts(t *testing.T) {
	p := &evalPerson{NIP: "197203152000031002", Agency: "DISKOMINFO", Results: 4, Reports: []string{"x"}}
	head := skpResults(2026, p, true, "Dinas Komunikasi dan Informatika", nil)
	for _, r := range head {
		if !strings.HasPrefix(r.PlanReference, demoLabel+": ") || r.ParentResult != "" {
			t.Errorf("a head's result %+v: want a plan reference labelled as demo data, no parent", r)
		}
	}
	parents := []string{"skps/2026-1-1/results/r1", "skps/2026-1-1/results/r2"}
	staff := skpResults(2026, &evalPerson{NIP: "198609262015051001", Results: 3, Functional: "FUNCTIONAL_LEVEL_AHLI_MUDA", Position: "Pranata Komputer Ahli Muda"}, false, "Bidang Aplikasi Informatika", parents)
	if len(staff) != 3 || !strings.Contains(staff[0].Text, "Pranata Komputer Ahli Muda") {
		t.Fatalf("staff results %+v; want 3, the first the functional post's", staff)
	}
	for i, r := range append(head, staff...) {
		if len(r.Indicators) == 0 || len(r.Text) < 3 {
			t.Errorf("result %d %+v: want text and indicators", i, r)
		}
		for _, ind := range r.Indicators {
			aspects := map[string]bool{}
			for _, tg := range ind.Targets {
				if aspects[tg.Aspect] {
					t.Errorf("indicator %q has two %s targets", ind.Text, tg.Aspect)
				}
				aspects[tg.Aspect] = true
			}
		}
	}
	for i, r := range staff {
		if r.ParentResult != parents[i%2] || r.PlanReference != "" {
			t.Errorf("staff result %d %+v: want cascaded from %s", i, r, parents[i%2])
		}
	}
}
