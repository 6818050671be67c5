package domain

// Event is something the evaluation service announces. Each area declares its events (past
// tense, e.g. SkpApproved) in its own file as plain structs implementing it; package events
// turns them into the messages published on "simpeg.evaluation.>".
type Event interface{ evaluationEvent() }

// event is embedded by every event type to implement Event.
type event struct{}

func (event) evaluationEvent() {}
