package domain

// Event is a change to the registry that other services hear about. Each carries the whole
// resource after the change.
type Event interface{ event() }

// AgencyCreated reports a new agency or unit.
type AgencyCreated struct{ Agency Agency }

// AgencyUpdated reports a changed agency or unit.
type AgencyUpdated struct {
	Agency  Agency
	Changed []string
}

// PositionCreated reports a new position.
type PositionCreated struct{ Position Position }

// PositionUpdated reports a changed position.
type PositionUpdated struct {
	Position Position
	Changed  []string
}

// EmployeeCreated reports a newly registered employee.
type EmployeeCreated struct{ Employee Employee }

// EmployeeUpdated reports a changed employee record.
type EmployeeUpdated struct {
	Employee Employee
	Changed  []string
}

// EmployeeTransferred reports a move to another agency or out of the city.
type EmployeeTransferred struct {
	Employee      Employee
	FromAgency    string
	FromUnit      string
	EffectiveDate Date
}

// EmployeeRetired reports a retirement.
type EmployeeRetired struct {
	Employee      Employee
	EffectiveDate Date
}

// MonthlyReportGenerated reports an agency's monthly report generated (again).
type MonthlyReportGenerated struct{ Report MonthlyReport }

func (MonthlyReportGenerated) event() {}

func (AgencyCreated) event()       {}
func (AgencyUpdated) event()       {}
func (PositionCreated) event()     {}
func (PositionUpdated) event()     {}
func (EmployeeCreated) event()     {}
func (EmployeeUpdated) event()     {}
func (EmployeeTransferred) event() {}
func (EmployeeRetired) event()     {}

// WorkPlanChanged reports a change to a work plan: Change is the version's change ("created",
// "updated", "submitted", …), Plan the plan after it.
type WorkPlanChanged struct {
	Plan   PlanView
	Change string
}

// PlanActionOverdue reports, once, an action of a plan in force past its due date and not done
// (published as ActionOverdue; the name ActionOverdue is the action state's).
type PlanActionOverdue struct {
	Plan   PlanView
	Action Action
}

func (WorkPlanChanged) event()   {}
func (PlanActionOverdue) event() {}
