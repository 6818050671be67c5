package seed

// The evaluation demo's plan (issue 11 §6): what LoadEvaluation does for each employee of the
// data set — their SKP's results and stage, their performance over the year, feedback,
// realisation, peer input, the annual predicate and what they do with it — and every agency's
// organisation predicate, derived from the data set alone, without touching the network. The
// same data set always gives the same plan, so a second run finds what the first made.
// Everything is illustrative: predicates, texts and evidence are invented and say so.

import (
	"cmp"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	planningv1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/planning/v1"
)

// The predicates, organisation predicates and expectations in the REST API's JSON names.
const (
	predSangatBaik     = "PREDICATE_SANGAT_BAIK"
	predBaik           = "PREDICATE_BAIK"
	predButuhPerbaikan = "PREDICATE_BUTUH_PERBAIKAN"
	predKurang         = "PREDICATE_KURANG"
	predSangatKurang   = "PREDICATE_SANGAT_KURANG"

	orgIstimewa       = "ORGANISATION_PREDICATE_ISTIMEWA"
	orgBaik           = "ORGANISATION_PREDICATE_BAIK"
	orgButuhPerbaikan = "ORGANISATION_PREDICATE_BUTUH_PERBAIKAN"

	expAbove = "EXPECTATION_ABOVE"
	expMeets = "EXPECTATION_MEETS"
	expBelow = "EXPECTATION_BELOW"
)

// The SKP stages the plan leaves an SKP in.
const (
	stageApproved = "SKP_STATE_APPROVED"
	stageProposed = "SKP_STATE_PROPOSED"
	stageDraft    = "SKP_STATE_DRAFT"
)

// The objections of the demo: one upheld, one changed.
const (
	objectionUpheld  = "upheld"
	objectionChanged = "changed"
)

// Shares of the evaluation demo, of the employees concerned. They give a city where nearly
// every SKP is set, most period ratings are given, about three in five annual ratings are
// finalised by early December, and a minority records realisation and receives written feedback.
const (
	evalShareProposed    = 0.010 // of those nobody reports to: proposed, waiting for approval
	evalShareDraft       = 0.005 // of those nobody reports to: still a draft
	evalShareReturned    = 0.004 // of those nobody reports to: returned once with comments, then approved
	evalShareOverdue     = 0.03  // of the approved: the last ended period's rating not given
	evalShareRealisation = 0.15  // of the approved: realisation with evidence for the ended periods
	evalShareFeedback    = 0.12  // of the approved: written feedback from the appraiser
	evalShareReply       = 0.45  // of those with feedback: a reply
	evalShareDialogue    = 0.04  // of the approved: a performance dialogue recorded
	evalShareAcknowledge = 0.35  // of the finalised: acknowledged
	evalPeerHolders      = 5     // holders whose behaviour colleagues rate (360)
	evalPeerRaters       = 4     // colleagues asked for each
)

// evalOrgPredicates are the organisation predicates the demo gives some agencies; every other
// agency is Baik. Illustrative, like the rest: no agency of Medan was rated so.
var evalOrgPredicates = map[string]string{
	"BKPSDM": orgIstimewa, "DISDUKCAPIL": orgIstimewa, "KEC-MEDAN-POLONIA": orgIstimewa,
	"SETWAN": orgButuhPerbaikan, "KEC-MEDAN-BELAWAN": orgButuhPerbaikan,
}

// evalBound mirrors one rule of the evaluation service's default distribution policy
// (PermenPANRB 6/2022's annex as the service reads it, services/evaluation domain
// DistributionBounds): of an agency's population, at most (atMost) or at least percent per cent,
// and for an at-least rule never fewer than minCount, may hold one of preds.
type evalBound struct {
	preds    []string
	atMost   bool
	percent  int
	minCount int
}

// evalBounds are the default rules for the organisation predicates the demo uses. A deployment
// with other rules may refuse some of the demo's finalisations; LoadEvaluation counts those.
var evalBounds = map[string][]evalBound{
	orgIstimewa: {{preds: []string{predSangatBaik}, atMost: true, percent: 70}},
	orgBaik: {
		{preds: []string{predSangatBaik, predBaik}, atMost: true, percent: 70},
		{preds: []string{predButuhPerbaikan, predKurang}, minCount: 1},
	},
	orgButuhPerbaikan: {
		{preds: []string{predButuhPerbaikan}, percent: 60},
		{preds: []string{predSangatBaik}, atMost: true, percent: 10},
	},
}

// limit is the rule as a count of population: at most rounds down, at least rounds up (never
// below minCount nor above the population).
func (b evalBound) limit(population int) int {
	exact := float64(b.percent) * float64(population) / 100
	if b.atMost {
		return int(math.Floor(exact + 1e-9))
	}
	return min(max(int(math.Ceil(exact-1e-9)), b.minCount), population)
}

// counts reports whether the rule counts predicate p.
func (b evalBound) counts(p string) bool { return slices.Contains(b.preds, p) }

// evalBoundsHold reports whether predicates (the finalised ones of an agency of population
// employees) keep the agency's rules: every at-most rule's count within its limit, and the
// employees not yet rated enough to meet every at-least rule.
func evalBoundsHold(org string, population int, predicates []string) bool {
	deficit := 0
	for _, b := range evalBounds[org] {
		n := 0
		for _, p := range predicates {
			if b.counts(p) {
				n++
			}
		}
		switch {
		case b.atMost && n > b.limit(population):
			return false
		case !b.atMost:
			d := max(0, b.limit(population)-n)
			if d > population-len(predicates) {
				return false
			}
			deficit += d
		}
	}
	return deficit <= population-len(predicates)
}

// evalPerson is one employee's part in the evaluation demo.
type evalPerson struct {
	NIP, Name, Agency, Unit, Supervisor string
	Position                            string // the position's title
	Level                               int    // depth in the supervisor tree, 0 at the top
	Reports                             []string
	Kind                                roleKind // the role in the data set (head, unit head, staff)
	// Functional is the functional level's JSON name for a functional-position holder.
	Functional string
	// Results is how many work results the SKP has, 2 to 4.
	Results int
	// Stage is where the SKP is left; ReturnFirst has it returned once before approval.
	Stage       string
	ReturnFirst bool
	// Profile is the predicate the employee's year tends to: it drives the period ratings.
	Profile string
	// Overdue leaves the last ended period's rating not given (and no annual rating).
	Overdue bool
	// Annual is the annual predicate to finalise, "" for none; Wave orders the finalisations
	// (1 before 2) so that every intermediate count keeps the agency's bounds.
	Annual string
	Wave   int
	// Acknowledge and Objection are what the holder does with the finalised rating.
	Acknowledge bool
	Objection   string
	// Realise, Feedback (entries), Reply and Dialogue are the year's documentation.
	Realise  bool
	Feedback int
	Reply    bool
	Dialogue bool
	// PeerRaters are the colleagues asked for peer input; PeerSubmit how many of them answer.
	PeerRaters []string
	PeerSubmit int
}

// evalAgency is one agency's part in the demo.
type evalAgency struct {
	Code, Name string
	// Predicate is its organisation predicate's JSON name.
	Predicate string
	// Share is the part of its population whose annual rating is finalised.
	Share float64
}

// evalPlan is the whole evaluation demo.
type evalPlan struct {
	Year     int
	Agencies []evalAgency
	// Levels holds the people top-down: every appraiser comes in an earlier level.
	Levels [][]*evalPerson
	People map[string]*evalPerson
}

// evalRand returns a random source of its own for key and purpose: the plan of one employee
// does not depend on anybody else's, so a subset of the data set plans them the same way.
func evalRand(year int, key, purpose string) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(key))
	h.Write([]byte{0})
	h.Write([]byte(purpose))
	return rand.New(rand.NewPCG(h.Sum64(), uint64(year)))
}

// newEvaluationPlan plans the evaluation demo of year for d.
func newEvaluationPlan(d *Dataset, year int) (evalPlan, error) {
	levels, err := d.Levels()
	if err != nil {
		return evalPlan{}, err
	}
	positions := make(map[string]*planningv1.Position, len(d.Positions))
	for _, p := range d.Positions {
		positions[p.GetId()] = p
	}
	pl := evalPlan{Year: year, People: make(map[string]*evalPerson, len(d.Employees))}
	for li, level := range levels {
		people := make([]*evalPerson, 0, len(level))
		for _, e := range level {
			p := &evalPerson{NIP: e.GetNip(), Name: e.GetFullName(), Agency: e.GetAgency(), Unit: e.GetUnit(),
				Supervisor: e.GetSupervisor(), Level: li}
			if pos := positions[e.GetPosition()]; pos != nil {
				p.Position = pos.GetTitle()
				p.Kind = positionRole(pos)
				p.Functional = functionalLevel(pos)
			}
			pl.People[p.NIP] = p
			people = append(people, p)
		}
		pl.Levels = append(pl.Levels, people)
	}
	for _, e := range d.Employees {
		if boss := pl.People[e.GetSupervisor()]; boss != nil {
			boss.Reports = append(boss.Reports, e.GetNip())
		}
	}
	for _, p := range pl.People {
		pl.planPerson(p)
	}
	for _, a := range d.Agencies {
		if a.GetParent() != "" {
			continue
		}
		ag := evalAgency{Code: a.GetCode(), Name: a.GetDisplayName(), Predicate: orgBaik}
		if o, ok := evalOrgPredicates[ag.Code]; ok {
			ag.Predicate = o
		}
		ag.Share = 0.5 + 0.2*evalRand(year, ag.Code, "share").Float64()
		pl.Agencies = append(pl.Agencies, ag)
		pl.planAnnual(ag, d)
	}
	pl.planObjections(d)
	pl.planPeers(d)
	return pl, nil
}

// positionRole is the role a position's holder has in the tree, from its kind and id.
func positionRole(pos *planningv1.Position) roleKind {
	switch {
	case pos.GetKind() == planningv1.PositionKind_POSITION_KIND_FUNCTIONAL:
		return roleFunctional
	case pos.GetKind() == planningv1.PositionKind_POSITION_KIND_EXECUTOR:
		return roleExecutor
	case pos.GetUnit() == "":
		return roleHead
	}
	return roleUnitHead
}

// functionalLevel is the FunctionalLevel JSON name of a functional position, from the rung's
// suffix of its id (ladders), or "" for any other position.
func functionalLevel(pos *planningv1.Position) string {
	if pos.GetKind() != planningv1.PositionKind_POSITION_KIND_FUNCTIONAL {
		return ""
	}
	id := pos.GetId()
	switch id[strings.LastIndexByte(id, '-')+1:] {
	case "ap":
		return "FUNCTIONAL_LEVEL_AHLI_PERTAMA"
	case "am":
		return "FUNCTIONAL_LEVEL_AHLI_MUDA"
	case "amd":
		return "FUNCTIONAL_LEVEL_AHLI_MADYA"
	case "t":
		return "FUNCTIONAL_LEVEL_TERAMPIL"
	case "m":
		return "FUNCTIONAL_LEVEL_MAHIR"
	case "p":
		return "FUNCTIONAL_LEVEL_PENYELIA"
	}
	return ""
}

// planPerson draws what concerns one employee alone.
func (pl *evalPlan) planPerson(p *evalPerson) {
	r := evalRand(pl.Year, p.NIP, "person")
	p.Results = 2 + r.IntN(3)
	p.Stage = stageApproved
	if len(p.Reports) == 0 { // nobody cascades from a leaf's SKP: it may stay unapproved
		switch x := r.Float64(); {
		case x < evalShareProposed:
			p.Stage = stageProposed
		case x < evalShareProposed+evalShareDraft:
			p.Stage = stageDraft
		case x < evalShareProposed+evalShareDraft+evalShareReturned:
			p.ReturnFirst = true
		}
	}
	switch x := r.Float64(); {
	case x < 0.12:
		p.Profile = predSangatBaik
	case x < 0.92:
		p.Profile = predBaik
	case x < 0.98:
		p.Profile = predButuhPerbaikan
	default:
		p.Profile = predKurang
	}
	if p.Stage != stageApproved {
		return
	}
	p.Overdue = r.Float64() < evalShareOverdue && p.Level > 0
	p.Realise = r.Float64() < evalShareRealisation
	if r.Float64() < evalShareFeedback {
		p.Feedback = 1 + r.IntN(2)
		p.Reply = r.Float64() < evalShareReply
	}
	p.Dialogue = r.Float64() < evalShareDialogue
}

// planAnnual chooses the agency's finalised annual predicates: a share of its population (the
// approved SKPs), by a spread that suits its organisation predicate and keeps its bounds, and
// the order they are finalised in.
func (pl *evalPlan) planAnnual(ag evalAgency, d *Dataset) {
	var population, eligible []*evalPerson
	for _, e := range d.Employees {
		p := pl.People[e.GetNip()]
		if p.Agency != ag.Code || p.Stage != stageApproved {
			continue
		}
		population = append(population, p)
		if !p.Overdue {
			eligible = append(eligible, p)
		}
	}
	n := len(population)
	f := min(len(eligible), int(math.Round(ag.Share*float64(n))))
	if f == 0 {
		return
	}
	// Who is finalised: a fixed draw over the eligible, the same for the same people.
	draw := make(map[string]uint64, len(eligible))
	for _, p := range eligible {
		draw[p.NIP] = evalRand(pl.Year, p.NIP, "annual").Uint64()
	}
	slices.SortFunc(eligible, func(a, b *evalPerson) int { return cmp.Compare(draw[a.NIP], draw[b.NIP]) })
	chosen := eligible[:f]
	counts := annualSpread(ag.Predicate, n, f)
	// Those whose year tends lower take the lower predicates first, then the rest by the draw.
	rank := map[string]int{predKurang: 0, predButuhPerbaikan: 1, predSangatBaik: 2, predBaik: 3}
	slices.SortStableFunc(chosen, func(a, b *evalPerson) int { return rank[a.Profile] - rank[b.Profile] })
	i := 0
	for _, pred := range []string{predKurang, predButuhPerbaikan} {
		for range counts[pred] {
			chosen[i].Annual = pred
			i++
		}
	}
	// Sangat Baik goes to those whose year tends to it, then to whoever is next.
	rest := chosen[i:]
	slices.SortStableFunc(rest, func(a, b *evalPerson) int {
		return boolRank(a.Profile != predSangatBaik) - boolRank(b.Profile != predSangatBaik)
	})
	for j, p := range rest {
		p.Annual = predBaik
		if j < counts[predSangatBaik] {
			p.Annual = predSangatBaik
		}
	}
	for _, p := range chosen {
		p.Profile = p.Annual // the period ratings lead to the annual one
		p.Wave = 2
		for _, b := range evalBounds[ag.Predicate] {
			if !b.atMost && b.counts(p.Annual) {
				p.Wave = 1 // what an at-least rule waits for goes first
			}
		}
		p.Acknowledge = evalRand(pl.Year, p.NIP, "acknowledge").Float64() < evalShareAcknowledge
	}
}

// boolRank is 1 for true, 0 for false.
func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

// annualSpread is how many of f finalised employees of an agency of population n get each
// predicate: Baik the bulk, some Sangat Baik, a few Butuh Perbaikan and Kurang — shaped by the
// agency's organisation predicate and kept within its bounds.
func annualSpread(org string, n, f int) map[string]int {
	share := func(x float64) int { return int(math.Round(x * float64(f))) }
	c := map[string]int{}
	switch org {
	case orgIstimewa:
		c[predSangatBaik], c[predButuhPerbaikan], c[predKurang] = share(0.22), share(0.03), share(0.01)
	case orgButuhPerbaikan:
		// At least 60 % of the population Butuh Perbaikan in the end: enough of the finalised
		// so that the ones still unrated can make up the rest; at most 10 % Sangat Baik.
		need := evalBound{percent: 60}.limit(n) - (n - f)
		c[predButuhPerbaikan] = min(f, max(need, share(0.45)))
		c[predSangatBaik] = min(share(0.03), evalBound{atMost: true, percent: 10}.limit(n))
		c[predKurang] = min(share(0.02), f-c[predButuhPerbaikan]-c[predSangatBaik])
	default: // Baik: at most 70 % Sangat Baik or Baik, at least one Butuh Perbaikan or Kurang
		c[predSangatBaik], c[predButuhPerbaikan], c[predKurang] = share(0.08), max(1, share(0.06)), share(0.02)
		if over := f - c[predButuhPerbaikan] - c[predKurang] - (evalBound{atMost: true, percent: 70}.limit(n)); over > 0 {
			c[predButuhPerbaikan] += over
		}
	}
	c[predKurang] = max(0, min(c[predKurang], f))
	c[predButuhPerbaikan] = max(0, min(c[predButuhPerbaikan], f-c[predKurang]))
	c[predSangatBaik] = max(0, min(c[predSangatBaik], f-c[predKurang]-c[predButuhPerbaikan]))
	c[predBaik] = f - c[predSangatBaik] - c[predButuhPerbaikan] - c[predKurang]
	return c
}

// planObjections picks the demo's two objections among finalised staff of Baik agencies whose
// appraiser has a supervisor of their own (who decides): one against a Butuh Perbaikan, upheld;
// one against a Baik, changed to Sangat Baik (the count the agency's at-most rule holds is the
// same).
func (pl *evalPlan) planObjections(d *Dataset) {
	org := map[string]string{}
	for _, a := range pl.Agencies {
		org[a.Code] = a.Predicate
	}
	want := map[string]string{predButuhPerbaikan: objectionUpheld, predBaik: objectionChanged}
	for _, e := range d.Employees {
		p := pl.People[e.GetNip()]
		kind, ok := want[p.Annual]
		if !ok || org[p.Agency] != orgBaik || p.Level < 2 {
			continue
		}
		if boss := pl.People[p.Supervisor]; boss == nil || pl.People[boss.Supervisor] == nil {
			continue
		}
		p.Objection, p.Acknowledge = kind, false
		delete(want, p.Annual)
		if len(want) == 0 {
			return
		}
	}
}

// planPeers picks a handful of holders whose appraiser asks colleagues for peer input: staff
// with at least evalPeerRaters colleagues under the same appraiser, the first of the data set's
// agencies. The first asked hears from two colleagues only (the aggregate stays hidden under
// three); the others from three.
func (pl *evalPlan) planPeers(d *Dataset) {
	picked, perAgency := 0, map[string]int{}
	for _, e := range d.Employees {
		p := pl.People[e.GetNip()]
		boss := pl.People[p.Supervisor]
		if picked == evalPeerHolders || p.Stage != stageApproved || boss == nil || boss.Level == 0 || perAgency[p.Agency] == 2 {
			continue
		}
		var raters []string
		for _, c := range boss.Reports {
			if c != p.NIP && len(raters) < evalPeerRaters {
				raters = append(raters, c)
			}
		}
		if len(raters) < evalPeerRaters {
			continue
		}
		p.PeerRaters, p.PeerSubmit = raters, 3
		if picked == 0 {
			p.PeerSubmit = 2
		}
		picked++
		perAgency[p.Agency]++
	}
}

// periodRating is the rating the appraiser gives p for the i-th ended period: mostly the
// profile's, now and then a neighbouring one.
func (p *evalPerson) periodRating(year, i int) (results, behaviour string) {
	r := evalRand(year, p.NIP, "period"+string(rune('0'+i)))
	pred := p.Profile
	if x := r.Float64(); x < 0.2 {
		switch pred {
		case predSangatBaik, predButuhPerbaikan, predKurang:
			pred = predBaik
		case predBaik:
			if x < 0.13 {
				pred = predSangatBaik
			}
		}
	}
	return ratingFor(pred, r)
}

// ratingFor returns results and behaviour ratings that the matrix (DOMAIN.md) turns into pred,
// choosing among the cells that give it.
func ratingFor(pred string, r *rand.Rand) (results, behaviour string) {
	cells := map[string][][2]string{
		predSangatBaik:     {{expAbove, expAbove}},
		predBaik:           {{expMeets, expMeets}, {expMeets, expMeets}, {expAbove, expMeets}, {expMeets, expAbove}},
		predButuhPerbaikan: {{expBelow, expMeets}, {expBelow, expAbove}},
		predKurang:         {{expMeets, expBelow}, {expAbove, expBelow}},
		predSangatKurang:   {{expBelow, expBelow}},
	}[pred]
	c := cells[r.IntN(len(cells))]
	return c[0], c[1]
}

// matrixPredicate is DOMAIN.md's matrix: the predicate of a results and a behaviour rating.
func matrixPredicate(results, behaviour string) string {
	switch {
	case results == expBelow && behaviour == expBelow:
		return predSangatKurang
	case results == expBelow:
		return predButuhPerbaikan
	case behaviour == expBelow:
		return predKurang
	case results == expAbove && behaviour == expAbove:
		return predSangatBaik
	}
	return predBaik
}
