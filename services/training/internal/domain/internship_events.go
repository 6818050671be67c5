package domain

// The internship area's events (issue 10 §6: "internship placement started/completed", "JP
// credited"), each carrying the placement after the change; a withdrawal is announced too, so a
// consumer that counted the placement's seat or projected its JP can let them go.

// PlacementStarted: a participant was placed in a cohort.
type PlacementStarted struct {
	event
	Placement Placement
}

// PlacementCompleted: a placement's final assessment was recorded.
type PlacementCompleted struct {
	event
	Placement Placement
}

// PlacementWithdrawn: an active placement was ended early, with its reason; its seat is free.
type PlacementWithdrawn struct {
	event
	Placement Placement
}

// InternshipJPCredited: an employee participant passed their internship and is credited the
// programme's JP (Entry, source FromInternship) in the JP ledger.
type InternshipJPCredited struct {
	event
	Entry  JPEntry
	Agency string
	Title  string // the programme's title
}
