package convert

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/pbconv"
	"github.com/simpeg-id/simpeg/platform/resource"
	attendancev1 "github.com/simpeg-id/simpeg/proto/gen/simpeg/attendance/v1"
	"github.com/simpeg-id/simpeg/services/attendance/internal/app"
	"github.com/simpeg-id/simpeg/services/attendance/internal/domain"
)

// ---- offices ----

// OfficePB is the wire form of o.
func OfficePB(o app.Office) *attendancev1.Office {
	return &attendancev1.Office{
		Name: app.OfficeName(o.ID), Id: o.ID, DisplayName: o.Name, Agency: o.Agency, Unit: o.Unit,
		Latitude: o.Lat, Longitude: o.Lon, RadiusMeters: int32(o.RadiusMeters), TimeZone: TimeZonePB(o.TimeZone),
		GeofencePolicy: GeofencePolicyPB(o.Geofence), Etag: resource.Etag(o.Version),
		CreateTime: pbconv.Timestamp(o.Created), UpdateTime: pbconv.Timestamp(o.Updated),
	}
}

// Office reads an office from the wire; output-only fields are ignored.
func Office(o *attendancev1.Office) app.Office {
	return app.Office{
		Office: domain.Office{
			ID: o.GetId(), Name: o.GetDisplayName(), Lat: o.GetLatitude(), Lon: o.GetLongitude(),
			RadiusMeters: float64(o.GetRadiusMeters()), TimeZone: TimeZone(o.GetTimeZone()),
		},
		Agency: o.GetAgency(), Unit: o.GetUnit(), Geofence: GeofenceAction(o.GetGeofencePolicy()),
	}
}

// ---- holidays ----

// HolidayPB is the wire form of h.
func HolidayPB(h domain.Holiday) *attendancev1.Holiday {
	return &attendancev1.Holiday{Name: app.HolidayName(h.Date), Date: h.Date.String(), DisplayName: h.Name, Kind: HolidayKindPB(h.Kind)}
}

// HolidaysPB is the wire form of hs.
func HolidaysPB(hs []domain.Holiday) []*attendancev1.Holiday {
	out := make([]*attendancev1.Holiday, len(hs))
	for i, h := range hs {
		out[i] = HolidayPB(h)
	}
	return out
}

// Holiday reads a holiday from the wire; field is its path in the request, for errors.
func Holiday(h *attendancev1.Holiday, field string) (domain.Holiday, error) {
	d, err := Date(h.GetDate(), field+".date")
	return domain.Holiday{Date: d, Name: h.GetDisplayName(), Kind: HolidayKind(h.GetKind())}, err
}

// ImportFormat maps a protobuf import format; unspecified is "".
func ImportFormat(f attendancev1.ImportFormat) app.ImportFormat {
	switch f {
	case attendancev1.ImportFormat_IMPORT_FORMAT_CSV:
		return app.ImportCSV
	case attendancev1.ImportFormat_IMPORT_FORMAT_JSON:
		return app.ImportJSON
	}
	return ""
}

// ---- working hours ----

// FormatClock formats minutes after midnight as "HH:MM", wrapping past midnight.
func FormatClock(min int) string {
	min = ((min % domain.MinutesPerDay) + domain.MinutesPerDay) % domain.MinutesPerDay
	return fmt.Sprintf("%02d:%02d", min/60, min%60)
}

// ParseClock reads "HH:MM" (00:00 to 23:59) as minutes after midnight; field names it in errors.
func ParseClock(s, field string) (int, error) {
	h, m, ok := strings.Cut(s, ":")
	hh, herr := strconv.Atoi(h)
	mm, merr := strconv.Atoi(m)
	if !ok || len(h) != 2 || len(m) != 2 || herr != nil || merr != nil || hh < 0 || hh > 23 || mm < 0 || mm > 59 {
		return 0, errs.Invalidf(field, "must be a time of day HH:MM, 00:00 to 23:59, got %q", s)
	}
	return domain.Clock(hh, mm), nil
}

// weekdays lists the days of WeekHours in its field order, with their getters and setters.
var weekdays = []struct {
	day  time.Weekday
	name string
	get  func(*attendancev1.WeekHours) *attendancev1.DayHours
	set  func(*attendancev1.WeekHours, *attendancev1.DayHours)
}{
	{time.Monday, "monday", (*attendancev1.WeekHours).GetMonday, func(w *attendancev1.WeekHours, d *attendancev1.DayHours) { w.Monday = d }},
	{time.Tuesday, "tuesday", (*attendancev1.WeekHours).GetTuesday, func(w *attendancev1.WeekHours, d *attendancev1.DayHours) { w.Tuesday = d }},
	{time.Wednesday, "wednesday", (*attendancev1.WeekHours).GetWednesday, func(w *attendancev1.WeekHours, d *attendancev1.DayHours) { w.Wednesday = d }},
	{time.Thursday, "thursday", (*attendancev1.WeekHours).GetThursday, func(w *attendancev1.WeekHours, d *attendancev1.DayHours) { w.Thursday = d }},
	{time.Friday, "friday", (*attendancev1.WeekHours).GetFriday, func(w *attendancev1.WeekHours, d *attendancev1.DayHours) { w.Friday = d }},
	{time.Saturday, "saturday", (*attendancev1.WeekHours).GetSaturday, func(w *attendancev1.WeekHours, d *attendancev1.DayHours) { w.Saturday = d }},
	{time.Sunday, "sunday", (*attendancev1.WeekHours).GetSunday, func(w *attendancev1.WeekHours, d *attendancev1.DayHours) { w.Sunday = d }},
}

// WeekHoursPB is the wire form of a week, with each working day's end and the weekly total.
func WeekHoursPB(s domain.WorkSchedule) *attendancev1.WeekHours {
	out := &attendancev1.WeekHours{WeeklyWorkMinutes: int32(s.WeeklyWorkMinutes())}
	for _, wd := range weekdays {
		h := s.Days[wd.day]
		d := &attendancev1.DayHours{}
		if h.Working() {
			d.Start, d.End = FormatClock(h.Start), FormatClock(h.End())
			d.WorkMinutes, d.BreakMinutes = int32(h.Work), int32(h.Break)
		}
		wd.set(out, d)
	}
	return out
}

// WeekHours reads a week from the wire: nil (not given) is nil, the national week. A day
// without start and work is a day off. field is the week's path in the request, for errors.
func WeekHours(w *attendancev1.WeekHours, field string) (*domain.WorkSchedule, error) {
	if w == nil {
		return nil, nil
	}
	var v errs.Violations
	out := &domain.WorkSchedule{}
	for _, wd := range weekdays {
		d := wd.get(w)
		p := field + "." + wd.name
		h := domain.DayHours{Work: int(d.GetWorkMinutes()), Break: int(d.GetBreakMinutes())}
		switch {
		case d.GetStart() != "":
			start, err := ParseClock(d.GetStart(), p+".start")
			if err != nil {
				e, _ := errs.As(err)
				v = append(v, e.Violations...)
			}
			h.Start = start
		case h.Work > 0:
			v.Add(p+".start", "is required on a day with work")
		}
		out.Days[wd.day] = h
	}
	return out, v.Err()
}

// WorkSchedulePB is the wire form of an agency's hours; a nil week is the national one, and
// national says the agency keeps the national hours in both weeks.
func WorkSchedulePB(s app.Schedule, national bool) *attendancev1.WorkSchedule {
	regular, ramadan := domain.NationalSchedule(), domain.NationalRamadanSchedule()
	if s.Regular != nil {
		regular = *s.Regular
	}
	if s.Ramadan != nil {
		ramadan = *s.Ramadan
	}
	return &attendancev1.WorkSchedule{
		Name: app.ScheduleName(s.Agency), Regular: WeekHoursPB(regular), Ramadan: WeekHoursPB(ramadan), NationalDefault: national,
	}
}

// WorkSchedule reads an agency's hours from the wire, for agency; errors name the fields with
// the "work_schedule." prefix.
func WorkSchedule(agency string, s *attendancev1.WorkSchedule) (app.Schedule, error) {
	out := app.Schedule{Agency: agency}
	var v errs.Violations
	var err error
	if out.Regular, err = WeekHours(s.GetRegular(), "work_schedule.regular"); err != nil {
		e, _ := errs.As(err)
		v = append(v, e.Violations...)
	}
	if out.Ramadan, err = WeekHours(s.GetRamadan(), "work_schedule.ramadan"); err != nil {
		e, _ := errs.As(err)
		v = append(v, e.Violations...)
	}
	return out, v.Err()
}

// ---- Ramadan ----

// RamadanPeriodPB is the wire form of p.
func RamadanPeriodPB(p domain.RamadanPeriod) *attendancev1.RamadanPeriod {
	return &attendancev1.RamadanPeriod{Name: app.RamadanName(p.From.Year), StartDate: p.From.String(), EndDate: p.To.String()}
}

// RamadanPeriod reads a Ramadan period from the wire; errors name the fields with the
// "ramadan_period." prefix.
func RamadanPeriod(p *attendancev1.RamadanPeriod) (domain.RamadanPeriod, error) {
	var v errs.Violations
	var out domain.RamadanPeriod
	for _, f := range []struct {
		name, value string
		dst         *domain.Date
	}{{"start_date", p.GetStartDate(), &out.From}, {"end_date", p.GetEndDate(), &out.To}} {
		d, err := domain.ParseDate(f.value)
		if err != nil {
			v.Add("ramadan_period."+f.name, "%v", err)
		}
		*f.dst = d
	}
	return out, v.Err()
}

// ---- shifts and rosters ----

// ShiftPB is the wire form of s.
func ShiftPB(s app.ShiftRecord) *attendancev1.Shift {
	return &attendancev1.Shift{
		Name: app.ShiftName(s.Agency, s.Code), Code: s.Code, Start: FormatClock(s.Start),
		WorkMinutes: int32(s.Duration), BreakMinutes: int32(s.Break), End: FormatClock(s.Start + s.Span()),
	}
}

// Shift reads a shift of agency from the wire; errors name the fields with the "shift." prefix.
func Shift(agency string, s *attendancev1.Shift) (app.ShiftRecord, error) {
	start, err := ParseClock(s.GetStart(), "shift.start")
	return app.ShiftRecord{Agency: agency, Shift: domain.Shift{
		Code: s.GetCode(), Start: start, Duration: int(s.GetWorkMinutes()), Break: int(s.GetBreakMinutes()),
	}}, err
}

// RosterEntryPB is the wire form of e.
func RosterEntryPB(e app.RosterEntry) *attendancev1.RosterEntry {
	return &attendancev1.RosterEntry{Employee: e.Employee, Date: e.Date.String(), Shift: e.Shift}
}

// RosterEntries reads roster entries from the wire; errors name entries[i].date.
func RosterEntries(es []*attendancev1.RosterEntry) ([]app.RosterEntry, error) {
	var v errs.Violations
	out := make([]app.RosterEntry, len(es))
	for i, e := range es {
		d, err := domain.ParseDate(e.GetDate())
		if err != nil {
			v.Add(fmt.Sprintf("entries[%d].date", i), "%v", err)
		}
		out[i] = app.RosterEntry{Employee: e.GetEmployee(), Date: d, Shift: e.GetShift()}
	}
	return out, v.Err()
}

// ---- the expected day ----

// ExpectedDayPB is the wire form of what the calendar expects of an employee on a date.
func ExpectedDayPB(e domain.Expectation, ec domain.EmployeeCalendar) *attendancev1.ExpectedDay {
	return &attendancev1.ExpectedDay{
		Employee: ec.Employee, Date: e.Date.String(), Working: e.Working, Reason: string(e.Reason), Holiday: e.Holiday,
		StartTime: pbconv.Timestamp(e.Start), EndTime: pbconv.Timestamp(e.End), WorkMinutes: int32(e.WorkMinutes), Shift: e.Shift,
		TimeZone: TimeZonePB(ec.TimeZone),
	}
}
