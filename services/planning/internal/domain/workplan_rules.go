package domain

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/simpeg-id/simpeg/platform/errs"
)

// The staffing work plan's rules (issue 12 §2; DOMAIN.md "Staffing work plan"): what a plan's
// content must say, and how a plan moves through draft → submitted → approved → in progress →
// closed. The plan is the agency's rencana kerja kepegawaian, approved by the city's BKPSDM;
// its targets are measured by the monitoring, never typed in.

// The limits of a plan's content (the API's, planning_service.proto).
const (
	MaxGoals       = 20
	MaxTargets     = 50
	MaxActions     = 200
	MaxBudgetLines = 200
	MaxProgrammes  = 20
	MaxBudget      = 1_000_000_000_000_000 // Rp 10^15 a line
)

// planZone is Asia/Jakarta (WIB, UTC+7, no daylight saving since 1964): the city's calendar,
// which decides when a plan's year begins and when an action is overdue.
var planZone = time.FixedZone("WIB", 7*60*60)

// PlanDate returns the calendar date of t in Asia/Jakarta.
func PlanDate(t time.Time) Date {
	y, m, d := t.In(planZone).Date()
	return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

var planKey = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,39}$`)

// WorkPlanVersion is one kept version of a plan: its whole content and state as they were, the
// change that made it and who made it.
type WorkPlanVersion struct {
	Plan    string
	Version int
	State   PlanState
	Content PlanContent
	Change  string
	Actor   string
	Time    time.Time
}

// The changes a version records (WorkPlanVersion.change of the API), also the last word of the
// subject of WorkPlanChanged.
const (
	ChangeCreated         = "created"
	ChangeUpdated         = "updated"
	ChangeSubmitted       = "submitted"
	ChangeReturned        = "returned"
	ChangeApproved        = "approved"
	ChangeStarted         = "started"
	ChangeRevised         = "revised"
	ChangeClosed          = "closed"
	ChangeActionCompleted = "action_completed"
)

// PlanView is a plan as read: with the registry's names and the measures of its targets in
// force (Target.Measure), and the day its actions' states are of.
type PlanView struct {
	WorkPlan
	// AgencyName is the agency's name, "Pemerintah Kota" for the city plan.
	AgencyName string
	// OwnerNames are the display names of the actions' owners, by NIP.
	OwnerNames map[string]string
	// Today is the Asia/Jakarta date the actions' states are derived for.
	Today Date
}

// CityPlanName is the AgencyName of the city plan.
const CityPlanName = "Pemerintah Kota"

// ActionState returns where action a stands on day today: done, overdue (due before today and
// not done) or open.
func (a Action) State(today Date) ActionState {
	switch {
	case !a.Done.IsZero():
		return ActionDone
	case !a.Due.IsZero() && a.Due.Before(today.Time):
		return ActionOverdue
	}
	return ActionOpen
}

// BudgetTotal is the sum of the budget lines in rupiah.
func (c PlanContent) BudgetTotal() int64 {
	var sum int64
	for _, b := range c.BudgetLines {
		sum += b.Amount
	}
	return sum
}

// Clone returns a deep copy of c, so a version's content is not shared with the working one.
func (c PlanContent) Clone() PlanContent {
	out := c
	out.Goals = slices.Clone(c.Goals)
	out.Targets = slices.Clone(c.Targets)
	for i := range out.Targets {
		out.Targets[i].Programmes = slices.Clone(c.Targets[i].Programmes)
	}
	out.Actions = slices.Clone(c.Actions)
	out.BudgetLines = slices.Clone(c.BudgetLines)
	return out
}

// Normalize trims the content's texts and writes each programme as its id ("programmes/ict" →
// "ict"), before Check.
func (c *PlanContent) Normalize() {
	c.Title = strings.TrimSpace(c.Title)
	for i := range c.Goals {
		c.Goals[i].Title = strings.TrimSpace(c.Goals[i].Title)
		c.Goals[i].Description = strings.TrimSpace(c.Goals[i].Description)
	}
	for i := range c.Targets {
		t := &c.Targets[i]
		t.Title = strings.TrimSpace(t.Title)
		for j, p := range t.Programmes {
			t.Programmes[j] = strings.TrimPrefix(strings.TrimSpace(p), "programmes/")
		}
	}
	for i := range c.Actions {
		c.Actions[i].Title = strings.TrimSpace(c.Actions[i].Title)
		c.Actions[i].Owner = strings.TrimSpace(c.Actions[i].Owner)
	}
	for i := range c.BudgetLines {
		c.BudgetLines[i].Description = strings.TrimSpace(c.BudgetLines[i].Description)
		c.BudgetLines[i].Source = strings.TrimSpace(c.BudgetLines[i].Source)
	}
}

// Check returns the violations of c as the content of a plan for year, with field paths
// relative to the plan ("targets[2].goal_value"). A plan has 1 to 20 goals; every target,
// action and budget line names one of them; keys are well-formed and unique within their list;
// due dates fall within the year. Whether a target's kind is measured in this deployment and
// whether an action's owner is an employee of the plan's agency are the app's to check.
func (c PlanContent) Check(year int) errs.Violations {
	var v errs.Violations
	checkLen(&v, "title", c.Title, 3, 200)
	switch {
	case len(c.Goals) == 0:
		v.Add("goals", "a plan has at least one goal")
	case len(c.Goals) > MaxGoals:
		v.Add("goals", "a plan has at most %d goals, got %d", MaxGoals, len(c.Goals))
	}
	goals := map[string]bool{}
	for i, g := range c.Goals {
		f := fmt.Sprintf("goals[%d]", i)
		checkKey(&v, f, g.Key, goals)
		checkLen(&v, f+".title", g.Title, 3, 200)
		checkLen(&v, f+".description", g.Description, 0, 2000)
	}
	if len(c.Targets) > MaxTargets {
		v.Add("targets", "a plan has at most %d targets, got %d", MaxTargets, len(c.Targets))
	}
	keys := map[string]bool{}
	for i, t := range c.Targets {
		f := fmt.Sprintf("targets[%d]", i)
		checkKey(&v, f, t.Key, keys)
		checkGoal(&v, f, t.Goal, goals)
		checkLen(&v, f+".title", t.Title, 3, 200)
		checkTarget(&v, f, t, year)
	}
	if len(c.Actions) > MaxActions {
		v.Add("actions", "a plan has at most %d actions, got %d", MaxActions, len(c.Actions))
	}
	keys = map[string]bool{}
	for i, a := range c.Actions {
		f := fmt.Sprintf("actions[%d]", i)
		checkKey(&v, f, a.Key, keys)
		checkGoal(&v, f, a.Goal, goals)
		checkLen(&v, f+".title", a.Title, 3, 300)
		if !isNIP(a.Owner) {
			v.Add(f+".owner", "must be the owner's NIP, 18 digits, got %q", a.Owner)
		}
		checkDue(&v, f+".due_date", a.Due, year)
	}
	if len(c.BudgetLines) > MaxBudgetLines {
		v.Add("budget_lines", "a plan has at most %d budget lines, got %d", MaxBudgetLines, len(c.BudgetLines))
	}
	keys = map[string]bool{}
	for i, b := range c.BudgetLines {
		f := fmt.Sprintf("budget_lines[%d]", i)
		checkKey(&v, f, b.Key, keys)
		checkGoal(&v, f, b.Goal, goals)
		checkLen(&v, f+".description", b.Description, 3, 300)
		checkLen(&v, f+".source", b.Source, 0, 100)
		if b.Amount < 0 || b.Amount > MaxBudget {
			v.Add(f+".amount", "must be 0 to %d rupiah, got %d", int64(MaxBudget), b.Amount)
		}
	}
	return v
}

// Ready returns what keeps c from being submitted beyond Check: a plan goes to city HR with at
// least one measurable target.
func (c PlanContent) Ready() errs.Violations {
	var v errs.Violations
	if len(c.Targets) == 0 {
		v.Add("targets", "a plan is submitted with at least one measurable target")
	}
	return v
}

func checkTarget(v *errs.Violations, f string, t Target, year int) {
	if !slices.Contains(TargetKinds(), t.Kind) {
		if t.Kind == "" {
			v.Add(f+".kind", "is required: one of %s", kindNames())
		} else {
			v.Add(f+".kind", "%q is not a target kind: one of %s", t.Kind, kindNames())
		}
	}
	switch g := t.GoalValue; {
	case math.IsNaN(g) || math.IsInf(g, 0) || g < 0:
		v.Add(f+".goal_value", "must be a number of at least 0, got %v", g)
	case t.Kind.Percent() && g > 100:
		v.Add(f+".goal_value", "is a percentage for %s: 0 to 100, got %v", t.Kind, g)
	case !t.Kind.Percent() && g != math.Trunc(g):
		v.Add(f+".goal_value", "is a count for %s: a whole number, got %v", t.Kind, g)
	}
	checkDue(v, f+".due_date", t.Due, year)
	if t.Kind != TargetProgrammeParticipants {
		if len(t.Programmes) > 0 {
			v.Add(f+".programmes", "are given only for %s targets, not %s", TargetProgrammeParticipants, t.Kind)
		}
		return
	}
	if n := len(t.Programmes); n == 0 || n > MaxProgrammes {
		v.Add(f+".programmes", "a %s target names 1 to %d programmes (\"programmes/{id}\"), got %d", TargetProgrammeParticipants, MaxProgrammes, n)
	}
	seen := map[string]bool{}
	for j, p := range t.Programmes {
		switch {
		case p == "" || strings.ContainsAny(p, "/ "):
			v.Add(fmt.Sprintf("%s.programmes[%d]", f, j), "must be \"programmes/{id}\" or the programme id, got %q", p)
		case seen[p]:
			v.Add(fmt.Sprintf("%s.programmes[%d]", f, j), "programme %q is named twice", p)
		}
		seen[p] = true
	}
}

func kindNames() string {
	names := make([]string, 0, len(TargetKinds()))
	for _, k := range TargetKinds() {
		names = append(names, string(k))
	}
	return strings.Join(names, ", ")
}

func checkKey(v *errs.Violations, f, key string, seen map[string]bool) {
	switch {
	case !planKey.MatchString(key):
		v.Add(f+".key", "must be 1 to 40 lower-case letters, digits and dashes, starting with a letter or digit, got %q", key)
	case seen[key]:
		v.Add(f+".key", "key %q is used twice in the list", key)
	}
	seen[key] = true
}

func checkGoal(v *errs.Violations, f, goal string, goals map[string]bool) {
	if !goals[goal] {
		v.Add(f+".goal", "must name one of the plan's goals by key, got %q", goal)
	}
}

func checkLen(v *errs.Violations, f, s string, lo, hi int) {
	if n := len([]rune(s)); n < lo || n > hi {
		if lo == 0 {
			v.Add(f, "must be at most %d characters, got %d", hi, n)
		} else {
			v.Add(f, "must be %d to %d characters, got %d", lo, hi, n)
		}
	}
}

func checkDue(v *errs.Violations, f string, d Date, year int) {
	switch {
	case d.IsZero():
		v.Add(f, "is required, a date YYYY-MM-DD within %d", year)
	case d.Year() != year:
		v.Add(f, "must be within the plan's year %d, got %s", year, d)
	}
}

func isNIP(s string) bool {
	if len(s) != 18 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// NewWorkPlan returns a new draft plan of agency for year with content c, version 1, or the
// violations of its fields.
func NewWorkPlan(id, agency string, year int, c PlanContent, now time.Time) (WorkPlan, error) {
	c.Normalize()
	for i := range c.Actions {
		c.Actions[i].Done, c.Actions[i].DoneNote, c.Actions[i].OverdueNotified = time.Time{}, "", false
	}
	var v errs.Violations
	if year < 2000 || year > 2100 {
		v.Add("year", "must be 2000 to 2100, got %d", year)
	}
	v = append(v, c.Check(year)...)
	if err := v.Err(); err != nil {
		return WorkPlan{}, err
	}
	return WorkPlan{ID: id, Agency: agency, Year: year, State: PlanDraft, PlanContent: c, Version: 1, Created: now, Updated: now}, nil
}

// WorkPlanUpdate is a change to a plan's content: the fields named, with their values.
type WorkPlanUpdate struct {
	Fields []string
	Values PlanContent
}

// The fields UpdateWorkPlan changes.
var planFields = []string{"title", "goals", "targets", "actions", "budget_lines", "illustrative"}

// PlanFields lists the fields an update may name, all of them when a mask is empty.
func PlanFields() []string { return slices.Clone(planFields) }

// Update applies u to a draft or returned plan and returns the fields that changed (nil: none,
// no new version). Lists are replaced whole; an action keeps its done state and note under its
// key. The version is raised by one when something changed.
func (p *WorkPlan) Update(u WorkPlanUpdate, now time.Time) ([]string, error) {
	if err := p.require("updated", PlanDraft, PlanReturned); err != nil {
		return nil, err
	}
	if len(u.Fields) == 0 {
		u.Fields = planFields
	}
	u.Values.Normalize()
	next := p.PlanContent.Clone()
	var v errs.Violations
	for _, f := range u.Fields {
		switch f {
		case "title":
			next.Title = u.Values.Title
		case "goals":
			next.Goals = u.Values.Goals
		case "targets":
			next.Targets = u.Values.Targets
		case "actions":
			done := map[string]Action{}
			for _, a := range p.Actions {
				done[a.Key] = a
			}
			next.Actions = u.Values.Actions
			for i := range next.Actions {
				old := done[next.Actions[i].Key]
				next.Actions[i].Done, next.Actions[i].DoneNote = old.Done, old.DoneNote
				// Announced overdue for its old due date: announced again if the new one passes.
				next.Actions[i].OverdueNotified = old.OverdueNotified && old.Due.Equal(next.Actions[i].Due.Time)
			}
		case "budget_lines":
			next.BudgetLines = u.Values.BudgetLines
		case "illustrative":
			next.Illustrative = u.Values.Illustrative
		default:
			v.Add("update_mask", "%q is not a field UpdateWorkPlan changes: one of %s", f, strings.Join(planFields, ", "))
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if err := next.Check(p.Year).Err(); err != nil {
		return nil, err
	}
	var changed []string
	for _, f := range planFields {
		if !slices.Contains(u.Fields, f) {
			continue
		}
		if !sameField(f, p.PlanContent, next) {
			changed = append(changed, f)
		}
	}
	if len(changed) == 0 {
		return nil, nil
	}
	p.PlanContent = next
	p.touch(now)
	return changed, nil
}

func sameField(f string, a, b PlanContent) bool {
	switch f {
	case "title":
		return a.Title == b.Title
	case "goals":
		return slices.Equal(a.Goals, b.Goals)
	case "targets":
		return slices.EqualFunc(a.Targets, b.Targets, func(x, y Target) bool {
			return x.Key == y.Key && x.Goal == y.Goal && x.Title == y.Title && x.Kind == y.Kind && x.GoalValue == y.GoalValue &&
				x.Due.Equal(y.Due.Time) && slices.Equal(x.Programmes, y.Programmes)
		})
	case "actions":
		return slices.EqualFunc(a.Actions, b.Actions, func(x, y Action) bool {
			return x.Key == y.Key && x.Goal == y.Goal && x.Title == y.Title && x.Owner == y.Owner && x.Due.Equal(y.Due.Time)
		})
	case "budget_lines":
		return slices.Equal(a.BudgetLines, b.BudgetLines)
	case "illustrative":
		return a.Illustrative == b.Illustrative
	}
	return true
}

// require refuses a change of a plan not in one of states, naming where the plan stands.
func (p WorkPlan) require(change string, states ...PlanState) error {
	if slices.Contains(states, p.State) {
		return nil
	}
	names := make([]string, len(states))
	for i, s := range states {
		names[i] = string(s)
	}
	return errs.Preconditionf("work plan %s is %s: it can be %s only when %s", p.ID, p.State, change, strings.Join(names, " or "))
}

func (p *WorkPlan) touch(now time.Time) {
	p.Version++
	p.Updated = now
}

// Submit sends a draft or returned plan to city HR; it must be complete (Ready).
func (p *WorkPlan) Submit(now time.Time) error {
	if err := p.require("submitted", PlanDraft, PlanReturned); err != nil {
		return err
	}
	if err := p.Ready().Err(); err != nil {
		return err
	}
	p.State = PlanSubmitted
	p.touch(now)
	return nil
}

// Return sends a submitted plan back to its drafters with city HR's comment (3 to 2,000
// characters).
func (p *WorkPlan) Return(comment string, now time.Time) error {
	if err := p.require("returned", PlanSubmitted); err != nil {
		return err
	}
	comment = strings.TrimSpace(comment)
	var v errs.Violations
	checkLen(&v, "comment", comment, 3, 2000)
	if err := v.Err(); err != nil {
		return err
	}
	p.State, p.Comment = PlanReturned, comment
	p.touch(now)
	return nil
}

// Approve puts a submitted plan in force: its content becomes the version in force. It reports
// whether the plan's year has begun (Asia/Jakarta), in which case the caller starts it too.
func (p *WorkPlan) Approve(comment string, now time.Time) (begun bool, err error) {
	if err := p.require("approved", PlanSubmitted); err != nil {
		return false, err
	}
	comment = strings.TrimSpace(comment)
	var v errs.Violations
	checkLen(&v, "comment", comment, 0, 2000)
	if err := v.Err(); err != nil {
		return false, err
	}
	p.State, p.Comment = PlanApproved, comment
	p.touch(now)
	p.ApprovedVersion, p.Approved = p.Version, now
	in := p.PlanContent.Clone()
	p.InForce = &in
	return p.YearBegun(now), nil
}

// YearBegun reports whether the plan's year has begun on now's date in Asia/Jakarta.
func (p WorkPlan) YearBegun(now time.Time) bool { return PlanDate(now).Year() >= p.Year }

// YearEnded reports whether the plan's year has ended on now's date in Asia/Jakarta.
func (p WorkPlan) YearEnded(now time.Time) bool { return PlanDate(now).Year() > p.Year }

// Start moves an approved plan whose year has begun to in progress.
func (p *WorkPlan) Start(now time.Time) error {
	if err := p.require("started", PlanApproved); err != nil {
		return err
	}
	if !p.YearBegun(now) {
		return errs.Preconditionf("work plan %s is for %d, which has not begun", p.ID, p.Year)
	}
	p.State = PlanInProgress
	p.touch(now)
	return nil
}

// Revise opens an approved or running plan for change: it is a draft again while the version
// in force stays in force (and measured) until a new one is approved. reason is 3 to 2,000
// characters.
func (p *WorkPlan) Revise(reason string, now time.Time) error {
	if err := p.require("revised", PlanApproved, PlanInProgress); err != nil {
		return err
	}
	var v errs.Violations
	checkLen(&v, "reason", strings.TrimSpace(reason), 3, 2000)
	if err := v.Err(); err != nil {
		return err
	}
	p.State = PlanDraft
	p.touch(now)
	return nil
}

// Close closes a plan in any state but closed; its figures freeze as they stand.
func (p *WorkPlan) Close(comment string, now time.Time) error {
	if p.State == PlanClosed {
		return errs.Preconditionf("work plan %s is already closed", p.ID)
	}
	var v errs.Violations
	checkLen(&v, "comment", strings.TrimSpace(comment), 0, 2000)
	if err := v.Err(); err != nil {
		return err
	}
	p.State = PlanClosed
	p.touch(now)
	return nil
}

// CompleteAction marks the action key of a plan in force done, once, with note (up to 2,000
// characters), in the version in force and in the working content alike.
func (p *WorkPlan) CompleteAction(key, note string, now time.Time) error {
	if err := p.require("changed by completing an action", PlanApproved, PlanInProgress); err != nil {
		return err
	}
	note = strings.TrimSpace(note)
	var v errs.Violations
	checkLen(&v, "note", note, 0, 2000)
	if err := v.Err(); err != nil {
		return err
	}
	i := p.ActionIndex(key)
	if i < 0 {
		return errs.NotFoundf("work plan %s has no action %q in force", p.ID, key)
	}
	if a := p.InForce.Actions[i]; !a.Done.IsZero() {
		return errs.Preconditionf("action %q of work plan %s was already marked done on %s", key, p.ID, PlanDate(a.Done))
	}
	mark := func(as []Action) {
		for j := range as {
			if as[j].Key == key {
				as[j].Done, as[j].DoneNote = now, note
			}
		}
	}
	mark(p.InForce.Actions)
	mark(p.Actions)
	p.touch(now)
	return nil
}

// ActionIndex returns the index of the action key in the version in force, or -1.
func (p WorkPlan) ActionIndex(key string) int {
	if p.InForce == nil {
		return -1
	}
	return slices.IndexFunc(p.InForce.Actions, func(a Action) bool { return a.Key == key })
}

// Overdue returns the actions in force of a plan in force that are past due on today, not done
// and not yet announced; MarkOverdue records that they were.
func (p WorkPlan) Overdue(today Date) []Action {
	if !p.State.InForce() || p.InForce == nil {
		return nil
	}
	var out []Action
	for _, a := range p.InForce.Actions {
		if a.State(today) == ActionOverdue && !a.OverdueNotified {
			out = append(out, a)
		}
	}
	return out
}

// MarkOverdue records that the action key was announced overdue, in force and in the working
// content. It is bookkeeping, not a change of what the plan says: no new version.
func (p *WorkPlan) MarkOverdue(key string) {
	lists := [][]Action{p.Actions}
	if p.InForce != nil {
		lists = append(lists, p.InForce.Actions)
	}
	for _, as := range lists {
		for j := range as {
			if as[j].Key == key {
				as[j].OverdueNotified = true
			}
		}
	}
}
