package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/paging"
	"github.com/simpeg-id/simpeg/platform/resource"
	"github.com/simpeg-id/simpeg/services/attendance/internal/domain"
	"github.com/simpeg-id/simpeg/services/planning/directory"
)

// The working calendar's use cases: offices, holidays, working hours, Ramadan periods, shifts,
// rosters, and the expected day that check-ins, leave and reports all rest on.

// Page sizes of ListOffices.
const (
	DefaultOfficePageSize = 100
	MaxOfficePageSize     = 1000
)

// MaxRosterSpan is the most days ListRoster covers (end date minus start date).
const MaxRosterSpan = 366

// rosterWindow is how many days around a date an employee of an agency with shifts must have
// roster entries to count as a shift worker on that date. Rosters are planned a month or so
// ahead; an employee with none in two months either way works the weekly schedule (one who moved
// from shifts to office work stops being a shift worker once the old roster is that far back).
const rosterWindow = 62

// The fields UpdateOffice may change.
var officeFields = []string{"display_name", "unit", "latitude", "longitude", "radius_meters", "time_zone", "geofence_policy"}

// RamadanName is the resource name of a year's Ramadan period.
func RamadanName(year int) string { return "ramadanPeriods/" + strconv.Itoa(year) }

// ShiftName is the resource name of an agency's shift.
func ShiftName(agency, code string) string { return "agencies/" + agency + "/shifts/" + code }

// RosterName is the resource name of an employee's roster.
func RosterName(employee string) string { return "employees/" + employee + "/roster" }

// requireCity refuses a change to the city-wide calendar (holidays, Ramadan) by a caller whose
// grant does not reach every agency.
func requireCity(g auth.Grant) error {
	if g.Scope == auth.ScopeAll {
		return nil
	}
	return errs.Deniedf("%s (%s scope) may not change the city-wide calendar", g.Subject, g.Scope)
}

// stamp is the current time as the store keeps it: UTC, whole microseconds.
func (a *App) stamp() time.Time { return a.now().UTC().Truncate(time.Microsecond) }

// renamed returns err with each violation's field renamed by rename and prefixed with prefix
// and a dot; errors without violations are returned unchanged.
func renamed(prefix string, err error, rename func(string) string) error {
	e, ok := errs.As(err)
	if !ok || len(e.Violations) == 0 {
		return err
	}
	v := make(errs.Violations, len(e.Violations))
	for i, fv := range e.Violations {
		f := rename(fv.Field)
		if prefix != "" {
			f = strings.TrimSuffix(prefix+"."+f, ".")
		}
		v[i] = errs.FieldViolation{Field: f, Description: fv.Description}
	}
	return v.Err()
}

// fieldMap renames the fields named in m (also as the head of a path) and keeps the others.
func fieldMap(m map[string]string) func(string) string {
	return func(f string) string {
		head, rest, dotted := strings.Cut(f, ".")
		if to, ok := m[head]; ok {
			if dotted {
				return to + "." + rest
			}
			return to
		}
		return f
	}
}

// ---- offices ----

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
		return tx.Audit(ctx, AuditEntry{OfficeName(in.ID), fmt.Sprintf("created: %q of agency %s at %.6f,%.6f", in.Name, in.Agency, in.Lat, in.Lon)})
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
		if err := resource.RequireReach(g, o.Agency); err != nil {
			return err
		}
		if err := resource.CheckEtag(OfficeName(id), etag, o.Version); err != nil {
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
		return tx.Audit(ctx, AuditEntry{OfficeName(id), "updated: " + strings.Join(changed, ", ")})
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

// ---- holidays ----

var holidayFields = fieldMap(map[string]string{"name": "display_name"})

// CreateHoliday adds a national holiday or collective leave day on a date that has none. Only a
// city-wide caller may change holidays.
func (a *App) CreateHoliday(ctx context.Context, h domain.Holiday) (domain.Holiday, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return h, err
	}
	if err := requireCity(g); err != nil {
		return h, err
	}
	h.Name = strings.TrimSpace(h.Name)
	if err := h.Validate(); err != nil {
		return h, renamed("holiday", err, holidayFields)
	}
	err = a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		year, err := tx.ListHolidays(ctx, h.Date.Year)
		if err != nil {
			return err
		}
		for _, x := range year {
			if x.Date == h.Date {
				return errs.Existsf("%s is already a holiday (%s, %s); delete it first or import the decree", h.Date, x.Name, x.Kind)
			}
		}
		if err := tx.PutHolidays(ctx, []domain.Holiday{h}); err != nil {
			return err
		}
		return tx.Audit(ctx, AuditEntry{HolidayName(h.Date), fmt.Sprintf("created: %s (%s)", h.Name, h.Kind)})
	})
	if err != nil {
		return h, err
	}
	a.calendar.invalidate()
	return h, nil
}

// ListHolidays returns a year's holidays in date order.
func (a *App) ListHolidays(ctx context.Context, year int) ([]domain.Holiday, error) {
	stored, err := a.repo.ListHolidays(ctx, year)
	if err != nil {
		return nil, err
	}
	// The fixed-date national holidays hold every year; the decree's dates are stored.
	h, err := domain.NewHolidays(stored...)
	if err != nil {
		return nil, err
	}
	return domain.WithFixedNationalHolidays(h, year).Year(year), nil
}

// DeleteHoliday removes the holiday on d.
func (a *App) DeleteHoliday(ctx context.Context, d domain.Date) error {
	g, err := resource.Grant(ctx)
	if err != nil {
		return err
	}
	if err := requireCity(g); err != nil {
		return err
	}
	err = a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		ok, err := tx.DeleteHoliday(ctx, d)
		if err != nil {
			return err
		}
		if !ok {
			return errs.NotFoundf("%s is not a holiday", d)
		}
		return tx.Audit(ctx, AuditEntry{HolidayName(d), "deleted"})
	})
	if err != nil {
		return err
	}
	a.calendar.invalidate()
	return nil
}

// ImportFormat is the format of an imported holiday file.
type ImportFormat string

// The import formats.
const (
	ImportCSV  ImportFormat = "csv"
	ImportJSON ImportFormat = "json"
)

// ImportHolidays loads holidays from a decree's file: every row is checked first and nothing is
// written unless all are valid; dates already stored are replaced. Rows on the same date are
// merged (domain.NewHolidays). It returns the holidays now stored for the file's dates, in date
// order.
func (a *App) ImportHolidays(ctx context.Context, format ImportFormat, content string) ([]domain.Holiday, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return nil, err
	}
	if err := requireCity(g); err != nil {
		return nil, err
	}
	var list []domain.Holiday
	switch format {
	case ImportCSV:
		list, err = domain.ParseHolidaysCSV(strings.NewReader(content))
	case ImportJSON:
		list, err = domain.ParseHolidaysJSON(strings.NewReader(content))
	default:
		return nil, errs.Invalidf("format", "must be %q or %q, got %q", ImportCSV, ImportJSON, format)
	}
	if err != nil {
		return nil, errs.Prefix("content", err)
	}
	if len(list) == 0 {
		return nil, errs.Invalidf("content", "holds no holidays")
	}
	set, err := domain.NewHolidays(list...)
	if err != nil {
		return nil, errs.Prefix("content", err)
	}
	var out []domain.Holiday
	for _, y := range set.Years() {
		out = append(out, set.Year(y)...)
	}
	err = a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		if err := tx.PutHolidays(ctx, out); err != nil {
			return err
		}
		entries := make([]AuditEntry, len(out))
		for i, h := range out {
			entries[i] = AuditEntry{HolidayName(h.Date), fmt.Sprintf("imported: %s (%s)", h.Name, h.Kind)}
		}
		return tx.Audit(ctx, entries...)
	})
	if err != nil {
		return nil, err
	}
	a.calendar.invalidate()
	return out, nil
}

// ---- working hours ----

// weekdayFields names the domain's days[i] by the API's weekday fields.
func weekdayFields(f string) string {
	rest, ok := strings.CutPrefix(f, "days[")
	if !ok {
		if f == "days" {
			return ""
		}
		return f
	}
	i, tail, ok := strings.Cut(rest, "]")
	n, err := strconv.Atoi(i)
	if !ok || err != nil || n < 0 || n > 6 {
		return f
	}
	return strings.ToLower(time.Weekday(n).String()) + tail
}

// GetWorkSchedule returns an agency's stored hours and whether it has any; without them, or for
// a nil week, the national hours apply.
func (a *App) GetWorkSchedule(ctx context.Context, agency string) (Schedule, bool, error) {
	s, ok, err := a.repo.GetSchedule(ctx, agency)
	if err != nil {
		return Schedule{}, false, err
	}
	if !ok {
		s = Schedule{Agency: agency}
	}
	return s, ok, nil
}

// UpdateWorkSchedule sets an agency's hours: Regular and Ramadan as given, nil keeping the
// national week. Agency HR may set their own agency's only.
func (a *App) UpdateWorkSchedule(ctx context.Context, s Schedule) (Schedule, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return s, err
	}
	if err := resource.RequireReach(g, s.Agency); err != nil {
		return s, err
	}
	var v errs.Violations
	for _, w := range []struct {
		field string
		week  *domain.WorkSchedule
	}{{"work_schedule.regular", s.Regular}, {"work_schedule.ramadan", s.Ramadan}} {
		if w.week == nil {
			continue
		}
		if err := w.week.Validate(); err != nil {
			e, ok := errs.As(renamed(w.field, err, weekdayFields))
			if !ok {
				return s, err
			}
			v = append(v, e.Violations...)
		}
	}
	if err := v.Err(); err != nil {
		return s, err
	}
	if s.Regular != nil {
		s.Regular.Name = s.Agency
	}
	if s.Ramadan != nil {
		s.Ramadan.Name = s.Agency + "-ramadan"
	}
	err = a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		old, ok, err := tx.GetSchedule(ctx, s.Agency)
		if err != nil {
			return err
		}
		s.Version = 1
		if ok {
			s.Version = old.Version + 1
		}
		if err := tx.PutSchedule(ctx, s); err != nil {
			return err
		}
		return tx.Audit(ctx, AuditEntry{ScheduleName(s.Agency), fmt.Sprintf("updated: regular %s; ramadan %s", weekDetail(s.Regular), weekDetail(s.Ramadan))})
	})
	if err != nil {
		return s, err
	}
	a.calendar.invalidate()
	return s, nil
}

func weekDetail(w *domain.WorkSchedule) string {
	if w == nil {
		return "national"
	}
	var days []string
	for i := range 7 {
		wd := time.Weekday((i + 1) % 7) // Monday first
		if h := w.Days[wd]; h.Working() {
			days = append(days, wd.String()[:3]+" "+domain.FormatClock(h.Start)+"-"+domain.FormatClock(h.End()))
		}
	}
	return fmt.Sprintf("%d min/week (%s)", w.WeeklyWorkMinutes(), strings.Join(days, ", "))
}

// ---- Ramadan ----

// SetRamadanPeriod sets the Ramadan period of its start date's year, replacing that year's.
func (a *App) SetRamadanPeriod(ctx context.Context, p domain.RamadanPeriod) (domain.RamadanPeriod, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return p, err
	}
	if err := requireCity(g); err != nil {
		return p, err
	}
	rename := fieldMap(map[string]string{"from": "start_date", "to": "end_date"})
	if err := p.Validate(); err != nil {
		return p, renamed("ramadan_period", err, rename)
	}
	err = a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		all, err := tx.ListRamadan(ctx)
		if err != nil {
			return err
		}
		for _, o := range all {
			if o.From.Year != p.From.Year && !p.To.Before(o.From) && !p.From.After(o.To) {
				return errs.Invalidf("ramadan_period.start_date", "%s to %s overlaps the period %s to %s", p.From, p.To, o.From, o.To)
			}
		}
		if err := tx.PutRamadan(ctx, p); err != nil {
			return err
		}
		return tx.Audit(ctx, AuditEntry{RamadanName(p.From.Year), fmt.Sprintf("set: %s to %s", p.From, p.To)})
	})
	if err != nil {
		return p, err
	}
	a.calendar.invalidate()
	return p, nil
}

// ListRamadanPeriods returns every Ramadan period, by year.
func (a *App) ListRamadanPeriods(ctx context.Context) ([]domain.RamadanPeriod, error) {
	return a.repo.ListRamadan(ctx)
}

// ---- shifts and rosters ----

// CreateShift adds a shift pattern to an agency. Agency HR may add to their own agency only.
func (a *App) CreateShift(ctx context.Context, s ShiftRecord) (ShiftRecord, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return s, err
	}
	if err := resource.RequireReach(g, s.Agency); err != nil {
		return s, err
	}
	if strings.TrimSpace(s.Agency) == "" {
		return s, errs.Invalidf("parent", "is required")
	}
	// The domain checks shifts as part of a calendar; name the fields as the request does.
	cal := domain.Calendar{Agencies: map[string]domain.AgencyHours{s.Agency: {Shifts: map[string]domain.Shift{s.Code: s.Shift}}}}
	if err := cal.Validate(); err != nil {
		prefix := fmt.Sprintf("agencies[%s].shifts[%s].", s.Agency, s.Code)
		rename := fieldMap(map[string]string{"duration": "work_minutes", "break": "break_minutes"})
		return s, renamed("shift", err, func(f string) string { return rename(strings.TrimPrefix(f, prefix)) })
	}
	err = a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		if err := tx.InsertShift(ctx, s); err != nil {
			return err
		}
		return tx.Audit(ctx, AuditEntry{ShiftName(s.Agency, s.Code), fmt.Sprintf("created: %s-%s (%d min work, %d min break)",
			domain.FormatClock(s.Start), domain.FormatClock(s.Start+s.Span()), s.Duration, s.Break)})
	})
	if err != nil {
		return s, err
	}
	a.calendar.invalidate()
	return s, nil
}

// ListShifts returns an agency's shifts by code.
func (a *App) ListShifts(ctx context.Context, agency string) ([]ShiftRecord, error) {
	return a.repo.ListShifts(ctx, agency)
}

// SetRoster stores roster entries, replacing those of the same employee and date. Every entry
// is checked first: the employee must be in the directory and active, in an agency the caller
// reaches, and the shift must be one of that agency's or domain.RosterOff. It returns how many
// entries were stored.
func (a *App) SetRoster(ctx context.Context, entries []RosterEntry) (int, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return 0, err
	}
	if len(entries) == 0 {
		return 0, errs.Invalidf("entries", "at least one entry is required")
	}
	employees := map[string]directory.Employee{}
	var v errs.Violations
	seen := map[RosterEntry]int{}
	for i, e := range entries {
		p := fmt.Sprintf("entries[%d]", i)
		if j, dup := seen[RosterEntry{Employee: e.Employee, Date: e.Date}]; dup {
			v.Add(p+".date", "entries[%d] already sets employee %s on %s", j, e.Employee, e.Date)
			continue
		}
		seen[RosterEntry{Employee: e.Employee, Date: e.Date}] = i
		if e.Date.IsZero() {
			v.Add(p+".date", "is required")
		}
		if _, ok := employees[e.Employee]; ok {
			continue
		}
		emp, err := a.dir.Employee(ctx, e.Employee)
		if errors.Is(err, directory.ErrNotFound) {
			v.Add(p+".employee", "employee %s is not in the directory", e.Employee)
			continue
		}
		if err != nil {
			return 0, err
		}
		if err := resource.RequireReach(g, emp.Agency); err != nil {
			return 0, err
		}
		if !emp.Active() {
			v.Add(p+".employee", "employee %s is %s, not active", e.Employee, emp.Status)
			continue
		}
		employees[e.Employee] = emp
	}
	if err := v.Err(); err != nil {
		return 0, err
	}
	err = a.repo.Write(ctx, func(ctx context.Context, tx Tx) error {
		var v errs.Violations
		shifts := map[string]map[string]bool{}
		for i, e := range entries {
			agency := employees[e.Employee].Agency
			if shifts[agency] == nil {
				list, err := tx.ListShifts(ctx, agency)
				if err != nil {
					return err
				}
				shifts[agency] = map[string]bool{}
				for _, s := range list {
					shifts[agency][s.Code] = true
				}
			}
			if e.Shift != domain.RosterOff && !shifts[agency][e.Shift] {
				v.Add(fmt.Sprintf("entries[%d].shift", i), "must be %q or a shift of agency %s, got %q", domain.RosterOff, agency, e.Shift)
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		if err := tx.PutRoster(ctx, entries); err != nil {
			return err
		}
		byEmployee := map[string][]string{}
		var order []string
		for _, e := range entries {
			if byEmployee[e.Employee] == nil {
				order = append(order, e.Employee)
			}
			byEmployee[e.Employee] = append(byEmployee[e.Employee], e.Date.String()+" "+e.Shift)
		}
		audits := make([]AuditEntry, len(order))
		for i, nip := range order {
			audits[i] = AuditEntry{RosterName(nip), "set: " + strings.Join(byEmployee[nip], ", ")}
		}
		return tx.Audit(ctx, audits...)
	})
	if err != nil {
		return 0, err
	}
	return len(entries), nil
}

// ListRoster returns an employee's roster from from to to, by date, if the caller may see the
// employee.
func (a *App) ListRoster(ctx context.Context, nip string, from, to domain.Date) ([]RosterEntry, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return nil, err
	}
	if to.Before(from) {
		return nil, errs.Invalidf("end_date", "must not be before start_date (%s), got %s", from, to)
	}
	if from.DaysUntil(to) > MaxRosterSpan {
		return nil, errs.Invalidf("end_date", "must be at most %d days after start_date (%s), got %s", MaxRosterSpan, from, to)
	}
	if _, err := a.employeeFor(ctx, g, nip); err != nil {
		return nil, err
	}
	return a.repo.ListRoster(ctx, nip, from, to)
}

// ---- the expected day ----

// GetExpectedDay says whether d is a working day for employee nip and when work starts and
// ends, if the caller may see the employee. It returns the employee's calendar facts too (the
// time zone the times are in).
func (a *App) GetExpectedDay(ctx context.Context, nip string, d domain.Date) (domain.Expectation, domain.EmployeeCalendar, error) {
	g, err := resource.Grant(ctx)
	if err != nil {
		return domain.Expectation{}, domain.EmployeeCalendar{}, err
	}
	emp, err := a.employeeFor(ctx, g, nip)
	if err != nil {
		return domain.Expectation{}, domain.EmployeeCalendar{}, err
	}
	return a.Expectation(ctx, emp, d)
}

// Expectation builds emp's calendar around date d and returns what the calendar expects of them
// on d, with no authorization check (the caller has done it). The EmployeeCalendar has:
//   - Agency: the employee's agency, whose hours apply;
//   - Office and TimeZone: the agency's first office by id and its zone; no office and WIB when
//     the agency has none;
//   - ShiftWorker: the agency has shifts and the employee has roster entries within two months
//     of d;
//   - Roster: the entries of d-1, d and d+1, so that Calendar.ExpectedAt can weigh a night
//     shift begun the day before.
//
// The calendar used is the cached one; callers that need it (for ExpectedAt) read it with
// a.calendar.get.
func (a *App) Expectation(ctx context.Context, emp directory.Employee, d domain.Date) (domain.Expectation, domain.EmployeeCalendar, error) {
	cal, err := a.calendar.get(ctx)
	if err != nil {
		return domain.Expectation{}, domain.EmployeeCalendar{}, err
	}
	ec, err := a.employeeCalendar(ctx, cal, emp, d)
	if err != nil {
		return domain.Expectation{}, domain.EmployeeCalendar{}, err
	}
	return cal.Expected(ec, d), ec, nil
}

func (a *App) employeeCalendar(ctx context.Context, cal domain.Calendar, emp directory.Employee, d domain.Date) (domain.EmployeeCalendar, error) {
	ec := domain.EmployeeCalendar{Employee: emp.NIP, Agency: emp.Agency, TimeZone: domain.WIB}
	offices, err := a.repo.ListOffices(ctx, emp.Agency, "", 1)
	if err != nil {
		return ec, err
	}
	if len(offices) > 0 {
		ec.Office, ec.TimeZone = offices[0].ID, domain.TimeZone(offices[0].TimeZone.String())
	}
	if len(cal.Agencies[emp.Agency].Shifts) == 0 {
		return ec, nil
	}
	near, err := a.repo.ListRoster(ctx, emp.NIP, d.AddDays(-1), d.AddDays(1))
	if err != nil {
		return ec, err
	}
	if len(near) == 0 {
		wide, err := a.repo.ListRoster(ctx, emp.NIP, d.AddDays(-rosterWindow), d.AddDays(rosterWindow))
		if err != nil {
			return ec, err
		}
		if len(wide) == 0 {
			return ec, nil
		}
	}
	ec.ShiftWorker = true
	ec.Roster = make(domain.Roster, len(near))
	for _, e := range near {
		ec.Roster[e.Date] = e.Shift
	}
	return ec, nil
}
