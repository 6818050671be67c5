package domain

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/simpeg-id/simpeg/platform/errs"
)

// GeofenceAction is what happens to a check-in made outside the office geofence.
type GeofenceAction string

// The geofence actions.
const (
	// GeofenceFlag records the check-in and flags it as outside the geofence (the default).
	GeofenceFlag GeofenceAction = "flag"
	// GeofenceRefuse refuses the check-in; nothing is recorded.
	GeofenceRefuse GeofenceAction = "refuse"
)

// The *policy* defaults of DOMAIN.md (Attendance and leave).
const (
	// DefaultGeofenceRadiusMeters is the geofence radius of an office that sets none.
	DefaultGeofenceRadiusMeters = 100.0
	// DefaultOfflineUploadLimit is how long after the fact an offline phone may upload a check-in.
	DefaultOfflineUploadLimit = 72 * time.Hour
	// DefaultLatenessMinutesPerDay is how many minutes of late arrival and early departure in a
	// year count as one day of unexcused absence: 7.5 hours (Peraturan BKN 6/2022).
	DefaultLatenessMinutesPerDay = 450
)

// Limits on policy values, to catch a mistyped configuration rather than to encode a rule.
const (
	maxGeofenceRadiusMeters = 10_000.0
	maxOfflineUploadLimit   = 31 * 24 * time.Hour
	// maxLatenessMinutesPerDay is a whole day and night.
	maxLatenessMinutesPerDay = 24 * 60
)

// Policy holds the values DOMAIN.md marks *policy*: one per deployment, each with the documented
// default (see DefaultPolicy). The zero Policy is not the default one: build it with
// DefaultPolicy and change what the deployment changes.
type Policy struct {
	// GeofenceRadiusMeters is the radius of an office's geofence when the office sets none
	// (Office.RadiusMeters 0). Default 100 m.
	GeofenceRadiusMeters float64
	// OutsideGeofence says whether a check-in outside the geofence is recorded and flagged
	// (GeofenceFlag, the default) or refused (GeofenceRefuse).
	OutsideGeofence GeofenceAction
	// OfflineUploadLimit is how old a check-in's device time may be when it reaches the server;
	// older uploads are refused. Default 72 h.
	OfflineUploadLimit time.Duration
	// CollectiveLeaveReducesAnnual says whether collective leave days (cuti bersama) are taken
	// from the annual-leave balance. Default false: they do not reduce it. The calendar treats
	// collective leave days as non-working either way; the leave rules apply this flag.
	CollectiveLeaveReducesAnnual bool
	// SecondApprovalForLongLeave says whether the long leave types (besar, CLTN, sakit over 14
	// days) need a second approval by an authorised official after the direct supervisor's.
	// Default true.
	SecondApprovalForLongLeave bool
	// SecondApprovalTypes are the leave types SecondApprovalForLongLeave applies to; the empty
	// set means DefaultSecondApprovalTypes (besar, CLTN, sakit over 14 days). Collective leave,
	// set by decree and never requested, cannot be one.
	SecondApprovalTypes LeaveTypeSet
	// LatenessMinutesPerDay is how many minutes of late arrival and early departure in a year
	// count as one day of unexcused absence toward the PP 94/2021 thresholds. Default 450
	// (Peraturan BKN 6/2022); 0 disables the conversion.
	LatenessMinutesPerDay int
}

// DefaultPolicy returns the policy with DOMAIN.md's defaults: a 100 m geofence, check-ins
// outside it recorded and flagged, offline uploads up to 72 h, collective leave not reducing
// annual leave, a second approval for long leave, and 450 minutes of lateness counted as a day
// of absence.
func DefaultPolicy() Policy {
	return Policy{
		GeofenceRadiusMeters:         DefaultGeofenceRadiusMeters,
		OutsideGeofence:              GeofenceFlag,
		OfflineUploadLimit:           DefaultOfflineUploadLimit,
		CollectiveLeaveReducesAnnual: false,
		SecondApprovalForLongLeave:   true,
		LatenessMinutesPerDay:        DefaultLatenessMinutesPerDay,
	}
}

// Validate reports the policy values that cannot work, naming each field.
func (p Policy) Validate() error {
	var v errs.Violations
	if math.IsNaN(p.GeofenceRadiusMeters) || p.GeofenceRadiusMeters <= 0 || p.GeofenceRadiusMeters > maxGeofenceRadiusMeters {
		v.Add("geofence_radius_meters", "must be more than 0 and at most %g meters, got %g", maxGeofenceRadiusMeters, p.GeofenceRadiusMeters)
	}
	if p.OutsideGeofence != GeofenceFlag && p.OutsideGeofence != GeofenceRefuse {
		v.Add("outside_geofence", "must be %q or %q, got %q", GeofenceFlag, GeofenceRefuse, p.OutsideGeofence)
	}
	if p.OfflineUploadLimit < ClockSkewAllowance || p.OfflineUploadLimit > maxOfflineUploadLimit {
		v.Add("offline_upload_limit", "must be between %s and %s, got %s", ClockSkewAllowance, maxOfflineUploadLimit, p.OfflineUploadLimit)
	}
	if p.LatenessMinutesPerDay < 0 || p.LatenessMinutesPerDay > maxLatenessMinutesPerDay {
		v.Add("lateness_minutes_per_day", "must be from 0 (no conversion) to %d minutes, got %d", maxLatenessMinutesPerDay, p.LatenessMinutesPerDay)
	}
	for _, t := range p.SecondApprovalTypes.Types() {
		if rule, ok := LeaveRuleOf(t); !ok || !rule.Requestable {
			v.Add("second_approval_leave_types", "must list requested leave types (%s), got %q", requestableTypes(), t)
		}
	}
	return v.Err()
}

// requestableTypes lists the leave types an employee requests, comma-separated.
func requestableTypes() string {
	var out []string
	for _, t := range LeaveTypes() {
		if leaveRules[t].Requestable {
			out = append(out, string(t))
		}
	}
	return strings.Join(out, ", ")
}

func (p Policy) mustValidate() error {
	if err := p.Validate(); err != nil {
		// A bad policy is the deployment's fault, not the caller's: report it as a plain error
		// so that it surfaces as an internal one.
		return fmt.Errorf("attendance policy: %v", err)
	}
	return nil
}
