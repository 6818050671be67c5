package domain

// The reports' rules (issue 11 §4): where an SKP stands for the completion report, which
// period ratings are overdue, and which period the feedback activity report is about.

// Stage is where an employee's SKP of the year stands in the completion report.
type Stage string

// The completion report's stages.
const (
	StageDraft    Stage = "draft"    // drafted or returned, never approved
	StageProposed Stage = "proposed" // proposed, waiting for the appraiser, never approved
	StageApproved Stage = "approved" // approved at least once: in force
)

// StageOf is the stage of an SKP in state with approved telling whether it has been approved at
// least once. An approved SKP stays in force while a change to it is drafted or proposed
// (changes after approval are new revisions, PermenPANRB 6/2022), so it counts approved; a
// never-approved SKP counts by its state, and one closed before any approval (its holder left)
// counts as a draft, not in force.
func StageOf(state SkpState, approved bool) Stage {
	switch {
	case approved:
		return StageApproved
	case state == SkpProposed:
		return StageProposed
	}
	return StageDraft
}

// Issue is why an employee is listed in the completion report.
type Issue string

// The completion report's issues, in the order they are listed for an employee.
const (
	IssueNoSkp         Issue = "no_skp"         // an active employee with no SKP for the year
	IssueNotApproved   Issue = "not_approved"   // the employee's latest SKP was never approved
	IssueRatingOverdue Issue = "rating_overdue" // a period rating due before today not given
)

// OverduePeriods are the periods of p whose rating was due before today (YYYY-MM-DD): an SKP
// in force during one of them without its rating is overdue. A rating due today is not yet.
func OverduePeriods(p Period, today string) []SubPeriod {
	var out []SubPeriod
	for _, s := range p.SubPeriods() {
		if s.RatingDueDate < today {
			out = append(out, s)
		}
	}
	return out
}

// ReportPeriod is the period of p a feedback report is about when none is asked: the one
// running today (YYYY-MM-DD); for a year already over its last, for a year not yet begun its
// first.
func ReportPeriod(p Period, today string) SubPeriod {
	if s, ok := p.SubPeriodOn(today); ok {
		return s
	}
	all := p.SubPeriods()
	if len(all) == 0 {
		return SubPeriod{}
	}
	if today < all[0].Start {
		return all[0]
	}
	return all[len(all)-1]
}
