package domain

import "time"

// AgreementState is where a partner agreement stands on a given day.
type AgreementState string

// The agreement states.
const (
	AgreementNotStarted AgreementState = "not_started"
	AgreementActive     AgreementState = "active"
	AgreementExpiring   AgreementState = "expiring" // active, ending within the warning window
	AgreementExpired    AgreementState = "expired"
)

// AgreementStatus returns an agreement's state on day now: expiring when its last day (end,
// inclusive) is within warnDays (Policy.AgreementWarningDays) of now, so HR sees it ahead of
// time (issue 10 §5). Dates are midnights in one zone.
func AgreementStatus(start, end, now time.Time, warnDays int) AgreementState {
	switch {
	case now.Before(start):
		return AgreementNotStarted
	case now.After(end):
		return AgreementExpired
	case !now.AddDate(0, 0, warnDays).Before(end):
		return AgreementExpiring
	}
	return AgreementActive
}
