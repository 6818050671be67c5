package store

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/simpeg-id/simpeg/platform/database"
	"github.com/simpeg-id/simpeg/platform/errs"
	"github.com/simpeg-id/simpeg/services/attendance/internal/app"
	"github.com/simpeg-id/simpeg/services/attendance/internal/domain"
)

// The working calendar and the offices: tables offices, holidays, work_schedules,
// ramadan_periods, shifts and roster (migrations/00001_calendar.sql).

// ---- offices ----

const officeCols = `id, display_name, agency, unit, latitude, longitude, radius_meters, time_zone, geofence_policy, version, create_time, update_time`

func scanOffice(sc database.Scanner) (app.Office, error) {
	var o app.Office
	var radius int64
	var zone, geofence string
	var created, updated int64
	if err := sc.Scan(&o.ID, &o.Name, &o.Agency, &o.Unit, &o.Lat, &o.Lon, &radius, &zone, &geofence, &o.Version, &created, &updated); err != nil {
		return o, err
	}
	o.RadiusMeters = float64(radius)
	o.TimeZone = domain.TimeZone(zone)
	o.Geofence = domain.GeofenceAction(geofence)
	o.Created, o.Updated = database.FromMicros(created), database.FromMicros(updated)
	return o, nil
}

func officeArgs(o app.Office) []any {
	return []any{o.Name, o.Agency, o.Unit, o.Lat, o.Lon, int64(math.Round(o.RadiusMeters)), o.TimeZone.String(), string(o.Geofence),
		o.Version, database.Micros(o.Created), database.Micros(o.Updated)}
}

func (r reader) GetOffice(ctx context.Context, id string) (app.Office, error) {
	return database.Get(ctx, r.q, "office", errs.NotFoundf("office %q does not exist", id), scanOffice, `SELECT `+officeCols+` FROM offices WHERE id = $1`+r.q.Lock, id)
}

// ListOffices returns up to limit offices with ids after after, in id order, of agency when it
// is set.
func (r reader) ListOffices(ctx context.Context, agency, after string, limit int) ([]app.Office, error) {
	q := `SELECT ` + officeCols + ` FROM offices WHERE id > $1`
	args := []any{after}
	if agency != "" {
		args = append(args, agency)
		q += ` AND agency = $2`
	}
	args = append(args, limit)
	q += fmt.Sprintf(` ORDER BY id LIMIT $%d`, len(args))
	out, err := database.Query(ctx, r.q, scanOffice, q, args...)
	if err != nil {
		return nil, fmt.Errorf("listing offices: %w", err)
	}
	return out, nil
}

func (t *txn) InsertOffice(ctx context.Context, o app.Office) error {
	_, err := t.tx.ExecContext(ctx, `INSERT INTO offices (id, `+strings.TrimPrefix(officeCols, "id, ")+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`, append([]any{o.ID}, officeArgs(o)...)...)
	return database.CheckInserted(err, "office", errs.Existsf("office %q already exists", o.ID))
}

// UpdateOffice stores o if its stored version is still o.Version-1; the agency and the
// creation time never change.
func (t *txn) UpdateOffice(ctx context.Context, o app.Office) error {
	return database.CheckUpdated(t.tx.ExecContext(ctx, `UPDATE offices SET display_name = $1, unit = $2, latitude = $3, longitude = $4,
			radius_meters = $5, time_zone = $6, geofence_policy = $7, version = $8, update_time = $9
		WHERE id = $10 AND version = $11`,
		o.Name, o.Unit, o.Lat, o.Lon, int64(math.Round(o.RadiusMeters)), o.TimeZone.String(), string(o.Geofence), o.Version,
		database.Micros(o.Updated), o.ID, o.Version-1))
}

// ---- holidays ----

func scanHoliday(sc database.Scanner) (domain.Holiday, error) {
	var date, name, kind string
	if err := sc.Scan(&date, &name, &kind); err != nil {
		return domain.Holiday{}, err
	}
	d, err := domain.ParseDate(date)
	if err != nil {
		return domain.Holiday{}, fmt.Errorf("stored holiday date: %w", err)
	}
	return domain.Holiday{Date: d, Name: name, Kind: domain.HolidayKind(kind)}, nil
}

func (r reader) ListHolidays(ctx context.Context, year int) ([]domain.Holiday, error) {
	from := domain.Date{Year: year, Month: time.January, Day: 1}
	to := domain.Date{Year: year, Month: time.December, Day: 31}
	out, err := database.Query(ctx, r.q, scanHoliday, `SELECT date, display_name, kind FROM holidays WHERE date >= $1 AND date <= $2 ORDER BY date`,
		from.String(), to.String())
	if err != nil {
		return nil, fmt.Errorf("listing holidays: %w", err)
	}
	return out, nil
}

// PutHolidays stores hs, replacing holidays on the same dates.
func (t *txn) PutHolidays(ctx context.Context, hs []domain.Holiday) error {
	for _, h := range hs {
		_, err := t.tx.ExecContext(ctx, `INSERT INTO holidays (date, display_name, kind) VALUES ($1, $2, $3)
			ON CONFLICT (date) DO UPDATE SET display_name = excluded.display_name, kind = excluded.kind`,
			h.Date.String(), h.Name, string(h.Kind))
		if err != nil {
			return fmt.Errorf("storing holiday %s: %w", h.Date, err)
		}
	}
	return nil
}

func (t *txn) DeleteHoliday(ctx context.Context, d domain.Date) (bool, error) {
	n, err := database.Affected(t.tx.ExecContext(ctx, `DELETE FROM holidays WHERE date = $1`, d.String()))
	if err != nil {
		return false, fmt.Errorf("deleting holiday: %w", err)
	}
	return n > 0, nil
}

// ---- working hours ----

// dayJSON is one weekday of a stored week; weeks are stored Monday first.
type dayJSON struct {
	Start int `json:"start"`
	Work  int `json:"work"`
	Break int `json:"break"`
}

// weekJSON encodes a week as seven days, Monday first; nil is JSON null.
func weekJSON(w *domain.WorkSchedule) (string, error) {
	if w == nil {
		return "null", nil
	}
	days := make([]dayJSON, 7)
	for i := range days {
		h := w.Days[time.Weekday((i+1)%7)]
		days[i] = dayJSON{Start: h.Start, Work: h.Work, Break: h.Break}
	}
	b, err := json.Marshal(days)
	if err != nil {
		return "", fmt.Errorf("encoding week: %w", err)
	}
	return string(b), nil
}

func parseWeek(s, name string) (*domain.WorkSchedule, error) {
	var days []dayJSON
	if err := json.Unmarshal([]byte(s), &days); err != nil {
		return nil, fmt.Errorf("decoding stored week: %w", err)
	}
	if days == nil {
		return nil, nil
	}
	if len(days) != 7 {
		return nil, fmt.Errorf("stored week has %d days, want 7", len(days))
	}
	w := &domain.WorkSchedule{Name: name}
	for i, d := range days {
		w.Days[time.Weekday((i+1)%7)] = domain.DayHours{Start: d.Start, Work: d.Work, Break: d.Break}
	}
	return w, nil
}

func scanSchedule(sc database.Scanner) (app.Schedule, error) {
	var s app.Schedule
	var regular, ramadan string
	if err := sc.Scan(&s.Agency, &regular, &ramadan, &s.Version); err != nil {
		return s, err
	}
	var err error
	if s.Regular, err = parseWeek(regular, s.Agency); err != nil {
		return s, err
	}
	if s.Ramadan, err = parseWeek(ramadan, s.Agency+"-ramadan"); err != nil {
		return s, err
	}
	return s, nil
}

func (r reader) GetSchedule(ctx context.Context, agency string) (app.Schedule, bool, error) {
	s, found, err := database.One(r.q.QueryRowContext(ctx, `SELECT agency, regular, ramadan, version FROM work_schedules WHERE agency = $1`+r.q.Lock, agency), scanSchedule)
	if err != nil {
		return app.Schedule{}, false, fmt.Errorf("reading work schedule: %w", err)
	}
	return s, found, nil
}

// PutSchedule stores an agency's hours with s.Version, replacing what it had.
func (t *txn) PutSchedule(ctx context.Context, s app.Schedule) error {
	regular, err := weekJSON(s.Regular)
	if err != nil {
		return err
	}
	ramadan, err := weekJSON(s.Ramadan)
	if err != nil {
		return err
	}
	_, err = t.tx.ExecContext(ctx, `INSERT INTO work_schedules (agency, regular, ramadan, version, update_time) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (agency) DO UPDATE SET regular = excluded.regular, ramadan = excluded.ramadan, version = excluded.version,
			update_time = excluded.update_time`,
		s.Agency, regular, ramadan, s.Version, database.Micros(time.Now()))
	if err != nil {
		return fmt.Errorf("storing work schedule: %w", err)
	}
	return nil
}

// ---- Ramadan ----

func (r reader) ListRamadan(ctx context.Context) ([]domain.RamadanPeriod, error) {
	out, err := database.Query(ctx, r.q, func(sc database.Scanner) (domain.RamadanPeriod, error) {
		var (
			p        domain.RamadanPeriod
			from, to string
			err      error
		)
		if err := sc.Scan(&from, &to); err != nil {
			return p, err
		}
		if p.From, err = domain.ParseDate(from); err != nil {
			return p, fmt.Errorf("stored ramadan start: %w", err)
		}
		if p.To, err = domain.ParseDate(to); err != nil {
			return p, fmt.Errorf("stored ramadan end: %w", err)
		}
		return p, nil
	}, `SELECT start_date, end_date FROM ramadan_periods ORDER BY year`)
	if err != nil {
		return nil, fmt.Errorf("listing ramadan periods: %w", err)
	}
	return out, nil
}

// PutRamadan stores p as the period of its start date's year, replacing that year's.
func (t *txn) PutRamadan(ctx context.Context, p domain.RamadanPeriod) error {
	_, err := t.tx.ExecContext(ctx, `INSERT INTO ramadan_periods (year, start_date, end_date) VALUES ($1, $2, $3)
		ON CONFLICT (year) DO UPDATE SET start_date = excluded.start_date, end_date = excluded.end_date`,
		p.From.Year, p.From.String(), p.To.String())
	if err != nil {
		return fmt.Errorf("storing ramadan period: %w", err)
	}
	return nil
}

// ---- shifts ----

const shiftCols = `agency, code, start_minute, work_minutes, break_minutes`

func scanShift(sc database.Scanner) (app.ShiftRecord, error) {
	var s app.ShiftRecord
	err := sc.Scan(&s.Agency, &s.Code, &s.Start, &s.Duration, &s.Break)
	return s, err
}

func (r reader) ListShifts(ctx context.Context, agency string) ([]app.ShiftRecord, error) {
	out, err := database.Query(ctx, r.q, scanShift, `SELECT `+shiftCols+` FROM shifts WHERE agency = $1 ORDER BY code`, agency)
	if err != nil {
		return nil, fmt.Errorf("listing shifts: %w", err)
	}
	return out, nil
}

func (t *txn) InsertShift(ctx context.Context, s app.ShiftRecord) error {
	_, err := t.tx.ExecContext(ctx, `INSERT INTO shifts (`+shiftCols+`) VALUES ($1, $2, $3, $4, $5)`,
		s.Agency, s.Code, s.Start, s.Duration, s.Break)
	return database.CheckInserted(err, "shift", errs.Existsf("agency %s already has a shift %q", s.Agency, s.Code))
}

// ---- roster ----

func (r reader) ListRoster(ctx context.Context, employee string, from, to domain.Date) ([]app.RosterEntry, error) {
	out, err := database.Query(ctx, r.q, scanRosterEntry, `SELECT employee, date, shift FROM roster
		WHERE employee = $1 AND date >= $2 AND date <= $3 ORDER BY date`, employee, from.String(), to.String())
	if err != nil {
		return nil, fmt.Errorf("listing roster: %w", err)
	}
	return out, nil
}

func scanRosterEntry(sc database.Scanner) (app.RosterEntry, error) {
	var e app.RosterEntry
	var date string
	if err := sc.Scan(&e.Employee, &date, &e.Shift); err != nil {
		return e, err
	}
	d, err := domain.ParseDate(date)
	if err != nil {
		return e, fmt.Errorf("stored roster date: %w", err)
	}
	e.Date = d
	return e, nil
}

// PutRoster stores entries, replacing those of the same employee and date; of two entries for
// one employee and date the later wins.
func (t *txn) PutRoster(ctx context.Context, entries []app.RosterEntry) error {
	type key struct {
		employee string
		date     domain.Date
	}
	last := make(map[key]int, len(entries))
	for i, e := range entries {
		last[key{e.Employee, e.Date}] = i
	}
	const cols = 3
	var args []any // cols a row
	for i, e := range entries {
		if last[key{e.Employee, e.Date}] == i {
			args = append(args, e.Employee, e.Date.String(), e.Shift)
		}
	}
	err := database.Chunks(args, database.DefaultBatch*cols, func(part []any) error {
		_, err := t.tx.ExecContext(ctx, `INSERT INTO roster (employee, date, shift) VALUES `+database.Values(1, len(part)/cols, cols)+`
			ON CONFLICT (employee, date) DO UPDATE SET shift = excluded.shift`, part...)
		return err
	})
	if err != nil {
		return fmt.Errorf("storing roster: %w", err)
	}
	return nil
}

// ---- the whole calendar ----

// Calendar loads the working calendar: every holiday, every Ramadan period, and the hours and
// shifts of each agency that has its own.
func (r reader) Calendar(ctx context.Context) (domain.Calendar, error) {
	var cal domain.Calendar
	list, err := database.Query(ctx, r.q, scanHoliday, `SELECT date, display_name, kind FROM holidays ORDER BY date`)
	if err != nil {
		return cal, fmt.Errorf("reading holidays: %w", err)
	}
	if cal.Holidays, err = domain.NewHolidays(list...); err != nil {
		return cal, fmt.Errorf("stored holidays: %w", err)
	}
	if cal.Ramadan, err = r.ListRamadan(ctx); err != nil {
		return cal, err
	}
	if cal.Agencies, err = r.agencyHours(ctx); err != nil {
		return cal, err
	}
	shifts, err := database.Query(ctx, r.q, scanShift, `SELECT `+shiftCols+` FROM shifts ORDER BY agency, code`)
	if err != nil {
		return cal, fmt.Errorf("reading shifts: %w", err)
	}
	for _, s := range shifts {
		h := cal.Agencies[s.Agency]
		if h.Shifts == nil {
			h.Shifts = map[string]domain.Shift{}
		}
		h.Shifts[s.Code] = s.Shift
		cal.Agencies[s.Agency] = h
	}
	return cal, nil
}

// agencyHours returns the stored schedules of the agencies that have one.
func (r reader) agencyHours(ctx context.Context) (map[string]domain.AgencyHours, error) {
	out := map[string]domain.AgencyHours{}
	err := database.QueryEach(ctx, r.q, func(sc database.Scanner) error {
		s, err := scanSchedule(sc)
		if err != nil {
			return err
		}
		out[s.Agency] = domain.AgencyHours{Regular: s.Regular, Ramadan: s.Ramadan}
		return nil
	}, `SELECT agency, regular, ramadan, version FROM work_schedules ORDER BY agency`)
	if err != nil {
		return nil, fmt.Errorf("reading work schedules: %w", err)
	}
	return out, nil
}
