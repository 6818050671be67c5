package domain

// Event is something the training service announces. Each area declares its events (past tense,
// e.g. EnrolmentApproved) in its own file as plain structs implementing it; package events turns
// them into the messages published on "simpeg.training.>".
type Event interface{ trainingEvent() }

// event is embedded by every event type to implement Event.
type event struct{}

func (event) trainingEvent() {}
