package domain

// The internship area's events (issue 10 §6: "internship placement started/completed", "JP
// credited"), each carrying the placement after the change.

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

// InternshipJPCredited: an employee participant passed their internship and is credited the
// programme's JP (Entry, source FromInternship) in the JP ledger.
type InternshipJPCredited struct {
	event
	Entry  JPEntry
	Agency string
	Title  string // the programme's title
}
