package domain

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/simpeg-id/simpeg/platform/errs"
)

// How holiday dates get into the calendar.
//
// Only the fixed-date national holidays are code (FixedNationalHolidays). Every other holiday
// follows a lunar or lunisolar calendar or a yearly choice (Idul Fitri, Idul Adha, Tahun Baru
// Islam, Maulid Nabi, Isra Mikraj, Imlek, Nyepi, Waisak, Wafat and Kenaikan Yesus Kristus) and
// so do the collective leave days (cuti bersama): the government publishes them once a year in
// a joint decree of three ministers (SKB 3 Menteri: Religious Affairs, Manpower, and
// Administrative and Bureaucratic Reform), sometimes amended during the year. City HR loads
// the decree's list for the year, as CSV (ParseHolidaysCSV) or JSON (ParseHolidaysJSON), and
// the year's set replaces the previous one (Holidays.ReplaceYear). Nothing here guesses those
// dates. Likewise the Ramadan period, whose working hours differ, is data (RamadanPeriod).

// HolidayKind distinguishes a national holiday from a collective leave day.
type HolidayKind string

// The holiday kinds.
const (
	// NationalHoliday is a public holiday (hari libur nasional).
	NationalHoliday HolidayKind = "national"
	// CollectiveLeave is a collective leave day (cuti bersama) set by the yearly decree. It is
	// not a working day for employees on the regular schedule; whether it reduces annual leave
	// is Policy.CollectiveLeaveReducesAnnual.
	CollectiveLeave HolidayKind = "collective"
)

// maxHolidayName bounds a holiday's name, in characters.
const maxHolidayName = 200

// Holiday is a national holiday or collective leave day.
type Holiday struct {
	Date Date
	Name string
	Kind HolidayKind
}

// Validate checks one holiday, naming the fields date, name and kind.
func (h Holiday) Validate() error {
	var v errs.Violations
	h.validate(&v, "")
	return v.Err()
}

func (h Holiday) validate(v *errs.Violations, prefix string) {
	if h.Date.IsZero() {
		v.Add(prefix+"date", "is required")
	} else if _, err := ParseDate(h.Date.String()); err != nil || h.Date.Year < 1 || h.Date.Year > 9999 {
		v.Add(prefix+"date", "must be a real date, got %d-%d-%d", h.Date.Year, h.Date.Month, h.Date.Day)
	}
	if n := strings.TrimSpace(h.Name); n == "" {
		v.Add(prefix+"name", "is required")
	} else if utf8.RuneCountInString(n) > maxHolidayName {
		v.Add(prefix+"name", "must be at most %d characters", maxHolidayName)
	}
	if h.Kind != NationalHoliday && h.Kind != CollectiveLeave {
		v.Add(prefix+"kind", "must be %q or %q, got %q", NationalHoliday, CollectiveLeave, h.Kind)
	}
}

// FixedNationalHolidays returns the national holidays that fall on the same date every year:
// Tahun Baru Masehi (1 January), Hari Buruh Internasional (1 May, a holiday since 2014), Hari
// Lahir Pancasila (1 June, since 2017), Hari Proklamasi Kemerdekaan (17 August) and Hari Raya
// Natal (25 December). The other holidays and the collective leave days come from the yearly
// decree, as data: see ParseHolidaysCSV.
func FixedNationalHolidays(year int) []Holiday {
	out := []Holiday{{Date{year, time.January, 1}, "Tahun Baru Masehi", NationalHoliday}}
	if year >= 2014 {
		out = append(out, Holiday{Date{year, time.May, 1}, "Hari Buruh Internasional", NationalHoliday})
	}
	if year >= 2017 {
		out = append(out, Holiday{Date{year, time.June, 1}, "Hari Lahir Pancasila", NationalHoliday})
	}
	return append(out,
		Holiday{Date{year, time.August, 17}, "Hari Proklamasi Kemerdekaan Republik Indonesia", NationalHoliday},
		Holiday{Date{year, time.December, 25}, "Hari Raya Natal", NationalHoliday},
	)
}

// Holidays is a set of holidays, looked up by date and managed a year at a time. It is a value:
// ReplaceYear returns a new set and never changes the receiver, so a Holidays can be shared
// between goroutines. The zero Holidays is empty and ready to use.
type Holidays struct {
	byDate map[Date]Holiday
}

// NewHolidays builds a set from a list (which may span years). Entries on the same date are
// merged: a national holiday wins over a collective leave day, and two names of the same kind
// are joined ("Hari Raya Nyepi / Idul Fitri"). Invalid entries are reported as
// holidays[i].date, holidays[i].name, holidays[i].kind.
func NewHolidays(list ...Holiday) (Holidays, error) {
	var v errs.Violations
	for i, h := range list {
		h.validate(&v, fmt.Sprintf("holidays[%d].", i))
	}
	if err := v.Err(); err != nil {
		return Holidays{}, err
	}
	m := make(map[Date]Holiday, len(list))
	for _, h := range list {
		m[h.Date] = merge(m[h.Date], h)
	}
	return Holidays{byDate: m}, nil
}

func merge(old, h Holiday) Holiday {
	h.Name = strings.TrimSpace(h.Name)
	switch {
	case old.Date.IsZero():
		return h
	case old.Kind != h.Kind:
		if old.Kind == NationalHoliday {
			return old
		}
		return h
	default:
		for _, n := range strings.Split(old.Name, nameSeparator) {
			if strings.EqualFold(n, h.Name) {
				return old
			}
		}
		old.Name += nameSeparator + h.Name
		return old
	}
}

// nameSeparator joins the names of two holidays on one date.
const nameSeparator = " / "

// ReplaceYear returns a copy of the set with year's holidays replaced by list: the way a
// year's decree (or its amendment) is loaded. Every entry must fall in year.
func (h Holidays) ReplaceYear(year int, list []Holiday) (Holidays, error) {
	var v errs.Violations
	for i, x := range list {
		x.validate(&v, fmt.Sprintf("holidays[%d].", i))
		if !x.Date.IsZero() && x.Date.Year != year {
			v.Add(fmt.Sprintf("holidays[%d].date", i), "must be in %d, got %s", year, x.Date)
		}
	}
	if err := v.Err(); err != nil {
		return Holidays{}, err
	}
	m := make(map[Date]Holiday, len(h.byDate)+len(list))
	for d, x := range h.byDate {
		if d.Year != year {
			m[d] = x
		}
	}
	for _, x := range list {
		m[x.Date] = merge(m[x.Date], x)
	}
	return Holidays{byDate: m}, nil
}

// On returns the holiday on d, if any.
func (h Holidays) On(d Date) (Holiday, bool) {
	x, ok := h.byDate[d]
	return x, ok
}

// Year returns year's holidays in date order.
func (h Holidays) Year(year int) []Holiday {
	var out []Holiday
	for d, x := range h.byDate {
		if d.Year == year {
			out = append(out, x)
		}
	}
	slices.SortFunc(out, func(a, b Holiday) int { return a.Date.Compare(b.Date) })
	return out
}

// Years returns the years that have at least one holiday, in order. A year missing here has
// not been loaded: only its weekends are non-working days.
func (h Holidays) Years() []int {
	seen := map[int]bool{}
	for d := range h.byDate {
		seen[d.Year] = true
	}
	return slices.Sorted(maps.Keys(seen))
}

// Between returns the holidays from from to to inclusive, in date order; filter by Kind for the
// collective leave days in a leave request.
func (h Holidays) Between(from, to Date) []Holiday {
	var out []Holiday
	for d, x := range h.byDate {
		if !d.Before(from) && !d.After(to) {
			out = append(out, x)
		}
	}
	slices.SortFunc(out, func(a, b Holiday) int { return a.Date.Compare(b.Date) })
	return out
}

// Len returns the number of holiday dates in the set.
func (h Holidays) Len() int { return len(h.byDate) }

// maxImportViolations bounds the violations an import reports; a file wrong on every line
// says enough in its first ones.
const maxImportViolations = 50

// ParseHolidaysCSV reads holidays from CSV with a header row naming the columns date, name and
// kind (in any order, any case; other columns are ignored), one holiday a row:
//
//	date,name,kind
//	2026-01-01,Tahun Baru Masehi,national
//	2026-03-23,Cuti bersama Idul Fitri,collective
//
// date is YYYY-MM-DD and kind is national or collective. Errors are Invalid, each violation
// naming the line and column, e.g. "line 3, column 1 (date): must be a date YYYY-MM-DD".
// Entries are not merged or checked against each other: NewHolidays and ReplaceYear do that.
func ParseHolidaysCSV(r io.Reader) ([]Holiday, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, errs.Invalidf("line 1", "a header row date,name,kind is required; the file is empty")
	}
	if err != nil {
		return nil, csvError(err)
	}
	cols := map[string]int{}
	for i, name := range header {
		name = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(name, "\ufeff")))
		if _, dup := cols[name]; dup && (name == "date" || name == "name" || name == "kind") {
			return nil, errs.Invalidf(fmt.Sprintf("line 1, column %d", i+1), "column %q appears twice", name)
		}
		cols[name] = i
	}
	var v errs.Violations
	for _, want := range []string{"date", "name", "kind"} {
		if _, ok := cols[want]; !ok {
			v.Add("line 1", "the header must name the columns date, name and kind; %q is missing", want)
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	var out []Holiday
	for len(v) < maxImportViolations {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			v = append(v, csvViolation(err))
			break
		}
		line, _ := cr.FieldPos(0)
		cell := func(name string) (string, bool) {
			i := cols[name]
			if i >= len(rec) {
				v.Add(fmt.Sprintf("line %d, column %d (%s)", line, i+1, name), "is missing: the row has %d columns", len(rec))
				return "", false
			}
			return strings.TrimSpace(rec[i]), true
		}
		at := func(name string) string {
			l, _ := cr.FieldPos(cols[name])
			return fmt.Sprintf("line %d, column %d (%s)", l, cols[name]+1, name)
		}
		var h Holiday
		if s, ok := cell("date"); ok {
			d, err := ParseDate(s)
			if err != nil {
				v.Add(at("date"), "%v", err)
			}
			h.Date = d
		}
		if s, ok := cell("name"); ok {
			h.Name = s
			if s == "" {
				v.Add(at("name"), "is required")
			} else if utf8.RuneCountInString(s) > maxHolidayName {
				v.Add(at("name"), "must be at most %d characters", maxHolidayName)
			}
		}
		if s, ok := cell("kind"); ok {
			h.Kind = HolidayKind(strings.ToLower(s))
			if h.Kind != NationalHoliday && h.Kind != CollectiveLeave {
				v.Add(at("kind"), "must be %q or %q, got %q", NationalHoliday, CollectiveLeave, s)
			}
		}
		out = append(out, h)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

func csvViolation(err error) errs.FieldViolation {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return errs.FieldViolation{Field: fmt.Sprintf("line %d, column %d", pe.Line, pe.Column), Description: pe.Err.Error()}
	}
	return errs.FieldViolation{Field: "file", Description: err.Error()}
}

func csvError(err error) error { return errs.Violations{csvViolation(err)}.Err() }

// holidayJSON is the JSON form of a holiday.
type holidayJSON struct {
	Date string `json:"date"`
	Name string `json:"name"`
	Kind string `json:"kind"`
}

// ParseHolidaysJSON reads holidays from JSON: either an array of objects or an object with
// such an array under "holidays":
//
//	[{"date": "2026-01-01", "name": "Tahun Baru Masehi", "kind": "national"}]
//
// Unknown fields are refused. Errors are Invalid, naming holidays[i].date and so on.
func ParseHolidaysJSON(r io.Reader) ([]Holiday, error) {
	raw, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read holidays: %w", err)
	}
	raw = bytes.TrimSpace(bytes.TrimPrefix(raw, []byte("\ufeff")))
	var list []holidayJSON
	if len(raw) > 0 && raw[0] == '{' {
		var wrapped struct {
			Holidays []holidayJSON `json:"holidays"`
		}
		err = strictJSON(raw, &wrapped)
		list = wrapped.Holidays
	} else {
		err = strictJSON(raw, &list)
	}
	if err != nil {
		return nil, errs.Invalidf("holidays", "must be a JSON array of {\"date\", \"name\", \"kind\"} objects: %v", err)
	}
	var v errs.Violations
	out := make([]Holiday, 0, len(list))
	for i, x := range list {
		prefix := fmt.Sprintf("holidays[%d].", i)
		h := Holiday{Name: strings.TrimSpace(x.Name), Kind: HolidayKind(strings.ToLower(strings.TrimSpace(x.Kind)))}
		d, err := ParseDate(strings.TrimSpace(x.Date))
		if err != nil {
			v.Add(prefix+"date", "%v", err)
		} else {
			h.Date = d
		}
		if len(v) < maxImportViolations {
			var hv errs.Violations
			h.validate(&hv, prefix)
			for _, fv := range hv {
				if err == nil || fv.Field != prefix+"date" {
					v = append(v, fv)
				}
			}
		}
		out = append(out, h)
	}
	if len(v) > maxImportViolations {
		v = v[:maxImportViolations]
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

func strictJSON(raw []byte, dst any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("unexpected data after the JSON value")
	}
	return nil
}

// WithFixedNationalHolidays returns h with the fixed-date national holidays of years added on
// every date that has no holiday stored. They hold by law every year, so no one has to enter
// them; a stored holiday on the same date (a decree naming it) wins.
func WithFixedNationalHolidays(h Holidays, years ...int) Holidays {
	var all []Holiday
	for _, y := range h.Years() {
		all = append(all, h.Year(y)...)
	}
	added := false
	for _, y := range years {
		for _, f := range FixedNationalHolidays(y) {
			if _, ok := h.On(f.Date); !ok {
				all = append(all, f)
				added = true
			}
		}
	}
	if !added {
		return h
	}
	out, err := NewHolidays(all...)
	if err != nil {
		return h // the fixed dates are valid and new; keep what was stored
	}
	return out
}
