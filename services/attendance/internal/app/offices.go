package app

// Offices: where employees check in, with the geofence that checks it.

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/paging"
	"github.com/simpeg-id/simpeg/platform/resource"
	"github.com/simpeg-id/simpeg/services/attendance/internal/domain"
)

// Page sizes of ListOffices.
const (
	DefaultOfficePageSize = 100
	MaxOfficePageSize     = 1000
)

// The fields UpdateOffice may change.
var officeFields = []string{"display_name", "unit", "latitude", "longitude", "radius_meters", "time_zone", "geofence_policy"}

func validateOffice(o Office) error {
	var v errs.Violations
	if err := o.Office.Validate(); err != nil {
		e, ok := errs.As(err)
		if !ok {
			return err
		}
		v = append(v, e.Violations...)
	}
	if strings.TrimSpace(o.Agency) == "" {
		v.Add("agency", "is required")
	}
	if utf8.RuneCountInString(o.Name) > 200 {
		v.Add("name", "must be at most 200 characters")
	}
	if o.Geofence != "" && o.Geofence != domain.GeofenceFlag && o.Geofence != domain.GeofenceRefuse {
		v.Add("geofence_policy", "must be %q or %q, got %q", domain.GeofenceFlag, domain.GeofenceRefuse, o.Geofence)
	}
	return renamed("office", v.Err(), fieldMap(map[string]string{"name": "display_name"}))
}

// CreateOffice registers an office; an empty id gets a generated one. Agency HR may create
// offices of their own agency only.
func (a *App) CreateOffice(ctx context.Context, in Office) (Office, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return Office{}, err
	}
	if err := resource.RequireReach(g, in.Agency); err != nil {
		return Office{}, err
	}
	if in.ID == "" {
		id, err := uuid.NewV7()
		if err != nil {
			return Office{}, err
		}
		in.ID = id.String()
	}
	in.Name = strings.TrimSpace(in.Name)
	in.TimeZone = domain.TimeZone(in.TimeZone.String())
	if err := validateOffice(in); err != nil {
		return Office{}, err
	}
	in.Version = 1
	in.Created = a.stamp()
	in.Updated = in.Created
	err = a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		if err := tx.InsertOffice(ctx, in); err != nil {
			return err
		}
		return tx.Audit(ctx, AuditEntry{Resource: OfficeName(in.ID), Detail: fmt.Sprintf("created: %q of agency %s at %.6f,%.6f", in.Name, in.Agency, in.Lat, in.Lon)})
	})
	if err != nil {
		return Office{}, err
	}
	return in, nil
}

// GetOffice reads an office.
func (a *App) GetOffice(ctx context.Context, id string) (Office, error) {
	return a.repo.GetOffice(ctx, id)
}

// ListOffices lists offices in id order, of one agency when agency is set; the returned token
// continues the list.
func (a *App) ListOffices(ctx context.Context, agency string, pageSize int, pageToken string) ([]Office, string, error) {
	after, err := paging.Key(pageToken)
	if err != nil {
		return nil, "", err
	}
	pageSize = resource.PageSize(pageSize, DefaultOfficePageSize, MaxOfficePageSize)
	out, err := a.repo.ListOffices(ctx, agency, after, pageSize+1)
	if err != nil {
		return nil, "", err
	}
	page, next := resource.Page(out, pageSize, func(o Office) string { return o.ID })
	return page, next, nil
}

// UpdateOffice sets the fields of office id named in fields (of display_name, unit, latitude,
// longitude, radius_meters, time_zone, geofence_policy) to their values in values, if etag
// (when given) is current.
func (a *App) UpdateOffice(ctx context.Context, id, etag string, fields []string, values Office) (Office, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return Office{}, err
	}
	if len(fields) == 0 {
		return Office{}, errs.Invalidf("update_mask", "is required: name the fields to change, of %s", strings.Join(officeFields, ", "))
	}
	for _, f := range fields {
		if !slices.Contains(officeFields, f) {
			return Office{}, errs.Invalidf("update_mask", "%q cannot be changed; the fields are %s", f, strings.Join(officeFields, ", "))
		}
	}
	var out Office
	err = a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		o, err := tx.GetOffice(ctx, id)
		if err != nil {
			return err
		}
		if err := resource.CheckWrite(g, o.Agency, OfficeName(id), etag, o.Version); err != nil {
			return err
		}
		next := o
		for _, f := range fields {
			switch f {
			case "display_name":
				next.Name = strings.TrimSpace(values.Name)
			case "unit":
				next.Unit = values.Unit
			case "latitude":
				next.Lat = values.Lat
			case "longitude":
				next.Lon = values.Lon
			case "radius_meters":
				next.RadiusMeters = values.RadiusMeters
			case "time_zone":
				next.TimeZone = domain.TimeZone(values.TimeZone.String())
			case "geofence_policy":
				next.Geofence = values.Geofence
			}
		}
		if err := validateOffice(next); err != nil {
			return err
		}
		var changed []string
		for _, f := range fields {
			if !slices.Contains(changed, f) && officeField(o, f) != officeField(next, f) {
				changed = append(changed, f)
			}
		}
		out = o
		if len(changed) == 0 {
			return nil
		}
		next.Version, next.Updated = o.Version+1, a.stamp()
		if err := tx.UpdateOffice(ctx, next); err != nil {
			return err
		}
		out = next
		return tx.Audit(ctx, AuditEntry{Resource: OfficeName(id), Detail: "updated: " + strings.Join(changed, ", ")})
	})
	return out, err
}

// officeField returns an updatable field's value, for comparing.
func officeField(o Office, f string) any {
	switch f {
	case "display_name":
		return o.Name
	case "unit":
		return o.Unit
	case "latitude":
		return o.Lat
	case "longitude":
		return o.Lon
	case "radius_meters":
		return o.RadiusMeters
	case "time_zone":
		return o.TimeZone.String()
	case "geofence_policy":
		return o.Geofence
	}
	return nil
}
