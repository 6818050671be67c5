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

func (AgencyCreated) event()       {}
func (AgencyUpdated) event()       {}
func (PositionCreated) event()     {}
func (PositionUpdated) event()     {}
func (EmployeeCreated) event()     {}
func (EmployeeUpdated) event()     {}
func (EmployeeTransferred) event() {}
func (EmployeeRetired) event()     {}
