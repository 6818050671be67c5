// Package convert maps the attendance service's domain and app types to and from their protobuf
// form, the one wire form both the gRPC API and the events use. This file holds what the
// calendar and the records share: enum maps, dates and timestamps.
package convert

import (
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/pbconv"
	attendancev1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/attendance/v1"
	"github.com/simpeg-id/simpeg/services/attendance/internal/domain"
)

var timeZones = map[attendancev1.TimeZone]domain.TimeZone{
	attendancev1.TimeZone_TIME_ZONE_WIB:  domain.WIB,
	attendancev1.TimeZone_TIME_ZONE_WITA: domain.WITA,
	attendancev1.TimeZone_TIME_ZONE_WIT:  domain.WIT,
}

var geofences = map[attendancev1.GeofencePolicy]domain.GeofenceAction{
	attendancev1.GeofencePolicy_GEOFENCE_POLICY_FLAG:   domain.GeofenceFlag,
	attendancev1.GeofencePolicy_GEOFENCE_POLICY_REFUSE: domain.GeofenceRefuse,
}

var holidayKinds = map[attendancev1.HolidayKind]domain.HolidayKind{
	attendancev1.HolidayKind_HOLIDAY_KIND_NATIONAL:   domain.NationalHoliday,
	attendancev1.HolidayKind_HOLIDAY_KIND_COLLECTIVE: domain.CollectiveLeave,
}

var (
	timeZonesPB    = pbconv.Invert(timeZones)
	geofencesPB    = pbconv.Invert(geofences)
	holidayKindsPB = pbconv.Invert(holidayKinds)
)

// TimeZone maps a protobuf time zone; unspecified (and unknown) is "", which the domain reads
// as WIB.
func TimeZone(z attendancev1.TimeZone) domain.TimeZone { return timeZones[z] }

// TimeZonePB is the wire form of z; the zero TimeZone is WIB.
func TimeZonePB(z domain.TimeZone) attendancev1.TimeZone {
	return timeZonesPB[domain.TimeZone(z.String())]
}

// GeofenceAction maps a protobuf geofence policy; unspecified is "", the deployment's policy.
func GeofenceAction(p attendancev1.GeofencePolicy) domain.GeofenceAction { return geofences[p] }

// GeofencePolicyPB is the wire form of a; "" (the deployment's policy) is unspecified.
func GeofencePolicyPB(a domain.GeofenceAction) attendancev1.GeofencePolicy { return geofencesPB[a] }

// HolidayKind maps a protobuf holiday kind; unspecified is "".
func HolidayKind(k attendancev1.HolidayKind) domain.HolidayKind { return holidayKinds[k] }

// HolidayKindPB is the wire form of k.
func HolidayKindPB(k domain.HolidayKind) attendancev1.HolidayKind { return holidayKindsPB[k] }

// Date reads a "YYYY-MM-DD" date; field is its path in the request, for the error.
func Date(s, field string) (domain.Date, error) {
	d, err := domain.ParseDate(s)
	if err != nil {
		return d, errs.Invalidf(field, "%v", err)
	}
	return d, nil
}
