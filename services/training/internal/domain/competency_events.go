package domain

// DevelopmentPlanUpdated is announced when an agency's yearly development plan is created or
// changed; it carries the plan as stored (its Version is the etag).
type DevelopmentPlanUpdated struct {
	event
	Plan DevelopmentPlan
}
