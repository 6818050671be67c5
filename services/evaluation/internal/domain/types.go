package domain

import "time"

// This file holds the shared shapes of the areas (SKPs, periods, ratings); each area's rules
// live in its own files.

// Cadence is how often a year's periodic evaluation falls.
type Cadence string

// The cadences (PermenPANRB 6/2022: quarterly by default, monthly allowed).
const (
	Quarterly Cadence = "quarterly"
	Monthly   Cadence = "monthly"
)

// Period is a performance year.
type Period struct {
	Year          int
	Cadence       Cadence
	SkpDueDate    string // YYYY-MM-DD
	RatingDueDays int
	Version       int64
	Created       time.Time
	Updated       time.Time
}

// SubPeriod is one periodic evaluation period of a year.
type SubPeriod struct {
	ID            string // q1 … q4, m01 … m12
	Start, End    string // YYYY-MM-DD, inclusive
	RatingDueDate string
}

// OrganisationRating is an agency's own predicate for a year.
type OrganisationRating struct {
	Year      int
	Agency    string
	Predicate OrganisationPredicate
	Note      string
	SetBy     string
	Version   int64
	Updated   time.Time
}

// SkpState is where an SKP is in its workflow.
type SkpState string

// The SKP states.
const (
	SkpDraft    SkpState = "draft"
	SkpProposed SkpState = "proposed"
	SkpReturned SkpState = "returned"
	SkpApproved SkpState = "approved"
	SkpClosed   SkpState = "closed"
)

// TargetAspect is what a target measures.
type TargetAspect string

// The target aspects.
const (
	Quantity TargetAspect = "quantity"
	Quality  TargetAspect = "quality"
	Time     TargetAspect = "time"
	Cost     TargetAspect = "cost"
)

// Target is one target of an indicator.
type Target struct {
	Aspect TargetAspect `json:"aspect"`
	Value  string       `json:"value"`
}

// Indicator is a measure of a work result with its targets.
type Indicator struct {
	ID      string   `json:"id"`
	Text    string   `json:"text"`
	Targets []Target `json:"targets"`
}

// WorkResult is one work result (hasil kerja) of an SKP. ParentSkp and ParentResult name the
// appraiser's result it cascades from (intervensi); an agency head's come from PlanReference.
type WorkResult struct {
	ID            string      `json:"id"`
	Text          string      `json:"text"`
	ParentSkp     string      `json:"parent_skp,omitempty"`    // the appraiser's SKP id
	ParentResult  string      `json:"parent_result,omitempty"` // its result id ("r2")
	PlanReference string      `json:"plan_reference,omitempty"`
	Indicators    []Indicator `json:"indicators"`
}

// BehaviourExpectation is a behaviour with the appraiser's specific expectation.
type BehaviourExpectation struct {
	Behaviour   Behaviour `json:"behaviour"`
	Expectation string    `json:"expectation"`
}

// Skp is an employee's performance plan for a year with one appraiser.
type Skp struct {
	ID              string // "{year}-{nip}-{seq}"
	Employee        string
	EmployeeName    string
	Year            int
	Seq             int
	Agency, Unit    string
	Position        string
	Appraiser       string // '' for an agency head
	AppraiserName   string
	AgencyHead      bool
	State           SkpState
	StartDate       string
	EndDate         string
	Results         []WorkResult
	Behaviours      []BehaviourExpectation
	FunctionalLevel FunctionalLevel // '' when not functional
	Revision        int             // approvals so far
	Approved        bool            // approved at least once: in force for ratings
	ReturnComment   string
	ClosedReason    string
	Previous        string // the SKP id this one continues
	Latest          bool   // the employee's newest SKP of the year
	Version         int64
	Created         time.Time
	Updated         time.Time
	// AnnualState and AnnualPredicate summarise its annual rating for readers (GetSkp,
	// ListSkps); "" while none is finalised. They are not stored with the SKP.
	AnnualState     AnnualRatingState
	AnnualPredicate Predicate
}

// SkpRevision is an SKP as approved.
type SkpRevision struct {
	Skp        Skp
	Revision   int
	ApprovedBy string
	Approved   time.Time
}

// Rating is a rating of results and behaviour with its reasons; Predicate follows the matrix.
type Rating struct {
	Results         Expectation
	ResultsReason   string
	Behaviour       Expectation
	BehaviourReason string
	Predicate       Predicate
}

// PeriodRating is the appraiser's rating of one period of an SKP.
type PeriodRating struct {
	Skp     string
	Period  string
	Rating  Rating
	RatedBy string
	Version int64
	Rated   time.Time
}

// AnnualRatingState is where a finalised annual rating is.
type AnnualRatingState string

// The annual rating states.
const (
	AnnualFinalised    AnnualRatingState = "finalised"
	AnnualAcknowledged AnnualRatingState = "acknowledged"
	AnnualObjected     AnnualRatingState = "objected"
	AnnualDecided      AnnualRatingState = "decided"
)

// Objection is an objection to an annual rating and its decision.
type Objection struct {
	Reason         string    `json:"reason"`
	Filed          time.Time `json:"filed"`
	Decider        string    `json:"decider"` // the appraiser's supervisor; '' for city HR
	Changed        bool      `json:"changed"`
	DecisionReason string    `json:"decision_reason,omitempty"`
	DecidedBy      string    `json:"decided_by,omitempty"`
	Decided        time.Time `json:"decided,omitzero"`
}

// RatingStep is one step of an annual rating's history.
type RatingStep struct {
	Action    string    `json:"action"` // finalised, acknowledged, objected, upheld, changed
	Actor     string    `json:"actor"`
	Predicate Predicate `json:"predicate"`
	Note      string    `json:"note,omitempty"`
	Time      time.Time `json:"time"`
}

// AnnualRating is an SKP's annual rating with its objection and history.
type AnnualRating struct {
	Skp               string
	Employee          string
	Year              int
	Agency, Unit      string
	Rating            Rating
	State             AnnualRatingState
	RatedBy           string
	Finalised         time.Time
	ObjectionDeadline string
	Objection         *Objection
	History           []RatingStep
	Counted           bool // the rating of the employee's latest SKP: the distribution counts it
	Version           int64
}
