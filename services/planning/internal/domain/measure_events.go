package domain

// TargetProgressed reports a target of a plan in force measured at a new value (published as
// TargetProgressed on "simpeg.planning.target.progressed").
type TargetProgressed struct {
	Plan     string // the plan's id
	Agency   string // the plan's agency; "" for the city plan
	Target   Target // with its Measure now
	Previous float64
}

// TargetStatusChanged reports a target whose status changed, e.g. to at risk or off track
// (published on "simpeg.planning.target.status_changed").
type TargetStatusChanged struct {
	Plan     string
	Agency   string
	Target   Target
	Previous TargetStatus
}

func (TargetProgressed) event()    {}
func (TargetStatusChanged) event() {}
