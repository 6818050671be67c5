package domain

import (
	"sort"
	"time"
)

// AssessmentSource is where an assessed competency level comes from (issue 10 §1).
type AssessmentSource string

// The sources. A self-assessment counts only once HR has verified it.
const (
	FromAssessment     AssessmentSource = "assessment"
	FromTraining       AssessmentSource = "training"
	FromSelfAssessment AssessmentSource = "self_assessment"
)

// Assessment is one assessed level of one competency.
type Assessment struct {
	Competency string
	Level      int
	Date       time.Time
	Source     AssessmentSource
	Verified   bool // for self-assessments
}

// Gap is how far an employee's assessed level is below the position's required level.
type Gap struct {
	Competency string
	Required   int
	Assessed   int // 0 when never assessed
	Gap        int // Required − Assessed, > 0
}

// CompetencyGaps returns required − assessed for every required competency where that is
// positive, sorted by gap (largest first) then name. The latest counting assessment of a
// competency is its level; an unverified self-assessment does not count.
func CompetencyGaps(required map[string]int, assessed []Assessment) []Gap {
	latest := map[string]Assessment{}
	for _, a := range assessed {
		if a.Source == FromSelfAssessment && !a.Verified {
			continue
		}
		if cur, ok := latest[a.Competency]; !ok || a.Date.After(cur.Date) {
			latest[a.Competency] = a
		}
	}
	var gaps []Gap
	for c, req := range required {
		have := latest[c].Level
		if req > have {
			gaps = append(gaps, Gap{Competency: c, Required: req, Assessed: have, Gap: req - have})
		}
	}
	sort.Slice(gaps, func(i, j int) bool {
		if gaps[i].Gap != gaps[j].Gap {
			return gaps[i].Gap > gaps[j].Gap
		}
		return gaps[i].Competency < gaps[j].Competency
	})
	return gaps
}

// LatsarState is where a CPNS stands with the basic training.
type LatsarState string

// The Latsar states.
const (
	LatsarDone    LatsarState = "done"    // completed within the first year
	LatsarDue     LatsarState = "due"     // not yet, the first year still runs
	LatsarFlagged LatsarState = "flagged" // not completed within the first year
)

// Latsar returns a CPNS's Latsar state: a CPNS serves one year of probation and must complete
// Latsar in it (DOMAIN.md; PP 11/2017 art. 34–37). appointed is the CPNS appointment (TMT CPNS);
// completed is the Latsar completion, zero if none. The deadline is one calendar year after
// appointment.
func Latsar(appointed, completed, now time.Time) (LatsarState, time.Time) {
	deadline := appointed.AddDate(1, 0, 0)
	switch {
	case !completed.IsZero() && !completed.After(deadline):
		return LatsarDone, deadline
	case now.Before(deadline):
		return LatsarDue, deadline
	}
	return LatsarFlagged, deadline
}
