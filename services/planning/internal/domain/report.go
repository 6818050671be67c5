package domain

import (
	"fmt"
	"time"
)

// MonthlyReport is an agency's monthly report (issue 12 §3): the plan's progress, the headcount
// and its changes, JP, attendance and evaluation figures of one month, generated as a CSV file
// and a printable HTML page the city archives, each with its SHA-256.
type MonthlyReport struct {
	Agency      string
	Month       Month
	Generated   time.Time
	GeneratedBy string // "schedule" or the caller's subject
	CSV, HTML   []byte
	CSVSHA256   string // hex
	HTMLSHA256  string // hex
}

// ReportBySchedule is the GeneratedBy of a report the schedule generated.
const ReportBySchedule = "schedule"

// Month is a calendar month.
type Month struct {
	Year  int
	Month time.Month
}

// ParseMonth reads "YYYY-MM".
func ParseMonth(s string) (Month, error) {
	t, err := time.Parse("2006-01", s)
	if err != nil {
		return Month{}, fmt.Errorf("must be a month YYYY-MM, got %q", s)
	}
	return Month{t.Year(), t.Month()}, nil
}

// MonthOf returns the month of day d.
func MonthOf(d Date) Month { return Month{d.Year(), d.Month()} }

func (m Month) String() string { return fmt.Sprintf("%04d-%02d", m.Year, int(m.Month)) }

// IsZero reports whether m is not set.
func (m Month) IsZero() bool { return m.Year == 0 }

// First is the month's first day.
func (m Month) First() Date { return Date{time.Date(m.Year, m.Month, 1, 0, 0, 0, 0, time.UTC)} }

// Last is the month's last day.
func (m Month) Last() Date { return Date{m.First().AddDate(0, 1, -1)} }

// Next is the month after m.
func (m Month) Next() Month { return MonthOf(Date{m.First().AddDate(0, 1, 0)}) }

// Prev is the month before m.
func (m Month) Prev() Month { return MonthOf(Date{m.First().AddDate(0, -1, 0)}) }

// Before reports whether m is before o.
func (m Month) Before(o Month) bool {
	return m.Year < o.Year || (m.Year == o.Year && m.Month < o.Month)
}

// MonthNames are the months' names in Bahasa Indonesia, January first.
var MonthNames = [12]string{"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
	"Agustus", "September", "Oktober", "November", "Desember"}

// Label is the month as Indonesian readers write it, e.g. "Oktober 2026".
func (m Month) Label() string { return fmt.Sprintf("%s %d", MonthNames[m.Month-1], m.Year) }
