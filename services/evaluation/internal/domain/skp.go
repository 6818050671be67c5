package domain

// The SKP (Sasaran Kinerja Pegawai) and its workflow, PermenPANRB 6/2022: drafted by the
// employee, proposed to the appraiser (the direct supervisor; city HR for an agency head),
// approved with the appraiser's expectations of each BerAKHLAK behaviour or returned with
// comments; a change after approval is drafted again and approved as the next revision, the
// approved one staying in force meanwhile. Validation is in skp_validate.go, cascading in
// cascade.go.

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/simpeg-id/simpeg/platform/errs"
)

// The SKP's limits (the service's, chosen so that a plan stays readable; PermenPANRB 6/2022
// sets none).
const (
	MaxResults        = 20
	MaxIndicators     = 10
	MaxTargets        = 4 // one per aspect
	MaxExpectationLen = 1000
)

// SkpID is the id of an employee's seq-th SKP of year: "{year}-{nip}-{seq}".
func SkpID(year int, nip string, seq int) string {
	return strconv.Itoa(year) + "-" + nip + "-" + strconv.Itoa(seq)
}

// ParentName is the resource name of result of SKP skp, the form of parent_result:
// "skps/{skp}/results/{result}"; "" when both are empty.
func ParentName(skp, result string) string {
	if skp == "" && result == "" {
		return ""
	}
	return "skps/" + skp + "/results/" + result
}

// SplitParent splits a parent_result name into the SKP id and the result id. A name of another
// form comes back whole as skp with result "", which ValidateSkpDraft reports.
func SplitParent(name string) (skp, result string) {
	if name == "" {
		return "", ""
	}
	rest, ok := strings.CutPrefix(name, "skps/")
	if !ok {
		return name, ""
	}
	skp, result, ok = strings.Cut(rest, "/results/")
	if !ok || skp == "" || result == "" || strings.Contains(skp, "/") || strings.Contains(result, "/") {
		return name, ""
	}
	return skp, result
}

// InForce reports whether the SKP counts for ratings and as a parent for its holder's
// subordinates: approved at least once and not closed (a revision being drafted keeps the
// approved one in force).
func (s Skp) InForce() bool { return s.Approved && s.State != SkpClosed }

// Open reports whether the SKP is not closed.
func (s Skp) Open() bool { return s.State != SkpClosed }

// Result returns the SKP's result id, and whether it has one.
func (s Skp) Result(id string) (WorkResult, bool) {
	for _, r := range s.Results {
		if r.ID == id {
			return r, true
		}
	}
	return WorkResult{}, false
}

// NewBehaviours returns the seven behaviours in order with no expectations yet.
func NewBehaviours() []BehaviourExpectation {
	out := make([]BehaviourExpectation, 0, 7)
	for _, b := range Behaviours() {
		out = append(out, BehaviourExpectation{Behaviour: b})
	}
	return out
}

// YearStart and YearEnd are the first and last day of year (YYYY-MM-DD).
func YearStart(year int) string { return fmt.Sprintf("%04d-01-01", year) }

// YearEnd is the last day of year (YYYY-MM-DD).
func YearEnd(year int) string { return fmt.Sprintf("%04d-12-31", year) }

// skpStep is one workflow transition: the states it starts from and the state it leads to.
type skpStep struct {
	verb string
	from []SkpState
	to   SkpState
}

// The workflow's transitions.
var (
	skpStepPropose = skpStep{"proposed", []SkpState{SkpDraft, SkpReturned}, SkpProposed}
	skpStepApprove = skpStep{"approved", []SkpState{SkpProposed}, SkpApproved}
	skpStepReturn  = skpStep{"returned", []SkpState{SkpProposed}, SkpReturned}
	skpStepRevise  = skpStep{"revised", []SkpState{SkpApproved}, SkpDraft}
	skpStepUpdate  = skpStep{"changed", []SkpState{SkpDraft, SkpReturned}, ""}
)

// check refuses the step from s's state with a FailedPrecondition error.
func (st skpStep) check(s Skp) error {
	for _, f := range st.from {
		if s.State == f {
			return nil
		}
	}
	want := make([]string, len(st.from))
	for i, f := range st.from {
		want[i] = string(f)
	}
	return errs.Preconditionf("skps/%s is %s: only a %s SKP can be %s", s.ID, s.State, strings.Join(want, " or "), st.verb)
}

// apply moves s to the step's state at now, bumping its version.
func (st skpStep) apply(s Skp, now time.Time) Skp {
	if st.to != "" {
		s.State = st.to
	}
	s.Version++
	s.Updated = now
	return s
}

// Update sets a draft or returned SKP's results and functional level (already validated by
// ValidateSkpDraft and given their ids by AssignIDs).
func (s Skp) Update(results []WorkResult, level FunctionalLevel, now time.Time) (Skp, error) {
	if err := skpStepUpdate.check(s); err != nil {
		return s, err
	}
	s.Results, s.FunctionalLevel = results, level
	return skpStepUpdate.apply(s, now), nil
}

// Propose sends a draft or returned SKP to its appraiser. It must be complete
// (ValidateSkpComplete); the cascading is checked by the caller against the appraiser's SKP in
// force (Trace).
func (s Skp) Propose(now time.Time) (Skp, error) {
	if err := skpStepPropose.check(s); err != nil {
		return s, err
	}
	if err := ValidateSkpComplete(s); err != nil {
		return s, err
	}
	return skpStepPropose.apply(s, now), nil
}

// Approve sets a proposed SKP with the appraiser's expectations merged in (behaviours not given
// keep theirs): the revision counter goes up and the SKP is in force from now on. The caller
// keeps the result as revision s.Revision (SkpRevision).
func (s Skp) Approve(expectations []BehaviourExpectation, now time.Time) (Skp, error) {
	if err := skpStepApprove.check(s); err != nil {
		return s, err
	}
	if err := ValidateExpectations(expectations); err != nil {
		return s, err
	}
	merged := make([]BehaviourExpectation, 0, 7)
	for _, b := range Behaviours() {
		e := BehaviourExpectation{Behaviour: b}
		for _, old := range s.Behaviours {
			if old.Behaviour == b {
				e.Expectation = old.Expectation
			}
		}
		for _, x := range expectations {
			if x.Behaviour == b {
				e.Expectation = strings.TrimSpace(x.Expectation)
			}
		}
		merged = append(merged, e)
	}
	s.Behaviours, s.Approved = merged, true
	s.Revision++
	return skpStepApprove.apply(s, now), nil
}

// Return sends a proposed SKP back to its holder with the appraiser's comment (3 to 4000
// characters), kept in ReturnComment.
func (s Skp) Return(comment string, now time.Time) (Skp, error) {
	if err := skpStepReturn.check(s); err != nil {
		return s, err
	}
	comment = strings.TrimSpace(comment)
	if err := skpText("comment", comment, 3, 4000); err != nil {
		return s, err
	}
	s.ReturnComment = comment
	return skpStepReturn.apply(s, now), nil
}

// Revise reopens an approved SKP as a draft; it stays Approved, so the approved revision stays
// in force for ratings and as a parent until the change is approved as the next revision.
func (s Skp) Revise(now time.Time) (Skp, error) {
	if err := skpStepRevise.check(s); err != nil {
		return s, err
	}
	return skpStepRevise.apply(s, now), nil
}

// Close closes an SKP in any state but closed on day (YYYY-MM-DD), which becomes its end date,
// for reason (3 to 1000 characters). Its ratings so far are kept.
func (s Skp) Close(reason, day string, now time.Time) (Skp, error) {
	if s.State == SkpClosed {
		return s, errs.Preconditionf("skps/%s is already closed (%s)", s.ID, s.ClosedReason)
	}
	reason = strings.TrimSpace(reason)
	if err := skpText("reason", reason, 3, 1000); err != nil {
		return s, err
	}
	s.State, s.ClosedReason = SkpClosed, reason
	if day < s.StartDate {
		day = s.StartDate
	}
	if day < s.EndDate {
		s.EndDate = day
	}
	s.Version++
	s.Updated = now
	return s, nil
}

// SkpHolder is who an SKP is for and who appraises them, from the directory.
type SkpHolder struct {
	NIP, Name, Agency, Unit, Position string
	Appraiser, AppraiserName          string // "" for an agency head
}

// Continue closes s, whose holder now has another appraiser or agency, the day before day
// (YYYY-MM-DD; not before its start), and returns it with the SKP that continues it from day:
// seq + 1, a draft with the holder's new appraiser, agency, unit and position, the results
// copied without their parents (the holder cascades them again from the new appraiser's SKP)
// and the functional level kept. The rule (issue 11 §1): a transfer or a new supervisor
// mid-year closes the SKP with the old supervisor and opens one with the new; both count.
func (s Skp) Continue(h SkpHolder, reason, day string, now time.Time) (closed, next Skp) {
	closed = s
	closed.State, closed.ClosedReason, closed.Latest = SkpClosed, reason, false
	end := skpDayBefore(day)
	if end < s.StartDate {
		end = s.StartDate
	}
	closed.EndDate = end
	closed.Version++
	closed.Updated = now

	results := make([]WorkResult, len(s.Results))
	for i, r := range s.Results {
		r.ParentSkp, r.ParentResult = "", ""
		if h.Appraiser != "" {
			r.PlanReference = ""
		}
		r.Indicators = append([]Indicator(nil), r.Indicators...)
		results[i] = r
	}
	next = Skp{
		ID: SkpID(s.Year, s.Employee, s.Seq+1), Employee: s.Employee, EmployeeName: h.Name, Year: s.Year, Seq: s.Seq + 1,
		Agency: h.Agency, Unit: h.Unit, Position: h.Position, Appraiser: h.Appraiser, AppraiserName: h.AppraiserName,
		AgencyHead: h.Appraiser == "", State: SkpDraft, StartDate: max(day, s.StartDate), EndDate: YearEnd(s.Year),
		Results: results, Behaviours: NewBehaviours(), FunctionalLevel: s.FunctionalLevel, Previous: s.ID, Latest: true,
		Version: 1, Created: now, Updated: now,
	}
	return closed, next
}

// MoveReason says why an SKP of holder s must move to h, or "" when its appraiser and agency
// are still the directory's: "transferred to DINKES" for another agency, "new supervisor 19…"
// (or "no supervisor: now heads the agency") for another appraiser.
func (s Skp) MoveReason(h SkpHolder) string {
	switch {
	case h.Agency != s.Agency:
		return "transferred to " + h.Agency
	case h.Appraiser == s.Appraiser:
		return ""
	case h.Appraiser == "":
		return "no supervisor: now heads the agency"
	}
	return "new supervisor " + h.Appraiser
}

// skpDayBefore returns the day before day (YYYY-MM-DD); day itself when it does not parse.
func skpDayBefore(day string) string {
	d, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return day
	}
	return d.AddDate(0, 0, -1).Format(time.DateOnly)
}

// The SKP's events (events.proto), published on "simpeg.evaluation.skp.<verb>".
type (
	// SkpProposedEvent: the holder proposed the SKP to the appraiser.
	SkpProposedEvent struct {
		event
		Skp Skp
	}
	// SkpReturnedEvent: the appraiser returned it with a comment.
	SkpReturnedEvent struct {
		event
		Skp Skp
	}
	// SkpApprovedEvent: the appraiser approved it (or a revision of it).
	SkpApprovedEvent struct {
		event
		Skp Skp
	}
	// SkpClosedEvent: HR closed it, or a new supervisor or a transfer opened the next one.
	SkpClosedEvent struct {
		event
		Skp Skp
	}
)
