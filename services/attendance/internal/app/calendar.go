package app

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/simpeg-id/simpeg/platform/auth"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/platform/resource"
	"github.com/simpeg-id/simpeg/services/attendance/internal/domain"
)

// The working calendar's use cases: holidays, working hours and Ramadan periods here, offices in
// offices.go, shifts, rosters and the expected day in roster.go.

// RamadanName is the resource name of a year's Ramadan period.
func RamadanName(year int) string { return "ramadanPeriods/" + strconv.Itoa(year) }

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

var holidayFields = fieldMap(map[string]string{"name": "display_name"})

// CreateHoliday adds a national holiday or collective leave day on a date that has none. Only a
// city-wide caller may change holidays. In the same transaction, approved leave that included
// the date on a day not yet taken is recounted (recountLeave).
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
		before, err := tx.Calendar(ctx)
		if err != nil {
			return err
		}
		if err := tx.PutHolidays(ctx, []domain.Holiday{h}); err != nil {
			return err
		}
		recounted, err := a.recountLeave(ctx, tx, g, before, []domain.Holiday{h})
		if err != nil {
			return err
		}
		return tx.Audit(ctx, append([]AuditEntry{{Resource: HolidayName(h.Date), Detail: fmt.Sprintf("created: %s (%s)", h.Name, h.Kind)}}, recounted...)...)
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

// DeleteHoliday removes the holiday on d. Approved leave that includes d is not recounted:
// DOMAIN.md recounts leave for new non-working days only, and a longer request would take days
// the employee may no longer have (see domain.LeaveRecounted).
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
		return tx.Audit(ctx, AuditEntry{Resource: HolidayName(d), Detail: "deleted"})
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
// merged (domain.NewHolidays). In the same transaction, approved leave that included one of the
// dates on a day not yet taken is recounted (recountLeave). It returns the holidays now stored
// for the file's dates, in date order.
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
		before, err := tx.Calendar(ctx)
		if err != nil {
			return err
		}
		if err := tx.PutHolidays(ctx, out); err != nil {
			return err
		}
		recounted, err := a.recountLeave(ctx, tx, g, before, out)
		if err != nil {
			return err
		}
		entries := make([]AuditEntry, len(out), len(out)+len(recounted))
		for i, h := range out {
			entries[i] = AuditEntry{Resource: HolidayName(h.Date), Detail: fmt.Sprintf("imported: %s (%s)", h.Name, h.Kind)}
		}
		return tx.Audit(ctx, append(entries, recounted...)...)
	})
	if err != nil {
		return nil, err
	}
	a.calendar.invalidate()
	return out, nil
}

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
		return tx.Audit(ctx, AuditEntry{Resource: ScheduleName(s.Agency), Detail: fmt.Sprintf("updated: regular %s; ramadan %s", weekDetail(s.Regular), weekDetail(s.Ramadan))})
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
		return tx.Audit(ctx, AuditEntry{Resource: RamadanName(p.From.Year), Detail: fmt.Sprintf("set: %s to %s", p.From, p.To)})
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
