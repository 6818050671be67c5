package domain

// Policy is the deployment's staffing policy (issue 12): the figures DOMAIN.md marks *policy*,
// configurable per deployment with these defaults. The service's settings
// (SIMPEG_PLANNING_EFFECTIVE_HOURS, …) fill it; see planning.Config.
type Policy struct {
	// EffectiveHours is one employee's effective working hours in a year, the divisor of the
	// workload analysis: 1,250 (DOMAIN.md; PermenPAN-RB 1/2020 on ABK).
	EffectiveHours int
	// RetirementAges is the retirement age (BUP) per position level, PP 11/2017 as amended
	// (level.go has the table and the default for a level not set).
	RetirementAges map[PositionLevel]int
	// AtRiskMargin is how far behind its linear path a target may be, as a fraction of the
	// distance from its baseline to its goal, and still be at risk rather than off track.
	AtRiskMargin float64
}

// DefaultPolicy returns the policy with every default.
func DefaultPolicy() Policy {
	return Policy{EffectiveHours: 1250, RetirementAges: DefaultRetirementAges(), AtRiskMargin: 0.10}
}
