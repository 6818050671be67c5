package domain

import "time"

// This file holds the staffing work plan's types (issue 12 §2), shared by the plan's workflow
// (workplan_rules.go) and its monitoring (measure.go). The rules live beside them.

// PlanState is where a work plan stands: draft → submitted → approved (city HR) → in progress →
// closed, with returned (by city HR) going back to submitted.
type PlanState string

// The plan states.
const (
	PlanDraft      PlanState = "draft"
	PlanSubmitted  PlanState = "submitted"
	PlanReturned   PlanState = "returned"
	PlanApproved   PlanState = "approved"
	PlanInProgress PlanState = "in_progress"
	PlanClosed     PlanState = "closed"
)

// InForce reports whether a plan in state s has a version whose targets are measured.
func (s PlanState) InForce() bool { return s == PlanApproved || s == PlanInProgress }

// TargetKind is what a target measures; every kind is measured from another service's events
// and API (or planning's own registry), never typed in.
type TargetKind string

// The target kinds (planningv1.TargetKind).
const (
	TargetJPShare               TargetKind = "jp_share"
	TargetProgrammeParticipants TargetKind = "programme_participants"
	TargetInternshipsCompleted  TargetKind = "internships_completed"
	TargetAttendanceRate        TargetKind = "attendance_rate"
	TargetUnexcusedAbsenceDays  TargetKind = "unexcused_absence_days"
	TargetSkpApprovedShare      TargetKind = "skp_approved_share"
	TargetRatingsFinalisedShare TargetKind = "ratings_finalised_share"
	TargetFeedbackShare         TargetKind = "feedback_share"
	TargetFillRate              TargetKind = "fill_rate"
)

// TargetKinds lists every kind, in the API's order.
func TargetKinds() []TargetKind {
	return []TargetKind{TargetJPShare, TargetProgrammeParticipants, TargetInternshipsCompleted,
		TargetAttendanceRate, TargetUnexcusedAbsenceDays, TargetSkpApprovedShare,
		TargetRatingsFinalisedShare, TargetFeedbackShare, TargetFillRate}
}

// Percent reports whether the kind's value is a percentage (0–100) rather than a count.
func (k TargetKind) Percent() bool {
	switch k {
	case TargetProgrammeParticipants, TargetInternshipsCompleted, TargetUnexcusedAbsenceDays:
		return false
	}
	return true
}

// Cumulative reports whether the kind's value only accumulates over the year (employees reaching
// 20 JP, participants, completed internships, approved SKPs, final ratings), so that reaching the
// goal early is reaching it for good; a level (the attendance rate, the quarter's feedback
// share, the fill rate) can fall again before the due date.
func (k TargetKind) Cumulative() bool {
	switch k {
	case TargetJPShare, TargetProgrammeParticipants, TargetInternshipsCompleted,
		TargetSkpApprovedShare, TargetRatingsFinalisedShare:
		return true
	}
	return false
}

// LowerIsBetter reports whether a smaller value is the better one.
func (k TargetKind) LowerIsBetter() bool { return k == TargetUnexcusedAbsenceDays }

// Source is the service whose reports measure the kind: "training", "attendance",
// "evaluation" or "planning".
func (k TargetKind) Source() string {
	switch k {
	case TargetJPShare, TargetProgrammeParticipants, TargetInternshipsCompleted:
		return "training"
	case TargetAttendanceRate, TargetUnexcusedAbsenceDays:
		return "attendance"
	case TargetSkpApprovedShare, TargetRatingsFinalisedShare, TargetFeedbackShare:
		return "evaluation"
	}
	return "planning"
}

// TargetStatus is how a target stands against its linear path.
type TargetStatus string

// The target statuses; "" is not measured yet.
const (
	StatusUnmeasured TargetStatus = ""
	StatusOnTrack    TargetStatus = "on_track"
	StatusAtRisk     TargetStatus = "at_risk"
	StatusOffTrack   TargetStatus = "off_track"
	StatusAchieved   TargetStatus = "achieved"
)

// Goal is one of a plan's goals.
type Goal struct {
	Key         string `json:"key"`
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
}

// Target is a measurable target under a goal. Its definition is part of the plan's versions;
// its measure (Measure) is kept by the monitoring and attached when the plan is read.
type Target struct {
	Key        string     `json:"key"`
	Goal       string     `json:"goal"`
	Title      string     `json:"title"`
	Kind       TargetKind `json:"kind"`
	GoalValue  float64    `json:"goal_value"`
	Due        Date       `json:"due_date"`
	Programmes []string   `json:"programmes,omitempty"` // programme ids, for TargetProgrammeParticipants
	Measure    Measure    `json:"-"`
}

// Measure is a target's value as last measured, with where its path says it should be.
type Measure struct {
	Baseline float64
	Value    float64
	Expected float64
	Status   TargetStatus
	At       time.Time // zero: not measured yet
}

// ActionState is where an action stands; overdue is derived from the due date when read.
type ActionState string

// The action states.
const (
	ActionOpen    ActionState = "open"
	ActionDone    ActionState = "done"
	ActionOverdue ActionState = "overdue"
)

// Action is something to do for a goal, with an owner (NIP) and a due date.
type Action struct {
	Key      string    `json:"key"`
	Goal     string    `json:"goal"`
	Title    string    `json:"title"`
	Owner    string    `json:"owner"`
	Due      Date      `json:"due_date"`
	Done     time.Time `json:"done_time,omitzero"`
	DoneNote string    `json:"done_note,omitempty"`
	// OverdueNotified is set once ActionOverdue has been published for it.
	OverdueNotified bool `json:"overdue_notified,omitempty"`
}

// BudgetLine is money set aside for a goal, in rupiah.
type BudgetLine struct {
	Key         string `json:"key"`
	Goal        string `json:"goal"`
	Description string `json:"description"`
	Amount      int64  `json:"amount"`
	Source      string `json:"source,omitempty"`
}

// PlanContent is what a plan says: the part kept whole in each version.
type PlanContent struct {
	Title        string       `json:"title"`
	Goals        []Goal       `json:"goals"`
	Targets      []Target     `json:"targets"`
	Actions      []Action     `json:"actions"`
	BudgetLines  []BudgetLine `json:"budget_lines"`
	Illustrative bool         `json:"illustrative,omitempty"`
}

// WorkPlan is an agency's staffing work plan for a year; Agency "" is the city plan.
type WorkPlan struct {
	ID     string
	Agency string
	Year   int
	State  PlanState
	PlanContent
	// Version counts every change; ApprovedVersion is the one in force (0 before approval),
	// whose content InForce holds while a revision is being drafted.
	Version         int
	ApprovedVersion int
	InForce         *PlanContent
	Comment         string
	Created         time.Time
	Updated         time.Time
	Approved        time.Time
}

// CityPlan is the Agency of the city plan.
const CityPlan = ""
