package domain

import "github.com/simpeg-id/simpeg/platform/errs"

// MinimumJPPerYear is the competency development every PNS has a right to each year: at least
// 20 JP (PP 11/2017 as amended by PP 17/2020, art. 203; DOMAIN.md). It is regulation, not policy.
const MinimumJPPerYear = 20

// Policy holds the training rules DOMAIN.md marks as *policy* (or that the issue leaves to the
// deployment), each with its documented default.
type Policy struct {
	// MinutesPerJP is the length of one JP for forms counted in hours (DOMAIN.md *policy*;
	// Peraturan LAN 10/2018: 45 minutes).
	MinutesPerJP int
	// AgreementWarningDays is how many days before a partner agreement's end it is shown as
	// expiring (issue 10 §5 "visible ahead of time"; the 90 days are this package's default).
	AgreementWarningDays int
	// PassAttendancePercent is the share of a session's recorded days a participant must have
	// attended to pass (issue 10 §2 "attendance per session day"; the 80 % are this package's
	// default, not a regulation's figure: LAN sets attendance rules per programme).
	PassAttendancePercent int
}

// DefaultPolicy returns the documented defaults: 45 minutes a JP, agreements flagged 90 days
// ahead, 80 % of the recorded days attended to pass.
func DefaultPolicy() Policy {
	return Policy{MinutesPerJP: 45, AgreementWarningDays: 90, PassAttendancePercent: 80}
}

// Validate checks that the policy's values are usable.
func (p Policy) Validate() error {
	var v errs.Violations
	if p.MinutesPerJP < 1 || p.MinutesPerJP > 120 {
		v.Add("minutes_per_jp", "must be between 1 and 120 minutes, got %d", p.MinutesPerJP)
	}
	if p.AgreementWarningDays < 0 || p.AgreementWarningDays > 366 {
		v.Add("agreement_warning_days", "must be between 0 and 366 days, got %d", p.AgreementWarningDays)
	}
	if p.PassAttendancePercent < 1 || p.PassAttendancePercent > 100 {
		v.Add("pass_attendance_percent", "must be between 1 and 100, got %d", p.PassAttendancePercent)
	}
	return v.Err()
}
